#include "rules/multiprocessing/pool_uses_every_cpu.h"

#include <fmt/format.h>

#include "analyzer/semantic.h"
#include "analyzer/values.h"
#include "rules/multiprocessing/parallelism.h"

namespace pml {

namespace {

const RuleInfo kInfo{
    "MEM501",
    "pool-uses-every-cpu",
    "Process pool sized to every CPU of the machine",
    FixAvailability::DisplayOnly,
    true,
    {
        R"(Finds process pools whose size is the machine's CPU count: `multiprocessing.Pool()`,
`Pool(None)`, `Pool(processes=None)`, `Pool(os.cpu_count())` (also `multiprocessing.cpu_count()`,
`os.process_cpu_count()`, `len(os.sched_getaffinity(0))` and a name bound once to one of them),
the same through `multiprocessing.get_context(...).Pool`, `ProcessPoolExecutor()` /
`max_workers=None` / `max_workers=os.cpu_count()`, and `joblib.Parallel(n_jobs=-1)` with a
process backend (the default loky, or "multiprocessing"). Thread pools (`ThreadPool`,
`multiprocessing.dummy.Pool`, `ThreadPoolExecutor`, joblib with `prefer="threads"`,
`backend="threading"` or `require="sharedmem"`) are not reported: threads share one heap.)",
        R"(Each worker process holds its own copy of everything it touches: the task's arguments,
what it loads, what it computes, and under fork the pages of the parent's heap that reference
counting dirties. With one worker per CPU, peak memory is the per-worker footprint times the
core count, so a script that fits on an 8-core laptop runs out of memory on a 64-core server.
The number of workers should follow the memory each one needs, not the core count.)",
        R"(import multiprocessing as mp

with mp.Pool() as pool:
    results = pool.map(score, paths))",
        R"(import multiprocessing as mp
import os

WORKERS = int(os.environ.get("SCORE_WORKERS", "4"))  # sized for the memory per worker

with mp.Pool(processes=WORKERS) as pool:
    results = pool.map(score, paths))",
        R"(Display-only: the right number of workers depends on the memory each needs and on the
machine, so pymemlint names the parameter (`processes=`, `max_workers=`, `n_jobs=`) and changes
nothing.)",
        R"(None.)",
        R"(https://docs.python.org/3/library/multiprocessing.html#multiprocessing.pool.Pool
https://docs.python.org/3/library/concurrent.futures.html#processpoolexecutor
https://joblib.readthedocs.io/en/stable/generated/joblib.Parallel.html)",
    }};

constexpr Kind kKinds[] = {Kind::Call};

bool has_unpacking(TSNode args) {
  for (uint32_t i = 0; i < named_child_count(args); ++i) {
    Kind k = kind_of(named_child(args, i));
    if (k == Kind::ListSplat || k == Kind::DictionarySplat) return true;
  }
  return false;
}

}  // namespace

const RuleInfo& PoolUsesEveryCpu::info() const { return kInfo; }
std::span<const Kind> PoolUsesEveryCpu::kinds() const { return kKinds; }
std::span<const std::string_view> PoolUsesEveryCpu::needs_text() const { return mp::kParallelModules; }

void PoolUsesEveryCpu::check(TSNode call, Context& ctx) const {
  const Producer* p = ctx.values().producer_of(call, ctx.scope());
  if (!p) return;
  TSNode args = child_by_field(call, Field::Arguments);
  if (!is(args, Kind::ArgumentList) || has_unpacking(args)) return;

  std::string_view param;
  std::string_view default_size;
  bool joblib = p->qualified == "joblib.Parallel";
  if (joblib) {
    if (mp::joblib_workers(call, ctx) != mp::Workers::Processes) return;
    param = "n_jobs";
  } else if (mp::workers_of(p) == mp::Workers::Processes) {
    param = p->kind == ValueKind::Pool ? "processes" : "max_workers";
    default_size = "the number of CPUs";
  } else {
    return;
  }

  TSNode size = argument(args, 0, param, ctx.text());
  std::string why;
  if (joblib) {
    // n_jobs=None means one worker (outside a parallel_config context); -1 means every CPU.
    if (ts_node_is_null(size)) return;
    auto n = ctx.model().constant_int(size, ctx.scope());
    if (n && *n == -1) {
      why = "`n_jobs=-1`";
    } else if (mp::counts_every_cpu(size, ctx.scope(), ctx)) {
      why = fmt::format("`n_jobs={}`", mp::shorten(ctx.text_of(size)));
    } else {
      return;
    }
  } else if (ts_node_is_null(size)) {
    why = fmt::format("no `{}`: it defaults to {}", param, default_size);
  } else if (is(strip_parens(size), Kind::None)) {
    why = fmt::format("`{}=None` means {}", param, default_size);
  } else if (mp::counts_every_cpu(size, ctx.scope(), ctx)) {
    why = fmt::format("`{}={}`", param, mp::shorten(ctx.text_of(size)));
  } else {
    return;
  }

  TSNode callee = child_by_field(call, Field::Function);
  ctx.report(kInfo, call,
             fmt::format("`{}(...)` starts one worker process per CPU ({}); each holds its own copy of what it touches, so "
                         "peak memory grows with the core count: pass an explicit, configurable `{}=`",
                         mp::shorten(ctx.text_of(callee)), why, param),
             Fix{fmt::format("Pass `{}=` sized for the memory each worker needs (for example from a setting or an "
                             "environment variable)",
                             param),
                 Applicability::DisplayOnly,
                 {}});
}

}  // namespace pml
