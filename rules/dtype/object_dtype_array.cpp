#include "rules/dtype/object_dtype_array.h"

#include <fmt/format.h>

#include "analyzer/semantic.h"
#include "analyzer/values.h"

namespace pml {

namespace {

const RuleInfo kInfo{
    "MEM303",
    "object-dtype-array",
    "Array of dtype object: pointers to boxed Python objects",
    FixAvailability::DisplayOnly,
    true,
    {
        R"(Finds numpy arrays and pandas containers created with `dtype=object` (also `dtype="O"` and
`np.object_`), and conversions with `.astype(object)`, when a typed dtype evidently would do or the
array is evidently large: numeric arrays converted to objects, and object arrays whose size is
known to reach `min-bytes`. Object dtype given to values of unknown type is the common, deliberate
case (strings as pandas stores them, dates, mixed or ragged values, Python objects), so those
are reported only when known to be large. Arrays whose size is known statically and below
`min-bytes` are not reported, so small ragged arrays stay silent. Nor is an empty array
(`np.empty`, `np.zeros`, `np.full`) that the code then fills with values no typed array could hold:
lists, other arrays one per element, or objects the analysis cannot show to be numbers or strings
(`axes[i, j] = fig.add_subplot(...)`), also through an attribute filled in another method
(`self.rows = np.empty(n, dtype=object)`, then `self.rows[i] = []`). Nor is an array handed straight
to a function of pandas' compiled core (`pandas._libs`), which takes object arrays.

In test code (a test module: `test_*.py`, `*_test.py`, `conftest.py`; elsewhere a function
named `test*`, a class named `Test*`, a pytest fixture) only arrays
whose size is known to reach `min-bytes` are reported: tests build object arrays to exercise object
dtype, on small data, and the advice to drop it would defeat the test.)",
        R"(An object array stores an 8-byte pointer per element to a separate Python object (a float
object is 24 bytes more, a string far more). It costs about what a list does and gives up
vectorized arithmetic. A numeric dtype stores the values inline: 8 or 4 bytes each.)",
        R"(import numpy as np


def load_prices(path):
    prices = np.loadtxt(path, dtype=np.float64)
    return prices.astype(object))",
        R"(import numpy as np


def load_prices(path):
    # float64, or float32 if its precision is enough; for strings: one array per field,
    # a structured dtype, or pandas "category"
    return np.loadtxt(path, dtype=np.float64))",
        R"(Display-only: the right numeric or structured dtype depends on the data, so pymemlint
names the options and changes nothing.)",
        R"(`min-bytes`: statically sized arrays smaller than this are not reported (default 1 MiB).)",
        R"(https://numpy.org/doc/stable/reference/arrays.dtypes.html
https://pandas.pydata.org/docs/user_guide/categorical.html)",
    }};

constexpr Kind kKinds[] = {Kind::Call};

Fix advice() {
  return Fix{"Use a numeric dtype, one array per field, a structured dtype, or pandas `category`",
             Applicability::DisplayOnly, {}};
}

// Whether every index of the subscript `target` selects like an int: one element of a 1-D array,
// or one per dimension.
bool integer_indices(TSNode target, uint32_t scope, const Context& ctx) {
  TSNode value = child_by_field(target, Field::Value);
  bool integers = true;
  for_each_named_child(target, [&](TSNode c) {
    if (ts_node_eq(c, value) || is(c, Kind::Comment)) return true;
    return integers = ctx.values().integer_index(c, scope);
  });
  return integers;
}

// Whether `value`, stored by `target = value` into an object array, is evidently no number: a
// display, a comprehension, a lambda, or a value the analysis cannot show to be a number (a call
// such as `fig.add_subplot(...)`). Strings, which a string dtype could hold, and known numbers are
// not; nor is an array stored through a slice or a mask, which copies its items (`out[mask] =
// values.astype(str)`), while one element (`bins[j] = np.linspace(...)`) holds the array itself.
bool stores_an_object(TSNode target, TSNode value, uint32_t scope, const Context& ctx) {
  TSNode v = strip_parens(value);
  switch (kind_of(v)) {
    case Kind::List: case Kind::Dictionary: case Kind::Set: case Kind::Tuple: case Kind::ListComprehension:
    case Kind::DictionaryComprehension: case Kind::SetComprehension: case Kind::GeneratorExpression:
    case Kind::Lambda:
      return true;
    case Kind::Call: case Kind::Attribute: case Kind::Subscript: case Kind::Identifier: {
      ValueFacts f = ctx.values().of_expression(v, scope);
      if (f.kind == ValueKind::Scalar || f.kind == ValueKind::String) return false;
      bool items = f.kind == ValueKind::NDArray || f.kind == ValueKind::Series || f.kind == ValueKind::DataFrame ||
                   f.kind == ValueKind::Tensor;
      return !items || integer_indices(target, scope, ctx);
    }
    default:
      return false;
  }
}

// For `holder[...] = value` (`holder` a name or an attribute, `subscript` its parent, `store` the
// subscript's parent): the target and the value; nulls for anything else.
std::pair<TSNode, TSNode> element_store(TSNode holder, TSNode subscript, TSNode store) {
  if (!is(subscript, Kind::Subscript) || !ts_node_eq(child_by_field(subscript, Field::Value), holder)) return {};
  if (!is(store, Kind::Assignment) || !ts_node_eq(child_by_field(store, Field::Left), subscript)) return {};
  return {subscript, child_by_field(store, Field::Right)};
}

// The binding of the name `call`'s result is assigned to (`name = call`), or -1.
int32_t bound_name(TSNode call, const Context& ctx) {
  TSNode assignment = parent_of(call);
  if (!is(assignment, Kind::Assignment) || !ts_node_eq(child_by_field(assignment, Field::Right), call)) return -1;
  TSNode name = child_by_field(assignment, Field::Left);
  return is(name, Kind::Identifier) ? ctx.model().binding_of_node(name) : -1;
}

// The same for an array stored in an attribute (`self.rows = np.empty(n, dtype=object)`): a store
// `self.rows[i] = []` anywhere in the class (or, outside a class, the file) fills it.
bool attribute_filled_with_objects(TSNode attribute, const Context& ctx) {
  TSNode object = child_by_field(attribute, Field::Object);
  if (!is(object, Kind::Identifier)) return false;
  std::string_view owner = ctx.text_of(object), member = ctx.text_of(child_by_field(attribute, Field::AttributeField));
  TSNode within = attribute;
  while (!ts_node_is_null(within) && !is(within, Kind::ClassDefinition)) within = parent_of(within);
  uint32_t start = ts_node_is_null(within) ? 0 : ts_node_start_byte(within);
  uint32_t end = ts_node_is_null(within) ? static_cast<uint32_t>(ctx.text().size()) : ts_node_end_byte(within);
  auto [first, last] = ctx.model().references_within(start, end);
  for (uint32_t r = first; r < last; ++r) {
    const Reference& ref = ctx.model().references()[r];
    if (ref.name != owner || !is(ref.parent, Kind::Attribute) ||
        ctx.text_of(child_by_field(ref.parent, Field::AttributeField)) != member)
      continue;
    if (!is(ref.grandparent, Kind::Subscript)) continue;
    auto [target, value] = element_store(ref.parent, ref.grandparent, parent_of(ref.grandparent));  // `owner.member[...] = value`
    if (!ts_node_is_null(value) && stores_an_object(target, value, ref.scope, ctx)) return true;
  }
  return false;
}

// Whether the object array `call` makes (an empty one, filled afterwards) is evidently a container
// of objects: the name it is bound to has elements assigned values that are no numbers
// (`axes[i, j] = fig.add_subplot(...)`, `rows[i] = []`, `labels[:] = [y[i] for i in index]`).
// Then dtype object is the point, and no typed array could hold them.
bool filled_with_objects(TSNode call, const Context& ctx) {
  TSNode assignment = parent_of(call);
  if (is(assignment, Kind::Assignment) && ts_node_eq(child_by_field(assignment, Field::Right), call) &&
      is(child_by_field(assignment, Field::Left), Kind::Attribute))
    return attribute_filled_with_objects(child_by_field(assignment, Field::Left), ctx);
  int32_t b = bound_name(call, ctx);
  if (b < 0) return false;
  for (uint32_t r : ctx.model().references_of(static_cast<uint32_t>(b))) {
    const Reference& ref = ctx.model().references()[r];
    auto [target, value] = element_store(ref.node, ref.parent, ref.grandparent);  // `name[...] = value`
    if (!ts_node_is_null(value) && stores_an_object(target, value, ref.scope, ctx)) return true;
  }
  return false;
}

// Whether the array `call` makes is handed to a function of pandas' compiled core, directly
// (`lib.maybe_convert_objects(np.asarray(x, dtype=object))`, `libops.vec_compare(x, y.astype(object))`)
// or through the name it is bound to: those take object arrays, and no typed one would do.
bool passed_to_pandas_core(TSNode call, const Context& ctx) {
  auto argument_of_core = [&](TSNode value, uint32_t scope) {
    TSNode holder = parent_of(value);
    if (is(holder, Kind::KeywordArgument)) holder = parent_of(holder);
    if (!is(holder, Kind::ArgumentList)) return false;
    TSNode consumer = parent_of(holder);
    return is(consumer, Kind::Call) &&
           ctx.model().qualified_name(child_by_field(consumer, Field::Function), scope).starts_with("pandas._libs.");
  };
  if (argument_of_core(call, ctx.scope())) return true;
  // `values = np.array(data, dtype=object)`, then `array_to_timedelta64(values, ...)`
  int32_t b = bound_name(call, ctx);
  if (b < 0) return false;
  for (uint32_t r : ctx.model().references_of(static_cast<uint32_t>(b))) {
    const Reference& ref = ctx.model().references()[r];
    if (argument_of_core(ref.node, ref.scope)) return true;
  }
  return false;
}

}  // namespace

const RuleInfo& ObjectDtypeArray::info() const { return kInfo; }
std::span<const Kind> ObjectDtypeArray::kinds() const { return kKinds; }

void ObjectDtypeArray::check(TSNode call, Context& ctx) const {
  TSNode callee = child_by_field(call, Field::Function);
  TSNode args = child_by_field(call, Field::Arguments);
  if (!is(args, Kind::ArgumentList)) return;

  // `.astype(object)` on an array or frame.
  if (is(callee, Kind::Attribute) && ctx.text_of(child_by_field(callee, Field::AttributeField)) == "astype") {
    TSNode dtype = argument(args, 0, "dtype", ctx.text());
    if (ts_node_is_null(dtype) || dtype_of_expression(dtype, ctx.scope(), ctx.model(), ctx.text()) != Dtype::Object)
      return;
    // A receiver of statically known small size (e.g. built from literals) is no memory problem.
    ValueFacts receiver = ctx.values().of_expression(child_by_field(callee, Field::Object), ctx.scope());
    if (receiver.elements && *receiver.elements * 8 < ctx.settings().min_bytes) return;
    // An index or a categorical whose length the source states (`pd.period_range(..., periods=5)`,
    // `pd.Categorical([0, 1, 2])`, a name bound to one): small the same way.
    auto length = ctx.model().immutable_sequence_length(child_by_field(callee, Field::Object), ctx.scope());
    if (length && static_cast<uint64_t>(*length) * 8 < ctx.settings().min_bytes) return;
    // Test code converts to objects to test object dtype, on small data: only a size known to be
    // large counts there.
    if (!receiver.elements && !length && ctx.model().in_test_code(ctx.scope())) return;
    if (passed_to_pandas_core(call, ctx)) return;
    // Only a receiver known to be numeric has a numeric dtype to keep: strings, dates, periods or
    // intervals may be converted to objects on purpose, and another typed form may suit them.
    std::string shown = ctx.text_of(call).size() > 60 ? std::string(".astype(...)") : std::string(ctx.text_of(call));
    bool numeric = receiver.dtype != Dtype::Unknown && receiver.dtype != Dtype::Object;
    // Values of unknown type converted on purpose (strings, dates, mixed values, ...) are the
    // common case of object dtype: reported only when the array is known to be large.
    uint64_t min = ctx.settings().min_bytes;
    bool large = (receiver.elements && *receiver.elements >= min / 8) || (length && static_cast<uint64_t>(*length) >= min / 8);
    if (!numeric && !large) return;
    if (filled_with_objects(call, ctx)) return;  // `result = result.astype(object)`, then `result[i] = NA`
    ctx.report(kInfo, call,
               numeric ? fmt::format("`{}` converts {} values to dtype object: an 8-byte pointer plus a boxed "
                                     "Python object per element, no smaller than a list; keep them {}",
                                     shown, dtype_name(receiver.dtype), dtype_name(receiver.dtype))
                       : fmt::format("`{}` converts to dtype object: an 8-byte pointer plus a boxed Python object per "
                                     "element, no smaller than a list; keep a typed array (numeric, datetime64, "
                                     "string or categorical) where the values allow one",
                                     shown),
               advice());
    return;
  }

  // A producer named by the callee only, not one reached through a receiver's facts.
  if (ctx.qualified_name(child_by_field(call, Field::Function)).empty()) return;
  const CallFacts& f = ctx.values().facts_of_call(call, ctx.scope());
  if (!f.producer || f.invalid || !f.producer->takes_dtype || ts_node_is_null(f.dtype_arg) || f.dtype != Dtype::Object)
    return;
  // An empty array filled with objects afterwards holds what no typed array could.
  if (f.producer->size != SizeFrom::Literal && f.producer->size != SizeFrom::Arguments &&
      f.producer->size != SizeFrom::Text && filled_with_objects(call, ctx))
    return;
  std::optional<uint64_t> bytes = f.bytes();  // pointers only: the objects come on top
  bool frame = f.producer->qualified == "pandas.Series" || f.producer->qualified == "pandas.DataFrame";
  bool numeric = false;  // the data is a numeric array, which a typed dtype holds as it is
  if (f.producer->size == SizeFrom::Literal || frame) {
    // An array converted: `np.array(np.arange(5) * 2.5, dtype=object)`,
    // `pd.DataFrame(np.zeros((10, 2)), dtype=object)`. Its size counts when known (not a list's:
    // the facts count a list's display, and appends may follow it).
    std::string_view keyword = frame ? std::string_view("data") : f.producer->size_kw;
    ValueFacts data = ctx.values().of_expression(argument(args, 0, keyword, ctx.text()), ctx.scope());
    uint64_t pointers = 0;
    if (!bytes && data.kind == ValueKind::NDArray && data.elements &&
        !__builtin_mul_overflow(*data.elements, 8, &pointers))
      bytes = pointers;
    numeric = data.kind == ValueKind::NDArray && data.dtype != Dtype::Unknown && data.dtype != Dtype::Object;
  }
  if (bytes && *bytes < ctx.settings().min_bytes) return;
  // Values of unknown type put in an object array on purpose (strings, dates, objects, mixed
  // values) are the common case: reported only when the array is known to be large.
  if (!bytes && !numeric) return;
  if (!bytes && ctx.model().in_test_code(ctx.scope())) return;  // see `.astype(object)` above
  if (passed_to_pandas_core(call, ctx)) return;
  std::string size = bytes ? fmt::format(" ({} of pointers alone)", format_bytes(*bytes)) : std::string();
  ctx.report(kInfo, call,
             fmt::format("`{}` with dtype object stores a pointer to a boxed Python object per element{}; it saves "
                         "nothing over a list",
                         ctx.text_of(callee), size),
             advice(), bytes);
}

}  // namespace pml
