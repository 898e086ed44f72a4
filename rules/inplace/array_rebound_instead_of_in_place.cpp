#include "rules/inplace/array_rebound_instead_of_in_place.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "analyzer/semantic.h"
#include "analyzer/values.h"
#include "rules/inplace/inplace_util.h"
#include "rules/rule_util.h"

namespace pml {

namespace {

const RuleInfo kInfo{
    "MEM202",
    "array-rebound-instead-of-in-place",
    "Array arithmetic rebinds the name to a new array instead of updating it in place",
    FixAvailability::Sometimes,
    true,
    {
        R"(Finds `a = a <op> b` (`+ - * / // % ** & | ^ << >>`), `a = b <op> a` for the commutative
`+ * & | ^`, and `a = np.<ufunc>(..., a, ...)` where `a` is a numpy array whose dtype is known (the same on
every path that reaches the statement) and the operation has an in-place form: the result keeps `a`'s dtype and shape. `b` must be a number
written in the code (or a name bound once to one) that keeps `a`'s dtype under NumPy 1.x's
value-based casting (a float32 array absorbs ints from -32768 to 65535 and floats below 3.4e38 in
magnitude, float16 ints from -128 to 255 and floats below 65000: `a * 100_000` is float64; a numpy
scalar such as `np.int64(2)` is not a Python number), or an array whose
dtype and shape are known not to enlarge `a`. Not reported: a different result dtype (an integer
array divided, or multiplied by a float; a float32 array plus a float64 array), broadcasting that
may enlarge `a`, an array whose shape or dtype is set in place (`a.shape = ...`, `a.resize(...)`,
`a.dtype = ...`: the facts no longer hold), `@`, operands of unknown type, pandas objects, tensors, lists, strings, and arrays
whose size is known to be below `min-bytes`.)",
        R"(`a * b` allocates a full new array while the old `a` is still bound, so both are alive
until the assignment (measured for 100 MB arrays: 300 MB peak instead of 200 MB). `a *= b` and
`np.multiply(a, b, out=a)` write the result into `a`'s own memory.)",
        R"(import numpy as np

signal = np.zeros((10_000, 10_000), dtype=np.float32)
signal = signal * 0.5
signal = np.sqrt(signal))",
        R"(import numpy as np

signal = np.zeros((10_000, 10_000), dtype=np.float32)
signal *= 0.5
np.sqrt(signal, out=signal))",
        R"(The fix rewrites the statement as an augmented assignment (`a *= b`) or adds `out=a` to the
ufunc call. It is safe when `a` is an array created in this scope on every path that reaches the
statement (a producer such as `np.zeros` or arithmetic, not a view, not `np.asarray` of something
else, not a parameter), nothing else can reach it (no alias, no view of it kept, not returned,
stored, passed on, captured by a nested function, global or nonlocal, or shown as a notebook cell's
value, which IPython keeps in `Out` and `_`), its flags are not set
(`a.setflags(write=False)` makes the update in place raise), it is known to have at least one
dimension, and the statement is not inside a `try` or `with` that could observe a
partly written array. Otherwise the fix is unsafe: a view writes through to its base, an alias or
a caller sees the change, and for a 0-d array `a * b` gives a numpy scalar where the update in
place keeps an array.)",
        R"(`min-bytes`: arrays whose size is known statically and smaller than this are not reported
(default 1 MiB).)",
        R"(https://numpy.org/doc/stable/reference/ufuncs.html#output-arguments
https://numpy.org/doc/stable/user/basics.broadcasting.html
https://numpy.org/neps/nep-0050-scalar-promotion.html)",
    },
    /*unknown_sizes_in_tests=*/false};

constexpr Kind kKinds[] = {Kind::Assignment};

bool is_bitwise(std::string_view op) { return op == "&" || op == "|" || op == "^" || op == "<<" || op == ">>"; }
bool is_commutative(std::string_view op) { return op == "+" || op == "*" || op == "&" || op == "|" || op == "^"; }
bool is_arithmetic(std::string_view op) {
  return op == "+" || op == "-" || op == "*" || op == "/" || op == "//" || op == "%" || op == "**";
}

// Whether `b` broadcast against `a` leaves `a`'s shape unchanged.
bool broadcast_keeps(const std::optional<std::vector<int64_t>>& a, const std::optional<std::vector<int64_t>>& b) {
  if (!a || !b || b->size() > a->size()) return false;
  for (size_t k = 1; k <= b->size(); ++k) {
    int64_t bd = (*b)[b->size() - k], ad = (*a)[a->size() - k];
    if (bd == 1) continue;
    if (bd < 0 || bd != ad) return false;
  }
  return true;
}

// Whether `a <op> number` keeps `a`'s dtype (under NumPy 1.x's value-based casting and NEP 50
// alike: promote_number) and the operation is defined for it.
bool number_keeps(Dtype a, std::string_view op, const PythonNumber& n) {
  if (a == Dtype::Bool) return n.kind == PythonNumber::Bool && (op == "&" || op == "|" || op == "^" || op == "max" || op == "min");
  if (is_int_dtype(a)) {
    if (op == "**" && n.kind == PythonNumber::Int && n.i < 0) return false;  // an error for int arrays
  } else if (is_bitwise(op)) {
    return false;
  }
  if (is_complex_dtype(a) && (op == "//" || op == "%")) return false;
  return promote_number(a, op == "max" || op == "min" ? "+" : op, n) == a;
}

// Whether `a <op> b` keeps `a`'s dtype for an array operand `b`.
bool array_keeps(Dtype a, std::string_view op, Dtype b) {
  if (b == Dtype::Unknown || b == Dtype::Object) return false;
  if (a == Dtype::Bool && !(op == "+" || op == "*" || op == "&" || op == "|" || op == "^" || op == "max" || op == "min"))
    return false;
  if (is_bitwise(op) && !(is_int_dtype(a) || a == Dtype::Bool)) return false;
  if (is_complex_dtype(a) && (op == "//" || op == "%")) return false;
  return promote(a, b, op == "max" || op == "min" ? "+" : op) == a;
}

bool unary_keeps(Dtype a, Ufunc u) {
  switch (u) {
    case Ufunc::Unary: return is_int_dtype(a) || is_float_dtype(a) || is_complex_dtype(a);
    case Ufunc::UnaryFloat: return is_float_dtype(a) || is_complex_dtype(a);
    case Ufunc::UnaryAbs: return is_int_dtype(a) || is_float_dtype(a);
    default: return false;
  }
}

// A new array that only this name refers to when it is made (the value facts' `fresh`).
bool is_fresh_array(uint32_t id, const Context& ctx) {
  const Binding& b = ctx.model().bindings()[id];
  if (b.kind == BindingKind::AugmentedAssignment) return true;  // updates the same array in place
  if (b.kind != BindingKind::Assignment || ts_node_is_null(b.value)) return false;
  const ValueFacts& f = ctx.values().of_binding(id);
  return f.kind == ValueKind::NDArray && f.fresh && !f.is_view;
}

// Whether some read of the binding's array may leave another object sharing its memory: an alias,
// a view kept, a container or callee holding it, a return (ValueAnalyzer::read_may_share).
bool may_be_shared(uint32_t id, const Context& ctx) {
  for (uint32_t r : ctx.model().references_of(id))
    if (ctx.values().read_may_share(ctx.model().references()[r])) return true;
  return false;
}

std::vector<TSNode> positional_arguments(TSNode args, bool* other) {
  std::vector<TSNode> out;
  for (uint32_t i = 0; i < named_child_count(args); ++i) {
    TSNode a = named_child(args, i);
    if (is(a, Kind::Comment)) continue;
    if (is(a, Kind::KeywordArgument) || is(a, Kind::ListSplat) || is(a, Kind::DictionarySplat)) *other = true;
    else out.push_back(a);
  }
  return out;
}

}  // namespace

const RuleInfo& ArrayReboundInsteadOfInPlace::info() const { return kInfo; }
std::span<const Kind> ArrayReboundInsteadOfInPlace::kinds() const { return kKinds; }

void ArrayReboundInsteadOfInPlace::check(TSNode node, Context& ctx) const {
  if (!inplace::is_plain_assignment(node)) return;
  TSNode left = child_by_field(node, Field::Left);
  if (!is(left, Kind::Identifier)) return;
  const std::string_view a = ctx.text_of(left);
  const uint32_t scope = ctx.scope();
  const SemanticModel& model = ctx.model();
  TSNode right = strip_parens(child_by_field(node, Field::Right));
  auto is_a = [&](TSNode n) {
    n = strip_parens(n);
    return is(n, Kind::Identifier) && ctx.text_of(n) == a;
  };

  // The operation: an operator with `a` as an operand, or a ufunc with `a` as an argument.
  std::string_view op;
  TSNode other{};  // the other operand (null for unary ufuncs)
  TSNode call{};
  const Producer* ufunc = nullptr;
  bool swapped = false;  // `a = b + a`
  if (is(right, Kind::BinaryOperator)) {
    op = ctx.text_of(child_by_field(right, Field::Operator));
    if (!is_arithmetic(op) && !is_bitwise(op)) return;  // `@` has no in-place form for arbitrary shapes
    TSNode l = child_by_field(right, Field::Left), r = child_by_field(right, Field::Right);
    if (is_a(l)) other = r;
    else if (is_a(r) && is_commutative(op)) other = l, swapped = true;
    else return;  // `a = b - a`: `a -= b` would compute `a - b`
  } else if (is(right, Kind::Call)) {
    ufunc = ctx.values().producer_of(right, scope);
    if (!ufunc || ufunc->ufunc == Ufunc::None) return;
    TSNode args = child_by_field(right, Field::Arguments);
    if (!is(args, Kind::ArgumentList)) return;
    bool other_arguments = false;
    auto positional = positional_arguments(args, &other_arguments);
    if (other_arguments) return;  // out=, where=, dtype=, casting=: their own semantics
    size_t arity = ufunc->ufunc == Ufunc::Binary ? 2 : 1;
    if (positional.size() != arity) return;
    int found = -1;
    for (size_t k = 0; k < positional.size(); ++k)
      if (is_a(positional[k])) found = static_cast<int>(k);
    if (found < 0) return;
    if (arity == 2) other = positional[1 - found];
    op = ufunc->op;
    call = right;
  } else {
    return;
  }

  // What `a` holds on every path that reaches the statement: a numpy array of one known dtype
  // that is not known to be small. Its shape is known when every path agrees on it.
  const uint32_t stmt_start = ts_node_start_byte(node), stmt_end = ts_node_end_byte(node);
  const std::vector<uint32_t> reaching = reaching_bindings(ctx.flow(scope), model, a, scope, node);
  if (reaching.empty()) return;
  ValueFacts facts = ctx.values().of_binding(reaching.front());
  std::optional<uint64_t> bytes = facts.bytes();
  for (uint32_t id : reaching) {
    const ValueFacts& f = ctx.values().of_binding(id);
    if (f.kind != ValueKind::NDArray || f.dtype != facts.dtype) return;
    if (f.shape != facts.shape) facts.shape.reset();
    facts.is_view = facts.is_view || f.is_view;
    auto b = f.bytes();
    bytes = b && bytes ? std::max(*b, *bytes) : std::optional<uint64_t>();
  }
  if (facts.kind != ValueKind::NDArray || facts.dtype == Dtype::Unknown || facts.dtype == Dtype::Object) return;
  if (bytes && *bytes < ctx.settings().min_bytes) return;
  // A walrus rebinding `a` inside the statement makes the operands' order matter.
  for (uint32_t id : model.bindings_of(a, scope)) {
    uint32_t s = ts_node_start_byte(model.bindings()[id].node);
    if (s > stmt_start && s < stmt_end) return;
  }

  // The result must keep a's dtype and shape.
  if (ts_node_is_null(other)) {
    if (!unary_keeps(facts.dtype, ufunc->ufunc)) return;
  } else if (is_a(other)) {
    if (!array_keeps(facts.dtype, op, facts.dtype)) return;
  } else if (auto number = ctx.values().python_number(other, scope)) {
    if (!number_keeps(facts.dtype, op, *number)) return;
  } else {
    ValueFacts of = ctx.values().of_expression(other, scope);
    if (of.kind != ValueKind::NDArray || !array_keeps(facts.dtype, op, of.dtype)) return;
    if (!broadcast_keeps(facts.shape, of.shape)) return;
  }

  std::string size = bytes ? fmt::format(" ({})", format_bytes(*bytes)) : std::string();
  const bool is_call = !ts_node_is_null(call);
  std::string_view callee = is_call ? ctx.text_of(child_by_field(call, Field::Function)) : std::string_view();
  std::string in_place = is_call ? fmt::format("`{}(..., out={})`", callee, a) : fmt::format("`{} {}= ...`", a, op);
  std::string shown = is_call   ? fmt::format("`{} = {}(...)`", a, callee)
                      : swapped ? fmt::format("`{0} = ... {1} {0}`", a, op)
                                : fmt::format("`{0} = {0} {1} ...`", a, op);
  std::string message = fmt::format(
      "{} allocates a new array{} while the old `{}` is still alive; update it in place with {}", shown, size, a,
      in_place);

  // A comment outside the kept operand would be lost.
  if (inplace::comment_on_path(is_call ? call : other, node)) {
    ctx.report(kInfo, node, std::move(message),
               Fix{fmt::format("Update `{}` in place with {} (not offered: a comment in the statement would be lost)",
                               a, in_place),
                   Applicability::DisplayOnly, {}},
               bytes);
    return;
  }

  // Whether nothing else can observe the update.
  std::string unsafe_reason;
  auto unsafe = [&](std::string why) {
    if (unsafe_reason.empty()) unsafe_reason = std::move(why);
  };
  const Scope& sc = model.scope(scope);
  inplace::Placement where = inplace::placement(node, ctx);
  if (facts.is_view) unsafe(fmt::format("`{}` shares memory with another array; the update writes through to it", a));
  if (sc.globals.count(a) || sc.nonlocals.count(a)) unsafe(fmt::format("`{}` is global or nonlocal", a));
  for (uint32_t id : reaching) {
    if (ctx.values().flags_changed(id))
      unsafe(fmt::format("`{}` may be read-only (its flags are set): the update in place would raise", a));
    if (!is_fresh_array(id, ctx)) unsafe(fmt::format("`{}` may be an array made elsewhere (a parameter or an alias)", a));
    if (may_be_shared(id, ctx))
      unsafe(fmt::format("`{}` is shared: an alias or a view of it is kept, returned, stored or passed on", a));
  }
  if (model.used_by_nested_scope(a, scope)) unsafe(fmt::format("a nested function uses `{}`", a));
  if (!facts.shape || facts.shape->empty())
    unsafe(fmt::format("`{}` may be 0-d, where the operation gives a numpy scalar and the update keeps an array", a));
  if (where.in_try || where.in_with)
    unsafe(fmt::format("an exception after a partial write would leave `{}` changed where it can still be read", a));
  if (sc.dynamic) unsafe("the scope inspects its names (locals, eval, ...)");

  std::vector<Edit> edits;
  std::string title;
  if (is_call) {
    edits.push_back(Edit{stmt_start, ts_node_start_byte(call), ""});
    edits.push_back(append_keyword_argument(child_by_field(call, Field::Arguments), fmt::format("out={}", a)));
    if (ts_node_end_byte(call) < stmt_end) edits.push_back(Edit{ts_node_end_byte(call), stmt_end, ""});
    title = fmt::format("Write the result into `{0}`: add `out={0}`", a);
  } else {
    // A line break outside brackets was legal inside the statement's parentheses only.
    Kind ok = kind_of(other);
    bool bracketed = ok == Kind::ParenthesizedExpression || ok == Kind::List || ok == Kind::Dictionary ||
                     ok == Kind::Set || ok == Kind::ListComprehension || ok == Kind::Tuple;
    bool paren = !bracketed && ctx.text_of(other).find_first_of("\r\n") != std::string_view::npos;
    edits.push_back(Edit{stmt_start, ts_node_start_byte(other), fmt::format("{} {}= {}", a, op, paren ? "(" : "")});
    if (ts_node_end_byte(other) < stmt_end || paren)
      edits.push_back(Edit{ts_node_end_byte(other), stmt_end, paren ? ")" : ""});
    title = fmt::format("Update `{0}` in place: `{0} {1}= ...`", a, op);
  }
  if (!unsafe_reason.empty()) title += fmt::format(" (unsafe: {})", unsafe_reason);
  ctx.report(kInfo, node, std::move(message),
             Fix{std::move(title), unsafe_reason.empty() ? Applicability::Safe : Applicability::Unsafe, std::move(edits),
                 {ctx.isolation_key(a)}},
             bytes);
}

}  // namespace pml
