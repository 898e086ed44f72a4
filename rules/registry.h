// Every rule, in one list ordered by code. A rule's index in this list is its bit in a RuleSet.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/rule.h"
#include "analyzer/settings.h"

namespace pml {

std::span<const std::unique_ptr<Rule>> all_rules();
// Index of the rule with exactly this code, or nullopt.
std::optional<size_t> rule_index(std::string_view code);
const RuleInfo* find_rule(std::string_view code);

// Codes that are not rules but are reported by the engine itself; always on, never fixable.
inline constexpr std::string_view kSyntaxErrorCode = "E999";  // the file does not parse
inline constexpr std::string_view kIoErrorCode = "E902";      // unreadable, binary, undecodable

// The rules a selector names: a full code, a prefix of codes ("MEM3", "MEM"), or "ALL".
// nullopt when it names no rule at all (then it is a usage or configuration error).
std::optional<RuleSet> rules_matching(std::string_view selector);

// Rules enabled by default (every rule whose info().default_enabled is true).
RuleSet default_rules();

// Ruff's selection semantics: start from `select` (or the defaults when absent), add
// `extend_select`, remove `ignore`. An unknown selector is reported in *error and yields nullopt.
std::optional<RuleSet> resolve_selection(const std::optional<std::vector<std::string>>& select,
                                         const std::vector<std::string>& extend_select,
                                         const std::vector<std::string>& ignore, std::string* error);

}  // namespace pml
