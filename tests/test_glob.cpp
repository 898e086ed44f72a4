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

}  // namespace
}  // namespace pml
