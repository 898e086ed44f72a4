#include "rules/inplace/inplace_util.h"

#include <algorithm>

#include "analyzer/flow.h"

namespace pml::inplace {

Placement placement(TSNode stmt, const Context& ctx) {
  Placement p;
  p.scope_node = ctx.model().scope(ctx.scope()).node;
  const TSFieldId body = Grammar::get().field(Field::Body);
  TSNode child = stmt;
  for (TSNode n = parent_of(stmt); !ts_node_is_null(n); child = n, n = parent_of(n)) {
    if (ts_node_eq(n, p.scope_node)) break;
    Kind k = kind_of(n);
    if (k == Kind::FunctionDefinition || k == Kind::ClassDefinition || k == Kind::Lambda) break;
    if (k == Kind::TryStatement) p.in_try = true;
    if (k == Kind::WithStatement) p.in_with = true;
    if ((k == Kind::ForStatement || k == Kind::WhileStatement) && ts_node_is_null(p.innermost_loop) &&
        ts_node_eq(ts_node_child_by_field_id(n, body), child))
      p.innermost_loop = n;
  }
  return p;
}

namespace {
bool is_line_break(char c) { return c == '\n' || c == '\r'; }
}  // namespace

Layout layout(TSNode node, std::string_view text) {
  Layout l;
  uint32_t start = ts_node_start_byte(node), end = ts_node_end_byte(node);
  uint32_t ls = start;
  while (ls > 0 && !is_line_break(text[ls - 1])) --ls;
  l.line_start = ls;
  l.starts_line = std::all_of(text.begin() + ls, text.begin() + start, is_blank);
  if (l.starts_line) l.indent = std::string(text.substr(ls, start - ls));
  uint32_t i = skip_blanks(text, end);
  l.ends_line = i == text.size() || is_line_break(text[i]) || text[i] == '#';
  while (i < text.size() && !is_line_break(text[i])) ++i;
  if (i < text.size()) {
    l.last_line_terminated = true;
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
    ++i;
  }
  l.after_line = i;
  return l;
}

std::string_view indent_unit(std::string_view indent) {
  return indent.find('\t') != std::string_view::npos ? std::string_view("\t") : std::string_view("    ");
}

bool name_is_free(const SemanticModel& model, std::string_view name, uint32_t scope) {
  if (!model.bindings_of(name, scope).empty() || model.declared_global_or_nonlocal(name, scope)) return false;
  for (uint32_t r : model.references_named(name))
    if (model.is_within(model.references()[r].scope, scope)) return false;
  return true;
}

std::optional<std::string> free_name(const SemanticModel& model, uint32_t scope, std::string_view base) {
  std::string b(base);
  std::vector<std::string> candidates{b, b + "_", "_" + b};
  for (int i = 2; i <= 9; ++i) candidates.push_back(b + std::to_string(i));
  for (const auto& c : candidates)
    if (name_is_free(model, c, scope)) return c;
  return std::nullopt;
}

bool loop_index_reusable(const SemanticModel& model, std::string_view name, uint32_t scope, TSNode stmt) {
  const auto& ids = model.bindings_of(name, scope);
  if (ids.empty() || model.declared_global_or_nonlocal(name, scope)) return false;
  std::vector<TSNode> bodies;
  for (uint32_t b : ids) {
    const Binding& binding = model.bindings()[b];
    TSNode loop = parent_of(binding.node);
    if (binding.kind != BindingKind::LoopTarget || !is(loop, Kind::ForStatement) ||
        !ts_node_eq(child_by_field(loop, Field::Left), binding.node))
      return false;
    bodies.push_back(child_by_field(loop, Field::Body));
  }
  auto in_a_body = [&](TSNode n) {
    return std::any_of(bodies.begin(), bodies.end(), [&](TSNode body) {
      return ts_node_start_byte(body) <= ts_node_start_byte(n) && ts_node_end_byte(n) <= ts_node_end_byte(body);
    });
  };
  if (in_a_body(stmt)) return false;
  for (uint32_t i : model.references_named(name)) {
    const Reference& r = model.references()[i];
    if (!model.is_within(r.scope, scope)) continue;
    if (r.scope != scope || !in_a_body(r.node)) return false;
  }
  return true;
}

bool is_builtin_at(const SemanticModel& model, std::string_view name, uint32_t scope, uint32_t pos) {
  bool builtin = false;
  return model.resolve(name, scope, pos, &builtin) == nullptr && builtin;
}

std::pair<size_t, size_t> references_in(const SemanticModel& model, uint32_t start, uint32_t end) {
  const auto& refs = model.references();
  auto by_start = [](const Reference& r, uint32_t s) { return ts_node_start_byte(r.node) < s; };
  auto first = std::lower_bound(refs.begin(), refs.end(), start, by_start);
  auto last = std::lower_bound(first, refs.end(), end, by_start);
  return {static_cast<size_t>(first - refs.begin()), static_cast<size_t>(last - refs.begin())};
}

bool has_comment_child(TSNode node) {
  for (uint32_t i = 0; i < ts_node_child_count(node); ++i)
    if (is(ts_node_child(node, i), Kind::Comment)) return true;
  return false;
}

bool comment_on_path(TSNode inner, TSNode top) {
  for (TSNode n = parent_of(inner); !ts_node_is_null(n); n = parent_of(n)) {
    if (has_comment_child(n)) return true;
    if (ts_node_eq(n, top)) break;
  }
  return false;
}

bool has_walrus(const SemanticModel& model, uint32_t start, uint32_t end) {
  for (const Binding& b : model.bindings()) {
    if (b.kind != BindingKind::NamedExpr) continue;
    uint32_t s = ts_node_start_byte(b.node);
    if (s >= start && s < end) return true;
  }
  return false;
}

bool is_plain_assignment(TSNode assignment) {
  if (!is(assignment, Kind::Assignment)) return false;
  if (!ts_node_is_null(child_by_field(assignment, Field::Type))) return false;  // annotated
  if (is(child_by_field(assignment, Field::Right), Kind::Assignment)) return false;  // a = b = ...
  return is(parent_of(assignment), Kind::ExpressionStatement);
}

}  // namespace pml::inplace
