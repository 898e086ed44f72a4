// Golden tests for the unified diff printed by `--diff`.
#include "analyzer/diff.h"

#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace pml {
namespace {

// "line 1\n" ... "line N\n"
std::string numbered_lines(int n) {
  std::string text;
  for (int i = 1; i <= n; ++i) text += "line " + std::to_string(i) + "\n";
  return text;
}

std::string replace_once(std::string text, std::string_view from, std::string_view to) {
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

TEST(UnifiedDiff, EqualTextsGiveNothing) {
  EXPECT_EQ(unified_diff("", "", "a.py"), "");
  EXPECT_EQ(unified_diff("x = 1\n", "x = 1\n", "a.py"), "");
}

TEST(UnifiedDiff, ChangedLineWithThreeLinesOfContext) {
  const std::string before = "import numpy as np\n\nN = 1000\nx = np.zeros((N, N))\ny = x + 1\nprint(y)\n\n\n";
  const std::string after = replace_once(before, "np.zeros((N, N))", "np.zeros((N, N), dtype=np.float32)");
  EXPECT_EQ(unified_diff(before, after, "pkg/a.py"),
            "--- pkg/a.py\n"
            "+++ pkg/a.py\n"
            "@@ -1,7 +1,7 @@\n"
            " import numpy as np\n"
            " \n"
            " N = 1000\n"
            "-x = np.zeros((N, N))\n"
            "+x = np.zeros((N, N), dtype=np.float32)\n"
            " y = x + 1\n"
            " print(y)\n"
            " \n");
}

TEST(UnifiedDiff, DistantChangesMakeSeparateHunks) {
  const std::string before = numbered_lines(20);
  const std::string after = replace_once(replace_once(before, "line 2\n", "line two\n"), "line 17\n", "");
  EXPECT_EQ(unified_diff(before, after, "a.py"),
            "--- a.py\n"
            "+++ a.py\n"
            "@@ -1,5 +1,5 @@\n"
            " line 1\n"
            "-line 2\n"
            "+line two\n"
            " line 3\n"
            " line 4\n"
            " line 5\n"
            "@@ -14,7 +14,6 @@\n"
            " line 14\n"
            " line 15\n"
            " line 16\n"
            "-line 17\n"
            " line 18\n"
            " line 19\n"
            " line 20\n");
}

TEST(UnifiedDiff, NearbyChangesShareAHunk) {
  // Six unchanged lines between two changes: the two contexts touch, so one hunk.
  const std::string before = numbered_lines(12);
  const std::string after = replace_once(replace_once(before, "line 2\n", "line II\n"), "line 9\n", "line IX\n");
  EXPECT_EQ(unified_diff(before, after, "a.py"),
            "--- a.py\n"
            "+++ a.py\n"
            "@@ -1,12 +1,12 @@\n"
            " line 1\n"
            "-line 2\n"
            "+line II\n"
            " line 3\n"
            " line 4\n"
            " line 5\n"
            " line 6\n"
            " line 7\n"
            " line 8\n"
            "-line 9\n"
            "+line IX\n"
            " line 10\n"
            " line 11\n"
            " line 12\n");
}

TEST(UnifiedDiff, InsertionAtEndWithoutTrailingNewline) {
  EXPECT_EQ(unified_diff("x = 1\n", "x = 1\ndel x", "a.py"),
            "--- a.py\n"
            "+++ a.py\n"
            "@@ -1 +1,2 @@\n"
            " x = 1\n"
            "+del x\n"
            "\\ No newline at end of file\n");
}

TEST(UnifiedDiff, OldTextWithoutTrailingNewline) {
  // The last old line changes (it gains a newline), so it is removed and added back.
  EXPECT_EQ(unified_diff("x = 1", "x = 1\ndel x\n", "a.py"),
            "--- a.py\n"
            "+++ a.py\n"
            "@@ -1 +1,2 @@\n"
            "-x = 1\n"
            "\\ No newline at end of file\n"
            "+x = 1\n"
            "+del x\n");
}

TEST(UnifiedDiff, UnchangedLastLineWithoutNewlineInContext) {
  EXPECT_EQ(unified_diff("a = 1\nb = 2", "a = 2\nb = 2", "a.py"),
            "--- a.py\n"
            "+++ a.py\n"
            "@@ -1,2 +1,2 @@\n"
            "-a = 1\n"
            "+a = 2\n"
            " b = 2\n"
            "\\ No newline at end of file\n");
}

TEST(UnifiedDiff, WholeFileAddedAndRemoved) {
  EXPECT_EQ(unified_diff("", "x = 1\n", "a.py"), "--- a.py\n+++ a.py\n@@ -0,0 +1 @@\n+x = 1\n");
  EXPECT_EQ(unified_diff("x = 1\ny = 2\n", "", "a.py"), "--- a.py\n+++ a.py\n@@ -1,2 +0,0 @@\n-x = 1\n-y = 2\n");
}

TEST(UnifiedDiff, CrlfLinesSurviveByteForByte) {
  EXPECT_EQ(unified_diff("a = 1\r\nb = a + 1\r\nc = 3\r\n", "a = 1\r\nb = a\r\nb += 1\r\nc = 3\r\n", "w.py"),
            "--- w.py\n"
            "+++ w.py\n"
            "@@ -1,3 +1,4 @@\n"
            " a = 1\r\n"
            "-b = a + 1\r\n"
            "+b = a\r\n"
            "+b += 1\r\n"
            " c = 3\r\n");
}

TEST(UnifiedDiff, SafeFromSeveralThreads) {
  const std::string expected = unified_diff("x = 1\n", "x = 2\n", "a.py");
  ASSERT_EQ(expected, "--- a.py\n+++ a.py\n@@ -1 +1 @@\n-x = 1\n+x = 2\n");
  std::vector<std::string> results(4);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < results.size(); ++i)
    threads.emplace_back([&results, i] {
      for (int k = 0; k < 50; ++k) results[i] = unified_diff("x = 1\n", "x = 2\n", "a.py");
    });
  for (std::thread& t : threads) t.join();
  for (const std::string& r : results) EXPECT_EQ(r, expected);
}

}  // namespace
}  // namespace pml
