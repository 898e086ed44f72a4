// The in-place family's helpers: which bindings reach a statement, free names, line layout.
#include <gtest/gtest.h>

#include "analyzer/checker.h"
#include "analyzer/flow.h"
#include "rules/inplace/inplace_util.h"
#include "rules/rule_util.h"

namespace pml {
namespace {

struct Parsed {
  std::string text;
  Parser parser;
  std::unique_ptr<FileAnalysis> fa;
  explicit Parsed(std::string t) : text(std::move(t)) {
    fa = analyze(text, parser);
    EXPECT_FALSE(fa->syntax_error);
  }
  // The assignment statement that starts with `line` (its first occurrence).
  TSNode assignment(std::string_view line) const {
    size_t at = text.find(line);
    EXPECT_NE(at, std::string::npos) << line;
    TSNode n = ts_node_descendant_for_byte_range(ts_tree_root_node(fa->tree.get()), static_cast<uint32_t>(at),
                                                 static_cast<uint32_t>(at));
    while (!ts_node_is_null(n) && !is(n, Kind::Assignment)) n = ts_node_parent(n);
    return n;
  }
  uint32_t scope_of(TSNode n) const {
    for (const Binding& b : fa->model.bindings())
      if (ts_node_start_byte(b.node) == ts_node_start_byte(child_by_field(n, Field::Left))) return b.scope;
    ADD_FAILURE() << "no binding";
    return 0;
  }
  // The lines (their text from the binding's start) of the bindings that reach `stmt`.
  std::vector<std::string> reaching(std::string_view name, std::string_view stmt_line) const {
    TSNode stmt = assignment(stmt_line);
    std::vector<std::string> out;
    ScopeFlow flow(fa->model, scope_of(stmt), text);
    for (uint32_t id : reaching_bindings(flow, fa->model, name, scope_of(stmt), stmt)) {
      const Binding& b = fa->model.bindings()[id];
      uint32_t s = ts_node_start_byte(b.node);
      out.push_back(text.substr(s, text.find('\n', s) - s));
    }
    return out;
  }
};

using Lines = std::vector<std::string>;

TEST(ReachingBindings, AnUnconditionalRebindingHidesEarlierOnes) {
  Parsed p("def f(x, c):\n    x = list(x)\n    x = [1]\n    if c:\n        x = [2]\n    x = [v for v in x]\n");
  EXPECT_EQ(p.reaching("x", "x = [v for v in x]"), Lines({"x = [1]", "x = [2]"}));
}

TEST(ReachingBindings, ConditionalRebindingsHideNothing) {
  Parsed p("def f(x, c):\n    if c:\n        x = [1]\n    x = [v for v in x]\n");
  EXPECT_EQ(p.reaching("x", "x = [v for v in x]"), Lines({"x, c):", "x = [1]"}));
}

TEST(ReachingBindings, LoopsCarryValuesBackUnlessRebuiltAtTheTopOfEachIteration) {
  Parsed grows("def f(items):\n    acc = []\n    for it in items:\n        acc = acc + [it]\n");
  EXPECT_EQ(grows.reaching("acc", "acc = acc + [it]"), Lines({"acc = []", "acc = acc + [it]"}));
  Parsed fresh(
      "def f(items):\n    acc = []\n    for it in items:\n        acc = [0]\n        if it:\n"
      "            acc = acc + [it]\n");
  EXPECT_EQ(fresh.reaching("acc", "acc = acc + [it]"), Lines({"acc = [0]"}));
  // A loop inside the branch brings the value back without passing the rebinding.
  Parsed inner(
      "def f(items):\n    for it in items:\n        acc = [0]\n        for _ in it:\n"
      "            acc = acc + [it]\n");
  EXPECT_EQ(inner.reaching("acc", "acc = acc + [it]"), Lines({"acc = [0]", "acc = acc + [it]"}));
}

TEST(ReachingBindings, ExceptionsAndBreaksAreFollowed) {
  Parsed p(
      "def f(items, make):\n    x = [0]\n    try:\n        x = make()\n        x = [1]\n    except ValueError:\n"
      "        pass\n    x = [v for v in x]\n");
  // `make()` may raise after the first line of the try: the first list reaches; `x = make()`
  // completes only if it does not raise, and then `x = [1]` follows, unless that raises too.
  auto r = p.reaching("x", "x = [v for v in x]");
  EXPECT_NE(std::find(r.begin(), r.end(), "x = [0]"), r.end());
  EXPECT_NE(std::find(r.begin(), r.end(), "x = [1]"), r.end());
  Parsed q("def f(items):\n    x = [0]\n    for it in items:\n        if it:\n            break\n        x = [1]\n"
           "    x = [v for v in x]\n");
  EXPECT_EQ(q.reaching("x", "x = [v for v in x]"), Lines({"x = [0]", "x = [1]"}));
}

TEST(FreeNames, NamesUsedInTheScopeOrNestedScopesAreTaken) {
  Parsed p("def f(data):\n    k = lambda: i\n    data = [v for v in data]\n");
  uint32_t scope = p.scope_of(p.assignment("data = [v"));
  EXPECT_FALSE(inplace::name_is_free(p.fa->model, "i", scope));  // read by the lambda
  EXPECT_FALSE(inplace::name_is_free(p.fa->model, "k", scope));  // bound here
  EXPECT_TRUE(inplace::name_is_free(p.fa->model, "i_", scope));
  EXPECT_EQ(inplace::free_name(p.fa->model, scope, "i"), "i_");
}

TEST(Layout, IndentationAndWhatFollowsOnTheLine) {
  Parsed p("if c:\n\tx = [1]  # note\n\ty = 2; z = 3\n");
  auto x = inplace::layout(p.assignment("x = [1]"), p.text);
  EXPECT_TRUE(x.starts_line);
  EXPECT_TRUE(x.ends_line);
  EXPECT_EQ(x.indent, "\t");
  EXPECT_EQ(inplace::indent_unit(x.indent), "\t");
  EXPECT_EQ(p.text.substr(x.after_line, 2), "\ty");
  auto y = inplace::layout(p.assignment("y = 2"), p.text);
  EXPECT_FALSE(y.ends_line);
  auto z = inplace::layout(p.assignment("z = 3"), p.text);
  EXPECT_FALSE(z.starts_line);
  EXPECT_EQ(inplace::indent_unit("    "), "    ");
}

}  // namespace
}  // namespace pml
