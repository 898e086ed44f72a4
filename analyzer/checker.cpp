#include "analyzer/checker.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <set>

#include <fmt/format.h>

#include "analyzer/compile_errors.h"
#include "analyzer/flow.h"
#include "analyzer/noqa.h"
#include "analyzer/rule.h"
#include "analyzer/semantic.h"
#include "analyzer/source.h"
#include "analyzer/values.h"
#include "rules/meta/unused_noqa.h"
#include "rules/registry.h"

namespace pml {

std::string_view to_string(Applicability a) {
  switch (a) {
    case Applicability::Safe: return "safe";
    case Applicability::Unsafe: return "unsafe";
    case Applicability::DisplayOnly: return "display-only";
  }
  return "display-only";
}

uint32_t Fix::start() const {
  uint32_t s = UINT32_MAX;
  for (const auto& e : edits) s = std::min(s, e.start);
  return s;
}
uint32_t Fix::end() const {
  uint32_t e = 0;
  for (const auto& x : edits) e = std::max(e, x.end);
  return e;
}

std::string rule_url(std::string_view name) { return "https://pymemlint.dev/rules/" + std::string(name); }

const std::string& Context::qualified_name(TSNode expr) const { return model_.qualified_name(expr, scope_); }

Context::Context(std::string_view text, const SemanticModel& model, const ValueAnalyzer& values,
                 const LineIndex& lines, const Settings& settings, std::string_view newline,
                 std::vector<Diagnostic>& out)
    : text_(text), model_(model), values_(values), lines_(lines), settings_(settings), newline_(newline), out_(out) {}

Context::~Context() = default;

const ScopeFlow& Context::flow(uint32_t scope) const {
  auto& slot = flows_[scope];
  if (!slot) slot = std::make_unique<ScopeFlow>(model_, scope, text_);
  return *slot;
}

std::string Context::line_ref(uint32_t offset) const {
  uint32_t row = lines_.location(offset).row;
  return row_namer_ && *row_namer_ ? (*row_namer_)(row) : "line " + std::to_string(row);
}

std::string Context::isolation_key(std::string_view name) const { return fmt::format("{}:{}", scope_, name); }

void Context::report(const RuleInfo& rule, TSNode at, std::string message, std::optional<Fix> fix,
                     std::optional<uint64_t> estimated_bytes) {
  if (!estimated_bytes && !rule.unknown_sizes_in_tests && model_.in_test_code(scope_)) return;
  Diagnostic d;
  d.code = rule.code;
  d.name = rule.name;
  d.message = std::move(message);
  d.start = ts_node_start_byte(at);
  d.end = ts_node_end_byte(at);
  d.fix = std::move(fix);
  d.estimated_bytes = estimated_bytes;
  out_.push_back(std::move(d));
}

Diagnostic make_engine_diagnostic(std::string_view code, std::string message) {
  Diagnostic d;
  d.code = code;
  d.message = std::move(message);
  // At 1:1 until located; its noqa row is that row (rows are 1-based), as Ruff gives E902.
  d.noqa_row = d.location.row;
  return d;
}

bool is_applicable(const Fix& fix, Applicability minimum) {
  return fix.applicability != Applicability::DisplayOnly && fix.applicability >= minimum && !fix.edits.empty();
}

namespace {

ScopeKind scope_kind_for(Kind k) {
  switch (k) {
    case Kind::FunctionDefinition: return ScopeKind::Function;
    case Kind::ClassDefinition: return ScopeKind::Class;
    case Kind::Lambda: return ScopeKind::Lambda;
    default: return ScopeKind::Comprehension;
  }
}

bool opens_scope(Kind k) {
  return k == Kind::FunctionDefinition || k == Kind::ClassDefinition || k == Kind::Lambda || is_comprehension(k);
}

// The text a call starts with, as far as a dotted name goes (`sys._getframe` of
// `sys._getframe(0)`): its callee, when that is a name or a dotted name. The questions below look
// at it first and ask the tree only to confirm, so they cost other calls a few bytes' look.
std::string_view leading_dotted_name(TSNode call, std::string_view text) {
  const char* begin = text.data() + ts_node_start_byte(call);
  const char* end = text.data() + text.size();
  const char* p = begin;
  for (; p < end; ++p) {
    char c = *p;
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.')) break;
  }
  return std::string_view(begin, static_cast<size_t>(p - begin));
}

// `locals()`, `eval(...)`, `exec(...)`, `vars()`, `dir()`: the local names seen by name. `callee`
// is leading_dotted_name(call).
bool is_dynamic_call(TSNode call, std::string_view callee, std::string_view text) {
  std::string_view word = callee;
  bool sees_locals = word == "locals" || word == "eval" || word == "exec";
  // vars(obj) and dir(obj) look at an object; only the argument-less forms see the local names.
  bool sees_locals_without_arguments = word == "vars" || word == "dir";
  if (sees_locals_without_arguments) return is_bare_call(call, word, text);
  if (!sees_locals) return false;
  TSNode fn = child_by_field(call, Field::Function);
  return is(fn, Kind::Identifier) && node_text(fn, text) == word;
}

// `globals()`: the module's namespace as a dict, from any scope. Through it other code can reach,
// keep or rebind any module-level name, so the module scope is dynamic wherever it is called.
bool is_globals_call(TSNode call, std::string_view callee, std::string_view text) {
  return callee == "globals" && is_bare_call(call, "globals", text);
}

// A call that hands back the running frame, whose `f_locals` show every local name as locals()
// does: `sys._getframe()` (also `sys._getframe(0)`), `inspect.currentframe()`, `inspect.stack()`
// and `inspect.trace()`, also imported by name (`from sys import _getframe`). By the callee's last
// name; `stack` and `trace` only as attributes of `inspect`, for `np.stack` and the like.
bool reads_own_frame(TSNode call, std::string_view callee, std::string_view text) {
  if (!callee.ends_with("_getframe") && !callee.ends_with("currentframe") && !callee.ends_with("stack") &&
      !callee.ends_with("trace"))
    return false;
  TSNode fn = child_by_field(call, Field::Function);
  std::string_view name;
  std::string_view receiver;
  if (is(fn, Kind::Identifier)) {
    name = node_text(fn, text);
  } else if (is(fn, Kind::Attribute)) {
    name = node_text(child_by_field(fn, Field::AttributeField), text);
    receiver = node_text(child_by_field(fn, Field::Object), text);
  } else {
    return false;
  }
  if (name == "_getframe" || name == "currentframe") return true;
  return receiver == "inspect" && (name == "stack" || name == "trace");
}

// A call that evaluates an expression string against the caller's local variables: pandas'
// `df.query("a < @limit")`, `df.eval(...)` and `pd.eval(...)`, numexpr's `ne.evaluate("a * b")`,
// and the `where` condition of an HDF store's selection (`store.select("df", "index > cutoff")`,
// `pd.read_hdf(path, where=...)`), which pandas reads from the caller's frame. The names it
// reads are invisible to the model, as with eval(). `callee` is the call's function.
bool evaluates_caller_names(TSNode call, TSNode callee, std::string_view text) {
  std::string_view at = text.substr(0, ts_node_end_byte(callee));
  size_t start = at.size();
  while (start > 0 && (std::isalnum(static_cast<unsigned char>(at[start - 1])) || at[start - 1] == '_')) --start;
  std::string_view name = at.substr(start);
  // The expression is the first argument; a condition is `where=` or follows the key (and for
  // read_hdf the path, key, mode and errors).
  bool expression = name == "query" || name == "eval" || name == "evaluate";
  uint32_t where_position = name == "read_hdf" ? 4 : 1;
  if (!expression && name != "select" && name != "select_as_multiple" && name != "select_as_coordinates" &&
      name != "remove" && name != "read_hdf")
    return false;
  // Only with a string there: KDTree.query(points), Keras' model.evaluate(x), list.remove(x)
  // and np.select(conditions, choices) evaluate nothing.
  TSNode args = child_by_field(call, Field::Arguments);
  if (!is(args, Kind::ArgumentList)) return false;
  bool found = false;
  uint32_t position = 0;
  for_each_named_child(args, [&](TSNode a) {
    if (is(a, Kind::KeywordArgument)) {
      std::string_view keyword = node_text(child_by_field(a, Field::Name), text);
      found = expression ? keyword == "expr" && is(child_by_field(a, Field::Value), Kind::String) : keyword == "where";
    } else if (!is(a, Kind::Comment)) {
      found = (expression ? position == 0 : position >= where_position) && is(a, Kind::String);
      ++position;
    }
    return !found;
  });
  return found;
}

// The statement a `with` block expects to raise, when its context manager checks that one is
// raised: pytest's `raises`, numpy.testing's `assert_raises` and `assert_raises_regex`, unittest's
// `assertRaises` and `assertRaisesRegex` (by the callee's last name: tests import them in many
// ways). It is the block's last statement: if an earlier one raised, the last would never run.
// It fails by design, so what it would build is never kept, and rewriting it may change the
// error the test checks.
TSNode expected_to_raise(TSNode with_statement, std::string_view text) {
  bool checks_raise = false;
  for_each_named_child(named_child(with_statement, 0), [&](TSNode item) {
    TSNode value = child_by_field(item, Field::Value);
    if (is(value, Kind::AsPattern)) value = named_child(value, 0);
    TSNode callee = is(value, Kind::Call) ? child_by_field(value, Field::Function) : TSNode{};
    if (is(callee, Kind::Attribute)) callee = child_by_field(callee, Field::AttributeField);
    std::string_view name = is(callee, Kind::Identifier) ? node_text(callee, text) : std::string_view();
    checks_raise = name == "raises" || name == "assert_raises" || name == "assert_raises_regex" ||
                   name == "assertRaises" || name == "assertRaisesRegex" || name == "assertRaisesRegexp";
    return !checks_raise;
  });
  if (!checks_raise) return TSNode{};
  TSNode last{};
  for_each_named_child(child_by_field(with_statement, Field::Body), [&](TSNode statement) {
    if (!is(statement, Kind::Comment)) last = statement;
    return true;
  });
  return last;
}

// What the configuration says of a finding's fix: none when its rule is not fixable; safe or
// unsafe as `extend-safe-fixes` / `extend-unsafe-fixes` say (a display-only fix stays so).
void adjust_fix(Diagnostic& d, const Settings& settings) {
  std::optional<size_t> i = rule_index(d.code);
  if (!i) return;
  if (!settings.fixable.test(*i)) {
    d.fix.reset();
  } else if (d.fix->applicability == Applicability::Unsafe && settings.safe_fixes.test(*i)) {
    // The title keeps the rule's reason, no longer called unsafe.
    d.fix->applicability = Applicability::Safe;
    if (size_t at = d.fix->title.find(" (unsafe: "); at != std::string::npos)
      d.fix->title.replace(at, 10, " (safe by `extend-safe-fixes`; the rule's caveat: ");
  } else if (d.fix->applicability == Applicability::Safe && settings.unsafe_fixes_rules.test(*i)) {
    d.fix->applicability = Applicability::Unsafe;
    d.fix->title += " (unsafe by `extend-unsafe-fixes`)";
  }
}

// `noqa_lines`, when given, moves the noqa row of a finding that starts where no comment can go.
void locate(Diagnostic& d, const LineIndex& lines, const NoqaLineMap* noqa_lines = nullptr) {
  auto s = lines.location(d.start), e = lines.location(d.end);
  d.location = {s.row, s.column};
  d.end_location = {e.row, e.column};
  d.noqa_row = s.row;
  if (noqa_lines)
    if (uint32_t at = noqa_lines->resolve(d.start); at != d.start) d.noqa_row = lines.row_of(at) + 1;
  // A very long row (minified or generated code) is not kept for display: every finding on it
  // would hold a copy of it.
  std::string_view row_text = lines.line_text(s.row - 1);
  d.source_line = row_text.size() <= kLongestShownRow ? std::string(row_text) : std::string();
  d.edit_locations.clear();
  if (d.fix)
    for (const auto& edit : d.fix->edits) {
      auto a = lines.location(edit.start), b = lines.location(edit.end);
      d.edit_locations.push_back({{a.row, a.column}, {b.row, b.column}});
    }
}

}  // namespace

namespace {

std::unique_ptr<FileAnalysis> analyze_text(std::string_view text, Parser& parser, const KindSet& wanted,
                                           const TSTree* old_tree, bool ask_tokenizer, int colons = 3,
                                           bool top_level_await = false);

// A copy of `tree`, the tree of `text`, edited for a copy of the text that keeps text[0, cut) and
// replaces the rest by what ends at byte `new_end`, point `new_end_point`: the tree such a copy is
// parsed from, so that only the nodes the cut touches are parsed again (tree-sitter's rows are the
// lines': Parser::parse gives it each lone "\r" as a "\n").
Tree cut_tree(const TSTree* tree, std::string_view text, const LineIndex& lines, uint32_t cut, uint32_t new_end,
              TSPoint new_end_point) {
  uint32_t size = static_cast<uint32_t>(text.size()), row = lines.row_of(cut), last_row = lines.row_of(size);
  TSInputEdit edit{cut, size, new_end, TSPoint{row, cut - lines.line_start(row)},
                   TSPoint{last_row, size - lines.line_start(last_row)}, new_end_point};
  Tree edited(ts_tree_copy(tree));
  ts_tree_edit(edited.get(), &edit);
  return edited;
}

// CPython's "expected ':'" for a compound statement's header that lacks only its colon (`if x`,
// `def f(a)`, `else`), at its NEWLINE token: the first non-blank after the header's last token.
// Sure only when a copy of the text with the colon put in parses without an error on the header's
// rows or before them: CPython then reads the same tokens up to the header's last one, and every
// compound statement needs a colon where the NEWLINE stands. `match` and `case`, which may be
// names, need the file's first error on their header too. Asked only of a file with an error.
// The copy's own error may be another header's missing colon, on a later row (`try` then `except
// E`, where tree-sitter's error starts at the `try:`): `colons` copies are asked at most.
std::optional<SyntaxErrorInfo> missing_colon_error(std::string_view text, Parser& parser, const TSTree* tree,
                                                   const SyntaxErrorInfo& error, int colons) {
  std::optional<ColonlessHeader> header = colonless_header(tree, text);
  if (!header) return std::nullopt;
  if (header->soft && (error.start < header->keyword || error.start > header->newline)) return std::nullopt;
  std::string copy(text.substr(0, header->insert_at));
  copy += ':';
  copy += text.substr(header->insert_at);
  auto fixed = analyze_text(copy, parser, {}, nullptr, false, colons - 1);
  if (fixed->syntax_error &&
      fixed->lines.row_of(fixed->syntax_error->start) <= fixed->lines.row_of(header->newline + 1))
    return std::nullopt;
  return SyntaxErrorInfo{header->newline, header->newline, "SyntaxError: expected ':'"};
}

// The error CPython reports for a file when its tokenizer stops at `stop`, on the indentation of
// a line. What follows that line never counts; and the tree may be wrong anywhere, even before
// the line, when the grammar's scanner lost the indentation (past 255 columns, or in a narrowed
// copy where the tokenizer would have stopped). The parser's errors before the line are found in
// a copy of the file that ends there, with `pass` in the line's place (at most 100 levels deep,
// with no indentation the tokenizer rejects).
SyntaxErrorInfo error_before_tokenizer_stops(std::string_view text, Parser& parser, SyntaxErrorInfo stop) {
  std::string prefix(text.substr(0, stop.start));
  prefix += "pass\n";
  auto before = analyze_text(prefix, parser, {}, nullptr, false);
  if (before->syntax_error && before->syntax_error->start < stop.start) return *before->syntax_error;
  return stop;
}

// The error CPython reports for a file when its tokenizer raises `stop` itself: that one, even
// when the parser failed before it (CPython then reads the rest of the text through the
// tokenizer, whose error takes precedence), unless the parser failed on an unexpected indent, the
// one failure after which CPython reads no further. That is looked for in a copy of the file that
// ends with `pass` in place of the logical line holding the error, indented as it is.
SyntaxErrorInfo error_unless_indented_before(std::string_view text, Parser& parser, const TokenizerStop& stop) {
  std::string prefix(text.substr(0, stop.logical_line));
  size_t blanks = skip_blanks(text, stop.logical_line);
  prefix += text.substr(stop.logical_line, blanks - stop.logical_line);
  prefix += "pass\n";
  auto before = analyze_text(prefix, parser, {}, nullptr, false);
  if (before->syntax_error && before->syntax_error->message == "IndentationError: unexpected indent") return *before->syntax_error;
  return stop.error;
}

// The error CPython reports for a file whose text ends inside brackets: the parser's, if it fails
// on the row of the innermost open bracket or before; else "'(' was never closed". The parser's
// error is found in a copy of the file with the brackets closed at its end.
SyntaxErrorInfo error_before_end_in_brackets(std::string_view text, Parser& parser, const TokenizerStop& stop) {
  std::string closed(text);
  closed += "\n" + stop.closers + "\n";
  auto before = analyze_text(closed, parser, {}, nullptr, false);
  if (!before->syntax_error || before->syntax_error->start >= text.size()) return stop.error;
  const SyntaxErrorInfo& error = *before->syntax_error;
  if (before->lines.row_of(error.start) > before->lines.row_of(stop.error.start)) return stop.error;
  return error;
}

// The error CPython reports for a file whose tree has an error at `error`: that one, unless Python
// refuses something on an earlier line that the grammar took (the checkers of the walk: `except E,
// e:` before an `exec code in ns` the grammar cannot read). That is looked for in a copy of the
// file that ends before the error's line, when the copy parses without an error node; when it does
// not (the line is in a `try` body, which the cut leaves without a handler), in copies that end
// before a statement that holds the error. Each copy is parsed from the file's tree cut there, so
// that only the nodes the cut touches are parsed again (an editor asks this at most keystrokes in
// a large file).
std::optional<SyntaxErrorInfo> error_before_the_grammars(std::string_view text, const LineIndex& lines, Parser& parser,
                                                         const TSTree* tree, const SyntaxErrorInfo& error) {
  // The analysis of the copy that ends at the start of `row`, when it parses without an error node.
  auto error_before_row = [&](uint32_t row) -> std::optional<std::optional<SyntaxErrorInfo>> {
    uint32_t cutoff = lines.line_start(row);
    Tree cut = cut_tree(tree, text, lines, cutoff, cutoff, TSPoint{row, 0});
    auto before = analyze_text(text.substr(0, cutoff), parser, {}, cut.get(), false, 0);
    if (!before->tree || ts_node_has_error(ts_tree_root_node(before->tree.get()))) return std::nullopt;
    if (before->syntax_error && before->syntax_error->start < cutoff) return before->syntax_error;
    return std::optional<SyntaxErrorInfo>{};
  };
  uint32_t row = lines.row_of(error.start);
  if (row == 0) return std::nullopt;
  if (auto found = error_before_row(row)) return *found;
  // The rows the nodes that hold the error start on, from the module's statement inward: at each
  // level, the last child that starts at or before the error.
  std::vector<uint32_t> rows;
  TSTreeCursor cursor = ts_tree_cursor_new(ts_tree_root_node(tree));
  // (A cursor steps over a module's statements once; asking for the i-th child starts over each time.)
  while (ts_tree_cursor_goto_first_child_for_byte(&cursor, error.start) >= 0) {
    TSNode holder = ts_tree_cursor_current_node(&cursor);  // the first child that ends after the error's start
    if (ts_node_start_byte(holder) > error.start) break;
    uint32_t r = lines.row_of(ts_node_start_byte(holder));
    if (r >= row) break;
    if (rows.empty() || rows.back() != r) rows.push_back(r);
  }
  ts_tree_cursor_delete(&cursor);
  // The two innermost, then the module's statement: each is a parse and a walk of what precedes it.
  for (size_t i = rows.size(), tried = 0; i > 0; --i) {
    bool outermost = i == 1;
    if (rows[i - 1] == 0 || (tried == 2 && !outermost)) continue;
    ++tried;
    if (auto found = error_before_row(rows[i - 1])) return *found;
  }
  return std::nullopt;
}

// CPython's parser says "invalid syntax" at the first token no valid program has there. The token
// first_syntax_error reports (its error node's last on its first row) is often the one before:
// tree-sitter wraps what it had read in the error node and goes on from the token that failed
// (`x = 1 2` wraps the `1`, `return x y` the `x`), or wraps the whole line when it is cut short
// (`a = 1 +`, `from . import`, `x = not`), where CPython fails at the line's end. So when the text
// up to the end of the reported token is the start of a valid program (a copy that ends there
// parses, alone or with a few words after it), the error moves to the next token on the line, or
// to where CPython's NEWLINE token starts: after the blanks, at a comment, a line break or the end
// of the text. Each copy is parsed from the file's tree cut after the token.
std::optional<SyntaxErrorInfo> error_at_the_next_token(std::string_view text, const LineIndex& lines, Parser& parser,
                                                       const TSTree* tree, const SyntaxErrorInfo& error) {
  if (error.message != "SyntaxError: invalid syntax" || error.start >= text.size()) return std::nullopt;
  TSNode root = ts_tree_root_node(tree);
  TSNode token = ts_node_descendant_for_byte_range(root, error.start, error.start + 1);
  // (Not a backslash that continues no line: Python's tokenizer refuses what follows it.)
  if (ts_node_is_null(token) || ts_node_start_byte(token) != error.start || ts_node_child_count(token) != 0 ||
      text[error.start] == '\\')
    return std::nullopt;
  const uint32_t row = lines.row_of(error.start);
  // A comment the error node ends with on its row: what matters is the token before it.
  if (kind_of(token) == Kind::Comment) {
    token = ts_node_prev_sibling(token);
    while (!ts_node_is_null(token) && ts_node_child_count(token) > 0)
      token = ts_node_child(token, ts_node_child_count(token) - 1);
    if (ts_node_is_null(token) || lines.row_of(ts_node_start_byte(token)) != row || kind_of(token) == Kind::Comment)
      return std::nullopt;
  }
  const uint32_t start = ts_node_start_byte(token), cut = ts_node_end_byte(token);
  if (cut > lines.line_end(row)) return std::nullopt;  // a token over several lines (a string)
  const uint32_t next = skip_blanks(text, cut);
  const bool line_ends = next >= text.size() || text[next] == '#' || text[next] == '\n' || text[next] == '\r';
  if (!line_ends && text[next] == '\\') return std::nullopt;  // the next token is on another line
  // The words a copy may end with: none (the token ends a statement: `x = 1` of `x = 1 2`), then
  // when the line ends after the token, the least a statement cut short there needs.
  std::string_view word = text.substr(start, cut - start);
  // ` else x` completes a conditional expression (`x = a if b`): CPython's "expected 'else' after
  // 'if' expression", from the expression's start to the condition's end.
  static constexpr std::string_view kElse = " else x";
  std::vector<std::string_view> endings{""};
  if (line_ends) {
    if (word == "def") endings = {" x(): x"};
    else if (word == "for") endings = {" x in x: x"};
    else if (word == "from") endings = {" x import x", " x"};  // `yield from`
    else if (word == "if") endings = {" x: x", " x else x"};
    else if (word == "not") endings = {" x", " in x"};
    else endings = {" x", " x: x", kElse};
  }
  bool valid_prefix = false;
  for (std::string_view ending : endings) {
    std::string copy(text.substr(0, cut));
    copy += ending;
    copy += '\n';
    Tree edited = cut_tree(tree, text, lines, cut, static_cast<uint32_t>(copy.size()), TSPoint{row + 1, 0});
    // The walk's checks too: the grammar takes `else: x` as an annotated name.
    auto analysis = analyze_text(copy, parser, {}, edited.get(), false, 0);
    if (!analysis->tree || parser.narrowed() || analysis->syntax_error) continue;
    if (ending == kElse) {
      TSNode copy_root = ts_tree_root_node(analysis->tree.get());
      TSNode conditional = ts_node_parent(ts_node_descendant_for_byte_range(copy_root, cut + 1, cut + 5));  // `else`
      if (kind_of(conditional) != Kind::ConditionalExpression) return std::nullopt;
      return SyntaxErrorInfo{ts_node_start_byte(conditional), cut, "SyntaxError: expected 'else' after 'if' expression"};
    }
    valid_prefix = true;
    break;
  }
  if (!valid_prefix) return std::nullopt;
  if (line_ends) return SyntaxErrorInfo{next, next, error.message};
  return SyntaxErrorInfo{next, first_token_end(text, next, static_cast<uint32_t>(text.size())), error.message};
}

// CPython's "Missing parentheses in call to 'print'" (or 'exec') for an "invalid syntax" on a row
// whose first token is `print` or `exec` followed by an expression, not a `(`: Python 2's
// statement where the grammar could not read it as one (`exec compile(s) in ns`, `print x y`).
// An expression starts with a name that is not a reserved word (or is one of those an expression
// may start with), a number, a string, a bracket other than `(`, or a unary `-`, `+` or `~`.
std::optional<SyntaxErrorInfo> legacy_statement_error(std::string_view text, const LineIndex& lines,
                                                      const SyntaxErrorInfo& error) {
  if (error.message != "SyntaxError: invalid syntax") return std::nullopt;
  uint32_t row = lines.row_of(error.start);
  std::string_view line = lines.line_text(row);
  size_t first = line.find_first_not_of(" \t\f");
  if (first == std::string_view::npos) return std::nullopt;
  std::string_view rest = line.substr(first);
  std::string_view name = rest.starts_with("print") ? "print" : rest.starts_with("exec") ? "exec" : "";
  if (name.empty() || rest.size() == name.size() || (rest[name.size()] != ' ' && rest[name.size()] != '\t'))
    return std::nullopt;
  size_t next = rest.find_first_not_of(" \t", name.size());
  if (next == std::string_view::npos) return std::nullopt;
  auto c = static_cast<unsigned char>(rest[next]);
  uint32_t at = lines.line_start(row) + static_cast<uint32_t>(first + next);
  bool word = c == '_' || c >= 0x80 || std::isalpha(c);
  if (word && is_reserved_word_at(text, at)) {
    size_t end = rest.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", next);
    std::string_view keyword = rest.substr(next, end == std::string_view::npos ? end : end - next);
    if (keyword != "not" && keyword != "lambda" && keyword != "None" && keyword != "True" && keyword != "False" &&
        keyword != "await")
      return std::nullopt;
  }
  bool starts_expression = word || std::isdigit(c) || c == '"' || c == '\'' || c == '[' || c == '{' || c == '-' ||
                           c == '+' || c == '~';
  if (!starts_expression) return std::nullopt;
  uint32_t start = lines.line_start(row) + static_cast<uint32_t>(first);
  return SyntaxErrorInfo{start, start + static_cast<uint32_t>(name.size()),
                         "SyntaxError: Missing parentheses in call to '" + std::string(name) + "'. Did you mean " +
                             std::string(name) + "(...)?"};
}

}  // namespace

std::unique_ptr<FileAnalysis> analyze(std::string_view text, Parser& parser, const KindSet& wanted,
                                      const TSTree* old_tree, bool top_level_await) {
  return analyze_text(text, parser, wanted, old_tree, true, 3, top_level_await);
}

namespace {

// Whether byte `offset` is part of a comment or a string literal (not a line continuation).
bool inside_string_or_comment(TSNode root, uint32_t offset) {
  for (TSNode n = ts_node_descendant_for_byte_range(root, offset, offset + 1); !ts_node_is_null(n); n = parent_of(n))
    if ((is(n, Kind::Comment) || is(n, Kind::String)) && ts_node_start_byte(n) <= offset && offset < ts_node_end_byte(n))
      return true;
  return false;
}

// `ask_tokenizer`: when the tree has an error, whether to look for where CPython's tokenizer
// stops. False for the copies of the file that look for the parser's error before that: those
// look for no compiler's error either (CPython's compiler never runs on such a file).
// `colons`: how many copies with a colon put in may be parsed to tell whether an error is
// CPython's "expected ':'" (missing_colon_error).
// `top_level_await`: see analyze().
std::unique_ptr<FileAnalysis> analyze_text(std::string_view text, Parser& parser, const KindSet& wanted,
                                           const TSTree* old_tree, bool ask_tokenizer, int colons,
                                           bool top_level_await) {
  auto out = std::make_unique<FileAnalysis>(text);
  FileAnalysis& fa = *out;
  fa.tree = parser.parse(text, old_tree);
  if (!fa.tree) {
    fa.syntax_error = SyntaxErrorInfo{0, 0, "SyntaxError: the parser gave up"};
    return out;
  }
  // A tree with an error, or one parsed from a copy with narrower indentation (Parser::parse),
  // may be wrong from where CPython's tokenizer stops on: the file's indentation then decides.
  auto err = first_syntax_error(fa.tree.get(), text);
  if (ask_tokenizer && (err || parser.narrowed())) {
    std::optional<TokenizerStop> stop = first_tokenizer_stop(text);
    if (stop && stop->kind == TokenizerStop::Kind::Error) {
      fa.syntax_error = error_unless_indented_before(text, parser, *stop);
      return out;
    }
    if (stop && stop->kind == TokenizerStop::Kind::UnclosedBracket) {
      fa.syntax_error = error_before_end_in_brackets(text, parser, *stop);
      return out;
    }
    if (stop && stop->kind == TokenizerStop::Kind::Indentation) {
      fa.syntax_error = error_before_tokenizer_stops(text, parser, std::move(stop->error));
      return out;
    }
    // Where the stop's report is not known, the indentation as far as it goes.
    if (stop && stop->kind == TokenizerStop::Kind::Unknown)
      if (auto indentation = tokenizer_indentation_error(text)) {
        fa.syntax_error = error_before_tokenizer_stops(text, parser, std::move(*indentation));
        return out;
      }
  }
  if (err) {
    const bool narrowed = parser.narrowed();
    if (colons > 0 && !narrowed)
      if (auto colon = missing_colon_error(text, parser, fa.tree.get(), *err, colons)) err = std::move(colon);
    if (ask_tokenizer && !narrowed)
      if (auto next = error_at_the_next_token(text, fa.lines, parser, fa.tree.get(), *err)) err = std::move(next);
    if (ask_tokenizer)
      if (auto legacy = legacy_statement_error(text, fa.lines, *err)) err = std::move(legacy);
    if (ask_tokenizer && !narrowed)
      if (auto earlier = error_before_the_grammars(text, fa.lines, parser, fa.tree.get(), *err)) err = std::move(earlier);
    fa.syntax_error = std::move(err);
    return out;
  }
  SemanticModel& model = fa.model;
  const LineIndex& lines = fa.lines;
  fa.table = std::make_unique<NodeTable>(fa.tree.get());
  NodeTable::Scope table_scope(fa.table.get());
  TSNode root = ts_tree_root_node(fa.tree.get());
  model.push_scope(ScopeKind::Module, root, 0);

  // The tree is read once, into the node table: the walk below and every later question about a
  // node's children or parent (the model's, the rules') are answered from it. The walk is over
  // named nodes only: tokens (punctuation, keywords, operators) carry nothing the model needs.
  // Each open scope remembers the depth of the node that opened it; leaving that depth closes it.
  std::vector<OpenScope> scope_stack{{0, 0}};
  std::vector<TSNode> ancestors;  // ancestors[d]: the node at depth d on the current path
  std::vector<Kind> ancestor_kinds;  // and its kind
  // Errors the grammar lets through: the layout Python requires, and reserved words as names.
  LayoutChecker layout(text, lines);
  GrammarGapChecker gaps(text);
  CompileChecker compile(text, model, top_level_await);  // and what Python's compiler refuses
  TSNode reserved_word{};  // the first identifier spelled as a reserved word (see is_reserved_word)
  const Grammar& g = Grammar::get();
  const TSFieldId attribute_field = g.field(Field::AttributeField), object_field = g.field(Field::Object);
  const TSFieldId name_field = g.field(Field::Name), value_field = g.field(Field::Value);
  const TSFieldId left_field = g.field(Field::Left), right_field = g.field(Field::Right);

  // `index`: the node's position among its parent's named children.
  uint32_t max_depth = 0;
  auto visit = [&](TSNode node, Kind kind, uint32_t depth, uint32_t index) {
    max_depth = std::max(max_depth, depth);
    layout.enter(node, kind, depth);
    uint32_t scope = scope_stack.back().id;
    if (ancestors.size() <= depth) {
      ancestors.resize(depth + 1);
      ancestor_kinds.resize(depth + 1);
    }
    ancestors[depth] = node;
    ancestor_kinds[depth] = kind;
    gaps.enter(node, kind, depth >= 1 ? ancestors[depth - 1] : TSNode{},
               depth >= 1 ? ancestor_kinds[depth - 1] : Kind::Other, depth);
    if (kind == Kind::Identifier) {
      if (ts_node_is_null(reserved_word) && is_reserved_word_at(text, ts_node_start_byte(node))) reserved_word = node;
      if (compile.watches_debug() && node_text(node, text) == "__debug__")
        compile.identifier(node, depth, ancestors, ancestor_kinds);
      // Record reads; attribute names, keyword names and import paths name no variable.
      TSNode parent = depth >= 1 ? ancestors[depth - 1] : TSNode{};
      Kind pk = depth >= 1 ? ancestor_kinds[depth - 1] : Kind::Other;
      // The identifier's field where a reader of the model asks for it (Reference::field). An
      // attribute's object and a keyword argument's name come first: nothing can precede them.
      TSFieldId field = 0;
      if (pk == Kind::Attribute) {
        field = index == 0 ? object_field : attribute_field;
      } else if (pk == Kind::KeywordArgument) {
        field = index == 0 ? name_field : value_field;
      } else if (pk == Kind::Assignment || pk == Kind::AugmentedAssignment || pk == Kind::ForStatement) {
        // The target comes first too; the value may follow an annotation (`x: int = 0`).
        field = index == 0 ? left_field : ts_node_eq(child_by_field(parent, Field::Right), node) ? right_field : 0;
      }
      if (pk == Kind::Call && index == 0 && evaluates_caller_names(parent, node, text))
        model.mark_dynamic_at(scope, ts_node_start_byte(node));
      TSNode grandparent = depth >= 2 ? ancestors[depth - 2] : TSNode{};
      Kind gk = depth >= 2 ? ancestor_kinds[depth - 2] : Kind::Other;
      bool in_pattern = gk == Kind::CasePattern || gk == Kind::KeywordPattern;
      if (pk == Kind::SplatPattern || (pk == Kind::AsPattern && gk == Kind::CasePattern)) {
        // `case [x, *rest]`, `case {**rest}`, `case P() as p`: captures bind.
        if (node_text(node, text) != "_") model.add_binding(scope, BindingKind::MatchCapture, node);
      } else if (pk == Kind::DottedName && in_pattern) {
        // `case name:` captures; `case Color.RED:` reads Color.
        if (named_child_count(parent) == 1) {
          if (node_text(node, text) != "_") model.add_binding(scope, BindingKind::MatchCapture, node);
        } else if (index == 0) {
          model.add_reference(node, scope, parent, grandparent, field);
        }
      } else {
        bool names_variable = !((pk == Kind::Attribute && field == attribute_field) ||
                                (pk == Kind::KeywordArgument && field == name_field) || pk == Kind::DottedName ||
                                pk == Kind::AliasedImport || pk == Kind::GlobalStatement ||
                                pk == Kind::NonlocalStatement || pk == Kind::KeywordPattern);
        if (names_variable) model.add_reference(node, scope, parent, grandparent, field);
      }
      return;
    }
    compile.enter(node, kind, depth, scope, ancestors, ancestor_kinds, scope_stack);
    if (kind == Kind::Comment) {
      uint32_t s = ts_node_start_byte(node);
      fa.comments.emplace_back(s, ts_node_end_byte(node));
      fa.noqa.add_comment(node_text(node, text), lines.row_of(s) + 1, s);
      return;
    }
    if (kind == Kind::LineContinuation) {
      // The backslash's line cannot carry a comment: its findings take the next line's.
      uint32_t row = lines.row_of(ts_node_start_byte(node));
      fa.noqa_lines.add(lines.line_start(row),
                        row + 1 < lines.line_count() ? lines.line_start(row + 1) : static_cast<uint32_t>(text.size()));
      return;
    }
    if (kind == Kind::String) {
      std::string_view t = node_text(node, text);
      gaps.string_literal(node, t, depth >= 1 ? ancestor_kinds[depth - 1] : Kind::Other,
                          depth >= 1 ? ancestors[depth - 1] : TSNode{});
      // A triple-quoted string or an f-string over several lines: findings on its first line or
      // inside it take the row of its closing quote.
      if (std::optional<StringParts> parts = string_parts(t)) {
        bool fstring = parts->prefix.find_first_of("fF") != std::string_view::npos;
        if ((parts->quotes == 3 || fstring) && t.find_first_of("\r\n") != std::string_view::npos) {
          uint32_t s = ts_node_start_byte(node);
          fa.noqa_lines.add(lines.line_start(lines.row_of(s)), ts_node_end_byte(node));
        }
      }
      // tree-sitter's scanner skips a backslash continuation when a string follows it, so no
      // line_continuation node marks the lines it joins: they are found here, back from the
      // string's first line over lines that hold nothing else.
      for (uint32_t at = ts_node_start_byte(node);;) {
        at = blanks_before(text, at);
        if (at == 0 || text[at - 1] != '\n') break;
        uint32_t backslash = at - 1;
        if (backslash > 0 && text[backslash - 1] == '\r') --backslash;
        if (backslash == 0 || text[--backslash] != '\\' || inside_string_or_comment(root, backslash)) break;
        uint32_t row = lines.row_of(backslash);
        fa.noqa_lines.add(lines.line_start(row), lines.line_start(row + 1));
        at = backslash;
      }
    }
    if (kind != Kind::Other) {
      if (kind == Kind::WithStatement)
        if (TSNode raising = expected_to_raise(node, text); !ts_node_is_null(raising))
          fa.raising.emplace_back(ts_node_start_byte(raising), ts_node_end_byte(raising));
      if (kind == Kind::FunctionDefinition || kind == Kind::ClassDefinition) {
        TSNode name = child_by_field(node, Field::Name);
        if (is(name, Kind::Identifier))
          model.add_binding(scope, kind == Kind::FunctionDefinition ? BindingKind::FunctionDef : BindingKind::ClassDef,
                            name);
      }
      if (opens_scope(kind)) {
        uint32_t inner = model.push_scope(scope_kind_for(kind), node, scope);
        scope_stack.push_back({depth, inner});
        if (kind == Kind::FunctionDefinition || kind == Kind::Lambda) {
          TSNode params = child_by_field(node, Field::ParametersField);
          if (!ts_node_is_null(params)) model.bind_parameters(params, inner);
        }
        scope = inner;
      } else if (kind == Kind::ForInClause) {
        model.bind_targets(child_by_field(node, Field::Left), scope, BindingKind::LoopTarget, TSNode{});
      } else {
        model.bind_from(node, kind, scope, depth >= 1 ? ancestor_kinds[depth - 1] : Kind::Other);
      }
      if (kind == Kind::Call) {
        std::string_view callee = leading_dotted_name(node, text);
        if (is_dynamic_call(node, callee, text) || reads_own_frame(node, callee, text))
          model.mark_dynamic_at(scope, ts_node_start_byte(node));
        if (is_globals_call(node, callee, text)) model.mark_dynamic(0);
      }
      if (kind == Kind::Attribute && index == 0 && depth >= 1 && ancestor_kinds[depth - 1] == Kind::Call &&
          evaluates_caller_names(ancestors[depth - 1], node, text))
        model.mark_dynamic_at(scope, ts_node_start_byte(node));
      if (wanted.test(static_cast<size_t>(kind)))
        fa.nodes.push_back({node, scope});
    }
  };
  // Leaving the node at `depth`: close the scopes it (or its descendants) opened.
  auto leave = [&](uint32_t depth) {
    layout.leave(depth);
    while (scope_stack.size() > 1 && scope_stack.back().depth >= depth) scope_stack.pop_back();
  };
  walk_tree(*fa.table, text, visit, leave);
  fa.noqa_lines.finish();
  // A number the grammar took and CPython's tokenizer refuses: the tokenizer's first error wins.
  if (ask_tokenizer && gaps.tokenizer_refuses_a_number())
    if (auto stop = first_tokenizer_stop(text); stop && stop->kind == TokenizerStop::Kind::Error) {
      fa.syntax_error = error_unless_indented_before(text, parser, *stop);
      return out;
    }
  if (!ts_node_is_null(reserved_word)) {
    uint32_t s = ts_node_start_byte(reserved_word);
    fa.syntax_error = SyntaxErrorInfo{s, ts_node_end_byte(reserved_word), "SyntaxError: invalid syntax"};
  }
  // CPython's tokenizer limits nesting (brackets, indentation): only a deep tree can pass them.
  if (max_depth >= 200)
    if (auto limit = nesting_limit_error(root); limit && (!fa.syntax_error || limit->start < fa.syntax_error->start))
      fa.syntax_error = std::move(limit);
  if (layout.error() && (!fa.syntax_error || layout.error()->start < fa.syntax_error->start))
    fa.syntax_error = layout.error();
  if (gaps.error() && (!fa.syntax_error || gaps.error()->start < fa.syntax_error->start))
    fa.syntax_error = gaps.error();
  if (fa.syntax_error || !ask_tokenizer) return out;
  model.finish();
  compile.finish();
  fa.syntax_error = compile.error();
  return out;
}

}  // namespace

LintResult lint(std::string_view text, std::string_view newline, const Settings& settings, Parser& parser,
                const RowNamer* row_namer, Tree* tree, const std::vector<uint32_t>* cell_ends) {
  LintResult result;
  // Which rules want which node kinds, for the rules enabled on this file.
  std::array<std::vector<const Rule*>, static_cast<size_t>(Kind::Count_)> subscribers;
  KindSet wanted;
  auto rules = all_rules();
  // Rules that need the same words share one list (the MEM5xx rules): the text is searched once per list.
  std::vector<std::pair<const std::string_view*, bool>> word_lists_found;
  auto holds_a_word = [&](std::span<const std::string_view> words) {
    for (const auto& [list, found] : word_lists_found)
      if (list == words.data()) return found;
    bool found = std::any_of(words.begin(), words.end(), [&](std::string_view w) { return text.find(w) != text.npos; });
    word_lists_found.emplace_back(words.data(), found);
    return found;
  };
  for (size_t i = 0; i < rules.size(); ++i) {
    if (!settings.enabled.test(i)) continue;
    auto needs = rules[i]->needs_text();
    if (!needs.empty() && !holds_a_word(needs)) continue;
    for (Kind k : rules[i]->kinds()) {
      subscribers[static_cast<size_t>(k)].push_back(rules[i].get());
      wanted.set(static_cast<size_t>(k));
    }
  }
  // A notebook's cells may `await` at their top level, as IPython runs them.
  auto fa = analyze(text, parser, wanted, tree ? tree->get() : nullptr, cell_ends != nullptr);
  if (fa->syntax_error) {
    result.syntax_error = true;
    Diagnostic d = make_engine_diagnostic(kSyntaxErrorCode, fa->syntax_error->message);
    d.start = fa->syntax_error->start;
    d.end = fa->syntax_error->end;
    locate(d, fa->lines);
    result.diagnostics.push_back(std::move(d));
    if (tree) *tree = std::move(fa->tree);
    return result;
  }

  NodeTable::Scope table_scope(fa->table.get());
  fa->model.set_test_module(settings.test_module);
  if (cell_ends) fa->model.set_cell_ends(*cell_ends);
  std::vector<Diagnostic> found;
  ValueAnalyzer values(fa->model, text, settings.min_bytes);
  Context ctx(text, fa->model, values, fa->lines, settings, newline, found);
  ctx.set_row_namer(row_namer);
  for (const auto& p : fa->nodes) {
    ctx.set_scope(p.scope);
    for (const Rule* rule : subscribers[static_cast<size_t>(kind_of(p.node))]) rule->check(p.node, ctx);
  }

  for (auto& d : found) {
    // A rule the configuration makes unfixable (`unfixable`, `fixable`) offers no fix, as in Ruff,
    // and `extend-safe-fixes` / `extend-unsafe-fixes` change how safe its fix counts.
    if (d.fix) adjust_fix(d, settings);
    // Nothing a statement expected to raise would build is kept.
    if (std::any_of(fa->raising.begin(), fa->raising.end(),
                    [&](const auto& r) { return r.first <= d.start && d.start < r.second; }))
      continue;
    // A fix that would delete or rewrite a comment is never safe.
    if (d.fix && d.fix->applicability == Applicability::Safe)
      for (const auto& e : d.fix->edits)
        for (const auto& [cs, ce] : fa->comments)
          if (e.start < ce && cs < e.end && d.fix->applicability == Applicability::Safe) {
            d.fix->applicability = Applicability::Unsafe;
            d.fix->title += " (unsafe: it would delete or rewrite a comment)";
          }
    locate(d, fa->lines, &fa->noqa_lines);
    if (settings.ignore_noqa || !fa->noqa.suppress(d.code, d.noqa_row)) result.diagnostics.push_back(std::move(d));
  }
  // Then the directives that silenced none of them (PML100), each on its own row.
  static const size_t unused_noqa = *rule_index(kUnusedNoqaCode);
  if (!settings.ignore_noqa && settings.enabled.test(unused_noqa))
    for (Diagnostic& d : unused_noqa_findings(fa->noqa, text, settings.enabled)) {
      if (fa->noqa.file_suppresses(d.code)) continue;
      if (d.fix) adjust_fix(d, settings);
      locate(d, fa->lines);
      result.diagnostics.push_back(std::move(d));
    }
  std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.start != b.start) return a.start < b.start;
    return a.code < b.code;
  });
  if (tree) *tree = std::move(fa->tree);
  return result;
}

size_t apply_fixes(std::string& text, const std::vector<Diagnostic>& diagnostics, Applicability minimum,
                   std::map<std::string, uint32_t>* counts) {
  std::vector<const Diagnostic*> candidates;
  for (const auto& d : diagnostics)
    if (d.fix && is_applicable(*d.fix, minimum)) candidates.push_back(&d);
  std::stable_sort(candidates.begin(), candidates.end(), [](const Diagnostic* a, const Diagnostic* b) {
    if (a->fix->start() != b->fix->start()) return a->fix->start() < b->fix->start();
    return a->code < b->code;
  });
  std::string out;
  out.reserve(text.size() + 64);
  uint32_t copied = 0;      // text[0, copied) is in `out`
  int64_t last_end = -1;    // end of the last applied fix's range
  size_t applied = 0;
  std::set<std::string_view> isolated;  // the isolation keys of the fixes applied in this round
  for (const Diagnostic* d : candidates) {
    std::vector<Edit> edits = d->fix->edits;
    std::sort(edits.begin(), edits.end(), [](const Edit& a, const Edit& b) { return a.start < b.start; });
    // Overlapping (or touching, so insertion order stays unambiguous) fixes wait for the next round.
    if (static_cast<int64_t>(edits.front().start) <= last_end) continue;
    // So does a fix whose safety rests on a name another fix of this round changes.
    if (std::any_of(d->fix->isolation.begin(), d->fix->isolation.end(),
                    [&](const std::string& k) { return isolated.count(k) > 0; }))
      continue;
    bool self_overlap = false;
    for (size_t i = 1; i < edits.size(); ++i)
      if (edits[i].start < edits[i - 1].end) self_overlap = true;
    if (self_overlap || edits.back().end > text.size()) continue;
    for (const auto& e : edits) {
      out.append(text, copied, e.start - copied);
      out += e.content;
      copied = e.end;
    }
    last_end = d->fix->end();
    isolated.insert(d->fix->isolation.begin(), d->fix->isolation.end());
    ++applied;
    if (counts) ++(*counts)[d->code];
  }
  if (applied == 0) return 0;
  out.append(text, copied, std::string::npos);
  text = std::move(out);
  return applied;
}

FixResult fix(std::string text, std::string_view newline, const Settings& settings, Parser& parser,
              Applicability minimum) {
  return fix_loop(std::move(text), [&](std::string_view t) { return lint(t, newline, settings, parser); }, minimum);
}

FixResult fix_loop(std::string text, const LintFunction& lint_text, Applicability minimum) {
  auto rounds = fix_rounds(
      std::move(text), [&](const std::string& t) { return lint_text(t); },
      [](std::string& t, const std::vector<Diagnostic>& diagnostics, Applicability min,
         std::map<std::string, uint32_t>* counts) { return apply_fixes(t, diagnostics, min, counts); },
      minimum);
  FixResult result;
  result.text = std::move(rounds.state);
  result.fixed = std::move(rounds.fixed);
  result.remaining = std::move(rounds.remaining);
  result.error = std::move(rounds.error);
  return result;
}

}  // namespace pml
