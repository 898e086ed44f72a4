#pragma once

#include "analyzer/rule.h"

namespace pml {

// MEM301: array creation that yields float64 because no dtype was given.
class Float64ByDefault final : public Rule {
 public:
  const RuleInfo& info() const override;
  std::span<const Kind> kinds() const override;
  void check(TSNode node, Context& ctx) const override;
};

}  // namespace pml
