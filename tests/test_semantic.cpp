// Qualified names and constants from the semantic model, through the checker's walk.
#include <gtest/gtest.h>

#include "analyzer/checker.h"
#include "analyzer/values.h"
#include "rules/registry.h"

namespace pml {
namespace {

std::vector<Diagnostic> run(std::string_view text, uint64_t min_bytes = 1u << 20) {
  Settings s;
  s.enabled = default_rules();
  s.min_bytes = min_bytes;
  Parser p;
  return lint(text, "\n", s, p).diagnostics;
}

TEST(Semantic, ImportSpellingsAllResolve) {
  EXPECT_EQ(run("import numpy as np\nnp.zeros(n)\n").size(), 1u);
  EXPECT_EQ(run("import numpy\nnumpy.zeros(n)\n").size(), 1u);
  EXPECT_EQ(run("from numpy import zeros as z\nz(n)\n").size(), 1u);
  EXPECT_EQ(run("import numpy.random\nnumpy.random.rand(n)\n").size(), 1u);
  EXPECT_EQ(run("import numpy.random as npr\nnpr.randn(n)\n").size(), 1u);
  EXPECT_EQ(run("from numpy import random\nrandom.rand(n)\n").size(), 1u);
}

TEST(Semantic, LocalNamesShadowImports) {
  EXPECT_TRUE(run("from numpy import zeros\ndef zeros(n):\n    return n\nzeros(n)\n").empty());
  EXPECT_TRUE(run("import numpy as np\ndef f(np):\n    return np.zeros(n)\n").empty());
  EXPECT_TRUE(run("import numpy as np\nnp = other\nnp.zeros(n)\n").empty());
  EXPECT_TRUE(run("np.zeros(n)\n").empty());  // never imported
  EXPECT_TRUE(run("from mylib import zeros\nzeros(n)\n").empty());
}

TEST(Semantic, ReadBeforeImportInTheSameScopeIsUnknown) {
  EXPECT_TRUE(run("np.zeros(n)\nimport numpy as np\n").empty());
}

TEST(Semantic, FunctionsSeeModuleImportsMadeLater) {
  EXPECT_EQ(run("def f():\n    return np.zeros(n)\nimport numpy as np\n").size(), 1u);
}

TEST(Semantic, ClassBodyNamesAreNotVisibleInMethods) {
  std::string text =
      "import numpy as np\n"
      "class C:\n"
      "    np = None\n"
      "    def m(self):\n"
      "        return np.zeros(n)\n";
  EXPECT_EQ(run(text).size(), 1u);
}

TEST(Semantic, ClassBodyNamesAreNotVisibleInComprehensions) {
  // The element of a comprehension in a class body skips the class, as a method does; its first
  // iterable runs in the class body and sees the class's names.
  std::string text =
      "import numpy as np\n"
      "class C:\n"
      "    np = None\n"
      "    xs = [np.zeros(n) for k in ks]\n"
      "    ys = [k for k in np.zeros(n)]\n";
  EXPECT_EQ(run(text).size(), 1u);
}

TEST(Semantic, GlobalDeclarationReadsTheModuleBinding) {
  std::string text =
      "import numpy as np\n"
      "def f():\n"
      "    global np\n"
      "    return np.zeros(n)\n";
  EXPECT_EQ(run(text).size(), 1u);
}

TEST(Semantic, ConflictingModuleBindingsAreUnknownInFunctions) {
  std::string text =
      "import numpy as np\n"
      "import cupy as np\n"
      "def f():\n"
      "    return np.zeros(n)\n";
  EXPECT_TRUE(run(text).empty());
}

TEST(Semantic, StarImportMakesUnboundNamesUnknown) {
  EXPECT_TRUE(run("from somewhere import *\nzeros(n)\n").empty());
}

TEST(Semantic, ComprehensionsSeeTheirEnclosingFlow) {
  EXPECT_EQ(run("import numpy as np\nxs = [np.zeros(k) for k in sizes]\n").size(), 1u);
}

TEST(Constants, ModuleIntegerConstantsGiveSizes) {
  auto d = run("import numpy as np\nN_ROWS = 200_000\nN_COLS = 512\nx = np.zeros((N_ROWS, N_COLS))\n");
  ASSERT_EQ(d.size(), 1u);
  ASSERT_TRUE(d[0].estimated_bytes);
  EXPECT_EQ(*d[0].estimated_bytes, 819200000u);
  EXPECT_NE(d[0].message.find("~819 MB"), std::string::npos) << d[0].message;
}

TEST(Constants, ArithmeticHexAndIntOfFloat) {
  auto d = run("import numpy as np\nK = 0x400\nx = np.ones((K * 2, int(1e3), 2 ** 6 // 2))\n");
  ASSERT_EQ(d.size(), 1u);
  ASSERT_TRUE(d[0].estimated_bytes);
  EXPECT_EQ(*d[0].estimated_bytes, 2048u * 1000u * 32u * 8u);
}

TEST(Constants, ANameReboundInSequenceHasItsLastValueBeforeTheRead) {
  auto d = run("import numpy as np\nN = 10\nN = 200_000\nx = np.ones((N, 512))\nN = 3\n");
  ASSERT_EQ(d.size(), 1u);
  ASSERT_TRUE(d[0].estimated_bytes);
  EXPECT_EQ(*d[0].estimated_bytes, 200000u * 512u * 8u);
}

TEST(Constants, ANameReboundInABranchOrByAFunctionIsNotConstant) {
  for (const char* text : {
           "import numpy as np\nN = 10\nif c:\n    N = 20\nx = np.ones((N, N))\n",
           "import numpy as np\nN = 10\ntry:\n    N = 20\nexcept E:\n    pass\nx = np.ones((N, N))\n",
           "import numpy as np\ndef grow():\n    global N\n    N = 10 ** 9\nN = 20\ngrow()\nx = np.ones((N, N))\n",
           "import numpy as np\nN = 10\ndef f():\n    return np.ones((N, N))\nN = 20\n",  // read at call time
       }) {
    auto d = run(text);
    ASSERT_EQ(d.size(), 1u) << text;  // unknown size is reported
    EXPECT_FALSE(d[0].estimated_bytes) << text;
  }
}

TEST(Constants, SmallKnownSizesAreSilentAndTheThresholdIsConfigurable) {
  EXPECT_TRUE(run("import numpy as np\nx = np.zeros(3)\n").empty());
  EXPECT_TRUE(run("import numpy as np\nx = np.zeros(131071)\n").empty());       // 1 MiB - 8 bytes
  EXPECT_EQ(run("import numpy as np\nx = np.zeros(131072)\n").size(), 1u);      // exactly 1 MiB
  EXPECT_EQ(run("import numpy as np\nx = np.zeros(3)\n", 0).size(), 1u);        // min-bytes = 0
}

TEST(Constants, OverflowIsUnknownNotWrong) {
  auto d = run("import numpy as np\nx = np.zeros((2**62, 2**62))\n");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_FALSE(d[0].estimated_bytes);
}

TEST(FormatBytes, DecimalUnits) {
  EXPECT_EQ(format_bytes(512), "~512 B");
  EXPECT_EQ(format_bytes(8'000'000), "~8.0 MB");
  EXPECT_EQ(format_bytes(819'200'000), "~819 MB");
  EXPECT_EQ(format_bytes(1'500'000'000), "~1.5 GB");
}

}  // namespace
}  // namespace pml

namespace pml {
namespace {
TEST(Constants, TupleUnpackingOfLiteralsGivesEachNameItsValue) {
  auto d = run("import numpy as np\nn_features, n_samples = 40, 20\nx = np.random.normal(size=(n_samples, n_features))\n"
               "a, b = 2_000_000, 3\ny = np.ones((a, b))\n");
  ASSERT_EQ(d.size(), 1u);  // the 40 x 20 array is small; the 2e6 x 3 one is not
  EXPECT_EQ(d[0].estimated_bytes, 48'000'000u);
}
}  // namespace
}  // namespace pml
