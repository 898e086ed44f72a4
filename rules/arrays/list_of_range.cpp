#include "rules/arrays/list_of_range.h"

#include <fmt/format.h>

#include "analyzer/semantic.h"
#include "analyzer/source.h"
#include "analyzer/values.h"
#include "rules/rule_util.h"

namespace pml {

namespace {

const RuleInfo kInfo{
    "MEM402",
    "list-of-range",
    "A list of consecutive integers that is only read: a `range` does the same in constant memory",
    FixAvailability::Always,
    true,
    {
        R"(Finds `name = list(range(...))` and `name = [i for i in range(...)]` where every read of
`name` is one a `range` supports with the same result: iteration (`for`, comprehensions), `len`,
`sum`, `min`, `max`, `sorted`, `enumerate`, `zip`, `set`, `tuple`, `list`, `any`, `all`,
`reversed`, `iter`, membership (`v in name`), indexing, `.index()`, `.count()`, and slicing when
the slice itself is only used that way. Any other use keeps it silent: a mutation (`append`,
`extend`, `insert`, `sort`, `reverse`, `pop`, `remove`, `clear`, `name[i] = ...`, `del name[i]`,
`+=`), a comparison with a list, printing or `str`/`repr`/f-strings, serialisation, returning it,
storing it, or passing it to any other callee. A list whose length is known statically and whose
size is below `min-bytes` is not reported: `list(range(3))` costs a few hundred bytes.)",
        R"(A list of n integers holds an 8-byte pointer per element plus a 28-byte int object for every
value above 256: about 36 bytes per element, 36 MB for a million. A `range` object is 48 bytes
whatever its length, and supports iteration, `len`, membership, indexing and slicing directly.)",
        R"(def score(model, n_samples):
    indices = list(range(n_samples))      # ~36 bytes per index
    total = 0.0
    for i in indices:
        total += model.predict_one(i)
    return total / len(indices))",
        R"(def score(model, n_samples):
    indices = range(n_samples)            # 48 bytes
    total = 0.0
    for i in indices:
        total += model.predict_one(i)
    return total / len(indices))",
        R"(The fix replaces the list expression with the `range` itself. It is safe when the name is a
function local whose every read is one listed above, so no code can tell a range from the list
(errors keep their type: an index out of range still raises `IndexError`, whose message then
names a range object).
It is unsafe at module level (another module may import the name and use it as a list), in
scopes that call `locals()`, `vars()`, `eval`, `exec` or `dir()` or get their own frame
(`sys._getframe()`, `inspect.currentframe()`), and when the assignment is annotated
(`dims: List[int] = list(range(n))`): the annotation may say a list, and a type checker, or
TorchScript compiling the function, would refuse the range.)",
        R"(`min-bytes`: lists whose length is known statically and whose size (36 bytes per element) is
smaller than this are not reported (default 1 MiB).)",
        R"(https://docs.python.org/3/library/stdtypes.html#ranges
https://docs.python.org/3/library/stdtypes.html#common-sequence-operations)",
    },
    /*unknown_sizes_in_tests=*/false};

constexpr Kind kKinds[] = {Kind::Assignment};

// Bytes a list of n ints costs: an 8-byte pointer and a 28-byte int object per element.
constexpr uint64_t kBytesPerInt = 36;

bool is_builtin_call(TSNode call, std::string_view builtin, const Context& ctx) {
  return is(call, Kind::Call) && ctx.qualified_name(child_by_field(call, Field::Function)) == builtin;
}

// The `range(...)` call a list expression copies: `list(range(...))` or `[i for i in range(...)]`.
TSNode range_of_list_expression(TSNode value, const Context& ctx) {
  value = strip_parens(value);
  if (is_builtin_call(value, "builtins.list", ctx)) {
    TSNode args = child_by_field(value, Field::Arguments);
    if (!is(args, Kind::ArgumentList)) return TSNode{};
    TSNode only{};
    uint32_t count = 0;
    for_each_named_child(args, [&](TSNode a) {
      if (!is(a, Kind::Comment)) only = a, ++count;
      return true;
    });
    only = strip_parens(only);
    return count == 1 && is_builtin_call(only, "builtins.range", ctx) ? only : TSNode{};
  }
  if (is(value, Kind::ListComprehension)) {
    TSNode element{}, clause{};
    bool simple = true;
    for_each_named_child(value, [&](TSNode c) {
      if (is(c, Kind::Comment)) return true;
      if (ts_node_is_null(element)) element = c;
      else if (is(c, Kind::ForInClause) && ts_node_is_null(clause)) clause = c;
      else simple = false;  // a second `for`, an `if`
      return simple;
    });
    if (!simple) return TSNode{};
    if (ts_node_is_null(clause)) return TSNode{};
    TSNode target = child_by_field(clause, Field::Left);
    TSNode iterable = strip_parens(child_by_field(clause, Field::Right));
    if (!is(strip_parens(element), Kind::Identifier) || !is(target, Kind::Identifier) ||
        ctx.text_of(strip_parens(element)) != ctx.text_of(target))
      return TSNode{};
    return is_builtin_call(iterable, "builtins.range", ctx) ? iterable : TSNode{};
  }
  return TSNode{};
}

// Whether `n` is the target of a store or a delete: `x[i] = v`, `x[i] += v`, `del x[i]`,
// `a, x[i] = ...`, `for x[i] in ...`.
bool is_store_target(TSNode n) {
  for (TSNode child = n, p = parent_of(n); !ts_node_is_null(p); child = p, p = parent_of(p)) {
    switch (kind_of(p)) {
      case Kind::Assignment:
      case Kind::AugmentedAssignment:
      case Kind::ForStatement:
      case Kind::ForInClause:
        return ts_node_eq(child_by_field(p, Field::Left), child);
      case Kind::DeleteStatement:
        return true;
      case Kind::PatternList:
      case Kind::TuplePattern:
      case Kind::ListPattern:
      case Kind::ExpressionList:
      case Kind::Tuple:
      case Kind::List:
      case Kind::ParenthesizedExpression:
        continue;  // part of a target list, or of a value: look further up
      default:
        return false;
    }
  }
  return false;
}

// Callees whose result is the same for a range as for the equal list.
bool consumes_sequence(std::string_view q) {
  return q == "builtins.len" || q == "builtins.sum" || q == "builtins.min" || q == "builtins.max" ||
         q == "builtins.sorted" || q == "builtins.enumerate" || q == "builtins.zip" || q == "builtins.set" ||
         q == "builtins.frozenset" || q == "builtins.tuple" || q == "builtins.list" || q == "builtins.any" ||
         q == "builtins.all" || q == "builtins.reversed" || q == "builtins.iter";
}

// Whether the value of `e` (the list, or a slice of it) is used in a way a range supports
// identically. `depth` bounds slices of slices.
bool range_compatible_use(TSNode e, uint32_t scope, const Context& ctx, int depth = 0) {
  if (depth > 4) return false;
  TSNode p = parent_of(e);
  switch (kind_of(p)) {
    case Kind::ParenthesizedExpression:
      return range_compatible_use(p, scope, ctx, depth + 1);
    case Kind::ForStatement:
    case Kind::ForInClause:
      return ts_node_eq(child_by_field(p, Field::Right), e);
    case Kind::ArgumentList: {
      TSNode call = parent_of(p);
      return is(call, Kind::Call) && consumes_sequence(ctx.qualified_name(child_by_field(call, Field::Function)));
    }
    case Kind::ComparisonOperator: {
      // `v in x` / `v not in x`, with x the last operand.
      uint32_t n = named_child_count(p);
      if (n < 2 || !ts_node_eq(named_child(p, n - 1), e)) return false;
      TSNode before = named_child(p, n - 2);
      std::string_view op = ctx.text().substr(ts_node_end_byte(before), ts_node_start_byte(e) - ts_node_end_byte(before));
      while (!op.empty() && (op.front() == ' ' || op.front() == '\t' || op.front() == '\n' || op.front() == '\r' ||
                             op.front() == '\\'))
        op.remove_prefix(1);
      while (!op.empty() && (op.back() == ' ' || op.back() == '\t' || op.back() == '\n' || op.back() == '\r' ||
                             op.back() == '\\'))
        op.remove_suffix(1);
      if (op == "in") return true;
      if (op.substr(0, 3) == "not" && op.size() > 3) {
        std::string_view rest = op.substr(3);
        while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
        return rest == "in";
      }
      return false;
    }
    case Kind::Subscript: {
      if (!ts_node_eq(child_by_field(p, Field::Value), e) || is_store_target(p)) return false;
      // An index not known to be an int may hold a slice (`s = slice(1, 3)`, a parameter).
      bool slice = false;
      for (uint32_t i = 0; i < named_child_count(p); ++i) {
        TSNode c = named_child(p, i);
        if (!ts_node_eq(c, e) && !is(c, Kind::Comment) &&
            (is(strip_parens(c), Kind::Slice) || !ctx.values().integer_index(c, scope)))
          slice = true;
      }
      // An element is the same int; a slice of a range is a range, so it must be used the same way.
      return !slice || range_compatible_use(p, scope, ctx, depth + 1);
    }
    case Kind::Attribute: {
      std::string_view attr = ctx.text_of(child_by_field(p, Field::AttributeField));
      TSNode call = parent_of(p);
      return (attr == "index" || attr == "count") && is(call, Kind::Call) &&
             ts_node_eq(child_by_field(call, Field::Function), p);
    }
    default:
      return false;
  }
}

}  // namespace

const RuleInfo& ListOfRange::info() const { return kInfo; }
std::span<const Kind> ListOfRange::kinds() const { return kKinds; }

void ListOfRange::check(TSNode assign, Context& ctx) const {
  TSNode left = child_by_field(assign, Field::Left);
  TSNode value = child_by_field(assign, Field::Right);
  if (!is(left, Kind::Identifier) || ts_node_is_null(value) || !is(parent_of(assign), Kind::ExpressionStatement))
    return;
  TSNode range_call = range_of_list_expression(value, ctx);
  if (ts_node_is_null(range_call)) return;
  TSNode range_args = child_by_field(range_call, Field::Arguments);
  auto positional = positional_arguments(range_args);
  if (!positional) return;
  std::vector<TSNode> args = std::move(*positional);
  if (args.empty() || args.size() > 3) return;

  const SemanticModel& model = ctx.model();
  int32_t id = model.binding_of_node(left);
  if (id < 0) return;
  const Binding& binding = model.bindings()[id];
  const Scope& scope = model.scope(binding.scope);
  if (scope.kind == ScopeKind::Class) return;  // a class attribute: anyone may use it as a list

  std::optional<uint64_t> count = ctx.model().range_length(range_call, ctx.scope());
  if (!count && args.size() == 1)  // `range(x.ndim)`: at most its bound
    if (auto bound = ctx.model().int_upper_bound(args[0], ctx.scope()); bound && *bound >= 0)
      count = static_cast<uint64_t>(*bound);
  if (!count && args.size() == 3 && ctx.model().constant_int(args[2], ctx.scope()) == 0) return;  // raises
  std::optional<uint64_t> bytes;
  if (uint64_t b = 0; count && !__builtin_mul_overflow(*count, kBytesPerInt, &b)) bytes = b;
  if (bytes && *bytes < ctx.settings().min_bytes) return;

  // Every read that may see the list must be one a range answers identically.
  auto reads = model.reads_of_name(binding.name, binding.scope);
  if (reads.empty()) return;
  for (uint32_t r : reads) {
    const Reference& ref = model.references()[r];
    if (kind_of(ref.parent) == Kind::DeleteStatement) continue;  // `del x` frees it either way
    if (!range_compatible_use(ref.node, ref.scope, ctx)) return;
  }

  std::string name(binding.name);
  std::string unsafe;
  if (scope.kind != ScopeKind::Function)
    unsafe = fmt::format("`{}` is a module-level name another module may import and use as a list", name);
  else if (scope.dynamic)
    unsafe = "the scope calls `locals()`, `vars()`, `eval`, `exec` or `dir()`, or gets its own frame";
  else if (TSNode type = child_by_field(assign, Field::Type); !ts_node_is_null(type))
    unsafe = fmt::format("the annotation `{}` may say a list, which a type checker or TorchScript would hold a "
                         "range to",
                         ctx.text_of(type));

  std::string range_text(ctx.text_of(range_call));
  std::string size = bytes ? fmt::format(" (~{} ints, {})", *count, format_bytes(*bytes)) : std::string();
  std::string message = fmt::format(
      "`{}` stores every integer of `{}` as a list{}, but it is only iterated, measured, indexed or searched: use the "
      "constant-size `{}` itself",
      name, range_text, size, range_text);
  Fix fix{unsafe.empty() ? fmt::format("Use `{}` directly", range_text)
                         : fmt::format("Use `{}` directly (unsafe: {})", range_text, unsafe),
          unsafe.empty() ? Applicability::Safe : Applicability::Unsafe,
          {Edit{ts_node_start_byte(value), ts_node_end_byte(value), range_text}},
          {ctx.isolation_key(name)}};
  ctx.report(kInfo, value, std::move(message), std::move(fix), bytes);
}

}  // namespace pml
