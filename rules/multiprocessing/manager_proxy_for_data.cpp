#include "rules/multiprocessing/manager_proxy_for_data.h"

#include <fmt/format.h>

#include "analyzer/semantic.h"
#include "analyzer/values.h"
#include "rules/multiprocessing/parallelism.h"

namespace pml {

namespace {

const RuleInfo kInfo{
    "MEM502",
    "manager-proxy-for-data",
    "Data kept in a multiprocessing Manager's server process",
    FixAvailability::DisplayOnly,
    true,
    {
        R"(Finds `multiprocessing.Manager()` shared objects used to hold data: `manager.list(xs)`,
`manager.dict(d)` and `manager.Array(typecode, xs)` created from existing data, a Manager list or
dict filled in a loop (`shared.append(x)`, `shared[k] = v`, `extend`, `insert`, `update`,
`setdefault` inside a `for`/`while` body or comprehension, the container created outside it), and
a large value assigned to a `manager.Namespace()` attribute. The manager is known through the
value facts (`manager = mp.Manager()`, `with Manager() as manager:`, `ctx.Manager()`).
Small coordination state is not reported: empty containers, literals of constants, `[None] * n`
slots, `range(n)`, `manager.Value`, flags and counters stored in a loop (constants, numbers,
arithmetic on them).)",
        R"(A Manager is a separate server process. Its containers hold their own copy of the data,
so nothing is shared: the data exists in the parent, in the manager, and in every worker that
reads it. Every access (`shared[i]`, `len(shared)`, iteration) pickles the request and the items
over a pipe, so a worker reading a Manager list item by item is both slow and holds a copy of
what it read. Filling a Manager container in a loop sends every item through that pipe.)",
        R"(import multiprocessing as mp

def work(i, table):
    return score(table[i])

with mp.Manager() as manager:
    table = manager.list(rows)  # a second copy, in the manager process
    with mp.Pool(4) as pool:
        results = pool.starmap(work, [(i, table) for i in range(len(rows))]))",
        R"(import multiprocessing as mp

_rows = None

def init(rows):
    global _rows
    _rows = rows  # once per worker (or inherited under fork)

def work(i):
    return score(_rows[i])  # results come back as return values

with mp.Pool(4, initializer=init, initargs=(rows,)) as pool:
    results = pool.map(work, range(len(rows))))",
        R"(Display-only: the replacement (an initializer, inheritance under fork,
`multiprocessing.shared_memory` with `np.ndarray(buffer=shm.buf)` for arrays, or results as task
return values) changes how workers reach the data, which pymemlint cannot rewrite safely.)",
        R"(`min-bytes`: seeds whose size is known statically and smaller than this, and
`Namespace` values below it, are not reported (default 1 MiB).)",
        R"(https://docs.python.org/3/library/multiprocessing.html#managers
https://docs.python.org/3/library/multiprocessing.shared_memory.html
https://docs.python.org/3/library/multiprocessing.html#programming-guidelines)",
    },
    /*unknown_sizes_in_tests=*/false};

constexpr Kind kKinds[] = {Kind::Call, Kind::Assignment};

constexpr std::string_view kSyncManager = "multiprocessing.managers.SyncManager.";

Fix advice() {
  return Fix{"Pass read-only data with `initializer=`/`initargs=` (or inherit it under fork), arrays through "
             "`multiprocessing.shared_memory`, and return results from the tasks",
             Applicability::DisplayOnly,
             {}};
}

// The SyncManager method a Manager proxy comes from ("list", "dict", ...), or empty.
std::string_view proxy_type(const ValueFacts& f) {
  if (f.kind != ValueKind::Proxy || !f.producer) return {};
  std::string_view q = f.producer->qualified;
  return q.rfind(kSyncManager, 0) == 0 ? q.substr(kSyncManager.size()) : std::string_view{};
}

bool is_constant(TSNode n) {
  n = strip_parens(n);
  if (is_scalar_literal(kind_of(n))) return true;
  switch (kind_of(n)) {
    case Kind::String:
    case Kind::ConcatenatedString:
      // f-strings build text from data; other literals are constants.
      for (uint32_t i = 0; i < named_child_count(n); ++i)
        if (!is_constant(named_child(n, i)) && !is(named_child(n, i), Kind::Other)) return false;
      return true;
    case Kind::UnaryOperator:
      return is_constant(child_by_field(n, Field::Argument));
    default:
      return false;
  }
}

bool all_constant(TSNode seq) {
  for (uint32_t i = 0; i < named_child_count(seq); ++i) {
    TSNode c = named_child(seq, i);
    if (is(c, Kind::Comment)) continue;
    if (is(c, Kind::Pair)) {
      if (!is_constant(child_by_field(c, Field::Key)) || !is_constant(child_by_field(c, Field::Value))) return false;
    } else if (!is_constant(c)) {
      return false;
    }
  }
  return true;
}

// Whether the value seeding a Manager container (or stored into one) is small coordination state:
// constants, literals of constants, `[None] * n` slots, `range(n)`, an empty `dict()`, or a name
// bound once to one of these; never when the value facts say it is large.
bool is_small_seed(TSNode e, uint32_t scope, const Context& ctx, int depth = 0) {
  if (ts_node_is_null(e) || depth > 3) return false;
  e = strip_parens(e);
  if (ctx.values().of_expression(e, scope).large) return false;
  switch (kind_of(e)) {
    case Kind::List:
    case Kind::Tuple:
    case Kind::Set:
    case Kind::Dictionary:
      return all_constant(e);
    case Kind::BinaryOperator: {
      if (ctx.text_of(child_by_field(e, Field::Operator)) != "*") return false;
      TSNode l = strip_parens(child_by_field(e, Field::Left)), r = strip_parens(child_by_field(e, Field::Right));
      auto slots = [](TSNode seq) { return (is(seq, Kind::List) || is(seq, Kind::Tuple)) && all_constant(seq); };
      return slots(l) || slots(r);
    }
    case Kind::Call: {
      const std::string& q = ctx.model().qualified_name(child_by_field(e, Field::Function), scope);
      TSNode args = child_by_field(e, Field::Arguments);
      if (q == "builtins.range") return true;
      if (q == "builtins.dict" || q == "builtins.list" || q == "builtins.tuple" || q == "builtins.set") {
        if (!is(args, Kind::ArgumentList)) return false;
        for (uint32_t i = 0; i < named_child_count(args); ++i) {
          TSNode a = named_child(args, i);
          if (is(a, Kind::Comment)) continue;
          if (!is(a, Kind::KeywordArgument) || !is_constant(child_by_field(a, Field::Value))) return false;
        }
        return true;
      }
      return false;
    }
    case Kind::Identifier: {
      int32_t b = ctx.model().binding_of_node(e);
      if (b < 0) return false;
      const Binding& binding = ctx.model().bindings()[b];
      if (binding.kind != BindingKind::Assignment || ts_node_is_null(binding.value) ||
          ctx.model().bindings_of(binding.name, binding.scope).size() != 1)
        return false;
      return is_small_seed(binding.value, binding.scope, ctx, depth + 1);
    }
    default:
      return is_constant(e);
  }
}

// The `for` statement or comprehension clause whose target binds `binding_node`, with the
// iterable it walks; null when the name is not a loop target.
TSNode loop_iterable(TSNode binding_node) {
  for (TSNode p = parent_of(binding_node); !ts_node_is_null(p); p = parent_of(p)) {
    Kind k = kind_of(p);
    if (k == Kind::ForStatement || k == Kind::ForInClause)
      return mp::within(binding_node, child_by_field(p, Field::Left)) ? child_by_field(p, Field::Right) : TSNode{};
    if (k == Kind::Block || k == Kind::FunctionDefinition || k == Kind::Lambda || k == Kind::ClassDefinition ||
        k == Kind::Module)
      return TSNode{};
  }
  return TSNode{};
}

// Whether a value stored into a Manager container in a loop carries data rather than
// coordination state: a large value, an element of the collection a loop walks (`for row in
// rows: shared.append(row)`, also inside a tuple, list or dict literal, or through an attribute,
// a subscript or a call on it), but not a loop index from `range(...)`, a scalar (`len(row)`) or
// another object the Manager made (`shared[k] = manager.list()`).
bool carries_data(TSNode e, const Context& ctx, int depth = 0) {
  e = strip_parens(e);
  if (ts_node_is_null(e) || depth > 4) return false;
  ValueFacts f = ctx.values().of_expression(e, ctx.scope());
  if (f.large) return true;
  if (f.kind == ValueKind::Scalar || f.kind == ValueKind::Proxy || f.kind == ValueKind::Manager) return false;
  switch (kind_of(e)) {
    case Kind::Tuple:
    case Kind::List:
    case Kind::Set:
    case Kind::Dictionary:
      for (uint32_t i = 0; i < named_child_count(e); ++i) {
        TSNode c = named_child(e, i);
        if (is(c, Kind::Pair)) c = child_by_field(c, Field::Value);
        if (carries_data(c, ctx, depth + 1)) return true;
      }
      return false;
    case Kind::Attribute:
      return carries_data(child_by_field(e, Field::Object), ctx, depth + 1);
    case Kind::Subscript:
      return carries_data(child_by_field(e, Field::Value), ctx, depth + 1);
    case Kind::Call: {
      TSNode fn = child_by_field(e, Field::Function);
      // Objects a Manager creates (queues, locks, nested containers) are coordination state.
      if (is(fn, Kind::Attribute)) {
        ValueFacts receiver = ctx.values().of_expression(child_by_field(fn, Field::Object), ctx.scope());
        if (receiver.kind == ValueKind::Manager) return false;
      }
      TSNode args = child_by_field(e, Field::Arguments);
      for (uint32_t i = 0; is(args, Kind::ArgumentList) && i < named_child_count(args); ++i) {
        TSNode a = named_child(args, i);
        if (is(a, Kind::KeywordArgument)) a = child_by_field(a, Field::Value);
        if (carries_data(a, ctx, depth + 1)) return true;
      }
      return is(fn, Kind::Attribute) && carries_data(child_by_field(fn, Field::Object), ctx, depth + 1);
    }
    case Kind::Identifier: {
      int32_t b = ctx.model().binding_of_node(e);
      if (b < 0 || ctx.model().bindings()[b].kind != BindingKind::LoopTarget) return false;
      TSNode iterable = strip_parens(loop_iterable(ctx.model().bindings()[b].node));
      if (ts_node_is_null(iterable)) return false;
      // Indices (`for i in range(n)`) are not data.
      if (is(iterable, Kind::Call) &&
          ctx.model().qualified_name(child_by_field(iterable, Field::Function), ctx.model().bindings()[b].scope) ==
              "builtins.range")
        return false;
      return true;
    }
    default:
      return false;
  }
}

std::string size_of(const ValueFacts& f) {
  auto b = f.bytes();
  return b ? fmt::format(" ({})", format_bytes(*b)) : std::string();
}

// Whether the receiver names a container bound outside the loop that repeats `node`.
bool filled_across_iterations(TSNode receiver, TSNode node, const Context& ctx) {
  TSNode loop = mp::repetition(node);
  if (ts_node_is_null(loop)) return false;
  receiver = strip_parens(receiver);
  if (!is(receiver, Kind::Identifier)) return false;
  int32_t b = ctx.model().binding_of_node(receiver);
  if (b < 0) return false;
  return !mp::within(ctx.model().bindings()[b].node, loop);
}

void report_fill(TSNode at, TSNode receiver, std::string_view type, std::string_view how, Context& ctx) {
  ctx.report(kInfo, at,
             fmt::format("`{}` is a Manager {} filled in a loop: every {} pickles the item over a pipe to the "
                         "manager's server process, which keeps its own copy; return results from the tasks "
                         "instead",
                         mp::shorten(ctx.text_of(receiver)), type, how),
             advice());
}

void check_call(TSNode call, Context& ctx) {
  TSNode fn = child_by_field(call, Field::Function);
  TSNode args = child_by_field(call, Field::Arguments);
  if (!is(args, Kind::ArgumentList)) return;

  // Creation: manager.list(xs), manager.dict(d), manager.Array(tc, xs), manager.Namespace(k=v).
  const Producer* p = ctx.values().producer_of(call, ctx.scope());
  if (p && p->kind == ValueKind::Proxy) {
    std::string_view type = p->qualified.substr(kSyncManager.size());
    std::vector<TSNode> seeds;
    if (type == "list") seeds.push_back(argument(args, 0, "", ctx.text()));
    if (type == "Array") seeds.push_back(argument(args, 1, "sequence", ctx.text()));
    if (type == "dict" || type == "Namespace") {
      if (type == "dict") seeds.push_back(argument(args, 0, "", ctx.text()));
      for (uint32_t i = 0; i < named_child_count(args); ++i) {
        TSNode a = named_child(args, i);
        if (is(a, Kind::KeywordArgument)) seeds.push_back(child_by_field(a, Field::Value));
        if (is(a, Kind::DictionarySplat) && type == "dict") seeds.push_back(named_child(a, 0));
      }
    }
    for (TSNode seed : seeds) {
      if (ts_node_is_null(seed)) continue;
      ValueFacts f = ctx.values().of_expression(seed, ctx.scope());
      // Namespace attributes are often settings: only large values are data there.
      if (type == "Namespace" ? !f.large : is_small_seed(seed, ctx.scope(), ctx)) continue;
      ctx.report(kInfo, call,
                 fmt::format("`{}` copies `{}`{} into the Manager's server process: one more full copy, and every "
                             "access from a worker pickles items over a pipe",
                             mp::shorten(ctx.text_of(fn)) + "(...)", mp::shorten(ctx.text_of(seed)), size_of(f)),
                 advice(), f.bytes());
      return;
    }
    return;
  }

  // Filling: shared.append(x), shared.update(d), ... in a loop.
  if (!is(fn, Kind::Attribute)) return;
  TSNode receiver = child_by_field(fn, Field::Object);
  std::string_view type = proxy_type(ctx.values().of_expression(receiver, ctx.scope()));
  if (type != "list" && type != "dict") return;
  std::string_view method = ctx.text_of(child_by_field(fn, Field::AttributeField));
  TSNode item;
  if (method == "append" || method == "extend" || (method == "update" && type == "dict"))
    item = argument(args, 0, "", ctx.text());
  else if (method == "insert" || (method == "setdefault" && type == "dict"))
    item = argument(args, 1, "", ctx.text());
  else
    return;
  if (ts_node_is_null(item) || !carries_data(item, ctx)) return;
  if (!filled_across_iterations(receiver, call, ctx)) return;
  report_fill(call, receiver, type, fmt::format("`{}`", method), ctx);
}

void check_assignment(TSNode assign, Context& ctx) {
  TSNode left = strip_parens(child_by_field(assign, Field::Left));
  TSNode right = child_by_field(assign, Field::Right);
  if (ts_node_is_null(right) || is(right, Kind::Assignment)) return;
  if (is(left, Kind::Subscript)) {
    TSNode receiver = child_by_field(left, Field::Value);
    std::string_view type = proxy_type(ctx.values().of_expression(receiver, ctx.scope()));
    if (type != "list" && type != "dict") return;
    if (!carries_data(right, ctx) || !filled_across_iterations(receiver, assign, ctx)) return;
    report_fill(assign, receiver, type, "item assignment", ctx);
    return;
  }
  if (is(left, Kind::Attribute)) {
    TSNode receiver = child_by_field(left, Field::Object);
    if (proxy_type(ctx.values().of_expression(receiver, ctx.scope())) != "Namespace") return;
    ValueFacts f = ctx.values().of_expression(right, ctx.scope());
    if (!f.large) return;
    ctx.report(kInfo, assign,
               fmt::format("`{}` copies `{}`{} into the Manager's server process; every read of `{}` from a worker "
                           "pickles the whole value over a pipe again",
                           mp::shorten(ctx.text_of(left)), mp::shorten(ctx.text_of(right)), size_of(f),
                           mp::shorten(ctx.text_of(left))),
               advice(), f.bytes());
  }
}

}  // namespace

const RuleInfo& ManagerProxyForData::info() const { return kInfo; }
std::span<const Kind> ManagerProxyForData::kinds() const { return kKinds; }
std::span<const std::string_view> ManagerProxyForData::needs_text() const { return mp::kParallelModules; }

void ManagerProxyForData::check(TSNode node, Context& ctx) const {
  if (is(node, Kind::Call)) check_call(node, ctx);
  else check_assignment(node, ctx);
}

}  // namespace pml
