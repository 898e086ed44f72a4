#pragma once

#include "analyzer/rule.h"

namespace pml {

// MEM101: a large value that is dead (no later use on any path) but still bound while another
// large allocation runs in the same scope.
class DeadIntermediate final : public Rule {
 public:
  const RuleInfo& info() const override;
  std::span<const Kind> kinds() const override;
  void check(TSNode node, Context& ctx) const override;
};

}  // namespace pml
