#include <gtest/gtest.h>

#include "analyzer/checker.h"
#include "rules/registry.h"

namespace pml {
namespace {

Diagnostic with_fix(std::string code, Applicability a, std::vector<Edit> edits) {
  Diagnostic d;
  d.code = std::move(code);
  d.fix = Fix{"title", a, std::move(edits)};
  return d;
}

// E999/E902 before they are located (E902 never is): at 1:1, so noqa row 1 (rows are 1-based).
TEST(EngineDiagnostic, StartsAtRowOneWithItsNoqaRow) {
  Diagnostic d = make_engine_diagnostic(kIoErrorCode, "cannot read: Permission denied");
  EXPECT_EQ(d.code, "E902");
  EXPECT_EQ(d.location.row, 1u);
  EXPECT_EQ(d.noqa_row, 1u);
}

TEST(ApplyFixes, NonOverlappingFixesApplyInOrder) {
  std::string text = "abcdef";
  std::vector<Diagnostic> ds{with_fix("X1", Applicability::Safe, {{4, 5, "E"}}),
                             with_fix("X1", Applicability::Safe, {{0, 1, "A"}, {2, 2, "+"}})};
  std::map<std::string, uint32_t> counts;
  EXPECT_EQ(apply_fixes(text, ds, Applicability::Safe, &counts), 2u);
  EXPECT_EQ(text, "Ab+cdEf");
  EXPECT_EQ(counts["X1"], 2u);
}

TEST(ApplyFixes, OverlapsWaitForTheNextRound) {
  std::string text = "abcdef";
  std::vector<Diagnostic> ds{with_fix("X1", Applicability::Safe, {{0, 3, "X"}}),
                             with_fix("X2", Applicability::Safe, {{2, 4, "Y"}})};
  EXPECT_EQ(apply_fixes(text, ds, Applicability::Safe, nullptr), 1u);
  EXPECT_EQ(text, "Xdef");
}

TEST(ApplyFixes, FixesSharingAnIsolationKeyWaitForTheNextRound) {
  std::string text = "abcdef";
  std::vector<Diagnostic> ds{with_fix("X1", Applicability::Safe, {{0, 1, "A"}}),
                             with_fix("X2", Applicability::Safe, {{2, 3, "C"}}),
                             with_fix("X3", Applicability::Safe, {{4, 5, "E"}})};
  ds[0].fix->isolation = {"0:x"};
  ds[1].fix->isolation = {"0:y", "0:x"};  // shares `x` with the first: waits
  ds[2].fix->isolation = {"1:x"};         // another scope's `x`: applied
  EXPECT_EQ(apply_fixes(text, ds, Applicability::Safe, nullptr), 2u);
  EXPECT_EQ(text, "AbcdEf");
}

TEST(ApplyFixes, ApplicabilityThreshold) {
  std::vector<Diagnostic> ds{with_fix("X1", Applicability::Unsafe, {{0, 1, "Z"}}),
                             with_fix("X2", Applicability::DisplayOnly, {{2, 3, "Q"}})};
  std::string text = "abc";
  EXPECT_EQ(apply_fixes(text, ds, Applicability::Safe, nullptr), 0u);
  EXPECT_EQ(text, "abc");
  EXPECT_EQ(apply_fixes(text, ds, Applicability::Unsafe, nullptr), 1u);
  EXPECT_EQ(text, "Zbc");  // display-only is never applied
}

TEST(FixLoop, RepeatsUntilNothingApplies) {
  // A linter that asks to append "!" while there are fewer than three.
  auto linter = [](std::string_view t) {
    LintResult r;
    if (std::count(t.begin(), t.end(), '!') < 3)
      r.diagnostics.push_back(with_fix("X1", Applicability::Safe, {{static_cast<uint32_t>(t.size()),
                                                                     static_cast<uint32_t>(t.size()), "!"}}));
    return r;
  };
  auto r = fix_loop("x", linter, Applicability::Safe);
  EXPECT_EQ(r.text, "x!!!");
  EXPECT_EQ(r.fixed["X1"], 3u);
  EXPECT_FALSE(r.error);
}

TEST(FixLoop, SyntaxErrorAfterAFixRevertsEverything) {
  auto linter = [](std::string_view t) {
    LintResult r;
    if (t == "ok")
      r.diagnostics.push_back(with_fix("X1", Applicability::Safe, {{0, 2, "broken"}}));
    else if (t == "broken") {
      r.syntax_error = true;
      r.diagnostics.push_back(make_engine_diagnostic("E999", "SyntaxError: invalid syntax"));
    }
    return r;
  };
  auto r = fix_loop("ok", linter, Applicability::Safe);
  EXPECT_EQ(r.text, "ok");
  EXPECT_TRUE(r.fixed.empty());
  ASSERT_TRUE(r.error);
  EXPECT_NE(r.error->find("syntax error"), std::string::npos);
}

TEST(FixLoop, NonConvergenceIsBoundedAndReverts) {
  auto linter = [](std::string_view t) {
    LintResult r;
    r.diagnostics.push_back(with_fix("X1", Applicability::Safe, {{0, static_cast<uint32_t>(t.size()),
                                                                  t == "a" ? "b" : "a"}}));
    return r;
  };
  auto r = fix_loop("a", linter, Applicability::Safe);
  EXPECT_EQ(r.text, "a");
  ASSERT_TRUE(r.error);
  EXPECT_NE(r.error->find("converge"), std::string::npos);
}

TEST(Fix, CrlfFileGetsNoBareNewlines) {
  Settings s;
  s.enabled = default_rules();
  Parser p;
  std::string text = "import numpy as np\r\nx = np.ones(\r\n    n,\r\n)\r\n";
  auto r = fix(text, "\r\n", s, p, Applicability::Unsafe);
  EXPECT_EQ(r.text, "import numpy as np\r\nx = np.ones(\r\n    n, dtype=np.float32,\r\n)\r\n");
}

TEST(Fix, FileWithSyntaxErrorIsLeftAlone) {
  Settings s;
  s.enabled = default_rules();
  Parser p;
  auto r = fix("import numpy as np\nx = np.ones(n\n", "\n", s, p, Applicability::Unsafe);
  EXPECT_FALSE(r.changed());
  ASSERT_TRUE(r.remaining.syntax_error);
  EXPECT_EQ(r.remaining.diagnostics.at(0).code, "E999");
}

TEST(Lint, SyntaxErrorIsOneE999AtTheFirstError) {
  Settings s;
  s.enabled = default_rules();
  Parser p;
  auto r = lint("import numpy as np\nx = np.ones(n)\ndef f(:\n    pass\ny = )\n", "\n", s, p);
  ASSERT_TRUE(r.syntax_error);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].code, "E999");
  EXPECT_EQ(r.diagnostics[0].location.row, 3u);
}

TEST(Lint, GrammarGapsInsideStringsAreNotSyntaxErrors) {
  // Python accepts the format spec `=`; the pinned grammar does not. The file is valid.
  Settings s;
  s.enabled = default_rules();
  Parser p;
  auto ok = lint("import numpy as np\nmsg = f\"{items:=} must be a sequence\"\nx = np.ones(n)\n", "\n", s, p);
  EXPECT_FALSE(ok.syntax_error);
  ASSERT_EQ(ok.diagnostics.size(), 1u);
  EXPECT_EQ(ok.diagnostics[0].code, "MEM301");
  // A real error elsewhere in the same file is still reported.
  auto bad = lint("msg = f\"{items:=}\"\ny = (\n", "\n", s, p);
  ASSERT_TRUE(bad.syntax_error);
  EXPECT_EQ(bad.diagnostics[0].location.row, 2u);
}

}  // namespace
}  // namespace pml
