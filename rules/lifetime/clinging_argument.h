#pragma once

#include "analyzer/rule.h"

namespace pml {

// MEM102: a large local passed as its last use into a call whose result feeds another large call
// in the same statement (`return g(f(data))`): the name keeps it alive while the outer call runs.
class ClingingArgument final : public Rule {
 public:
  const RuleInfo& info() const override;
  std::span<const Kind> kinds() const override;
  void check(TSNode node, Context& ctx) const override;
};

}  // namespace pml
