// Path globs: Ruff's (globset's) syntax on top of fnmatch(3).
#include <gtest/gtest.h>

#include <string>

#include "analyzer/glob.h"

namespace pml {
namespace {

bool m(const std::string& glob, const std::string& path) { return Glob(glob).matches(path); }

// What fnmatch already did, which must not change.
TEST(Glob, FnmatchBasicsAreKept) {
  EXPECT_TRUE(m("*.py", "a.py"));
  EXPECT_TRUE(m("*.py", "a/b.py"));  // `*` crosses `/`, as in Ruff
  EXPECT_TRUE(m("tests/*", "tests/unit/deep/a.py"));
  EXPECT_TRUE(m("a?c", "a/c"));
  EXPECT_TRUE(m("[!x]*.py", "a.py"));
  EXPECT_FALSE(m("[!a]*.py", "a.py"));
  EXPECT_TRUE(m("[[:digit:]]*.py", "1.py"));
  EXPECT_TRUE(m("\\*.py", "*.py"));
  EXPECT_FALSE(m("\\*.py", "a.py"));
  EXPECT_FALSE(m("*.py", "a.pyi"));
  EXPECT_FALSE(m("*", ""));
}

TEST(Glob, LeadingGlobstarMatchesZeroOrMoreDirectories) {
  EXPECT_TRUE(m("**/tests/*.py", "tests/a.py"));
  EXPECT_TRUE(m("**/tests/*.py", "pkg/tests/a.py"));
  EXPECT_TRUE(m("**/tests/*.py", "a/b/tests/a.py"));
  EXPECT_FALSE(m("**/tests/*.py", "a/xtests/a.py"));
  EXPECT_TRUE(m("**/foo", "foo"));
  EXPECT_FALSE(m("**/foo", "foo/bar"));
}

TEST(Glob, MiddleGlobstarMatchesZeroOrMoreDirectories) {
  EXPECT_TRUE(m("tests/**/*.py", "tests/a.py"));
  EXPECT_TRUE(m("tests/**/*.py", "tests/unit/a.py"));
  EXPECT_TRUE(m("tests/**/*.py", "tests/unit/deep/a.py"));
  EXPECT_FALSE(m("tests/**/*.py", "other/a.py"));
  EXPECT_FALSE(m("tests/**/*.py", "tests.py"));
  EXPECT_TRUE(m("a/**/b/**/c", "a/b/c"));
  EXPECT_TRUE(m("a/**/b/**/c", "a/x/b/y/z/c"));
  EXPECT_FALSE(m("a/**/b/**/c", "a/x/c"));
  EXPECT_TRUE(m("src/*/**/gen_*.py", "src/pkg/gen_a.py"));
}

TEST(Glob, TrailingGlobstarMatchesEverythingBelow) {
  EXPECT_TRUE(m("build/**", "build/a.py"));
  EXPECT_TRUE(m("build/**", "build/x/y/a.py"));
  EXPECT_FALSE(m("build/**", "build"));
  EXPECT_FALSE(m("build/**", "builder/a.py"));
  EXPECT_TRUE(m("**", "a/b/c.py"));
}

TEST(Glob, GlobstarInsideAComponentIsAStar) {
  EXPECT_TRUE(m("a**.py", "ab.py"));
  EXPECT_TRUE(m("a/**b", "a/xb"));
  EXPECT_FALSE(m("a/**b", "a/xc"));
  // Escaped or in brackets it is no globstar at all.
  EXPECT_TRUE(m("\\*\\*/a.py", "**/a.py"));
  EXPECT_FALSE(m("\\*\\*/a.py", "a.py"));
  EXPECT_TRUE(m("[*]*/a.py", "*x/a.py"));
  EXPECT_FALSE(m("[*]*/a.py", "a.py"));
}

TEST(Glob, BracesMatchEitherAlternative) {
  EXPECT_TRUE(m("*.{py,ipynb}", "a.py"));
  EXPECT_TRUE(m("*.{py,ipynb}", "a.ipynb"));
  EXPECT_FALSE(m("*.{py,ipynb}", "a.pyi"));
  EXPECT_TRUE(m("{tests,benchmarks}/*.py", "benchmarks/b.py"));
  EXPECT_FALSE(m("{tests,benchmarks}/*.py", "src/b.py"));
  EXPECT_TRUE(m("a{,_test}.py", "a.py"));  // an empty alternative
  EXPECT_TRUE(m("a{,_test}.py", "a_test.py"));
  EXPECT_TRUE(m("{a,b}{c,d}", "bc"));
  EXPECT_FALSE(m("{a,b}{c,d}", "ab"));
}

TEST(Glob, BracesNestAndHoldSlashesAndGlobstars) {
  EXPECT_TRUE(m("{src/{gen,proto},tests/**}/*.py", "src/proto/a.py"));
  EXPECT_TRUE(m("{src/{gen,proto},tests/**}/*.py", "tests/a.py"));  // `**/` in an alternative
  EXPECT_TRUE(m("{src/{gen,proto},tests/**}/*.py", "tests/x/y/a.py"));
  EXPECT_FALSE(m("{src/{gen,proto},tests/**}/*.py", "src/other/a.py"));
  EXPECT_TRUE(m("{**/,}fixtures/*.py", "pkg/fixtures/a.py"));
  EXPECT_TRUE(m("{**/,}fixtures/*.py", "fixtures/a.py"));
}

TEST(Glob, EscapedOrBracketedBracesAndLooseCommasAreLiteral) {
  EXPECT_TRUE(m("a,b.py", "a,b.py"));
  EXPECT_TRUE(m("\\{a,b\\}.py", "{a,b}.py"));
  EXPECT_FALSE(m("\\{a,b\\}.py", "a.py"));
  EXPECT_TRUE(m("[{]a[}].py", "{a}.py"));
  EXPECT_TRUE(m("{a,[,]}.py", ",.py"));
  EXPECT_FALSE(Glob::error_in("[{]a[}].py").has_value());
  EXPECT_FALSE(Glob::error_in("\\{a\\}").has_value());
}

TEST(Glob, UnpairedBracesAndTooManyAlternativesAreErrors) {
  EXPECT_FALSE(Glob::error_in("{a,b}/**/*.py").has_value());
  EXPECT_EQ(Glob::error_in("tests/{a,b"), "a `{` is never closed (write `[{]` or `\\{` for the character)");
  EXPECT_EQ(Glob::error_in("{a,{b}"), "a `{` is never closed (write `[{]` or `\\{` for the character)");
  EXPECT_EQ(Glob::error_in("a}.py"), "a `}` is never opened (write `[}]` or `\\}` for the character)");
  EXPECT_EQ(Glob::error_in("{a}}.py"), "a `}` is never opened (write `[}]` or `\\}` for the character)");
  std::string ten;  // 2^10 = 1024 alternatives: the most allowed
  for (int i = 0; i < 10; ++i) ten += "{a,b}";
  EXPECT_FALSE(Glob::error_in(ten).has_value());
  EXPECT_EQ(Glob::error_in(ten + "{a,b}"), "its `{...}` alternatives make more than 1024 patterns");
  // Thirty doubling groups would be a billion patterns: refused after the first 1025.
  std::string thirty;
  for (int i = 0; i < 30; ++i) thirty += "{a,b}";
  EXPECT_TRUE(Glob::error_in(thirty).has_value());
}

}  // namespace
}  // namespace pml
