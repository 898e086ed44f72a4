#include "analyzer/flow.h"

#include <algorithm>

namespace pml {

namespace {
// Python refuses more than 99 levels of indentation, and so does the checker (nesting_limit_error):
// a deeper tree never reaches the flow layer through analyze(). The limit stays for other callers.
constexpr int kMaxBlockDepth = 200;

// A clause's block: its `body` field, or (finally, except*) its block child.
TSNode block_of(TSNode clause) {
  TSNode body = child_by_field(clause, Field::Body);
  if (!ts_node_is_null(body)) return body;
  for (uint32_t i = 0; i < named_child_count(clause); ++i)
    if (is(named_child(clause, i), Kind::Block)) return named_child(clause, i);
  return TSNode{};
}
}  // namespace

namespace {
// Word-wise operations on rows of n words (BitTable rows and scratch sets).
void merge_words(uint64_t* dst, const uint64_t* src, size_t n) {
  for (size_t i = 0; i < n; ++i) dst[i] |= src[i];
}
void intersect_words(uint64_t* dst, const uint64_t* src, size_t n) {
  for (size_t i = 0; i < n; ++i) dst[i] &= src[i];
}
void subtract_words(uint64_t* dst, const uint64_t* src, size_t n) {
  for (size_t i = 0; i < n; ++i) dst[i] &= ~src[i];
}
// dst = src; whether that changed dst.
bool assign_words(uint64_t* dst, const uint64_t* src, size_t n) {
  if (std::equal(src, src + n, dst)) return false;
  std::copy_n(src, n, dst);
  return true;
}
}  // namespace

ScopeFlow::ScopeFlow(const SemanticModel& model, uint32_t scope, std::string_view text)
    : model_(model), scope_(scope), text_(text) {
  const Scope& s = model.scope(scope);
  for (const auto& [name, ids] : s.names) {
    name_ids_.emplace(name, names_.size());
    names_.push_back(name);
  }
  add_node(FlowNode::Type::Entry, s.node, 0, 0);
  add_node(FlowNode::Type::Exit, s.node, 0, 0);
  TSNode body = s.kind == ScopeKind::Module ? s.node : child_by_field(s.node, Field::Body);
  if (ts_node_is_null(body) || (s.kind != ScopeKind::Module && s.kind != ScopeKind::Function)) {
    ok_ = false;  // lambdas, classes and comprehensions have no statements to analyse
    return;
  }
  Preds end = build_block(body, {entry()}, 0);
  connect(end, exit());
  // Seven bit tables of a bit per node and name: a scope of tens of thousands of names and
  // statements (generated code) would take gigabytes. Such a scope is not analysed.
  size_t table_bytes = nodes_.size() * ((names_.size() + 63) / 64) * sizeof(uint64_t);
  if (table_bytes > kMaxTableBytes) ok_ = false;
  if (!ok_) return;
  collect_uses_and_defs();
  solve();
  compute_region_ends();
}

void ScopeFlow::compute_region_ends() {
  std::vector<std::pair<uint32_t, uint32_t>> spans;  // (to, from) of each edge to a smaller id
  for (uint32_t i = 0; i < nodes_.size(); ++i) {
    for (const auto* targets : {&nodes_[i].succ, &nodes_[i].exc_succ})
      for (uint32_t t : *targets)
        if (t < i && t != exit()) spans.emplace_back(t, i);
  }
  std::sort(spans.begin(), spans.end());
  region_end_.resize(nodes_.size());
  for (uint32_t i = 0; i < nodes_.size(); ++i) region_end_[i] = i;
  for (size_t k = 0; k < spans.size();) {
    uint32_t start = spans[k].first, end = spans[k].second;
    for (++k; k < spans.size() && spans[k].first <= end; ++k) end = std::max(end, spans[k].second);
    for (uint32_t i = start; i <= end; ++i) region_end_[i] = end;
  }
  visited_.assign(nodes_.size(), 0);
}

void ScopeFlow::new_search() const {
  if (++search_ == 0) {  // wrapped around: forget every earlier search
    std::fill(visited_.begin(), visited_.end(), 0);
    search_ = 1;
  }
}

std::optional<size_t> ScopeFlow::name_index(std::string_view n) const {
  auto it = name_ids_.find(n);
  if (it == name_ids_.end()) return std::nullopt;
  return it->second;
}

uint32_t ScopeFlow::add_node(FlowNode::Type type, TSNode stmt, uint32_t start, uint32_t end) {
  FlowNode n;
  n.type = type;
  n.stmt = stmt;
  n.start = start;
  n.end = end;
  nodes_.push_back(std::move(n));
  return static_cast<uint32_t>(nodes_.size() - 1);
}

void ScopeFlow::edge(uint32_t from, uint32_t to) {
  nodes_[from].succ.push_back(to);
  nodes_[to].pred.push_back(from);
}

void ScopeFlow::exc_edge(uint32_t from, uint32_t to) {
  nodes_[from].exc_succ.push_back(to);
  nodes_[to].exc_pred.push_back(from);
}

void ScopeFlow::connect(const Preds& preds, uint32_t to) {
  for (uint32_t p : preds) edge(p, to);
}

uint32_t ScopeFlow::return_target() const {
  for (auto it = tries_.rbegin(); it != tries_.rend(); ++it)
    if (it->finally_entry >= 0) return static_cast<uint32_t>(it->finally_entry);
  return 1;  // exit
}

void ScopeFlow::raise_edges(uint32_t node) {
  // The innermost try's handlers (any may match) and its finally; without a try, the exception
  // leaves the scope and every local dies with the frame.
  if (tries_.empty()) return;
  const Try& t = tries_.back();
  for (uint32_t h : t.handlers) exc_edge(node, h);
  if (t.finally_entry >= 0) exc_edge(node, static_cast<uint32_t>(t.finally_entry));
}

bool ScopeFlow::may_raise(uint32_t start, uint32_t end) const {
  // "Exceptions may leave any statement that calls something": calls, and also subscripts and
  // attribute reads, which run user code too. Cheap textual pre-check, then the tree.
  std::string_view t = text_.substr(start, end - start);
  return t.find('(') != std::string_view::npos || t.find('[') != std::string_view::npos ||
         t.find('.') != std::string_view::npos || t.find("raise") != std::string_view::npos ||
         t.find("assert") != std::string_view::npos;
}

ScopeFlow::Preds ScopeFlow::build_block(TSNode block, Preds preds, int depth) {
  if (depth > kMaxBlockDepth) {
    ok_ = false;
    return preds;
  }
  if (ts_node_is_null(block)) return preds;  // e.g. an incomplete clause
  uint32_t count = named_child_count(block);
  for (uint32_t i = 0; i < count && ok_; ++i) {
    TSNode stmt = named_child(block, i);
    if (is(stmt, Kind::Comment)) continue;
    preds = build_statement(stmt, std::move(preds), depth);
  }
  return preds;
}

ScopeFlow::Preds ScopeFlow::build_statement(TSNode stmt, Preds preds, int depth) {
  Kind k = kind_of(stmt);
  auto header = [&](uint32_t start, uint32_t end) {
    uint32_t h = add_node(FlowNode::Type::Header, stmt, start, end);
    connect(preds, h);
    if (may_raise(start, end)) raise_edges(h);
    return h;
  };
  switch (k) {
    case Kind::IfStatement: {
      TSNode cond = child_by_field(stmt, Field::Condition);
      uint32_t h = header(ts_node_start_byte(cond), ts_node_end_byte(cond));
      Preds out = build_block(child_by_field(stmt, Field::Consequence), {h}, depth + 1);
      uint32_t last = h;
      bool has_else = false;
      for (uint32_t i = 0; i < named_child_count(stmt); ++i) {
        TSNode alt = named_child(stmt, i);
        if (is(alt, Kind::ElifClause)) {
          TSNode c = child_by_field(alt, Field::Condition);
          uint32_t eh = add_node(FlowNode::Type::Header, stmt, ts_node_start_byte(c), ts_node_end_byte(c));
          edge(last, eh);
          if (may_raise(ts_node_start_byte(c), ts_node_end_byte(c))) raise_edges(eh);
          Preds branch = build_block(child_by_field(alt, Field::Consequence), {eh}, depth + 1);
          out.insert(out.end(), branch.begin(), branch.end());
          last = eh;
        } else if (is(alt, Kind::ElseClause)) {
          Preds branch = build_block(child_by_field(alt, Field::Body), {last}, depth + 1);
          out.insert(out.end(), branch.begin(), branch.end());
          has_else = true;
        }
      }
      if (!has_else) out.push_back(last);
      return out;
    }
    case Kind::ForStatement: {
      TSNode right = child_by_field(stmt, Field::Right), left = child_by_field(stmt, Field::Left);
      uint32_t it = header(ts_node_start_byte(right), ts_node_end_byte(right));  // the iterable, once
      uint32_t h = add_node(FlowNode::Type::Header, stmt, ts_node_start_byte(left), ts_node_end_byte(left));
      edge(it, h);
      raise_edges(h);  // next() runs user code
      return build_loop(stmt, h, depth);
    }
    case Kind::WhileStatement: {
      TSNode cond = child_by_field(stmt, Field::Condition);
      uint32_t h = header(ts_node_start_byte(cond), ts_node_end_byte(cond));
      return build_loop(stmt, h, depth);
    }
    case Kind::TryStatement:
      return build_try(stmt, std::move(preds), depth);
    case Kind::WithStatement: {
      for (uint32_t i = 0; i < named_child_count(stmt); ++i) {
        TSNode clause = named_child(stmt, i);
        if (!is(clause, Kind::WithClause)) continue;
        for (uint32_t j = 0; j < named_child_count(clause); ++j) {
          TSNode item = named_child(clause, j);
          if (!is(item, Kind::WithItem)) continue;
          uint32_t h = header(ts_node_start_byte(item), ts_node_end_byte(item));
          preds = {h};
        }
      }
      return build_block(child_by_field(stmt, Field::Body), std::move(preds), depth + 1);
    }
    case Kind::MatchStatement: {
      TSNode subject = child_by_field(stmt, Field::SubjectField);
      uint32_t last = header(ts_node_start_byte(subject), ts_node_end_byte(subject));
      Preds out;
      TSNode body = child_by_field(stmt, Field::Body);
      for (uint32_t i = 0; i < named_child_count(body); ++i) {
        TSNode c = named_child(body, i);
        if (!is(c, Kind::CaseClause)) continue;
        // Trying the case (a join) then, on the match edge only, the pattern and guard: captures
        // bind only when the case matches. The pattern's reads then count on that edge, which is
        // still before anything after the match.
        TSNode consequence = child_by_field(c, Field::Consequence);
        uint32_t pattern_end = ts_node_is_null(consequence) ? ts_node_end_byte(c) : ts_node_start_byte(consequence);
        uint32_t attempt = add_node(FlowNode::Type::Join, stmt, 0, 0);
        edge(last, attempt);
        uint32_t matched = add_node(FlowNode::Type::Header, stmt, ts_node_start_byte(c), pattern_end);
        edge(attempt, matched);
        raise_edges(matched);
        Preds branch = build_block(consequence, {matched}, depth + 1);
        out.insert(out.end(), branch.begin(), branch.end());
        last = attempt;
      }
      out.push_back(last);  // no case matched
      return out;
    }
    default:
      break;
  }
  // A simple statement (or a definition, which is one node).
  uint32_t n = add_node(FlowNode::Type::Statement, stmt, ts_node_start_byte(stmt), ts_node_end_byte(stmt));
  connect(preds, n);
  bool definition = k == Kind::FunctionDefinition || k == Kind::ClassDefinition || k == Kind::DecoratedDefinition;
  if (!definition && may_raise(ts_node_start_byte(stmt), ts_node_end_byte(stmt))) raise_edges(n);
  if (definition && (k != Kind::FunctionDefinition)) raise_edges(n);  // class bodies and decorators run now
  switch (k) {
    case Kind::ReturnStatement:
      edge(n, return_target());
      return {};
    case Kind::RaiseStatement:
      raise_edges(n);
      if (tries_.empty()) edge(n, exit());
      return {};
    case Kind::BreakStatement:
      if (!loops_.empty()) loops_.back().breaks->push_back(n);
      return {};
    case Kind::ContinueStatement:
      if (!loops_.empty()) edge(n, loops_.back().header);
      return {};
    default:
      return {n};
  }
}

ScopeFlow::Preds ScopeFlow::build_loop(TSNode stmt, uint32_t header, int depth) {
  // The body runs from the header and returns to it; the loop ends at the header (through the
  // `else` block when there is one) or at a `break`, which skips `else`.
  std::vector<uint32_t> breaks;
  loops_.push_back({header, &breaks});
  Preds body = build_block(child_by_field(stmt, Field::Body), {header}, depth + 1);
  loops_.pop_back();
  connect(body, header);
  Preds out;
  TSNode alt = child_by_field(stmt, Field::Alternative);
  if (!ts_node_is_null(alt)) out = build_block(child_by_field(alt, Field::Body), {header}, depth + 1);
  else out.push_back(header);
  out.insert(out.end(), breaks.begin(), breaks.end());
  return out;
}

ScopeFlow::Preds ScopeFlow::build_try(TSNode stmt, Preds preds, int depth) {
  // Handlers and the finally join exist before the body, so the body's raises can reach them.
  Try t;
  std::vector<TSNode> handlers;
  TSNode else_clause{}, finally_clause{};
  for (uint32_t i = 0; i < named_child_count(stmt); ++i) {
    TSNode c = named_child(stmt, i);
    if (is(c, Kind::ExceptClause) || is(c, Kind::ExceptGroupClause)) {
      // The header is the clause up to its block: the exception type and the `as` target.
      uint32_t end = ts_node_end_byte(c);
      for (uint32_t j = 0; j < named_child_count(c); ++j)
        if (is(named_child(c, j), Kind::Block)) end = ts_node_start_byte(named_child(c, j));
      t.handlers.push_back(add_node(FlowNode::Type::Header, stmt, ts_node_start_byte(c), end));
      handlers.push_back(c);
    } else if (is(c, Kind::ElseClause)) {
      else_clause = c;
    } else if (is(c, Kind::FinallyClause)) {
      finally_clause = c;
    }
  }
  if (!ts_node_is_null(finally_clause)) t.finally_entry = static_cast<int32_t>(add_node(FlowNode::Type::Join, stmt, 0, 0));

  tries_.push_back(t);
  Preds body = build_block(child_by_field(stmt, Field::Body), std::move(preds), depth + 1);
  // Entering the try can itself be interrupted before any statement: reaching a handler with the
  // state from before the try is covered by the first statement's exception edges.
  tries_.pop_back();

  // Handlers run outside the try's own handlers, but inside its finally.
  Try handler_context;
  handler_context.finally_entry = t.finally_entry;
  if (t.finally_entry >= 0) tries_.push_back(handler_context);
  Preds out;
  for (size_t i = 0; i < handlers.size(); ++i) {
    TSNode block = block_of(handlers[i]);
    if (t.finally_entry < 0) raise_edges(t.handlers[i]);  // an unmatched exception propagates
    Preds h = ts_node_is_null(block) ? Preds{t.handlers[i]} : build_block(block, {t.handlers[i]}, depth + 1);
    out.insert(out.end(), h.begin(), h.end());
  }
  if (!ts_node_is_null(else_clause)) body = build_block(block_of(else_clause), std::move(body), depth + 1);
  out.insert(out.end(), body.begin(), body.end());
  if (t.finally_entry >= 0) tries_.pop_back();

  if (t.finally_entry < 0) return out;
  uint32_t fin = static_cast<uint32_t>(t.finally_entry);
  connect(out, fin);
  Preds after = build_block(block_of(finally_clause), {fin}, depth + 1);
  // The finally block also ends paths that return or raise: conservatively, every end of it may
  // continue after the try, return, or re-raise.
  Preds result = after;
  for (uint32_t a : after) {
    edge(a, return_target());
    raise_edges(a);
  }
  return result;
}

void ScopeFlow::collect_uses_and_defs() {
  size_t n = nodes_.size(), k = names_.size();
  uses_.assign(n, k);
  defs_.assign(n, k);
  kills_.assign(n, k);
  reads_.assign(n, {});
  for (uint32_t i = 0; i < n; ++i) {
    if (nodes_[i].end > nodes_[i].start) ranges_.emplace_back(nodes_[i].start, i);
    if (nodes_[i].type == FlowNode::Type::Join)
      joins_.push_back({ts_node_start_byte(nodes_[i].stmt), ts_node_end_byte(nodes_[i].stmt), i});
  }
  std::sort(ranges_.begin(), ranges_.end());
  std::sort(joins_.begin(), joins_.end(), [](const Join& a, const Join& b) { return a.start < b.start; });

  // Whatever binds or reads a name of the scope lies within the scope's node (nested scopes
  // too), and the model keeps bindings and references by position: only those are looked at.
  TSNode scope_node = model_.scope(scope_).node;
  uint32_t scope_start = ts_node_start_byte(scope_node), scope_end = ts_node_end_byte(scope_node);
  const auto& bindings = model_.bindings();
  model_.for_each_binding_within(scope_start, scope_end, [&](uint32_t b) {
    if (bindings[b].scope != scope_) return;
    int32_t node = node_at(ts_node_start_byte(bindings[b].node));
    if (node < 0) return;
    auto id = name_index(bindings[b].name);
    if (!id) return;
    defs_.set(static_cast<size_t>(node), *id);
    binding_nodes_[b] = static_cast<uint32_t>(node);
  });
  const auto& refs = model_.references();
  auto [first_ref, end_ref] = model_.references_within(scope_start, scope_end);
  for (uint32_t r = first_ref; r < end_ref; ++r) {
    const Reference& ref = refs[r];
    // A read in this scope's own flow of one of its local names is a use of that name, even when
    // no binding comes before it in the text (read by the next iteration of a loop) and the model
    // resolved it elsewhere: Python makes a name bound anywhere in a function local everywhere in it.
    bool local_read = ref.scope == scope_ && name_ids_.count(ref.name) && !model_.scope(scope_).globals.count(ref.name) &&
                      !model_.scope(scope_).nonlocals.count(ref.name);
    if (!local_read && (ref.binding < 0 || bindings[ref.binding].scope != scope_)) continue;
    int32_t node = node_at(ts_node_start_byte(ref.node));
    if (node < 0) continue;
    auto id = name_index(ref.name);
    if (!id) continue;
    uses_.set(static_cast<size_t>(node), *id);
    reads_[node].push_back(r);
    if (model_.use_kind(ref) == UseKind::Deleted) kills_.set(static_cast<size_t>(node), *id);
  }
}

int32_t ScopeFlow::node_at(uint32_t pos) const {
  auto it = std::upper_bound(ranges_.begin(), ranges_.end(), std::make_pair(pos, UINT32_MAX));
  if (it == ranges_.begin()) return -1;
  --it;
  const FlowNode& node = nodes_[it->second];
  return pos >= node.start && pos < node.end ? static_cast<int32_t>(it->second) : -1;
}

std::vector<uint32_t> ScopeFlow::nodes_within(uint32_t start, uint32_t end) const {
  std::vector<uint32_t> out;
  for (auto it = std::lower_bound(ranges_.begin(), ranges_.end(), std::make_pair(start, uint32_t{0}));
       it != ranges_.end() && it->first < end; ++it)
    if (nodes_[it->second].end <= end) out.push_back(it->second);
  auto join = std::lower_bound(joins_.begin(), joins_.end(), start,
                               [](const Join& j, uint32_t at) { return j.start < at; });
  for (; join != joins_.end() && join->start < end; ++join)
    if (join->end <= end) out.push_back(join->node);
  std::sort(out.begin(), out.end());
  return out;
}

int32_t ScopeFlow::node_of_binding(uint32_t binding) const {
  auto it = binding_nodes_.find(binding);
  return it == binding_nodes_.end() ? -1 : static_cast<int32_t>(it->second);
}

void ScopeFlow::solve() {
  size_t n = nodes_.size(), k = names_.size();
  // Backward liveness. live_out = union of successors' live_in (normal and exception edges);
  // live_in = uses | (live_out - defs), plus what an exception raised before any def needs.
  live_in_.assign(n, k);
  live_out_.assign(n, k);
  const size_t w = live_in_.words();
  // Scratch sets, reused: a node's sets are only copied into when they change.
  std::vector<uint64_t> scratch(3 * w);
  uint64_t* out = scratch.data();
  uint64_t* exc = out + w;
  uint64_t* in = exc + w;
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t i = n; i-- > 0;) {
      std::fill_n(out, w, 0);
      for (uint32_t s : nodes_[i].succ) merge_words(out, live_in_.row(s), w);
      std::fill_n(exc, w, 0);
      for (uint32_t s : nodes_[i].exc_succ) merge_words(exc, live_in_.row(s), w);
      merge_words(out, exc, w);
      std::copy_n(out, w, in);
      subtract_words(in, defs_.row(i), w);
      subtract_words(in, kills_.row(i), w);
      merge_words(in, uses_.row(i), w);
      merge_words(in, exc, w);
      changed |= assign_words(live_in_.row(i), in, w);
      changed |= assign_words(live_out_.row(i), out, w);
    }
  }
  // Forward definite binding (a must-analysis): parameters are bound at entry. Along an
  // exception edge the node may not have completed, so it carries the node's bound_in.
  bound_in_.assign(n, k);
  bound_out_.assign(n, k);
  constexpr uint64_t kAll = ~uint64_t{0};
  for (size_t i = 1; i < n; ++i) {  // all but the entry start as "everything"
    std::fill_n(bound_in_.row(i), w, kAll);
    std::fill_n(bound_out_.row(i), w, kAll);
  }
  const Scope& s = model_.scope(scope_);
  for (const auto& [name, ids] : s.names)
    for (uint32_t b : ids)
      if (model_.bindings()[b].kind == BindingKind::Parameter) bound_out_.set(entry(), name_ids_.at(name));
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t i = 1; i < n; ++i) {
      if (nodes_[i].pred.empty() && nodes_[i].exc_pred.empty()) continue;  // unreachable: stays "all"
      std::fill_n(in, w, kAll);
      for (uint32_t p : nodes_[i].pred) intersect_words(in, bound_out_.row(p), w);
      for (uint32_t p : nodes_[i].exc_pred) intersect_words(in, bound_in_.row(p), w);
      std::copy_n(in, w, out);
      merge_words(out, defs_.row(i), w);
      subtract_words(out, kills_.row(i), w);
      changed |= assign_words(bound_in_.row(i), in, w);
      changed |= assign_words(bound_out_.row(i), out, w);
    }
  }
}

std::vector<uint32_t> ScopeFlow::reachable_while_bound(uint32_t from, size_t n) const {
  std::vector<bool> seen(nodes_.size(), false);
  std::vector<uint32_t> out, stack;
  auto push_succs = [&](uint32_t node) {
    for (uint32_t s : nodes_[node].succ)
      if (!seen[s]) seen[s] = true, stack.push_back(s);
    for (uint32_t s : nodes_[node].exc_succ)
      if (!seen[s]) seen[s] = true, stack.push_back(s);
  };
  push_succs(from);
  while (!stack.empty()) {
    uint32_t node = stack.back();
    stack.pop_back();
    if (defs_.test(node, n) || kills_.test(node, n)) {
      // Rebound or deleted here, but only once the statement completes: if it raises first
      // (`x = load()` fails), the old value is still bound in the handler.
      for (uint32_t s : nodes_[node].exc_succ)
        if (!seen[s]) seen[s] = true, stack.push_back(s);
      continue;
    }
    push_succs(node);
  }
  // Every node pushed was reached: in order, they are the nodes seen (a scan, not a sort: in a
  // long module every name's value reaches most of the graph).
  for (uint32_t i = 0; i < seen.size(); ++i)
    if (seen[i]) out.push_back(i);
  return out;
}

std::vector<uint32_t> ScopeFlow::reaching_bindings(uint32_t node, size_t n) const {
  std::vector<uint32_t> out;
  std::vector<bool> expanded(nodes_.size(), false), collected(nodes_.size(), false);
  std::vector<uint32_t> stack{node};
  expanded[node] = true;
  auto expand = [&](uint32_t p) {
    if (!expanded[p]) expanded[p] = true, stack.push_back(p);
  };
  while (!stack.empty()) {
    uint32_t x = stack.back();
    stack.pop_back();
    if (x == entry())
      for (uint32_t id : model_.bindings_of(names_[n], scope_))
        if (model_.bindings()[id].kind == BindingKind::Parameter) out.push_back(id);
    for (uint32_t p : nodes_[x].pred) {
      if (defs_.test(p, n)) {  // the value bound there reaches, and nothing from before it
        collected[p] = true;
        continue;
      }
      if (kills_.test(p, n)) continue;  // deleted
      expand(p);
    }
    // A node that raised into `x` did not complete: its own binding did not happen, so what
    // reached it reaches `x`.
    for (uint32_t p : nodes_[x].exc_pred) expand(p);
  }
  // The bindings of the name made at the nodes found.
  for (uint32_t id : model_.bindings_of(names_[n], scope_)) {
    auto it = binding_nodes_.find(id);
    if (it != binding_nodes_.end() && collected[it->second]) out.push_back(id);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace pml
