// Small helpers shared by rules: building fixes, ranges, reaching bindings.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "analyzer/flow.h"
#include "analyzer/rule.h"
#include "analyzer/semantic.h"
#include "analyzer/syntax.h"

namespace pml {

// An edit appending `keyword=value` to a call's argument list: after the last argument, or right
// after `(` when there is none. Keeps a trailing comma and comments intact.
Edit append_keyword_argument(TSNode args, std::string_view keyword_and_value);

// How to spell a numpy attribute at the current node: `np.float32` when numpy is imported under a
// name that resolves there, else nullopt (callers then use a string dtype such as "float32").
std::optional<std::string> numpy_attribute(const Context& ctx, TSNode callee, std::string_view attr);

// Bindings of `name` in `scope` that may hold its value when `stmt` runs: those from which the
// scope's control flow graph reaches `stmt` without passing another binding of the name (around
// loops, through branches and exception edges). Every binding when the scope has no graph.
std::vector<uint32_t> reaching_bindings(const ScopeFlow& flow, const SemanticModel& model, std::string_view name,
                                        uint32_t scope, TSNode stmt);

}  // namespace pml
