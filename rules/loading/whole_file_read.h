#pragma once

#include "analyzer/rule.h"

namespace pml {

// MEM602: a file read whole (readlines(), read().splitlines()) only to be iterated once.
class WholeFileRead final : public Rule {
 public:
  const RuleInfo& info() const override;
  std::span<const Kind> kinds() const override;
  void check(TSNode node, Context& ctx) const override;
};

}  // namespace pml
