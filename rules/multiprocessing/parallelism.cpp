#include "rules/multiprocessing/parallelism.h"

#include "analyzer/semantic.h"

namespace pml::mp {

Workers workers_of(const Producer* producer) {
  if (!producer) return Workers::Unknown;
  std::string_view q = producer->qualified;
  if (q == "multiprocessing.pool.ThreadPool" || q == "multiprocessing.dummy.Pool" ||
      q == "concurrent.futures.ThreadPoolExecutor" || q == "concurrent.futures.thread.ThreadPoolExecutor")
    return Workers::Threads;
  if (producer->kind == ValueKind::Pool || producer->kind == ValueKind::Executor)
    return Workers::Processes;
  return Workers::Unknown;
}

std::optional<std::string_view> string_literal(TSNode n, std::string_view text) {
  n = strip_parens(n);
  if (!is(n, Kind::String)) return std::nullopt;
  std::string_view s = node_text(n, text);
  std::string_view prefix = string_prefix(n, text);
  if (prefix.size() == s.size()) return std::nullopt;  // no quote
  if (prefix.find_first_of("fFbB") != std::string_view::npos) return std::nullopt;  // f-strings, bytes
  s.remove_prefix(prefix.size());
  size_t quote = s.size() >= 6 && (s.substr(0, 3) == "\"\"\"" || s.substr(0, 3) == "'''") ? 3 : 1;
  if (s.size() < 2 * quote) return std::nullopt;
  s = s.substr(quote, s.size() - 2 * quote);
  if (s.find('\\') != std::string_view::npos) return std::nullopt;
  return s;
}

Workers joblib_workers(TSNode call, const Context& ctx) {
  TSNode args = child_by_field(call, Field::Arguments);
  if (!is(args, Kind::ArgumentList)) return Workers::Unknown;
  for (uint32_t i = 0; i < named_child_count(args); ++i)
    if (is(named_child(args, i), Kind::DictionarySplat) || is(named_child(args, i), Kind::ListSplat))
      return Workers::Unknown;
  auto literal_or_default = [&](TSNode a, bool* is_default) -> std::optional<std::string_view> {
    *is_default = ts_node_is_null(a) || is(strip_parens(a), Kind::None);
    if (*is_default) return std::string_view{};
    return string_literal(a, ctx.text());
  };
  bool d = false;
  auto require = literal_or_default(argument(args, -1, "require", ctx.text()), &d);
  if (!require) return Workers::Unknown;
  if (!d && *require == "sharedmem") return Workers::Threads;
  auto prefer = literal_or_default(argument(args, -1, "prefer", ctx.text()), &d);
  if (!prefer) return Workers::Unknown;
  bool prefers_threads = !d && *prefer == "threads";
  auto backend = literal_or_default(argument(args, 1, "backend", ctx.text()), &d);
  if (!backend) return Workers::Unknown;
  if (d) return prefers_threads ? Workers::Threads : Workers::Processes;
  if (*backend == "threading") return Workers::Threads;
  if (*backend == "loky" || *backend == "multiprocessing") return Workers::Processes;
  return Workers::Unknown;
}

bool counts_every_cpu(TSNode expr, uint32_t scope, const Context& ctx, int depth) {
  if (ts_node_is_null(expr) || depth > 4) return false;
  TSNode n = strip_parens(expr);
  if (is(n, Kind::Call)) {
    const std::string& q = ctx.model().qualified_name(child_by_field(n, Field::Function), scope);
    TSNode args = child_by_field(n, Field::Arguments);
    if (q == "os.cpu_count" || q == "multiprocessing.cpu_count" || q == "os.process_cpu_count" ||
        q == "joblib.cpu_count" || q == "psutil.cpu_count")
      return true;
    if (q == "builtins.len" && is(args, Kind::ArgumentList) && named_child_count(args) == 1) {
      TSNode inner = strip_parens(named_child(args, 0));
      return is(inner, Kind::Call) &&
             ctx.model().qualified_name(child_by_field(inner, Field::Function), scope) == "os.sched_getaffinity";
    }
    return false;
  }
  if (is(n, Kind::BooleanOperator)) {
    // `os.cpu_count() or 1`: cpu_count() returns None only when it cannot tell.
    std::string_view op = node_text(child_by_field(n, Field::Operator), ctx.text());
    return op == "or" && counts_every_cpu(child_by_field(n, Field::Left), scope, ctx, depth + 1);
  }
  if (is(n, Kind::Identifier)) {
    int32_t b = ctx.model().binding_of_node(n);
    if (b < 0) return false;
    const Binding& binding = ctx.model().bindings()[b];
    if (binding.kind != BindingKind::Assignment || ts_node_is_null(binding.value)) return false;
    // Only a name bound once: otherwise another assignment may reach the use.
    if (ctx.model().bindings_of(binding.name, binding.scope).size() != 1) return false;
    return counts_every_cpu(binding.value, binding.scope, ctx, depth + 1);
  }
  return false;
}

bool within(TSNode node, TSNode outer) {
  return !ts_node_is_null(outer) && ts_node_start_byte(node) >= ts_node_start_byte(outer) &&
         ts_node_end_byte(node) <= ts_node_end_byte(outer);
}

namespace {
bool is_scope_boundary(Kind k) {
  return k == Kind::FunctionDefinition || k == Kind::Lambda || k == Kind::ClassDefinition || k == Kind::Module;
}
}  // namespace

TSNode repetition(TSNode node) {
  for (TSNode p = parent_of(node); !ts_node_is_null(p); p = parent_of(p)) {
    Kind k = kind_of(p);
    if (is_scope_boundary(k)) return TSNode{};
    if ((k == Kind::ForStatement || k == Kind::WhileStatement) && within(node, child_by_field(p, Field::Body)))
      return p;
    if (is_comprehension(k)) {
      // The first `for` clause's iterable is evaluated once, before the comprehension runs.
      TSNode first_iterable{};
      for (uint32_t i = 0; i < named_child_count(p); ++i) {
        TSNode c = named_child(p, i);
        if (is(c, Kind::ForInClause)) {
          first_iterable = child_by_field(c, Field::Right);
          break;
        }
      }
      if (!within(node, first_iterable)) return p;
    }
  }
  return TSNode{};
}

TSNode ancestor_in_scope(TSNode node, Kind k) {
  for (TSNode p = parent_of(node); !ts_node_is_null(p); p = parent_of(p)) {
    Kind pk = kind_of(p);
    if (pk == k) return p;
    if (is_scope_boundary(pk)) return TSNode{};
  }
  return TSNode{};
}

std::string shorten(std::string_view text, size_t max) {
  size_t nl = text.find_first_of("\r\n");
  bool cut = nl != std::string_view::npos || text.size() > max;
  text = text.substr(0, std::min(nl, max));
  return cut ? std::string(text) + "..." : std::string(text);
}

}  // namespace pml::mp
