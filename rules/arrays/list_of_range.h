#pragma once

#include "analyzer/rule.h"

namespace pml {

// MEM402: `list(range(n))` / `[i for i in range(n)]` used only as a read-only sequence.
class ListOfRange final : public Rule {
 public:
  const RuleInfo& info() const override;
  std::span<const Kind> kinds() const override;
  void check(TSNode node, Context& ctx) const override;
};

}  // namespace pml
