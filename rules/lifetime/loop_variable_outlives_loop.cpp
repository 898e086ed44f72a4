#include "rules/lifetime/loop_variable_outlives_loop.h"

#include <set>

#include <fmt/format.h>

#include "analyzer/flow.h"
#include "analyzer/semantic.h"
#include "analyzer/source.h"
#include "analyzer/values.h"
#include "rules/lifetime/lifetime_util.h"

namespace pml {

namespace {

const RuleInfo kInfo{
    "MEM103",
    "loop-variable-outlives-loop",
    "A large value bound in a loop body stays alive after the loop while large work follows",
    FixAvailability::Sometimes,
    true,
    {
        R"(Finds a name bound inside a loop body to a large value, read only inside the loop and not
read after it on any path, while a large allocation runs after the loop in the same scope with the
name still bound. The last iteration's value stays alive through that work. It reports at the
binding and names the allocation.

MEM101 and MEM103 never report the same binding. MEM101 owns it when a large allocation later in
the same iteration overlaps the dead value (its `del` after the last use in the body frees the
value in every iteration). MEM103 owns a binding in a loop only when the overlap comes after the
loop: the value is read only inside the loop and is dead whenever the loop ends.

Not reported: parameters, small values, views, escaped values (appended, stored, returned,
aliased, captured by a closure), `global`/`nonlocal` names, scopes that call `locals()`, `vars()`,
`eval`, `exec` or `dir()`, get their own frame (`sys._getframe()`, `inspect.currentframe()`) or
evaluate a pandas or numexpr expression string, and names read after the loop (or by the next iteration of an
enclosing loop before they are bound again). Nor scopes too large to analyse, nor values of
unknown size in test code (a test module: `test_*.py`, `*_test.py`, `conftest.py`; elsewhere a
function named `test*`, a class named `Test*`, a pytest fixture).)",
        R"(A name bound in a loop keeps its last value after the loop ends. When nothing reads it any more,
that value is garbage that cannot be collected: any large work after the loop runs with it still
in memory.)",
        R"(import numpy as np

def totals(paths):
    total = 0.0
    for path in paths:
        block = np.load(path)      # the last block stays alive after the loop
        total += block.sum()
    result = np.zeros((10_000, 10_000))
    return total, result)",
        R"(import numpy as np

def totals(paths):
    total = 0.0
    for path in paths:
        block = np.load(path)
        total += block.sum()
    block = None
    result = np.zeros((10_000, 10_000))
    return total, result)",
        R"(The fix inserts `name = None` on its own line right after the loop (after its `else` block too), at
the loop's indentation. It is valid even when the loop ran zero times (unlike `del`), and since the
name is dead after the loop on every path, rebinding it changes nothing but memory: safe in a
function. At module level it is unsafe: other modules may import the name.)",
        R"(`min-bytes`: statically sized values smaller than this are not large (default 1 MiB).)",
        R"(https://docs.python.org/3/reference/compound_stmts.html#the-for-statement
https://docs.python.org/3/library/gc.html)",
    }};

constexpr Kind kKinds[] = {Kind::Module, Kind::FunctionDefinition};

}  // namespace

const RuleInfo& LoopVariableOutlivesLoop::info() const { return kInfo; }
std::span<const Kind> LoopVariableOutlivesLoop::kinds() const { return kKinds; }

void LoopVariableOutlivesLoop::check(TSNode node, Context& ctx) const {
  const SemanticModel& model = ctx.model();
  uint32_t scope_id = ctx.scope();
  auto lifetime = lifetime_scope(node, ctx);
  if (!lifetime) return;
  const std::vector<uint32_t>& candidates = *lifetime->candidates;
  const ScopeFlow& flow = *lifetime->flow;
  TSNode scope_body = lifetime->body;

  std::set<std::pair<uint32_t, std::string_view>> reported;  // (loop start, name)
  for (uint32_t b : candidates) {
    const Binding& binding = model.bindings()[b];
    auto dead = analyze_dead_value(b, flow, scope_body, ctx);
    // MEM101 owns the binding when it reports it (an overlap inside the loop).
    if (!dead || !dead->loop_owned || dead->overlap >= 0) continue;
    TSNode loop = dead->loop;
    if (reported.count({ts_node_start_byte(loop), binding.name})) continue;
    auto n = flow.name_index(binding.name);
    int32_t def = flow.node_of_binding(b);
    // The allocation to name: the first after the loop in the text, else (an enclosing loop's next
    // iteration) the first before it.
    std::optional<std::string> what;
    uint32_t row = 0, what_start = 0;
    bool what_after = false;
    for (uint32_t a : flow.reachable_while_bound(static_cast<uint32_t>(def), *n)) {
      const FlowNode& fa = flow.nodes()[a];
      if (node_within(fa, loop) || flow.live_in(a).test(*n)) continue;
      bool after = fa.start >= ts_node_end_byte(loop);
      uint32_t r = ctx.lines().location(fa.start).row;
      if (what && (what_after && !after)) continue;
      if (what && what_after == after && r >= row) continue;
      if (auto w = large_allocation(fa, ctx, scope_id)) what = w, row = r, what_start = fa.start, what_after = after;
    }
    if (!what) continue;
    const ValueFacts& facts = ctx.values().of_binding(b);
    auto bytes = facts.bytes();
    // Tests: known sizes only, as RuleInfo::unknown_sizes_in_tests says for MEM101. Asked here, not
    // left to Context::report, so that a skipped binding does not count as this loop's finding.
    if (!bytes && model.in_test_code(scope_id)) continue;
    reported.insert({ts_node_start_byte(loop), binding.name});

    std::string size = bytes ? fmt::format(" ({})", format_bytes(*bytes)) : std::string();
    std::string message = fmt::format(
        "`{}`{} is bound in this loop and not used after it, but its last value stays alive while `{}` ({}) "
        "allocates; set `{} = None` after the loop",
        binding.name, size, *what, ctx.line_ref(what_start), binding.name);

    std::optional<Fix> fix;
    auto indent = statement_indent(loop, ctx);
    auto insert_at = line_after(loop, ctx);
    if (indent && insert_at) {
      std::string content = std::string(ctx.newline()) + *indent + std::string(binding.name) + " = None";
      Applicability applicability = model.scope(scope_id).kind == ScopeKind::Module ? Applicability::Unsafe : Applicability::Safe;
      fix = Fix{fmt::format("Insert `{} = None` after the loop{}", binding.name, module_level_note(applicability)),
                applicability,
                {Edit{*insert_at, *insert_at, content}}, {ctx.isolation_key(binding.name)}};
    }
    ctx.report(kInfo, binding.node, std::move(message), std::move(fix), bytes);
  }
}

}  // namespace pml
