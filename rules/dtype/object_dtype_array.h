#pragma once

#include "analyzer/rule.h"

namespace pml {

// MEM303: arrays (or pandas containers) of dtype object.
class ObjectDtypeArray final : public Rule {
 public:
  const RuleInfo& info() const override;
  std::span<const Kind> kinds() const override;
  void check(TSNode node, Context& ctx) const override;
};

}  // namespace pml
