// MEM101's fix-style = "rebind": one name for the chain, only where renaming is provably valid.
#include <gtest/gtest.h>

#include "analyzer/checker.h"
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

}  // namespace
}  // namespace pml
