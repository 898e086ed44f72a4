// The control flow graph and liveness of a scope, asked about statements found by their text.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "analyzer/checker.h"
#include "analyzer/flow.h"
#include "analyzer/rule.h"
#include "analyzer/values.h"
#include "tests/sample_runner.h"

namespace pml {
namespace {

struct Flow {
  std::string text;
  Parser parser;
  std::unique_ptr<FileAnalysis> fa;
  std::unique_ptr<ScopeFlow> flow;
  // Builds the flow of the first function in `t` (or of the module when there is none).
  explicit Flow(std::string t) : text(std::move(t)) {
    fa = analyze(text, parser);
    EXPECT_FALSE(fa->syntax_error);
    uint32_t scope = 0;
    for (uint32_t s = 0; s < fa->model.scopes().size(); ++s)
      if (fa->model.scope(s).kind == ScopeKind::Function) {
        scope = s;
        break;
      }
    flow = std::make_unique<ScopeFlow>(fa->model, scope, text);
    EXPECT_TRUE(flow->ok());
  }
  uint32_t node(std::string_view statement) const {
    size_t pos = text.find(statement);
    EXPECT_NE(pos, std::string::npos) << statement;
    int32_t n = flow->node_at(static_cast<uint32_t>(pos));
    EXPECT_GE(n, 0) << statement;
    return static_cast<uint32_t>(n);
  }
  size_t name(std::string_view n) const { return *flow->name_index(n); }
  bool live_after(std::string_view statement, std::string_view n) const {
    return flow->live_out(node(statement)).test(name(n));
  }
  bool live_before(std::string_view statement, std::string_view n) const {
    return flow->live_in(node(statement)).test(name(n));
  }
  bool bound_before(std::string_view statement, std::string_view n) const {
    return flow->bound_in(node(statement)).test(name(n));
  }
};

TEST(Flow, StraightLineChainKeepsTheFirstValueBoundButDead) {
  Flow f("def f(path):\n"
         "    data1 = load(path)\n"
         "    data2 = some_processing1(data1)\n"
         "    data3 = some_processing2(data2)\n"
         "    return data3\n");
  EXPECT_TRUE(f.live_before("data2 = ", "data1"));
  EXPECT_FALSE(f.live_after("data2 = ", "data1"));  // the last use
  EXPECT_FALSE(f.live_before("data3 = ", "data1"));
  EXPECT_TRUE(f.bound_before("data3 = ", "data1"));  // ...but still bound while data3 is built
  EXPECT_TRUE(f.bound_before("data2 = ", "path"));   // parameters are bound at entry
}

TEST(Flow, LoopBackEdgeKeepsValuesLive) {
  Flow f("def f(items):\n"
         "    big = load()\n"
         "    for item in items:\n"
         "        use(big, item)\n"
         "    other = allocate()\n"
         "    return other\n");
  EXPECT_TRUE(f.live_after("use(big", "big"));  // read again in the next iteration
  EXPECT_FALSE(f.live_before("other = ", "big"));
}

TEST(Flow, ReadBeforeTheBindingInTheTextIsALoopCarriedUse) {
  // `prev` is read by the next iteration; no binding precedes that read in the text, so the model
  // cannot resolve it to one, but it is still a use of the local name.
  Flow f("def f(paths):\n"
         "    for p in paths:\n"
         "        if p:\n"
         "            use(prev)\n"
         "        prev = load(p)\n"
         "        s = prev.sum()\n"
         "        big = alloc()\n");
  EXPECT_TRUE(f.live_before("use(prev)", "prev"));
  EXPECT_TRUE(f.live_after("s = prev", "prev"));  // the next iteration may read it
  EXPECT_TRUE(f.live_before("big = ", "prev"));
}

TEST(Flow, WhileElseBreakAndContinue) {
  Flow f("def f(n):\n"
         "    big = load()\n"
         "    while n:\n"
         "        if n > 3:\n"
         "            break\n"
         "        if n > 2:\n"
         "            continue\n"
         "        n = step(n)\n"
         "    else:\n"
         "        report(big)\n"
         "    done = allocate()\n"
         "    return done\n");
  EXPECT_TRUE(f.live_after("n = step", "big"));   // the loop may end normally and run else
  EXPECT_TRUE(f.live_before("n:\n        if n > 3", "big"));  // the loop condition
  EXPECT_FALSE(f.live_before("done = ", "big"));  // break skips else; nothing reads it after
}

TEST(Flow, ExceptionEdgesReachHandlers) {
  Flow f("def f():\n"
         "    big = load()\n"
         "    try:\n"
         "        small = g(big)\n"
         "        more = h(small)\n"
         "    except ValueError:\n"
         "        log(big)\n"
         "    return more\n");
  // h(small) may raise and the handler reads big: big is live across it.
  EXPECT_TRUE(f.live_after("small = g(big)", "big"));
  EXPECT_TRUE(f.live_before("more = h", "big"));
}

TEST(Flow, FinallyRunsOnEveryPath) {
  Flow f("def f():\n"
         "    big = load()\n"
         "    try:\n"
         "        return g(big)\n"
         "    finally:\n"
         "        close(big)\n");
  EXPECT_TRUE(f.live_after("return g(big)", "big"));
}

TEST(Flow, BranchesJoinAndConditionalBindingIsNotDefinite) {
  Flow f("def f(c):\n"
         "    big = load()\n"
         "    if c:\n"
         "        use(big)\n"
         "        maybe = 1\n"
         "    elif c > 1:\n"
         "        pass\n"
         "    else:\n"
         "        use(big)\n"
         "    after = allocate()\n"
         "    return after, maybe\n");
  EXPECT_FALSE(f.live_before("after = ", "big"));
  EXPECT_TRUE(f.bound_before("after = ", "big"));
  EXPECT_FALSE(f.bound_before("after = ", "maybe"));
  EXPECT_TRUE(f.live_before("after = ", "maybe"));
}

TEST(Flow, DelKillsAndRebindingEndsReach) {
  Flow f("def f():\n"
         "    big = load()\n"
         "    use(big)\n"
         "    del big\n"
         "    other = allocate()\n"
         "    big = again()\n"
         "    return big, other\n");
  EXPECT_FALSE(f.bound_before("other = ", "big"));
  uint32_t def = f.node("big = load()");
  auto reach = f.flow->reachable_while_bound(def, f.name("big"));
  EXPECT_TRUE(std::count(reach.begin(), reach.end(), f.node("del big")));
  EXPECT_FALSE(std::count(reach.begin(), reach.end(), f.node("other = ")));
}

TEST(Flow, ARebindingThatRaisesLeavesTheOldValueBoundInTheHandler) {
  Flow f("def f():\n"
         "    big = load()\n"
         "    try:\n"
         "        big = reload()\n"
         "    except OSError:\n"
         "        log(big)\n"
         "    return big\n");
  auto reach = f.flow->reachable_while_bound(f.node("big = load()"), f.name("big"));
  EXPECT_TRUE(std::count(reach.begin(), reach.end(), f.node("log(big)")));  // reload() raised
  EXPECT_TRUE(std::count(reach.begin(), reach.end(), f.node("return big")));
}

TEST(Flow, ReachingBindingsWalkBackToTheLastBindingOnEachPath) {
  Flow f("def f(x, c, items):\n"
         "    x = list(x)\n"
         "    if c:\n"
         "        x = [1]\n"
         "    try:\n"
         "        x = load()\n"
         "    except OSError:\n"
         "        pass\n"
         "    for it in items:\n"
         "        use(x)\n"
         "        x = x + [it]\n");
  auto lines = [&](std::string_view at) {
    std::vector<std::string> out;
    for (uint32_t id : f.flow->reaching_bindings(f.node(at), f.name("x"))) {
      uint32_t s = ts_node_start_byte(f.fa->model.bindings()[id].node);
      out.push_back(f.text.substr(s, f.text.find('\n', s) - s));
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  using Lines = std::vector<std::string>;
  // load() may raise: the lists bound before the try reach the loop too; the parameter does not.
  EXPECT_EQ(lines("use(x)"), Lines({"x = [1]", "x = list(x)", "x = load()", "x = x + [it]"}));
  EXPECT_EQ(lines("x = list(x)"), Lines({"x, c, items):"}));
  EXPECT_EQ(lines("x = load()"), Lines({"x = [1]", "x = list(x)"}));
}

TEST(Flow, TheRuleContextBuildsEachScopeGraphOnce) {
  Flow f("def f():\n    x = 1\n    return x\n");
  ValueAnalyzer values(f.fa->model, f.text, 1 << 20);
  Settings settings;
  std::vector<Diagnostic> out;
  Context ctx(f.text, f.fa->model, values, f.fa->lines, settings, "\n", out);
  const ScopeFlow& first = ctx.flow(f.flow->scope());
  EXPECT_EQ(&first, &ctx.flow(f.flow->scope()));
  EXPECT_TRUE(first.ok());
  EXPECT_EQ(first.scope(), f.flow->scope());
  EXPECT_NE(&ctx.flow(0), &first);  // the module has its own
}

TEST(Flow, WithAndMatch) {
  Flow f("def f(path, cmd):\n"
         "    with open(path) as fh:\n"
         "        text = fh.read()\n"
         "    match cmd:\n"
         "        case [first, *rest]:\n"
         "            use(first, text)\n"
         "        case _:\n"
         "            pass\n"
         "    return 1\n");
  EXPECT_TRUE(f.live_before("cmd:\n", "text"));  // the match subject
  EXPECT_FALSE(f.bound_before("return 1", "first"));
  EXPECT_TRUE(f.bound_before("text = fh", "fh"));
}

TEST(Flow, NestedFunctionsCaptureAtTheirDefinition) {
  Flow f("def f():\n"
         "    big = load()\n"
         "    def inner():\n"
         "        return big\n"
         "    other = allocate()\n"
         "    return inner\n");
  EXPECT_TRUE(f.live_before("def inner", "big"));
}

TEST(Flow, NestingPythonRefusesIsE999AndTheDeepestItTakesIsAnalyzed) {
  // A function's body and `ifs` nested blocks inside it: Python takes 99 levels of indentation.
  auto nested = [](int ifs) {
    std::string text = "def f():\n";
    std::string indent = "    ";
    for (int i = 0; i < ifs; ++i) {
      text += indent + "if x:\n";
      indent += " ";
    }
    return text + indent + "pass\n";
  };
  Parser parser;
  std::string deepest = nested(98);
  auto fa = analyze(deepest, parser);
  ASSERT_FALSE(fa->syntax_error);
  ScopeFlow flow(fa->model, 1, deepest);
  EXPECT_TRUE(flow.ok());
  for (int ifs : {99, 250}) {  // 250: deeper than the flow layer would take
    std::string text = nested(ifs);
    auto refused = analyze(text, parser);
    ASSERT_TRUE(refused->syntax_error) << ifs;
    EXPECT_EQ(refused->syntax_error->message, "IndentationError: too many levels of indentation");
  }
}

TEST(Flow, ScopesTooLargeForTheBitTablesAreRefused) {
  // A generated module: one name per statement, so the tables grow with the square of its length.
  auto module = [](int statements) {
    std::string text;
    for (int i = 0; i < statements; ++i) text += fmt::format("a{} = f()\n", i);
    return text;
  };
  Parser parser;
  std::string small = module(100), large = module(6000);
  auto fa = analyze(small, parser);
  EXPECT_TRUE(ScopeFlow(fa->model, 0, small).ok());
  fa = analyze(large, parser);
  EXPECT_FALSE(ScopeFlow(fa->model, 0, large).ok());
}

// first_reachable_while_bound stops early; it must give what a scan of the whole of
// reachable_while_bound gives. Every binding of every scope of the samples (loops, try/except/
// finally, with, match, break and continue), with acceptance tests of several densities.
TEST(Flow, TheFirstReachableNodeIsTheFirstOfAllReachableNodes) {
  size_t compared = 0;
  for (const auto& path : testing::sample_files()) {
    std::string text = testing::read_text(path);
    Parser parser;
    auto fa = analyze(text, parser);
    if (fa->syntax_error) continue;
    for (uint32_t scope = 0; scope < fa->model.scopes().size(); ++scope) {
      ScopeFlow flow(fa->model, scope, text);
      if (!flow.ok()) continue;
      for (uint32_t b = 0; b < fa->model.bindings().size(); ++b) {
        int32_t from = flow.node_of_binding(b);
        auto n = flow.name_index(fa->model.bindings()[b].name);
        if (from < 0 || !n) continue;
        std::vector<uint32_t> all = flow.reachable_while_bound(static_cast<uint32_t>(from), *n);
        for (uint32_t every : {1u, 2u, 3u, 7u}) {
          auto accept = [&](uint32_t node) { return node % every == (every - 1) % every; };
          std::optional<uint32_t> expected;
          for (uint32_t node : all)
            if (node != flow.exit() && accept(node)) {
              expected = node;
              break;
            }
          EXPECT_EQ(flow.first_reachable_while_bound(static_cast<uint32_t>(from), *n, accept), expected)
              << path << " binding " << fa->model.bindings()[b].name << " every " << every;
          ++compared;
        }
      }
    }
  }
  EXPECT_GT(compared, 1000u);
}

}  // namespace
}  // namespace pml
