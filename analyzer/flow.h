// Control flow and liveness for one scope (a function body or the module).
//
// A control flow graph over the scope's statements: every simple statement is a node, and every
// compound statement contributes header nodes for what it evaluates itself (an `if` condition, a
// `for` iterable and target, an `except` clause, a `with` item, a `match` subject and patterns),
// with edges for if/elif/else, for/while with else, break and continue, return and raise,
// try/except/else/finally, with, and match. A statement that can raise (it calls, subscripts or
// reads an attribute) inside a `try` has exception edges to the handlers and to `finally`.
// Nested functions, lambdas and classes are single nodes at their definition: the names they
// capture count as used there (and MEM1xx rules leave captured names alone anyway).
// Comprehensions run inline: their reads are uses of the statement that holds them.
//
// Over the graph: backward liveness of the scope's local names, and forward definite binding
// (which names are certainly bound on every path), so a rule can ask where a value is last used,
// what runs while it is bound but dead, and whether `del name` at a point is valid.
//
// The graph is built on demand for the scopes a rule asks about, from the statement nodes only
// (no expression is walked again: uses and definitions come from the semantic model's references
// and bindings, located by byte position).
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analyzer/semantic.h"
#include "analyzer/syntax.h"

namespace pml {

// A bit set of one flow node (one bit per local name), read-only: a row of a BitTable.
class BitsView {
 public:
  explicit BitsView(const uint64_t* words) : words_(words) {}
  bool test(size_t i) const { return (words_[i / 64] >> (i % 64)) & 1; }

 private:
  const uint64_t* words_;
};

// One bit set per flow node, all of one size, held in one allocation: a scope's flow has seven
// such tables, and a vector per node and table was most of the allocations of the flow.
class BitTable {
 public:
  void assign(size_t rows, size_t bits) {
    words_ = (bits + 63) / 64;
    data_.assign(rows * words_, 0);
  }
  size_t words() const { return words_; }
  uint64_t* row(size_t r) { return data_.data() + r * words_; }
  const uint64_t* row(size_t r) const { return data_.data() + r * words_; }
  BitsView view(size_t r) const { return BitsView(row(r)); }
  void set(size_t r, size_t i) { row(r)[i / 64] |= uint64_t{1} << (i % 64); }
  bool test(size_t r, size_t i) const { return view(r).test(i); }

 private:
  size_t words_ = 0;
  std::vector<uint64_t> data_;
};

struct FlowNode {
  enum class Type { Entry, Exit, Statement, Header, Join };
  Type type = Type::Statement;
  TSNode stmt{};              // the statement it belongs to (a compound statement for headers)
  uint32_t start = 0;         // the byte range it evaluates (empty for Entry, Exit and Join)
  uint32_t end = 0;
  std::vector<uint32_t> succ;      // normal successors
  std::vector<uint32_t> exc_succ;  // where an exception raised inside it goes
  std::vector<uint32_t> pred;
  std::vector<uint32_t> exc_pred;
};

class ScopeFlow {
 public:
  ScopeFlow(const SemanticModel& model, uint32_t scope, std::string_view text);

  // The most one of the flow's bit tables (a bit per node and local name) may take; a larger scope
  // is not analysed (ok() is false). 2 MiB each, 14 MiB for the seven: far above any scope of the
  // Debian corpus of bench/, far below a generated module of 5,000 statements binding 5,000 names.
  static constexpr size_t kMaxTableBytes = size_t{2} << 20;
  // False when the scope could not be analysed (absurdly deep nesting, or too large for the bit
  // tables: see kMaxTableBytes): ask nothing then.
  bool ok() const { return ok_; }
  uint32_t scope() const { return scope_; }
  const std::vector<FlowNode>& nodes() const { return nodes_; }
  uint32_t entry() const { return 0; }
  uint32_t exit() const { return 1; }

  // The scope's local names (every name bound in it), indexed 0..name_count()-1.
  size_t name_count() const { return names_.size(); }
  std::string_view name(size_t i) const { return names_[i]; }
  std::optional<size_t> name_index(std::string_view n) const;

  BitsView uses(uint32_t node) const { return uses_.view(node); }
  BitsView defs(uint32_t node) const { return defs_.view(node); }
  BitsView live_in(uint32_t node) const { return live_in_.view(node); }
  BitsView live_out(uint32_t node) const { return live_out_.view(node); }
  // Names certainly bound when the node starts / after it completes normally.
  BitsView bound_in(uint32_t node) const { return bound_in_.view(node); }
  BitsView bound_out(uint32_t node) const { return bound_out_.view(node); }

  // The node whose range holds byte `pos`, or -1 (positions inside nested function bodies belong
  // to the node of their definition).
  int32_t node_at(uint32_t pos) const;
  // The nodes within bytes [start, end), by id: those whose range lies there, and the join nodes
  // of the compound statements that do.
  std::vector<uint32_t> nodes_within(uint32_t start, uint32_t end) const;
  // The node that binds a binding of this scope, or -1.
  int32_t node_of_binding(uint32_t binding) const;
  // Reads of names of this scope, by node (reference ids of the model).
  const std::vector<uint32_t>& reads_in(uint32_t node) const { return reads_[node]; }

  // Nodes reachable from `from` (excluding it) without passing a node that defines or deletes
  // name `n`: where the value bound at `from` may still be the one bound to the name. A node that
  // rebinds the name still passes the old value on along its exception edges (it raised first).
  std::vector<uint32_t> reachable_while_bound(uint32_t from, size_t n) const;
  // The first node, by id, of those reachable_while_bound gives for which `accept(node)` is true, or
  // nullopt. It explores nodes by increasing id and stops as soon as no node still to be reached
  // can have a smaller id than the best one accepted (see region_end_), so the value of a
  // straight-line module's statement costs what lies between it and its answer, not the rest of
  // the module. `accept` is asked of nodes in no particular order, at most once each, and never of
  // the exit node (it evaluates nothing, and every path may end there). `accept` must not search
  // this flow itself: the searches share one visited mark per node.
  template <typename Accept>
  std::optional<uint32_t> first_reachable_while_bound(uint32_t from, size_t n, Accept accept) const;
  // The bindings (model ids) of name `n` whose value may be the one bound when `node` starts:
  // those from which `node` is reachable without another binding or deletion of `n` in between,
  // parameters counting as bound on entry. One backward walk over the graph.
  std::vector<uint32_t> reaching_bindings(uint32_t node, size_t n) const;

 private:
  struct Loop {
    uint32_t header;
    std::vector<uint32_t>* breaks;
  };
  struct Try {
    std::vector<uint32_t> handlers;  // except clause headers
    int32_t finally_entry = -1;      // join node before the finally block
  };
  using Preds = std::vector<uint32_t>;

  uint32_t add_node(FlowNode::Type type, TSNode stmt, uint32_t start, uint32_t end);
  void edge(uint32_t from, uint32_t to);
  void exc_edge(uint32_t from, uint32_t to);
  void connect(const Preds& preds, uint32_t to);
  // Where control goes when a statement raises, and on return.
  void raise_edges(uint32_t node);
  uint32_t return_target() const;

  Preds build_block(TSNode block, Preds preds, int depth);
  Preds build_statement(TSNode stmt, Preds preds, int depth);
  Preds build_try(TSNode stmt, Preds preds, int depth);
  Preds build_loop(TSNode stmt, uint32_t header, int depth);
  bool may_raise(uint32_t start, uint32_t end) const;

  void collect_uses_and_defs();
  void solve();
  void compute_region_ends();
  // Starts a new search over the nodes: afterwards, visit(i) is true once per node and search.
  void new_search() const;
  bool visit(uint32_t node) const { return visited_[node] == search_ ? false : (visited_[node] = search_, true); }

  const SemanticModel& model_;
  uint32_t scope_;
  std::string_view text_;
  bool ok_ = true;
  std::vector<FlowNode> nodes_;
  std::vector<Loop> loops_;
  std::vector<Try> tries_;
  std::vector<std::string_view> names_;
  std::unordered_map<std::string_view, size_t> name_ids_;
  BitTable uses_, defs_, kills_, live_in_, live_out_, bound_in_, bound_out_;
  std::vector<std::vector<uint32_t>> reads_;
  std::vector<std::pair<uint32_t, uint32_t>> ranges_;  // (start, node) of nodes with a range, sorted
  struct Join {
    uint32_t start, end;  // its compound statement's bytes
    uint32_t node;
  };
  std::vector<Join> joins_;  // join nodes, by start
  std::unordered_map<uint32_t, uint32_t> binding_nodes_;
  // Every edge to a smaller id (a loop's way back to its header, a try body's exceptions to the
  // handlers built before it; not those to the exit, which leads nowhere) spans the ids between
  // its ends. region_end_[i] is the end of the union of overlapping spans holding node i, or i
  // itself: no edge goes from a node above region_end_[i] to one at or below it, save to the exit.
  std::vector<uint32_t> region_end_;
  mutable std::vector<uint32_t> visited_;  // by node: the search that last visited it
  mutable uint32_t search_ = 0;
};

template <typename Accept>
std::optional<uint32_t> ScopeFlow::first_reachable_while_bound(uint32_t from, size_t n, Accept accept) const {
  new_search();
  std::vector<uint32_t> frontier;  // a min-heap of node ids reached and not yet expanded
  auto reach = [&](const std::vector<uint32_t>& targets) {
    for (uint32_t t : targets)
      if (visit(t)) {
        frontier.push_back(t);
        std::push_heap(frontier.begin(), frontier.end(), std::greater<>());
      }
  };
  reach(nodes_[from].succ);
  reach(nodes_[from].exc_succ);
  std::optional<uint32_t> best;
  while (!frontier.empty()) {
    uint32_t node = frontier.front();
    // Every node still to come is reached from the frontier, above the best one's region: none
    // can be smaller than the best.
    if (best && node > region_end_[*best]) break;
    std::pop_heap(frontier.begin(), frontier.end(), std::greater<>());
    frontier.pop_back();
    if ((!best || node < *best) && node != exit() && accept(node)) best = node;
    // Rebound or deleted here, but only once the statement completes: if it raises first, the old
    // value is still bound in the handler.
    if (!defs_.test(node, n) && !kills_.test(node, n)) reach(nodes_[node].succ);
    reach(nodes_[node].exc_succ);
  }
  return best;
}

}  // namespace pml
