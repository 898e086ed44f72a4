#pragma once

#include "analyzer/rule.h"

namespace pml {

// MEM203: `a = np.concatenate([a, x])` (and np.append, vstack, hstack, pd.concat, torch.cat,
// DataFrame.append) inside a loop copies everything gathered so far on every iteration.
class GrowthByConcatenationInLoop final : public Rule {
 public:
  const RuleInfo& info() const override;
  std::span<const Kind> kinds() const override;
  void check(TSNode node, Context& ctx) const override;
};

}  // namespace pml
