#include "rules/loading/npy_load_without_mmap.h"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

#include "analyzer/semantic.h"
#include "analyzer/values.h"
#include "rules/rule_util.h"

namespace pml {

namespace {

const RuleInfo kInfo{
    "MEM601",
    "npy-load-without-mmap",
    "A `.npy` array loaded into memory although it is only read",
    FixAvailability::Always,
    true,
    {
        R"(Finds `np.load(path)` of a `.npy` file, without `mmap_mode`, whose array is only read:
indexed, sliced, reduced, used as an operand or its metadata (`.shape`, `.dtype`) read. The path
must be known to name a `.npy` file: a string literal ending in `.npy`, a name bound once to one,
or an f-string, `+` concatenation, `/` join, `%`/`.format` template or `os.path.join` whose last
literal part ends in `.npy`. `.npz` archives cannot be memory-mapped and are never reported;
neither are unknown paths, calls passing `allow_pickle` (object arrays cannot be mapped) or
`**kwargs`, nor arrays that are written in place anywhere (`x[i] = v`, `x += 1`, `x.sort()`,
`x.fill()`, `out=x`, `np.copyto(x, ...)`), including through a view or another name
(`v = x[:10]; v[0] = 1`, `for row in x: row[0] = 1`).)",
        R"(`np.load` reads the whole file into a new array. With `mmap_mode="r"` it maps the file
instead: only the pages that are touched are read, they live in the operating system's page
cache (shared, reclaimable) rather than in the process's private memory, and reading `.shape`
reads nothing but the header. For a large array of which a slice, a column or the metadata is
used, the peak drops by the size of the array.)",
        R"(import numpy as np


def mean_of_first_rows(n):
    x = np.load("features.npy")
    return x[:n].mean(axis=0))",
        R"(import numpy as np


def mean_of_first_rows(n):
    x = np.load("features.npy", mmap_mode="r")
    return x[:n].mean(axis=0))",
        R"(The fix adds `mmap_mode="r"`. The array becomes a read-only `np.memmap`; reads give the same
values, and results computed from it are ordinary arrays. The fix is safe when every use of the
array, followed through names and views, only reads it and nothing else can reach it. It is
unsafe when the array escapes (returned, stored, passed to a function that is not known to only
read, captured by a nested function, bound at module level or bound twice): a write through that
path would raise `ValueError: assignment destination is read-only`. It is also unsafe when the
type can be seen (`repr(x)` prints `memmap(...)`, `type(x)`), when the path is built at run time,
when the file name appears elsewhere in the file, or when a call other than a builtin, a numpy
function that writes no file or an array's method runs between the load and the array's last
read (through to the end of a loop that reads it again): a memory map reads the file lazily, so
rewriting the file while the array is in use changes or breaks it (a truncated file kills the
process with SIGBUS; on Windows the rewrite fails).)",
        R"(None.)",
        R"(https://numpy.org/doc/stable/reference/generated/numpy.load.html
https://numpy.org/doc/stable/reference/generated/numpy.memmap.html)",
    },
    /*unknown_sizes_in_tests=*/false};

constexpr Kind kKinds[] = {Kind::Call};

// What is known about the path argument.
struct NpyPath {
  bool npy = false;         // names a .npy file
  bool fixed = false;       // a literal known in full (else built at run time)
  std::string literal;      // the literal's text, when fixed
  std::string not_fixed;    // why the safe fix cannot vouch for the file
};

bool ends_with_npy(std::string_view s) { return s.size() >= 4 && s.substr(s.size() - 4) == ".npy"; }

// The trailing literal text of a string node and whether it interpolates anything. Empty when the
// string ends with an interpolation.
std::string_view trailing_literal(TSNode s, std::string_view text, bool* interpolated) {
  *interpolated = false;
  std::string_view last;
  for (uint32_t i = 0; i < ts_node_child_count(s); ++i) {
    TSNode c = ts_node_child(s, i);
    std::string_view type = ts_node_type(c);
    if (type == "interpolation") {
      *interpolated = true;
      last = {};
    } else if (type == "string_content") {
      last = node_text(c, text);
    }
  }
  return last;
}

NpyPath classify_path(TSNode p, const Context& ctx, int depth) {
  NpyPath out;
  p = strip_parens(p);
  if (ts_node_is_null(p) || depth > 4) return out;
  switch (kind_of(p)) {
    case Kind::String: {
      bool interpolated = false;
      std::string_view lit = trailing_literal(p, ctx.text(), &interpolated);
      if (!ends_with_npy(lit)) return out;
      out.npy = true;
      out.fixed = !interpolated;
      if (out.fixed) out.literal = std::string(lit);
      else out.not_fixed = "the path is built at run time";
      return out;
    }
    case Kind::ConcatenatedString: {
      uint32_t n = named_child_count(p);
      if (n == 0) return out;
      out = classify_path(named_child(p, n - 1), ctx, depth + 1);
      if (out.npy) {
        out.fixed = false;
        out.not_fixed = "the path is built from several literals";
      }
      return out;
    }
    case Kind::BinaryOperator: {
      std::string_view op = ctx.text_of(child_by_field(p, Field::Operator));
      TSNode side = op == "%" ? child_by_field(p, Field::Left)
                    : (op == "+" || op == "/") ? child_by_field(p, Field::Right)
                                               : TSNode{};
      if (ts_node_is_null(side)) return out;
      NpyPath part = classify_path(side, ctx, depth + 1);
      if (!part.npy || !is(strip_parens(side), Kind::String)) return out;
      out.npy = true;
      out.not_fixed = "the path is built at run time";
      return out;
    }
    case Kind::Call: {
      TSNode fn = child_by_field(p, Field::Function);
      TSNode args = child_by_field(p, Field::Arguments);
      if (!is(args, Kind::ArgumentList)) return out;
      TSNode literal{};
      if (is(fn, Kind::Attribute) && ctx.text_of(child_by_field(fn, Field::AttributeField)) == "format") {
        literal = strip_parens(child_by_field(fn, Field::Object));  // "{}.npy".format(name)
      } else if (ctx.qualified_name(fn) == "os.path.join") {
        uint32_t n = named_child_count(args);
        for (uint32_t i = 0; i < n; ++i) {
          Kind k = kind_of(named_child(args, i));
          if (k == Kind::ListSplat || k == Kind::KeywordArgument || k == Kind::DictionarySplat) return out;
        }
        if (n > 0) literal = strip_parens(named_child(args, n - 1));
      }
      if (!is(literal, Kind::String) || !classify_path(literal, ctx, depth + 1).npy) return out;
      out.npy = true;
      out.not_fixed = "the path is built at run time";
      return out;
    }
    case Kind::Identifier: {
      const SemanticModel& model = ctx.model();
      int32_t b = model.binding_of_node(p);
      if (b < 0) return out;
      const Binding& binding = model.bindings()[b];
      if (binding.kind != BindingKind::Assignment || ts_node_is_null(binding.value) ||
          model.bindings_of(binding.name, binding.scope).size() != 1)
        return out;
      out = classify_path(binding.value, ctx, depth + 1);
      if (!out.npy || !out.fixed) return out;
      // The file is not rewritten through this name: every read of it is np.load's path.
      for (uint32_t id : model.references_of(static_cast<uint32_t>(b))) {
        const Reference& r = model.references()[id];
        TSNode call = parent_of(r.parent);
        bool load_path = is(r.parent, Kind::ArgumentList) && is(call, Kind::Call) &&
                         model.qualified_name(child_by_field(call, Field::Function), r.scope) == "numpy.load" &&
                         ts_node_eq(named_child(r.parent, 0), r.node);
        if (!load_path) {
          out.fixed = false;
          out.not_fixed = fmt::format("`{}` is also used elsewhere", binding.name);
          break;
        }
      }
      return out;
    }
    default:
      return out;
  }
}

// The name the call's result is assigned to (`x = np.load(...)`), or empty.
std::string_view assigned_name(TSNode call, const Context& ctx) {
  TSNode p = parent_of(call);
  while (is(p, Kind::ParenthesizedExpression)) p = parent_of(p);
  if (!is(p, Kind::Assignment)) return {};
  TSNode left = child_by_field(p, Field::Left);
  return is(left, Kind::Identifier) ? ctx.text_of(left) : std::string_view{};
}

// Builtins that cannot reach a file.
bool harmless_builtin(std::string_view name) {
  static constexpr std::string_view kNames[] = {
      "abs",   "all",    "any",   "bool",    "dict",  "divmod",     "enumerate", "filter", "float", "format",
      "hash",  "id",     "int",   "isinstance", "issubclass", "iter", "len", "list", "map", "max",
      "min",   "next",   "pow",   "print",   "range", "reversed",   "round",     "set",    "slice", "sorted",
      "str",   "sum",    "tuple", "type",    "zip"};
  return std::find(std::begin(kNames), std::end(kNames), name) != std::end(kNames);
}

// numpy functions that write files (one of them could be the mapped one).
bool numpy_writer(std::string_view qualified) {
  return qualified == "numpy.save" || qualified == "numpy.savez" || qualified == "numpy.savez_compressed" ||
         qualified == "numpy.savetxt" || qualified == "numpy.memmap" || qualified.starts_with("numpy.lib.format");
}

// The first call that runs while the map is in use (after the load, up to the array's last use,
// through to the end of a loop that reads it again) and may rewrite the file: anything but a
// builtin, a numpy function that writes no file, or a method of an array. A map reads the file
// lazily, so a rewrite changes what the array holds or, when it truncates the file, kills the
// process with SIGBUS. Empty when there is none.
std::string call_while_mapped(TSNode load, const std::vector<ArrayUseSite>& uses, Context& ctx) {
  const SemanticModel& model = ctx.model();
  TSNode body = model.scope(ctx.scope()).node;
  uint32_t from = ts_node_end_byte(load), to = from;
  for (const auto& u : uses) {
    uint32_t end = ts_node_end_byte(u.node);
    for (TSNode p = parent_of(u.node); !ts_node_is_null(p) && !ts_node_eq(p, body); p = parent_of(p))
      if ((is(p, Kind::ForStatement) || is(p, Kind::WhileStatement)) && ts_node_start_byte(p) > from)
        end = std::max(end, ts_node_end_byte(p));
    to = std::max(to, end);
  }
  std::string found;
  std::vector<TSNode> stack{body};
  while (!stack.empty() && found.empty()) {
    TSNode c = stack.back();
    stack.pop_back();
    if (ts_node_end_byte(c) <= from || ts_node_start_byte(c) >= to) continue;
    if (!ts_node_eq(c, body) && (is(c, Kind::FunctionDefinition) || is(c, Kind::ClassDefinition) || is(c, Kind::Lambda)))
      continue;  // a body that runs later (its call, if any, is found where it is called)
    if (is(c, Kind::Call) && ts_node_start_byte(c) >= from) {
      TSNode fn = child_by_field(c, Field::Function);
      const std::string& q = ctx.qualified_name(fn);
      bool harmless = false;
      if (q.starts_with("builtins.")) {
        harmless = harmless_builtin(std::string_view(q).substr(9));
      } else if (q.starts_with("numpy.")) {
        harmless = !numpy_writer(q);
      } else if (is(fn, Kind::Attribute)) {
        std::string_view method = ctx.text_of(child_by_field(fn, Field::AttributeField));
        harmless = method != "tofile" && method != "dump" &&
                   ctx.values().of_expression(child_by_field(fn, Field::Object), ctx.scope()).kind == ValueKind::NDArray;
      }
      if (!harmless) found = fmt::format("`{}(...)` runs while the map is in use and may rewrite the file",
                                         ctx.text_of(fn));
    }
    for (uint32_t i = 0; i < named_child_count(c); ++i) stack.push_back(named_child(c, i));
  }
  return found;
}

}  // namespace

const RuleInfo& NpyLoadWithoutMmap::info() const { return kInfo; }
std::span<const Kind> NpyLoadWithoutMmap::kinds() const { return kKinds; }

void NpyLoadWithoutMmap::check(TSNode call, Context& ctx) const {
  TSNode fn = child_by_field(call, Field::Function);
  if (ctx.qualified_name(fn) != "numpy.load") return;
  TSNode args = child_by_field(call, Field::Arguments);
  if (!is(args, Kind::ArgumentList)) return;
  ArgumentShape shape = argument_shape(args);
  if (shape.unpacking) return;  // arguments not visible
  if (!ts_node_is_null(argument(args, -1, "mmap_mode", ctx.text()))) return;
  // allow_pickle: object arrays, which cannot be memory-mapped.
  TSNode pickle = argument(args, -1, "allow_pickle", ctx.text());
  if (!ts_node_is_null(pickle) && !is(strip_parens(pickle), Kind::False)) return;
  if (shape.positional > 1) return;  // mmap_mode given positionally
  NpyPath path = classify_path(argument(args, 0, "file", ctx.text()), ctx, 0);
  if (!path.npy) return;

  std::vector<ArrayUseSite> uses = ctx.values().array_uses(call, ctx.scope());
  const ArrayUseSite* unsafe = nullptr;
  for (const auto& u : uses) {
    if (u.use == ArrayUse::Write) return;  // a read-only map would raise
    if (u.use != ArrayUse::Read && !unsafe) unsafe = &u;
  }

  std::string reason;
  if (unsafe) {
    reason = unsafe->use == ArrayUse::TypeVisible
                 ? unsafe->why + " (`memmap` instead of `array`)"
                 : unsafe->why + "; a write through it would raise on the read-only map";
  } else if (!path.fixed) {
    reason = path.not_fixed + "; the file must not be rewritten while the map is in use";
  } else {
    // The file name mentioned anywhere else in this file (a save, a copy) may rewrite it.
    std::string_view lit = path.literal;
    size_t slash = lit.find_last_of("/\\");
    std::string_view base = slash == std::string_view::npos ? lit : lit.substr(slash + 1);
    size_t first = ctx.text().find(base);
    if (first != std::string_view::npos && ctx.text().find(base, first + 1) != std::string_view::npos)
      reason = fmt::format("`{}` appears elsewhere in this file; the file must not be rewritten while the map is in use",
                           base);
  }

  if (reason.empty()) reason = call_while_mapped(call, uses, ctx);

  std::string_view name = assigned_name(call, ctx);
  std::string who = name.empty() ? std::string("the array") : fmt::format("`{}`", name);
  std::string keyword = "mmap_mode=\"r\"";
  Applicability applicability = reason.empty() ? Applicability::Safe : Applicability::Unsafe;
  std::string title = fmt::format("Pass `{}`", keyword);
  if (!reason.empty()) title += fmt::format(" (unsafe: {})", reason);
  ctx.report(kInfo, call,
             fmt::format("`{}` reads the whole `.npy` array into memory, but {} is {}: pass `{}` to map the file "
                         "and read only the pages that are used",
                         ctx.text_of(fn), who, unsafe ? "never written here" : "only read", keyword),
             Fix{std::move(title), applicability, {append_keyword_argument(args, keyword)},
                 name.empty() ? std::vector<std::string>{} : std::vector<std::string>{ctx.isolation_key(name)}});
}

}  // namespace pml
