#include "analyzer/syntax.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "analyzer/source.h"

namespace pml {

namespace {
constexpr std::string_view kKindNames[] = {
    "<other>",
#define PML_KIND_NAME(name, str) str,
    PML_NODE_KINDS(PML_KIND_NAME)
#undef PML_KIND_NAME
};
constexpr std::string_view kFieldNames[] = {
#define PML_FIELD_NAME(name, str) str,
    PML_FIELDS(PML_FIELD_NAME)
#undef PML_FIELD_NAME
};
}  // namespace

std::string_view Grammar::kind_name(Kind k) { return kKindNames[static_cast<size_t>(k)]; }

Grammar::Grammar() : language_(tree_sitter_python()) {
  std::unordered_map<std::string_view, Kind> by_name;
  for (size_t i = 1; i < static_cast<size_t>(Kind::Count_); ++i) by_name.emplace(kKindNames[i], static_cast<Kind>(i));
  uint32_t count = ts_language_symbol_count(language_);
  kinds_.assign(count, Kind::Other);
  for (uint32_t s = 0; s < count; ++s) {
    auto type = ts_language_symbol_type(language_, static_cast<TSSymbol>(s));
    if (type != TSSymbolTypeRegular) continue;
    const char* name = ts_language_symbol_name(language_, static_cast<TSSymbol>(s));
    if (auto it = by_name.find(name); it != by_name.end()) kinds_[s] = it->second;
  }
  for (size_t f = 0; f < static_cast<size_t>(Field::Count_); ++f) {
    auto name = kFieldNames[f];
    fields_[f] = ts_language_field_id_for_name(language_, name.data(), static_cast<uint32_t>(name.size()));
    if (fields_[f] == 0) throw std::logic_error("tree-sitter-python has no field " + std::string(name));
  }
}

namespace detail {
thread_local const NodeTable* active_table = nullptr;
}  // namespace detail

NodeTable::NodeTable(const TSTree* tree) : tree_(tree) {
  TSNode root = ts_tree_root_node(tree);
  clean_ = !ts_node_has_error(root);
  entries_.reserve(ts_node_end_byte(root) / 8 + 16);  // about a named node per 8 bytes of code
  add(root, kNone);
  // Each node's named children are appended together when the node is expanded; the stack holds
  // the nodes still to expand, the first child on top (so the entries follow the text's order
  // closely, and a node's subtree lies near it).
  std::vector<uint32_t> pending{0};
  NamedChildStepper children;
  while (!pending.empty()) {
    uint32_t p = pending.back();
    pending.pop_back();
    auto first = static_cast<uint32_t>(entries_.size());
    children.for_each(node(p), [&](TSNode c) {
      add(c, p);
      return true;
    });
    auto count = static_cast<uint32_t>(entries_.size()) - first;
    entries_[p].first_child = first;
    entries_[p].child_count = count;
    for (uint32_t i = first + count; i > first; --i) pending.push_back(i - 1);
  }
  size_t capacity = 16;
  while (capacity < entries_.size() * 5 / 4) capacity *= 2;
  slots_.assign(capacity, Slot{});
  mask_ = capacity - 1;
  shift_ = 64 - static_cast<unsigned>(__builtin_ctzll(capacity));
  for (uint32_t i = 0; i < entries_.size(); ++i) insert(entries_[i].id, i);
}

namespace {
constexpr int kAsk = -1;     // the grammar rule does not decide: tree-sitter is asked
constexpr int kAbsent = -2;  // the node has no child in the field

// Where field `f` of a node of kind `k` is among its named children `c[0..count)`, for the rules
// of the grammar (tree-sitter-python 0.23.6) that place their named fields in a fixed order, when
// no extra (a comment, a line continuation) is among the children. tests/test_node_table.cpp checks
// every answer against tree-sitter's.
int fixed_field(Kind k, Field f, const NodeTable::Entry* c, uint32_t count) {
  auto pair = [&](Field first, Field second) { return count != 2 ? kAsk : f == first ? 0 : f == second ? 1 : kAsk; };
  switch (k) {
    case Kind::Call:
      return pair(Field::Function, Field::Arguments);
    case Kind::Attribute:
      return pair(Field::Object, Field::AttributeField);
    case Kind::KeywordArgument:
    case Kind::DefaultParameter:
      return pair(Field::Name, Field::Value);
    case Kind::BinaryOperator:  // the operator is anonymous: asked
    case Kind::AugmentedAssignment:
      return pair(Field::Left, Field::Right);
    case Kind::AliasedImport:
      return pair(Field::Name, Field::Alias);
    case Kind::Assignment: {  // left, then `= right`, `: type` or `: type = right`
      bool typed = count >= 2 && c[1].kind == Kind::Type;
      if (f == Field::Left) return 0;
      if (count == 2 && f == Field::Type) return typed ? 1 : kAbsent;
      if (count == 2 && f == Field::Right) return typed ? kAbsent : 1;
      if (count == 3 && typed && (f == Field::Type || f == Field::Right)) return f == Field::Type ? 1 : 2;
      return kAsk;
    }
    case Kind::TypedDefaultParameter:
      if (count != 3) return kAsk;
      return f == Field::Name ? 0 : f == Field::Type ? 1 : f == Field::Value ? 2 : kAsk;
    case Kind::Subscript:  // value, then one or more subscripts: the first answers
    case Kind::ForInClause:  // left, then one or more right values
      if (count < 2) return kAsk;
      return f == (k == Kind::Subscript ? Field::Value : Field::Left) ? 0
             : f == (k == Kind::Subscript ? Field::Subscript : Field::Right) ? 1
                                                                                : kAsk;
    case Kind::ForStatement:  // left, right, body, then maybe an else clause
      if (count < 3 || c[2].kind != Kind::Block) return kAsk;
      return f == Field::Left ? 0 : f == Field::Right ? 1 : f == Field::Body ? 2 : kAsk;
    case Kind::IfStatement:  // condition, consequence, then the elif and else clauses
      if (count < 2 || c[1].kind != Kind::Block) return kAsk;
      return f == Field::Condition ? 0 : f == Field::Consequence ? 1 : kAsk;
    case Kind::FunctionDefinition:  // name, [type parameters], parameters, [return type], body
      if (f == Field::Name) return 0;
      if (f == Field::ParametersField && count >= 2 && c[1].kind == Kind::Parameters) return 1;
      if (f == Field::Body && c[count - 1].kind == Kind::Block) return static_cast<int>(count) - 1;
      return kAsk;
    case Kind::ClassDefinition:
      return f == Field::Name ? 0 : kAsk;
    case Kind::ImportFromStatement:
      return f == Field::ModuleName ? 0 : kAsk;
    case Kind::UnaryOperator:  // the operator is anonymous: asked
    case Kind::WithItem:
      if (count != 1) return kAsk;
      return f == (k == Kind::UnaryOperator ? Field::Argument : Field::Value) ? 0 : kAsk;
    default:
      return kAsk;
  }
}
}  // namespace

TSNode NodeTable::child_by_field(uint32_t i, Field f) const {
  const Entry& e = entries_[i];
  if (clean_ && e.child_count > 0 && e.child_count <= 8) {  // an error moves children around
    const Entry* c = &entries_[e.first_child];
    bool extras = false;
    for (uint32_t k = 0; k < e.child_count; ++k)
      extras = extras || c[k].kind == Kind::Comment || c[k].kind == Kind::LineContinuation;
    if (int at = extras ? kAsk : fixed_field(e.kind, f, c, e.child_count); at != kAsk)
      return at == kAbsent ? TSNode{} : node(e.first_child + static_cast<uint32_t>(at));
  }
  TSFieldId field = Grammar::get().field(f);
  if (field_answers_.empty()) {
    // About one slot per node: rules ask a few fields of some nodes (calls, assignments), none
    // of most (names, numbers). Up to 2^15 slots (384 KiB) stay within the caches.
    size_t slots = 256;
    while (slots < entries_.size() && slots < (size_t{1} << 15)) slots *= 2;
    field_answers_.assign(slots, FieldAnswer{});
  }
  uint64_t h = (uint64_t{i} * 0x9E3779B97F4A7C15ull) ^ (uint64_t{field} * 0xC2B2AE3D27D4EB4Full);
  FieldAnswer& a = field_answers_[(h >> 32) & (field_answers_.size() - 1)];
  if (a.node == i && a.field == field) return a.child == kNone ? TSNode{} : node(a.child);
  TSNode child = ts_node_child_by_field_id(node(i), field);
  uint32_t c = ts_node_is_null(child) ? kNone : find(child);
  if (c != kNone || ts_node_is_null(child)) a = {i, c, field};
  return child;
}

void NodeTable::add(TSNode n, uint32_t parent) {
  // The fourth word of a TSNode is the symbol an alias gives the node, 0 for none; tree-sitter's
  // symbol, type and is-named questions read it, when set, instead of the node's own data. An
  // entry sets it to the node's public symbol, which answers them alike (a grammar's public
  // symbols map to themselves) but keeps those questions, asked about the table's nodes all
  // through the analysis, out of the tree's memory, where they were cache misses.
  TSSymbol symbol = ts_node_symbol(n);
  uint32_t alias = n.context[3] != 0 ? n.context[3] : symbol;
  entries_.push_back({{n.context[0], n.context[1], n.context[2], alias}, n.id, parent, 0, 0, Grammar::get().kind_of_symbol(symbol)});
}

void NodeTable::insert(const void* id, uint32_t index) {
  uint64_t h = hash(id);
  size_t at = h >> shift_;
  while (slots_[at].tag != 0) at = (at + 1) & mask_;
  slots_[at] = {static_cast<uint32_t>(h) | 1, index};
}

NodeTable::Scope::Scope(const NodeTable* table) : previous_(detail::active_table) { detail::active_table = table; }
NodeTable::Scope::~Scope() { detail::active_table = previous_; }

ArgumentShape argument_shape(TSNode args) {
  ArgumentShape shape;
  for_each_named_child(args, [&](TSNode a) {
    Kind k = kind_of(a);
    if (k == Kind::ListSplat || k == Kind::DictionarySplat) shape.unpacking = true;
    else if (k != Kind::KeywordArgument && k != Kind::Comment) ++shape.positional;
    return true;
  });
  return shape;
}

TSNode argument(TSNode args, int pos, std::string_view keyword, std::string_view text) {
  int index = 0;
  bool positional_open = true;
  TSNode found{}, keyword_value{};
  for_each_named_child(args, [&](TSNode a) {
    Kind k = kind_of(a);
    if (k == Kind::Comment) return true;
    if (k == Kind::KeywordArgument) {
      positional_open = false;
      if (!keyword.empty() && node_text(child_by_field(a, Field::Name), text) == keyword) {
        keyword_value = child_by_field(a, Field::Value);
        return false;
      }
      return true;
    }
    if (k == Kind::ListSplat || k == Kind::DictionarySplat) {
      positional_open = false;
      return true;
    }
    if (positional_open && index++ == pos && pos >= 0) found = a;
    return true;
  });
  return ts_node_is_null(keyword_value) ? found : keyword_value;
}

TSNode strip_parens(TSNode n) {
  while (is(n, Kind::ParenthesizedExpression) && named_child_count(n) == 1) n = named_child(n, 0);
  return n;
}

bool inside_loop(TSNode node) {
  for (TSNode n = parent_of(node); !ts_node_is_null(n); n = parent_of(n)) {
    Kind k = kind_of(n);
    if (k == Kind::ForStatement || k == Kind::WhileStatement) return true;
    if (k == Kind::FunctionDefinition || k == Kind::ClassDefinition || k == Kind::Lambda) return false;
  }
  return false;
}

std::string_view string_prefix(TSNode string, std::string_view text) {
  std::string_view s = node_text(string, text);
  return s.substr(0, s.find_first_of("'\""));
}

std::optional<std::string_view> literal_string_content(TSNode string, std::string_view text) {
  string = strip_parens(string);
  if (!is(string, Kind::String)) return std::nullopt;
  uint32_t parts = named_child_count(string);  // start, [content,] end
  if (parts == 2) return std::string_view();
  TSNode content = parts == 3 ? named_child(string, 1) : TSNode{};
  if (ts_node_is_null(content) || std::string_view(ts_node_type(content)) != "string_content") return std::nullopt;
  std::string_view body = node_text(content, text);
  if (body.find('\\') != std::string_view::npos) return std::nullopt;
  return body;
}

Parser::Parser() : parser_(ts_parser_new()) {
  if (!ts_parser_set_language(parser_, Grammar::get().language()))
    throw std::runtime_error("tree-sitter could not load the Python grammar (ABI mismatch)");
}
Parser::~Parser() { ts_parser_delete(parser_); }

namespace {

// libtree-sitter 0.20.7 (Debian 12) corrupts its heap on about 65,535 consecutive "extra" tokens
// with no real token between them (tree-sitter issue #2134, fixed in 0.20.8): a run of that many
// comment lines crashes the process. Such runs are never real code, so the parser is told to skip
// the middle of any run of kLongRun or more comment-only, blank or continuation-only lines, through
// included ranges: positions keep their meaning, only those comments are absent from the tree.
constexpr uint32_t kLongRun = 20000;  // lines; far below the limit even at two extras per line
constexpr uint32_t kRunKept = 100;    // lines kept at each end of a long run (e.g. file-level noqa)

bool extra_only_line(std::string_view line) {
  size_t i = line.find_first_not_of(" \t\f\r");
  return i == std::string_view::npos || line[i] == '#' || line.substr(i) == "\\" || line.substr(i) == "\\\r";
}

// The byte ranges to parse: everything but the middle of long runs; empty when nothing is skipped.
std::vector<TSRange> ranges_without_long_comment_runs(std::string_view text) {
  struct LineStart {
    uint32_t offset, row;
  };
  std::vector<LineStart> run;  // the current run's lines
  std::vector<std::pair<LineStart, LineStart>> skipped;
  auto close_run = [&] {
    if (run.size() >= kLongRun) skipped.emplace_back(run[kRunKept], run[run.size() - kRunKept]);
    run.clear();
  };
  uint32_t row = 0;
  for (size_t pos = 0; pos < text.size(); ++row) {
    size_t nl = text.find('\n', pos);
    size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
    if (extra_only_line(text.substr(pos, (nl == std::string_view::npos ? text.size() : nl) - pos)))
      run.push_back({static_cast<uint32_t>(pos), row});
    else
      close_run();
    pos = end;
  }
  close_run();
  std::vector<TSRange> ranges;
  if (skipped.empty()) return ranges;
  // Skipped pieces are whole lines, so every range starts at column 0 (or at the file's start).
  LineStart from{0, 0};
  for (const auto& [s, e] : skipped) {
    ranges.push_back({TSPoint{from.row, 0}, TSPoint{s.row, 0}, from.offset, s.offset});
    from = e;
  }
  ranges.push_back({TSPoint{from.row, 0}, TSPoint{UINT32_MAX, UINT32_MAX}, from.offset, UINT32_MAX});
  return ranges;
}

// tree-sitter-python ends lines at "\n" only and reads a lone "\r" as blank space: `x = 1\ry = 2`
// would be one line to it, where Python reads two.
bool has_lone_carriage_return(std::string_view text) {
  for (size_t cr = text.find('\r'); cr != std::string_view::npos; cr = text.find('\r', cr + 2))
    if (cr + 1 == text.size() || text[cr + 1] != '\n') return true;
  return false;
}

void narrow_indentation(std::string& text);

// Whether some line is indented past the 255 columns tree-sitter-python's scanner can follow (it
// counts a tab as 8 columns, unlike Python's tokenizer). Parser::parse then gives it a copy with
// narrower indentation, whose structure is the file's as long as CPython's tokenizer takes the
// indentation.
bool has_wide_indentation(std::string_view text) {
  for (size_t pos = 0; pos < text.size();) {
    uint32_t col = 0;
    size_t i = pos;
    for (; i < text.size(); ++i) {
      if (text[i] == ' ') ++col;
      else if (text[i] == '\t') col += 8;
      else if (text[i] == '\f') col = 0;
      else break;
    }
    if (col > 255) return true;
    const void* nl = std::memchr(text.data() + i, '\n', text.size() - i);
    if (nl == nullptr) break;
    pos = static_cast<const char*>(nl) - text.data() + 1;
  }
  return false;
}


// Calls `visit(leaf)` for the leaves of `node` in document order, until it returns false (the
// tokens: a string is one leaf of this walk, so a `*` or a keyword inside one is never seen).
template <typename Visit>
void for_each_leaf(TSNode node, Visit visit) {
  TSTreeCursor cursor = ts_tree_cursor_new(node);
  for (;;) {
    TSNode n = ts_tree_cursor_current_node(&cursor);
    bool string = is(n, Kind::String);
    if (string || !ts_tree_cursor_goto_first_child(&cursor)) {
      if ((string || ts_node_child_count(n) == 0) && !visit(n)) break;
      bool moved = false;
      while (!(moved = ts_tree_cursor_goto_next_sibling(&cursor)))
        if (!ts_tree_cursor_goto_parent(&cursor)) break;
      if (!moved) break;
    }
  }
  ts_tree_cursor_delete(&cursor);
}

// In each statement that holds an error, blanks in `copy` every `*` token that begins an element
// of a comma-separated list: one right after `,`, `=` (or an augmented `+=`...), `return`,
// `yield` or `in`. Whether the copy is then sound is starred_tuple_elements_only's question.
// False when there is no such star.
bool blank_tuple_stars(const TSTree* tree, std::string& copy) {
  // The statements an error node breaks: for each, its outermost ancestor below a block or the
  // module, found on the way down (asking tree-sitter for parents descends from the root each
  // time, which in a deep statement took seconds).
  std::vector<TSNode> statements;
  struct Pending {
    TSNode node;
    TSNode statement;  // the node's outermost ancestor (or itself) below a block or the module
  };
  TSNode root = ts_tree_root_node(tree);
  std::vector<Pending> stack{{root, root}};
  while (!stack.empty()) {
    auto [node, statement] = stack.back();
    stack.pop_back();
    if (is(node, Kind::Error)) {
      if (statements.empty() || !ts_node_eq(statements.back(), statement)) statements.push_back(statement);
      continue;
    }
    bool holds_statements = is(node, Kind::Module) || is(node, Kind::Block);
    for (uint32_t i = ts_node_child_count(node); i-- > 0;) {
      TSNode c = ts_node_child(node, i);
      if (ts_node_has_error(c)) stack.push_back({c, holds_statements ? c : statement});
    }
  }
  bool blanked = false;
  for (TSNode stmt : statements) {
    std::string_view before;
    for_each_leaf(stmt, [&](TSNode leaf) {
      std::string_view type = ts_node_type(leaf);
      // (A star already read as unpacking in brackets, `f(a, *b)` or `[a, *b]`, is left alone.
      // Only a star's parent is asked: tree-sitter finds a node's parent by descending from the
      // root, which for every leaf of a deep statement took seconds.)
      auto in_brackets = [&] {
        TSNode splat = ts_node_parent(leaf);
        Kind bracket = is(splat, Kind::ListSplat) ? kind_of(ts_node_parent(splat)) : Kind::Other;
        return bracket == Kind::ArgumentList || bracket == Kind::List || bracket == Kind::Set || bracket == Kind::Tuple;
      };
      if (type == "*" && ts_node_end_byte(leaf) == ts_node_start_byte(leaf) + 1 && !in_brackets()) {
        bool opens = before.empty() || before == "," || before == "return" || before == "yield" || before == "in" ||
                     (before.size() >= 1 && before.back() == '=' && before != "==" && before != "<=" &&
                      before != ">=" && before != "!=");
        // What follows the star: a name (`*rest`, `*a.b`) already parses as a starred target or
        // element, so only a bracket, a literal or an operator is the grammar's gap.
        size_t next = ts_node_end_byte(leaf);
        while (next < copy.size() && (copy[next] == ' ' || copy[next] == '\t')) ++next;
        unsigned char c = next < copy.size() ? static_cast<unsigned char>(copy[next]) : 0;
        bool name = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
        if (opens && !name && copy[ts_node_start_byte(leaf)] == '*') {
          copy[ts_node_start_byte(leaf)] = ' ';
          blanked = true;
        }
      }
      if (!is(leaf, Kind::Comment)) before = type;
      return true;
    });
  }
  return blanked;
}

// Whether `repaired`, parsed from `copy` (the text with stars blanked by blank_tuple_stars), has
// no error and every blanked star stands before an element of a tuple that Python lets hold a
// starred element: an assignment's or augmented assignment's value, a `return`, a `yield`, an
// expression statement or a `for` loop's iterable (not a `del` target, nor a lone value: `x = *a`
// is an error).
bool starred_tuple_elements_only(const TSTree* repaired, std::string_view text, std::string_view copy) {
  TSNode root = ts_tree_root_node(repaired);
  if (ts_node_has_error(root)) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == copy[i]) continue;
    size_t j = i + 1;
    while (j < copy.size() && (copy[j] == ' ' || copy[j] == '\t')) ++j;
    if (j == copy.size()) return false;
    TSNode element = ts_node_named_descendant_for_byte_range(root, static_cast<uint32_t>(j), static_cast<uint32_t>(j + 1));
    while (!ts_node_is_null(element) && ts_node_start_byte(element) == j) {
      TSNode p = ts_node_parent(element);
      if (ts_node_is_null(p) || ts_node_start_byte(p) != j || is(p, Kind::ExpressionList) ||
          is(p, Kind::ExpressionStatement))
        break;
      element = p;
    }
    TSNode list = ts_node_parent(element);
    if (ts_node_is_null(element) || ts_node_start_byte(element) != j) return false;
    // An expression statement of several values holds them itself (`a, *b`).
    if (is(list, Kind::ExpressionStatement) && named_child_count(list) > 1) continue;
    if (!is(list, Kind::ExpressionList)) return false;
    TSNode holder = ts_node_parent(list);
    Kind k = kind_of(holder);
    if (k == Kind::Assignment || k == Kind::AugmentedAssignment || k == Kind::ForStatement) {
      if (!ts_node_eq(child_by_field(holder, Field::Right), list)) return false;
    } else if (k != Kind::ReturnStatement && k != Kind::Yield && k != Kind::ExpressionStatement) {
      return false;
    }
  }
  return true;
}

}  // namespace

Tree Parser::parse(std::string_view source, const TSTree* old_tree) {
  std::string line_fed;  // only for a text with a lone "\r"
  std::string_view text = source;
  if (has_lone_carriage_return(source)) {
    line_fed.assign(source);
    for (size_t i = 0; i < line_fed.size(); ++i)
      if (line_fed[i] == '\r' && (i + 1 == line_fed.size() || line_fed[i + 1] != '\n')) line_fed[i] = '\n';
    text = line_fed;
  }
  // The scanner keeps each indentation in a byte: past 255 columns it loses the block structure
  // (and the tree gets errors Python does not see). The copy it is given then has each line's
  // blanks in the same bytes, but as few columns as its level needs. tree-sitter could not reuse
  // an old tree's parts soundly across that change: the copy is parsed whole.
  narrowed_ = has_wide_indentation(text);
  if (narrowed_) {
    if (line_fed.empty()) line_fed.assign(source);
    narrow_indentation(line_fed);
    text = line_fed;
    old_tree = nullptr;
  }
  std::vector<TSRange> ranges = ranges_without_long_comment_runs(text);
  ts_parser_set_included_ranges(parser_, ranges.empty() ? nullptr : ranges.data(),
                                static_cast<uint32_t>(ranges.size()));
  Tree tree(ts_parser_parse_string(parser_, old_tree, text.data(), static_cast<uint32_t>(text.size())));
  if (!tree || !ts_node_has_error(ts_tree_root_node(tree.get()))) return tree;
  // A line inside brackets less indented than the statement it continues is nothing to Python, but
  // the grammar's scanner ends blocks there when no closing bracket may come next, and the tree
  // gets errors. The copy given then has such a line's blanks made tabs (eight columns each to the
  // scanner), or, when it starts a comment at column 0, the comment made blanks. Its tree is kept
  // when it has no error: the file's structure and offsets, read as Python reads them.
  if (auto lines = dedented_bracket_lines(text); !lines.empty()) {
    std::string indented(text);
    for (auto [line, first] : lines) {
      if (first > line) {
        std::fill(indented.begin() + line, indented.begin() + first, '\t');
      } else if (indented[first] == '#') {
        for (size_t i = first; i < indented.size() && indented[i] != '\n' && indented[i] != '\r'; ++i)
          indented[i] = ' ';
      }
    }
    Tree repaired(ts_parser_parse_string(parser_, nullptr, indented.data(), static_cast<uint32_t>(indented.size())));
    if (repaired && !ts_node_has_error(ts_tree_root_node(repaired.get()))) return repaired;
  }
  // The grammar takes a starred element of an unparenthesized tuple only when it is a name, an
  // attribute or a subscript (`x = a, *b`): `x = a, *[]`, `return a, *(b)` or `yield a, *f()`
  // come out as errors although Python accepts them (PEP 448, 3.8+, the assignment's right side
  // 3.9+). The copy given then has each such star made a blank, in the same byte: its tree has the
  // file's structure and offsets, with the starred element an element of the tuple.
  std::string starless(text);
  if (!blank_tuple_stars(tree.get(), starless)) return tree;
  Tree repaired(ts_parser_parse_string(parser_, nullptr, starless.data(), static_cast<uint32_t>(starless.size())));
  if (repaired && starred_tuple_elements_only(repaired.get(), text, starless)) return repaired;
  return tree;
}

uint32_t first_token_end(std::string_view text, uint32_t s, uint32_t limit) {
  uint32_t e = s;
  while (e < limit && e < text.size() && text[e] != '\n' && text[e] != '\r' && text[e] != ' ' && text[e] != '\t') ++e;
  if (e == s && s < limit) e = s + 1;
  return e;
}

namespace {

// The last leaf of `node` that starts on `node`'s first row (descending into the last child that
// does, level by level). A cursor steps over each child once: an error node can hold a whole
// one-line file.
TSNode last_token_on_first_row(TSNode node) {
  uint32_t row = ts_node_start_point(node).row;
  TSTreeCursor cursor = ts_tree_cursor_new(node);
  TSNode leaf = node;
  while (ts_tree_cursor_goto_first_child(&cursor)) {
    TSNode pick{};
    do {
      TSNode c = ts_tree_cursor_current_node(&cursor);
      if (ts_node_start_point(c).row != row) break;
      pick = c;
    } while (ts_tree_cursor_goto_next_sibling(&cursor));
    if (ts_node_is_null(pick)) break;
    leaf = pick;
    ts_tree_cursor_reset(&cursor, leaf);
  }
  ts_tree_cursor_delete(&cursor);
  return leaf;
}

}  // namespace

std::optional<SyntaxErrorInfo> nesting_limit_error(TSNode root) {
  constexpr int kMaxBrackets = 200;  // CPython's MAXLEVEL
  constexpr int kMaxLevels = 100;    // CPython's MAXINDENT, the module's level included
  // Every node, tokens included, in document order, with a cursor: the count of open brackets
  // goes up and down with the tokens, and an indented block adds a level while it lasts. The
  // first limit passed is the error: nothing visited later starts earlier.
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  std::optional<SyntaxErrorInfo> found;
  auto fail = [&](TSNode n, const char* message) {
    found = SyntaxErrorInfo{ts_node_start_byte(n), ts_node_end_byte(n), message};
  };
  int brackets = 0, levels = 1;
  std::vector<bool> indented{false};  // by cursor depth: whether the node there is an indented block
  size_t depth = 0;
  while (!found) {
    TSNode n = ts_tree_cursor_current_node(&cursor);
    uint32_t children = ts_node_child_count(n);
    indented[depth] = false;
    if (children == 0) {
      const char* t = ts_node_type(n);
      if (!ts_node_is_named(n) && t[0] != 0 && t[1] == 0) {
        if (t[0] == '(' || t[0] == '[' || t[0] == '{') {
          if (brackets == kMaxBrackets) fail(n, "SyntaxError: too many nested parentheses");
          ++brackets;
        } else if ((t[0] == ')' || t[0] == ']' || t[0] == '}') && brackets > 0) {
          --brackets;
        }
      }
    } else if (is(n, Kind::Block) && named_child_count(n) > 0) {
      // Indented when its first line is not the line of the colon before it (`if x: pass` is not).
      TSNode colon = ts_node_prev_sibling(n);
      if (ts_node_is_null(colon) || ts_node_start_point(n).row > ts_node_end_point(colon).row) {
        indented[depth] = true;
        if (++levels > kMaxLevels) fail(named_child(n, 0), "IndentationError: too many levels of indentation");
      }
    }
    // A string's brackets are its text.
    if (children > 0 && !is(n, Kind::String) && ts_tree_cursor_goto_first_child(&cursor)) {
      if (indented.size() <= ++depth) indented.push_back(false);
      continue;
    }
    // Leave the node, and each parent whose last child it was.
    for (;;) {
      if (indented[depth]) --levels;
      if (ts_tree_cursor_goto_next_sibling(&cursor)) break;
      if (!ts_tree_cursor_goto_parent(&cursor)) {
        ts_tree_cursor_delete(&cursor);
        return found;
      }
      --depth;
    }
  }
  ts_tree_cursor_delete(&cursor);
  return found;
}

namespace {

constexpr const char* kTabError = "TabError: inconsistent use of tabs and spaces in indentation";

// A line's leading blanks as CPython's tokenizer measures them: `col` with tabs to multiples of
// 8, `alt` with tabs of width 1; a form feed starts both again at 0.
struct LineStart {
  uint32_t blanks;  // offset of the line's first byte
  uint32_t first;   // offset of its first non-blank byte
  uint32_t col, alt;
  bool comment;     // only a comment follows the blanks
};

// Calls `line` for each line that starts a logical line outside brackets and holds a token or a
// comment (blank lines and the lines inside strings, brackets or after a backslash are skipped,
// as the tokenizer skips them), until it returns false.
template <typename F>
void for_each_line_start(std::string_view text, F&& line) {
  const size_t n = text.size();
  size_t i = 0;
  int brackets = 0;
  auto newline_at = [&](size_t at) { return at < n && (text[at] == '\n' || text[at] == '\r'); };
  auto skip_newline = [&](size_t at) { return at + (text[at] == '\r' && at + 1 < n && text[at + 1] == '\n' ? 2 : 1); };
  bool at_line_start = true;
  while (i < n) {
    if (at_line_start) {
      at_line_start = false;
      LineStart ls{static_cast<uint32_t>(i), 0, 0, 0, false};
      Indentation indent;
      while (i < n && indent.add(text[i])) ++i;
      ls.col = indent.col;
      ls.alt = indent.alt;
      if (i == n) return;
      ls.first = static_cast<uint32_t>(i);
      ls.comment = text[i] == '#';
      if (!newline_at(i) && brackets == 0 && !line(ls)) return;
    }
    char c = text[i];
    if (c == '\n' || c == '\r') {
      i = skip_newline(i);
      at_line_start = true;
    } else if (c == '#') {
      while (i < n && !newline_at(i)) ++i;
    } else if (c == '\\') {
      ++i;
      if (newline_at(i)) i = skip_newline(i);  // a continued line starts no logical line
    } else if (c == '(' || c == '[' || c == '{') {
      ++brackets;
      ++i;
    } else if (c == ')' || c == ']' || c == '}') {
      if (brackets > 0) --brackets;
      ++i;
    } else if (c == '\'' || c == '"') {
      bool triple = i + 2 < n && text[i + 1] == c && text[i + 2] == c;
      i += triple ? 3 : 1;
      while (i < n) {
        if (text[i] == '\\') {
          i = i + 1 < n && newline_at(i + 1) ? skip_newline(i + 1) : i + 2;
        } else if (text[i] == c && (!triple || (i + 2 < n && text[i + 1] == c && text[i + 2] == c))) {
          i += triple ? 3 : 1;
          break;
        } else if (!triple && newline_at(i)) {
          break;  // unterminated: the line ends it
        } else {
          ++i;
        }
      }
    } else {
      ++i;
    }
  }
}

}  // namespace

namespace {

// Rewrites each logical line's blanks (and each comment line's) as form feeds, which set the
// scanner's column back to 0, then one space per level: the same bytes, the same order between
// any two lines' indentations (what the scanner compares), and at most 255 columns up to the
// 255th level. A line that matches no outer level gets one of its own, as the scanner gives it;
// a comment line gets the level of the deepest block it is not left of.
void narrow_indentation(std::string& text) {
  std::vector<uint32_t> cols{0};
  for_each_line_start(text, [&](const LineStart& ls) {
    size_t level;
    if (ls.comment) {
      level = std::upper_bound(cols.begin(), cols.end(), ls.col) - cols.begin() - 1;
    } else {
      while (cols.size() > 1 && ls.col < cols.back()) cols.pop_back();
      if (ls.col > cols.back()) cols.push_back(ls.col);
      level = cols.size() - 1;
    }
    size_t width = ls.first - ls.blanks;
    size_t spaces = std::min(level, width);
    std::memset(text.data() + ls.blanks, '\f', width - spaces);
    std::memset(text.data() + ls.first - spaces, ' ', spaces);
    return true;
  });
}

}  // namespace

const char* IndentStack::line(const Indentation& indent) {
  constexpr size_t kMaxIndent = 100;  // CPython's MAXINDENT: the stack holds the module's level too
  if (indent.col == cols_.back()) return indent.alt != alts_.back() ? kTabError : nullptr;
  if (indent.col > cols_.back()) {
    if (cols_.size() >= kMaxIndent) return "IndentationError: too many levels of indentation";
    if (indent.alt <= alts_.back()) return kTabError;
    cols_.push_back(indent.col);
    alts_.push_back(indent.alt);
    return nullptr;
  }
  while (cols_.size() > 1 && indent.col < cols_.back()) {
    cols_.pop_back();
    alts_.pop_back();
  }
  if (indent.col != cols_.back()) return "IndentationError: unindent does not match any outer indentation level";
  return indent.alt != alts_.back() ? kTabError : nullptr;
}

std::optional<SyntaxErrorInfo> tokenizer_indentation_error(std::string_view text) {
  IndentStack blocks;
  std::optional<SyntaxErrorInfo> found;
  for_each_line_start(text, [&](const LineStart& ls) {
    if (ls.comment) return true;
    const char* error = blocks.line(Indentation{ls.col, ls.alt});
    if (error) found = SyntaxErrorInfo{ls.first, first_token_end(text, ls.first, ls.first + 1), error};
    return !error;
  });
  return found;
}

namespace {

// The node first_syntax_error reports, in document order: the first missing token, the first error
// node holding no error of its own, or the first node holding an error none of its children shows
// (a hidden token tree-sitter made up: see hidden_token_error). Null if there are only tolerated
// errors.
TSNode first_error_node(const TSTree* tree) {
  TSNode root = ts_tree_root_node(tree);
  if (!ts_node_has_error(root)) return TSNode{};
  // Depth-first over the subtrees that contain errors, in document order (explicit stack).
  std::vector<TSNode> stack{root};
  while (!stack.empty()) {
    TSNode node = stack.back();
    stack.pop_back();
    if (ts_node_is_missing(node)) return node;
    Kind k = kind_of(node);
    // Errors inside a string are tolerated (see first_syntax_error), but a missing end: an
    // unterminated string, whose message the tokenizer's check gives.
    if (k == Kind::String) {
      uint32_t count = ts_node_child_count(node);
      TSNode last = count > 0 ? ts_node_child(node, count - 1) : TSNode{};
      if (!ts_node_is_null(last) && ts_node_is_missing(last)) return last;
      continue;
    }
    if (k == Kind::Error) {
      // An ERROR can wrap a valid prefix: prefer a more precise error inside it, if any.
      bool inner = false;
      for (uint32_t i = ts_node_child_count(node); i-- > 0;) {
        TSNode c = ts_node_child(node, i);
        if (ts_node_has_error(c) && kind_of(c) != Kind::String) inner = true;
      }
      if (!inner) return node;
    }
    size_t before = stack.size();
    for (uint32_t i = ts_node_child_count(node); i-- > 0;) {
      TSNode c = ts_node_child(node, i);
      if (ts_node_has_error(c) || ts_node_is_missing(c)) stack.push_back(c);
    }
    if (stack.size() == before) return node;  // the error is in a hidden child
  }
  return TSNode{};
}


// The words that open a compound statement's header, which ends with a colon. `match` and `case`
// are soft keywords: names elsewhere.
bool opens_header(std::string_view word) {
  static constexpr std::string_view kWords[] = {"if",  "elif",    "else", "while", "for",   "with",  "def",
                                                "class", "try", "except", "except*", "finally", "async", "match", "case"};
  return std::find(std::begin(kWords), std::end(kWords), word) != std::end(kWords);
}

// Whether byte `at` starts a physical line after blanks, the line not continuing the one before
// it with a backslash.
bool first_on_its_line(std::string_view text, uint32_t at) {
  uint32_t i = blanks_before(text, at);
  if (i == 0) return true;
  if (text[i - 1] != '\n' && text[i - 1] != '\r') return false;
  uint32_t j = i - 1;
  if (text[j] == '\n' && j > 0 && text[j - 1] == '\r') --j;
  return !(j > 0 && text[j - 1] == '\\');
}

// The header that starts at byte `start` (its keyword), read as CPython's tokenizer reads a logical
// line: over brackets, strings, comments and backslash continuations, to the first line break
// outside brackets. Empty when the header holds a colon outside brackets (not the walrus's), a
// `;`, a bracket closing none it opened, a string not closed, or when the text ends inside
// brackets: then it is not only its colon the header lacks. Else `insert_at` is the end of its last
// token, and `newline` where CPython's NEWLINE token starts: after the blanks that follow, at a
// comment, a line break or the end of the text.
std::optional<ColonlessHeader> scan_header(std::string_view text, uint32_t start) {
  const uint32_t n = static_cast<uint32_t>(text.size());
  int depth = 0;
  bool comma = false;  // outside brackets
  uint32_t last = start, i = start;
  while (i < n) {
    char c = text[i];
    if (is_blank(c)) {
      ++i;
    } else if (c == '#') {
      while (i < n && text[i] != '\n' && text[i] != '\r') ++i;
    } else if (c == '\\') {
      if (i + 1 < n && text[i + 1] == '\n') i += 2;
      else if (i + 2 < n && text[i + 1] == '\r' && text[i + 2] == '\n') i += 3;
      else if (i + 1 < n && text[i + 1] == '\r') i += 2;
      else return std::nullopt;
    } else if (c == '\n' || c == '\r') {
      if (depth == 0) break;
      ++i;
    } else if (c == '\'' || c == '"') {
      bool triple = i + 2 < n && text[i + 1] == c && text[i + 2] == c;
      i += triple ? 3 : 1;
      for (;;) {
        if (i >= n) return std::nullopt;
        if (text[i] == '\\') {
          i += 2;
        } else if (!triple && (text[i] == '\n' || text[i] == '\r')) {
          return std::nullopt;
        } else if (text[i] == c && (!triple || (i + 2 < n && text[i + 1] == c && text[i + 2] == c))) {
          i += triple ? 3 : 1;
          break;
        } else {
          ++i;
        }
      }
      last = i;
    } else {
      if (c == '(' || c == '[' || c == '{') ++depth;
      if ((c == ')' || c == ']' || c == '}') && --depth < 0) return std::nullopt;
      if (depth == 0 && (c == ';' || (c == ':' && !(i + 1 < n && text[i + 1] == '=')))) return std::nullopt;
      if (depth == 0 && c == ',') comma = true;
      last = ++i;
    }
  }
  if (depth != 0 || last == start) return std::nullopt;
  // The grammar takes Python 2's `except E, e:`, which CPython refuses with the colon too.
  if (comma && text.substr(start).starts_with("except")) return std::nullopt;
  uint32_t at = skip_blanks(text, last);
  if (at < n && text[at] != '#' && text[at] != '\n' && text[at] != '\r') return std::nullopt;
  return ColonlessHeader{start, last, at, false};
}

}  // namespace

std::optional<ColonlessHeader> colonless_header(const TSTree* tree, std::string_view text) {
  TSNode node = first_error_node(tree);
  if (ts_node_is_null(node) || !(ts_node_is_missing(node) || is(node, Kind::Error))) return std::nullopt;
  auto header_at = [&](uint32_t s) -> std::optional<ColonlessHeader> {
    uint32_t e = s;
    while (e < text.size() && (std::isalpha(static_cast<unsigned char>(text[e])) || text[e] == '*')) ++e;
    std::string_view word = text.substr(s, e - s);
    if (!opens_header(word) || !first_on_its_line(text, s)) return std::nullopt;
    auto header = scan_header(text, s);
    if (header) header->soft = word == "match" || word == "case";
    return header;
  };
  // The statements around it, innermost first, that open with a header (the `if` of `if True`
  // followed by its block, where the error node holds only `True`).
  for (TSNode n = parent_of(node); !ts_node_is_null(n); n = parent_of(n)) {
    Kind k = kind_of(n);
    if (k == Kind::Module || k == Kind::Block) continue;
    if (auto header = header_at(ts_node_start_byte(n))) return header;
  }
  // The outermost error node around it: tree-sitter's recovery may start it statements earlier
  // (at the `try:` before an `except E` that lacks the colon).
  TSNode outer{};
  for (TSNode n = node; !ts_node_is_null(n); n = parent_of(n))
    if (kind_of(n) == Kind::Error) outer = n;
  if (ts_node_is_null(outer)) return std::nullopt;
  // Its tokens in document order (string literals skipped), up to the first header keyword that
  // starts a line and whose header holds no colon.
  std::optional<ColonlessHeader> found;
  for_each_leaf(outer, [&](TSNode leaf) {
    uint32_t s = ts_node_start_byte(leaf), e = ts_node_end_byte(leaf);
    if (!is(leaf, Kind::String) && opens_header(text.substr(s, e - s))) found = header_at(s);
    return !found;
  });
  return found;
}

namespace {

bool is_expression(Kind k) {
  switch (k) {
    case Kind::Identifier: case Kind::Integer: case Kind::Float: case Kind::String: case Kind::ConcatenatedString:
    case Kind::True: case Kind::False: case Kind::None: case Kind::Ellipsis: case Kind::Tuple: case Kind::List:
    case Kind::Set: case Kind::Dictionary: case Kind::ParenthesizedExpression: case Kind::ListComprehension:
    case Kind::SetComprehension: case Kind::DictionaryComprehension: case Kind::GeneratorExpression:
    case Kind::UnaryOperator: case Kind::BinaryOperator: case Kind::BooleanOperator: case Kind::NotOperator:
    case Kind::ComparisonOperator: case Kind::ConditionalExpression: case Kind::Lambda: case Kind::Await:
    case Kind::Call: case Kind::Attribute: case Kind::Subscript:
      return true;
    default:
      return false;
  }
}

// The named sibling of `n` before or after it that is not a comment, or null.
TSNode sibling_past_comments(TSNode n, bool before) {
  do n = before ? ts_node_prev_named_sibling(n) : ts_node_next_named_sibling(n);
  while (!ts_node_is_null(n) && kind_of(n) == Kind::Comment);
  return n;
}

// Whether text[from, to) holds only blanks, line breaks, backslash continuations and comments.
bool only_space_between(std::string_view text, uint32_t from, uint32_t to) {
  for (uint32_t i = from; i < to; ++i) {
    char c = text[i];
    if (c == '#') {
      while (i < to && text[i] != '\n' && text[i] != '\r') ++i;
      --i;
    } else if (c != ' ' && c != '\t' && c != '\f' && c != '\n' && c != '\r' && c != '\\') {
      return false;
    }
  }
  return true;
}

// CPython 3.11's "invalid syntax. Perhaps you forgot a comma?": an expression right after another
// inside brackets with nothing between them (`f(a b)`, `[1 2]`, `f(x=1 y)`), from the first's
// start to the second's end. tree-sitter wraps the second in the error node, or the first when a
// keyword argument, a string or a lambda follows it. As in CPython, not when the first is a name
// and the second a string (Python 2's `print "x"`), when the first starts with a soft keyword
// (`match`, `case`, `_`), or when it is `print` or `exec`.
std::optional<SyntaxErrorInfo> missing_comma(TSNode error, std::string_view text) {
  TSNode container = ts_node_parent(error);
  Kind ck = kind_of(container);
  if (ck != Kind::ArgumentList && ck != Kind::List && ck != Kind::Set && ck != Kind::Tuple &&
      ck != Kind::ParenthesizedExpression && ck != Kind::Subscript)
    return std::nullopt;
  TSNode wrapped = ts_node_named_child(error, 0);
  if (ts_node_is_null(wrapped) || ts_node_start_byte(wrapped) != ts_node_start_byte(error) ||
      !is_expression(kind_of(wrapped)))
    return std::nullopt;
  TSNode first{}, second{};
  TSNode before = sibling_past_comments(error, true);
  if (!ts_node_is_null(before) &&
      !(ck == Kind::Subscript && ts_node_eq(before, ts_node_child_by_field_id(container, Grammar::get().field(Field::Value)))) &&
      only_space_between(text, ts_node_end_byte(before), ts_node_start_byte(error))) {
    first = kind_of(before) == Kind::KeywordArgument ? ts_node_child_by_field_id(before, Grammar::get().field(Field::Value))
                                                      : before;
    second = wrapped;
  } else if (ts_node_end_byte(wrapped) == ts_node_end_byte(error)) {
    TSNode after = sibling_past_comments(error, false);
    if (ts_node_is_null(after) || !only_space_between(text, ts_node_end_byte(error), ts_node_start_byte(after)))
      return std::nullopt;
    first = wrapped;
    second = after;
    if (kind_of(after) == Kind::KeywordArgument) second = ts_node_child_by_field_id(after, Grammar::get().field(Field::Name));
  }
  if (ts_node_is_null(first) || ts_node_is_null(second) || !is_expression(kind_of(first)) ||
      !is_expression(kind_of(second)))
    return std::nullopt;
  if (kind_of(first) == Kind::Identifier) {
    std::string_view name = node_text(first, text);
    if (name == "print" || name == "exec" || kind_of(second) == Kind::String ||
        kind_of(second) == Kind::ConcatenatedString)
      return std::nullopt;
  }
  uint32_t s = ts_node_start_byte(first);
  for (std::string_view soft : {"match", "case", "_"})
    if (text.substr(s, soft.size()) == soft &&
        (s + soft.size() >= text.size() || !(std::isalnum(static_cast<unsigned char>(text[s + soft.size()])) ||
                                              text[s + soft.size()] == '_' ||
                                              static_cast<unsigned char>(text[s + soft.size()]) >= 0x80)))
      return std::nullopt;
  return SyntaxErrorInfo{s, ts_node_end_byte(second), "SyntaxError: invalid syntax. Perhaps you forgot a comma?"};
}

// Whether an expression of kind `k` is what CPython's grammar calls a bitwise_or: no comparison,
// `not`, `and`/`or`, conditional, lambda or `:=` at its top.
bool is_bitwise_or(Kind k) {
  return is_expression(k) && k != Kind::ComparisonOperator && k != Kind::NotOperator && k != Kind::BooleanOperator &&
         k != Kind::ConditionalExpression && k != Kind::Lambda;
}

// The expression that starts `n` below its `and`/`or`, comparisons and conditional: what CPython's
// grammar reads first as a bitwise_or there (`1` of `1 == 2 and y`).
TSNode first_bitwise_or(TSNode n) {
  while (is(n, Kind::BooleanOperator) || is(n, Kind::ComparisonOperator) || is(n, Kind::ConditionalExpression))
    n = ts_node_named_child(n, 0);
  return n;
}

// How CPython names an expression that cannot be assigned to (_PyPegen_get_expr_name), for those
// a bitwise_or can be; empty for the ones its rule leaves out (lists, tuples, True, False, None).
std::string_view assigned_expression_name(TSNode n, std::string_view text) {
  switch (kind_of(n)) {
    case Kind::Attribute: return "attribute";
    case Kind::Subscript: return "subscript";
    case Kind::Call: return "function call";
    case Kind::Integer: case Kind::Float: case Kind::ConcatenatedString: return "literal";
    case Kind::String: {
      std::string_view prefix = string_prefix(n, text);
      return prefix.find_first_of("fF") != std::string_view::npos ? "f-string expression" : "literal";
    }
    case Kind::BinaryOperator: case Kind::UnaryOperator: return "expression";
    case Kind::Dictionary: return "dict literal";
    case Kind::Set: return "set display";
    case Kind::ListComprehension: return "list comprehension";
    case Kind::DictionaryComprehension: return "dict comprehension";
    case Kind::SetComprehension: return "set comprehension";
    case Kind::Await: return "await expression";
    case Kind::Ellipsis: return "ellipsis";
    default: return {};
  }
}

// CPython 3.11's errors for `=` written for `==` in an `if`, `elif` or `while` condition:
// `if x = 1:` is "invalid syntax. Maybe you meant '==' or ':=' instead of '='?" from the name to
// the value; `if a.b = 1:` is "cannot assign to attribute here. Maybe you meant '==' instead of
// '='?" at the target. Both only when target and value are bitwise_or expressions and no other `=`
// or `:=` follows. tree-sitter makes the condition of one side and wraps the other with the `=`
// in the error node.
std::optional<SyntaxErrorInfo> assignment_in_condition(TSNode error, std::string_view text) {
  TSNode stmt = ts_node_parent(error);
  Kind sk = kind_of(stmt);
  if (sk != Kind::IfStatement && sk != Kind::ElifClause && sk != Kind::WhileStatement) return std::nullopt;
  TSNode condition = ts_node_child_by_field_id(stmt, Grammar::get().field(Field::Condition));
  if (ts_node_is_null(condition)) return std::nullopt;
  const uint32_t es = ts_node_start_byte(error), ee = ts_node_end_byte(error);
  auto lone_equals = [&](uint32_t at) {
    return at < text.size() && text[at] == '=' && !(at + 1 < text.size() && text[at + 1] == '=');
  };
  TSNode target{}, value{};
  if (ts_node_end_byte(condition) <= es && lone_equals(es)) {
    // `if x = 1:`: the condition is the target, the error node `= 1`.
    target = condition;
    value = ts_node_named_child(error, 0);
    if (ts_node_is_null(value)) return std::nullopt;
    uint32_t next = skip_blanks(text, ts_node_end_byte(value));
    if (lone_equals(next) || text.substr(next, 2) == ":=") return std::nullopt;
  } else if (ee <= ts_node_start_byte(condition) && ee > es && lone_equals(ee - 1) &&
             ts_node_named_child_count(error) == 1) {
    // `if x = 1 and y:`: the error node is `x =`, the value the condition's first operand.
    target = ts_node_named_child(error, 0);
    if (!only_space_between(text, ts_node_end_byte(target), ee - 1)) return std::nullopt;
    value = first_bitwise_or(condition);
  } else {
    return std::nullopt;
  }
  if (ts_node_is_null(target) || ts_node_is_null(value) || !is_bitwise_or(kind_of(target)) ||
      !is_bitwise_or(kind_of(value)))
    return std::nullopt;
  if (kind_of(target) == Kind::Identifier)
    return SyntaxErrorInfo{ts_node_start_byte(target), ts_node_end_byte(value),
                           "SyntaxError: invalid syntax. Maybe you meant '==' or ':=' instead of '='?"};
  std::string_view name = assigned_expression_name(target, text);
  if (name.empty()) return std::nullopt;
  return SyntaxErrorInfo{ts_node_start_byte(target), ts_node_end_byte(target),
                         "SyntaxError: cannot assign to " + std::string(name) + " here. Maybe you meant '==' instead of '='?"};
}

// CPython 3.11's "':' expected after dictionary key" for a key without its value among a
// dictionary's pairs (`{'a': 1, 'b'}`), which tree-sitter wraps in an error node inside the
// dictionary: at the key's last character.
std::optional<SyntaxErrorInfo> dictionary_key_without_value(TSNode error, std::string_view text) {
  if (!is(ts_node_parent(error), Kind::Dictionary)) return std::nullopt;
  // After a comma or the opening brace: after a pair with no comma, a comma is what is missing.
  TSNode before = ts_node_prev_sibling(error);
  while (is(before, Kind::Comment)) before = ts_node_prev_sibling(before);
  if (ts_node_is_null(before) || (ts_node_type(before) != std::string_view(",") && ts_node_type(before) != std::string_view("{")))
    return std::nullopt;
  TSNode key = ts_node_named_child(error, 0);
  if (ts_node_is_null(key) || ts_node_start_byte(key) != ts_node_start_byte(error) || !is_expression(kind_of(key)))
    return std::nullopt;
  uint32_t end = ts_node_end_byte(key), last = end - 1;
  while (last > 0 && (static_cast<unsigned char>(text[last]) & 0xC0) == 0x80) --last;  // a character's first byte
  return SyntaxErrorInfo{last, end, "SyntaxError: ':' expected after dictionary key"};
}

bool is_compound(Kind k);  // below
bool is_clause(Kind k);

// CPython 3.11's error for a statement that assigns to what cannot be assigned (`f() = 1`,
// `None = 1`, `x + 1 = 2`), which tree-sitter makes an error node holding the target and the `=`,
// before the value's statement: "cannot assign to function call" at the target, or for the targets
// a comparison may have, followed by a value that may be compared (a bitwise_or that no `=` or `:=`
// follows), "cannot assign to function call here. Maybe you meant '==' instead of '='?".
std::optional<SyntaxErrorInfo> assignment_to_expression(TSNode error, std::string_view text) {
  TSNode parent = ts_node_parent(error);
  Kind pk = kind_of(parent);
  // At a statement's place: in a module or a block, or where a compound statement's block fails
  // on its first statement (after the header's colon).
  bool statement = pk == Kind::Module || pk == Kind::Block;
  if (!statement && (is_compound(pk) || is_clause(pk))) {
    TSNode previous = ts_node_prev_sibling(error);
    statement = !ts_node_is_null(previous) && ts_node_type(previous) == std::string_view(":");
  }
  if (!statement || ts_node_named_child_count(error) != 1) return std::nullopt;
  TSNode target = ts_node_named_child(error, 0);
  const uint32_t ee = ts_node_end_byte(error);
  if (ts_node_start_byte(target) != ts_node_start_byte(error) || ee < 1 || text[ee - 1] != '=' ||
      !only_space_between(text, ts_node_end_byte(target), ee - 1))
    return std::nullopt;
  std::string_view plain;
  switch (kind_of(target)) {
    case Kind::None: plain = "None"; break;
    case Kind::True: plain = "True"; break;
    case Kind::False: plain = "False"; break;
    case Kind::ComparisonOperator: plain = "comparison"; break;
    case Kind::Lambda: plain = "lambda"; break;
    case Kind::ConditionalExpression: plain = "conditional expression"; break;
    case Kind::BooleanOperator: case Kind::NotOperator: plain = "expression"; break;
    default: break;
  }
  auto at_target = [&](std::string message) {
    return SyntaxErrorInfo{ts_node_start_byte(target), ts_node_end_byte(target), "SyntaxError: cannot assign to " + message};
  };
  if (!plain.empty()) return at_target(std::string(plain));
  std::string_view name = assigned_expression_name(target, text);
  if (name.empty()) return std::nullopt;
  // The value: the next statement's expression, when it starts on the `=`'s row.
  TSNode value = ts_node_next_named_sibling(error);
  if (is(value, Kind::Block)) value = ts_node_named_child(value, 0);
  value = is(value, Kind::ExpressionStatement) ? ts_node_named_child(value, 0) : TSNode{};
  bool same_row = !ts_node_is_null(value) && ts_node_start_point(value).row == ts_node_end_point(error).row;
  if (same_row) value = first_bitwise_or(value);
  if (!same_row || !is_bitwise_or(kind_of(value))) return at_target(std::string(name));
  return at_target(std::string(name) + " here. Maybe you meant '==' instead of '='?");
}

// An error tree-sitter recovered from with a token it made up that no node shows: a hidden one,
// such as the line break it puts between `x = a.b().c()` and `1` in `x = a.b().c() 1` (it wraps
// `1` in an error node with fewer links). It lies in `node`, which holds an error none of its
// children shows. Python stops at the token after it: the first child that follows another on the
// same line with only blanks between (two statements there need a `;`), or else the node itself.
SyntaxErrorInfo hidden_token_error(TSNode node, std::string_view text) {
  for (uint32_t i = 1, count = ts_node_child_count(node); i < count; ++i) {
    TSNode before = ts_node_child(node, i - 1), after = ts_node_child(node, i);
    uint32_t from = ts_node_end_byte(before), to = ts_node_start_byte(after);
    if (to > from && skip_blanks(text, from) == to)
      return SyntaxErrorInfo{to, first_token_end(text, to, ts_node_end_byte(after)), "SyntaxError: invalid syntax"};
  }
  uint32_t s = ts_node_start_byte(node);
  return SyntaxErrorInfo{s, first_token_end(text, s, ts_node_end_byte(node)), "SyntaxError: invalid syntax"};
}

}  // namespace

std::optional<SyntaxErrorInfo> first_syntax_error(const TSTree* tree, std::string_view text) {
  // Errors confined to a string literal are tolerated: the pinned grammar rejects some valid
  // f-strings (a format spec such as `{x:=}`) that Python accepts, and the rest of the tree is
  // sound. A fix can still never add an error: a fixed text that has any other error is rejected.
  TSNode node = first_error_node(tree);
  if (ts_node_is_null(node)) return std::nullopt;  // none, or only tolerated errors
  if (ts_node_is_missing(node)) {
    std::string what = ts_node_type(node);
    return SyntaxErrorInfo{ts_node_start_byte(node), ts_node_start_byte(node), "SyntaxError: expected `" + what + "`"};
  }
  if (!is(node, Kind::Error)) return hidden_token_error(node, text);
  if (auto comma = missing_comma(node, text)) return comma;
  if (auto equals = assignment_in_condition(node, text)) return equals;
  if (auto target = assignment_to_expression(node, text)) return target;
  if (auto key = dictionary_key_without_value(node, text)) return key;
  // The error node holds what the parser could not fit, usually from the statement's start on.
  // Where Python stops is most often the last token the node holds on its first line: the `)` of
  // `x = )`, the `(` never closed of `x = f(`, the `+` of `a = 1 +`.
  TSNode token = last_token_on_first_row(node);
  uint32_t s = ts_node_start_byte(token), e = ts_node_end_byte(token);
  return SyntaxErrorInfo{s, first_token_end(text, s, std::max(e, s + 1)), "SyntaxError: invalid syntax"};
}

namespace {

using Indent = LayoutChecker::Indent;
// How two lines' indentations compare. Python rejects a file where `col` and `alt` disagree.
enum class Order { Same, Deeper, Shallower, TabDependent };
Order order(Indent a, Indent b) {
  if (a.col == b.col) return a.alt == b.alt ? Order::Same : Order::TabDependent;
  if (a.col > b.col) return a.alt > b.alt ? Order::Deeper : Order::TabDependent;
  return a.alt < b.alt ? Order::Shallower : Order::TabDependent;
}

bool is_compound(Kind k) {
  switch (k) {
    case Kind::IfStatement: case Kind::ForStatement: case Kind::WhileStatement: case Kind::TryStatement:
    case Kind::WithStatement: case Kind::FunctionDefinition: case Kind::ClassDefinition:
    case Kind::DecoratedDefinition: case Kind::MatchStatement: case Kind::CaseClause:
      return true;
    default:
      return false;
  }
}
bool is_clause(Kind k) {
  return k == Kind::ElifClause || k == Kind::ElseClause || k == Kind::ExceptClause ||
         k == Kind::ExceptGroupClause || k == Kind::FinallyClause;
}
// How Python names a block's owner in "expected an indented block after ...".
std::string owner_name(Kind k) {
  switch (k) {
    case Kind::IfStatement: return "'if' statement";
    case Kind::ElifClause: return "'elif' statement";
    case Kind::ElseClause: return "'else' statement";
    case Kind::ForStatement: return "'for' statement";
    case Kind::WhileStatement: return "'while' statement";
    case Kind::WithStatement: return "'with' statement";
    case Kind::TryStatement: return "'try' statement";
    case Kind::ExceptClause: return "'except' statement";
    case Kind::ExceptGroupClause: return "'except*' statement";
    case Kind::FinallyClause: return "'finally' statement";
    case Kind::FunctionDefinition: return "function definition";
    case Kind::ClassDefinition: return "class definition";
    case Kind::MatchStatement: return "'match' statement";
    case Kind::CaseClause: return "'case' statement";
    default: return "statement";
  }
}

}  // namespace

bool is_reserved_word(std::string_view name) {
  // By length, so that a name is compared with a handful of words at most (every identifier of
  // every file is asked).
  auto any_of = [&](std::initializer_list<std::string_view> words) {
    for (std::string_view w : words)
      if (name == w) return true;
    return false;
  };
  switch (name.size()) {
    case 2: return any_of({"as", "if", "in", "is", "or"});
    case 3: return any_of({"and", "def", "del", "for", "not", "try"});
    case 4: return any_of({"None", "True", "elif", "else", "from", "pass", "with"});
    case 5: return any_of({"False", "async", "await", "break", "class", "raise", "while", "yield"});
    case 6: return any_of({"assert", "except", "global", "import", "lambda", "return"});
    case 7: return name == "finally";
    case 8: return name == "continue" || name == "nonlocal";
    default: return false;
  }
}

namespace {
// By byte: 1 for a byte that continues a name (ASCII letters, digits, `_`), 2 for one that also
// starts a reserved word, 3 for a non-ASCII byte.
constexpr std::array<uint8_t, 256> kNameBytes = [] {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    t[c] = c >= 0x80 ? 3 : word ? 1 : 0;
  }
  for (char c : std::string_view("FNTabcdefgilnoprtwy")) t[static_cast<unsigned char>(c)] = 2;
  return t;
}();
}  // namespace

bool is_reserved_word_at(std::string_view text, uint32_t start) {
  // `self`, `np`, `x` and most names stop at their first letter.
  if (start >= text.size() || kNameBytes[static_cast<unsigned char>(text[start])] != 2) return false;
  size_t end = start + 1;
  for (; end < text.size() && end - start <= 8; ++end) {
    uint8_t b = kNameBytes[static_cast<unsigned char>(text[end])];
    if (b == 3) return false;  // a non-ASCII name: no reserved word
    if (b == 0) break;
  }
  return is_reserved_word(text.substr(start, end - start));
}

void LayoutChecker::enter_part_or_statement(TSNode node, Kind kind, uint32_t depth) {
  if (error_) return;
  Slot& slot = slots_[depth];
  if (depth == 0) {  // the module: its statements start at column 0
    slot = Slot{Role::Statements, node, TSNode{}, Indent{}, Indent{}, true, false, false};
    return;
  }
  Slot& parent = slots_[depth - 1];
  if (parent.role == Role::Statements) {
    statement(node, kind, parent, slot);
  } else if (parent.role == Role::Parts) {
    part(node, kind, parent, slot);
  }
}

void LayoutChecker::leave_statements(uint32_t depth) {
  const Slot& slot = slots_[depth];
  if (!error_ && depth > 0 && !slot.has_statement)
    fail_expected_block(slot.owner, next_code_line(ts_node_start_byte(slot.node)));
}

namespace {

// Where Python's tokenizer ends a logical line inside the statement text[from, to): a line break
// outside brackets and strings that no backslash continues. tree-sitter reads a line break as a
// blank where its grammar cannot end the statement, so `pos = nx.` followed by `nx.draw(g)` is one
// statement to it, `pos = nx.nx.draw(g)`; Python fails at the NEWLINE token. Returns that
// token's place: after the blanks that follow the line's last token, at a comment or the break.
// `header`: the text is a compound statement's, which ends at its first `:` outside brackets.
std::optional<uint32_t> logical_line_end_inside(std::string_view text, uint32_t from, uint32_t to, bool header) {
  // The bytes that matter here; the loop skips the others one table lookup each (it reads every
  // multi-line statement of every file).
  static constexpr auto kSpecial = [] {
    std::array<bool, 256> t{};
    for (unsigned char c : std::string_view("#\n\r'\"()[]{}:")) t[c] = true;
    return t;
  }();
  int depth = 0;
  uint32_t comment = UINT32_MAX;  // where a comment starts on the current line
  for (uint32_t i = from; i < to;) {
    while (i < to && !kSpecial[static_cast<unsigned char>(text[i])]) ++i;
    if (i >= to) break;
    char c = text[i];
    if (c == '#') {
      comment = i;
      while (i < to && text[i] != '\n' && text[i] != '\r') ++i;
    } else if (c == '\n' || c == '\r') {
      if (depth <= 0 && !(i > from && text[i - 1] == '\\')) {
        return comment != UINT32_MAX ? comment : blanks_before(text, i, from);
      }
      comment = UINT32_MAX;
      i += (c == '\r' && i + 1 < to && text[i + 1] == '\n') ? 2 : 1;
    } else if (c == '\'' || c == '"') {
      bool triple = i + 2 < to && text[i + 1] == c && text[i + 2] == c;
      i += triple ? 3 : 1;
      while (i < to) {
        while (i < to && text[i] != c && text[i] != '\\') ++i;
        if (i >= to) break;
        if (text[i] == '\\') {
          i += 2;
        } else if (!triple || (i + 2 < to && text[i + 1] == c && text[i + 2] == c)) {
          i += triple ? 3 : 1;
          break;
        } else {
          ++i;
        }
      }
    } else if (c == ':') {
      if (header && depth <= 0 && !(i + 1 < to && text[i + 1] == '=')) return std::nullopt;
      ++i;
    } else {
      depth += (c == '(' || c == '[' || c == '{') ? 1 : -1;
      ++i;
    }
  }
  return std::nullopt;
}

}  // namespace

void LayoutChecker::statement(TSNode node, Kind k, Slot& block, Slot& slot) {
  if (k == Kind::Comment || k == Kind::LineContinuation || k == Kind::Error) return;
  // A logical line ends inside the statement (or its header): tree-sitter joined two lines.
  bool header = k == Kind::IfStatement || k == Kind::WhileStatement || k == Kind::ForStatement ||
                k == Kind::WithStatement || k == Kind::FunctionDefinition || k == Kind::ClassDefinition ||
                k == Kind::MatchStatement;
  // (A simple statement on one row needs no reading: tree-sitter's rows are the lines'.)
  if (header || (!is_compound(k) && ts_node_start_point(node).row != ts_node_end_point(node).row))
    if (auto at = logical_line_end_inside(text_, ts_node_start_byte(node), ts_node_end_byte(node), header)) {
      error_ = SyntaxErrorInfo{*at, first_token_end(text_, *at, *at + 1), "SyntaxError: invalid syntax"};
      return;
    }
  block.has_statement = true;
  if (k == Kind::PrintStatement && !has_named_child(node, Kind::Chevron))
    return fail(node, "SyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?");
  if (k == Kind::ExecStatement)
    return fail(node, "SyntaxError: Missing parentheses in call to 'exec'. Did you mean exec(...)?");
  bool begins_line = !block.one_line && begins_logical_line(node);
  Indent indent = begins_line || is_compound(k) ? line_indent(node) : Indent{};
  if (!block.one_line) {
    if (!begins_line) {
      if (!block.has_level) block.one_line = true;  // its statements follow the owner's `:`
    } else if (!block.has_level) {
      Order o = order(indent, block.owner_indent);
      if (o == Order::TabDependent) return fail(node, kTabError);
      if (o != Order::Deeper) return fail_expected_block(block.owner, ts_node_start_byte(node));
      block.level = indent;
      block.has_level = true;
      last_indent_ = indent;
    } else if (!aligned(node, indent, block.level)) {
      return;
    }
  }
  if (is_compound(k)) slot = Slot{Role::Parts, node, node, indent};
}

void LayoutChecker::part(TSNode node, Kind k, const Slot& parts, Slot& slot) {
  if (k == Kind::Block) {
    slot = Slot{Role::Statements, node, parts.owner, parts.owner_indent};
    return;
  }
  bool definition = (k == Kind::FunctionDefinition || k == Kind::ClassDefinition) &&
                    kind_of(parts.owner) == Kind::DecoratedDefinition;
  if (!is_clause(k) && k != Kind::Decorator && !definition) return;  // an expression, parameters, ...
  // A clause, a decorator or a decorated definition starts its own line at its owner's indentation.
  Indent indent = parts.owner_indent;
  if (begins_logical_line(node)) {
    indent = line_indent(node);
    if (!aligned(node, indent, parts.owner_indent)) return;
  }
  if (k != Kind::Decorator) slot = Slot{Role::Parts, node, node, indent};
}

bool LayoutChecker::aligned(TSNode node, Indent indent, Indent expected) {
  Order o = order(indent, expected);
  if (o == Order::TabDependent) {
    fail(node, kTabError);
    return false;
  }
  if (o == Order::Deeper && order(indent, last_indent_) != Order::Shallower) {
    fail(node, "IndentationError: unexpected indent");
    return false;
  }
  if (o != Order::Same) {
    // Shallower than the block, or between it and the line before: no open block has it.
    fail(node, "IndentationError: unindent does not match any outer indentation level");
    return false;
  }
  last_indent_ = indent;
  return true;
}

void LayoutChecker::fail(TSNode node, std::string message) {
  uint32_t s = ts_node_start_byte(node);
  error_ = SyntaxErrorInfo{s, first_token_end(text_, s, ts_node_end_byte(node)), std::move(message)};
}
void LayoutChecker::fail_expected_block(TSNode owner, uint32_t at) {
  uint32_t row = ts_node_start_point(owner).row + 1;
  error_ = SyntaxErrorInfo{at, first_token_end(text_, at, static_cast<uint32_t>(text_.size())),
                           "IndentationError: expected an indented block after " + owner_name(kind_of(owner)) +
                               " on line " + std::to_string(row)};
}

LayoutChecker::Indent LayoutChecker::line_indent(TSNode node) const {
  Indent indent;
  uint32_t start = ts_node_start_byte(node);
  for (uint32_t i = lines_.line_start(lines_.row_of(start)); i < start && indent.add(text_[i]); ++i) {
  }
  return indent;  // (a node not at the start of its line: the blanks before the first other byte)
}
bool LayoutChecker::begins_logical_line(TSNode node) const {
  uint32_t start = ts_node_start_byte(node);
  uint32_t row = lines_.row_of(start);
  for (uint32_t i = lines_.line_start(row); i < start; ++i)
    if (text_[i] != ' ' && text_[i] != '\t' && text_[i] != '\f') return false;
  if (row == 0) return true;
  uint32_t end = lines_.line_end(row - 1);  // the line before, without its line break
  if (end == lines_.line_start(row - 1) || text_[end - 1] != '\\') return true;
  // A backslash ends the line before: a continuation, unless it is in a comment or a string.
  TSNode at = ts_node_named_descendant_for_byte_range(ts_tree_root_node(node.tree), end - 1, end);
  return kind_of(at) != Kind::LineContinuation;
}
uint32_t LayoutChecker::next_code_line(uint32_t pos) const {
  for (uint32_t row = lines_.row_of(pos) + 1; row < lines_.line_count(); ++row) {
    std::string_view line = lines_.line_text(row);
    size_t i = line.find_first_not_of(" \t\f");
    if (i != std::string_view::npos && line[i] != '#') return lines_.line_start(row) + static_cast<uint32_t>(i);
  }
  return static_cast<uint32_t>(text_.size());
}

}  // namespace pml

namespace pml {

namespace {

// What CPython calls an expression in "cannot delete ..." and "cannot assign to ...", for the
// kinds that can never be a target; empty for any other kind.
std::string_view expression_name(TSNode n, std::string_view text) {
  switch (kind_of(n)) {
    case Kind::Call: return "function call";
    case Kind::Integer: case Kind::Float: case Kind::ConcatenatedString: return "literal";
    case Kind::String:
      return string_prefix(n, text).find_first_of("fF") == std::string_view::npos ? "literal" : "f-string expression";
    case Kind::True: return "True";
    case Kind::False: return "False";
    case Kind::None: return "None";
    case Kind::Ellipsis: return "ellipsis";
    case Kind::BinaryOperator: case Kind::UnaryOperator: case Kind::BooleanOperator: case Kind::NotOperator:
      return "expression";
    case Kind::ComparisonOperator: return "comparison";
    case Kind::Lambda: return "lambda";
    case Kind::ConditionalExpression: return "conditional expression";
    case Kind::NamedExpression: return "named expression";
    case Kind::ListComprehension: return "list comprehension";
    case Kind::SetComprehension: return "set comprehension";
    case Kind::DictionaryComprehension: return "dict comprehension";
    case Kind::GeneratorExpression: return "generator expression";
    case Kind::Dictionary: return "dict literal";
    case Kind::Set: return "set display";
    case Kind::Yield: return "yield expression";
    case Kind::Await: return "await expression";
    default: return {};
  }
}

// The first part of a target that cannot be deleted (`del`) or assigned (`with ... as`), with
// CPython's name for it: names, attributes and subscripts can, and tuples, lists and parentheses
// of them (and `*x` in an assignment's tuple or list).
std::optional<std::pair<TSNode, std::string_view>> bad_target(TSNode n, std::string_view text, bool assign,
                                                              bool in_sequence) {
  switch (kind_of(n)) {
    case Kind::Identifier: case Kind::Attribute: case Kind::Subscript: case Kind::Comment: case Kind::LineContinuation:
      return std::nullopt;
    case Kind::ListSplat:
      if (!assign) return std::pair{n, std::string_view("starred")};
      if (!in_sequence) return std::nullopt;  // `*x` alone: the grammar rejects it
      return bad_target(named_child(n, 0), text, assign, false);
    case Kind::ParenthesizedExpression: case Kind::Tuple: case Kind::List: case Kind::ExpressionList: {
      std::optional<std::pair<TSNode, std::string_view>> found;
      bool sequence = !is(n, Kind::ParenthesizedExpression);
      for_each_named_child(n, [&](TSNode c) { return !(found = bad_target(c, text, assign, sequence)); });
      return found;
    }
    default: {
      std::string_view name = expression_name(n, text);
      if (name.empty()) return std::nullopt;
      return std::pair{n, name};
    }
  }
}

// The string's prefix says bytes.
bool is_bytes(TSNode string, std::string_view text) {
  return string_prefix(string, text).find_first_of("bB") != std::string_view::npos;
}

}  // namespace

bool is_bare_call(TSNode call, std::string_view name, std::string_view text) {
  if (!is(call, Kind::Call)) return false;
  TSNode fn = child_by_field(call, Field::Function), args = child_by_field(call, Field::Arguments);
  return is(fn, Kind::Identifier) && node_text(fn, text) == name && is(args, Kind::ArgumentList) &&
         named_child_count(args) == 0;
}

std::optional<std::vector<TSNode>> positional_arguments(TSNode args) {
  if (!is(args, Kind::ArgumentList)) return std::nullopt;
  std::vector<TSNode> out;
  bool plain = true;
  for_each_named_child(args, [&](TSNode a) {
    Kind k = kind_of(a);
    if (k == Kind::Comment) return true;
    if (k == Kind::KeywordArgument || k == Kind::ListSplat || k == Kind::DictionarySplat) return plain = false;
    out.push_back(a);
    return true;
  });
  if (!plain) return std::nullopt;
  return out;
}

void GrammarGapChecker::fail(TSNode node, std::string message) {
  error_ = SyntaxErrorInfo{ts_node_start_byte(node), ts_node_end_byte(node), "SyntaxError: " + std::move(message)};
}

void GrammarGapChecker::integer(TSNode node) {
  uint32_t s = ts_node_start_byte(node), e = ts_node_end_byte(node);
  if (e - s < 2 || text_[s] != '0') return;
  std::string_view t = text_.substr(s, e - s);
  char base = t[1];
  if (base == 'x' || base == 'X' || base == 'o' || base == 'O' || base == 'b' || base == 'B') return;
  if (t.back() == 'j' || t.back() == 'J') return;                 // `07j` is an imaginary number
  if (t.find_first_of("123456789") == std::string_view::npos) return;  // `00`, `0_0`
  fail(node, "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers");
}

void GrammarGapChecker::number(TSNode node) {
  // The grammar's numbers take underscores anywhere; other mistakes leave an error in the tree.
  if (bad_number_) return;
  std::string_view t = node_text(node, text_);
  // Python 2's long integers (`10L`) are Python 3's decimal literals followed by a letter, and
  // its octal `0777` has leading zeros. Python reads the whole file's tokens before it reports
  // an error of its parser, so the tokenizer's first error wins over any other.
  bool suspect = t.find('_') != std::string_view::npos || t.back() == 'l' || t.back() == 'L' ||
                 (t.size() >= 2 && t[0] == '0' && t[1] >= '0' && t[1] <= '9');
  if (suspect && number_literal_error(text_, ts_node_start_byte(node))) bad_number_ = true;
}

namespace {

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// Where body[upto] stands in the copy of `body` Python 3.11 decodes: each line break in it is one
// byte, each non-ASCII character is written `\UXXXXXXXX` (10 bytes), and a backslash before one
// is followed by `u005c`. A backslash and the ASCII character after it are copied as they are.
size_t position_in_python_copy(std::string_view body, size_t upto) {
  size_t at = 0;
  for (size_t i = 0; i < upto;) {
    auto c = static_cast<unsigned char>(body[i]);
    auto crlf = [&](size_t k) { return k + 1 < body.size() && body[k] == '\r' && body[k + 1] == '\n'; };
    if (c == '\\' && i + 1 < body.size()) {
      if (static_cast<unsigned char>(body[i + 1]) >= 0x80) {
        at += 6;
        i += 1;
      } else {
        at += 2;
        i += crlf(i + 1) ? 3 : 2;
      }
    } else if (c < 0x80) {
      at += 1;
      i += crlf(i) ? 2 : 1;
    } else {
      do ++i;
      while (i < body.size() && (static_cast<unsigned char>(body[i]) & 0xC0) == 0x80);
      at += 10;
    }
  }
  return at;
}

// The first escape Python 3.11 cannot decode in `body` (a literal's text between its quotes), as
// its message; its positions are in Python's copy of the text (position_in_python_copy). Only an
// f-string's first literal part is read. The text is searched from backslash to backslash; the
// positions are counted only for an error.
std::optional<std::string> escape_error(std::string_view body, bool bytes, bool fstring) {
  size_t brace = fstring ? body.find_first_of("{}") : std::string_view::npos;
  for (size_t i = 0;;) {
    size_t b = body.find('\\', i);
    if (b == std::string_view::npos || b + 1 >= body.size() || b > brace) return std::nullopt;
    char c = body[b + 1];
    size_t count = c == 'x' ? 2 : bytes ? 0 : c == 'u' ? 4 : c == 'U' ? 8 : 0;
    if (static_cast<unsigned char>(c) >= 0x80 || (count == 0 && (bytes || c != 'N'))) {
      i = b + (static_cast<unsigned char>(c) >= 0x80 ? 1 : 2);  // an escape of one character, or none
      continue;
    }
    // The decoder stops at the first byte it cannot take (`end`, in the copy), or at the copy's end.
    size_t j = b + 2, escape = position_in_python_copy(body, b), end = escape + 2;
    const char* problem = nullptr;
    if (count > 0) {
      uint32_t value = 0;
      for (; count > 0 && j < body.size() && is_hex(body[j]); --count, ++j, ++end)
        value = value * 16 + static_cast<uint32_t>(std::isdigit(static_cast<unsigned char>(body[j]))
                                                        ? body[j] - '0'
                                                        : (body[j] | 0x20) - 'a' + 10);
      if (bytes && count > 0) return "(value error) invalid \\x escape at position " + std::to_string(escape);
      if (count > 0) problem = c == 'x' ? "truncated \\xXX escape" : c == 'u' ? "truncated \\uXXXX escape"
                                                                       : "truncated \\UXXXXXXXX escape";
      else if (value > 0x10FFFF) problem = "illegal Unicode character";
    } else if (j < body.size() && body[j] == '{') {
      size_t close = body.find('}', j + 1);
      if (close == j + 1) {  // `\N{}`
        end += 1;
        problem = "malformed \\N character escape";
      } else if (close == std::string_view::npos) {
        end = position_in_python_copy(body, body.size());
        problem = "malformed \\N character escape";
      } else {  // a name: only Python's table of names can tell whether an ASCII one is one
        std::string_view name = body.substr(j + 1, close - j - 1);
        if (std::all_of(name.begin(), name.end(), [](char n) { return static_cast<unsigned char>(n) < 0x80; })) {
          i = close + 1;
          if (i > brace) brace = body.find_first_of("{}", i);  // the name's braces are not the f-string's
          continue;
        }
        end = position_in_python_copy(body, close + 1);
        problem = "unknown Unicode character name";
      }
    } else {
      problem = "malformed \\N character escape";
    }
    if (problem)  // the decoder stopped at least one byte after the backslash
      return "(unicode error) 'unicodeescape' codec can't decode bytes in position " + std::to_string(escape) + "-" +
             std::to_string(end - 1) + ": " + problem;
    i = j;
  }
}

}  // namespace

void GrammarGapChecker::prefixed_or_escaped(TSNode node, std::string_view token, Kind parent_kind, TSNode parent) {
  if (error_) return;
  uint32_t s = ts_node_start_byte(node), e = s + static_cast<uint32_t>(token.size());
  if (token[0] == '`') {  // Python 2's repr
    error_ = SyntaxErrorInfo{s, s + 1, "SyntaxError: invalid syntax"};
    return;
  }
  std::optional<StringParts> parts = string_parts(token);
  if (!parts) return;
  auto has = [&](std::string_view letters) { return parts->prefix.find_first_of(letters) != std::string_view::npos; };
  const bool raw = has("rR"), bytes = has("bB"), fstring = has("fF");
  // Python 3's prefixes: one of r, u, b, f, or r with b or f, in either order and any case.
  const size_t letters = parts->prefix.size();
  if (letters > 1 && !(letters == 2 && raw && (bytes || fstring))) {
    // Python reads the letters as a name, and the string after it is the error
    error_ = SyntaxErrorInfo{s + static_cast<uint32_t>(letters), e, "SyntaxError: invalid syntax"};
    return;
  }
  if (raw) return;
  auto non_ascii = [](char c) { return static_cast<unsigned char>(c) >= 0x80; };
  if (bytes && std::any_of(parts->body.begin(), parts->body.end(), non_ascii)) {
    error_ = SyntaxErrorInfo{s, e, "SyntaxError: bytes can only contain ASCII literal characters"};
    return;
  }
  if (parts->body.find('\\') == std::string_view::npos) return;  // most strings
  if (auto message = escape_error(parts->body, bytes, fstring)) {
    // Python reports it after the literal's last part
    uint32_t end = parent_kind == Kind::ConcatenatedString ? ts_node_end_byte(parent) : e;
    error_ = SyntaxErrorInfo{end, end, "SyntaxError: " + std::move(*message)};
  }
}

void GrammarGapChecker::not_equal(TSNode comparison, uint32_t at) {
  // Python 2's `<>`. In the condition of a conditional expression (not within brackets there),
  // Python's parser stops at the condition's part before it: "expected 'else'".
  TSNode inner = comparison;
  for (TSNode up = parent_of(inner);; inner = up, up = parent_of(up)) {
    Kind k = kind_of(up);
    if (k == Kind::BooleanOperator || k == Kind::NotOperator) continue;
    if (k == Kind::ConditionalExpression && ts_node_eq(named_child(up, 1), inner)) {
      uint32_t before = at;  // the end of the operand before `<>`
      for_each_named_child(comparison, [&](TSNode c) {
        if (ts_node_end_byte(c) > at) return false;
        before = ts_node_end_byte(c);
        return true;
      });
      error_ = SyntaxErrorInfo{ts_node_start_byte(up), before, "SyntaxError: expected 'else' after 'if' expression"};
      return;
    }
    break;
  }
  error_ = SyntaxErrorInfo{at, at + 2, "SyntaxError: invalid syntax"};
}

void GrammarGapChecker::argument(TSNode node, Kind kind, uint32_t depth) {
  Arguments& seen = arguments_[depth - 1];
  switch (kind) {
    case Kind::Comment: case Kind::LineContinuation: return;
    case Kind::KeywordArgument: seen.keyword = true; return;
    case Kind::DictionarySplat: seen.dictionary_splat = true; return;
    case Kind::ListSplat:
      if (seen.dictionary_splat) fail(node, "iterable argument unpacking follows keyword argument unpacking");
      return;
    default:
      if (seen.dictionary_splat) fail(node, "positional argument follows keyword argument unpacking");
      else if (seen.keyword) fail(node, "positional argument follows keyword argument");
      return;
  }
}

void GrammarGapChecker::named_expression(TSNode node, TSNode parent, Kind parent_kind) {
  switch (parent_kind) {
    case Kind::ExpressionStatement: case Kind::ReturnStatement: case Kind::AssertStatement:
    case Kind::DeleteStatement: case Kind::Yield: case Kind::WithItem:
      break;
    case Kind::Assignment: case Kind::AugmentedAssignment: case Kind::ForStatement:
      // the value (the grammar takes no `:=` as a target)
      break;
    case Kind::KeywordArgument:
      if (!ts_node_eq(child_by_field(parent, Field::Value), node)) return;
      break;
    case Kind::Pair:
      if (!ts_node_eq(child_by_field(parent, Field::Key), node)) return;
      break;
    case Kind::Lambda:
      if (ts_node_eq(child_by_field(parent, Field::Body), node))
        fail(parent, "cannot use assignment expressions with lambda");
      return;
    default:
      return;
  }
  fail(node, "invalid syntax");
}

void GrammarGapChecker::construct(TSNode node, Kind kind, TSNode parent, Kind parent_kind) {
  switch (kind) {
    case Kind::ForInClause: {
      // `for a in b, c`: Python 3 wants the tuple in parentheses. The clause's children are its
      // target and its iterables.
      uint32_t parts = 0;
      TSNode second{};
      for_each_named_child(node, [&](TSNode c) {
        if (is(c, Kind::Comment)) return true;
        if (++parts == 3) second = c;
        return parts < 3;
      });
      if (parts < 3) return;
      if (parent_kind == Kind::GeneratorExpression && is(parent_of(parent), Kind::Call) &&
          ts_node_eq(child_by_field(parent_of(parent), Field::Arguments), parent))
        fail(child_by_field(parent, Field::Body), "Generator expression must be parenthesized");
      else
        fail(second, "invalid syntax");
      return;
    }
    case Kind::DeleteStatement: {
      TSNode target{};
      for_each_named_child(node, [&](TSNode c) { return is(c, Kind::Comment) || (target = c, false); });
      if (auto bad = bad_target(target, text_, /*assign=*/false, /*in_sequence=*/false))
        fail(bad->first, "cannot delete " + std::string(bad->second));
      return;
    }
    case Kind::AugmentedAssignment: {
      // The grammar calls `(x)` a tuple pattern too: without a comma it is a name in parentheses.
      TSNode left = child_by_field(node, Field::Left);
      while (is(left, Kind::TuplePattern)) {
        TSNode only{};
        uint32_t items = 0;
        bool comma = false;
        for (uint32_t i = 0; i < ts_node_child_count(left); ++i) {
          TSNode c = ts_node_child(left, i);
          if (!ts_node_is_named(c)) comma = comma || std::strcmp(ts_node_type(c), ",") == 0;
          else if (!is(c, Kind::Comment) && !is(c, Kind::LineContinuation)) only = c, ++items;
        }
        if (comma || items != 1) break;
        left = only;
      }
      Kind k = kind_of(left);
      if (k == Kind::TuplePattern || k == Kind::PatternList || k == Kind::Tuple)
        fail(left, "'tuple' is an illegal expression for augmented assignment");
      else if (k == Kind::ListPattern || k == Kind::List)
        fail(left, "'list' is an illegal expression for augmented assignment");
      return;
    }
    case Kind::AsPatternTarget: {
      // `with a as f()`; the `as` of `except` and `case` takes a name only, by the grammar
      if (parent_kind != Kind::AsPattern || !is(parent_of(parent), Kind::WithItem)) return;
      TSNode target{};
      for_each_named_child(node, [&](TSNode c) { return is(c, Kind::Comment) || (target = c, false); });
      if (auto bad = bad_target(target, text_, /*assign=*/true, /*in_sequence=*/false))
        fail(bad->first, "cannot assign to " + std::string(bad->second));
      return;
    }
    case Kind::ExceptClause: {
      // Python 2's `except E, e:` (the grammar's `,` where Python 3 has `as`)
      TSNode value = child_by_field(node, Field::Value), alias = child_by_field(node, Field::Alias);
      if (ts_node_is_null(value) || ts_node_is_null(alias)) return;
      TSNode separator = ts_node_next_sibling(value);
      if (!ts_node_is_null(separator) && !ts_node_is_named(separator) && std::strcmp(ts_node_type(separator), ",") == 0)
        error_ = SyntaxErrorInfo{ts_node_start_byte(value), ts_node_end_byte(alias),
                                 "SyntaxError: multiple exception types must be parenthesized"};
      return;
    }
    case Kind::RaiseStatement: {
      // Python 2's `raise E, msg`: Python stops at the comma
      TSNode list = named_child(node, 0);
      if (!is(list, Kind::ExpressionList)) return;
      for (uint32_t i = 0; i < ts_node_child_count(list); ++i) {
        TSNode c = ts_node_child(list, i);
        if (!ts_node_is_named(c) && std::strcmp(ts_node_type(c), ",") == 0) return fail(c, "invalid syntax");
      }
      return;
    }
    case Kind::ComparisonOperator: {
      // The operators stand between the operands (and the comments among them). Most comparisons
      // have no `<>` anywhere in their text: one search tells.
      uint32_t gap = ts_node_start_byte(node);
      if (node_text(node, text_).find("<>") == std::string_view::npos) return;
      bool first = true;
      for_each_named_child(node, [&](TSNode c) {
        uint32_t s = ts_node_start_byte(c);
        if (!first) {
          size_t at = text_.substr(gap, s - gap).find("<>");
          if (at != std::string_view::npos) {
            not_equal(node, gap + static_cast<uint32_t>(at));
            return false;
          }
        }
        first = false;
        gap = ts_node_end_byte(c);
        return true;
      });
      return;
    }
    case Kind::Parameters:
    case Kind::LambdaParameters: {
      // Before `*`: no parameter without a default after one with a default. A bare `*` needs a
      // named parameter after it. No parameter is in parentheses (Python 2's `def f((a, b))`).
      bool star = false, bare_star = false, default_seen = false, plain_before = true;
      TSNode bare{};
      for_each_named_child(node, [&](TSNode p) {
        Kind k = kind_of(p);
        if (k == Kind::TypedParameter) {
          TSNode inner = named_child(p, 0);
          if (is(inner, Kind::ListSplatPattern) || is(inner, Kind::DictionarySplatPattern)) k = kind_of(inner);
        }
        TSNode pattern = k == Kind::DefaultParameter ? child_by_field(p, Field::Name) : p;
        if (Kind pk = kind_of(pattern); pk == Kind::TuplePattern || pk == Kind::ListPattern) {
          // Python names this mistake only for names in parentheses after names alone; elsewhere
          // its parser stops at the bracket.
          bool names = pk == Kind::TuplePattern && plain_before;
          if (names) for_each_named_child(pattern, [&](TSNode c) { return names = is(c, Kind::Identifier); });
          if (names)
            fail(pattern, kind == Kind::Parameters ? "Function parameters cannot be parenthesized"
                                                   : "Lambda expression parameters cannot be parenthesized");
          else
            error_ = SyntaxErrorInfo{ts_node_start_byte(pattern), ts_node_start_byte(pattern) + 1,
                                     "SyntaxError: invalid syntax"};
          return false;
        }
        plain_before = plain_before && (k == Kind::Identifier || k == Kind::TypedParameter || k == Kind::Comment);
        switch (k) {
          case Kind::Identifier: case Kind::TypedParameter:
            if (!star && default_seen) {
              fail(p, "non-default argument follows default argument");
              return false;
            }
            bare_star = false;
            return true;
          case Kind::DefaultParameter: case Kind::TypedDefaultParameter:
            if (!star) default_seen = true;
            bare_star = false;
            return true;
          case Kind::ListSplatPattern:
            star = true;
            return true;
          case Kind::KeywordSeparator:
            star = bare_star = true;
            bare = p;
            return true;
          case Kind::DictionarySplatPattern:
            if (bare_star) {
              fail(bare, "named arguments must follow bare *");
              return false;
            }
            return true;
          default:
            return true;
        }
      });
      if (!error_ && bare_star) fail(bare, "named arguments must follow bare *");
      return;
    }
    case Kind::ConcatenatedString: {
      bool bytes = false, other = false;
      for_each_named_child(node, [&](TSNode c) {
        if (!is(c, Kind::String)) return true;
        (is_bytes(c, text_) ? bytes : other) = true;
        return !(bytes && other);
      });
      if (bytes && other) fail(node, "cannot mix bytes and nonbytes literals");
      return;
    }
    case Kind::Interpolation: {
      for_each_named_child(node, [&](TSNode c) {
        if (!is(c, Kind::TypeConversion)) return true;
        std::string_view conversion = node_text(c, text_);
        if (conversion != "!s" && conversion != "!r" && conversion != "!a")
          fail(c, "f-string: invalid conversion character: expected 's', 'r', or 'a'");
        return false;
      });
      return;
    }
    default:
      return;
  }
}

}  // namespace pml
