// MEM101's fix-style = "rebind", and the lifetime rules' cost on hostile input.
#include <gtest/gtest.h>

#include "analyzer/checker.h"
#include "analyzer/diagnostic.h"
#include "rules/registry.h"

namespace pml {
namespace {

std::string fixed(std::string_view text) {
  Settings s;
  s.enabled.set(*rule_index("MEM101"));
  s.fix_style = FixStyle::Rebind;
  Parser parser;
  auto r = fix(std::string(text), "\n", s, parser, Applicability::Safe);
  EXPECT_FALSE(r.error);
  return r.text;
}

TEST(Mem101Rebind, ReusesTheDeadNameForTheNextValue) {
  EXPECT_EQ(fixed("import pickle\n"
                  "def f(file):\n"
                  "    data1 = pickle.load(file)\n"
                  "    data2 = step1(data1)\n"
                  "    data3 = step2(data2)\n"
                  "    return data3\n"),
            "import pickle\n"
            "def f(file):\n"
            "    data1 = pickle.load(file)\n"
            "    data1 = step1(data1)\n"
            "    data3 = step2(data1)\n"
            "    return data3\n");
}

TEST(Mem101Rebind, FallsBackToDelWhenTheNextNameMayBeUnbound) {
  // `data2` may be unbound where it is read: renaming it would read `data1`'s old value instead
  // of raising, so the fix stays `del`.
  std::string out = fixed("import pickle\n"
                          "def f(file, flag):\n"
                          "    data1 = pickle.load(file)\n"
                          "    if flag:\n"
                          "        data2 = step1(data1)\n"
                          "    data3 = step2(pickle.load(file))\n"
                          "    return data2, data3\n");
  EXPECT_EQ(out.find("data1 = step1"), std::string::npos) << out;
  EXPECT_NE(out.find("del data1"), std::string::npos) << out;
}

TEST(Mem101Rebind, FallsBackToDelWhenAComprehensionBindsTheName) {
  // Renamed, `data2` inside the comprehension would read its loop variable `data1`.
  std::string out = fixed("import pickle\n"
                          "def f(file):\n"
                          "    data1 = pickle.load(file)\n"
                          "    data2 = step1(data1)\n"
                          "    data3 = step2(data2)\n"
                          "    return data3, [data2[0] + data1 for data1 in range(2)]\n");
  EXPECT_EQ(out.find("data1 = step1"), std::string::npos) << out;
  EXPECT_NE(out.find("del data1"), std::string::npos) << out;
  // A comprehension that does not bind `data1` reads the renamed name as before.
  out = fixed("import pickle\n"
              "def f(file):\n"
              "    data1 = pickle.load(file)\n"
              "    data2 = step1(data1)\n"
              "    data3 = step2(data2)\n"
              "    return data3, [data2[0] + k for k in range(2)]\n");
  EXPECT_NE(out.find("[data1[0] + k for k in range(2)]"), std::string::npos) << out;
}

TEST(Mem101Rebind, FallsBackToDelInALoop) {
  std::string out = fixed("import numpy as np\n"
                          "def f(paths):\n"
                          "    for p in paths:\n"
                          "        a = np.load(p)\n"
                          "        b = step(a)\n"
                          "        c = np.load(p)\n"
                          "        use(b, c)\n");
  EXPECT_EQ(out.find("a = step(a)"), std::string::npos) << out;
  EXPECT_NE(out.find("del a"), std::string::npos) << out;
}

// Value facts of nested calls are remembered at every depth: `np.multiply(np.multiply(...), 2.0)`
// evaluates each argument more than once, and without that this took time exponential in the
// depth (22 levels: seconds). A regression shows as a test that never ends. (Python takes at most
// 200 brackets open at once: deeper is an E999.)
std::vector<std::string> codes_for_nested_calls(int depth) {
  std::string text = "import numpy as np\nN = 100_000_000\ndef f(path):\n    data = np.load(path)\n"
                     "    total = data.sum()\n    res = ";
  for (int i = 0; i < depth; ++i) text += "np.multiply(";
  text += "np.ones(N)";
  for (int i = 0; i < depth; ++i) text += ", 2.0)";
  text += "\n    return res, total\n";
  Settings s;
  for (const char* code : {"MEM101", "MEM102", "MEM103", "MEM301"}) s.enabled.set(*rule_index(code));
  Parser parser;
  LintResult r = lint(text, "\n", s, parser);
  EXPECT_FALSE(r.syntax_error);
  std::vector<std::string> codes;
  for (const Diagnostic& d : r.diagnostics) codes.push_back(d.code);
  return codes;
}

TEST(LifetimeRules, DeeplyNestedNumpyCallsAreAnalyzedOnce) {
  // `data` is dead while the 800 MB result is built; the innermost np.ones(N) is float64.
  EXPECT_EQ(codes_for_nested_calls(25), (std::vector<std::string>{"MEM101", "MEM301"}));
  // Past the value analysis' depth limit the result's size is unknown: only MEM301 remains.
  EXPECT_EQ(codes_for_nested_calls(190), (std::vector<std::string>{"MEM301"}));
}

// A generated file with thousands of findings on one very long row: each finding's location and
// display row cost no more than the finding (no copy or scan of the row per finding).
TEST(LongRow, ManyFindingsOnItKeepNoCopyOfIt) {
  std::string text = "import numpy as np\nxs = [";
  for (int i = 0; i < 20000; ++i) text += "np.zeros(n), ";
  text += "]\n";
  Settings s;
  s.enabled.set(*rule_index("MEM301"));
  Parser parser;
  LintResult r = lint(text, "\n", s, parser);
  ASSERT_EQ(r.diagnostics.size(), 20000u);
  EXPECT_EQ(r.diagnostics.back().location.row, 2u);
  EXPECT_EQ(r.diagnostics.back().location.column, 7u + 13u * 19999u);
  for (const Diagnostic& d : r.diagnostics) ASSERT_TRUE(d.source_line.empty());
}

}  // namespace
}  // namespace pml
