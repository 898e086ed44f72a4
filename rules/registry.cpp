#include "rules/registry.h"

#include <algorithm>

#include "rules/arrays/list_of_range.h"
#include "rules/arrays/numeric_list_then_array.h"
#include "rules/dtype/float64_by_default.h"
#include "rules/dtype/needless_astype_copy.h"
#include "rules/dtype/object_dtype_array.h"
#include "rules/inplace/array_rebound_instead_of_in_place.h"
#include "rules/inplace/growth_by_concatenation_in_loop.h"
#include "rules/inplace/list_rebuilt_under_same_name.h"
#include "rules/lifetime/clinging_argument.h"
#include "rules/lifetime/dead_intermediate.h"
#include "rules/lifetime/loop_variable_outlives_loop.h"
#include "rules/loading/npy_load_without_mmap.h"
#include "rules/loading/whole_file_read.h"
#include "rules/meta/unused_noqa.h"
#include "rules/multiprocessing/eager_map_over_large_iterable.h"
#include "rules/multiprocessing/large_object_per_task.h"
#include "rules/multiprocessing/manager_proxy_for_data.h"
#include "rules/multiprocessing/pool_uses_every_cpu.h"

namespace pml {

namespace {
std::vector<std::unique_ptr<Rule>> make_rules() {
  std::vector<std::unique_ptr<Rule>> rules;
  // One line per rule, ordered by code.
  rules.push_back(std::make_unique<DeadIntermediate>());
  rules.push_back(std::make_unique<ClingingArgument>());
  rules.push_back(std::make_unique<LoopVariableOutlivesLoop>());
  rules.push_back(std::make_unique<ListRebuiltUnderSameName>());
  rules.push_back(std::make_unique<ArrayReboundInsteadOfInPlace>());
  rules.push_back(std::make_unique<GrowthByConcatenationInLoop>());
  rules.push_back(std::make_unique<Float64ByDefault>());
  rules.push_back(std::make_unique<NeedlessAstypeCopy>());
  rules.push_back(std::make_unique<ObjectDtypeArray>());
  rules.push_back(std::make_unique<NumericListThenArray>());
  rules.push_back(std::make_unique<ListOfRange>());
  rules.push_back(std::make_unique<PoolUsesEveryCpu>());
  rules.push_back(std::make_unique<ManagerProxyForData>());
  rules.push_back(std::make_unique<LargeObjectPerTask>());
  rules.push_back(std::make_unique<EagerMapOverLargeIterable>());
  rules.push_back(std::make_unique<NpyLoadWithoutMmap>());
  rules.push_back(std::make_unique<WholeFileRead>());
  rules.push_back(std::make_unique<UnusedNoqa>());
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
  // A selector's specificity is its length ("MEM" < "MEM3" < "MEM301"); "ALL" is the least specific.
  struct Entry {
    size_t specificity;
    bool enable;
    RuleSet rules;
  };
  std::vector<Entry> entries;
  auto add = [&](const std::string& sel, bool enable) {
    auto m = rules_matching(sel);
    if (!m) {
      if (error) *error = "unknown rule selector `" + sel + "`";
      return false;
    }
    entries.push_back({sel == "ALL" ? 0 : sel.size(), enable, *m});
    return true;
  };
  if (select)
    for (const auto& s : *select)
      if (!add(s, true)) return std::nullopt;
  for (const auto& s : extend_select)
    if (!add(s, true)) return std::nullopt;
  for (const auto& s : ignore)
    if (!add(s, false)) return std::nullopt;

  // As Ruff: apply selectors from the least to the most specific, and at equal specificity the
  // selects before the ignores, so the most specific selector decides a rule and a tie goes to
  // `ignore`. `select = ["MEM301"], ignore = ["MEM3"]` keeps MEM301.
  std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    if (a.specificity != b.specificity) return a.specificity < b.specificity;
    return a.enable && !b.enable;
  });
  RuleSet on, off;  // rules this selection turns on / off; a rule is in at most one of them
  for (const auto& e : entries) {
    if (e.enable) {
      on |= e.rules;
      off &= ~e.rules;
    } else {
      off |= e.rules;
      on &= ~e.rules;
    }
  }
  // `select` replaces the starting set (the defaults) instead of adding to it.
  RuleSet base = select ? RuleSet{} : default_rules();
  return (base | on) & ~off;
}

}  // namespace pml
