#pragma once

#include "analyzer/rule.h"

namespace pml {

// MEM201: `x = [f(v) for v in x]` builds a second list while the first is still alive.
class ListRebuiltUnderSameName final : public Rule {
 public:
  const RuleInfo& info() const override;
  std::span<const Kind> kinds() const override;
  void check(TSNode node, Context& ctx) const override;
};

}  // namespace pml
