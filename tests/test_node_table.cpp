// NodeTable answers what tree-sitter's node API answers, for every named node and every field, and
// the helpers give the same answers with a table active as without one.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "analyzer/syntax.h"

namespace pml {
namespace {

namespace fs = std::filesystem;

// Same node, same position and same answers: ts_node_eq compares identity only, and a TSNode built
// by the table must also carry the start a tree-sitter call on it relies on. Its alias word may
// differ (NodeTable::add sets it to the node's symbol) but not what tree-sitter answers from it.
void expect_same(TSNode a, TSNode b, const std::string& where) {
  EXPECT_TRUE(ts_node_eq(a, b)) << where;
  EXPECT_EQ(ts_node_is_null(a), ts_node_is_null(b)) << where;
  if (ts_node_is_null(a) || ts_node_is_null(b)) return;
  for (int k = 0; k < 3; ++k) EXPECT_EQ(a.context[k], b.context[k]) << where << " context " << k;
  if (b.context[3] != 0) {
    EXPECT_EQ(a.context[3], b.context[3]) << where << ": an alias is kept";
  }
  EXPECT_EQ(ts_node_symbol(a), ts_node_symbol(b)) << where;
  EXPECT_STREQ(ts_node_type(a), ts_node_type(b)) << where;
  EXPECT_EQ(ts_node_is_named(a), ts_node_is_named(b)) << where;
  EXPECT_EQ(a.tree, b.tree) << where;
}

// Calls `visit(node)` for every node under `root` (itself included), named or not, as a cursor
// finds them.
template <typename Visit>
void for_each_node(TSNode root, Visit visit) {
  TSTreeCursor c = ts_tree_cursor_new(root);
  for (bool more = true; more;) {
    visit(ts_tree_cursor_current_node(&c));
    if (ts_tree_cursor_goto_first_child(&c)) continue;
    while (!ts_tree_cursor_goto_next_sibling(&c))
      if (!ts_tree_cursor_goto_parent(&c)) {
        more = false;
        break;
      }
  }
  ts_tree_cursor_delete(&c);
}

// Named nodes as a cursor finds them: the count the table must hold.
size_t count_named(TSNode root) {
  size_t named = 0;
  for_each_node(root, [&](TSNode n) { named += ts_node_is_named(n) ? 1 : 0; });
  return named;
}

// Checks the table of `text` against tree-sitter; returns the number of entries checked.
size_t check_text(const std::string& text, const std::string& name) {
  Parser parser;
  Tree tree = parser.parse(text);
  EXPECT_TRUE(tree) << name;
  if (!tree) return 0;
  NodeTable table(tree.get());
  TSNode root = ts_tree_root_node(tree.get());
  EXPECT_EQ(table.size(), count_named(root)) << name;
  expect_same(table.node(0), root, name + ": root");
  const Grammar& g = Grammar::get();
  for (uint32_t i = 0; i < table.size(); ++i) {
    TSNode n = table.node(i);
    std::string where = name + ": entry " + std::to_string(i) + " (" + ts_node_type(n) + " at byte " +
                        std::to_string(ts_node_start_byte(n)) + ")";
    EXPECT_EQ(table.find(n), i) << where;
    EXPECT_EQ(table[i].kind, g.kind(n)) << where;
    // (A MISSING node is zero-width, and ts_node_parent, which descends from the root by
    // position, can stop at a neighbour that ends where it starts: `f"{x:=}"`, which the grammar
    // reads as a walrus without its value and the checker tolerates. The table keeps the parent
    // the node was found under, which the child checks below confirm.)
    TSNode parent = ts_node_parent(n);
    if (i == 0) {
      EXPECT_EQ(table[i].parent, NodeTable::kNone) << where;
    } else {
      EXPECT_NE(table[i].parent, NodeTable::kNone) << where;
      if (table[i].parent != NodeTable::kNone && !ts_node_is_missing(n))
        expect_same(table.node(table[i].parent), parent, where + ": parent");
    }
    EXPECT_EQ(table[i].child_count, ts_node_named_child_count(n)) << where;
    for (uint32_t k = 0; k < table[i].child_count && k < ts_node_named_child_count(n); ++k)
      expect_same(table.node(table[i].first_child + k), ts_node_named_child(n, k), where + ": child " + std::to_string(k));
    // Every field the analysis asks for, twice: the second answer is the remembered one.
    for (size_t f = 0; f < static_cast<size_t>(Field::Count_); ++f) {
      TSFieldId id = g.field(static_cast<Field>(f));
      TSNode expected = ts_node_child_by_field_id(n, id);
      expect_same(table.child_by_field(i, static_cast<Field>(f)), expected, where + ": field " + std::to_string(id));
      expect_same(table.child_by_field(i, static_cast<Field>(f)), expected,
                  where + ": field " + std::to_string(id) + " again");
    }
  }
  // The helpers, with the table active, answer as tree-sitter does (anonymous nodes included:
  // the table does not hold them, and tree-sitter answers).
  NodeTable::Scope scope(&table);
  for_each_node(root, [&](TSNode n) {
    std::string where = name + ": " + ts_node_type(n) + " at byte " + std::to_string(ts_node_start_byte(n));
    if (!ts_node_is_missing(n)) expect_same(parent_of(n), ts_node_parent(n), where + ": parent_of");
    EXPECT_EQ(named_child_count(n), ts_node_named_child_count(n)) << where;
    // for_each_named_child: the named children but line continuations, which mean nothing.
    std::vector<TSNode> visited, expected;
    for_each_named_child(n, [&](TSNode child) {
      visited.push_back(child);
      return true;
    });
    for (uint32_t k = 0; k < ts_node_named_child_count(n); ++k) {
      TSNode c = ts_node_named_child(n, k);
      expect_same(named_child(n, k), c, where + ": named_child");
      if (g.kind(c) != Kind::LineContinuation) expected.push_back(c);
    }
    EXPECT_EQ(visited.size(), expected.size()) << where;
    for (size_t k = 0; k < visited.size() && k < expected.size(); ++k)
      expect_same(visited[k], expected[k], where + ": for_each_named_child");
    expect_same(named_child(n, ts_node_named_child_count(n)), TSNode{}, where + ": past the last child");
    for (size_t f = 0; f < static_cast<size_t>(Field::Count_); ++f)
      expect_same(child_by_field(n, static_cast<Field>(f)), ts_node_child_by_field_id(n, g.field(static_cast<Field>(f))),
                  where + ": child_by_field");
  });
  return table.size();
}

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(NodeTable, AnswersAsTreeSitterForEveryNodeOfTheSamples) {
  size_t files = 0, entries = 0;
  for (const auto& e : fs::recursive_directory_iterator(fs::path(PML_SOURCE_DIR) / "samples")) {
    if (!e.is_regular_file() || e.path().extension() != ".py") continue;
    entries += check_text(read_all(e.path()), e.path().filename().string());
    ++files;
    if (HasFailure()) break;
  }
  EXPECT_GT(files, 20u);
  EXPECT_GT(entries, 10000u);
}

// The parent of a MISSING node is the one it was found under (see check_text).
TEST(NodeTable, TheParentOfAMissingNodeIsTheOneItWasFoundUnder) {
  Parser parser;
  Tree tree = parser.parse("x = f\"{ticklabels:=} must\"\n");
  ASSERT_TRUE(tree);
  NodeTable table(tree.get());
  uint32_t missing = NodeTable::kNone;
  for (uint32_t i = 0; i < table.size(); ++i)
    if (ts_node_is_missing(table.node(i))) missing = i;
  ASSERT_NE(missing, NodeTable::kNone) << "the grammar now reads `{x:=}`: this test has nothing to check";
  ASSERT_NE(table[missing].parent, NodeTable::kNone);
  EXPECT_EQ(table[table[missing].parent].kind, Kind::NamedExpression);
  NodeTable::Scope scope(&table);
  EXPECT_EQ(kind_of(parent_of(table.node(missing))), Kind::NamedExpression);
}

// Field children the table does not hold (operators are anonymous), children of hidden nodes in
// a field, extras between fields (comments, line continuations), and an error-free tree of every
// statement kind the grammar has.
TEST(NodeTable, AnswersAsTreeSitterForAnonymousFieldsAndExtras) {
  const std::string text =
      "import numpy as np, os.path as p\n"
      "from . import (a,  # one\n    b)\n"
      "x = a + b * -c ** 2 // d\n"
      "y = not x and (a or b) if a is not b else a not in b\n"
      "z = obj . \\\n  attr  # a line continuation inside\n"
      "call(a, \\\n     b)\n"
      "w = (obj  # comment\n     .attr)\n"
      "x += 1; y @= z; del x[0], y\n"
      "@dec(1)\nasync def f(a, /, b: int = 2, *c, d, **e) -> 'T':\n"
      "    global g\n    nonlocal_ = lambda q, *r: (yield q)\n"
      "    async with m as (n, o), s:\n        await t\n"
      "    async for i in j: pass\n    return [k async for k in j if k]\n"
      "class C(B, metaclass=M):\n    x: int = 1\n    def g(self): return {**self.d, 'k': [*self.l]}\n"
      "match cmd:\n    case [1, *rest] if rest: pass\n    case {'k': v, **kw}: pass\n"
      "    case P(x=1) | Q() as q: pass\n    case _: pass\n"
      "try:\n    pass\nexcept* (E, F) as e:\n    raise X from e\nelse:\n    pass\nfinally:\n    pass\n"
      "while a := f(): break\nelse: pass\n"
      "s = f'{a!r:>{w}}' r'raw' 'concat' \"\"\"doc\"\"\"\n"
      "t = a[1:2, ::3, ...], b[:, None]\n"
      "assert x, 'message'\nprint(*args, sep='', **kw)\nwith (open(a) as f, open(b) as g): pass\n"
      "type_ = x if y else z; exec_ = {k: v for k, v in d.items()}; gen = (i for i in r)\n"
      // Where the table answers fields by position (NodeTable::child_by_field), the forms that
      // move or add children: extras among them, annotations, type parameters, else clauses.
      "v = (f  # between the callee and its arguments\n     (1))\nu: int\nu: 'T' = 1\nu = v = w\n"
      "q = (a  # an operand's comment\n     + b)\nq += (c  # c\n      )\nk = g(x  # x\n      =1)\n"
      "def h[T](a: T = 1, *, b=2) -> T:  # before the body\n    return a\n"
      "def h2(): pass\nclass K[T]: pass\n"
      "for i, j in x, y:  # loop\n    pass\nelse:\n    pass\n"
      "if a: pass\nelif b: pass\nelse: pass\nr = [a for a in b, c if a]\nr = x[1, 2][a:b]\n"
      "from .m import (n as o)\nwith a as b, c: pass\nr = -(a)\n";
  EXPECT_GT(check_text(text, "constructs"), 300u);
}

// PML_NODE_TABLE_DIRS (colon-separated directories) extends the check to more code, such as the
// benchmark's corpus; without it this test checks nothing and says so.
TEST(NodeTable, AnswersAsTreeSitterForTheDirectoriesNamed) {
  const char* dirs = std::getenv("PML_NODE_TABLE_DIRS");
  if (!dirs) GTEST_SKIP() << "set PML_NODE_TABLE_DIRS to check more code";
  std::stringstream list(dirs);
  size_t files = 0;
  for (std::string dir; std::getline(list, dir, ':');)
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
      if (!e.is_regular_file() || e.path().extension() != ".py") continue;
      check_text(read_all(e.path()), e.path().string());
      ++files;
      if (HasFailure()) return;
    }
  EXPECT_GT(files, 0u);
}

}  // namespace
}  // namespace pml
