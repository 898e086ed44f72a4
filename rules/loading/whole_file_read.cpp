#include "rules/loading/whole_file_read.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/semantic.h"
#include "analyzer/source.h"
#include "analyzer/values.h"

namespace pml {

namespace {

const RuleInfo kInfo{
    "MEM602",
    "whole-file-read",
    "A whole file read into memory only to be iterated line by line",
    FixAvailability::Sometimes,
    true,
    {
        R"(Finds loops over a file's lines that first read the whole file: `for line in f.readlines():`,
`for line in f.read().splitlines():` (also inside `enumerate(...)` and as the first `for` of a
list, set or dict comprehension), `lines = f.readlines()` (or `f.read().splitlines()`) whose list
is used by exactly one loop that directly follows it in the same block and nowhere else, and
`text = f.read()` whose only use is `text.splitlines()` iterated by such a loop. `f` must be a
file by the value facts (`open`, `io.open`, the `gzip`/`bz2`/`lzma` files, directly or through
`with ... as f` / `f = open(...)`).
Not reported when the file is closed before the loop (the `with` block ended, `f.close()`),
when the list is indexed, measured, sliced or used again, when `readlines`/`read` get a size
argument, or when the iterable is a generator expression (it would read the file later).)",
        R"(`readlines()` builds a list holding every line of the file, and `read().splitlines()` holds the
whole text and then the list of its lines, before the first iteration. Iterating the file object
reads one buffered line at a time, so the loop's memory no longer grows with the file.)",
        R"(def count_errors(path):
    errors = 0
    with open(path) as f:
        for line in f.readlines():
            if "ERROR" in line:
                errors += 1
    return errors)",
        R"(def count_errors(path):
    errors = 0
    with open(path) as f:
        for line in f:
            if "ERROR" in line:
                errors += 1
    return errors)",
        R"(For `readlines()` the fix iterates the file instead: the same lines with the same line endings.
It is safe only when reading cannot fail on the file's content: a binary file, or a text file
opened with `errors="ignore"`, `"replace"`, `"surrogateescape"` or `"backslashreplace"`, or with
`encoding="latin-1"`, which decodes every byte. Otherwise it is unsafe, because a decoding error
would be raised when the loop reaches the bad line, after the body has run for the lines before
it, instead of before the first iteration. It is also unsafe when the loop body or later code
uses the file (its position differs after a `break`, and `f.tell()` is disabled while
iterating), when the file is passed elsewhere, when the removed list was a module-level name,
or when `open(...)` is called in the loop header (the file then stays open while the loop runs).
When the file is used between the read and the loop, the fix is display-only; when other code
runs there (a call, an `await`, a `yield`, an import), it is unsafe: the file is then read after
that code, which could rewrite or truncate it. The fix assumes the loop does not rewrite the
file it reads.
For `read().splitlines()` the fix iterates `(line.rstrip("\n") for line in f)` and is unsafe:
`splitlines` also splits on `\x0b`, `\x0c`, `\x1c`-`\x1e`, `\x85`, `\u2028` and `\u2029`,
which iterating a text file does not (universal newlines already turn `\r` and `\r\n` into
`\n` for both). For binary files the fix strips `b"\r\n"`, and `bytes.splitlines` still differs
on a lone `\r`. It is display-only when the file's mode is not a literal or `open` got
`newline=`, since the line endings then depend on run-time values.)",
        R"(None.)",
        R"(https://docs.python.org/3/tutorial/inputoutput.html#methods-of-file-objects
https://docs.python.org/3/library/stdtypes.html#str.splitlines)",
    },
    /*unknown_sizes_in_tests=*/false};

constexpr Kind kKinds[] = {Kind::ForStatement, Kind::ForInClause};

enum class ReadKind { Lines, Split };

struct Source {
  ReadKind kind = ReadKind::Lines;
  TSNode file{};       // the file expression
  TSNode read_call{};  // f.readlines() / f.read()
  TSNode whole{};      // the expression producing the lines
  bool keepends = false;
};

bool no_arguments(TSNode call) {
  TSNode args = child_by_field(call, Field::Arguments);
  if (!is(args, Kind::ArgumentList)) return false;
  bool none = true;
  for_each_named_child(args, [&](TSNode a) { return none = is(a, Kind::Comment); });
  return none;
}

// `obj.<method>(...)`: the receiver, or null.
TSNode method_receiver(TSNode call, std::string_view method, const Context& ctx) {
  call = strip_parens(call);
  if (!is(call, Kind::Call)) return TSNode{};
  TSNode fn = child_by_field(call, Field::Function);
  if (!is(fn, Kind::Attribute) || ctx.text_of(child_by_field(fn, Field::AttributeField)) != method) return TSNode{};
  return strip_parens(child_by_field(fn, Field::Object));
}

// splitlines() / splitlines(True) / splitlines(keepends=False): whether line ends are kept, or
// nullopt when the argument is not a literal.
std::optional<bool> splitlines_keepends(TSNode call) {
  TSNode args = child_by_field(call, Field::Arguments);
  if (!is(args, Kind::ArgumentList)) return std::nullopt;
  TSNode value{};
  uint32_t count = 0;
  for_each_named_child(args, [&](TSNode a) {
    if (is(a, Kind::Comment)) return true;
    ++count;
    value = is(a, Kind::KeywordArgument) ? child_by_field(a, Field::Value) : a;
    return true;
  });
  if (count == 0) return false;
  if (count > 1) return std::nullopt;
  value = strip_parens(value);
  if (is(value, Kind::True)) return true;
  if (is(value, Kind::False)) return false;
  return std::nullopt;
}

std::optional<Source> match_readlines(TSNode e, const Context& ctx) {
  TSNode file = method_receiver(e, "readlines", ctx);
  if (ts_node_is_null(file) || !no_arguments(strip_parens(e))) return std::nullopt;
  return Source{ReadKind::Lines, file, strip_parens(e), strip_parens(e), false};
}

std::optional<Source> match_read(TSNode e, const Context& ctx) {
  TSNode file = method_receiver(e, "read", ctx);
  if (ts_node_is_null(file) || !no_arguments(strip_parens(e))) return std::nullopt;
  return Source{ReadKind::Split, file, strip_parens(e), strip_parens(e), false};
}

std::optional<Source> match_split(TSNode e, const Context& ctx) {
  TSNode text = method_receiver(e, "splitlines", ctx);
  if (ts_node_is_null(text)) return std::nullopt;
  auto keep = splitlines_keepends(strip_parens(e));
  auto src = keep ? match_read(text, ctx) : std::nullopt;
  if (!src) return std::nullopt;
  src->whole = strip_parens(e);
  src->keepends = *keep;
  return src;
}

bool is_file(TSNode e, const Context& ctx) {
  return ctx.values().of_expression(e, ctx.scope()).kind == ValueKind::File;
}

// The statement (a child of a block or the module) containing `n`.
TSNode enclosing_statement(TSNode n) {
  for (TSNode p = parent_of(n); !ts_node_is_null(p); n = p, p = parent_of(p))
    if (is(p, Kind::Block) || is(p, Kind::Module)) return n;
  return TSNode{};
}

bool contains(TSNode outer, TSNode inner) {
  return ts_node_start_byte(outer) <= ts_node_start_byte(inner) && ts_node_end_byte(inner) <= ts_node_end_byte(outer);
}

// Deletes a statement standing alone on its lines (a trailing comment goes with it); nullopt when
// something else shares those lines.
std::optional<Edit> delete_statement(TSNode stmt, const Context& ctx) {
  const LineIndex& lines = ctx.lines();
  std::string_view text = ctx.text();
  uint32_t first = lines.row_of(ts_node_start_byte(stmt));
  uint32_t last = lines.row_of(ts_node_end_byte(stmt));
  uint32_t start = lines.line_start(first);
  for (uint32_t i = start; i < ts_node_start_byte(stmt); ++i)
    if (text[i] != ' ' && text[i] != '\t') return std::nullopt;
  uint32_t end_of_line = lines.line_end(last);
  for (uint32_t i = ts_node_end_byte(stmt); i < end_of_line; ++i) {
    if (text[i] == '#') break;
    if (text[i] != ' ' && text[i] != '\t') return std::nullopt;
  }
  uint32_t end = last + 1 < lines.line_count() ? lines.line_start(last + 1) : static_cast<uint32_t>(text.size());
  return Edit{start, end, ""};
}

// `f.close()` at this reference.
bool is_close_call(const Reference& r, const Context& ctx) {
  return is(r.parent, Kind::Attribute) && ctx.text_of(child_by_field(r.parent, Field::AttributeField)) == "close" &&
         is(r.grandparent, Kind::Call);
}

enum class Mode { Text, Binary, Unknown };

// The arguments of the `open(...)` call that made `file` (with no `*` or `**` unpacking), or null.
TSNode open_arguments(TSNode file, const Context& ctx) {
  TSNode call = file;
  if (is(file, Kind::Identifier)) {
    int32_t b = ctx.model().binding_of_node(file);
    if (b < 0) return TSNode{};
    call = strip_parens(ctx.model().bindings()[b].value);
  }
  if (!is(call, Kind::Call) || ctx.qualified_name(child_by_field(call, Field::Function)) != "builtins.open")
    return TSNode{};
  TSNode args = child_by_field(call, Field::Arguments);
  return argument_shape(args).unpacking ? TSNode{} : args;
}

// The text/binary mode of the `open(...)` call that made `file`.
Mode open_mode(TSNode file, const Context& ctx) {
  TSNode args = open_arguments(file, ctx);
  if (ts_node_is_null(args)) return Mode::Unknown;
  if (!ts_node_is_null(argument(args, 5, "newline", ctx.text()))) return Mode::Unknown;
  TSNode mode = strip_parens(argument(args, 1, "mode", ctx.text()));
  if (ts_node_is_null(mode)) return Mode::Text;
  if (!is(mode, Kind::String)) return Mode::Unknown;
  for (uint32_t i = 0; i < ts_node_child_count(mode); ++i)
    if (std::string_view(ts_node_type(ts_node_child(mode, i))) == "interpolation") return Mode::Unknown;
  std::string_view m = ctx.text_of(mode);
  size_t q = m.find_first_of("'\"");
  return m.find('b', q == std::string_view::npos ? 0 : q) != std::string_view::npos ? Mode::Binary : Mode::Text;
}

// Whether reading `file` can fail part-way on its content: a text file decodes as it is read, and
// a byte its encoding rejects raises UnicodeDecodeError there. Not for a binary file, nor for
// an `errors=` handler that never raises or an encoding that decodes every byte (latin-1).
bool decoding_may_fail(TSNode file, const Context& ctx) {
  Mode mode = open_mode(file, ctx);
  if (mode == Mode::Binary) return false;
  if (mode == Mode::Unknown) return true;
  TSNode args = open_arguments(file, ctx);
  auto literal = [&](int position, std::string_view keyword) -> std::string {
    TSNode value = strip_parens(argument(args, position, keyword, ctx.text()));
    auto content = is(value, Kind::String) ? literal_string_content(value, ctx.text()) : std::nullopt;
    return std::string(content.value_or(""));
  };
  // Error handler names are looked up as written (`errors="Ignore"` names no handler, and the
  // first bad byte raises LookupError where it is decoded); encoding names are not.
  std::string errors = literal(4, "errors");
  if (errors == "ignore" || errors == "replace" || errors == "surrogateescape" || errors == "backslashreplace")
    return false;
  return !decodes_every_byte(literal(3, "encoding"));
}

// Whether a statement standing between `lines = f.readlines()` and its loop may run code (a call,
// an `await`, a `yield` that hands control to the caller, an import): that code could rewrite or
// truncate the file, which the fix now reads only after it.
bool may_run_code(TSNode n) {
  return any_named_descendant(n, [](TSNode c) {
    return is(c, Kind::Call) || is(c, Kind::Await) || is(c, Kind::Yield) || is(c, Kind::ImportStatement) ||
           is(c, Kind::ImportFromStatement) || is(c, Kind::Decorator);
  });
}

}  // namespace

const RuleInfo& WholeFileRead::info() const { return kInfo; }
std::span<const Kind> WholeFileRead::kinds() const { return kKinds; }

void WholeFileRead::check(TSNode node, Context& ctx) const {
  const SemanticModel& model = ctx.model();
  TSNode loop = node;  // the statement that runs the loop
  if (is(node, Kind::ForInClause)) {
    // Only the first `for` of an eager comprehension: a generator expression would read later.
    TSNode comp = parent_of(node);
    if (!is(comp, Kind::ListComprehension) && !is(comp, Kind::SetComprehension) &&
        !is(comp, Kind::DictionaryComprehension))
      return;
    for (uint32_t i = 0; i < named_child_count(comp); ++i) {
      TSNode c = named_child(comp, i);
      if (is(c, Kind::ForInClause)) {
        if (!ts_node_eq(c, node)) return;
        break;
      }
    }
    loop = enclosing_statement(comp);
    if (ts_node_is_null(loop)) return;
  } else if (std::string_view(ts_node_type(ts_node_child(node, 0))) == "async") {
    return;
  }
  TSNode iter = strip_parens(child_by_field(node, Field::Right));
  TSNode inner = iter;
  bool enumerated = false;
  if (is(iter, Kind::Call) && ctx.qualified_name(child_by_field(iter, Field::Function)) == "builtins.enumerate") {
    TSNode args = child_by_field(iter, Field::Arguments);
    if (!is(args, Kind::ArgumentList) || argument_shape(args).unpacking) return;
    inner = strip_parens(argument(args, 0, "iterable", ctx.text()));
    if (ts_node_is_null(inner)) return;
    enumerated = true;
  }

  // Which form: the read in the loop header, or a name holding the lines or the text.
  std::optional<Source> src = match_readlines(inner, ctx);
  if (!src) src = match_split(inner, ctx);
  TSNode holder{};      // the binding identifier of `lines` / `text`
  TSNode assignment{};  // its statement
  if (!src) {
    TSNode name = inner;
    std::optional<bool> keep;
    if (TSNode text = method_receiver(inner, "splitlines", ctx); !ts_node_is_null(text)) {
      keep = splitlines_keepends(inner);
      if (!keep) return;
      name = text;
    }
    if (!is(name, Kind::Identifier)) return;
    int32_t b = model.binding_of_node(name);
    if (b < 0) return;
    const Binding& binding = model.bindings()[b];
    if (binding.kind != BindingKind::Assignment || ts_node_is_null(binding.value) ||
        model.bindings_of(binding.name, binding.scope).size() != 1 ||
        model.references_of(static_cast<uint32_t>(b)).size() != 1)
      return;
    if (keep) {
      src = match_read(binding.value, ctx);
      if (!src) return;
      src->keepends = *keep;
    } else {
      src = match_readlines(binding.value, ctx);
      if (!src) src = match_split(binding.value, ctx);
      if (!src) return;
    }
    // `lines = f.readlines()` alone in its statement, in the same block, before the loop.
    TSNode assign = parent_of(binding.node);
    assignment = parent_of(assign);
    if (!is(assign, Kind::Assignment) || !is(assignment, Kind::ExpressionStatement) ||
        !ts_node_eq(child_by_field(assign, Field::Left), binding.node))
      return;
    if (!ts_node_eq(parent_of(assignment), parent_of(loop)) ||
        ts_node_end_byte(assignment) > ts_node_start_byte(loop))
      return;
    holder = binding.node;
  }

  TSNode file = src->file;
  if (!is_file(file, ctx)) return;
  bool direct = ts_node_is_null(holder);
  std::string unsafe, display_only;
  int32_t fb = is(file, Kind::Identifier) ? model.binding_of_node(file) : -1;
  if (!direct && fb < 0) return;  // a name holds lines of `open(...)`: the file is gone
  if (fb >= 0) {
    const Binding& fbinding = model.bindings()[fb];
    if (!direct) {
      if (fbinding.kind == BindingKind::WithTarget) {
        // The loop must run inside the `with` that opened the file.
        TSNode with = fbinding.node;
        while (!ts_node_is_null(with) && !is(with, Kind::WithStatement)) with = parent_of(with);
        if (ts_node_is_null(with) || !contains(with, loop)) return;
      } else if (model.bindings_of(fbinding.name, fbinding.scope).size() != 1) {
        return;
      }
    }
    uint32_t read_start = ts_node_start_byte(src->read_call);
    uint32_t loop_start = ts_node_start_byte(loop), loop_end = ts_node_end_byte(loop);
    for (uint32_t id : model.references_of(static_cast<uint32_t>(fb))) {
      const Reference& r = model.references()[id];
      uint32_t at = ts_node_start_byte(r.node);
      if (ts_node_eq(r.node, file) || at < std::min(read_start, loop_start)) continue;
      if (at >= loop_end) {
        if (!is_close_call(r, ctx) && unsafe.empty())
          unsafe = fmt::format("`{}` is used after the loop, where its position differs", fbinding.name);
      } else if (at >= loop_start) {
        if (unsafe.empty()) unsafe = fmt::format("the loop uses `{}` while iterating it", fbinding.name);
      } else {
        // Between the read and the loop.
        if (is_close_call(r, ctx)) return;
        if (display_only.empty())
          display_only = fmt::format("`{}` is used between the read and the loop", fbinding.name);
      }
    }
    if (model.escapes(static_cast<uint32_t>(fb)) && unsafe.empty())
      unsafe = fmt::format("`{}` is passed elsewhere, which may read it during the loop", fbinding.name);
  } else if (unsafe.empty()) {
    unsafe = "the file now stays open while the loop runs";
  }
  if (!direct && unsafe.empty()) {
    TSNode block = parent_of(loop);
    for (uint32_t i = 0; i < named_child_count(block); ++i) {
      TSNode stmt = named_child(block, i);
      if (ts_node_start_byte(stmt) < ts_node_end_byte(assignment) || ts_node_start_byte(stmt) >= ts_node_start_byte(loop))
        continue;
      if (may_run_code(stmt)) {
        unsafe = "the file is now read after the statements between the read and the loop, which may change it";
        break;
      }
    }
  }
  if (!direct && model.bindings()[model.binding_of_node(holder)].scope == 0 && unsafe.empty())
    unsafe = fmt::format("`{}` is a module-level name other modules may import", ctx.text_of(holder));
  if (src->kind == ReadKind::Lines && unsafe.empty() && decoding_may_fail(file, ctx))
    unsafe = "a decoding error would stop the loop part-way instead of before it starts";

  // The replacement iterable.
  std::string file_text(ctx.text_of(file));
  std::string replacement = file_text;
  if (src->kind == ReadKind::Split && !src->keepends) {
    Mode mode = open_mode(file, ctx);
    TSNode target = strip_parens(child_by_field(node, Field::Left));
    std::string var = !enumerated && is(target, Kind::Identifier) ? std::string(ctx.text_of(target)) : "line";
    replacement = fmt::format("({0}.rstrip({1}) for {0} in {2})", var,
                              mode == Mode::Binary ? "b\"\\r\\n\"" : "\"\\n\"", file_text);
    if (mode == Mode::Unknown && display_only.empty())
      display_only = "the file's mode or newline handling is not a literal";
  }
  std::vector<Edit> edits;
  if (!direct) {
    auto del = delete_statement(assignment, ctx);
    if (del) edits.push_back(*del);
    else if (display_only.empty()) display_only = "the assignment shares its line with other code";
  }
  edits.push_back(Edit{ts_node_start_byte(inner), ts_node_end_byte(inner), replacement});

  Applicability applicability = !display_only.empty()                                ? Applicability::DisplayOnly
                                : !unsafe.empty() || src->kind == ReadKind::Split ? Applicability::Unsafe
                                                                                    : Applicability::Safe;
  std::string title = fmt::format("Iterate `{}`", replacement);
  std::string why = !display_only.empty() ? display_only : unsafe;
  if (src->kind == ReadKind::Split) {
    std::string split_note =
        open_mode(file, ctx) == Mode::Binary
            ? "`bytes.splitlines` also splits on a lone `\\r`"
            : "`splitlines` also splits on `\\x0b`, `\\x0c`, `\\x1c`-`\\x1e`, `\\x85`, `\\u2028`, `\\u2029`";
    why = why.empty() ? split_note : why + "; " + split_note;
  }
  if (!why.empty())
    title += fmt::format(" ({}: {})", applicability == Applicability::DisplayOnly ? "not applied" : "unsafe", why);

  std::string message;
  TSNode at = src->whole;
  if (direct) {
    message = src->kind == ReadKind::Lines
                  ? fmt::format("`{}` reads the whole file into a list of lines before the loop starts; iterate `{}` "
                                "itself to hold one line at a time",
                                ctx.text_of(src->whole), file_text)
                  : fmt::format("`{}` holds the whole file twice (its text, then its list of lines) before the loop "
                                "starts; iterate `{}` itself to hold one line at a time",
                                ctx.text_of(src->whole), file_text);
  } else {
    // Reported at the loop, which is what changes; the read it replaces is named by its line.
    at = inner;
    std::string read_row = ctx.line_ref(ts_node_start_byte(src->read_call));
    message = src->kind == ReadKind::Split && ts_node_eq(src->whole, src->read_call)
                  ? fmt::format("`{}` holds the whole file (read on {}) only to split it into lines for this "
                                "loop; iterate `{}` here instead",
                                ctx.text_of(holder), read_row, file_text)
                  : fmt::format("`{}` holds every line of the file (read on {}) only to be iterated once, by "
                                "this loop; iterate `{}` here instead",
                                ctx.text_of(holder), read_row, file_text);
  }
  ctx.report(kInfo, at, std::move(message), Fix{std::move(title), applicability, std::move(edits)});
}

}  // namespace pml
