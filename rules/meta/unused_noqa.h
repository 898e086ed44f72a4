#pragma once

#include <string_view>
#include <vector>

#include "analyzer/noqa.h"
#include "analyzer/rule.h"

namespace pml {

// PML100: a code of ours in a `# noqa` directive that silences nothing. It is not found on a node:
// the checker asks unused_noqa_findings() once every other finding of the file has been through
// NoqaIndex::suppress, so the rule subscribes to no node kind.
inline constexpr std::string_view kUnusedNoqaCode = "PML100";

class UnusedNoqa final : public Rule {
 public:
  const RuleInfo& info() const override;
  std::span<const Kind> kinds() const override { return {}; }
  void check(TSNode, Context&) const override {}
};

// The PML100 findings of a file, unlocated, for the line directives of `noqa` after every finding
// went through it. `text` is the file's text; `enabled` the rules that ran.
std::vector<Diagnostic> unused_noqa_findings(const NoqaIndex& noqa, std::string_view text, const RuleSet& enabled);

}  // namespace pml
