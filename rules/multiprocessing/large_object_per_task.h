#pragma once

#include "analyzer/rule.h"

namespace pml {

// MEM503: a large value pickled again for every task of a process pool.
class LargeObjectPerTask final : public Rule {
 public:
  const RuleInfo& info() const override;
  std::span<const Kind> kinds() const override;
  std::span<const std::string_view> needs_text() const override;
  void check(TSNode node, Context& ctx) const override;
};

}  // namespace pml
