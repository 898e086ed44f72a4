#include "rules/arrays/numeric_list_then_array.h"

#include <algorithm>

#include <fmt/format.h>

#include "analyzer/semantic.h"
#include "analyzer/source.h"
#include "analyzer/values.h"
#include "rules/rule_util.h"

namespace pml {

namespace {

const RuleInfo kInfo{
    "MEM401",
    "numeric-list-then-array",
    "A list of numbers built only to be converted to an array",
    FixAvailability::Sometimes,
    true,
    {
        R"(Finds a list built by `append`/`extend` in a loop, or by a list comprehension, whose elements
are provably Python numbers, and then passed to `np.array`, `np.asarray`, `pd.Series` or
`torch.tensor`. Elements count as numbers when the value facts prove it: numeric literals,
`float()`/`int()`/`len()`/`abs()`/`round()`, `math` functions, `range` loop variables, and
arithmetic on those. Lists of anything else (strings, tuples, arrays, results of unknown
calls) are not this pattern and are not reported; neither is a list that escapes (returned,
stored, passed elsewhere), nor one whose length is known statically and whose size is below
`min-bytes`.)",
        R"(A Python list of floats costs about 32 bytes per element (an 8-byte pointer and a 24-byte
float object; ints cost 28 bytes or more), against 8 in a float64 array or 4 in float32. The
conversion then holds the list and the array at once: for a million floats about 40 MB at the
peak, against 8 MB when the values go straight into an array.)",
        R"(import math

import numpy as np


def curve(n):
    values = []
    for i in range(n):
        values.append(math.sin(i * 0.01))
    return np.array(values)


def squares(xs):
    return np.array([float(x) ** 2 for x in xs]))",
        R"(import math

import numpy as np


def curve(n):
    values = np.empty(n, dtype=float)
    for i in range(n):
        values[i] = math.sin(i * 0.01)
    return values


def squares(xs):
    return np.fromiter((float(x) ** 2 for x in xs), dtype=float, count=len(xs)))",
        R"(Two rewrites. A list filled by `for i in range(n)` with exactly one unconditional
`append` (the `for` right after `name = []`, a body of simple statements only) becomes
`name = np.empty(n, dtype=...)` with `name[i] = ...`; a comprehension becomes
`np.fromiter((... for ...), dtype=..., count=len(it))`, `count` given only when the iterable is
a name the facts know has a length (list, array, range) or a `range(...)` of simple bounds and
there is a single `for` and no `if`. The conversion `np.array(name)` then becomes `name`.

The fix is safe when the result is exactly what `np.array` would build: the elements are
Python floats (float64 either way, an empty list included) or an explicit numeric `dtype` is
passed, the list is read by nothing but the conversion, and for `np.empty(n)` the length `n`
cannot be negative (`len(...)`, `.shape[...]`, a non-negative constant; `range(-1)` is empty
but `np.empty(-1)` raises). It is unsafe for ints without a `dtype` (`np.array([])` is float64
while `dtype=int` gives int64, and ints beyond int64 would raise instead of making an object
array), for mixed ints and floats, when the list is also read as a list, and for `pd.Series`
(an empty list gives another dtype). For `torch.tensor`, for loops of another shape, and for
conversions with other arguments the advice is display-only: `torch.tensor` of a float64 array
stays float64 where a list of floats becomes float32.)",
        R"(`min-bytes`: lists whose length is known statically and whose size (32 bytes per float,
36 per int) is below this are not reported (default 1 MiB).)",
        R"(https://numpy.org/doc/stable/reference/generated/numpy.fromiter.html
https://numpy.org/doc/stable/reference/generated/numpy.empty.html
https://docs.python.org/3/c-api/float.html)",
    },
    /*unknown_sizes_in_tests=*/false};

constexpr Kind kKinds[] = {Kind::Call};

enum class Target { NumPy, Series, Tensor };

struct Conversion {
  Target target = Target::NumPy;
  TSNode args{};
  TSNode list_arg{};   // the argument, parentheses removed
  TSNode dtype_arg{};
  bool extra_args = false;  // arguments besides the list and dtype
};

std::optional<Conversion> conversion_of(TSNode call, const Context& ctx) {
  const std::string& q = ctx.qualified_name(child_by_field(call, Field::Function));
  Conversion c;
  if (q == "numpy.array" || q == "numpy.asarray") c.target = Target::NumPy;
  else if (q == "pandas.Series") c.target = Target::Series;
  else if (q == "torch.tensor") c.target = Target::Tensor;
  else return std::nullopt;
  c.args = child_by_field(call, Field::Arguments);
  if (!is(c.args, Kind::ArgumentList)) return std::nullopt;
  int positional = 0;
  bool unpacking = false;
  for_each_named_child(c.args, [&](TSNode a) {
    switch (kind_of(a)) {
      case Kind::Comment:
        break;
      case Kind::ListSplat:
      case Kind::DictionarySplat:
        unpacking = true;
        return false;
      case Kind::KeywordArgument:
        if (ctx.text_of(child_by_field(a, Field::Name)) == "dtype") c.dtype_arg = child_by_field(a, Field::Value);
        else c.extra_args = true;
        break;
      default:
        if (positional == 0) c.list_arg = strip_parens(a);
        else if (positional == 1 && c.target == Target::NumPy) c.dtype_arg = a;
        else c.extra_args = true;
        ++positional;
    }
    return true;
  });
  if (unpacking || ts_node_is_null(c.list_arg)) return std::nullopt;
  return c;
}

// The element type of a list, joined over its elements.
enum class NumberType { None, Int, Float, Mixed };
NumberType join(NumberType a, Dtype d) {
  NumberType b = d == Dtype::Float64 ? NumberType::Float : NumberType::Int;
  if (a == NumberType::None || a == b) return b;
  return NumberType::Mixed;
}

// The Python number type of `e` (Float64, Int64), or Unknown. A name read in `e` whose value
// facts are a number must be that number on every path: all its bindings must agree.
Dtype python_number(TSNode e, const Context& ctx) {
  ValueFacts f = ctx.values().of_expression(e, ctx.scope());
  if (f.kind != ValueKind::Scalar || (f.dtype != Dtype::Float64 && f.dtype != Dtype::Int64)) return Dtype::Unknown;
  const SemanticModel& model = ctx.model();
  const auto& refs = model.references();
  uint32_t start = ts_node_start_byte(e), end = ts_node_end_byte(e);
  auto it = std::lower_bound(refs.begin(), refs.end(), start,
                             [](const Reference& r, uint32_t s) { return ts_node_start_byte(r.node) < s; });
  for (; it != refs.end() && ts_node_start_byte(it->node) < end; ++it) {
    if (it->binding < 0) continue;
    const ValueFacts& bf = ctx.values().of_binding(static_cast<uint32_t>(it->binding));
    if (bf.kind != ValueKind::Scalar) continue;  // not what the type came from (float(v), len(xs))
    const Binding& b = model.bindings()[it->binding];
    for (uint32_t other : model.bindings_of(b.name, b.scope)) {
      const ValueFacts& of = ctx.values().of_binding(other);
      if (of.kind != ValueKind::Scalar || of.dtype != bf.dtype) return Dtype::Unknown;
    }
  }
  return f.dtype;
}

// The element expression and `for` clauses of a comprehension.
struct Comprehension {
  TSNode element{};
  int clauses = 0;
  bool filtered = false;
  TSNode first_iterable{};
};
Comprehension comprehension_parts(TSNode comp) {
  Comprehension c;
  for (uint32_t i = 0; i < named_child_count(comp); ++i) {
    TSNode n = named_child(comp, i);
    if (is(n, Kind::Comment)) continue;
    if (ts_node_is_null(c.element)) c.element = n;
    else if (is(n, Kind::ForInClause)) {
      if (c.clauses++ == 0) c.first_iterable = strip_parens(child_by_field(n, Field::Right));
    } else if (is(n, Kind::IfClause)) {
      c.filtered = true;
    }
  }
  return c;
}

// An expression without side effects that is cheap and safe to evaluate twice: names, numbers,
// attribute chains, `len(...)` of those, and arithmetic on them.
bool simple_expression(TSNode e, const Context& ctx, int depth = 0) {
  if (depth > 8) return false;
  e = strip_parens(e);
  switch (kind_of(e)) {
    case Kind::Identifier:
    case Kind::Integer:
      return true;
    case Kind::Attribute:
      return simple_expression(child_by_field(e, Field::Object), ctx, depth + 1);
    case Kind::UnaryOperator:
      return simple_expression(child_by_field(e, Field::Argument), ctx, depth + 1);
    case Kind::BinaryOperator:
      return simple_expression(child_by_field(e, Field::Left), ctx, depth + 1) &&
             simple_expression(child_by_field(e, Field::Right), ctx, depth + 1);
    case Kind::Subscript: {
      // x.shape[0]
      TSNode index = child_by_field(e, Field::Subscript);
      return is(index, Kind::Integer) && simple_expression(child_by_field(e, Field::Value), ctx, depth + 1);
    }
    case Kind::Call: {
      if (ctx.qualified_name(child_by_field(e, Field::Function)) != "builtins.len") return false;
      TSNode args = child_by_field(e, Field::Arguments);
      return is(args, Kind::ArgumentList) && named_child_count(args) == 1 &&
             simple_expression(named_child(args, 0), ctx, depth + 1);
    }
    default:
      return false;
  }
}

// Whether a length expression can never be negative: len(...), x.size, x.shape[k], a
// non-negative constant.
bool non_negative(TSNode n, const Context& ctx) {
  n = strip_parens(n);
  if (auto v = ctx.model().constant_int(n, ctx.scope())) return *v >= 0;
  if (is(n, Kind::Call)) return ctx.qualified_name(child_by_field(n, Field::Function)) == "builtins.len";
  if (is(n, Kind::Attribute)) {
    std::string_view a = ctx.text_of(child_by_field(n, Field::AttributeField));
    return a == "size" || a == "ndim" || a == "nbytes";
  }
  if (is(n, Kind::Subscript)) {
    TSNode v = strip_parens(child_by_field(n, Field::Value));
    return is(v, Kind::Attribute) && ctx.text_of(child_by_field(v, Field::AttributeField)) == "shape";
  }
  return false;
}

TSNode only_argument(TSNode call);

// `count=...` for np.fromiter over a comprehension, when its length is known: empty otherwise.
std::string fromiter_count(const Comprehension& c, const Context& ctx) {
  if (c.clauses != 1 || c.filtered || ts_node_is_null(c.first_iterable)) return {};
  TSNode it = c.first_iterable;
  if (is(it, Kind::Identifier)) {
    ValueKind k = ctx.values().of_expression(it, ctx.scope()).kind;
    if (k == ValueKind::List || k == ValueKind::Set || k == ValueKind::NDArray || k == ValueKind::Range)
      return fmt::format(", count=len({})", ctx.text_of(it));
    return {};
  }
  if (is(it, Kind::Call) && ctx.qualified_name(child_by_field(it, Field::Function)) == "builtins.range") {
    TSNode args = child_by_field(it, Field::Arguments);
    if (!is(args, Kind::ArgumentList)) return {};
    bool simple = true;
    for_each_named_child(args, [&](TSNode a) { return simple = simple_expression(a, ctx); });
    if (!simple) return {};
    // range(N) with a constant N >= 0 has N elements.
    if (TSNode n = only_argument(it); !ts_node_is_null(n))
      if (auto v = ctx.model().constant_int(n, ctx.scope()); v && *v >= 0 && is(strip_parens(n), Kind::Integer))
        return fmt::format(", count={}", ctx.text_of(strip_parens(n)));
    return fmt::format(", count=len({})", ctx.text_of(it));
  }
  return {};
}

// The outermost `for`/`while` around `n` that starts after byte `after`, below `limit`.
TSNode loop_after(TSNode n, uint32_t after, TSNode limit) {
  TSNode found{};
  for (TSNode p = parent_of(n); !ts_node_is_null(p) && !ts_node_eq(p, limit); p = parent_of(p))
    if ((is(p, Kind::ForStatement) || is(p, Kind::WhileStatement)) && ts_node_start_byte(p) > after) found = p;
  return found;
}

// `name.append(x)` / `name.extend(x)` as a statement of its own: the call, else null.
TSNode growth_call(const Reference& ref, const Context& ctx, std::string_view* method) {
  if (!is(ref.parent, Kind::Attribute) || !ts_node_eq(child_by_field(ref.parent, Field::Object), ref.node))
    return TSNode{};
  std::string_view m = ctx.text_of(child_by_field(ref.parent, Field::AttributeField));
  if (m != "append" && m != "extend") return TSNode{};
  TSNode call = parent_of(ref.parent);
  if (!is(call, Kind::Call) || !ts_node_eq(child_by_field(call, Field::Function), ref.parent)) return TSNode{};
  if (!is(parent_of(call), Kind::ExpressionStatement)) return TSNode{};
  *method = m;
  return call;
}

// The single positional argument of a call, else null.
TSNode only_argument(TSNode call) {
  TSNode args = child_by_field(call, Field::Arguments);
  if (!is(args, Kind::ArgumentList)) return TSNode{};
  auto positional = positional_arguments(args);
  return positional && positional->size() == 1 ? (*positional)[0] : TSNode{};
}

// The next statement after `stmt` in its block, skipping comments.
TSNode next_statement(TSNode stmt) {
  TSNode n = ts_node_next_named_sibling(stmt);
  while (is(n, Kind::Comment)) n = ts_node_next_named_sibling(n);
  return n;
}

bool is_empty_list(TSNode v, const Context& ctx) {
  v = strip_parens(v);
  if (is(v, Kind::List)) {
    for (uint32_t i = 0; i < named_child_count(v); ++i)
      if (!is(named_child(v, i), Kind::Comment)) return false;
    return true;
  }
  if (is(v, Kind::Call) && ctx.qualified_name(child_by_field(v, Field::Function)) == "builtins.list") {
    TSNode args = child_by_field(v, Field::Arguments);
    return is(args, Kind::ArgumentList) && named_child_count(args) == 0;
  }
  return false;
}

std::string_view target_name(Target t) {
  switch (t) {
    case Target::NumPy: return "np.array";
    case Target::Series: return "pd.Series";
    case Target::Tensor: return "torch.tensor";
  }
  return "";
}

}  // namespace

const RuleInfo& NumericListThenArray::info() const { return kInfo; }
std::span<const Kind> NumericListThenArray::kinds() const { return kKinds; }

void NumericListThenArray::check(TSNode call, Context& ctx) const {
  auto conv = conversion_of(call, ctx);
  if (!conv) return;
  const SemanticModel& model = ctx.model();

  // An explicit dtype must be numeric; object/bool/complex lists are another matter.
  Dtype explicit_dtype = Dtype::Unknown;
  if (!ts_node_is_null(conv->dtype_arg)) {
    explicit_dtype = dtype_of_expression(conv->dtype_arg, ctx.scope(), model, ctx.text());
    if (explicit_dtype == Dtype::Object || explicit_dtype == Dtype::Bool || is_complex_dtype(explicit_dtype)) return;
  }

  // Where the list comes from.
  enum class Form { InlineComprehension, NamedComprehension, Loop } form;
  TSNode list_value{};  // the comprehension, or the `[]`
  TSNode list_stmt{};   // `name = ...` statement (named forms)
  int32_t list_id = -1;
  std::string name;
  if (is(conv->list_arg, Kind::ListComprehension)) {
    form = Form::InlineComprehension;
    list_value = conv->list_arg;
  } else if (is(conv->list_arg, Kind::Identifier)) {
    list_id = model.binding_of_node(conv->list_arg);
    if (list_id < 0) return;
    const Binding& b = model.bindings()[list_id];
    if (b.kind != BindingKind::Assignment || ts_node_is_null(b.value)) return;
    TSNode assign = parent_of(b.node);
    if (!is(assign, Kind::Assignment) || !ts_node_eq(child_by_field(assign, Field::Left), b.node) ||
        !is(parent_of(assign), Kind::ExpressionStatement))
      return;
    list_stmt = parent_of(assign);
    list_value = strip_parens(b.value);
    if (is(list_value, Kind::ListComprehension)) form = Form::NamedComprehension;
    else if (is_empty_list(list_value, ctx)) form = Form::Loop;
    else return;
    name = std::string(b.name);
    // One binding, and no closure that may see it under another resolution.
    if (model.bindings_of(b.name, b.scope).size() != 1) return;
    for (uint32_t r : model.reads_of_name(b.name, b.scope))
      if (model.references()[r].binding < 0) return;
  } else {
    return;
  }

  // Elements, and how else the list is used.
  std::vector<TSNode> elements;
  std::vector<TSNode> growth;  // append/extend calls before the conversion
  std::vector<bool> appends;   // growth[i] is an append (else an extend)
  std::string other_read;      // line of another read, when the list is used as a list
  uint32_t conv_start = ts_node_start_byte(call);
  if (form != Form::InlineComprehension) {
    const Binding& b = model.bindings()[list_id];
    TSNode scope_node = model.scope(b.scope).node;
    bool in_loop = false;
    for (uint32_t r : model.references_of(static_cast<uint32_t>(list_id))) {
      const Reference& ref = model.references()[r];
      if (ts_node_eq(ref.node, conv->list_arg)) continue;
      UseKind k = model.use_kind(ref);
      if (k == UseKind::Deleted) continue;
      if (k != UseKind::Read) return;  // returned, stored, passed on: the list is needed as a list
      std::string_view method;
      TSNode g = form == Form::Loop ? growth_call(ref, ctx, &method) : TSNode{};
      if (ts_node_is_null(g) || ts_node_start_byte(g) > conv_start) {
        // Another read. One that may put other elements in the list leaves them unknown.
        if (is(ref.parent, Kind::Attribute)) {
          std::string_view m = ctx.text_of(child_by_field(ref.parent, Field::AttributeField));
          if (m == "append" || m == "extend" || m == "insert" || m == "__setitem__" || m == "__iadd__") return;
        }
        if (is(ref.parent, Kind::Subscript) && ts_node_eq(child_by_field(ref.parent, Field::Value), ref.node)) {
          TSNode holder = parent_of(ref.parent);
          if ((is(holder, Kind::Assignment) || is(holder, Kind::AugmentedAssignment)) &&
              ts_node_eq(child_by_field(holder, Field::Left), ref.parent))
            return;
        }
        if (other_read.empty()) other_read = ctx.line_ref(ts_node_start_byte(ref.node));
        continue;
      }
      TSNode loop = loop_after(g, ts_node_start_byte(list_stmt), scope_node);
      if (!ts_node_is_null(loop)) {
        // Converting inside the loop that builds the list is another pattern.
        if (conv_start >= ts_node_start_byte(loop) && conv_start < ts_node_end_byte(loop)) return;
        in_loop = true;
      }
      TSNode arg = only_argument(g);
      if (ts_node_is_null(arg)) return;
      if (method == "append") {
        elements.push_back(arg);
      } else {
        TSNode seq = strip_parens(arg);
        if (is(seq, Kind::List) || is(seq, Kind::Tuple)) {
          for (uint32_t i = 0; i < named_child_count(seq); ++i) {
            TSNode e = named_child(seq, i);
            if (is(e, Kind::Comment)) continue;
            if (is(e, Kind::ListSplat)) return;
            elements.push_back(e);
          }
        } else if (is(seq, Kind::ListComprehension) || is(seq, Kind::GeneratorExpression)) {
          elements.push_back(comprehension_parts(seq).element);
        } else {
          return;  // extend with an iterable of unknown elements
        }
      }
      growth.push_back(g);
      appends.push_back(method == "append");
    }
    if (form == Form::Loop && !in_loop) return;
  }
  Comprehension comp;
  if (form != Form::Loop) {
    comp = comprehension_parts(list_value);
    if (ts_node_is_null(comp.element)) return;
    elements.push_back(comp.element);
  }
  if (elements.empty()) return;

  NumberType type = NumberType::None;
  for (TSNode e : elements) {
    Dtype d = python_number(strip_parens(e), ctx);
    if (d == Dtype::Unknown) return;
    type = join(type, d);
  }

  // The loop-form rewrite: `name = []` right before `for i in range(n):` whose body appends once.
  TSNode loop{}, loop_index{}, loop_length{}, append_arg{};
  if (form == Form::Loop && growth.size() == 1 && appends[0]) {
    TSNode g = growth[0];
    TSNode stmt = parent_of(g);
    TSNode body = parent_of(stmt);
    TSNode f = parent_of(body);
    if (is(f, Kind::ForStatement) && ts_node_eq(child_by_field(f, Field::Body), body) &&
        ts_node_eq(next_statement(list_stmt), f)) {
      TSNode target = child_by_field(f, Field::Left);
      TSNode iter = strip_parens(child_by_field(f, Field::Right));
      bool simple_body = true;
      for (uint32_t i = 0; i < named_child_count(body); ++i) {
        TSNode s = named_child(body, i);
        std::string_view type_name = ts_node_type(s);
        if (!is(s, Kind::ExpressionStatement) && !is(s, Kind::Comment) && type_name != "pass_statement")
          simple_body = false;
      }
      TSNode n = is(iter, Kind::Call) ? only_argument(iter) : TSNode{};
      bool rebinds_index = false;
      if (is(target, Kind::Identifier)) {
        int32_t tid = model.binding_of_node(target);
        if (tid >= 0)
          for (uint32_t other : model.bindings_of(ctx.text_of(target), model.bindings()[tid].scope)) {
            uint32_t at = ts_node_start_byte(model.bindings()[other].node);
            if (at >= ts_node_start_byte(body) && at < ts_node_end_byte(body)) rebinds_index = true;
          }
      }
      if (simple_body && is(target, Kind::Identifier) && !rebinds_index && is(iter, Kind::Call) &&
          ctx.qualified_name(child_by_field(iter, Field::Function)) == "builtins.range" && !ts_node_is_null(n) &&
          simple_expression(n, ctx)) {
        loop = f;
        loop_index = target;
        loop_length = strip_parens(n);
        append_arg = elements[0];
      }
    }
  }

  // Size: the element count when static.
  std::optional<uint64_t> count;
  if (form != Form::Loop) {
    count = ctx.values().of_expression(list_value, ctx.scope()).elements;
    TSNode it = comp.first_iterable;
    if (!count && comp.clauses == 1 && !comp.filtered && is(it, Kind::Call) &&
        ctx.qualified_name(child_by_field(it, Field::Function)) == "builtins.range")
      count = ctx.model().range_length(it, ctx.scope());
  } else if (!ts_node_is_null(loop)) {
    count = ctx.model().range_length(strip_parens(child_by_field(loop, Field::Right)), ctx.scope());
  }
  uint64_t per_element = type == NumberType::Float ? 32 : 36;
  std::optional<uint64_t> list_bytes;
  if (uint64_t b = 0; count && !__builtin_mul_overflow(*count, per_element, &b)) list_bytes = b;
  if (list_bytes && *list_bytes < ctx.settings().min_bytes) return;

  // The rewrite and its safety.
  TSNode callee = child_by_field(call, Field::Function);
  auto np_fromiter = numpy_attribute(ctx, callee, "fromiter");
  auto np_empty = numpy_attribute(ctx, callee, "empty");
  std::string dtype_text = !ts_node_is_null(conv->dtype_arg) ? std::string(ctx.text_of(conv->dtype_arg))
                           : type == NumberType::Int         ? "int"
                                                             : "float";
  std::string display_reason;
  if (conv->target == Target::Tensor)
    display_reason = "`torch.tensor` of a float64 array stays float64 where a list of floats becomes float32";
  else if (conv->extra_args)
    display_reason = fmt::format("`{}` is given other arguments", target_name(conv->target));
  else if (!ts_node_is_null(conv->dtype_arg) && explicit_dtype == Dtype::Unknown)
    display_reason = "the dtype is not known statically";
  else if (form == Form::Loop && ts_node_is_null(loop))
    display_reason = "the loop is not one `for i in range(n)` appending once per iteration right after `name = []`";
  else if (form == Form::Loop ? !np_empty : !np_fromiter)
    display_reason = "numpy is not imported under a name here";

  std::string unsafe;
  if (display_reason.empty()) {
    if (!other_read.empty())
      unsafe = fmt::format("`{}` is also used as a list on {}", name, other_read);
    else if (ts_node_is_null(conv->dtype_arg) && type == NumberType::Int)
      unsafe = "np.array of an empty int list is float64 but `dtype=int` is not, and ints beyond int64 would raise "
               "instead of giving an object array";
    else if (ts_node_is_null(conv->dtype_arg) && type == NumberType::Mixed)
      unsafe = "ints and floats are mixed: an int beyond float64's exact range or beyond int64 converts differently";
    else if (conv->target == Target::Series)
      unsafe = "pd.Series of an empty list has another dtype than of an empty float array";
    else if (list_id >= 0 && model.scope(model.bindings()[list_id].scope).kind != ScopeKind::Function)
      unsafe = fmt::format("`{}` is a module-level name another module may import as a list", name);
    else if (model.scope(ctx.scope()).dynamic)
      unsafe = "the scope calls `locals()`, `vars()`, `eval`, `exec` or `dir()`, or gets its own frame";
    else if (form == Form::Loop && !non_negative(loop_length, ctx))
      unsafe = fmt::format("`np.empty({})` raises for a negative length where `range` is empty",
                           ctx.text_of(loop_length));
  }

  std::vector<Edit> edits;
  std::string title;
  if (display_reason.empty()) {
    auto replace = [&](TSNode n, std::string text) {
      edits.push_back(Edit{ts_node_start_byte(n), ts_node_end_byte(n), std::move(text)});
    };
    if (form == Form::Loop) {
      std::string element(ctx.text_of(append_arg));
      if (element.find('\n') != std::string::npos) element = "(" + element + ")";
      replace(list_value, fmt::format("{}({}, dtype={})", *np_empty, ctx.text_of(loop_length), dtype_text));
      replace(growth[0], fmt::format("{}[{}] = {}", name, ctx.text_of(loop_index), element));
      title = fmt::format("Fill `{} = {}({}, dtype={})` by index", name, *np_empty, ctx.text_of(loop_length),
                          dtype_text);
    } else {
      std::string_view text = ctx.text_of(list_value);
      std::string generator = "(" + std::string(text.substr(1, text.size() - 2)) + ")";
      std::string fromiter =
          fmt::format("{}({}, dtype={}{})", *np_fromiter, generator, dtype_text, fromiter_count(comp, ctx));
      if (form == Form::InlineComprehension && conv->target == Target::NumPy) replace(call, fromiter);
      else replace(list_value, fromiter);
      title = fmt::format("Build the array with `{}(..., dtype={})`", *np_fromiter, dtype_text);
    }
    if (form != Form::InlineComprehension && conv->target == Target::NumPy) replace(call, name);
    std::sort(edits.begin(), edits.end(), [](const Edit& a, const Edit& b) { return a.start < b.start; });
    if (!unsafe.empty()) title += fmt::format(" (unsafe: {})", unsafe);
  } else {
    title = form == Form::Loop
                ? fmt::format("Preallocate `np.empty(n, dtype={})` and assign by index, or build with "
                              "`np.fromiter(generator, dtype={})` ({})",
                              dtype_text, dtype_text, display_reason)
                : fmt::format("Build with `np.fromiter(generator, dtype={})` ({})", dtype_text, display_reason);
  }
  Applicability applicability = !display_reason.empty() ? Applicability::DisplayOnly
                                : unsafe.empty()         ? Applicability::Safe
                                                         : Applicability::Unsafe;

  std::string_view kind = type == NumberType::Float ? "floats" : type == NumberType::Int ? "ints" : "numbers";
  // Bytes per element in the array: the dtype given, else numpy's 8-byte ints and floats, or
  // torch's default float32 for floats.
  uint32_t array_itemsize = explicit_dtype != Dtype::Unknown                                  ? dtype_itemsize(explicit_dtype)
                            : conv->target == Target::Tensor && type == NumberType::Float ? 4
                                                                                          : 8;
  std::string shown = form == Form::InlineComprehension ? std::string("a list comprehension") : fmt::format("`{}`", name);
  std::string built = form == Form::Loop ? "built in a loop" : "built by a comprehension";
  std::string size = list_bytes ? fmt::format(" ({} for {} elements)", format_bytes(*list_bytes), *count) : "";
  std::string message = fmt::format(
      "{} holds Python {}{}{} only to be copied by `{}`: ~{} bytes per element as a list against {} in the array; "
      "fill an array directly",
      shown, kind, form == Form::InlineComprehension ? "" : " " + built, size, ctx.text_of(callee), per_element,
      array_itemsize);
  std::vector<std::string> isolation;
  if (!name.empty()) isolation.push_back(ctx.isolation_key(name));
  ctx.report(kInfo, call, std::move(message), Fix{std::move(title), applicability, std::move(edits), std::move(isolation)},
             list_bytes);
}

}  // namespace pml
