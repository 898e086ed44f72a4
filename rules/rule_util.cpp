#include "rules/rule_util.h"

#include "analyzer/semantic.h"

namespace pml {

Edit append_keyword_argument(TSNode args, std::string_view keyword_and_value) {
  TSNode last{};
  for (uint32_t i = 0; i < named_child_count(args); ++i) {
    TSNode c = named_child(args, i);
    if (!is(c, Kind::Comment)) last = c;
  }
  if (ts_node_is_null(last)) {
    uint32_t after_paren = ts_node_start_byte(args) + 1;
    return Edit{after_paren, after_paren, std::string(keyword_and_value)};
  }
  uint32_t at = ts_node_end_byte(last);
  return Edit{at, at, ", " + std::string(keyword_and_value)};
}

std::optional<std::string> numpy_attribute(const Context& ctx, TSNode callee, std::string_view attr) {
  // Walk to the root identifier of the callee's attribute chain: `np.random.rand` -> `np`.
  TSNode n = strip_parens(callee);
  while (is(n, Kind::Attribute)) n = strip_parens(child_by_field(n, Field::Object));
  if (is(n, Kind::Identifier) && ctx.model().qualified_name(n, ctx.scope()) == "numpy")
    return std::string(ctx.text_of(n)) + "." + std::string(attr);
  // Otherwise any name numpy is imported as, if it means numpy at this point too.
  const SemanticModel& model = ctx.model();
  uint32_t pos = ts_node_start_byte(callee);
  for (const Binding& b : model.bindings()) {
    if (b.kind != BindingKind::Import || b.qualified != "numpy") continue;
    const Binding* seen = model.resolve(b.name, ctx.scope(), pos);
    if (seen && seen->kind == BindingKind::Import && seen->qualified == "numpy")
      return std::string(b.name) + "." + std::string(attr);
  }
  return std::nullopt;
}

std::vector<uint32_t> reaching_bindings(const ScopeFlow& flow, const SemanticModel& model, std::string_view name,
                                        uint32_t scope, TSNode stmt) {
  const std::vector<uint32_t>& all = model.bindings_of(name, scope);
  if (all.empty()) return {};
  auto n = flow.ok() ? flow.name_index(name) : std::nullopt;
  int32_t target = flow.ok() ? flow.node_at(ts_node_start_byte(stmt)) : -1;
  if (!n || target < 0) return all;  // no flow graph (a class body, say): every binding may reach
  return flow.reaching_bindings(static_cast<uint32_t>(target), *n);
}


}  // namespace pml
