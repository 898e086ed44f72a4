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

// Removing a directive that opens its comment makes the comment after it open it instead, and some
// readers look only there: CPython's type comments (mypy: `f(1)  # type: int` does not parse with
// type_comments=True, `x = 1  # type: ignore` becomes an ignore), file-level `# flake8: noqa` and
// `# mypy:` lines. A later `# noqa` becomes the first one, which flake8 and Ruff read. So the fix
// is offered only when what follows is plain prose.
TEST(UnusedNoqa, NoFixWhenAFollowingCommentWouldBeReadDifferently) {
  for (std::string_view line : {
           "f(1)  # noqa: MEM301  # type: int\n",
           "x = 1  # noqa: MEM301  #type:ignore\n",
           "# noqa: MEM301  # flake8: noqa\n",
           "# noqa: MEM301  # mypy: ignore-errors\n",
           "# noqa: MEM301  # pymemlint: noqa\n",
           "x = 1  # noqa: MEM301  # noqa: E501\n",
           "x = 1  # noqa: MEM301  # NOQA\n",
           "x = 1  # type: ignore  # noqa: MEM301  # noqa: E501\n",
       }) {
    auto found = unused_noqa(line);
    ASSERT_EQ(found.size(), 1u) << line;
    EXPECT_FALSE(found[0].fix) << line;
    EXPECT_EQ(fixed(line), line);
  }
  // Prose after it, or a pragma that is not brought to the comment's start, keeps the fix.
  EXPECT_EQ(fixed("x = 1  # noqa: MEM301  # why\n"), "x = 1  # why\n");
  EXPECT_EQ(fixed("x = 1  # type: ignore  # noqa: MEM301  # pyright: ignore\n"),
            "x = 1  # type: ignore  # pyright: ignore\n");
  EXPECT_EQ(fixed("x = 1  # noqa: MEM301, E501  # type: ignore\n"), "x = 1  # noqa: E501  # type: ignore\n");
}

// flake8 reads `# noqa` followed by anything but `:`, at most one blank and a code with digits as a
// bare `# noqa` silencing every code on the line, and its list ends at a code without digits. The
// fix must not take away what flake8 silences there.
TEST(UnusedNoqa, NoFixWhereFlake8ReadsTheDirectiveOtherwise) {
  for (std::string_view line : {
           "x = 1  # noqa:  MEM301\n",         // flake8: bare
           "x = 1  # noqa : MEM301\n",         // flake8: bare
           "x = 1  # noqa: MEM, E501\n",       // flake8: bare
           "x = 1  # noqa: E501, MEM, W291\n",  // flake8: E501 only
       }) {
    auto found = unused_noqa(line);
    ASSERT_EQ(found.size(), 1u) << line;
    EXPECT_FALSE(found[0].fix) << line;
    EXPECT_EQ(fixed(line), line);
  }
  // What flake8 reads alike before and after keeps the fix.
  EXPECT_EQ(fixed("x = 1  # noqa:\tMEM301\n"), "x = 1\n");
  EXPECT_EQ(fixed("x = 1  #noqa:MEM301\n"), "x = 1\n");
  EXPECT_EQ(fixed("x = 1  # noqa:  MEM301, E501\n"), "x = 1  # noqa:  E501\n");
}

// Sphinx's autodoc documents an attribute by a comment that opens with `#:`; bringing one to the
// comment's start would add documentation.
TEST(UnusedNoqa, NoFixThatTurnsAFollowingCommentIntoADocComment) {
  const std::string line = "x = 1  # noqa: MEM301  #: rows per chunk\n";
  auto found = unused_noqa(line);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_FALSE(found[0].fix);
  EXPECT_EQ(fixed(line), line);
}

}  // namespace
}  // namespace pml
