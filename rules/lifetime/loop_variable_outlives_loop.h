#pragma once

#include "analyzer/rule.h"

namespace pml {

// MEM103: a large value bound in a loop body, not read after the loop, still bound while large
// work follows the loop.
class LoopVariableOutlivesLoop final : public Rule {
 public:
  const RuleInfo& info() const override;
  std::span<const Kind> kinds() const override;
  void check(TSNode node, Context& ctx) const override;
};

}  // namespace pml
