#pragma once

#include "analyzer/rule.h"

namespace pml {

// MEM202: `a = a * b` on a numpy array allocates a second array while the first is alive.
class ArrayReboundInsteadOfInPlace final : public Rule {
 public:
  const RuleInfo& info() const override;
  std::span<const Kind> kinds() const override;
  void check(TSNode node, Context& ctx) const override;
};

}  // namespace pml
