#include <gtest/gtest.h>

#include "analyzer/checker.h"
#include "analyzer/noqa.h"
#include "rules/registry.h"

namespace pml {
namespace {

TEST(Noqa, ParsesBlanketAndCodes) {
  NoqaDirective d;
  ASSERT_TRUE(parse_noqa("# noqa", &d));
  EXPECT_TRUE(d.all);
  ASSERT_TRUE(parse_noqa("# NOQA: MEM301, MEM2", &d));
  EXPECT_FALSE(d.all);
  EXPECT_EQ(d.codes, (std::vector<std::string>{"MEM301", "MEM2"}));
  EXPECT_TRUE(d.matches("MEM301"));
  EXPECT_TRUE(d.matches("MEM203"));
  EXPECT_FALSE(d.matches("MEM303"));
  ASSERT_TRUE(parse_noqa("# type: ignore  # noqa:MEM303", &d));
  EXPECT_EQ(d.codes, (std::vector<std::string>{"MEM303"}));
  EXPECT_FALSE(parse_noqa("# noqanda", &d));
  EXPECT_FALSE(parse_noqa("# a plain comment", &d));
}

// Where a directive lies in its comment, and which of its codes silenced a finding.
TEST(Noqa, DirectiveRangeAndUse) {
  NoqaDirective d;
  ASSERT_TRUE(parse_noqa("# type: ignore  # noqa: MEM301, MEM2  # why", &d));
  EXPECT_EQ(d.start, 16u);
  EXPECT_EQ(d.end, 36u);
  ASSERT_TRUE(parse_noqa("# noqa", &d));
  EXPECT_EQ(d.start, 0u);
  EXPECT_EQ(d.end, 6u);
  ASSERT_TRUE(parse_noqa("#noqa: ", &d));
  EXPECT_EQ(d.end, 6u);

  NoqaIndex index;
  index.add_comment("# noqa: MEM301, MEM3, MEM601  \r", 4, 100);
  index.add_comment("# noqa", 5, 140);
  index.add_comment("# pymemlint: noqa: MEM2", 1, 0);
  EXPECT_TRUE(index.suppress("MEM301", 4));
  EXPECT_FALSE(index.suppress("MEM101", 4));
  EXPECT_TRUE(index.suppress("MEM201", 4));  // by the file-level directive: the line's is not used
  const LineNoqa& line = index.lines().at(4);
  EXPECT_EQ(line.used, (std::vector<bool>{true, true, false}));
  EXPECT_EQ(line.comment_start, 100u);
  EXPECT_EQ(line.comment_end, 128u);  // without the trailing blanks and "\r"
  EXPECT_FALSE(index.lines().at(5).used_all);
  EXPECT_TRUE(index.suppress("MEM101", 5));
  EXPECT_TRUE(index.lines().at(5).used_all);
  EXPECT_TRUE(index.file_suppresses("MEM203"));
  EXPECT_FALSE(index.file_suppresses("MEM301"));
}

TEST(Noqa, FileLevelDirective) {
  NoqaDirective d;
  ASSERT_TRUE(parse_file_noqa("# pymemlint: noqa", &d));
  EXPECT_TRUE(d.all);
  ASSERT_TRUE(parse_file_noqa("# pymemlint: noqa: MEM303", &d));
  EXPECT_EQ(d.codes, (std::vector<std::string>{"MEM303"}));
  EXPECT_FALSE(parse_file_noqa("# noqa", &d));
}

TEST(Noqa, ACodeRunsToTheNextSeparator) {
  NoqaDirective d;
  // A typo makes the token no code at all; it never falls back to the prefix before the typo.
  for (std::string_view typo : {"MEM3O1", "MEM3X", "MEM301abc", "MEM3_01", "Memory", "MEM301MEM303"}) {
    std::string comment = "# noqa: " + std::string(typo);
    ASSERT_TRUE(parse_noqa(comment, &d)) << comment;
    EXPECT_FALSE(d.all) << comment;
    EXPECT_TRUE(d.codes.empty()) << comment;
    EXPECT_FALSE(d.matches("MEM301")) << comment;
  }
  // The valid codes beside a typo still count.
  ASSERT_TRUE(parse_noqa("# noqa: MEM3O1, MEM303", &d));
  EXPECT_EQ(d.codes, (std::vector<std::string>{"MEM303"}));
  EXPECT_EQ(d.code_spans, (std::vector<std::pair<uint32_t, uint32_t>>{{16, 22}}));
  // Separators: commas with or without spaces, spaces alone, a following comment.
  ASSERT_TRUE(parse_noqa("#noqa:MEM301,MEM2", &d));
  EXPECT_EQ(d.codes, (std::vector<std::string>{"MEM301", "MEM2"}));
  ASSERT_TRUE(parse_noqa("# noqa: MEM301 MEM303", &d));
  EXPECT_EQ(d.codes, (std::vector<std::string>{"MEM301", "MEM303"}));
  ASSERT_TRUE(parse_noqa("# noqa: MEM301# why", &d));
  EXPECT_EQ(d.codes, (std::vector<std::string>{"MEM301"}));
  // Prefixes, down to the letters alone, as selectors take them.
  ASSERT_TRUE(parse_noqa("# noqa: MEM", &d));
  EXPECT_TRUE(d.matches("MEM602"));
  // Text after the codes ends the list.
  ASSERT_TRUE(parse_noqa("# noqa: MEM301 kept on purpose, see MEM3 docs", &d));
  EXPECT_EQ(d.codes, (std::vector<std::string>{"MEM301"}));
  // A colon and no code silences nothing (Ruff: "expected a comma-separated list of codes").
  for (std::string_view comment : {"# noqa:", "# noqa: ", "# noqa: mem301"}) {
    ASSERT_TRUE(parse_noqa(comment, &d)) << comment;
    EXPECT_FALSE(d.all) << comment;
    EXPECT_FALSE(d.matches("MEM301")) << comment;
  }
  // Without a colon it is still a blanket noqa.
  ASSERT_TRUE(parse_noqa("# noqa MEM301", &d));
  EXPECT_TRUE(d.all);
}

std::vector<Diagnostic> run(std::string_view text) {
  Settings s;
  s.enabled = default_rules();
  Parser p;
  return lint(text, "\n", s, p).diagnostics;
}

TEST(Noqa, SuppressesOnlyOnTheFindingsRow) {
  EXPECT_TRUE(run("import numpy as np\nx = np.ones(n)  # noqa\n").empty());
  EXPECT_TRUE(run("import numpy as np\nx = np.ones(n)  # noqa: MEM301\n").empty());
  EXPECT_TRUE(run("import numpy as np\nx = np.ones(n)  # noqa: MEM3\n").empty());
  EXPECT_EQ(run("import numpy as np\nx = np.ones(n)  # noqa: MEM303\n").size(), 1u);
  EXPECT_EQ(run("import numpy as np\n# noqa\nx = np.ones(n)\n").size(), 1u);
  for (std::string_view typo : {"MEM3O1", "MEM3X", "MEM301abc", "MEM3_01"})
    EXPECT_EQ(run("import numpy as np\nx = np.ones(n)  # noqa: " + std::string(typo) + "\n").size(), 1u) << typo;
  // A multi-line call is suppressed on the row where it starts.
  EXPECT_TRUE(run("import numpy as np\nx = np.ones(  # noqa: MEM301\n    n,\n)\n").empty());
}

TEST(Noqa, FileLevelSuppression) {
  EXPECT_TRUE(run("# pymemlint: noqa\nimport numpy as np\nx = np.ones(n)\n").empty());
  EXPECT_TRUE(run("import numpy as np\n# pymemlint: noqa: MEM301\nx = np.ones(n)\n").empty());
  auto d = run("# pymemlint: noqa: MEM301\nimport numpy as np\nx = np.ones(10**7, dtype=object)\ny = np.ones(n)\n");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].code, "MEM303");
}

TEST(Noqa, FileLevelMistypedCodeSilencesNothing) {
  auto d = run("# pymemlint: noqa: MEM3O1\nimport numpy as np\nx = np.ones(10**7, dtype=object)\ny = np.ones(n)\n");
  EXPECT_EQ(d.size(), 2u);
  NoqaDirective dir;
  ASSERT_TRUE(parse_file_noqa("# pymemlint: noqa: MEM3O1", &dir));
  EXPECT_FALSE(dir.all);
  EXPECT_TRUE(dir.codes.empty());
}

TEST(NoqaLineMap, MergesRangesThatOverlapOrTouch) {
  NoqaLineMap map;
  map.add(0, 10);
  map.add(10, 20);  // touches: one range, ending at 20
  map.add(30, 40);
  map.add(35, 50);  // overlaps: one range, ending at 50
  map.add(60, 60);  // empty: nothing
  map.finish();
  EXPECT_EQ(map.resolve(0), 20u);
  EXPECT_EQ(map.resolve(15), 20u);
  EXPECT_EQ(map.resolve(25), 25u);  // between ranges: its own place
  EXPECT_EQ(map.resolve(31), 50u);
  EXPECT_EQ(map.resolve(60), 60u);
  EXPECT_EQ(map.resolve(70), 70u);

  // Ranges added out of order are merged by finish().
  NoqaLineMap unordered;
  unordered.add(50, 60);
  unordered.add(0, 10);
  unordered.add(10, 55);
  unordered.finish();
  EXPECT_EQ(unordered.resolve(0), 60u);
  EXPECT_EQ(unordered.resolve(52), 60u);
}

// Ruff's noqa line mapping: a line that ends with a backslash cannot carry a comment, so its
// findings take the `# noqa` of the line after the last backslash.
TEST(Noqa, ABackslashLineTakesTheNoqaOfTheLineAfterIt) {
  EXPECT_TRUE(run("import numpy as np\na = np.ones(n) + \\\n    1  # noqa\n").empty());
  EXPECT_TRUE(run("import numpy as np\na = np.ones(n) + \\\n    1  # noqa: MEM301\n").empty());
  EXPECT_EQ(run("import numpy as np\na = np.ones(n) + \\\n    1  # noqa: MEM303\n").size(), 1u);
  auto d = run("import numpy as np\na = np.ones(n) + \\\n    1\n");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].location.row, 2u);
  EXPECT_EQ(d[0].noqa_row, 3u);
  // Chained backslashes: the line after the last one.
  d = run("import numpy as np\na = np.ones(n) + \\\n    1 + \\\n    2\n");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].noqa_row, 4u);
  EXPECT_TRUE(run("import numpy as np\na = np.ones(n) + \\\n    1 + \\\n    2  # noqa\n").empty());
  // Inside brackets too.
  EXPECT_TRUE(run("import numpy as np\na = max(np.ones(n), \\\n    1)  # noqa\n").empty());
}

// And a multi-line string (triple-quoted, or an f-string) takes its findings, and those on the
// line it opens on, to the line of its closing quote.
TEST(Noqa, AMultiLineStringTakesTheNoqaOfItsClosingLine) {
  auto d = run("import numpy as np\nc = f\"\"\"{np.ones(n)}\n\"\"\"\n");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].location.row, 2u);
  EXPECT_EQ(d[0].noqa_row, 3u);
  EXPECT_TRUE(run("import numpy as np\nc = f\"\"\"{np.ones(n)}\n\"\"\"  # noqa\n").empty());
  EXPECT_EQ(run("import numpy as np\nc = f\"\"\"{np.ones(n)}\n\"\"\"  # noqa: MEM303\n").size(), 1u);
  // A finding on a middle line of the f-string.
  d = run("import numpy as np\nc = f\"\"\"\n{np.ones(n)}\ntext\n\"\"\"\n");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].location.row, 3u);
  EXPECT_EQ(d[0].noqa_row, 5u);
  // A single-quoted f-string over several lines (Python 3.12).
  EXPECT_TRUE(run("import numpy as np\nc = f'{\n    np.ones(n)\n}'  # noqa\n").empty());
  // A nested f-string: the outermost one's closing line.
  EXPECT_TRUE(run("import numpy as np\nc = f\"\"\"{f'{np.ones(n)}'}\ntext\"\"\"  # noqa\n").empty());
  // A plain triple-quoted string opening on the finding's line.
  d = run("import numpy as np\na = [np.ones(n), \"\"\"\ntext\"\"\"]\n");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].noqa_row, 3u);
  EXPECT_TRUE(run("import numpy as np\na = [np.ones(n), \"\"\"\ntext\"\"\"]  # noqa\n").empty());
}

// Ranges that touch or overlap chain, as in Ruff: a backslash line before a multi-line string, a
// multi-line string whose closing line ends with a backslash.
TEST(Noqa, BackslashesAndMultiLineStringsChain) {
  auto d = run("import numpy as np\na = np.ones(n) + \\\n    len(\"\"\"x\n    y\"\"\")\n");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].noqa_row, 4u);
  EXPECT_TRUE(run("import numpy as np\na = np.ones(n) + \\\n    len(\"\"\"x\n    y\"\"\")  # noqa\n").empty());
  d = run("import numpy as np\na = np.ones(n) + len(\"\"\"x\n\"\"\") + \\\n    1\n");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].noqa_row, 4u);
  EXPECT_TRUE(run("import numpy as np\na = np.ones(n) + len(\"\"\"x\n\"\"\") + \\\n    1  # noqa\n").empty());
}

TEST(Noqa, FindingsOnOrdinaryLinesKeepTheirRow) {
  // The line after a multi-line string, and its closing line after the quote.
  auto d = run("import numpy as np\ns = \"\"\"a\nb\"\"\"\nx = np.ones(n)\n");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].location.row, 4u);
  EXPECT_EQ(d[0].noqa_row, 4u);
  d = run("import numpy as np\ns = \"\"\"a\n\"\"\" + str(np.ones(n))\n");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].noqa_row, 3u);
  // The last line of a continuation is where its comment goes.
  d = run("import numpy as np\na = 1 + \\\n    np.ones(n)\n");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].noqa_row, 3u);
  // A triple-quoted string on one line, and a multi-line call without backslashes.
  d = run("import numpy as np\na = np.ones(n) + len(\"\"\"x\"\"\")\nb = np.ones(\n    n)\n");
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].noqa_row, 2u);
  EXPECT_EQ(d[1].noqa_row, 3u);
  // A single-quoted string continued by a backslash inside it is not mapped, as in Ruff.
  d = run("import numpy as np\na = np.ones(n) + len('x\\\ny')\n");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].noqa_row, 2u);
}

}  // namespace
}  // namespace pml
