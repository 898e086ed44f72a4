#pragma once

#include "analyzer/rule.h"

namespace pml {

// MEM504: Pool.map/starmap or Executor.map that materializes its input or its results.
class EagerMapOverLargeIterable final : public Rule {
 public:
  const RuleInfo& info() const override;
  std::span<const Kind> kinds() const override;
  std::span<const std::string_view> needs_text() const override;
  void check(TSNode node, Context& ctx) const override;
};

}  // namespace pml
