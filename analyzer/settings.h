// Effective settings for linting one file, after configuration files and the command line.
#pragma once

#include <bitset>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace pml {

inline constexpr size_t kMaxRules = 128;

// Enabled rules, indexed by the rule's position in the registry (see rules/registry.h).
using RuleSet = std::bitset<kMaxRules>;

enum class FixStyle { Del, Rebind };

struct Settings {
  RuleSet enabled;                   // rules to run on the file (per-file-ignores already applied)
  uint64_t min_bytes = 1u << 20;     // statically sized values below this are not "large"
  bool unsafe_fixes = false;         // from config `unsafe-fixes`; the CLI flag overrides
  RuleSet fixable = RuleSet().set(); // rules whose fixes are offered (`fixable`/`unfixable`); all by default
  // `extend-safe-fixes` / `extend-unsafe-fixes`: rules whose unsafe fixes count as safe, and whose
  // safe fixes count as unsafe (disjoint; display-only fixes stay display-only).
  RuleSet safe_fixes;
  RuleSet unsafe_fixes_rules;
  FixStyle fix_style = FixStyle::Del;
  // The file is test code by pytest's conventions (is_test_module): see SemanticModel::in_test_code.
  bool test_module = false;
  bool ignore_noqa = false;  // --ignore-noqa: `# noqa` comments silence nothing
};

// Whether a file is test code by pytest's conventions: named `test_*.py` or `*_test.py` (pytest's
// default `python_files`), or `conftest.py`. Only the name counts, not the directories above it,
// which depend on where a project lives.
bool is_test_module(std::string_view path);

}  // namespace pml
