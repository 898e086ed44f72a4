#pragma once

#include "analyzer/rule.h"

namespace pml {

// MEM601: np.load of a .npy file whose array is only read, without mmap_mode.
class NpyLoadWithoutMmap final : public Rule {
 public:
  const RuleInfo& info() const override;
  std::span<const Kind> kinds() const override;
  void check(TSNode node, Context& ctx) const override;
};

}  // namespace pml
