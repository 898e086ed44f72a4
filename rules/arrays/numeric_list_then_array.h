#pragma once

#include "analyzer/rule.h"

namespace pml {

// MEM401: a list of numbers built in a loop or by a comprehension, then converted to an array.
class NumericListThenArray final : public Rule {
 public:
  const RuleInfo& info() const override;
  std::span<const Kind> kinds() const override;
  void check(TSNode node, Context& ctx) const override;
};

}  // namespace pml
