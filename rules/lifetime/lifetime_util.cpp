#include "rules/lifetime/lifetime_util.h"

#include <algorithm>
#include <string_view>

#include "analyzer/semantic.h"
#include "analyzer/source.h"
#include "analyzer/values.h"
#include "rules/rule_util.h"

namespace pml {

namespace {

// Whether the value read at `ref` is handed to a plotting call that keeps it: matplotlib artists
// hold the arrays they draw (`ax.plot(x, y)`, `ax.matshow(img)`), so dropping the name frees nothing.
// A view of the value handed over (`ax.plot(x.T)`, `ax.plot(x[:, 0])`, `ax.imshow(x.reshape(h, w))`)
// is kept as well, and keeps the value alive with it; so is a pandas object plotted by its own
// `plot` accessor (`df["x"].plot(ax=ax)`, `df.plot.line()`).
bool kept_by_plotting(const Reference& ref, const Context& ctx) {
  TSNode arg = ref.node;
  for (int depth = 0; depth < 8; ++depth) {
    TSNode p = parent_of(arg);
    if (is(p, Kind::ParenthesizedExpression)) {
      arg = p;
    } else if (is(p, Kind::Subscript) && ts_node_eq(child_by_field(p, Field::Value), arg)) {
      arg = p;
    } else if (is(p, Kind::Attribute) && ts_node_eq(child_by_field(p, Field::Object), arg)) {
      std::string_view attr = ctx.text_of(child_by_field(p, Field::AttributeField));
      TSNode call = parent_of(p);
      if (is(call, Kind::Call) && ts_node_eq(child_by_field(call, Field::Function), p) && is_view_method(attr)) {
        arg = call;
      } else if (attr == "plot" && (is(call, Kind::Call) || is(call, Kind::Attribute))) {
        // The receiver of pandas' `s.plot(...)` or `df.plot.line(...)`: the lines drawn keep its
        // values (views of its memory) for as long as the figure lives.
        return true;
      } else if (attr == "T" || attr == "real" || attr == "imag") {
        arg = p;
      } else {
        break;
      }
    } else {
      break;
    }
  }
  TSNode parent = parent_of(arg);
  TSNode args = is(parent, Kind::KeywordArgument) ? parent_of(parent) : parent;
  if (!is(args, Kind::ArgumentList)) return false;
  TSNode callee = child_by_field(parent_of(args), Field::Function);
  if (ctx.qualified_name(callee).rfind("matplotlib", 0) == 0) return true;
  if (!is(callee, Kind::Attribute)) return false;
  static constexpr std::string_view kArtists[] = {
      "plot",     "imshow",    "matshow", "scatter", "bar",          "barh",      "fill",       "fill_between",
      "pcolor",   "pcolormesh", "contour", "contourf", "hist",        "hist2d",    "errorbar",   "step",
      "stem",     "quiver",    "boxplot", "violinplot", "plot_surface", "set_data", "set_array", "hexbin"};
  std::string_view method = ctx.text_of(child_by_field(callee, Field::AttributeField));
  for (std::string_view a : kArtists)
    if (method == a) return true;
  return false;
}

// Whether a call of `callee` draws, and what it returns (a figure, axes, artists) belongs to the
// figure that pyplot keeps until it is closed: a matplotlib function, or by the naming convention
// of plotting functions and methods (pandas' `df.plot()`, statsmodels' `infl.plot_index()` and
// `plot_leverage_resid2()`), a callee named `plot` or `plot_<what>`.
bool made_by_plotting(TSNode callee, const Context& ctx) {
  if (ctx.qualified_name(callee).rfind("matplotlib", 0) == 0) return true;
  TSNode name = is(callee, Kind::Attribute) ? child_by_field(callee, Field::AttributeField) : callee;
  if (!is(name, Kind::Identifier)) return false;
  std::string_view text = ctx.text_of(name);
  return text == "plot" || (text.size() > 5 && text.substr(0, 5) == "plot_");
}

// Whether `call` constructs an object of a class (SemanticModel::may_call_class) from arguments
// that are all names, attributes or literals: values that exist apart from the new object.
bool wraps_existing_values(TSNode call, uint32_t scope, const Context& ctx) {
  if (!ctx.model().may_call_class(child_by_field(call, Field::Function), scope)) return false;
  TSNode args = child_by_field(call, Field::Arguments);
  if (!is(args, Kind::ArgumentList)) return false;
  bool existing = true;
  for_each_named_child(args, [&](TSNode a) {
    if (is(a, Kind::Comment)) return true;
    TSNode v = strip_parens(is(a, Kind::KeywordArgument) ? child_by_field(a, Field::Value) : a);
    Kind k = kind_of(v);
    existing = k == Kind::Identifier || k == Kind::Attribute || k == Kind::Integer || k == Kind::Float ||
               k == Kind::String || k == Kind::True || k == Kind::False || k == Kind::None;
    return existing;
  });
  return existing;
}

}  // namespace

namespace {
// The flow nodes after which a lifetime rule drops binding `b`'s value: the dead last uses (MEM101's
// `del`, MEM102's rebinding) and, for a binding MEM103 may report (read only in its loop and dead
// whenever the loop ends, no overlap in the loop), the nodes outside the loop its nodes go to.
// nullopt when that cannot be told (no flow, reads the flow cannot place). None at all: no rule
// reports the binding.
std::optional<std::vector<uint32_t>> drop_places(uint32_t b, const Context& ctx) {
  const SemanticModel& model = ctx.model();
  uint32_t scope_id = ctx.scope();
  const ScopeFlow& flow = ctx.flow(scope_id);
  if (!flow.ok()) return std::nullopt;
  const Scope& scope = model.scope(scope_id);
  TSNode body = scope.kind == ScopeKind::Module ? scope.node : child_by_field(scope.node, Field::Body);
  if (ts_node_is_null(body)) return std::nullopt;
  auto dead = analyze_dead_value(b, flow, body, ctx);
  if (!dead) return std::nullopt;
  std::vector<uint32_t> places = dead->use_nodes;
  if (dead->loop_owned && dead->overlap < 0) places.insert(places.end(), dead->loop_exits.begin(), dead->loop_exits.end());
  return places;
}

std::vector<uint32_t> compute_candidates(const Context& ctx) {
  const SemanticModel& model = ctx.model();
  uint32_t scope_id = ctx.scope();
  const Scope& scope = model.scope(scope_id);
  std::vector<uint32_t> candidates;
  if (scope.dynamic || (scope.kind != ScopeKind::Function && scope.kind != ScopeKind::Module)) return candidates;
  // The model gives each read the binding written last before it in the text. Where branches or a
  // loop's iterations join, a read may see an earlier binding of the name as well (`try: a = f()`
  // / `except E: a = g()`, then `keep.append(a)`): what that read does with the value holds for
  // each binding it may see. True when a read given to another binding of `b`'s name keeps the
  // value (an escape, a plot, something derived from it that flows on) and may see `b`'s.
  //
  // Only a path through the place where a rule would drop `b`'s value counts: on another path the
  // `del` (or `= None`) never runs, so what that path keeps is not the rules' concern. In
  //
  //     f = np.zeros(n)
  //     for _ in range(k):
  //         b = f * 2.0      # f's last use: `del f` after it
  //         f = g(b)
  //     self.f = f
  //
  // the first binding reaches the store only when the loop runs zero times, a path without the
  // `del`. A keeping read counts when the value may pass from it to one of those places, or from
  // one of them to it, with the name still bound (see drop_places).
  auto kept_by_reads_of_others = [&](uint32_t b, const std::vector<uint32_t>& ids) {
    std::string_view name = model.bindings()[b].name;
    auto may_see_b = [&](const Reference& ref) {
      auto reaching = reaching_bindings(ctx.flow(scope_id), model, name, scope_id, ref.node);
      return std::find(reaching.begin(), reaching.end(), b) != reaching.end();
    };
    // The places, asked once, when a keeping read may see b's value; nullopt: every read counts.
    std::optional<std::optional<std::vector<uint32_t>>> places;
    auto through_a_place = [&](const Reference& ref) {
      if (!places) places = drop_places(b, ctx);
      if (!*places) return true;
      const ScopeFlow& flow = ctx.flow(scope_id);
      auto n = flow.name_index(name);
      int32_t at = flow.node_at(ts_node_start_byte(ref.node));
      if (!n || at < 0) return true;
      const std::vector<uint32_t>& ps = **places;
      auto is_place = [&](uint32_t node) { return std::find(ps.begin(), ps.end(), node) != ps.end(); };
      if (is_place(static_cast<uint32_t>(at))) return true;
      for (uint32_t node : flow.reachable_while_bound(static_cast<uint32_t>(at), *n))
        if (is_place(node)) return true;
      for (uint32_t p : ps) {
        auto after = flow.reachable_while_bound(p, *n);
        if (std::binary_search(after.begin(), after.end(), static_cast<uint32_t>(at))) return true;
      }
      return false;
    };
    for (uint32_t other : ids) {
      if (other == b) continue;
      std::optional<bool> derived;  // asked once per binding, when one of its reads may see b's value
      for (uint32_t r : model.references_of(other)) {
        const Reference& ref = model.references()[r];
        if (ref.scope != scope_id) continue;  // a nested scope's read: a capture, refused above
        bool keeps = model.reference_escapes_beyond_calls(ref) || kept_by_plotting(ref, ctx);
        if (!keeps) {
          if (!derived) derived = ctx.values().derived_value_kept(other);
          keeps = *derived;
        }
        if (keeps && may_see_b(ref) && through_a_place(ref)) return true;
      }
    }
    return false;
  };
  for (const auto& [name, ids] : scope.names) {
    if (scope.globals.count(name) || scope.nonlocals.count(name)) continue;
    bool parameter = false, captured = false;
    for (uint32_t b : ids)
      if (model.bindings()[b].kind == BindingKind::Parameter) parameter = true;
    // A closure reads the name's cell, whichever binding filled it; a closure over a name bound
    // more than once resolves to no binding, so the reads of the name are asked, not only the
    // references of each binding. `del` would empty the cell for every closure.
    for (uint32_t r : model.reads_of_name(name, scope_id)) {
      const Reference& ref = model.references()[r];
      if (ref.binding >= 0) {
        captured = captured || model.captured(ref);
        continue;
      }
      for (int32_t s = static_cast<int32_t>(ref.scope); s >= 0 && static_cast<uint32_t>(s) != scope_id;
           s = model.scope(s).parent) {
        const Scope& nested = model.scope(s);
        if (nested.kind != ScopeKind::Comprehension || is(nested.node, Kind::GeneratorExpression)) captured = true;
      }
    }
    if (parameter || captured) continue;
    for (uint32_t b : ids) {
      const Binding& binding = model.bindings()[b];
      // (A target of a chained assignment, `a = b = np.ones(n)`: the other target holds the value.)
      if (binding.kind != BindingKind::Assignment || ts_node_is_null(binding.value) || binding.chained) continue;
      // Only a value built by the assignment: `b = a` or `b = obj.attr` is an alias (dropping `b`
      // frees nothing while the other reference lives), and `s = arr[i]` may be an element or a
      // view unless the facts say it is a fresh copy. The syntax is checked first: it is cheap.
      Kind k = kind_of(strip_parens(binding.value));
      bool may_build = k == Kind::Call || k == Kind::BinaryOperator || k == Kind::UnaryOperator ||
                       k == Kind::ListComprehension || k == Kind::SetComprehension ||
                       k == Kind::DictionaryComprehension || k == Kind::List || k == Kind::Dictionary ||
                       k == Kind::Set || k == Kind::Subscript;
      if (!may_build) continue;
      if (!ctx.values().may_be_large(b) || model.escapes_beyond_calls(b)) continue;
      const ValueFacts& facts = ctx.values().of_binding(b);
      if (!facts.large || facts.is_view) continue;
      if (k == Kind::Subscript && !facts.fresh) continue;
      // Something derived from the value that may share its memory and flows on keeps it alive:
      // an element or a slice (`x = out[0]`), a view, a pandas column or `.values`, the result
      // of a method not known to copy (pandas' copy-on-write results among them).
      if (ctx.values().derived_value_kept(b)) continue;
      // An object of a class the analyzer does not know, made from values that other names hold
      // (`prng = type(memb._data)(rng, dtype=memb.dtype)`), holds those values and builds nothing
      // large of its own (see large_allocation): dropping it frees nothing while they are bound.
      if (k == Kind::Call && !facts.producer && wraps_existing_values(strip_parens(binding.value), scope_id, ctx))
        continue;
      // A value a plotting call made (`bars = plt.bar(...)`, `fig = infl.plot_index(...)`,
      // `ax = df.plot()`) belongs to its figure too.
      if (k == Kind::Call && made_by_plotting(child_by_field(strip_parens(binding.value), Field::Function), ctx))
        continue;
      bool plotted = false;
      for (uint32_t r : model.references_of(b)) plotted = plotted || kept_by_plotting(model.references()[r], ctx);
      if (plotted) continue;
      // Last, as the dearest question (it may need the scope's flow).
      if (ids.size() > 1 && kept_by_reads_of_others(b, ids)) continue;
      candidates.push_back(b);
    }
  }
  if (candidates.empty()) return candidates;
  std::sort(candidates.begin(), candidates.end());
  // Views of a candidate keep it alive: dropping the name would free nothing while they live.
  // A view's value reads its base, so only a value that reads a candidate is asked for its facts
  // (a view of a view reads the first view, a binding of this scope too, and `v += 1` keeps the
  // facts of its name's previous binding, also of this scope).
  auto reads_a_candidate = [&](TSNode expr) {
    auto [first, last] = model.references_within(ts_node_start_byte(expr), ts_node_end_byte(expr));
    for (uint32_t r = first; r < last; ++r) {
      int32_t read = model.references()[r].binding;
      if (read >= 0 && std::binary_search(candidates.begin(), candidates.end(), static_cast<uint32_t>(read)))
        return true;
    }
    return false;
  };
  auto reads_candidate = [&](const Binding& binding) {
    return (binding.kind == BindingKind::Assignment || binding.kind == BindingKind::NamedExpr) &&
           !ts_node_is_null(binding.value) && reads_a_candidate(binding.value);
  };
  // A name unpacked from a view of a candidate, or from the candidate itself (`a, b = np.split(x, 2)`,
  // `lo, hi = x.T`, `a, b = x`), or a loop target iterating either (`for part in np.array_split(x, k)`,
  // `for row in x`), may hold a view of it: the items of an array of more than one dimension are
  // views, as are the pieces np.split returns. Such bindings have no value of their own, so the
  // expression they take their items from is asked.
  auto erase_base_of = [&](TSNode source) {
    TSNode e = strip_parens(source);
    int32_t base = -1;
    if (is(e, Kind::Identifier)) {
      ValueFacts whole = ctx.values().of_name(e);
      if (whole.kind == ValueKind::NDArray && (!whole.shape || whole.shape->size() > 1))
        base = model.binding_of_node(e);
    } else {
      ValueFacts f = ctx.values().of_expression(e, scope_id);
      if (f.is_view) base = f.view_base;
    }
    if (base >= 0)
      candidates.erase(std::remove(candidates.begin(), candidates.end(), static_cast<uint32_t>(base)),
                       candidates.end());
  };
  for (const auto& [name, ids] : scope.names)
    for (uint32_t b : ids) {
      TSNode source = model.unpacked_from(model.bindings()[b]);
      if (!ts_node_is_null(source) && reads_a_candidate(source)) erase_base_of(source);
    }
  for (const auto& [name, ids] : scope.names)
    for (uint32_t b : ids) {
      if (!reads_candidate(model.bindings()[b])) continue;
      const ValueFacts& f = ctx.values().of_binding(b);
      if (f.is_view && f.view_base >= 0)
        candidates.erase(std::remove(candidates.begin(), candidates.end(), static_cast<uint32_t>(f.view_base)),
                         candidates.end());
    }
  return candidates;
}
}  // namespace

const std::vector<uint32_t>& lifetime_candidates(const Context& ctx) {
  static const char tag = 0;
  return ctx.shared<std::vector<uint32_t>>(&tag, ctx.scope(), [&] { return compute_candidates(ctx); });
}

std::optional<LifetimeScope> lifetime_scope(TSNode node, const Context& ctx) {
  const std::vector<uint32_t>& candidates = lifetime_candidates(ctx);
  if (candidates.empty()) return std::nullopt;
  const ScopeFlow& flow = ctx.flow(ctx.scope());
  if (!flow.ok()) return std::nullopt;
  TSNode body = ctx.model().scope(ctx.scope()).kind == ScopeKind::Module ? node : child_by_field(node, Field::Body);
  return LifetimeScope{&candidates, &flow, body};
}

std::optional<std::string> large_allocation(const FlowNode& node, const Context& ctx, uint32_t scope) {
  TSNode stmt = node.stmt;
  if (node.type != FlowNode::Type::Statement) return std::nullopt;
  TSNode expr{};
  if (is(stmt, Kind::ExpressionStatement)) {
    // Only a value that is kept (assigned) is known to be built: a bare call such as
    // `assert_allclose(a, b)` or `model.fit(X)` discards its result, and nothing says it is large.
    TSNode inner = named_child(stmt, 0);
    if (!is(inner, Kind::Assignment)) return std::nullopt;
    expr = child_by_field(inner, Field::Right);
    while (is(expr, Kind::Assignment)) expr = child_by_field(expr, Field::Right);
  } else if (is(stmt, Kind::ReturnStatement)) {
    expr = named_child(stmt, 0);
  }
  if (ts_node_is_null(expr)) return std::nullopt;
  // Only an expression that builds something allocates: a name, an attribute or a subscript
  // returns what already exists.
  Kind k = kind_of(strip_parens(expr));
  if (k != Kind::Call && k != Kind::BinaryOperator && k != Kind::ListComprehension && k != Kind::SetComprehension &&
      k != Kind::DictionaryComprehension && k != Kind::List && k != Kind::Dictionary && k != Kind::UnaryOperator)
    return std::nullopt;
  ValueFacts f = ctx.values().of_expression(expr, scope);
  if (!f.large || f.is_view) return std::nullopt;
  // Tuples joined (`(first,) + rest[1:]`) hold items that exist already: a few pointers, as a
  // tuple display holds, however large the items.
  if (k == Kind::BinaryOperator && f.kind == ValueKind::Tuple) return std::nullopt;
  // An object of a class the analyzer does not know (`OptimizeResult(x=x, fun=f)`) holds what it
  // is given; it builds nothing large of its own.
  if (k == Kind::Call && !f.producer &&
      ctx.model().may_call_class(child_by_field(strip_parens(expr), Field::Function), scope))
    return std::nullopt;
  std::string_view line = ctx.text_of(stmt);
  if (size_t nl = line.find_first_of("\r\n"); nl != std::string_view::npos) line = line.substr(0, nl);
  if (line.size() > 60) return std::string(line.substr(0, 57)) + "...";
  return std::string(line);
}

TSNode enclosing_loop(TSNode stmt, TSNode scope_body) {
  for (TSNode s = parent_of(stmt); !ts_node_is_null(s) && !ts_node_eq(s, scope_body); s = parent_of(s))
    if (is(s, Kind::ForStatement) || is(s, Kind::WhileStatement)) return s;
  return TSNode{};
}

bool node_within(const FlowNode& node, TSNode stmt) {
  return node_within(node, ts_node_start_byte(stmt), ts_node_end_byte(stmt));
}

bool node_within(const FlowNode& node, uint32_t s, uint32_t e) {
  switch (node.type) {
    case FlowNode::Type::Entry:
    case FlowNode::Type::Exit:
      return false;
    case FlowNode::Type::Join:
      return ts_node_start_byte(node.stmt) >= s && ts_node_end_byte(node.stmt) <= e;
    default:
      return node.start >= s && node.end <= e && node.end > node.start;
  }
}

namespace {
std::optional<DeadValue> compute_dead_value(uint32_t b, const ScopeFlow& flow, TSNode scope_body, const Context& ctx);
}  // namespace

std::optional<DeadValue> analyze_dead_value(uint32_t b, const ScopeFlow& flow, TSNode scope_body,
                                            const Context& ctx) {
  static const char tag = 0;
  return ctx.shared<std::optional<DeadValue>>(&tag, b, [&] { return compute_dead_value(b, flow, scope_body, ctx); });
}

namespace {
std::optional<DeadValue> compute_dead_value(uint32_t b, const ScopeFlow& flow, TSNode scope_body,
                                            const Context& ctx) {
  const SemanticModel& model = ctx.model();
  const Binding& binding = model.bindings()[b];
  auto n = flow.name_index(binding.name);
  int32_t def = flow.node_of_binding(b);
  if (!n || def < 0) return std::nullopt;
  DeadValue out;
  for (uint32_t r : model.references_of(b)) {
    const Reference& ref = model.references()[r];
    int32_t u = flow.node_at(ts_node_start_byte(ref.node));
    if (u < 0) return std::nullopt;
    if (flow.live_out(static_cast<uint32_t>(u)).test(*n)) continue;
    if (std::find(out.use_nodes.begin(), out.use_nodes.end(), static_cast<uint32_t>(u)) == out.use_nodes.end())
      out.use_nodes.push_back(static_cast<uint32_t>(u));
    if (ts_node_is_null(out.last_ref) || ts_node_start_byte(ref.node) > ts_node_start_byte(out.last_ref)) {
      out.last_ref = ref.node;
      out.last_deletes = model.use_kind(ref) == UseKind::Deleted;
    }
  }

  // MEM103's case: inside a loop, read only inside it, dead at every normal exit of the loop.
  out.loop = enclosing_loop(flow.nodes()[def].stmt, scope_body);
  if (!ts_node_is_null(out.loop)) {
    bool owned = true;
    for (uint32_t r : model.references_of(b)) {
      int32_t u = flow.node_at(ts_node_start_byte(model.references()[r].node));
      if (u < 0 || !node_within(flow.nodes()[u], out.loop)) owned = false;
    }
    uint32_t loop_start = ts_node_start_byte(out.loop), loop_end = ts_node_end_byte(out.loop);
    for (uint32_t i : flow.nodes_within(loop_start, loop_end)) {
      if (!owned) break;
      for (uint32_t s : flow.nodes()[i].succ) {
        if (node_within(flow.nodes()[s], loop_start, loop_end)) continue;
        if (flow.live_in(s).test(*n)) owned = false;
        out.loop_exits.push_back(s);
      }
    }
    out.loop_owned = owned;
    if (!owned) out.loop_exits.clear();
  }

  if (out.use_nodes.empty()) return out;
  // The first node (by id, which follows the text) where the value is bound but dead and
  // something large is allocated.
  std::optional<std::string> what;
  auto overlap = flow.first_reachable_while_bound(static_cast<uint32_t>(def), *n, [&](uint32_t a) {
    if (flow.live_in(a).test(*n)) return false;
    if (std::find(out.use_nodes.begin(), out.use_nodes.end(), a) != out.use_nodes.end()) return false;
    if (ts_node_start_byte(flow.nodes()[a].stmt) < ts_node_start_byte(out.last_ref)) return false;
    if (out.loop_owned && !node_within(flow.nodes()[a], out.loop)) return false;  // MEM103's
    auto allocation = large_allocation(flow.nodes()[a], ctx, ctx.scope());
    if (!allocation) return false;
    what = std::move(allocation);  // a node accepted later is a smaller one: it replaces this
    return true;
  });
  if (overlap) {
    out.overlap = static_cast<int32_t>(*overlap);
    out.overlap_text = std::move(*what);
    out.overlap_row = ctx.line_ref(flow.nodes()[*overlap].start);
  }
  return out;
}
}  // namespace

std::optional<std::string> statement_indent(TSNode stmt, const Context& ctx) {
  auto loc = ctx.lines().location(ts_node_start_byte(stmt));
  std::string_view line = ctx.lines().line_text(loc.row - 1);
  size_t first = line.find_first_not_of(" \t");
  if (first != loc.column - 1) return std::nullopt;
  return std::string(line.substr(0, first));
}

std::optional<uint32_t> line_after(TSNode stmt, const Context& ctx) {
  uint32_t e = ts_node_end_byte(stmt);
  uint32_t end_row = ctx.lines().location(e).row - 1;
  uint32_t insert_at = ctx.lines().line_end(end_row);
  if (insert_at > ctx.text().size() || insert_at < e) return std::nullopt;
  std::string_view rest = ctx.text().substr(e, insert_at - e);
  size_t tail = rest.find_first_not_of(" \t");
  if (tail != std::string_view::npos && rest[tail] != '#') return std::nullopt;
  return insert_at;
}

}  // namespace pml
