#include "rules/registry.h"

#include <algorithm>

#include "rules/dtype/float64_by_default.h"
#include "rules/dtype/object_dtype_array.h"

namespace pml {

namespace {
std::vector<std::unique_ptr<Rule>> make_rules() {
  std::vector<std::unique_ptr<Rule>> rules;
  // One line per rule, ordered by code.
  rules.push_back(std::make_unique<Float64ByDefault>());
  rules.push_back(std::make_unique<ObjectDtypeArray>());
  return rules;
}
}  // namespace

std::span<const std::unique_ptr<Rule>> all_rules() {
  static const std::vector<std::unique_ptr<Rule>> rules = make_rules();
  return rules;
}

std::optional<size_t> rule_index(std::string_view code) {
  auto rules = all_rules();
  for (size_t i = 0; i < rules.size(); ++i)
    if (rules[i]->info().code == code) return i;
  return std::nullopt;
}

const RuleInfo* find_rule(std::string_view code) {
  auto i = rule_index(code);
  return i ? &all_rules()[*i]->info() : nullptr;
}

std::optional<RuleSet> rules_matching(std::string_view selector) {
  RuleSet set;
  auto rules = all_rules();
  for (size_t i = 0; i < rules.size(); ++i) {
    std::string_view code = rules[i]->info().code;
    if (selector == "ALL" || code.substr(0, selector.size()) == selector) set.set(i);
  }
  if (set.none()) return std::nullopt;
  return set;
}

RuleSet default_rules() {
  RuleSet set;
  auto rules = all_rules();
  for (size_t i = 0; i < rules.size(); ++i)
    if (rules[i]->info().default_enabled) set.set(i);
  return set;
}

std::optional<RuleSet> resolve_selection(const std::optional<std::vector<std::string>>& select,
                                         const std::vector<std::string>& extend_select,
                                         const std::vector<std::string>& ignore, std::string* error) {
  auto expand = [&](const std::string& sel, RuleSet& into) {
    auto m = rules_matching(sel);
    if (!m) {
      if (error) *error = "unknown rule selector `" + sel + "`";
      return false;
    }
    into |= *m;
    return true;
  };
  RuleSet set;
  if (select) {
    for (const auto& s : *select)
      if (!expand(s, set)) return std::nullopt;
  } else {
    set = default_rules();
  }
  for (const auto& s : extend_select)
    if (!expand(s, set)) return std::nullopt;
  RuleSet removed;
  for (const auto& s : ignore)
    if (!expand(s, removed)) return std::nullopt;
  return set & ~removed;
}

}  // namespace pml
