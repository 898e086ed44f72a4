// What the lifetime rules (MEM101-MEM103) share: which bindings of a scope may be dropped early,
// where each one's value is last used, and which large allocation runs while it is still bound.
// One analysis, so the rules agree on who reports what (see each rule's documentation).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/flow.h"
#include "analyzer/rule.h"
#include "analyzer/syntax.h"

namespace pml {

// The bindings of a function or module scope whose value may be dropped early: plain assignments
// of a large, fresh-or-unknown (not a view) value to a name that is local (not global/nonlocal, not
// a parameter, not captured by a nested scope, no view of it bound in the scope), whose value does
// not escape beyond plain calls. Empty for dynamic scopes (locals(), eval, ...). Sorted.
const std::vector<uint32_t>& lifetime_candidates(const Context& ctx);

// What every lifetime rule starts from in the function or module `node` opens (the scope being
// checked): its candidates, its flow graph and its body. nullopt when there is nothing to analyze
// (no candidate, or a flow graph that could not be built); the flow is only built when needed.
struct LifetimeScope {
  const std::vector<uint32_t>* candidates;
  const ScopeFlow* flow;
  TSNode body;
};
std::optional<LifetimeScope> lifetime_scope(TSNode node, const Context& ctx);

// Why a lifetime fix (a `del`, a rebinding, `= None`) at module level is unsafe, as its title says
// it: other modules may import the name.
inline constexpr std::string_view kModuleLevelUnsafe = " (unsafe: a module-level name other modules may import)";
// That note for a fix that is unsafe only at module level; empty for a safe one.
inline std::string_view module_level_note(Applicability a) {
  return a == Applicability::Unsafe ? kModuleLevelUnsafe : std::string_view();
}

// What a statement allocates when it is a large allocation: its first line, shortened, for the
// message. Only kept values count (an assignment, or the value returned).
std::optional<std::string> large_allocation(const FlowNode& node, const Context& ctx, uint32_t scope);

// The innermost `for`/`while` statement of the scope enclosing `stmt`, or null.
TSNode enclosing_loop(TSNode stmt, TSNode scope_body);
// Whether node `i` belongs to statement `stmt` (its own nodes, nested ones, and its joins).
bool node_within(const FlowNode& node, TSNode stmt);
// The same for a statement spanning bytes [start, end): loops over a scope's nodes ask it for one
// statement many times.
bool node_within(const FlowNode& node, uint32_t start, uint32_t end);

struct DeadValue {
  std::vector<uint32_t> use_nodes;  // nodes reading the binding after which the name is dead
  TSNode last_ref{};                // the textually last of those reads
  bool last_deletes = false;        // that read is a `del` of the name
  // The first large allocation that runs while the name is bound and dead (textually after the
  // last read), or -1. For a binding that MEM103 owns, allocations after its loop do not count.
  int32_t overlap = -1;
  std::string overlap_text;
  std::string overlap_row;  // "line 12", or "cell 3, line 4" in a notebook
  // MEM103's case: the binding is inside a loop, every read of it is inside that loop, and the name
  // is dead whenever the loop ends, so whatever runs after the loop is MEM103's to report.
  TSNode loop{};
  bool loop_owned = false;
  std::vector<uint32_t> loop_exits;  // when loop_owned: the nodes outside the loop its edges go to
};

// The analysis of one candidate binding (computed once per file, whichever rule asks first);
// nullopt when its reads cannot all be placed in the flow.
std::optional<DeadValue> analyze_dead_value(uint32_t binding, const ScopeFlow& flow, TSNode scope_body,
                                            const Context& ctx);

// The indentation of the line `stmt` starts on, when `stmt` starts that line (nullopt when another
// statement precedes it on the line: `a = 1; b = f(a)`).
std::optional<std::string> statement_indent(TSNode stmt, const Context& ctx);
// The byte where a new line may be inserted after `stmt` (the end of its last line), when only a
// comment follows it on that line; nullopt otherwise.
std::optional<uint32_t> line_after(TSNode stmt, const Context& ctx);

}  // namespace pml
