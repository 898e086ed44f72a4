// PML100 (unused-noqa): which codes it judges, and when its fix may touch a comment other tools read.
#include <gtest/gtest.h>

#include "analyzer/checker.h"
#include "rules/registry.h"

namespace pml {
namespace {

Settings with_unused_noqa() {
  Settings s;
  s.enabled = default_rules();
  s.enabled.set(*rule_index("PML100"));
  return s;
}

std::vector<Diagnostic> unused_noqa(std::string_view text) {
  Parser p;
  std::vector<Diagnostic> out;
  for (Diagnostic& d : lint(text, "\n", with_unused_noqa(), p).diagnostics)
    if (d.code == "PML100") out.push_back(std::move(d));
  return out;
}

// The text after `check --fix` with PML100 selected.
std::string fixed(std::string_view text) {
  Parser p;
  return fix(std::string(text), "\n", with_unused_noqa(), p, Applicability::Safe).text;
}

// Ours are the codes whose letters are MEM or PML; other tools' codes that merely begin with those
// letters (a plugin's `MEMB001`, a prefix `MEMO`) are not judged, and the fix keeps them.
TEST(UnusedNoqa, CodesOfOtherToolsThatBeginLikeOursAreNotJudged) {
  for (std::string_view code : {"MEMB001", "PMLX100", "MEMO", "PMLA"}) {
    std::string line = "y = 1  # noqa: " + std::string(code) + "\n";
    EXPECT_TRUE(unused_noqa(line).empty()) << line;
    EXPECT_EQ(fixed(line), line);
  }
  // Next to one of ours, only ours goes.
  EXPECT_EQ(fixed("y = 1  # noqa: MEM301, MEMB001\n"), "y = 1  # noqa: MEMB001\n");
  ASSERT_EQ(unused_noqa("y = 1  # noqa: MEM999, MEM\n").size(), 1u);
}

}  // namespace
}  // namespace pml
