#pragma once

#include "analyzer/rule.h"

namespace pml {

// MEM302: `x = x.astype(T)` on a numpy array: astype copies even when x already has dtype T.
class NeedlessAstypeCopy final : public Rule {
 public:
  const RuleInfo& info() const override;
  std::span<const Kind> kinds() const override;
  void check(TSNode node, Context& ctx) const override;
};

}  // namespace pml
