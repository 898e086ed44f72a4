#include "rules/lifetime/clinging_argument.h"

#include <algorithm>

#include <fmt/format.h>

#include "analyzer/flow.h"
#include "analyzer/semantic.h"
#include "analyzer/source.h"
#include "analyzer/values.h"
#include "rules/lifetime/lifetime_util.h"

namespace pml {

namespace {

const RuleInfo kInfo{
    "MEM102",
    "clinging-argument",
    "A large local passed as its last use into a call whose result feeds another large call keeps it alive",
    FixAvailability::Sometimes,
    true,
    {
        R"(Finds a name bound to a large value whose last use is as an argument of a call `f(name)`,
when the result of that call goes straight into another call that builds a large value in the
same statement (`return g(f(data))`, `out = g(f(data), axis=0)`, `f(data).g()`). The name holds
the value until the statement ends, so it is still alive while `g` runs.

Not reported: everything MEM101 leaves alone (parameters, small values, views, escaped values,
captured, global or nonlocal names, scopes that call `locals()`, `vars()`, `eval`, `exec` or
`dir()`, get their own frame (`sys._getframe()`, `inspect.currentframe()`) or evaluate a pandas or
numexpr expression string); a call that is not always evaluated (inside a conditional expression, `and`/`or`, a
comparison chain, a comprehension or a lambda); a statement that reads the name twice; and a last
use that MEM101 already reports (a later statement also allocates while the name is bound): that
name and place are MEM101's, whose `del` after the statement is the simpler fix.)",
        R"(While `g` runs, three values may be alive: the input, `f`'s result and `g`'s result. The input
is dead (nothing reads it again) but the name still refers to it, so it cannot be freed until the
statement has finished. Rebinding the name to `f`'s result drops the input before `g` starts.)",
        R"(import pandas as pd
from pipeline import clean, featurize

def load_features(path):
    data = pd.read_parquet(path)
    return featurize(clean(data))   # data stays alive while featurize runs)",
        R"(import pandas as pd
from pipeline import clean, featurize

def load_features(path):
    data = pd.read_parquet(path)
    data = clean(data)
    return featurize(data))",
        R"(The fix moves the inner call to its own statement before, rebinding the name to its result, and
passes the name in its place. That moves the inner call before whatever the statement evaluated
ahead of it (the outer callee, the arguments to its left). The fix is safe in a function when
all of that is plain: literals, imported names and their attributes (`np.concatenate`), builtins,
and local names certainly bound there; otherwise (a method of a local object, a global variable,
anything that may run code or be changed by the inner call), and at module level, it is unsafe.)",
        R"(`min-bytes`: statically sized values smaller than this are not large (default 1 MiB).)",
        R"(https://docs.python.org/3/reference/expressions.html#evaluation-order
https://docs.python.org/3/reference/simple_stmts.html#assignment-statements)",
    },
    /*unknown_sizes_in_tests=*/false};

constexpr Kind kKinds[] = {Kind::Module, Kind::FunctionDefinition};

// Whether evaluating `expr` earlier or later than a call cannot change anything: literals, imported
// names and builtins with their attributes, and local names certainly bound at `node` that no
// nested scope can rebind.
bool plain(TSNode expr, const Context& ctx, const ScopeFlow& flow, uint32_t node) {
  const SemanticModel& model = ctx.model();
  expr = strip_parens(expr);
  if (is_scalar_literal(kind_of(expr))) return true;
  switch (kind_of(expr)) {
    case Kind::String:
      for (uint32_t i = 0; i < named_child_count(expr); ++i)
        if (is(named_child(expr, i), Kind::Interpolation)) return false;
      return true;
    case Kind::KeywordArgument:
      return plain(child_by_field(expr, Field::Value), ctx, flow, node);
    case Kind::Attribute:
      return !ctx.qualified_name(expr).empty();  // an attribute of an imported module or a builtin
    case Kind::Identifier: {
      if (!ctx.qualified_name(expr).empty()) return true;  // an import or a builtin
      std::string_view name = ctx.text_of(expr);
      const Binding* b = model.resolve(name, ctx.scope(), ts_node_start_byte(expr));
      if (!b) return false;
      if (b->scope != ctx.scope()) {
        // A function or class defined once in an enclosing scope that nothing declares global.
        if (b->kind != BindingKind::FunctionDef && b->kind != BindingKind::ClassDef) return false;
        if (model.bindings_of(name, b->scope).size() != 1) return false;
        return !model.declared_global_or_nonlocal(name);
      }
      if (model.used_by_nested_scope(name, ctx.scope())) return false;
      auto n = flow.name_index(name);
      return n && flow.bound_in(node).test(*n);
    }
    default:
      return false;
  }
}

// Whether a call of `callee` presumably returns a new value that does not hold its arguments: a
// function (not a method of an object, which may return a wrapper holding them, such as
// `s.groupby(key)`), not a builtin (`len`, `iter`), not a numpy or pandas function the producer
// table does not know (`np.atleast_1d` may return its input), and not `cls`.
bool plain_function(TSNode callee, const Context& ctx) {
  const std::string& q = ctx.qualified_name(callee);
  if (q.rfind("builtins.", 0) == 0 || q.rfind("numpy", 0) == 0 || q.rfind("pandas", 0) == 0) return false;
  if (is(callee, Kind::Attribute)) return !q.empty();  // a function of an imported module
  if (!is(callee, Kind::Identifier)) return false;
  if (!q.empty()) return true;
  std::string_view name = ctx.text_of(callee);
  if (name == "cls") return false;
  const Binding* b = ctx.model().resolve(name, ctx.scope(), ts_node_start_byte(callee));
  return b && (b->kind == BindingKind::FunctionDef || b->kind == BindingKind::Parameter);
}

// For the call `inner` in statement `stmt`: the call whose argument (or method receiver) it is,
// when every expression from `inner` up to the statement always evaluates it. Null otherwise.
// `*plain_before` tells whether everything evaluated before `inner` in the statement is plain.
TSNode outer_call(TSNode inner, TSNode stmt, const Context& ctx, const ScopeFlow& flow, uint32_t node,
                  bool* plain_before) {
  *plain_before = true;
  TSNode parent = parent_of(inner);
  TSNode outer{};
  if (is(parent, Kind::KeywordArgument)) parent = parent_of(parent);
  if (is(parent, Kind::ArgumentList)) {
    outer = parent_of(parent);
  } else if (is(parent, Kind::Attribute) && ts_node_eq(child_by_field(parent, Field::Object), inner)) {
    TSNode call = parent_of(parent);
    if (is(call, Kind::Call) && ts_node_eq(child_by_field(call, Field::Function), parent)) outer = call;
  }
  if (!is(outer, Kind::Call)) return TSNode{};
  uint32_t inner_start = ts_node_start_byte(inner);
  for (TSNode child = inner, a = parent_of(inner); !ts_node_is_null(a); child = a, a = parent_of(a)) {
    Kind k = kind_of(a);
    bool assignment = k == Kind::Assignment;
    if (assignment && !ts_node_eq(child_by_field(a, Field::Right), child)) return TSNode{};
    if (k != Kind::ArgumentList && k != Kind::KeywordArgument && k != Kind::Call && k != Kind::Attribute &&
        k != Kind::ParenthesizedExpression && k != Kind::BinaryOperator && k != Kind::UnaryOperator &&
        k != Kind::Tuple && k != Kind::List && k != Kind::ExpressionList && !assignment &&
        k != Kind::ReturnStatement && k != Kind::ExpressionStatement)
      return TSNode{};
    // What `a` evaluates before `child` (an assignment's targets come after its value; a keyword's
    // name is not evaluated).
    if (!assignment && k != Kind::KeywordArgument) {
      for (uint32_t i = 0; i < named_child_count(a); ++i) {
        TSNode c = named_child(a, i);
        if (ts_node_end_byte(c) > inner_start) break;
        if (!is(c, Kind::Comment) && !plain(c, ctx, flow, node)) *plain_before = false;
      }
    }
    if (ts_node_eq(a, stmt)) return outer;
  }
  return TSNode{};
}

}  // namespace

const RuleInfo& ClingingArgument::info() const { return kInfo; }
std::span<const Kind> ClingingArgument::kinds() const { return kKinds; }

void ClingingArgument::check(TSNode node, Context& ctx) const {
  const SemanticModel& model = ctx.model();
  uint32_t scope_id = ctx.scope();
  const Scope& scope = model.scope(scope_id);
  auto lifetime = lifetime_scope(node, ctx);
  if (!lifetime) return;
  const std::vector<uint32_t>& candidates = *lifetime->candidates;
  const ScopeFlow& flow = *lifetime->flow;
  TSNode scope_body = lifetime->body;

  for (uint32_t b : candidates) {
    const Binding& binding = model.bindings()[b];
    auto dead = analyze_dead_value(b, flow, scope_body, ctx);
    if (!dead) continue;
    auto n = flow.name_index(binding.name);
    for (uint32_t u : dead->use_nodes) {
      const FlowNode& fn = flow.nodes()[u];
      if (fn.type != FlowNode::Type::Statement) continue;
      // The outer call's value is kept (returned or assigned): a discarded result, such as
      // `assert_allclose(f(a), b)` or `lst.append(f(a))`, is not known to be large.
      if (!is(fn.stmt, Kind::ReturnStatement) &&
          !(is(fn.stmt, Kind::ExpressionStatement) && is(named_child(fn.stmt, 0), Kind::Assignment)))
        continue;
      // The statement reads the name exactly once, and only this binding's value reaches it.
      TSNode ref{};
      int reads = 0;
      for (uint32_t r : flow.reads_in(u))
        if (model.references()[r].name == binding.name) ++reads, ref = model.references()[r].node;
      if (reads != 1 || model.binding_of_node(ref) != static_cast<int32_t>(b)) continue;
      std::vector<uint32_t> reaching = flow.reaching_bindings(u, *n);
      if (reaching.size() != 1 || reaching[0] != b) continue;
      // MEM101 reports this very use: its `del` comes first (see the documentation).
      if (dead->overlap >= 0 && ts_node_eq(dead->last_ref, ref)) continue;

      // `ref` is an argument of `inner`, whose result is an argument or receiver of `outer`.
      TSNode parent = parent_of(ref);
      if (is(parent, Kind::KeywordArgument)) {
        if (!ts_node_eq(child_by_field(parent, Field::Value), ref)) continue;
        parent = parent_of(parent);
      }
      if (!is(parent, Kind::ArgumentList)) continue;
      TSNode inner = parent_of(parent);
      if (!is(inner, Kind::Call)) continue;
      bool plain_before = false;
      TSNode outer = outer_call(inner, fn.stmt, ctx, flow, u, &plain_before);
      if (ts_node_is_null(outer)) continue;
      ValueFacts inner_facts = ctx.values().of_expression(inner, scope_id);
      if (inner_facts.is_view || (inner_facts.producer && inner_facts.producer->shares_input)) continue;
      if (!inner_facts.fresh && !plain_function(child_by_field(inner, Field::Function), ctx)) continue;
      // Builtins: the outer one consumes an iterator (list, next, set) that may hold the input; an
      // inner one makes a small value (len, repr) that the name should not be rebound to.
      if (ctx.qualified_name(child_by_field(outer, Field::Function)).rfind("builtins.", 0) == 0) continue;
      ValueFacts outer_facts = ctx.values().of_expression(outer, scope_id);
      if (!outer_facts.large || outer_facts.is_view) continue;

      const ValueFacts& facts = ctx.values().of_binding(b);
      auto bytes = facts.bytes();
      std::string size = bytes ? fmt::format(" ({})", format_bytes(*bytes)) : std::string();
      auto short_text = [&](TSNode call) {
        TSNode callee = child_by_field(call, Field::Function);
        std::string_view fn_text = ctx.text_of(callee);
        if (is(callee, Kind::Attribute) && fn_text.find('(') != std::string_view::npos)
          return fmt::format(".{}", ctx.text_of(child_by_field(callee, Field::AttributeField)));
        if (fn_text.size() > 40 || fn_text.find_first_of("\r\n") != std::string_view::npos) return std::string("...");
        return std::string(fn_text);
      };
      std::string message = fmt::format(
          "`{}`{} is not used after this call, but the name keeps it alive while `{}(...)` runs on the result; "
          "rebind it first: `{} = {}(...)`",
          binding.name, size, short_text(outer), binding.name, short_text(inner));

      // The fix: `name = inner` on its own line before the statement, and `name` in its place.
      std::optional<Fix> fix;
      if (auto indent = statement_indent(fn.stmt, ctx)) {
        uint32_t s = ts_node_start_byte(fn.stmt), is_ = ts_node_start_byte(inner), ie = ts_node_end_byte(inner);
        std::string content = fmt::format("{} = {}{}{}{}{}", binding.name, ctx.text().substr(is_, ie - is_),
                                          ctx.newline(), *indent, ctx.text().substr(s, is_ - s), binding.name);
        Applicability applicability = scope.kind == ScopeKind::Function && plain_before ? Applicability::Safe
                                                                                          : Applicability::Unsafe;
        std::string_view why = scope.kind != ScopeKind::Function ? kModuleLevelUnsafe
                               : !plain_before ? " (unsafe: the inner call then runs before what the statement "
                                                 "evaluates ahead of it, which may run code or be changed by it)"
                                               : "";
        fix = Fix{fmt::format("Rebind `{}` to the inner call's result on the line before{}", binding.name, why),
                  applicability, {Edit{s, ie, std::move(content)}}, {ctx.isolation_key(binding.name)}};
      }
      ctx.report(kInfo, ref, std::move(message), std::move(fix), bytes);
    }
  }
}

}  // namespace pml
