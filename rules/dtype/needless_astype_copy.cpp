#include "rules/dtype/needless_astype_copy.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "analyzer/semantic.h"
#include "analyzer/source.h"
#include "analyzer/values.h"
#include "rules/rule_util.h"

namespace pml {

namespace {

const RuleInfo kInfo{
    "MEM302",
    "needless-astype-copy",
    "`x = x.astype(T)` copies the array even when it already has dtype T",
    FixAvailability::Always,
    true,
    {
        R"(Finds `x = x.astype(T)` where `x` is a numpy array (by the value facts: a numpy producer,
arithmetic on arrays, a parameter annotated `np.ndarray`) and the name is rebound in the same
statement, so the old array is dropped. Not reported: pandas objects and values of unknown kind
(pandas' `astype(copy=False)` has other semantics), calls that already pass `copy`, conversions
the facts show are real (an array known to be float64 cast to float32, or known to be floating
or complex cast to an int: `x * 0.5`, a true division; `copy=False` would not avoid that copy), casts under an `if`/`elif`/`while` that tests `x.dtype` (the author already
knows a conversion is needed), arrays whose size is known and below `min-bytes` (when only
the number of elements is known, at 16 bytes each, the widest numeric dtype), and casts under a
test that found the array empty (`if len(x) == 0:`, `if not x.size:`). When several
bindings may reach the cast, the dtype counts as known only if they all agree on it.)",
        R"(`ndarray.astype` returns a new array by default, even when the array already has the
requested dtype. On an array that is already float32, `x = x.astype(np.float32)` allocates a
second full copy and, until the name is rebound, both are alive: the peak is twice the array,
for nothing. With `copy=False`, astype returns the array itself when no conversion is needed,
and still converts (and allocates) when the dtype differs.)",
        R"(import numpy as np


def load(path):
    x = np.load(path)            # stored as float32
    x = x.astype(np.float32)     # a second copy of the whole array
    return x)",
        R"(import numpy as np


def load(path):
    x = np.load(path)
    x = x.astype(np.float32, copy=False)  # the same array when it is float32 already
    return x)",
        R"(The fix adds `copy=False`. It is safe when nothing else can observe the old array: `x` is
a function local bound by a plain `x = <expr>` earlier in the same block, `<expr>` allocates a
new array (a numpy producer without `out=`, `copy=False` or `mmap_mode`, arithmetic, `.copy()`,
`.astype(T)`), and no read of that binding leaves an alias or a view behind (assigned to another
name, returned, stored, passed to a callee that may keep it, sliced into a view that survives,
iterated, read by a nested function). Returning that very array instead of a copy then changes
nothing. Otherwise the fix is unsafe: for a parameter, `copy=False` hands back the caller's own
array when its dtype already matches, so later in-place writes to `x` would reach the caller;
for a view they would reach its base, and even a view of a new array (`np.zeros(n).T`,
`.reshape(...)`, `.view(...)`) stays a view that owns no data (`x.resize()` raises, `x.base` is
set) where `astype` gave an array of its own; `np.asarray` of an input and memmaps likewise; an array
whose flags are set (`x.setflags(write=False)`) may be read-only, while `astype` returned a
writable copy; at module level other code may hold the old array; `locals()`/`eval` can reach any
name.)",
        R"(`min-bytes`: arrays whose size is known statically and smaller than this are not reported
(default 1 MiB).)",
        R"(https://numpy.org/doc/stable/reference/generated/numpy.ndarray.astype.html)",
    },
    /*unknown_sizes_in_tests=*/false};

constexpr Kind kKinds[] = {Kind::Assignment};

// The statement `name = value` that binds `b`, when it is a plain assignment on its own (not
// chained, not unpacking): its expression_statement, else null.
TSNode plain_assignment_statement(const Binding& b) {
  TSNode assign = parent_of(b.node);
  if (!is(assign, Kind::Assignment) || !ts_node_eq(child_by_field(assign, Field::Left), b.node)) return TSNode{};
  if (is(child_by_field(assign, Field::Right), Kind::Assignment)) return TSNode{};
  TSNode stmt = parent_of(assign);
  return is(stmt, Kind::ExpressionStatement) ? stmt : TSNode{};
}

// Whether an enclosing `if`/`elif`/`while` condition in the same function tests `name.dtype`
// (`if x.dtype != out.dtype:`, `if not np.issubdtype(x.dtype, np.inexact):`): the author already
// knows whether a conversion is needed, and the cast is a real one.
bool guarded_by_dtype_test(TSNode stmt, std::string_view name, const Context& ctx) {
  std::string needle = std::string(name) + ".dtype";
  for (TSNode n = parent_of(stmt); !ts_node_is_null(n); n = parent_of(n)) {
    Kind k = kind_of(n);
    if (k == Kind::FunctionDefinition || k == Kind::ClassDefinition || k == Kind::Lambda || k == Kind::Module) break;
    TSNode cond = child_by_field(n, Field::Condition);
    if (ts_node_is_null(cond) || ts_node_end_byte(cond) > ts_node_start_byte(stmt)) continue;
    std::string_view text = ctx.text_of(cond);
    for (size_t at = text.find(needle); at != std::string_view::npos; at = text.find(needle, at + 1)) {
      bool starts_word = at == 0 || !(std::isalnum(static_cast<unsigned char>(text[at - 1])) || text[at - 1] == '_' ||
                                      text[at - 1] == '.');
      if (starts_word) return true;
    }
  }
  return false;
}

}  // namespace

const RuleInfo& NeedlessAstypeCopy::info() const { return kInfo; }
std::span<const Kind> NeedlessAstypeCopy::kinds() const { return kKinds; }

void NeedlessAstypeCopy::check(TSNode assign, Context& ctx) const {
  TSNode left = child_by_field(assign, Field::Left);
  TSNode call = child_by_field(assign, Field::Right);
  if (!is(left, Kind::Identifier) || !is(call, Kind::Call)) return;
  TSNode stmt = parent_of(assign);
  if (!is(stmt, Kind::ExpressionStatement)) return;  // chained `y = x = x.astype(T)`
  TSNode fn = child_by_field(call, Field::Function);
  if (!is(fn, Kind::Attribute) || ctx.text_of(child_by_field(fn, Field::AttributeField)) != "astype") return;
  TSNode receiver = strip_parens(child_by_field(fn, Field::Object));
  if (!is(receiver, Kind::Identifier) || ctx.text_of(receiver) != ctx.text_of(left)) return;
  TSNode args = child_by_field(call, Field::Arguments);
  if (!is(args, Kind::ArgumentList)) return;
  ArgumentShape shape = argument_shape(args);
  if (shape.unpacking) return;  // may pass copy
  if (!ts_node_is_null(argument(args, -1, "copy", ctx.text()))) return;
  if (shape.positional >= 5) return;  // astype(dtype, order, casting, subok, copy)
  TSNode dtype_arg = argument(args, 0, "dtype", ctx.text());
  if (ts_node_is_null(dtype_arg)) return;

  const SemanticModel& model = ctx.model();
  int32_t old_id = model.binding_of_node(receiver);
  int32_t new_id = model.binding_of_node(left);
  if (old_id < 0 || new_id < 0) return;
  const Binding& old_binding = model.bindings()[old_id];
  const ValueFacts& old_facts = ctx.values().of_binding(static_cast<uint32_t>(old_id));
  if (old_facts.kind != ValueKind::NDArray) return;  // pandas and unknown kinds: not this rule

  // The binding found textually reaches this line on every path when it is a plain statement of
  // the same block. Otherwise another binding may reach it: all of them must be arrays.
  TSNode old_stmt = plain_assignment_statement(old_binding);
  bool dominates = !ts_node_is_null(old_stmt) && ts_node_eq(parent_of(old_stmt), parent_of(stmt));
  if (!dominates)
    for (uint32_t id : model.bindings_of(old_binding.name, old_binding.scope))
      if (static_cast<int32_t>(id) != new_id && ctx.values().of_binding(id).kind != ValueKind::NDArray) return;

  if (guarded_by_dtype_test(stmt, old_binding.name, ctx)) return;

  Dtype target = dtype_of_expression(dtype_arg, ctx.scope(), model, ctx.text());
  // The dtype the array has here: its binding's, when that binding is the only one that can reach
  // the line; otherwise the one all the bindings that reach it agree on, if they do.
  const std::vector<uint32_t> reaching =
      dominates ? std::vector<uint32_t>{}
                : reaching_bindings(ctx.flow(old_binding.scope), model, old_binding.name, old_binding.scope, stmt);
  Dtype old_dtype = old_facts.dtype;
  for (uint32_t id : reaching)
    if (ctx.values().of_binding(id).dtype != old_dtype) old_dtype = Dtype::Unknown;
  bool same_dtype = old_dtype != Dtype::Unknown && old_dtype == target;
  if (old_dtype != Dtype::Unknown && target != Dtype::Unknown && !same_dtype) return;  // a real conversion
  // Only the dtype's kind may be known (`x * 0.5` is floating or complex, never int32): a real
  // conversion too when no binding that may reach the cast can have the target dtype.
  if (!may_have_dtype(old_facts, target) && std::none_of(reaching.begin(), reaching.end(), [&](uint32_t id) {
        return may_have_dtype(ctx.values().of_binding(id), target);
      }))
    return;

  ValueFacts result = ctx.values().of_expression(call, ctx.scope());
  std::optional<uint64_t> bytes = result.bytes();
  if (!bytes) bytes = old_facts.bytes();
  // A count of elements without a dtype (`np.array([[1, 0], [0, 1]])` cast to a parameter's
  // dtype) is judged at 16 bytes each, complex128's, the widest numeric type.
  uint64_t bound = 0;
  if (!bytes && old_facts.elements && !__builtin_mul_overflow(*old_facts.elements, uint64_t{16}, &bound) &&
      bound < ctx.settings().min_bytes)
    return;
  if (bytes && *bytes < ctx.settings().min_bytes) return;
  // Where it is read: `if len(x) == 0: x = x.astype(T)` converts an empty array.
  if (auto at_read = ctx.values().element_bound(receiver, ctx.scope()); at_read && *at_read == 0) return;

  // Fix safety: may anything else observe the old array, which copy=False may hand back as is?
  std::string name(ctx.text_of(left));
  const Scope& scope = model.scope(old_binding.scope);
  std::string unsafe;
  if (old_binding.kind == BindingKind::Parameter) {
    unsafe = fmt::format("`{}` is a parameter: with `copy=False` the caller's own array comes back when its dtype "
                         "already matches, and later writes to `{}` would reach the caller",
                         name, name);
  } else if (old_binding.kind != BindingKind::Assignment || ts_node_is_null(old_stmt)) {
    unsafe = fmt::format("`{}` is not bound by a plain assignment, so other references to the old array cannot "
                         "be ruled out",
                         name);
  } else if (!dominates) {
    unsafe = fmt::format("another binding of `{}` may reach this line", name);
  } else if (ctx.values().flags_changed(static_cast<uint32_t>(old_id))) {
    unsafe = fmt::format("`{}` may be read-only (its flags are set), and `copy=False` would return it as is", name);
  } else if (!old_facts.fresh) {
    unsafe = fmt::format("`{}` may share memory with another array (a view, `np.asarray` of an input, a memmap); "
                         "`copy=False` would return it as is",
                         name);
  } else if (old_facts.is_view) {
    unsafe = fmt::format("`{0}` is a view of a new array: `copy=False` would keep the view, which owns no data "
                         "(`{0}.resize()` raises, `{0}.base` is set) where `astype` gave an array of its own",
                         name);
  } else if (scope.kind != ScopeKind::Function) {
    unsafe = "at module or class level other code may hold the old array";
  } else if (scope.dynamic || scope.globals.count(old_binding.name) || scope.nonlocals.count(old_binding.name)) {
    unsafe = fmt::format("`{}` is global, nonlocal or reachable through `locals()`/`eval`", name);
  } else {
    for (uint32_t r : model.references_of(static_cast<uint32_t>(old_id))) {
      const Reference& ref = model.references()[r];
      if (ts_node_eq(ref.node, receiver)) continue;
      if (ctx.values().read_may_share(ref)) {
        unsafe = fmt::format("the old array may still be referenced through its use on {} (an alias, a view "
                             "or a callee that keeps it)",
                             ctx.line_ref(ts_node_start_byte(ref.node)));
        break;
      }
    }
    if (unsafe.empty())
      for (uint32_t r : model.reads_of_name(old_binding.name, old_binding.scope)) {
        const Reference& ref = model.references()[r];
        bool later = false;  // read by a function, lambda or class body (comprehensions run at once)
        for (int32_t sc = static_cast<int32_t>(ref.scope); sc >= 0 && static_cast<uint32_t>(sc) != old_binding.scope;
             sc = model.scope(sc).parent)
          if (model.scope(sc).kind != ScopeKind::Comprehension) later = true;
        if (later) {
          unsafe = fmt::format("a nested scope reads `{}` ({})", name, ctx.line_ref(ts_node_start_byte(ref.node)));
          break;
        }
      }
  }

  // When something else may hold the old array (the caller, a view or alias of it, other code at
  // module level) or it may be read-only, and the new one is written in place, the copy is what
  // keeps those writes from reaching the old array (or what makes them possible): it is needed,
  // not wasted. Several bindings reaching the cast are not in themselves such a holder.
  // The outermost loop of the function around the cast: reads in it may run before the next cast.
  TSNode loop{};
  for (TSNode n = parent_of(stmt); !ts_node_is_null(n); n = parent_of(n)) {
    Kind k = kind_of(n);
    if (k == Kind::FunctionDefinition || k == Kind::ClassDefinition || k == Kind::Lambda) break;
    if (k == Kind::ForStatement || k == Kind::WhileStatement) loop = n;
  }
  auto before_a_cast = [&](TSNode read) {
    uint32_t at = ts_node_start_byte(read);
    return at < ts_node_start_byte(stmt) ||
           (!ts_node_is_null(loop) && at >= ts_node_start_byte(loop) && at < ts_node_end_byte(loop));
  };
  auto held_elsewhere = [&] {
    if (scope.kind != ScopeKind::Function || scope.dynamic || scope.globals.count(old_binding.name) ||
        scope.nonlocals.count(old_binding.name))
      return true;
    std::vector<uint32_t> reaching{static_cast<uint32_t>(old_id)};
    if (!dominates)
      reaching = reaching_bindings(ctx.flow(old_binding.scope), model, old_binding.name, old_binding.scope, stmt);
    for (uint32_t id : reaching) {
      const Binding& b = model.bindings()[id];
      if (b.kind != BindingKind::Assignment || !ctx.values().of_binding(id).fresh || ctx.values().flags_changed(id))
        return true;
      // Reads before the cast that may leave another reference behind (an alias, a view, a
      // container); what happens to the new array afterwards is no other holder of the old one,
      // unless a loop runs the cast again after it.
      for (uint32_t r : model.references_of(id)) {
        const Reference& ref = model.references()[r];
        if (ts_node_eq(ref.node, receiver)) continue;
        if (before_a_cast(ref.node) && ctx.values().read_may_share(ref))
          return true;
      }
    }
    return false;
  };
  const bool shared = !unsafe.empty() && held_elsewhere();
  if (shared)
    for (const ArrayUseSite& use : ctx.values().array_uses(call, ctx.scope()))
      if (use.use == ArrayUse::Write) return;

  std::string shown(ctx.text_of(call));
  if (shown.size() > 60) shown = name + ".astype(...)";
  std::string size = bytes ? fmt::format(" ({})", format_bytes(*bytes)) : std::string();
  std::string wanted = target != Dtype::Unknown ? std::string(dtype_name(target))
                                                : fmt::format("`{}`", ctx.text_of(dtype_arg));
  // When something else may hold the old array (the caller's argument, a view's base), rebinding
  // drops nothing, and `copy=False` would share that array: the message says so.
  std::string message =
      shared ? fmt::format("`{}` copies `{}`{} even when it is already {}; the old array may be held elsewhere "
                           "(the caller, a view's base), so if sharing it is acceptable, pass `copy=False`, which "
                           "converts only when the dtype differs",
                           shown, name, size, wanted)
      : same_dtype
          ? fmt::format("`{}` is already {}: `{}` copies it{} for nothing while the old array is dropped; pass "
                        "`copy=False`",
                        name, wanted, shown, size)
          : fmt::format("`{}` copies `{}`{} even when it is already {}, and the old array is dropped on rebinding: "
                        "pass `copy=False`, which converts only when the dtype differs",
                        shown, name, size, wanted);
  Fix fix{unsafe.empty() ? std::string("Add `copy=False`") : fmt::format("Add `copy=False` (unsafe: {})", unsafe),
          unsafe.empty() ? Applicability::Safe : Applicability::Unsafe,
          {append_keyword_argument(args, "copy=False")},
          {ctx.isolation_key(name)}};
  ctx.report(kInfo, call, std::move(message), std::move(fix), bytes);
}

}  // namespace pml
