#include "rules/multiprocessing/eager_map_over_large_iterable.h"

#include <algorithm>

#include <fmt/format.h>

#include "analyzer/semantic.h"
#include "analyzer/values.h"
#include "rules/multiprocessing/parallelism.h"
#include "rules/rule_util.h"

namespace pml {

namespace {

constexpr std::string_view kChunksize = "chunksize=16";

const RuleInfo kInfo{
    "MEM504",
    "eager-map-over-large-iterable",
    "Pool.map over a lazy or large iterable, or whose results are read once",
    FixAvailability::Sometimes,
    true,
    {
        R"(Finds `Pool.map`/`Pool.starmap` (process and thread pools alike) over a generator, a lazy
iterator (`map`, `zip`, `filter`, `enumerate`, `iter`), a file, or a large list or
comprehension, and `Pool.map` whose result is read exactly once by a `for` loop
(`for r in pool.map(f, xs):`, or `results = pool.map(f, xs)` whose only use is the next loop's
iterable in the same block). Also `Executor.map` over a generator, iterator, file or large list.)",
        R"(`Pool.map` first turns an iterable without `len()` into a list, then builds the whole
result list and returns only when every task is done: the inputs and all results are in memory
together, even when the caller reads each result once and drops it. `Pool.imap` consumes the
input as workers take it and hands each result over as it arrives, so only a few are alive at
a time. `Executor.map` submits a task for every input item before yielding anything, so a
generator's items and their results are all held until they are consumed.)",
        R"(import multiprocessing as mp

with mp.Pool(4) as pool:
    for record in pool.map(parse, open("events.jsonl")):
        store(record))",
        R"(import multiprocessing as mp

with mp.Pool(4) as pool:
    for record in pool.imap(parse, open("events.jsonl"), chunksize=16):
        store(record))",
        R"(The fix renames `map` to `imap` and adds `chunksize=16` when `map` had no chunksize
(`imap` defaults to one task per message; an explicit integer chunksize is kept). It is offered
when the result is read exactly once by a `for` loop inside the pool's `with` block (or before
any `terminate()` of an assigned pool): the results and their order are the same. It is always
unsafe, because a task that raises does so when the loop reaches its result, after the loop body
has run for the results before it, where `map` raises before the loop starts, and no task can be
shown never to raise. The title names a stronger reason when there is one: the loop body contains
`break`, `return`, `raise` or `yield` (leaving early terminates the pool with tasks that `map`
would have finished), the loop body reads a name the tasks are built from (`imap` pickles later
tasks while the loop runs), statements stand between `results = pool.map(...)` and its loop (they
would run while tasks still run), the explicit chunksize is not an integer constant (`imap`
rejects `None`), the pool is not a local name, or the result name is module-level or the scope is
dynamic. It is display-only when the result is discarded (advised: iterate `imap_unordered` and
drop each result as it comes), when the result is used in any other way, when the loop runs after
the pool is closed or joined (`join()` waits for every task, so `imap` would hold every result
too), for `starmap` (there is no `istarmap`: wrap the function to take one tuple and use `imap`)
and for `Executor.map` (submit in bounded batches, or pass `buffersize=` on Python 3.14 and
later).)",
        R"(`min-bytes`: lists whose size is known statically and smaller than this are not large
(default 1 MiB).)",
        R"(https://docs.python.org/3/library/multiprocessing.html#multiprocessing.pool.Pool.imap
https://docs.python.org/3/library/concurrent.futures.html#concurrent.futures.Executor.map)",
    },
    /*unknown_sizes_in_tests=*/false};

constexpr Kind kKinds[] = {Kind::Call};

// How the results of the map call are consumed when a single `for` loop reads them once.
struct Consumer {
  TSNode loop{};            // the for statement
  int32_t name = -1;        // the binding holding the result, when it goes through a name
  bool same_block = true;   // the loop is a later statement of the assignment's block
  bool adjacent = true;     // ... and the very next one
};

std::optional<Consumer> consumed_once(TSNode call, const Context& ctx) {
  TSNode parent = parent_of(call);
  if (is(parent, Kind::ForStatement) && ts_node_eq(child_by_field(parent, Field::Right), call))
    return Consumer{parent, -1, true};
  if (!is(parent, Kind::Assignment) || !ts_node_eq(child_by_field(parent, Field::Right), call)) return std::nullopt;
  TSNode left = child_by_field(parent, Field::Left);
  TSNode statement = parent_of(parent);
  if (!is(left, Kind::Identifier) || !is(statement, Kind::ExpressionStatement)) return std::nullopt;
  int32_t b = ctx.model().binding_of_node(left);
  if (b < 0) return std::nullopt;
  const auto& refs = ctx.model().references_of(static_cast<uint32_t>(b));
  if (refs.size() != 1) return std::nullopt;
  const Reference& ref = ctx.model().references()[refs[0]];
  // The one read is the iterable of a for statement of the same scope that runs once per
  // assignment: no loop encloses one of them and not the other.
  if (!is(ref.parent, Kind::ForStatement) || ref.field != Grammar::get().field(Field::Right)) return std::nullopt;
  if (ref.scope != ctx.model().bindings()[b].scope) return std::nullopt;
  if (!ts_node_eq(mp::repetition(ref.parent), mp::repetition(statement))) return std::nullopt;
  TSNode next = ts_node_next_named_sibling(statement);
  while (is(next, Kind::Comment)) next = ts_node_next_named_sibling(next);
  return Consumer{ref.parent, b, ts_node_eq(parent_of(ref.parent), parent_of(statement)),
                  ts_node_eq(next, ref.parent)};
}

enum class PoolState { Open, Closed, Joined, Unknown };

// Whether the pool is still open while `loop` reads the results of `call`.
PoolState pool_state(TSNode receiver, TSNode call, TSNode loop, const Context& ctx) {
  receiver = strip_parens(receiver);
  if (!is(receiver, Kind::Identifier)) return PoolState::Unknown;
  int32_t b = ctx.model().binding_of_node(receiver);
  if (b < 0) return PoolState::Unknown;
  const Binding& binding = ctx.model().bindings()[b];
  if (binding.kind == BindingKind::WithTarget) {
    // `with Pool() as pool:` terminates the pool when the block ends.
    TSNode with = mp::ancestor_in_scope(binding.node, Kind::WithStatement);
    if (ts_node_is_null(with) || !mp::within(loop, child_by_field(with, Field::Body))) return PoolState::Closed;
  } else if (binding.kind != BindingKind::Assignment) {
    return PoolState::Unknown;
  }
  uint32_t from = ts_node_start_byte(call), to = ts_node_end_byte(loop);
  for (uint32_t r : ctx.model().references_of(static_cast<uint32_t>(b))) {
    const Reference& ref = ctx.model().references()[r];
    uint32_t at = ts_node_start_byte(ref.node);
    if (is(ref.parent, Kind::Attribute) && at > from && at < to) {
      std::string_view method = ctx.text_of(child_by_field(ref.parent, Field::AttributeField));
      if (method == "terminate") return PoolState::Closed;
      // join() waits for every task: imap would then hold every result too.
      if (method == "join" && at < ts_node_start_byte(loop)) return PoolState::Joined;
    }
    if (is(ref.parent, Kind::WithItem)) {
      // `with pool:` also terminates it at the end of the block.
      TSNode with = mp::ancestor_in_scope(ref.node, Kind::WithStatement);
      if (!ts_node_is_null(with) && mp::within(call, with) && !mp::within(loop, with)) return PoolState::Closed;
    }
  }
  return PoolState::Open;
}

// A statement in the loop body that leaves the loop (or suspends it) before every result is read.
std::optional<std::string_view> early_exit(TSNode loop) {
  TSNode body = child_by_field(loop, Field::Body);
  struct Item {
    TSNode node;
    bool nested_loop;
  };
  std::vector<Item> stack{{body, false}};
  while (!stack.empty()) {
    auto [n, nested] = stack.back();
    stack.pop_back();
    Kind k = kind_of(n);
    if (k == Kind::FunctionDefinition || k == Kind::ClassDefinition || k == Kind::Lambda) continue;
    if (k == Kind::BreakStatement && !nested) return "break";
    if (k == Kind::ReturnStatement) return "return";
    if (k == Kind::RaiseStatement) return "raise";
    if (k == Kind::Yield) return "yield";
    if (k == Kind::Await) return "await";
    bool loop = k == Kind::ForStatement || k == Kind::WhileStatement;
    TSNode loop_body = loop ? child_by_field(n, Field::Body) : TSNode{};
    for (uint32_t i = named_child_count(n); i-- > 0;) {
      TSNode c = named_child(n, i);
      // A `break` in a nested loop's body leaves that loop only; in its `else` it leaves ours.
      stack.push_back({c, nested || (loop && ts_node_eq(c, loop_body))});
    }
  }
  return std::nullopt;
}

// The bindings of data names read in `n`'s subtree (not imports, functions or classes).
void data_bindings(TSNode n, const Context& ctx, std::vector<int32_t>& out) {
  std::vector<TSNode> stack{n};
  while (!stack.empty()) {
    TSNode c = stack.back();
    stack.pop_back();
    if (is(c, Kind::Identifier)) {
      int32_t b = ctx.model().binding_of_node(c);
      if (b < 0) continue;
      BindingKind k = ctx.model().bindings()[b].kind;
      if (k != BindingKind::Import && k != BindingKind::FromImport && k != BindingKind::FunctionDef &&
          k != BindingKind::ClassDef)
        out.push_back(b);
      continue;
    }
    for (uint32_t i = 0; i < named_child_count(c); ++i) stack.push_back(named_child(c, i));
  }
}

// A name the map call builds its tasks from that the loop body also reads (and may change):
// with `imap`, tasks are built while the loop runs.
std::optional<std::string_view> shared_with_body(TSNode args, TSNode loop, const Context& ctx) {
  std::vector<int32_t> inputs, body;
  data_bindings(args, ctx, inputs);
  data_bindings(child_by_field(loop, Field::Body), ctx, body);
  for (int32_t b : body)
    if (std::find(inputs.begin(), inputs.end(), b) != inputs.end()) return ctx.model().bindings()[b].name;
  return std::nullopt;
}

// `chunksize=16` as a new last argument; in a call laid out one argument per line with a trailing
// comma, on its own line with the last argument's indentation.
Edit add_chunksize(TSNode args, const Context& ctx) {
  TSNode last{};
  for (uint32_t i = 0; i < named_child_count(args); ++i)
    if (!is(named_child(args, i), Kind::Comment)) last = named_child(args, i);
  std::string_view text = ctx.text();
  if (!ts_node_is_null(last)) {
    size_t p = ts_node_end_byte(last);
    while (p < text.size() && (text[p] == ' ' || text[p] == '\t')) ++p;
    size_t eol = text.find_first_of("\r\n", p);
    if (p < text.size() && text[p] == ',' && eol != std::string_view::npos && eol < ts_node_end_byte(args)) {
      size_t line_start = text.find_last_of("\r\n", ts_node_start_byte(last));
      line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
      size_t indent_end = text.find_first_not_of(" \t", line_start);
      std::string indent(text.substr(line_start, indent_end - line_start));
      return Edit{static_cast<uint32_t>(eol), static_cast<uint32_t>(eol),
                  std::string(ctx.newline()) + indent + std::string(kChunksize) + ","};
    }
  }
  return append_keyword_argument(args, kChunksize);
}

// What makes the input eager to materialize: a generator, iterator, file or large list.
std::optional<std::string> lazy_or_large(TSNode it, const Context& ctx) {
  if (ts_node_is_null(it)) return std::nullopt;
  TSNode n = strip_parens(it);
  ValueFacts f = ctx.values().of_expression(n, ctx.scope());
  if (is(n, Kind::GeneratorExpression)) return std::string("the generator");
  if (f.kind == ValueKind::Iterator) return fmt::format("the lazy iterator `{}`", mp::shorten(ctx.text_of(n)));
  if (f.kind == ValueKind::File) return fmt::format("the file `{}`", mp::shorten(ctx.text_of(n)));
  if ((f.kind == ValueKind::List || f.kind == ValueKind::Set) && f.large) {
    auto b = f.bytes();
    return fmt::format("the large {} `{}`{}", kind_name(f.kind), mp::shorten(ctx.text_of(n)),
                       b ? fmt::format(" ({})", format_bytes(*b)) : std::string());
  }
  return std::nullopt;
}

}  // namespace

const RuleInfo& EagerMapOverLargeIterable::info() const { return kInfo; }
std::span<const Kind> EagerMapOverLargeIterable::kinds() const { return kKinds; }
std::span<const std::string_view> EagerMapOverLargeIterable::needs_text() const { return mp::kParallelModules; }

void EagerMapOverLargeIterable::check(TSNode call, Context& ctx) const {
  TSNode fn = child_by_field(call, Field::Function);
  TSNode args = child_by_field(call, Field::Arguments);
  if (!is(fn, Kind::Attribute) || !is(args, Kind::ArgumentList)) return;
  std::string_view method = ctx.text_of(child_by_field(fn, Field::AttributeField));
  if (method != "map" && method != "starmap") return;
  TSNode receiver = child_by_field(fn, Field::Object);
  ValueFacts pool = ctx.values().of_expression(receiver, ctx.scope());
  bool executor = pool.kind == ValueKind::Executor;
  if (!(pool.kind == ValueKind::Pool || (executor && method == "map"))) return;
  std::string shown = mp::shorten(ctx.text_of(fn));

  if (executor) {
    std::optional<std::string> input;
    for (int i = 1; !input; ++i) {
      TSNode a = argument(args, i, "", ctx.text());
      if (ts_node_is_null(a)) break;
      input = lazy_or_large(a, ctx);
    }
    if (!input) return;
    ctx.report(kInfo, call,
               fmt::format("`{}` submits a task for every item of {} before yielding a result: all inputs and "
                           "results are held until the loop reads them; submit in bounded batches instead",
                           shown, *input),
               Fix{"Submit in bounded batches (or pass `buffersize=` on Python 3.14 and later)",
                   Applicability::DisplayOnly,
                   {}});
    return;
  }

  std::optional<std::string> input = lazy_or_large(argument(args, 1, "iterable", ctx.text()), ctx);
  std::optional<Consumer> consumer = consumed_once(call, ctx);
  if (!input && !consumer) return;

  std::string what = !input ? fmt::format("`{}` builds the whole result list", shown)
                    : input->rfind("the large list", 0) == 0
                        ? fmt::format("`{}` builds a result list as long as {}", shown, *input)
                        : fmt::format("`{}` turns {} into a list and builds the whole result list", shown, *input);
  std::string recv = mp::shorten(ctx.text_of(receiver));
  auto display_only = [&](std::string_view reason, std::string_view advice) {
    ctx.report(kInfo, call, fmt::format("{}{}; {} ({})", what, consumer ? " before the loop reads the first result" : "",
                                        advice, reason),
               Fix{std::string(advice), Applicability::DisplayOnly, {}});
  };

  if (method == "starmap") {
    display_only("there is no `istarmap`",
                 fmt::format("iterate `{}.imap` over the same tuples with a module-level function that unpacks one "
                             "tuple, in a single loop",
                             recv));
    return;
  }
  if (!consumer && is(parent_of(call), Kind::ExpressionStatement)) {
    // `pool.map(fetch, urls)` for its effects: every result is kept until the last one is done.
    display_only("not rewritten: the result is discarded",
                 fmt::format("iterate `{}.imap_unordered(..., {})` and drop each result as it comes", recv,
                             kChunksize));
    return;
  }
  if (!consumer) {
    display_only("not rewritten: the result is used as a list",
                 fmt::format("if each result can be handled once, iterate `{}.imap(..., {})` in one loop inside the "
                             "pool's block",
                             recv, kChunksize));
    return;
  }
  PoolState state = pool_state(receiver, call, consumer->loop, ctx);
  if (state == PoolState::Closed) {
    display_only("not rewritten: the pool is closed before the loop reads the results, and `imap` needs it open",
                 fmt::format("move the loop into the pool's block and iterate `{}.imap(..., {})`", recv, kChunksize));
    return;
  }
  if (state == PoolState::Joined) {
    display_only("not rewritten: `join()` before the loop waits for every task, so `imap` would hold every result too",
                 fmt::format("read the results with `{}.imap(..., {})` before joining the pool", recv, kChunksize));
    return;
  }
  if (!consumer->same_block) {
    display_only("not rewritten: the loop is in another block than the assignment",
                 fmt::format("iterate `{}.imap(..., {})` in the loop", recv, kChunksize));
    return;
  }
  bool unpacking = false;
  for (uint32_t i = 0; i < named_child_count(args); ++i) {
    Kind k = kind_of(named_child(args, i));
    if (k == Kind::ListSplat || k == Kind::DictionarySplat) unpacking = true;
  }
  if (unpacking) {
    display_only("not rewritten: the arguments are unpacked",
                 fmt::format("iterate `{}.imap(..., {})` in the loop", recv, kChunksize));
    return;
  }

  // The rewrite: map -> imap, keeping an integer chunksize or adding one.
  std::vector<Edit> edits;
  TSNode name = child_by_field(fn, Field::AttributeField);
  edits.push_back(Edit{ts_node_start_byte(name), ts_node_end_byte(name), "imap"});
  std::string unsafe_reason;
  TSNode chunk = argument(args, 2, "chunksize", ctx.text());
  if (ts_node_is_null(chunk)) {
    edits.push_back(add_chunksize(args, ctx));
  } else if (auto v = ctx.model().constant_int(chunk, ctx.scope()); !v || *v < 1) {
    unsafe_reason = "the chunksize may not be a positive integer, which `imap` requires";
  }
  if (!unsafe_reason.empty())
    ;  // keep the first reason
  else if (!consumer->adjacent)
    unsafe_reason = "statements between the assignment and the loop would run while tasks are still running";
  else if (auto name = shared_with_body(args, consumer->loop, ctx))
    unsafe_reason = fmt::format("the loop body reads `{}`, and `imap` builds later tasks from it while the loop runs",
                                *name);
  else if (auto exit = early_exit(consumer->loop))
    unsafe_reason = fmt::format("the loop body can `{}` before every result is read, and the pool then stops tasks "
                                "that `map` would have finished",
                                *exit);
  else if (state == PoolState::Unknown)
    unsafe_reason = "pymemlint cannot tell that the pool stays open while the loop runs";
  else if (consumer->name >= 0 && ctx.model().bindings()[consumer->name].scope == 0)
    unsafe_reason = "the result name is module-level, and another module may import it";
  else if (ctx.model().scope(ctx.scope()).dynamic)
    unsafe_reason = "the scope uses locals()/vars()/eval/exec";
  else  // No task can be shown never to raise.
    unsafe_reason = "a task that raises does so when the loop reaches its result, after the loop body ran for the "
                    "results before it, where `map` raises before the loop starts";

  std::string title = ts_node_is_null(chunk) ? fmt::format("Use `{}.imap(..., {})`", recv, kChunksize)
                                             : fmt::format("Use `{}.imap(...)`", recv);
  Applicability applicability = Applicability::Unsafe;
  title += fmt::format(" (unsafe: {})", unsafe_reason);
  ctx.report(kInfo, call,
             fmt::format("{} before the loop reads the first result; `{}.imap` hands results to the loop as they "
                         "arrive{}",
                         what, recv, unsafe_reason.empty() ? std::string() : " (unsafe: " + unsafe_reason + ")"),
             Fix{std::move(title), applicability, std::move(edits)});
}

}  // namespace pml
