#include "rules/dtype/float64_by_default.h"

#include <fmt/format.h>

#include "analyzer/semantic.h"
#include "analyzer/values.h"
#include "rules/rule_util.h"

namespace pml {

namespace {

const RuleInfo kInfo{
    "MEM301",
    "float64-by-default",
    "Array created as float64 because no dtype was given",
    FixAvailability::Sometimes,
    true,
    {
        R"(Finds numpy array creation that yields float64 because no `dtype` was given: `np.zeros`,
`np.ones`, `np.empty`, `np.identity`, `np.eye`, `np.full` with a float fill, `np.linspace`,
`np.logspace`, `np.geomspace` (unless an endpoint is complex, or a float32 or float16 array or
scalar), `np.arange` with float arguments, `np.loadtxt`, `np.genfromtxt`, and the legacy
`np.random.rand/randn/random/random_sample/uniform/normal/standard_normal`.
When the shape is known statically (literal shapes, integer constants, `len()` of a literal, the
extents of an array whose shape is known, text written out for `loadtxt`, the largest value a
loop variable or the parameter of a nested or `_private` function takes where every call is in
the file) the message states the estimated size, at most that, and arrays below `min-bytes` are
not reported. Unknown sizes are.)",
        R"(numpy's default float64 uses 8 bytes per element. Many data pipelines do not need the
precision: float32 (4 bytes) halves the array, and halves every array computed from it.)",
        R"(import numpy as np

N_ROWS = 200_000
N_COLS = 512
features = np.zeros((N_ROWS, N_COLS))  # ~819 MB)",
        R"(import numpy as np

N_ROWS = 200_000
N_COLS = 512
features = np.zeros((N_ROWS, N_COLS), dtype=np.float32)  # ~410 MB)",
        R"(The fix adds `dtype=np.float32` and is unsafe: float32 has about 7 significant digits
(machine epsilon ~1.2e-7), integers above 2**24 are no longer exact, and accumulations drift
(a float32 cumulative sum of 1e7 x 0.1 is ~8.8 % off), and compiled code typed for float64
buffers (Cython or C extensions taking `double`) raises on a float32 array: check where the array
goes. It is applied only with `--unsafe-fixes`.
The legacy `np.random.*` functions take no `dtype`; for them the fix is display-only advice to
move to `np.random.default_rng()`, whose `random` and `standard_normal` accept `dtype`.)",
        R"(`min-bytes`: arrays whose size is known statically and smaller than this are not reported
(default 1 MiB).)",
        R"(https://numpy.org/doc/stable/user/basics.types.html
https://numpy.org/doc/stable/reference/random/generator.html)",
    }};

constexpr Kind kKinds[] = {Kind::Call};

// Generator spelling for the legacy random functions that have a dtype-taking equivalent.
std::string_view generator_method(std::string_view legacy) {
  if (legacy == "numpy.random.rand" || legacy == "numpy.random.random" || legacy == "numpy.random.random_sample" ||
      legacy == "numpy.random.sample" || legacy == "numpy.random.ranf")
    return "random";
  if (legacy == "numpy.random.randn" || legacy == "numpy.random.standard_normal") return "standard_normal";
  return {};
}

}  // namespace

const RuleInfo& Float64ByDefault::info() const { return kInfo; }
std::span<const Kind> Float64ByDefault::kinds() const { return kKinds; }

namespace {

bool is_like(const Producer& p) {
  return p.qualified.size() > 5 && p.qualified.substr(p.qualified.size() - 5) == "_like";
}

}  // namespace

void Float64ByDefault::check(TSNode call, Context& ctx) const {
  CallFacts f = ctx.values().facts_of_call(call, ctx.scope());
  if (!f.producer || f.has_unpacking || f.scalar || f.invalid || !ts_node_is_null(f.dtype_arg)) return;
  if (f.producer->default_dtype == DefaultDtype::FromInput) {
    // `np.zeros_like(a)` is float64 when `a` is: the value facts know `a`.
    if (!is_like(*f.producer)) return;
    TSNode prototype = strip_parens(argument(f.args, 0, "", ctx.text()));
    ValueFacts input = ctx.values().of_expression(prototype, ctx.scope());
    if (input.kind != ValueKind::NDArray || input.dtype != Dtype::Float64) return;
    // A name bound more than once may hold another array here (`x = np.arange(n)`, then `if c:
    // x = np.linspace(0, 1, 3)`): every binding that may reach the call must be float64.
    const SemanticModel& model = ctx.model();
    const Binding* b = is(prototype, Kind::Identifier)
                           ? model.resolve(ctx.text_of(prototype), ctx.scope(), ts_node_start_byte(prototype))
                           : nullptr;
    if (b && model.bindings_of(b->name, b->scope).size() > 1) {
      std::vector<uint32_t> reaching = b->scope == ctx.scope()
                                           ? reaching_bindings(ctx.flow(b->scope), model, b->name, b->scope, call)
                                           : model.bindings_of(b->name, b->scope);
      for (uint32_t id : reaching) {
        const ValueFacts& other = ctx.values().of_binding(id);
        if (other.kind != ValueKind::NDArray || other.dtype != Dtype::Float64) return;
      }
    }
    f.dtype = Dtype::Float64;
    f.elements = input.elements;
  }
  if (f.dtype != Dtype::Float64) return;
  std::optional<uint64_t> bytes = f.bytes();
  if (bytes && *bytes < ctx.settings().min_bytes) return;

  TSNode callee = child_by_field(call, Field::Function);
  std::string shown(ctx.text_of(callee));
  std::string size = bytes ? fmt::format(" ({})", format_bytes(*bytes)) : std::string();
  std::string half = bytes ? fmt::format(" ({})", format_bytes(*bytes / 2)) : std::string();

  if (f.producer->takes_dtype) {
    // `np.zeros(n).astype(bool)`: the float64 array lives only until astype copies it. For the
    // constructors whose values every dtype holds exactly (0, 1, uninitialised), the dtype belongs
    // in the call.
    std::string_view made = f.producer->qualified;
    TSNode holder = parent_of(call);
    if ((made == "numpy.zeros" || made == "numpy.ones" || made == "numpy.empty" || made == "numpy.eye" ||
         made == "numpy.identity") &&
        is(holder, Kind::Attribute) && ts_node_eq(child_by_field(holder, Field::Object), call) &&
        ctx.text_of(child_by_field(holder, Field::AttributeField)) == "astype" &&
        is(parent_of(holder), Kind::Call)) {
      TSNode cast_args = child_by_field(parent_of(holder), Field::Arguments);
      TSNode target = is(cast_args, Kind::ArgumentList) ? argument(cast_args, 0, "dtype", ctx.text()) : TSNode{};
      // Numbers and bools only: `np.zeros(n, dtype=object)` holds ints, not 0.0, and str dtypes
      // hold '' rather than '0.0'.
      Dtype to = ts_node_is_null(target) ? Dtype::Unknown
                                         : dtype_of_expression(target, ctx.scope(), ctx.model(), ctx.text());
      if (to != Dtype::Unknown && to != Dtype::Object) {
        std::string wanted(ctx.text_of(target));
        ctx.report(kInfo, call,
                   fmt::format("`{}` creates a float64 array{} only for `.astype({})` to copy it: pass "
                               "`dtype={}` to `{}` instead, which gives the same values without the float64 copy",
                               shown, size, wanted, wanted, shown),
                   Fix{fmt::format("Pass `dtype={}` and drop `.astype({})`", wanted, wanted),
                       Applicability::DisplayOnly, {}},
                   bytes);
        return;
      }
    }
    auto np_float32 = numpy_attribute(ctx, callee, "float32");
    std::string dtype = np_float32 ? "dtype=" + *np_float32 : std::string("dtype=\"float32\"");
    Fix fix{fmt::format("Add `{}` (unsafe: float32 precision)", dtype), Applicability::Unsafe,
            {append_keyword_argument(f.args, dtype)}};
    ctx.report(kInfo, call,
               fmt::format("`{}` creates a float64 array because no dtype is given{}; pass `{}` to halve it{} "
                           "if float32 precision is enough",
                           shown, size, dtype, half),
               std::move(fix), bytes);
    return;
  }

  if (f.producer->qualified.rfind("numpy.random.Generator.", 0) == 0) {
    // Generator.normal/uniform/exponential take no dtype; standard_normal and random do.
    ctx.report(kInfo, call,
               fmt::format("`{}` returns float64{}; this Generator method has no dtype: draw with "
                           "`standard_normal`/`random(..., dtype=np.float32)` and scale to halve it{}",
                           shown, size, half),
               Fix{"Draw float32 with `rng.standard_normal(size, dtype=np.float32) * scale + loc` (or "
                   "`rng.random(size, dtype=np.float32) * (high - low) + low`)",
                   Applicability::DisplayOnly, {}},
               bytes);
    return;
  }

  // Legacy np.random.*: no dtype parameter. Advise the Generator API.
  const std::string& q = ctx.model().qualified_name(callee, ctx.scope());
  std::string_view method = generator_method(q);
  std::optional<Fix> fix;
  if (!method.empty() && !f.has_unpacking) {
    // rand(d0, d1) takes dimensions as separate arguments; Generator methods take one shape.
    std::string shape;
    if (f.producer->size == SizeFrom::Varargs) {
      std::vector<std::string> dims;
      for_each_named_child(f.args, [&](TSNode a) {
        if (!is(a, Kind::Comment)) dims.emplace_back(ctx.text_of(a));
        return true;
      });
      shape = dims.size() == 1 ? dims[0] : "(" + fmt::format("{}", fmt::join(dims, ", ")) + ")";
    } else {
      shape = std::string(ctx.text_of(argument(f.args, f.producer->size_pos, f.producer->size_kw, ctx.text())));
    }
    auto rng = numpy_attribute(ctx, callee, "random.default_rng()");
    auto np_float32 = numpy_attribute(ctx, callee, "float32");
    if (rng && np_float32) {
      std::string replacement = fmt::format("{}.{}({}, dtype={})", *rng, method, shape, *np_float32);
      fix = Fix{fmt::format("Use `{}` (a different random stream)", replacement), Applicability::DisplayOnly,
                {Edit{ts_node_start_byte(call), ts_node_end_byte(call), replacement}}};
    }
  }
  if (!fix)
    fix = Fix{"Draw with `np.random.default_rng()`; `rng.random` and `rng.standard_normal` accept `dtype=np.float32`",
              Applicability::DisplayOnly, {}};
  if (method.empty()) {
    // np.random.normal/uniform: the Generator's methods of the same name take no dtype either.
    std::string_view name = std::string_view(q).substr(q.rfind('.') + 1);
    ctx.report(kInfo, call,
               fmt::format("`{}` always returns float64{}; the legacy random API has no dtype, nor has the "
                           "Generator's `{}`: draw with a `np.random.default_rng()` Generator's "
                           "`standard_normal`/`random(..., dtype=np.float32)` and scale to halve it{}",
                           shown, size, name, half),
               std::move(fix), bytes);
    return;
  }
  ctx.report(kInfo, call,
             fmt::format("`{}` always returns float64{}; the legacy random API has no dtype, use a "
                         "`np.random.default_rng()` Generator with `dtype=np.float32` to halve it{}",
                         shown, size, half),
             std::move(fix), bytes);
}

}  // namespace pml
