#include "rules/lifetime/dead_intermediate.h"

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
    "MEM101",
    "dead-intermediate",
    "A large value stays bound after its last use while another large allocation runs",
    FixAvailability::Sometimes,
    true,
    {
        R"(Finds a name bound to a large value whose last use (on every path of the scope's control
flow, loops' back edges and `except`/`finally` included) is followed, while the name is still
bound, by another large allocation in the same scope. It reports at the last use and names the
allocation that overlaps. A call of a function defined in the file that only hands back an argument
(`return w`, `return w[:-1]`, also after rebinding it to a view or an item of itself:
`w = w.squeeze()`, `w = w[()]`) or None allocates nothing.

Not reported: parameters (the caller holds the object anyway), values used until the end, small
values, views of another array, values that escape (returned, yielded, stored in a container or
an attribute, aliased (also as a call's output buffer: `out=`, `*_out=` or a ufunc method's `out`,
which the call returns), captured by a nested function,
or passed to a callee that may keep them:
a class (also an object's own: `type(obj)(...)`, `obj.__class__(...)`, pandas'
`obj._constructor(...)`), `functools.partial`, a
thread, a generator function defined in the file (its generator holds them); a plain function call is presumed to let its arguments go, and if it does not, `del` frees
nothing but changes nothing either), objects of a class the analyzer does not know made only from
names, attributes and literals (they hold values that other names keep), and such a class call
counts as no large allocation, what a plotting call returns (a matplotlib function, or a callee
named `plot` or `plot_<what>`: `fig = infl.plot_index(...)`, `ax = df.plot()`; the figure, which
pyplot keeps, holds it), a pandas object plotted by its own accessor (`df["x"].plot(ax=ax)`: the
lines keep views of its values), a pandas `groupby`, `rolling`, `expanding`, `ewm` or `resample` object
(it refers to its frame and holds no data of its own, nor is making one an allocation),
and names in scopes that call `locals()`, `vars()`, `eval`, `exec` or `dir()`, get their own
frame (`sys._getframe()`, `inspect.currentframe()`, `inspect.stack()`: its `f_locals`), evaluate an
expression string that may name local variables (pandas' `df.query`, `df.eval`, `pd.eval`, an HDF
store's `where`, numexpr's `evaluate`), or declare them `global`/`nonlocal`. Nor the statement a
test expects to raise (the last one of a `with pytest.raises(...)` block), nor a scope too large to
analyse: a generated module whose control flow would need more than 2 MiB per bit table (thousands
of statements binding thousands of names).)",
        R"(A dead value that is still bound is still alive: the garbage collector cannot free it.
While the next large value is built, both are in memory, so the peak is higher than it needs to
be. In a chain of three large intermediates, dropping each one after its last use lowers the
peak from three values to two.)",
        R"(import pickle

def process(path):
    with open(path, "rb") as file:
        data1 = pickle.load(file)
    data2 = some_processing1(data1)   # last use of data1
    data3 = some_processing2(data2)   # data1 is still alive here
    return data3)",
        R"(import pickle

def process(path):
    with open(path, "rb") as file:
        data1 = pickle.load(file)
    data2 = some_processing1(data1)
    del data1
    data3 = some_processing2(data2)
    return data3)",
        R"(The fix inserts `del name` on its own line after the statement holding the last use (after the
whole compound statement when the last use is nested in one), at that statement's indentation.
It is offered only where the control flow proves the name is bound on every path reaching the
`del` and is read on none after it, and where the line after that statement can be reached at
all (not after a `return`, nor after a `try` or `if` whose every path returns or raises: a `del`
there would free nothing); it is safe in a function. At module level it is unsafe:
other modules may import the name. With `fix-style = "rebind"`, when the last use is
`next = f(name)` and `next` is bound only there, the fix instead reuses one name for the chain
(`name = f(name)`, renaming `next`'s reads), also safe in a function.)",
        R"(`min-bytes`: statically sized values smaller than this are not large (default 1 MiB).
`fix-style`: "del" (default) or "rebind".)",
        R"(https://docs.python.org/3/reference/simple_stmts.html#the-del-statement
https://docs.python.org/3/library/gc.html)",
    },
    /*unknown_sizes_in_tests=*/false};

constexpr Kind kKinds[] = {Kind::Module, Kind::FunctionDefinition};

// The statements enclosing `stmt`, innermost first, as (statement, its block) pairs.
std::vector<std::pair<TSNode, TSNode>> statement_chain(TSNode stmt, TSNode scope_body) {
  std::vector<std::pair<TSNode, TSNode>> chain;
  TSNode s = stmt;
  while (!ts_node_is_null(s)) {
    TSNode parent = parent_of(s);
    if (ts_node_is_null(parent)) break;
    if (is(parent, Kind::Block) || is(parent, Kind::Module)) {
      chain.emplace_back(s, parent);
      if (ts_node_eq(parent, scope_body)) break;
    }
    s = parent;
  }
  return chain;
}

// The statement after which `del` goes: in the innermost block holding both the binding's and
// every last use's statements, the child statement holding the last uses.
TSNode insertion_statement(TSNode binding_stmt, const std::vector<TSNode>& use_stmts, TSNode scope_body) {
  auto base = statement_chain(binding_stmt, scope_body);
  for (const auto& [stmt, block] : base) {
    // Is every use inside this block? Then the use's statement in this block is the answer.
    TSNode answer{};
    bool all = true;
    for (TSNode u : use_stmts) {
      TSNode found{};
      for (const auto& [us, ub] : statement_chain(u, scope_body))
        if (ts_node_eq(ub, block)) found = us;
      if (ts_node_is_null(found)) {
        all = false;
        break;
      }
      if (ts_node_is_null(answer) || ts_node_start_byte(found) > ts_node_start_byte(answer)) answer = found;
    }
    if (all && !ts_node_is_null(answer)) return answer;
  }
  return TSNode{};
}

bool may_fall_through(TSNode s);

bool block_may_fall_through(TSNode block) {
  if (ts_node_is_null(block)) return true;
  bool through = true;
  for_each_named_child(block, [&](TSNode c) { return through = is(c, Kind::Comment) || may_fall_through(c); });
  return through;
}

// The block of a clause (`elif`, `else`, `except`, `finally`): its last named child.
TSNode clause_block(TSNode clause) {
  TSNode block{};
  for_each_named_child(clause, [&](TSNode c) {
    if (is(c, Kind::Block)) block = c;
    return true;
  });
  return block;
}

// Whether control may leave statement `s` by reaching the line after it: false when every path
// through it returns, raises, breaks or continues, so that a `del` there would never run (after
// `return x.sum()`, or after a `try` whose body returns and whose `finally` allocates while the
// name is still bound). Loops, `with` (its manager may swallow an exception) and `match` may.
bool may_fall_through(TSNode s) {
  switch (kind_of(s)) {
    case Kind::ReturnStatement:
    case Kind::RaiseStatement:
    case Kind::BreakStatement:
    case Kind::ContinueStatement:
      return false;
    case Kind::Block:
      return block_may_fall_through(s);
    case Kind::IfStatement: {
      if (block_may_fall_through(child_by_field(s, Field::Consequence))) return true;
      bool has_else = false, through = false;
      for_each_named_child(s, [&](TSNode c) {
        if (is(c, Kind::ElseClause)) has_else = true;
        if ((is(c, Kind::ElifClause) || is(c, Kind::ElseClause)) && block_may_fall_through(clause_block(c)))
          through = true;
        return !through;
      });
      return through || !has_else;
    }
    case Kind::TryStatement: {
      bool body = block_may_fall_through(child_by_field(s, Field::Body));
      bool handler = false, finally_through = true;
      for_each_named_child(s, [&](TSNode c) {
        if (is(c, Kind::ElseClause)) body = body && block_may_fall_through(clause_block(c));
        if ((is(c, Kind::ExceptClause) || is(c, Kind::ExceptGroupClause)) && block_may_fall_through(clause_block(c)))
          handler = true;
        if (is(c, Kind::FinallyClause)) finally_through = block_may_fall_through(clause_block(c));
        return true;
      });
      return finally_through && (body || handler);
    }
    default:
      return true;
  }
}

// Whether `node` lies inside an f-string interpolation (`f"{x=}"` prints the name itself).
bool in_interpolation(TSNode node) {
  for (TSNode p = parent_of(node); !ts_node_is_null(p); p = parent_of(p)) {
    if (is(p, Kind::Interpolation)) return true;
    if (is(p, Kind::Block) || is(p, Kind::Module)) return false;
  }
  return false;
}

// fix-style = "rebind": when the last use is `next = f(name)` and `next` is bound only there,
// reuse `name` for the chain: `name = f(name)`, and `next`'s reads read `name`. Valid when the
// statement is not in a loop and `name` is bound nowhere after it (so nothing rebinds `name`
// between the statement and a read of `next`), and every read of `next` is in this scope, where
// `next` is certainly bound, or in a comprehension of it that binds no `name` of its own.
std::optional<Fix> rebind_fix(uint32_t b, const DeadValue& dead, const ScopeFlow& flow, TSNode scope_body,
                              const Context& ctx, Applicability applicability) {
  const SemanticModel& model = ctx.model();
  uint32_t scope_id = ctx.scope();
  const Scope& scope = model.scope(scope_id);
  const Binding& binding = model.bindings()[b];
  if (dead.use_nodes.size() != 1) return std::nullopt;
  const FlowNode& use = flow.nodes()[dead.use_nodes[0]];
  if (use.type != FlowNode::Type::Statement || !is(use.stmt, Kind::ExpressionStatement)) return std::nullopt;
  TSNode assign = named_child(use.stmt, 0);
  if (!is(assign, Kind::Assignment) || !ts_node_is_null(child_by_field(assign, Field::Type))) return std::nullopt;
  TSNode left = child_by_field(assign, Field::Left), right = child_by_field(assign, Field::Right);
  if (!is(left, Kind::Identifier) || ts_node_is_null(right) || is(right, Kind::Assignment)) return std::nullopt;
  if (!ts_node_is_null(enclosing_loop(use.stmt, scope_body))) return std::nullopt;
  std::string_view next = ctx.text_of(left);
  if (next == binding.name || scope.globals.count(next) || scope.nonlocals.count(next)) return std::nullopt;
  const auto& name_bindings = model.bindings_of(binding.name, scope_id);
  const auto& next_bindings = model.bindings_of(next, scope_id);
  if (next_bindings.size() != 1) return std::nullopt;
  // Outside loops, what runs after the statement comes after it in the text: a binding of `name`
  // before it cannot run again before `next` is read, and the name is dead (never read, never
  // deleted) after it.
  for (uint32_t id : name_bindings)
    if (ts_node_start_byte(model.bindings()[id].node) >= ts_node_start_byte(use.stmt)) return std::nullopt;
  uint32_t nb = next_bindings[0];
  if (model.binding_of_node(left) != static_cast<int32_t>(nb) || model.bindings()[nb].kind != BindingKind::Assignment)
    return std::nullopt;
  if (model.used_by_nested_scope(next, scope_id)) return std::nullopt;
  auto next_index = flow.name_index(next);
  if (!next_index) return std::nullopt;
  std::vector<Edit> edits{Edit{ts_node_start_byte(left), ts_node_end_byte(left), std::string(binding.name)}};
  for (uint32_t r : model.reads_of_name(next, scope_id)) {
    const Reference& ref = model.references()[r];
    if (ref.binding != static_cast<int32_t>(nb) || in_interpolation(ref.node)) return std::nullopt;
    // A read in a comprehension that binds `name` itself (`[next[i] + name for name in r]`)
    // would read the comprehension's variable once renamed.
    for (int32_t s = static_cast<int32_t>(ref.scope); s >= 0 && static_cast<uint32_t>(s) != scope_id;
         s = model.scope(static_cast<uint32_t>(s)).parent)
      if (!model.bindings_of(binding.name, static_cast<uint32_t>(s)).empty() ||
          model.declared_global_or_nonlocal(binding.name, static_cast<uint32_t>(s)))
        return std::nullopt;
    int32_t at = flow.node_at(ts_node_start_byte(ref.node));
    if (at < 0 || !flow.bound_in(static_cast<uint32_t>(at)).test(*next_index)) return std::nullopt;
    edits.push_back(Edit{ts_node_start_byte(ref.node), ts_node_end_byte(ref.node), std::string(binding.name)});
  }
  return Fix{fmt::format("Reuse `{}` for the chain: bind `{}`'s value to it{}", binding.name, next,
                         module_level_note(applicability)),
             applicability,
             std::move(edits), {ctx.isolation_key(binding.name), ctx.isolation_key(next)}};
}

}  // namespace

const RuleInfo& DeadIntermediate::info() const { return kInfo; }
std::span<const Kind> DeadIntermediate::kinds() const { return kKinds; }

void DeadIntermediate::check(TSNode node, Context& ctx) const {
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
    if (!dead || dead->overlap < 0) continue;
    auto n = flow.name_index(binding.name);
    int32_t def = flow.node_of_binding(b);
    const std::vector<uint32_t>& use_nodes = dead->use_nodes;
    TSNode last_ref = dead->last_ref;
    const std::string& overlap = dead->overlap_text;
    const std::string& overlap_row = dead->overlap_row;
    // The last use is the code's own `del` (in a branch: `if c: del chunk`), so a path where it
    // does not run keeps the value; advice to add `del` after that `del` would be noise.
    if (dead->last_deletes) continue;

    const ValueFacts& facts = ctx.values().of_binding(b);
    auto bytes = facts.bytes();
    std::string size = bytes ? fmt::format(" ({})", format_bytes(*bytes)) : std::string();
    std::string message = fmt::format(
        "`{}`{} is not used after this, but it stays alive while `{}` ({}) allocates; drop it with `del {}` "
        "after its last use",
        binding.name, size, overlap, overlap_row, binding.name);

    Applicability applicability = scope.kind == ScopeKind::Module ? Applicability::Unsafe : Applicability::Safe;
    std::optional<Fix> fix;
    if (ctx.settings().fix_style == FixStyle::Rebind) fix = rebind_fix(b, *dead, flow, scope_body, ctx, applicability);

    // The fix: `del name` after the statement holding the last uses, where the flow proves it valid.
    std::vector<TSNode> use_stmts;
    for (uint32_t u : use_nodes) use_stmts.push_back(flow.nodes()[u].stmt);
    TSNode binding_stmt = flow.nodes()[def].stmt;
    TSNode after = fix ? TSNode{} : insertion_statement(binding_stmt, use_stmts, scope_body);
    if (!ts_node_is_null(after)) {
      // Every node of that statement that falls through to outside it must have the name bound,
      // and nothing after it may read the name.
      bool valid = true, any_exit = false;
      uint32_t after_start = ts_node_start_byte(after), after_end = ts_node_end_byte(after);
      for (uint32_t i : flow.nodes_within(after_start, after_end)) {
        if (!valid) break;
        for (uint32_t succ : flow.nodes()[i].succ) {
          if (node_within(flow.nodes()[succ], after_start, after_end)) continue;
          any_exit = true;
          if (!flow.bound_out(i).test(*n) || flow.live_in(succ).test(*n)) valid = false;
        }
      }
      // The statement must own its lines: it starts its first line and only a comment may follow
      // it on its last (`a = f(x); b = g()` has no place for a line between the two).
      auto indent = statement_indent(after, ctx);
      auto insert_at = line_after(after, ctx);
      if (valid && any_exit && may_fall_through(after) && indent && insert_at) {
        // After the statement's last line (comments at its end stay on that line).
        std::string content = std::string(ctx.newline()) + *indent + "del " + std::string(binding.name);
        fix = Fix{fmt::format("Insert `del {}` after its last use{}", binding.name, module_level_note(applicability)),
                  applicability,
                  {Edit{*insert_at, *insert_at, content}}, {ctx.isolation_key(binding.name)}};
      }
    }
    ctx.report(kInfo, last_ref, std::move(message), std::move(fix), bytes);
  }
}

}  // namespace pml
