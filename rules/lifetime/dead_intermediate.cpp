#include "rules/lifetime/dead_intermediate.h"

#include <algorithm>

#include <fmt/format.h>

#include "analyzer/flow.h"
#include "analyzer/semantic.h"
#include "analyzer/source.h"
#include "analyzer/values.h"

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
allocation that overlaps.

Not reported: parameters (the caller holds the object anyway), values used until the end, small
values, views of another array, values that escape (returned, yielded, stored in a container or
an attribute, aliased, captured by a nested function, or passed to a callee that may keep them:
a class, `functools.partial`, a thread; a plain function call is presumed to let its arguments
go, and if it does not, `del` frees nothing but changes nothing either),
and names in scopes that call `locals()`, `vars()`, `eval`, `exec` or `dir()` or declare them
`global`/`nonlocal`.)",
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
`del` and is read on none after it, and it is safe in a function. At module level it is unsafe:
other modules may import the name. With `fix-style = "rebind"`, when the last use is
`next = f(name)` and `next` is bound only there, the fix instead reuses one name for the chain
(`name = f(name)`, renaming `next`'s reads), also safe in a function.)",
        R"(`min-bytes`: statically sized values smaller than this are not large (default 1 MiB).
`fix-style`: "del" (default) or "rebind".)",
        R"(https://docs.python.org/3/reference/simple_stmts.html#the-del-statement
https://docs.python.org/3/library/gc.html)",
    }};

constexpr Kind kKinds[] = {Kind::Module, Kind::FunctionDefinition};

// Whether a node's statement allocates a large value: an assignment or expression whose value
// facts are large.
std::optional<std::string> large_allocation(const FlowNode& node, const Context& ctx, uint32_t scope) {
  TSNode stmt = node.stmt;
  if (node.type != FlowNode::Type::Statement) return std::nullopt;
  TSNode expr{};
  if (is(stmt, Kind::ExpressionStatement)) {
    // Only a value that is kept (assigned) is known to be built: a bare call such as
    // `assert_allclose(a, b)` or `model.fit(X)` discards its result, and nothing says it is large.
    TSNode inner = ts_node_named_child(stmt, 0);
    if (!is(inner, Kind::Assignment)) return std::nullopt;
    expr = child_by_field(inner, Field::Right);
    while (is(expr, Kind::Assignment)) expr = child_by_field(expr, Field::Right);
  } else if (is(stmt, Kind::ReturnStatement)) {
    expr = ts_node_named_child(stmt, 0);
  }
  if (ts_node_is_null(expr)) return std::nullopt;
  // Only an expression that builds something allocates: a name, an attribute or a subscript
  // returns what already exists.
  Kind k = kind_of(strip_parens(expr));
  if (k != Kind::Call && k != Kind::BinaryOperator && k != Kind::ListComprehension && k != Kind::SetComprehension &&
      k != Kind::DictionaryComprehension && k != Kind::List && k != Kind::Dictionary && k != Kind::UnaryOperator)
    return std::nullopt;
  ValueFacts f = ctx.values().of_expression(expr, scope);
  if (!f.large || f.is_view) return std::nullopt;
  std::string_view line = ctx.text_of(stmt);
  if (size_t nl = line.find_first_of("\r\n"); nl != std::string_view::npos) line = line.substr(0, nl);
  if (line.size() > 60) return std::string(line.substr(0, 57)) + "...";
  return std::string(line);
}

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

}  // namespace

const RuleInfo& DeadIntermediate::info() const { return kInfo; }
std::span<const Kind> DeadIntermediate::kinds() const { return kKinds; }

void DeadIntermediate::check(TSNode node, Context& ctx) const {
  const SemanticModel& model = ctx.model();
  uint32_t scope_id = ctx.scope();
  const Scope& scope = model.scope(scope_id);
  if (scope.dynamic || (scope.kind != ScopeKind::Function && scope.kind != ScopeKind::Module)) return;

  // Candidates first (cheap), so the flow graph is only built for scopes that have one.
  std::vector<uint32_t> candidates;
  for (const auto& [name, ids] : scope.names) {
    if (scope.globals.count(name) || scope.nonlocals.count(name)) continue;
    bool parameter = false, captured = false;
    for (uint32_t b : ids) {
      if (model.bindings()[b].kind == BindingKind::Parameter) parameter = true;
      for (uint32_t r : model.references_of(b))
        if (model.use_kind(model.references()[r]) == UseKind::Captured) captured = true;
    }
    if (parameter || captured) continue;
    for (uint32_t b : ids) {
      const Binding& binding = model.bindings()[b];
      if (binding.kind != BindingKind::Assignment || ts_node_is_null(binding.value)) continue;
      if (model.references_of(b).empty() || model.escapes_beyond_calls(b)) continue;
      const ValueFacts& facts = ctx.values().of_binding(b);
      if (!facts.large || facts.is_view) continue;
      candidates.push_back(b);
    }
  }
  if (candidates.empty()) return;
  // Views of a candidate keep it alive: `del` would free nothing while they live.
  for (uint32_t b = 0; b < model.bindings().size(); ++b) {
    if (model.bindings()[b].scope != scope_id) continue;
    const ValueFacts& f = ctx.values().of_binding(b);
    if (f.is_view && f.view_base >= 0)
      candidates.erase(std::remove(candidates.begin(), candidates.end(), static_cast<uint32_t>(f.view_base)),
                       candidates.end());
  }
  if (candidates.empty()) return;

  ScopeFlow flow(model, scope_id, ctx.text());
  if (!flow.ok()) return;
  TSNode scope_body = scope.kind == ScopeKind::Module ? node : child_by_field(node, Field::Body);
  std::sort(candidates.begin(), candidates.end());

  for (uint32_t b : candidates) {
    const Binding& binding = model.bindings()[b];
    auto n = flow.name_index(binding.name);
    int32_t def = flow.node_of_binding(b);
    if (!n || def < 0) continue;
    std::vector<uint32_t> reach = flow.reachable_while_bound(static_cast<uint32_t>(def), *n);

    // Last uses: nodes reading this binding after which the name is dead.
    std::vector<uint32_t> use_nodes;
    TSNode last_ref{};
    bool uses_in_reach = true;
    for (uint32_t r : model.references_of(b)) {
      const Reference& ref = model.references()[r];
      int32_t u = flow.node_at(ts_node_start_byte(ref.node));
      if (u < 0) {
        uses_in_reach = false;
        break;
      }
      if (flow.live_out(static_cast<uint32_t>(u)).test(*n)) continue;
      if (std::find(use_nodes.begin(), use_nodes.end(), static_cast<uint32_t>(u)) == use_nodes.end())
        use_nodes.push_back(static_cast<uint32_t>(u));
      if (ts_node_is_null(last_ref) || ts_node_start_byte(ref.node) > ts_node_start_byte(last_ref)) last_ref = ref.node;
    }
    if (!uses_in_reach || use_nodes.empty()) continue;

    // A later large allocation while the name is bound but dead.
    std::optional<std::string> overlap;
    uint32_t overlap_row = 0;
    for (uint32_t a : reach) {
      if (flow.live_in(a).test(*n)) continue;
      if (std::find(use_nodes.begin(), use_nodes.end(), a) != use_nodes.end()) continue;
      if (ts_node_start_byte(flow.nodes()[a].stmt) < ts_node_start_byte(last_ref)) continue;
      if (auto what = large_allocation(flow.nodes()[a], ctx, scope_id)) {
        overlap = what;
        overlap_row = ctx.lines().location(flow.nodes()[a].start).row;
        break;
      }
    }
    if (!overlap) continue;

    const ValueFacts& facts = ctx.values().of_binding(b);
    auto bytes = facts.bytes();
    std::string size = bytes ? fmt::format(" ({})", format_bytes(*bytes)) : std::string();
    std::string message = fmt::format(
        "`{}`{} is not used after this, but it stays alive while `{}` (line {}) allocates; drop it with `del {}` "
        "after its last use",
        binding.name, size, *overlap, overlap_row, binding.name);

    // The fix: `del name` after the statement holding the last uses, where the flow proves it valid.
    std::optional<Fix> fix;
    std::vector<TSNode> use_stmts;
    for (uint32_t u : use_nodes) use_stmts.push_back(flow.nodes()[u].stmt);
    TSNode binding_stmt = flow.nodes()[def].stmt;
    TSNode after = insertion_statement(binding_stmt, use_stmts, scope_body);
    if (!ts_node_is_null(after)) {
      // Every node of that statement that falls through to outside it must have the name bound,
      // and nothing after it may read the name.
      uint32_t s = ts_node_start_byte(after), e = ts_node_end_byte(after);
      bool valid = true, any_exit = false;
      for (uint32_t i = 0; i < flow.nodes().size() && valid; ++i) {
        const FlowNode& fn = flow.nodes()[i];
        bool inside = fn.type != FlowNode::Type::Join ? (fn.start >= s && fn.end <= e && fn.end > fn.start)
                                                      : (ts_node_start_byte(fn.stmt) >= s && ts_node_end_byte(fn.stmt) <= e);
        if (!inside) continue;
        for (uint32_t succ : fn.succ) {
          const FlowNode& sn = flow.nodes()[succ];
          bool succ_inside = sn.type != FlowNode::Type::Join && sn.type != FlowNode::Type::Exit &&
                             sn.start >= s && sn.end <= e && sn.end > sn.start;
          if (sn.type == FlowNode::Type::Join) succ_inside = ts_node_start_byte(sn.stmt) >= s && ts_node_end_byte(sn.stmt) <= e;
          if (succ_inside) continue;
          any_exit = true;
          if (!flow.bound_out(i).test(*n) || flow.live_in(succ).test(*n)) valid = false;
        }
      }
      if (valid && any_exit) {
        auto loc = ctx.lines().location(ts_node_start_byte(after));
        std::string_view line = ctx.lines().line_text(loc.row - 1);
        std::string indent(line.substr(0, line.find_first_not_of(" \t")));
        uint32_t end_row = ctx.lines().location(e).row - 1;
        uint32_t insert_at = ctx.lines().line_end(end_row);
        // The statement must own its lines: it starts its first line and only a comment may follow
        // it on its last (`a = f(x); b = g()` has no place for a line between the two).
        bool starts_line = line.find_first_not_of(" \t") == loc.column - 1;
        std::string_view rest = ctx.text().substr(e, insert_at - e);
        size_t tail = rest.find_first_not_of(" \t");
        bool ends_line = tail == std::string_view::npos || rest[tail] == '#';
        bool one_line_block = !(starts_line && ends_line);
        if (!one_line_block && insert_at <= ctx.text().size()) {
          // After the statement's last line (comments at its end stay on that line).
          std::string content = std::string(ctx.newline()) + indent + "del " + std::string(binding.name);
          Applicability applicability =
              scope.kind == ScopeKind::Module ? Applicability::Unsafe : Applicability::Safe;
          fix = Fix{fmt::format("Insert `del {}` after its last use", binding.name), applicability,
                    {Edit{insert_at, insert_at, content}}};
        }
      }
    }
    ctx.report(kInfo, last_ref, std::move(message), std::move(fix), bytes);
  }
}

}  // namespace pml
