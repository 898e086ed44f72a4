// Helpers shared by the MEM5xx rules: whether a pool runs its tasks in processes or threads, how
// many workers a call asks for, and where a task is created repeatedly. What a name means comes
// from the value facts (analyzer/values); these helpers only read them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "analyzer/rule.h"
#include "analyzer/values.h"

namespace pml::mp {

enum class Workers { Unknown, Processes, Threads };

// The modules every pool, executor, manager and joblib call comes from: a MEM5xx rule has nothing
// to report in a file that names none of them (Rule::needs_text).
inline constexpr std::string_view kParallelModules[] = {"multiprocessing", "concurrent", "joblib"};

// Whether the pool or executor a producer creates runs tasks in worker processes (each task's
// arguments are pickled) or in threads of this process (nothing is pickled). Unknown for
// anything that is not a pool or executor (joblib.Parallel: see joblib_workers).
Workers workers_of(const Producer* producer);

// For a `joblib.Parallel(...)` call: Threads when `prefer="threads"`, `backend="threading"` or
// `require="sharedmem"`; Processes for the default backend (loky) and "loky"/"multiprocessing";
// Unknown for any other backend or arguments that are not literals.
Workers joblib_workers(TSNode parallel_call, const Context& ctx);

// The text of a plain string literal ("spawn", 'threads'), or nullopt.
std::optional<std::string_view> string_literal(TSNode n, std::string_view text);

// Whether `expr` counts every CPU: `os.cpu_count()`, `multiprocessing.cpu_count()`,
// `os.process_cpu_count()`, `joblib.cpu_count()`, `psutil.cpu_count()`,
// `len(os.sched_getaffinity(0))`, `X or 1` of those, or a name bound once to one of them.
bool counts_every_cpu(TSNode expr, uint32_t scope, const Context& ctx, int depth = 0);

// The innermost construct that runs `node` repeatedly inside its function or module: a `for` or
// `while` statement whose body holds it, or a comprehension whose element or condition holds it
// (not its first iterable, which runs once). Null when there is none.
TSNode repetition(TSNode node);

// Whether `node` lies within `outer`'s byte range.
bool within(TSNode node, TSNode outer);

// The nearest ancestor of `node` of kind `k`, stopping at function, lambda and class boundaries;
// null when there is none.
TSNode ancestor_in_scope(TSNode node, Kind k);

// `text` shortened for a message: the first line, at most `max` bytes, with "..." when cut.
std::string shorten(std::string_view text, size_t max = 40);

}  // namespace pml::mp
