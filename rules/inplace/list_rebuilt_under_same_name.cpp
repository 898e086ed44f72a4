#include "rules/inplace/list_rebuilt_under_same_name.h"

#include <fmt/format.h>

#include <algorithm>

#include "analyzer/semantic.h"
#include "analyzer/values.h"
#include "rules/inplace/inplace_util.h"
#include "rules/rule_util.h"

namespace pml {

namespace {

const RuleInfo kInfo{
    "MEM201",
    "list-rebuilt-under-same-name",
    "List rebuilt under the same name while the old list is still alive",
    FixAvailability::Sometimes,
    true,
    {
        R"(Finds a list rebuilt from itself under the same name: `x = [f(v) for v in x]`,
`x = list(f(v) for v in x)` and `x = list(map(f, x))`, with a single `for` clause and no `if`
filter, when `x` is known to be a list on every path that reaches the statement: a list
display, a comprehension, `list(...)`, `sorted(...)`, `str.split`, `.tolist()`, a
function of the file whose every `return` gives a list, ... A value of unknown type is not
reported: it may be a tuple, a generator, a mapping or another owner's list, for which the
in-place loop fails or changes someone else's data. Nor is a list that another owner keeps: a parameter (the caller's list), an attribute's
value, a container's item (`d[k]`, `d.get(k)`), an item unpacked from one of those (`a, b =
idx.codes`) or taken by a `for` loop over a container (`for k, v in d.items()`), or another name
for one of those (`y = x or []` too), also
when another path gives a few items written out (`if not iterable(x): x = [x]`) or repeated
(`x = [None] * n`: a pointer per item, counted against `min-bytes` when `n` is known), and after
`x += [...]`, which extends the owner's list. The owner keeps it alive either way and does not
expect it to change. Nor is a rebuild whose new elements are the
old ones, views of them or a few values written out: the loop variable, `v.T`, `v[:, 0]`,
`v.ravel()`, numpy's view functions of an array (`np.squeeze(v)`, `np.moveaxis(v, ...)`), each
branch of `a if c else b`. The old elements stay alive either way; only the lists' pointers (8
bytes an item) are held twice, reported when known to reach `min-bytes`. Lists whose size is
known and below `min-bytes` are not reported, nor plain copies (`x = [v for v in x]`), filters
and nested `for` clauses, which have no in-place form, nor `async for` comprehensions, which
iterate an asynchronous iterable rather than a list.)",
        R"(The new list is built while the old one is still bound to `x`, so both are alive until
the assignment: the peak holds two lists (measured for 1e6 floats: 64.9 MB instead of 32.4 MB).
Assigning the elements in place keeps one list and releases each old element as it is replaced.)",
        R"(values = [float(v) for v in range(1_000_000)]
values = [v * 2.0 for v in values])",
        R"(values = [float(v) for v in range(1_000_000)]
for i in range(len(values)):
    values[i] = values[i] * 2.0)",
        R"(The fix rewrites the statement as an index loop, `for i in range(len(x)): x[i] = f(x[i])`,
replacing each read of the loop variable in the element expression by `x[i]`; the index name is
one that the scope and its nested scopes do not use. It is safe only when `x` is a list created
in this function (a list display, a comprehension, `list(...)`, ...) on every path that reaches
the statement (through `x += [...]`, which extends the list `x` held before, to that list), it
has not escaped (no alias, not returned, stored, passed to a callee that may
keep it, captured by a nested function, global or nonlocal), the element expression neither
reads `x` nor assigns a name nor calls `super()` without arguments, and the statement is not
inside a `try` or `with` that could catch an exception raised midway. Otherwise the fix is
unsafe: an alias or a caller would see the mutation, an exception midway leaves the list half updated, at module level the index becomes a module global, and
`super()` raises TypeError in a comprehension's own frame (before Python 3.12) or a lambda's but
works in the loop. It is display-only where the rewrite cannot be
expressed: several targets or an annotation, more than one statement on the line, a tuple target
in the `for` clause, the loop variable read by a nested lambda, function or generator
expression (it would read `x[i]` later, when it runs), a comment outside the element
expression, a class body (the comprehension's name resolution differs there), `map` over a
function expression that is not a name or a one-parameter lambda, or `range`/`len` shadowed.)",
        R"(`min-bytes`: lists whose size is known statically and smaller than this are not reported
(default 1 MiB).)",
        R"(https://docs.python.org/3/tutorial/datastructures.html#list-comprehensions
https://docs.python.org/3/reference/datamodel.html#objects-values-and-types)",
    },
    /*unknown_sizes_in_tests=*/false};

constexpr Kind kKinds[] = {Kind::Assignment};

// The matched statement.
struct Match {
  enum Form { Comprehension, Generator, Map } form = Comprehension;
  TSNode right{};     // the assigned expression (parentheses stripped)
  TSNode comp{};      // list_comprehension / generator_expression
  TSNode clause{};    // its for_in_clause
  TSNode target{};    // the clause's target
  TSNode element{};   // the element expression, or the body of the lambda given to map
  TSNode map_fn{};    // map's function argument
  TSNode iterable{};  // the name iterated
  int32_t loop_var = -1;    // binding of the per-element name (comprehension target, lambda parameter)
  uint32_t loop_scope = 0;  // the comprehension's or the lambda's scope
  bool async = false;
};

std::vector<TSNode> arguments_of(TSNode args) {
  std::vector<TSNode> out;
  for (uint32_t i = 0; i < named_child_count(args); ++i) {
    TSNode a = named_child(args, i);
    if (!is(a, Kind::Comment)) out.push_back(a);
  }
  return out;
}

bool match_comprehension(TSNode comp, Match& m) {
  m.comp = comp;
  int clauses = 0;
  for (uint32_t i = 0; i < named_child_count(comp); ++i) {
    TSNode c = named_child(comp, i);
    if (is(c, Kind::IfClause)) return false;  // a filter has no in-place form
    if (is(c, Kind::ForInClause)) {
      ++clauses;
      m.clause = c;
    }
  }
  if (clauses != 1) return false;
  if (arguments_of(m.clause).size() != 2) return false;  // `for v in a, b`
  m.async = ts_node_child_count(m.clause) > 0 && std::string_view(ts_node_type(ts_node_child(m.clause, 0))) == "async";
  m.target = child_by_field(m.clause, Field::Left);
  m.iterable = strip_parens(child_by_field(m.clause, Field::Right));
  m.element = child_by_field(comp, Field::Body);
  return !ts_node_is_null(m.element);
}

std::optional<Match> match(TSNode assignment, const Context& ctx) {
  TSNode left = child_by_field(assignment, Field::Left);
  if (!is(left, Kind::Identifier)) return std::nullopt;
  Match m;
  m.right = strip_parens(child_by_field(assignment, Field::Right));
  if (is(m.right, Kind::ListComprehension)) {
    m.form = Match::Comprehension;
    if (!match_comprehension(m.right, m)) return std::nullopt;
  } else if (is(m.right, Kind::Call) && ctx.qualified_name(child_by_field(m.right, Field::Function)) == "builtins.list") {
    TSNode args = child_by_field(m.right, Field::Arguments);
    if (is(args, Kind::GeneratorExpression)) {
      m.form = Match::Generator;
      if (!match_comprehension(args, m)) return std::nullopt;
    } else {
      auto outer = arguments_of(args);
      if (outer.size() != 1 || !is(outer[0], Kind::Call)) return std::nullopt;
      if (ctx.qualified_name(child_by_field(outer[0], Field::Function)) != "builtins.map") return std::nullopt;
      TSNode map_args = child_by_field(outer[0], Field::Arguments);
      if (!is(map_args, Kind::ArgumentList)) return std::nullopt;
      auto inner = arguments_of(map_args);
      if (inner.size() != 2) return std::nullopt;
      for (TSNode a : inner)
        if (is(a, Kind::KeywordArgument) || is(a, Kind::ListSplat) || is(a, Kind::DictionarySplat)) return std::nullopt;
      m.form = Match::Map;
      m.map_fn = inner[0];
      m.iterable = strip_parens(inner[1]);
    }
  } else {
    return std::nullopt;
  }
  if (!is(m.iterable, Kind::Identifier) || ctx.text_of(m.iterable) != ctx.text_of(left)) return std::nullopt;
  if (m.async) return std::nullopt;  // `async for` iterates an async iterable, never a list
  return m;
}

// A dotted name (`f`, `str.strip`, `np.sqrt`): evaluating it once per element changes nothing.
bool is_dotted_name(TSNode n) {
  n = strip_parens(n);
  while (is(n, Kind::Attribute)) n = strip_parens(child_by_field(n, Field::Object));
  return is(n, Kind::Identifier);
}

// A binding whose value is a new list that only this name refers to when it is made.
bool is_fresh_list(uint32_t id, const Context& ctx) {
  const Binding& b = ctx.model().bindings()[id];
  if (b.kind == BindingKind::AugmentedAssignment) return true;  // `x += [...]` extends the same list
  if (b.kind != BindingKind::Assignment || ts_node_is_null(b.value)) return false;
  if (b.chained) return false;  // `y = x = [...]`: y holds it too
  if (ctx.values().of_binding(id).kind != ValueKind::List) return false;
  TSNode v = strip_parens(b.value);
  switch (kind_of(v)) {
    case Kind::List:
    case Kind::ListComprehension:
    case Kind::Subscript:  // a slice copies
      return true;
    case Kind::Call: {
      // list(...), sorted(...), readlines(), split(), tolist(), copy(); not a function of this
      // file, which may hand back a list something else holds (a module's, an argument's item).
      TSNode fn = strip_parens(child_by_field(v, Field::Function));
      if (!is(fn, Kind::Identifier)) return true;
      const Binding* def = ctx.model().resolve(ctx.text_of(fn), b.scope, ts_node_start_byte(fn));
      return !def || def->kind != BindingKind::FunctionDef;
    }
    case Kind::BinaryOperator: {
      std::string_view op = ctx.text_of(child_by_field(v, Field::Operator));
      ValueFacts l = ctx.values().of_expression(child_by_field(v, Field::Left), b.scope);
      ValueFacts r = ctx.values().of_expression(child_by_field(v, Field::Right), b.scope);
      if (op == "+") return l.kind == ValueKind::List && r.kind == ValueKind::List;
      if (op == "*") {
        auto times = [&](TSNode n) { return ctx.model().constant_int(n, b.scope).has_value(); };
        return (l.kind == ValueKind::List && times(child_by_field(v, Field::Right))) ||
               (r.kind == ValueKind::List && times(child_by_field(v, Field::Left)));
      }
      return false;
    }
    default:
      return false;
  }
}

// The bindings whose list binding `id` holds: itself and, since `x += [...]` extends the list `x`
// held before, those that reach such a statement, transitively. `unknown`: an augmented
// assignment that no binding of the scope reaches (its list comes from elsewhere).
std::vector<uint32_t> list_origins(uint32_t id, const Context& ctx, bool& unknown) {
  const SemanticModel& model = ctx.model();
  std::vector<uint32_t> out, work{id};
  while (!work.empty()) {
    uint32_t b = work.back();
    work.pop_back();
    if (std::find(out.begin(), out.end(), b) != out.end()) continue;
    out.push_back(b);
    const Binding& binding = model.bindings()[b];
    if (binding.kind != BindingKind::AugmentedAssignment) continue;
    auto earlier = reaching_bindings(ctx.flow(binding.scope), model, binding.name, binding.scope,
                                     parent_of(binding.node));
    if (earlier.empty()) unknown = true;
    work.insert(work.end(), earlier.begin(), earlier.end());
  }
  return out;
}

bool owned_elsewhere(uint32_t id, TSNode read, const SemanticModel& model, const ValueAnalyzer& values, int depth);

// Whether `source`, an expression a name takes its value from, is something another owner keeps:
// an attribute's value, a container's item (not a slice, which copies), or a name that is one.
bool owned_source(TSNode source, uint32_t scope, const SemanticModel& model, const ValueAnalyzer& values, int depth) {
  source = strip_parens(source);
  if (is(source, Kind::Attribute)) return true;
  if (is(source, Kind::BooleanOperator) && node_text(child_by_field(source, Field::Operator), model.text()) == "or") {
    // `items or []`: the owner's list, or an empty one written out
    TSNode right = strip_parens(child_by_field(source, Field::Right));
    bool empty = (is(right, Kind::List) || is(right, Kind::Tuple)) && SemanticModel::literal_items(right) == 0;
    return owned_source(child_by_field(source, Field::Left), scope, model, values, depth + 1) &&
           (empty || owned_source(right, scope, model, values, depth + 1));
  }
  if (is(source, Kind::Subscript)) return !has_named_child(source, Kind::Slice);
  if (is(source, Kind::Call)) {
    // A mapping's item by `get` (`info.get("mrk", None)`), or the default written out: None or
    // an empty display.
    TSNode fn = child_by_field(source, Field::Function);
    auto args = positional_arguments(child_by_field(source, Field::Arguments));
    if (!is(fn, Kind::Attribute) || node_text(child_by_field(fn, Field::AttributeField), model.text()) != "get" ||
        !args || args->empty() || args->size() > 2)
      return false;
    TSNode object = strip_parens(child_by_field(fn, Field::Object));
    if (!is(object, Kind::Identifier) && !is(object, Kind::Attribute)) return false;
    ValueKind k = values.of_expression(object, scope).kind;
    if (k != ValueKind::Dict && k != ValueKind::Unknown) return false;
    if (args->size() == 1) return true;
    TSNode fallback = strip_parens((*args)[1]);
    return is(fallback, Kind::None) || ((is(fallback, Kind::List) || is(fallback, Kind::Tuple)) &&
                                        SemanticModel::literal_items(fallback) == 0);
  }
  if (!is(source, Kind::Identifier)) return false;
  const Binding* from = model.resolve(node_text(source, model.text()), scope, ts_node_start_byte(source));
  if (!from || !model.has_one_value(*from, source, scope)) return false;
  return owned_elsewhere(static_cast<uint32_t>(from - model.bindings().data()), source, model, values, depth + 1);
}

// Whether a `for` loop's iterable hands out items that stay in a container: an attribute's
// value, a name bound to a list, tuple or dict, a mapping's `.items()` or `.values()`, or
// enumerate()/zip()/reversed() of those. (A generator's items, or a parameter's, may be new.)
bool container_items(TSNode iterable, uint32_t scope, const SemanticModel& model, const ValueAnalyzer& values,
                     int depth) {
  iterable = strip_parens(iterable);
  if (depth > 4) return false;
  if (is(iterable, Kind::Attribute)) return true;
  if (is(iterable, Kind::Identifier)) {
    ValueKind k = values.of_expression(iterable, scope).kind;
    return k == ValueKind::List || k == ValueKind::Tuple || k == ValueKind::Dict || k == ValueKind::Set;
  }
  if (!is(iterable, Kind::Call)) return false;
  TSNode fn = child_by_field(iterable, Field::Function);
  auto args = positional_arguments(child_by_field(iterable, Field::Arguments));
  if (!args) return false;
  if (is(fn, Kind::Attribute)) {
    std::string_view method = node_text(child_by_field(fn, Field::AttributeField), model.text());
    TSNode object = strip_parens(child_by_field(fn, Field::Object));
    return (method == "items" || method == "values") && args->empty() &&
           (is(object, Kind::Identifier) || is(object, Kind::Attribute));  // a mapping keeps its values
  }
  std::string_view name = is(fn, Kind::Identifier) ? node_text(fn, model.text()) : std::string_view();
  if (name != "enumerate" && name != "zip" && name != "reversed") return false;
  if (args->empty() || model.qualified_name(fn, scope) != fmt::format("builtins.{}", name)) return false;
  return std::all_of(args->begin(), args->end(),
                     [&](TSNode a) { return container_items(a, scope, model, values, depth + 1); });
}

// Whether binding `id` holds a list that something else owns and keeps: a parameter (the
// caller's), an attribute's value (`paths = self._paths`), an item of a container (`row =
// table[k]`, not a slice, which copies), an item unpacked from one of those (`a, b = idx.codes`)
// or taken by a `for` loop over a container (`for key, row in table.items()`), or a name bound to
// one of those on every path. `read`: where the name is read.
bool owned_elsewhere(uint32_t id, TSNode read, const SemanticModel& model, const ValueAnalyzer& values,
                     int depth) {
  const Binding& b = model.bindings()[id];
  if (b.kind == BindingKind::Parameter) return true;
  if (depth > 4) return false;
  if (b.kind == BindingKind::LoopTarget) {
    TSNode loop = model.loop_of(b, read);
    return is(loop, Kind::ForStatement) && container_items(child_by_field(loop, Field::Right), b.scope, model, values, depth);
  }
  if (b.kind == BindingKind::Unpacked) {
    TSNode pattern = parent_of(b.node);
    while (is(pattern, Kind::PatternList) || is(pattern, Kind::TuplePattern) || is(pattern, Kind::ListPattern) ||
           is(pattern, Kind::ParenthesizedExpression)) {
      TSNode up = parent_of(pattern);
      if (is(up, Kind::Assignment))
        return ts_node_eq(child_by_field(up, Field::Left), pattern) &&
               owned_source(child_by_field(up, Field::Right), b.scope, model, values, depth);
      pattern = up;
    }
    return false;
  }
  if (b.kind != BindingKind::Assignment || ts_node_is_null(b.value)) return false;
  return owned_source(b.value, b.scope, model, values, depth);
}

// Whether every item of the list the comprehension iterates is known to be a numpy array: the
// element expression reads an array's attribute or view method of the loop variable (`v.ndim`,
// `v.shape`, `v.ravel()`), or every list that reaches the statement is numpy's split of an array
// or a comprehension of arrays.
bool items_are_arrays(const Match& m, const std::vector<uint32_t>& reaching, const Context& ctx) {
  const SemanticModel& model = ctx.model();
  auto [first, last] = inplace::references_in(model, ts_node_start_byte(m.element), ts_node_end_byte(m.element));
  for (size_t r = first; r < last; ++r) {
    const Reference& ref = model.references()[r];
    if (ref.binding != m.loop_var || !is(ref.parent, Kind::Attribute)) continue;
    std::string_view attr = ctx.text_of(child_by_field(ref.parent, Field::AttributeField));
    if (is_metadata_attribute(attr) || attr == "T" || is_view_method(attr)) return true;
  }
  if (reaching.empty()) return false;
  for (uint32_t id : reaching) {
    const Binding& b = model.bindings()[id];
    TSNode v = b.kind == BindingKind::Assignment ? strip_parens(b.value) : TSNode{};
    if (is(v, Kind::Call)) {
      static const std::unordered_set<std::string_view> kSplits = {
          "numpy.split", "numpy.array_split", "numpy.hsplit", "numpy.vsplit", "numpy.dsplit", "numpy.broadcast_arrays"};
      if (!kSplits.count(ctx.qualified_name(child_by_field(v, Field::Function)))) return false;
    } else if (is(v, Kind::ListComprehension)) {
      ValueKind k = ctx.values().of_expression(child_by_field(v, Field::Body), b.scope).kind;
      if (k != ValueKind::NDArray) return false;
    } else {
      return false;
    }
  }
  return true;
}

// Whether `e` calls `super()` without arguments. That form finds its class and instance in the
// frame it runs in: in a comprehension's own frame (every Python before 3.12) or a lambda's, the
// instance is not there and the call raises TypeError, where the index loop runs it in the method.
bool calls_bare_super(TSNode e, std::string_view text) {
  return any_named_descendant(e, [&](TSNode c) { return is_bare_call(c, "super", text); });
}

// Whether the element expression `e` gives, on every branch, the loop variable itself, an item
// or a view of it, or a few values written out: nothing new the size of the data. Then the old
// elements are alive until the statement ends either way (in place, until each is replaced, all
// of them at the start), and only the lists' own pointers are held twice. `arrays`: the items are
// known to be numpy arrays, so that numpy's view functions and slices return views, not copies.
bool element_stays(TSNode e, const Match& m, bool arrays, const Context& ctx, int depth = 0) {
  auto view_method = [&](TSNode call) {
    TSNode fn = is(call, Kind::Call) ? child_by_field(call, Field::Function) : TSNode{};
    return is(fn, Kind::Attribute) && is_view_method(ctx.text_of(child_by_field(fn, Field::AttributeField)));
  };
  e = strip_parens(e);
  if (depth > 8) return false;
  const SemanticModel& model = ctx.model();
  if (is_scalar_literal(kind_of(e))) return true;
  switch (kind_of(e)) {
    case Kind::Identifier:
      return model.binding_of_node(e) == m.loop_var;
    case Kind::ConditionalExpression:
      return named_child_count(e) == 3 && element_stays(named_child(e, 0), m, arrays, ctx, depth + 1) &&
             element_stays(named_child(e, 2), m, arrays, ctx, depth + 1);
    case Kind::Attribute: {
      // Array views (`.T`, `.real`) and what the item already holds (`._data`, `.base`, a Series'
      // `.values`; a frame of mixed dtypes copies for `.values`, a miss at worst).
      std::string_view attr = ctx.text_of(child_by_field(e, Field::AttributeField));
      static const std::unordered_set<std::string_view> kHeld = {"T",    "mT",    "real",    "imag",
                                                                 "base", "_data", "_values", "values"};
      return kHeld.count(attr) && element_stays(child_by_field(e, Field::Object), m, arrays, ctx, depth + 1);
    }
    case Kind::Subscript: {
      // Basic indexing (ints, slices, None, `()`): an item the element already holds (`p[0]`), a
      // view of an array (`v[:, -1]`, `v[()]`) or one of its numbers; nothing new the size of the
      // data. Several indices mean an array; a lone slice of a list is a copy.
      TSNode value = child_by_field(e, Field::Value);
      uint32_t indices = 0;
      bool basic = true, slice = false;
      for_each_named_child(e, [&](TSNode c) {
        if (ts_node_eq(c, value)) return true;
        ++indices;
        c = strip_parens(c);
        if (is(c, Kind::Slice)) slice = true;
        else if (is(c, Kind::Tuple) && named_child_count(c) == 0) slice = true;  // `v[()]`: all of an array, a view
        else if (!is(c, Kind::None) && !model.constant_int(c, ctx.scope()).has_value()) basic = false;
        return true;
      });
      if (!basic || indices == 0 || (slice && indices == 1 && !arrays)) return false;
      return element_stays(value, m, arrays || indices > 1, ctx, depth + 1);
    }
    case Kind::Call: {
      TSNode fn = child_by_field(e, Field::Function);
      auto args = positional_arguments(child_by_field(e, Field::Arguments));
      // An array's view methods (a list has none of them).
      if (view_method(e) && element_stays(child_by_field(fn, Field::Object), m, true, ctx, depth + 1)) return true;
      std::string q = ctx.qualified_name(fn);
      if (!args || args->empty()) return false;
      // `np.array([np.nan])`: a few values written out.
      if ((q == "numpy.array" || q == "numpy.asarray") && args->size() == 1) {
        TSNode display = strip_parens((*args)[0]);
        auto items = is(display, Kind::List) || is(display, Kind::Tuple) ? SemanticModel::literal_items(display)
                                                                          : std::nullopt;
        if (items && *items <= 8) return true;
      }
      // numpy's view functions return a view of an array (of a list, a new array).
      static const std::unordered_set<std::string_view> kNumpyViews = {
          "numpy.asarray", "numpy.asanyarray", "numpy.atleast_1d", "numpy.atleast_2d", "numpy.atleast_3d",
          "numpy.reshape", "numpy.ravel", "numpy.transpose", "numpy.squeeze", "numpy.swapaxes", "numpy.moveaxis",
          "numpy.rollaxis", "numpy.expand_dims", "numpy.broadcast_to"};
      if (!kNumpyViews.count(q)) return false;
      TSNode a0 = strip_parens((*args)[0]);
      return (arrays || view_method(a0)) && element_stays(a0, m, arrays, ctx, depth + 1);
    }
    default:
      return false;
  }
}

// Whether `node` is inside a self-documenting f-string field (`f"{v=}"`) within `top`, which
// prints the expression's own text.
bool prints_its_text(TSNode node, TSNode top, const Context& ctx) {
  for (TSNode n = parent_of(node); !ts_node_is_null(n); n = parent_of(n)) {
    if (is(n, Kind::Interpolation))
      for (uint32_t i = 0; i < ts_node_child_count(n); ++i) {
        TSNode c = ts_node_child(n, i);
        if (!ts_node_is_named(c) && ctx.text_of(c) == "=") return true;
      }
    if (ts_node_eq(n, top)) break;
  }
  return false;
}

// SemanticModel::escapes, but for the statement's own read of the list (`map(f, x)` passes `x`
// to `map`, which the rewrite removes).
bool escapes_elsewhere(const SemanticModel& model, uint32_t binding, TSNode own_read) {
  for (uint32_t r : model.references_of(binding)) {
    const Reference& ref = model.references()[r];
    if (ts_node_eq(ref.node, own_read)) continue;
    UseKind k = model.use_kind(ref);
    if (k != UseKind::Read && k != UseKind::Deleted) return true;
  }
  return false;
}

}  // namespace

const RuleInfo& ListRebuiltUnderSameName::info() const { return kInfo; }
std::span<const Kind> ListRebuiltUnderSameName::kinds() const { return kKinds; }

void ListRebuiltUnderSameName::check(TSNode node, Context& ctx) const {
  auto found = match(node, ctx);
  if (!found) return;
  Match& m = *found;
  const SemanticModel& model = ctx.model();
  const uint32_t scope = ctx.scope();
  const uint32_t stmt_start = ts_node_start_byte(node), stmt_end = ts_node_end_byte(node);
  std::string x(ctx.text_of(m.iterable));

  // What `x` holds when the statement runs, on every path that reaches it.
  inplace::Placement where = inplace::placement(node, ctx);
  const std::vector<uint32_t> reaching = reaching_bindings(ctx.flow(scope), model, x, scope, node);
  // A list another owner keeps (the caller's parameter, an object's attribute, a container's
  // item) on every path: rebuilding it leaves the owner's list as it was, as the owner expects,
  // and the owner keeps it alive either way. Updating it in place would change it under them.
  // (`if not iterable(x): x = [x]` adds a path with a few items written out: small either way.)
  bool owned = false, small_or_owned = !reaching.empty();
  // (`x += [...]` extends the list bound before: it is the owner's when that one is.)
  auto owners = [&](uint32_t id) {
    if (model.bindings()[id].kind != BindingKind::AugmentedAssignment)
      return owned_elsewhere(id, m.iterable, model, ctx.values(), 0);
    bool unknown = false, all = true;
    for (uint32_t o : list_origins(id, ctx, unknown))
      if (model.bindings()[o].kind != BindingKind::AugmentedAssignment)
        all = all && owned_elsewhere(o, m.iterable, model, ctx.values(), 0);
    return all && !unknown;
  };
  for (uint32_t id : reaching) {
    if (owners(id)) {
      owned = true;
      continue;
    }
    const Binding& b = model.bindings()[id];
    TSNode display = b.kind == BindingKind::Assignment ? strip_parens(b.value) : TSNode{};
    // A few values repeated (`[(None, None)] * n`): a few objects, and a pointer per item, which
    // the new list holds as well; reported when those pointers are known to reach min-bytes.
    std::optional<int64_t> times = 1;
    if (is(display, Kind::BinaryOperator) && node_text(child_by_field(display, Field::Operator), ctx.text()) == "*") {
      TSNode l = strip_parens(child_by_field(display, Field::Left)), r = strip_parens(child_by_field(display, Field::Right));
      display = is(l, Kind::List) ? l : r;
      times = model.constant_int(is(l, Kind::List) ? r : l, scope);
      if (!times) times = 0;  // not known: only its pointers would count
    }
    auto items = is(display, Kind::List) ? SemanticModel::literal_items(display) : std::nullopt;
    uint64_t repeated = 0, pointers = 0;
    small_or_owned = small_or_owned && items && *times >= 0 &&
                     static_cast<uint64_t>(*items) * 32 < ctx.settings().min_bytes &&
                     !__builtin_mul_overflow(static_cast<uint64_t>(*items), static_cast<uint64_t>(*times), &repeated) &&
                     !__builtin_mul_overflow(repeated, uint64_t{8}, &pointers) && pointers < ctx.settings().min_bytes;
  }
  if (owned && small_or_owned) return;
  bool all_lists = !reaching.empty();
  std::optional<uint64_t> bytes;  // the largest, when every size is known
  bool sizes_known = true;
  for (uint32_t id : reaching) {
    const ValueFacts& f = ctx.values().of_binding(id);
    if (f.kind != ValueKind::List) all_lists = false;
    if (auto b = f.bytes()) bytes = std::max(bytes.value_or(0), *b);
    else sizes_known = false;
  }
  if (!all_lists || !sizes_known) bytes.reset();
  // Only a list: anything else may be a tuple, a generator, a mapping, another owner's list.
  if (!all_lists) return;
  if (bytes && *bytes < ctx.settings().min_bytes) return;

  // The per-element name.
  std::string display_reason;
  auto display_only = [&](std::string why) {
    if (display_reason.empty()) display_reason = std::move(why);
  };
  if (m.form == Match::Map) {
    TSNode fn = strip_parens(m.map_fn);
    if (is(fn, Kind::Lambda)) {
      TSNode params = child_by_field(fn, Field::ParametersField);
      auto ps = is(params, Kind::LambdaParameters) ? arguments_of(params) : std::vector<TSNode>{};
      if (ps.size() == 1 && is(ps[0], Kind::Identifier)) {
        m.element = child_by_field(fn, Field::Body);
        m.loop_var = model.binding_of_node(ps[0]);
      }
      if (m.loop_var < 0 || ts_node_is_null(m.element)) display_only("the lambda does not take one plain parameter");
    } else if (!is_dotted_name(fn) || ctx.text_of(fn).find('\n') != std::string_view::npos) {
      display_only("the mapped function is an expression that would be evaluated once per element");
    }
  } else {
    if (!is(m.target, Kind::Identifier)) display_only("the `for` clause unpacks a tuple");
    else m.loop_var = model.binding_of_node(m.target);
    // `x = [v for v in x]` is a copy, made on purpose: nothing to update.
    if (m.loop_var >= 0 && is(strip_parens(m.element), Kind::Identifier) &&
        model.binding_of_node(strip_parens(m.element)) == m.loop_var)
      return;
  }
  if (m.loop_var >= 0) m.loop_scope = model.bindings()[m.loop_var].scope;
  // The new list holds the old elements, views of them or a few values written out: only the
  // lists' own pointers, 8 bytes an item, are held twice. Reported when those are known to be large.
  if (m.loop_var >= 0 && !ts_node_is_null(m.element) &&
      element_stays(m.element, m, items_are_arrays(m, reaching, ctx), ctx)) {
    uint64_t longest = 0;
    for (uint32_t id : reaching) {
      auto items = ctx.values().of_binding(id).elements;
      if (!all_lists || !items) return;
      longest = std::max(longest, *items);
    }
    if (longest * 8 < ctx.settings().min_bytes) return;
    bytes = longest * 8;
  }

  std::string size = bytes ? fmt::format(" ({})", format_bytes(*bytes)) : std::string();
  std::string message =
      all_lists
          ? fmt::format("`{}` is rebuilt as a new list while the old one{} is still alive; assign the elements in "
                        "place with an index loop",
                        x, size)
          : fmt::format("`{0}` is rebuilt as a new list while the old `{0}` is still alive; if it is a list that "
                        "nothing else holds, assign the elements in place with an index loop",
                        x);

  // Where the rewrite can be written at all.
  const Scope& sc = model.scope(scope);
  inplace::Layout lay = inplace::layout(node, ctx.text());
  if (!inplace::is_plain_assignment(node)) display_only("the assignment has several targets or an annotation");
  if (!lay.starts_line || !lay.ends_line) display_only("the statement shares its line with other code");
  if (sc.kind == ScopeKind::Class) display_only("in a class body the comprehension resolves names differently");
  if (!inplace::is_builtin_at(model, "range", scope, stmt_start) || !inplace::is_builtin_at(model, "len", scope, stmt_start))
    display_only("`range` or `len` is shadowed");
  // `i`, also when only earlier loops of this kind use it (fixes are applied one per name and round).
  std::optional<std::string> index = inplace::loop_index_reusable(model, "i", scope, node)
                                         ? std::optional<std::string>("i")
                                         : inplace::free_name(model, scope, "i");
  if (!index) display_only("no free name for the index");

  // Reads of the loop variable become `x[i]`; they must run now, not later in a closure.
  TSNode elem = m.element;
  std::vector<Edit> substitutions;
  bool elem_reads_x = false;
  if (!ts_node_is_null(elem)) {
    auto [first, last] = inplace::references_in(model, ts_node_start_byte(elem), ts_node_end_byte(elem));
    for (size_t r = first; r < last; ++r) {
      const Reference& ref = model.references()[r];
      if (m.loop_var >= 0 && ref.binding == m.loop_var) {
        for (int32_t s = static_cast<int32_t>(ref.scope); s >= 0 && static_cast<uint32_t>(s) != m.loop_scope;
             s = model.scope(s).parent)
          if (model.scope(s).kind != ScopeKind::Comprehension)
            display_only("a nested function reads the loop variable");
          else if (const Scope& g = model.scope(s); is(g.node, Kind::GeneratorExpression) &&
                   !(ts_node_start_byte(ref.node) >= g.outer_start && ts_node_end_byte(ref.node) <= g.outer_end))
            // (its first iterable excepted: that one is evaluated at once)
            display_only("a generator expression reads the loop variable when it is consumed, after the loop");
        if (prints_its_text(ref.node, elem, ctx)) display_only("an f-string prints the loop variable's name (`{v=}`)");
        substitutions.push_back(Edit{ts_node_start_byte(ref.node), ts_node_end_byte(ref.node),
                                     fmt::format("{}[{}]", x, index ? *index : "i")});
      } else if (ref.name == x &&
                 (ref.binding < 0 || !model.is_within(model.bindings()[ref.binding].scope, m.loop_scope) ||
                  m.loop_var < 0)) {
        elem_reads_x = true;
      }
    }
  }
  if (m.form == Match::Map && ts_node_is_null(elem)) {
    auto [first, last] = inplace::references_in(model, ts_node_start_byte(m.map_fn), ts_node_end_byte(m.map_fn));
    for (size_t r = first; r < last; ++r)
      if (model.references()[r].name == x) elem_reads_x = true;
  }

  // Comments outside the element expression would be lost.
  TSNode keep = ts_node_is_null(elem) ? m.iterable : elem;
  if (inplace::comment_on_path(keep, node) || (!ts_node_is_null(m.clause) && inplace::has_comment_child(m.clause)))
    display_only("a comment in the statement would be lost");

  std::string i = index ? *index : "i";
  std::string shape = fmt::format("`for {1} in range(len({0})): {0}[{1}] = ...`", x, i);
  if (!display_reason.empty()) {
    ctx.report(kInfo, node, message,
               Fix{fmt::format("Assign the elements in place: {} (not offered: {})", shape, display_reason),
                   Applicability::DisplayOnly, {}},
               bytes);
    return;
  }

  // Whether the update in place is invisible.
  std::string unsafe_reason;
  auto unsafe = [&](std::string why) {
    if (unsafe_reason.empty()) unsafe_reason = std::move(why);
  };
  if (sc.globals.count(x) || sc.nonlocals.count(x)) unsafe(fmt::format("`{}` is global or nonlocal", x));
  bool unknown_origin = false;
  for (uint32_t reached : reaching)
    for (uint32_t id : list_origins(reached, ctx, unknown_origin)) {
      if (!is_fresh_list(id, ctx)) unsafe(fmt::format("`{}` may be a list made elsewhere (a parameter or an alias)", x));
      if (escapes_elsewhere(model, id, m.iterable)) unsafe(fmt::format("`{}` is shared: returned, stored, passed on or aliased", x));
    }
  if (unknown_origin) unsafe(fmt::format("`{}` may be a list made elsewhere (a parameter or an alias)", x));
  if (model.used_by_nested_scope(x, scope)) unsafe(fmt::format("a nested function uses `{}`", x));
  if (elem_reads_x) unsafe(fmt::format("the element expression reads `{}`, which the loop updates", x));
  if (!ts_node_is_null(elem) && inplace::has_walrus(model, ts_node_start_byte(elem), ts_node_end_byte(elem)))
    unsafe("the element expression assigns a name");
  if (!ts_node_is_null(elem) && calls_bare_super(elem, ctx.text()) &&
      inplace::is_builtin_at(model, "super", scope, stmt_start))
    unsafe("the element expression calls `super()` without arguments, which raises in a comprehension or lambda "
           "before Python 3.12 and works in the loop");
  if (where.in_try || where.in_with)
    unsafe(fmt::format("an exception midway would leave `{}` half updated where it can still be read", x));
  if (sc.dynamic) unsafe("the scope inspects its names (locals, eval, ...)");
  if (sc.kind == ScopeKind::Module) unsafe(fmt::format("at module level `{}` becomes a module global", i));

  // The rewrite.
  std::string_view nl = ctx.newline();
  std::string head = fmt::format("for {1} in range(len({0})):{2}{3}{4}{0}[{1}] = ", x, i, nl, lay.indent,
                                 inplace::indent_unit(lay.indent));
  std::vector<Edit> edits;
  if (ts_node_is_null(elem)) {
    edits.push_back(Edit{stmt_start, stmt_end, fmt::format("{}{}({}[{}])", head, ctx.text_of(strip_parens(m.map_fn)), x, i)});
  } else {
    // A line break outside brackets was legal inside the comprehension's brackets only.
    Kind ek = kind_of(elem);
    bool bracketed = ek == Kind::ParenthesizedExpression || ek == Kind::List || ek == Kind::Dictionary ||
                     ek == Kind::Set || ek == Kind::ListComprehension || ek == Kind::Tuple;
    bool paren = (!bracketed && ctx.text_of(elem).find_first_of("\r\n") != std::string_view::npos) ||
                 ek == Kind::NamedExpression;
    edits.push_back(Edit{stmt_start, ts_node_start_byte(elem), head + (paren ? "(" : "")});
    for (auto& e : substitutions) edits.push_back(std::move(e));
    edits.push_back(Edit{ts_node_end_byte(elem), stmt_end, paren ? ")" : ""});
  }
  Applicability applicability = unsafe_reason.empty() ? Applicability::Safe : Applicability::Unsafe;
  std::string title = fmt::format("Assign the elements in place: {}", shape);
  if (!unsafe_reason.empty()) title += fmt::format(" (unsafe: {})", unsafe_reason);
  ctx.report(kInfo, node, message, Fix{title, applicability, std::move(edits), {ctx.isolation_key(x)}}, bytes);
}

}  // namespace pml
