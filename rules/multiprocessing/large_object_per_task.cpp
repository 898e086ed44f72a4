#include "rules/multiprocessing/large_object_per_task.h"

#include <cctype>

#include <fmt/format.h>

#include "analyzer/semantic.h"
#include "analyzer/values.h"
#include "rules/multiprocessing/parallelism.h"

namespace pml {

namespace {

const RuleInfo kInfo{
    "MEM503",
    "large-object-per-task",
    "Large value pickled again for every task of a process pool",
    FixAvailability::DisplayOnly,
    true,
    {
        R"(Finds a large value (a known producer's result, or something computed from one) that
a process pool receives once per task:
- inside every element of a `map`/`imap`/`imap_unordered`/`starmap`/`map_async`/`starmap_async`
  iterable (`[(matrix, i) for i in ...]`, `zip(itertools.repeat(matrix), ...)`,
  `itertools.repeat(matrix)`, `[matrix] * n`, also through a name bound to such an iterable), or
  in an `Executor.map` iterable;
- bound into the task function: `functools.partial(f, matrix)`, or a bound method whose object
  is large (`pool.map(model.predict, chunks)`);
- directly as an argument of `apply_async`/`apply` (`args=`, `kwds=`), `Executor.submit`,
  `multiprocessing.Process(args=...)` or `joblib.delayed(f)(...)` called in a loop or a
  comprehension, the value being bound outside that loop.
Only process pools are reported (`multiprocessing.Pool`, `get_context(...).Pool`,
`ProcessPoolExecutor`, `Process`, joblib's process backends); `ThreadPool`,
`multiprocessing.dummy`, `ThreadPoolExecutor` and joblib threads pickle nothing. joblib already
memory-maps numpy arrays above `max_nbytes` (1 MB by default), so for joblib only lists, dicts
and strings are reported, and arrays and frames too when `max_nbytes=None`.)",
        R"(A process pool sends every task through a pipe: the function and its arguments are
pickled in the parent, copied through the pipe, and unpickled in the worker. A large value that
rides along with each task (or each batch of tasks) is serialized again every time: the parent
holds a pickled copy while sending it, and every worker holds its own unpickled copy, often
several at once. A 3e6-element float64 array costs 24 MB per task this way.)",
        R"(import multiprocessing as mp
import numpy as np

matrix = np.load("matrix.npy")

def score(args):
    matrix, row = args
    return matrix[row].sum()

with mp.Pool(4) as pool:
    totals = pool.map(score, [(matrix, i) for i in range(len(matrix))]))",
        R"(import multiprocessing as mp
import numpy as np

_matrix = None

def init(path):
    global _matrix
    _matrix = np.load(path, mmap_mode="r")  # once per worker, shared pages

def score(row):
    return _matrix[row].sum()

with mp.Pool(4, initializer=init, initargs=("matrix.npy",)) as pool:
    totals = pool.map(score, range(n_rows), chunksize=256))",
        R"(Display-only: pass only the slice each task needs, send the value once per worker with
`initializer=`/`initargs=` (or let workers inherit it under fork), or share arrays through
`multiprocessing.shared_memory` or `np.memmap`. Each changes the task function's signature, so
pymemlint does not rewrite the code.)",
        R"(`min-bytes`: values whose size is known statically and smaller than this are not
reported (default 1 MiB).)",
        R"(https://docs.python.org/3/library/multiprocessing.html#programming-guidelines
https://docs.python.org/3/library/multiprocessing.shared_memory.html
https://joblib.readthedocs.io/en/stable/parallel.html#automated-array-to-memmap-conversion)",
    },
    /*unknown_sizes_in_tests=*/false};

constexpr Kind kKinds[] = {Kind::Call};

// A large value found riding along with tasks.
struct Carrier {
  TSNode value{};  // the expression naming the large value
  ValueFacts facts;
  std::string how;  // why it travels with every task
};

// Which values a call's tasks may carry: for joblib, numpy data is memory-mapped by joblib.
struct Filter {
  bool joblib = false;
  bool joblib_pickles_arrays = false;  // max_nbytes=None
  bool accepts(const ValueFacts& f) const {
    if (!f.large) return false;
    if (!joblib) return true;
    if (f.kind == ValueKind::List || f.kind == ValueKind::Dict || f.kind == ValueKind::Set ||
        f.kind == ValueKind::String)
      return true;
    return joblib_pickles_arrays &&
           (f.kind == ValueKind::NDArray || f.kind == ValueKind::DataFrame || f.kind == ValueKind::Series);
  }
};

// A name bound to a large value, bound outside `outside` (when given).
std::optional<Carrier> large_name(TSNode n, TSNode outside, const Filter& filter, const Context& ctx) {
  n = strip_parens(n);
  if (!is(n, Kind::Identifier)) return std::nullopt;
  int32_t b = ctx.model().binding_of_node(n);
  if (b < 0) return std::nullopt;
  if (!ts_node_is_null(outside) && mp::within(ctx.model().bindings()[b].node, outside)) return std::nullopt;
  ValueFacts f = ctx.values().of_binding(static_cast<uint32_t>(b));
  if (!filter.accepts(f)) return std::nullopt;
  return Carrier{n, f, {}};
}

// A large name among the parts of a task's element or argument tuple: `(matrix, i)`, `[matrix]`,
// `{"m": matrix}`, or the name itself.
std::optional<Carrier> in_parts(TSNode e, TSNode outside, const Filter& filter, const Context& ctx, int depth = 0) {
  e = strip_parens(e);
  if (depth > 3) return std::nullopt;
  if (is(e, Kind::Tuple) || is(e, Kind::List) || is(e, Kind::Dictionary)) {
    for (uint32_t i = 0; i < named_child_count(e); ++i) {
      TSNode c = named_child(e, i);
      if (is(c, Kind::Pair)) c = child_by_field(c, Field::Value);
      if (auto found = in_parts(c, outside, filter, ctx, depth + 1)) return found;
    }
    return std::nullopt;
  }
  return large_name(e, outside, filter, ctx);
}

// A large value inside every element of a map-like iterable.
std::optional<Carrier> in_iterable(TSNode it, const Filter& filter, const Context& ctx, int depth = 0) {
  it = strip_parens(it);
  if (ts_node_is_null(it) || depth > 3) return std::nullopt;
  switch (kind_of(it)) {
    case Kind::ListComprehension:
    case Kind::SetComprehension:
    case Kind::GeneratorExpression:
      if (auto c = in_parts(child_by_field(it, Field::Body), it, filter, ctx)) {
        c->how = "it is in every element of the iterable";
        return c;
      }
      return std::nullopt;
    case Kind::Call: {
      const std::string& q = ctx.qualified_name(child_by_field(it, Field::Function));
      TSNode args = child_by_field(it, Field::Arguments);
      if (!is(args, Kind::ArgumentList)) return std::nullopt;
      if (q == "itertools.repeat") {
        if (auto c = in_parts(argument(args, 0, "object", ctx.text()), TSNode{}, filter, ctx)) {
          c->how = "`itertools.repeat` puts it in every element of the iterable";
          return c;
        }
        return std::nullopt;
      }
      if (q == "builtins.zip" || q == "builtins.enumerate" || q == "builtins.list" || q == "builtins.tuple") {
        std::optional<Carrier> found;
        for_each_named_child(args, [&](TSNode a) {
          if (is(a, Kind::KeywordArgument) || is(a, Kind::Comment)) return true;
          found = in_iterable(a, filter, ctx, depth + 1);
          return !found;
        });
        if (found) return found;
      }
      return std::nullopt;
    }
    case Kind::BinaryOperator: {
      if (ctx.text_of(child_by_field(it, Field::Operator)) != "*") return std::nullopt;
      for (TSNode side : {child_by_field(it, Field::Left), child_by_field(it, Field::Right)}) {
        TSNode s = strip_parens(side);
        if (!is(s, Kind::List) && !is(s, Kind::Tuple)) continue;
        if (auto c = in_parts(s, TSNode{}, filter, ctx)) {
          c->how = "list multiplication puts it in every element of the iterable";
          return c;
        }
      }
      return std::nullopt;
    }
    case Kind::Identifier: {
      // `tasks = [(matrix, i) for i in ...]; pool.map(f, tasks)`
      int32_t b = ctx.model().binding_of_node(it);
      if (b < 0) return std::nullopt;
      const Binding& binding = ctx.model().bindings()[b];
      if (binding.kind != BindingKind::Assignment || ts_node_is_null(binding.value)) return std::nullopt;
      return in_iterable(binding.value, filter, ctx, depth + 1);
    }
    default:
      return std::nullopt;
  }
}

// A large value bound into the task function.
std::optional<Carrier> in_function(TSNode fn, const Filter& filter, const Context& ctx, int depth = 0) {
  fn = strip_parens(fn);
  if (ts_node_is_null(fn) || depth > 3) return std::nullopt;
  if (is(fn, Kind::Call)) {
    if (ctx.qualified_name(child_by_field(fn, Field::Function)) != "functools.partial") return std::nullopt;
    TSNode args = child_by_field(fn, Field::Arguments);
    if (!is(args, Kind::ArgumentList)) return std::nullopt;
    bool first = true;
    std::optional<Carrier> found;
    for_each_named_child(args, [&](TSNode a) {
      if (is(a, Kind::Comment)) return true;
      if (is(a, Kind::KeywordArgument)) a = child_by_field(a, Field::Value);
      else if (first) {
        first = false;  // the wrapped function
        return true;
      }
      found = large_name(a, TSNode{}, filter, ctx);
      return !found;
    });
    if (found) found->how = "`functools.partial` binds it into the task function, which is pickled with every task";
    return found;
  }
  if (is(fn, Kind::Attribute)) {
    TSNode object = strip_parens(child_by_field(fn, Field::Object));
    if (auto c = large_name(object, TSNode{}, filter, ctx)) {
      c->how = fmt::format("the bound method `{}` pickles its object with every task",
                           mp::shorten(ctx.text_of(fn)));
      return c;
    }
    return std::nullopt;
  }
  if (is(fn, Kind::Identifier)) {
    // `work = partial(f, matrix); pool.map(work, ...)`
    int32_t b = ctx.model().binding_of_node(fn);
    if (b < 0) return std::nullopt;
    const Binding& binding = ctx.model().bindings()[b];
    if (binding.kind != BindingKind::Assignment || ts_node_is_null(binding.value)) return std::nullopt;
    TSNode v = strip_parens(binding.value);
    if (!is(v, Kind::Call) && !is(v, Kind::Attribute)) return std::nullopt;
    return in_function(v, filter, ctx, depth + 1);
  }
  return std::nullopt;
}

// A large value passed directly (positional or keyword arguments, an `args=` tuple, a `kwds=`
// dict) to a task created repeatedly inside `loop`, bound outside it.
std::optional<Carrier> in_arguments(const std::vector<TSNode>& values, TSNode loop, const Filter& filter,
                                    const Context& ctx, std::string_view how) {
  for (TSNode v : values) {
    if (ts_node_is_null(v)) continue;
    if (auto c = in_parts(v, loop, filter, ctx)) {
      c->how = how;
      return c;
    }
  }
  return std::nullopt;
}

std::string loop_word(TSNode loop) {
  return is(loop, Kind::ForStatement) || is(loop, Kind::WhileStatement) ? "loop" : "comprehension";
}

enum class Site { Pool, Process, Joblib };

void report(TSNode call, const Carrier& c, std::string_view site, Site kind, Context& ctx) {
  auto bytes = c.facts.bytes();
  std::string size = bytes ? fmt::format(" ({} per task)", format_bytes(*bytes)) : std::string();
  std::string_view advice =
      kind == Site::Pool ? "pass only the slice each task needs, send it once per worker with "
                           "`initializer=`/`initargs=`, or share arrays through `shared_memory`/`np.memmap`"
      : kind == Site::Process ? "pass only the slice each process needs, or share arrays through "
                                "`shared_memory`/`np.memmap`"
                              : "pass only the slice each task needs, or let joblib memory-map it (a numpy array, "
                                "the default `max_nbytes`)";
  std::string_view title =
      kind == Site::Pool ? "Send the value once per worker (`initializer=`/`initargs=`), pass only each task's slice, "
                           "or share it through `multiprocessing.shared_memory` / `np.memmap`"
      : kind == Site::Process ? "Pass only each process's slice, or share it through `multiprocessing.shared_memory` "
                                "/ `np.memmap`"
                              : "Pass only each task's slice, or let joblib memory-map it (a numpy array, the default "
                                "`max_nbytes`)";
  ctx.report(kInfo, call,
             fmt::format("`{}`{} is pickled again for every task of `{}`: {}; each worker holds its own copy. {}{}",
                         mp::shorten(ctx.text_of(c.value)), size, site, c.how,
                         static_cast<char>(std::toupper(static_cast<unsigned char>(advice[0]))), advice.substr(1)),
             Fix{std::string(title), Applicability::DisplayOnly, {}}, bytes);
}

// The joblib.Parallel call that runs the tasks a comprehension builds:
// `Parallel(...)(delayed(f)(x) for x in xs)` or `parallel(...)` with `parallel = Parallel(...)`.
TSNode parallel_running(TSNode comprehension, const Context& ctx) {
  TSNode p = parent_of(comprehension);
  if (is(p, Kind::ArgumentList)) p = parent_of(p);
  if (!is(p, Kind::Call)) return TSNode{};
  TSNode callee = strip_parens(child_by_field(p, Field::Function));
  if (is(callee, Kind::Identifier)) {
    int32_t b = ctx.model().binding_of_node(callee);
    if (b < 0) return TSNode{};
    const Binding& binding = ctx.model().bindings()[b];
    if (binding.kind != BindingKind::Assignment && binding.kind != BindingKind::WithTarget) return TSNode{};
    callee = strip_parens(binding.value);
  }
  if (!is(callee, Kind::Call)) return TSNode{};
  const Producer* prod = ctx.values().producer_of(callee, ctx.scope());
  return prod && prod->qualified == "joblib.Parallel" ? callee : TSNode{};
}

void check_delayed(TSNode call, TSNode delayed_call, Context& ctx) {
  TSNode loop = mp::repetition(call);
  if (ts_node_is_null(loop) || is(loop, Kind::ForStatement) || is(loop, Kind::WhileStatement)) {
    // Tasks collected in a loop run under a Parallel call pymemlint does not see: its backend is unknown.
    return;
  }
  TSNode parallel = parallel_running(loop, ctx);
  if (ts_node_is_null(parallel) || mp::joblib_workers(parallel, ctx) != mp::Workers::Processes) return;
  Filter filter{true, false};
  TSNode pargs = child_by_field(parallel, Field::Arguments);
  TSNode max_nbytes = argument(pargs, 8, "max_nbytes", ctx.text());
  filter.joblib_pickles_arrays = !ts_node_is_null(max_nbytes) && is(strip_parens(max_nbytes), Kind::None);

  TSNode dargs = child_by_field(delayed_call, Field::Arguments);
  if (auto c = in_function(argument(dargs, 0, "function", ctx.text()), filter, ctx)) {
    report(call, *c, "joblib.Parallel", Site::Joblib, ctx);
    return;
  }
  std::vector<TSNode> values;
  TSNode args = child_by_field(call, Field::Arguments);
  for (uint32_t i = 0; is(args, Kind::ArgumentList) && i < named_child_count(args); ++i) {
    TSNode a = named_child(args, i);
    values.push_back(is(a, Kind::KeywordArgument) ? child_by_field(a, Field::Value) : a);
  }
  if (auto c = in_arguments(values, loop, filter, ctx,
                            filter.joblib_pickles_arrays
                                ? "it is an argument of every `delayed` call in the comprehension, and "
                                  "`max_nbytes=None` turns off joblib's memory-mapping of arrays"
                                : "it is an argument of every `delayed` call in the comprehension, and joblib "
                                  "memory-maps only numpy arrays")) {
    report(call, *c, "joblib.Parallel", Site::Joblib, ctx);
  }
}

void check_process(TSNode call, Context& ctx) {
  TSNode fn = strip_parens(child_by_field(call, Field::Function));
  if (is(fn, Kind::Attribute)) {
    // `mp.get_context("fork").Process(...)`: the child inherits the parent's memory, nothing is pickled.
    TSNode ctx_expr = strip_parens(child_by_field(fn, Field::Object));
    if (is(ctx_expr, Kind::Identifier)) {
      int32_t b = ctx.model().binding_of_node(ctx_expr);
      if (b >= 0 && ctx.model().bindings()[b].kind == BindingKind::Assignment)
        ctx_expr = strip_parens(ctx.model().bindings()[b].value);
    }
    if (is(ctx_expr, Kind::Call)) {
      auto method = mp::string_literal(argument(child_by_field(ctx_expr, Field::Arguments), 0, "method", ctx.text()),
                                       ctx.text());
      if (!method || *method == "fork") return;
    }
  }
  TSNode loop = mp::repetition(call);
  if (ts_node_is_null(loop)) return;
  TSNode args = child_by_field(call, Field::Arguments);
  Filter filter;
  std::string how = fmt::format(
      "it is an argument of every process started in the {}, and the spawn and forkserver start methods (the "
      "default on macOS and Windows, and on Linux from Python 3.14) pickle process arguments",
      loop_word(loop));
  if (auto c = in_function(argument(args, 1, "target", ctx.text()), filter, ctx)) {
    c->how = how;
    report(call, *c, "multiprocessing.Process", Site::Process, ctx);
    return;
  }
  if (auto c = in_arguments({argument(args, 3, "args", ctx.text()), argument(args, 4, "kwargs", ctx.text())}, loop,
                            filter, ctx, how))
    report(call, *c, "multiprocessing.Process", Site::Process, ctx);
}

}  // namespace

const RuleInfo& LargeObjectPerTask::info() const { return kInfo; }
std::span<const Kind> LargeObjectPerTask::kinds() const { return kKinds; }
std::span<const std::string_view> LargeObjectPerTask::needs_text() const { return mp::kParallelModules; }

void LargeObjectPerTask::check(TSNode call, Context& ctx) const {
  TSNode fn = strip_parens(child_by_field(call, Field::Function));
  TSNode args = child_by_field(call, Field::Arguments);
  if (!is(args, Kind::ArgumentList)) return;

  if (is(fn, Kind::Call)) {
    const Producer* p = ctx.values().producer_of(fn, ctx.scope());
    if (p && p->qualified == "joblib.delayed") check_delayed(call, fn, ctx);
    return;
  }
  if (const Producer* p = ctx.values().producer_of(call, ctx.scope()); p && p->qualified == "multiprocessing.Process") {
    check_process(call, ctx);
    return;
  }
  if (!is(fn, Kind::Attribute)) return;
  ValueFacts pool = ctx.values().of_expression(child_by_field(fn, Field::Object), ctx.scope());
  if ((pool.kind != ValueKind::Pool && pool.kind != ValueKind::Executor) ||
      mp::workers_of(pool.producer) != mp::Workers::Processes)
    return;
  std::string_view method = ctx.text_of(child_by_field(fn, Field::AttributeField));
  std::string site = mp::shorten(ctx.text_of(fn));
  Filter filter;
  bool executor = pool.kind == ValueKind::Executor;

  bool map_like = executor ? method == "map"
                           : (method == "map" || method == "imap" || method == "imap_unordered" ||
                              method == "starmap" || method == "map_async" || method == "starmap_async");
  if (map_like) {
    if (auto c = in_function(argument(args, 0, executor ? "fn" : "func", ctx.text()), filter, ctx)) {
      report(call, *c, site, Site::Pool, ctx);
      return;
    }
    std::vector<TSNode> iterables;
    if (executor) {
      for (int i = 1;; ++i) {
        TSNode a = argument(args, i, "", ctx.text());
        if (ts_node_is_null(a)) break;
        iterables.push_back(a);
      }
    } else {
      iterables.push_back(argument(args, 1, "iterable", ctx.text()));
    }
    for (TSNode it : iterables)
      if (auto c = in_iterable(it, filter, ctx)) {
        report(call, *c, site, Site::Pool, ctx);
        return;
      }
    return;
  }

  bool submit_like = executor ? method == "submit" : (method == "apply_async" || method == "apply");
  if (!submit_like) return;
  TSNode loop = mp::repetition(call);
  if (ts_node_is_null(loop)) return;  // one task: its arguments are sent once
  std::string how = fmt::format("it is an argument of every task submitted in the {}", loop_word(loop));
  if (auto c = in_function(argument(args, 0, executor ? "" : "func", ctx.text()), filter, ctx)) {
    c->how = how + " (bound into the function)";
    report(call, *c, site, Site::Pool, ctx);
    return;
  }
  std::vector<TSNode> values;
  if (executor) {
    bool first = true;  // the function
    for_each_named_child(args, [&](TSNode a) {
      if (is(a, Kind::Comment) || is(a, Kind::ListSplat) || is(a, Kind::DictionarySplat)) return true;
      if (is(a, Kind::KeywordArgument)) values.push_back(child_by_field(a, Field::Value));
      else if (!first) values.push_back(a);
      first = false;
      return true;
    });
  } else {
    values = {argument(args, 1, "args", ctx.text()), argument(args, 2, "kwds", ctx.text())};
  }
  if (auto c = in_arguments(values, loop, filter, ctx, how)) report(call, *c, site, Site::Pool, ctx);
}

}  // namespace pml
