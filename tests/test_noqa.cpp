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

TEST(Noqa, FileLevelDirective) {
  NoqaDirective d;
  ASSERT_TRUE(parse_file_noqa("# pymemlint: noqa", &d));
  EXPECT_TRUE(d.all);
  ASSERT_TRUE(parse_file_noqa("# pymemlint: noqa: MEM303", &d));
  EXPECT_EQ(d.codes, (std::vector<std::string>{"MEM303"}));
  EXPECT_FALSE(parse_file_noqa("# noqa", &d));
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

}  // namespace
}  // namespace pml
