// The tree-sitter layer: the Python language, node kinds and field names resolved to integer ids
// once, and RAII owners for parsers and trees.
#pragma once

#include <tree_sitter/api.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

extern "C" const TSLanguage* tree_sitter_python();

namespace pml {

class LineIndex;

// The node kinds the engine and the rules look at. Everything else is Kind::Other.
#define PML_NODE_KINDS(X)                                                                     \
  X(Module, "module") X(FunctionDefinition, "function_definition")                             \
  X(ClassDefinition, "class_definition") X(DecoratedDefinition, "decorated_definition")        \
  X(Lambda, "lambda") X(ListComprehension, "list_comprehension")                               \
  X(SetComprehension, "set_comprehension") X(DictionaryComprehension, "dictionary_comprehension") \
  X(GeneratorExpression, "generator_expression") X(ForInClause, "for_in_clause")               \
  X(IfClause, "if_clause") X(Call, "call") X(Attribute, "attribute")                          \
  X(Identifier, "identifier") X(Keyword, "keyword_identifier")                                 \
  X(ImportStatement, "import_statement") X(ImportFromStatement, "import_from_statement")       \
  X(FutureImportStatement, "future_import_statement") X(AliasedImport, "aliased_import")       \
  X(DottedName, "dotted_name") X(RelativeImport, "relative_import")                            \
  X(WildcardImport, "wildcard_import") X(Assignment, "assignment")                             \
  X(AugmentedAssignment, "augmented_assignment") X(ExpressionStatement, "expression_statement") \
  X(KeywordArgument, "keyword_argument") X(ArgumentList, "argument_list")                      \
  X(ListSplat, "list_splat") X(DictionarySplat, "dictionary_splat")                           \
  X(Integer, "integer") X(Float, "float") X(String, "string")                                  \
  X(ConcatenatedString, "concatenated_string") X(True, "true") X(False, "false")               \
  X(None, "none") X(Tuple, "tuple") X(List, "list") X(Set, "set") X(Dictionary, "dictionary")  \
  X(ParenthesizedExpression, "parenthesized_expression") X(UnaryOperator, "unary_operator")    \
  X(BinaryOperator, "binary_operator") X(BooleanOperator, "boolean_operator")                  \
  X(ComparisonOperator, "comparison_operator") X(ConditionalExpression, "conditional_expression") \
  X(Subscript, "subscript") X(Slice, "slice") X(Comment, "comment")                            \
  X(GlobalStatement, "global_statement") X(NonlocalStatement, "nonlocal_statement")            \
  X(Parameters, "parameters") X(LambdaParameters, "lambda_parameters")                        \
  X(DefaultParameter, "default_parameter") X(TypedParameter, "typed_parameter")                \
  X(TypedDefaultParameter, "typed_default_parameter") X(ListSplatPattern, "list_splat_pattern") \
  X(DictionarySplatPattern, "dictionary_splat_pattern") X(PatternList, "pattern_list")         \
  X(TuplePattern, "tuple_pattern") X(ListPattern, "list_pattern")                              \
  X(ForStatement, "for_statement") X(WhileStatement, "while_statement")                        \
  X(WithStatement, "with_statement") X(WithItem, "with_item") X(AsPattern, "as_pattern")       \
  X(AsPatternTarget, "as_pattern_target") X(NamedExpression, "named_expression")               \
  X(TryStatement, "try_statement") X(ExceptClause, "except_clause")                            \
  X(IfStatement, "if_statement") X(Block, "block") X(ReturnStatement, "return_statement")      \
  X(DeleteStatement, "delete_statement") X(Decorator, "decorator") X(Error, "ERROR")           \
  X(ExpressionList, "expression_list") X(PrintStatement, "print_statement")                    \
  X(ExecStatement, "exec_statement") X(Yield, "yield") X(Await, "await") X(Pair, "pair")               \
  X(Interpolation, "interpolation") X(ElseClause, "else_clause") X(ElifClause, "elif_clause")        \
  X(FinallyClause, "finally_clause") X(ExceptGroupClause, "except_group_clause")                 \
  X(WithClause, "with_clause") X(MatchStatement, "match_statement") X(CaseClause, "case_clause") \
  X(BreakStatement, "break_statement") X(ContinueStatement, "continue_statement")               \
  X(RaiseStatement, "raise_statement") X(CasePattern, "case_pattern") X(SplatPattern, "splat_pattern") \
  X(KeywordPattern, "keyword_pattern") X(LineContinuation, "line_continuation") X(Chevron, "chevron") \
  X(AssertStatement, "assert_statement") X(KeywordSeparator, "keyword_separator")                \
  X(PositionalSeparator, "positional_separator") X(TypeConversion, "type_conversion")           \
  X(Ellipsis, "ellipsis") X(NotOperator, "not_operator") X(Type, "type")

enum class Kind : uint16_t {
#define PML_KIND_ENUM(name, str) name,
  Other,
  PML_NODE_KINDS(PML_KIND_ENUM)
#undef PML_KIND_ENUM
  Count_
};

#define PML_FIELDS(X)                                                                          \
  X(Function, "function") X(Arguments, "arguments") X(Name, "name") X(Alias, "alias")          \
  X(ModuleName, "module_name") X(Left, "left") X(Right, "right") X(Object, "object")           \
  X(AttributeField, "attribute") X(Value, "value") X(Body, "body") X(ParametersField, "parameters") \
  X(Operator, "operator") X(Argument, "argument") X(Type, "type") X(Definition, "definition")   \
  X(Alternative, "alternative") X(Condition, "condition") X(Subscript, "subscript") X(Key, "key")   \
  X(Consequence, "consequence") X(SubjectField, "subject") X(Guard, "guard")                  \
  X(Superclasses, "superclasses")

enum class Field : uint16_t {
#define PML_FIELD_ENUM(name, str) name,
  PML_FIELDS(PML_FIELD_ENUM)
#undef PML_FIELD_ENUM
  Count_
};

// Ids resolved once per process (tree-sitter's name lookups are linear scans).
class Grammar {
 public:
  static const Grammar& get() {
    static const Grammar g;  // inline: the hot path is one guarded load
    return g;
  }

  const TSLanguage* language() const { return language_; }
  Kind kind(TSNode node) const { return kind_of_symbol(ts_node_symbol(node)); }
  Kind kind_of_symbol(TSSymbol s) const {
    if (s < kinds_.size()) return kinds_[s];
    return s == static_cast<TSSymbol>(-1) ? Kind::Error : Kind::Other;
  }
  TSFieldId field(Field f) const { return fields_[static_cast<size_t>(f)]; }
  static std::string_view kind_name(Kind k);

 private:
  Grammar();
  const TSLanguage* language_;
  std::vector<Kind> kinds_;  // by TSSymbol; every symbol with a kind's name maps to it (aliases)
  TSFieldId fields_[static_cast<size_t>(Field::Count_)];
};

// Null-safe: a missing child (an absent field) is Kind::Other.
// (A null node is one without an id, as ts_node_is_null tests; testing it here spares a call into
// the library on the hottest path of the walk and the rules.)
inline Kind kind_of(TSNode n) { return n.id == nullptr ? Kind::Other : Grammar::get().kind(n); }
// A tuple written out: in parentheses (`(4, 6)`) or bare (`shape = 4, 6`, an expression list).
inline bool is_tuple_display(TSNode n) {
  Kind k = kind_of(n);
  return k == Kind::Tuple || k == Kind::ExpressionList;
}
// A number, `True`, `False` or `None` written out.
inline bool is_scalar_literal(Kind k) {
  return k == Kind::Integer || k == Kind::Float || k == Kind::True || k == Kind::False || k == Kind::None;
}
// A list, set or dict comprehension or a generator expression: each runs in a scope of its own.
inline bool is_comprehension(Kind k) {
  return k == Kind::ListComprehension || k == Kind::SetComprehension || k == Kind::DictionaryComprehension ||
         k == Kind::GeneratorExpression;
}
inline bool is(TSNode n, Kind k) { return kind_of(n) == k; }

// Whether `c` is a blank between tokens, as Python's tokenizer skips them: a space, a tab or a
// form feed.
inline bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\f'; }
// The first byte at or after `at` that is not a blank (the text's size at its end).
inline uint32_t skip_blanks(std::string_view text, uint32_t at) {
  while (at < text.size() && is_blank(text[at])) ++at;
  return at;
}
// Where the blanks that end at `at` start (`at` when none precede it), not before `from`.
inline uint32_t blanks_before(std::string_view text, uint32_t at, uint32_t from = 0) {
  while (at > from && is_blank(text[at - 1])) --at;
  return at;
}

// Every named node of one tree, in an array: each node's kind, parent and named children, found
// once by a walk over the tree. tree-sitter answers "the i-th named child" and "the parent" by
// scanning (a parent from the root down), and the analysis asks such questions of the same nodes
// many times; the table answers them with an index. A node is found by its id (unique within its
// tree) in an open-addressing hash. While a NodeTable::Scope is alive on a thread, the helpers
// below (named_child, named_child_count, parent_of, child_by_field, for_each_named_child) answer
// for nodes of its tree from the table; other trees, other threads and anonymous nodes are
// answered by tree-sitter. The table changes no answer, only its cost (but for the parent of a
// zero-width MISSING node, which ts_node_parent can get wrong: see tests/test_node_table.cpp). It
// remembers field answers as they are asked, so one thread at a time uses it.
class NodeTable {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;
  struct Entry {
    uint32_t context[4];  // the node's TSNode but its tree (the table's; 40 bytes, not 48), the alias word set (add)
    const void* id;
    uint32_t parent = kNone;  // kNone for the root
    uint32_t first_child = 0;  // the named children are entries [first_child, first_child + child_count)
    uint32_t child_count = 0;
    Kind kind = Kind::Other;
  };
  static_assert(sizeof(TSNode) == 32, "an entry keeps all of a TSNode but its tree");
  // Reads every named node of `tree` (which must outlive the table).
  explicit NodeTable(const TSTree* tree);
  NodeTable(const NodeTable&) = delete;
  NodeTable& operator=(const NodeTable&) = delete;

  // ts_node_child_by_field_id of entry `i`. In a tree without errors, the kinds whose grammar rule
  // puts named fields in a fixed order (a call's function and arguments, an assignment's sides, ...)
  // answer from their children's positions; other answers are remembered in a direct-mapped table
  // when they are a named node or none (an operator, which is anonymous, is asked anew).
  TSNode child_by_field(uint32_t i, Field f) const;

  size_t size() const { return entries_.size(); }
  const Entry& operator[](uint32_t i) const { return entries_[i]; }
  TSNode node(uint32_t i) const {
    const Entry& e = entries_[i];
    return TSNode{{e.context[0], e.context[1], e.context[2], e.context[3]}, e.id, tree_};
  }
  // The index of a node of this tree, or kNone (an anonymous node, or not of this tree).
  uint32_t find(TSNode n) const {
    if (n.tree != tree_ || n.id == nullptr) return kNone;
    uint64_t h = hash(n.id);
    auto tag = static_cast<uint32_t>(h) | 1;  // never 0, which marks an empty slot
    for (size_t at = h >> shift_;; at = (at + 1) & mask_) {
      const Slot& s = slots_[at];
      if (s.tag == tag && entries_[s.index].id == n.id) return s.index;
      if (s.tag == 0) return kNone;
    }
  }

  // Makes `table` the one the helpers ask on this thread until the scope ends (scopes nest).
  class Scope {
   public:
    explicit Scope(const NodeTable* table);
    ~Scope();
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    const NodeTable* previous_;
  };

 private:
  // A slot of the hash: 32 bits of the id's hash (0: empty) and the entry, which holds the id.
  struct Slot {
    uint32_t tag = 0;
    uint32_t index = 0;
  };
  // A remembered answer of child_by_field: the child's entry (kNone for no child) in `field` of
  // entry `node`; field 0 marks an empty slot.
  struct FieldAnswer {
    uint32_t node = 0;
    uint32_t child = kNone;
    TSFieldId field = 0;
  };

  static uint64_t hash(const void* id) { return (reinterpret_cast<uintptr_t>(id) >> 3) * 0x9E3779B97F4A7C15ull; }
  void add(TSNode n, uint32_t parent);
  void insert(const void* id, uint32_t index);

  const TSTree* tree_;
  bool clean_ = false;  // the tree has no error: fields by position (child_by_field) hold
  std::vector<Entry> entries_;
  std::vector<Slot> slots_;
  mutable std::vector<FieldAnswer> field_answers_;  // made on the first question
  size_t mask_ = 0;     // slots_.size() - 1
  unsigned shift_ = 63;  // 64 - log2(slots_.size()): a hash's top bits index the slots
};
namespace detail {
extern thread_local const NodeTable* active_table;  // the innermost live NodeTable::Scope's table
// The table entry of `n` when the active table holds it, else nullptr.
inline const NodeTable::Entry* table_entry(TSNode n) {
  const NodeTable* t = active_table;
  if (t == nullptr) return nullptr;
  uint32_t i = t->find(n);
  return i == NodeTable::kNone ? nullptr : &(*t)[i];
}
}  // namespace detail

// ts_node_named_child and ts_node_named_child_count, from the active table when it holds `n`.
inline TSNode named_child(TSNode n, uint32_t i) {
  if (const NodeTable::Entry* e = detail::table_entry(n))
    return i < e->child_count ? detail::active_table->node(e->first_child + i) : TSNode{};
  return ts_node_named_child(n, i);
}
inline uint32_t named_child_count(TSNode n) {
  if (const NodeTable::Entry* e = detail::table_entry(n)) return e->child_count;
  return ts_node_named_child_count(n);
}

// ts_node_child_by_field_id and ts_node_parent, from the active table when it holds `n`.
inline TSNode child_by_field(TSNode n, Field f) {
  TSFieldId id = Grammar::get().field(f);
  if (const NodeTable* t = detail::active_table)
    if (uint32_t i = t->find(n); i != NodeTable::kNone) return t->child_by_field(i, f);
  return ts_node_child_by_field_id(n, id);
}
inline TSNode parent_of(TSNode n) {
  if (const NodeTable::Entry* e = detail::table_entry(n))
    return e->parent == NodeTable::kNone ? TSNode{} : detail::active_table->node(e->parent);
  return ts_node_parent(n);
}
// A node of one tree together with a scope: the key of the per-file memos of the model and the
// value analyzer (a node's id is unique within its tree).
struct NodeInScope {
  const void* id;
  uint32_t scope;
  friend bool operator==(const NodeInScope&, const NodeInScope&) = default;
};
struct NodeInScopeHash {
  size_t operator()(const NodeInScope& k) const {
    return static_cast<size_t>((reinterpret_cast<uintptr_t>(k.id) >> 3) * 0x9E3779B97F4A7C15ull ^ k.scope);
  }
};

// Steps through nodes' named children as tree-sitter has them (NodeTable reads a tree with it;
// for_each_named_child asks the active table first). ts_node_named_child(n, i) starts over from
// the first child on every call, so a loop over i costs time quadratic in the number of children
// (a list literal of data, say); a cursor is linear but costs more for a node or two. Nodes with
// more than kFewChildren named children are stepped through with a cursor, created on first need
// and moved from node to node (ts_tree_cursor_reset keeps its stack): a stepper kept across many
// nodes, as the table's reading keeps one, allocates it once. 4 ran the fewest instructions on
// bench/instructions.py's slice (1 to 32 tried).
class NamedChildStepper {
 public:
  NamedChildStepper() = default;
  ~NamedChildStepper() {
    if (has_cursor_) ts_tree_cursor_delete(&cursor_);
  }
  NamedChildStepper(const NamedChildStepper&) = delete;
  NamedChildStepper& operator=(const NamedChildStepper&) = delete;

  // Calls `visit(child)` for each named child of `n` in order, until it returns false.
  template <typename Visit>
  void for_each(TSNode n, Visit visit) {
    if (ts_node_is_null(n)) return;
    constexpr uint32_t kFewChildren = 4;
    if (uint32_t count = ts_node_named_child_count(n); count <= kFewChildren) {
      for (uint32_t i = 0; i < count; ++i)
        if (!visit(ts_node_named_child(n, i))) return;
      return;
    }
    if (has_cursor_) {
      ts_tree_cursor_reset(&cursor_, n);
    } else {
      cursor_ = ts_tree_cursor_new(n);
      has_cursor_ = true;
    }
    if (!ts_tree_cursor_goto_first_child(&cursor_)) return;
    do {
      TSNode c = ts_tree_cursor_current_node(&cursor_);
      if (ts_node_is_named(c) && !visit(c)) return;
    } while (ts_tree_cursor_goto_next_sibling(&cursor_));
  }

 private:
  TSTreeCursor cursor_{};
  bool has_cursor_ = false;
};

// Calls `visit(child)` for each named child of `n` in order, until it returns false. A line
// continuation (a backslash before a line break, which the grammar names like an expression, in an
// argument list or a display) is skipped: it means nothing to the analysis.
template <typename Visit>
void for_each_named_child(TSNode n, Visit visit) {
  if (const NodeTable::Entry* e = detail::table_entry(n)) {
    const NodeTable& table = *detail::active_table;
    for (uint32_t i = e->first_child, end = e->first_child + e->child_count; i < end; ++i)
      if (table[i].kind != Kind::LineContinuation && !visit(table.node(i))) return;
    return;
  }
  NamedChildStepper().for_each(n, [&](TSNode c) {
    // Both comments and line continuations are extras; asking that first is cheaper than a kind.
    return (ts_node_is_extra(c) && kind_of(c) == Kind::LineContinuation) || visit(c);
  });
}
// Whether any named child of `n` is of kind `k`.
inline bool has_named_child(TSNode n, Kind k) {
  bool found = false;
  for_each_named_child(n, [&](TSNode c) { return !(found = is(c, k)); });
  return found;
}

// Whether `call` calls the plain name `name` with no argument: `globals()`, `super()`, `vars()`.
bool is_bare_call(TSNode call, std::string_view name, std::string_view text);

// Whether `n` or a named node below it satisfies `pred`.
template <typename Pred>
bool any_named_descendant(TSNode n, Pred pred) {
  std::vector<TSNode> stack{n};
  while (!stack.empty()) {
    TSNode c = stack.back();
    stack.pop_back();
    if (pred(c)) return true;
    for_each_named_child(c, [&](TSNode child) {
      stack.push_back(child);
      return true;
    });
  }
  return false;
}

// The arguments of an argument list when every one is positional (no keyword argument, no `*`
// or `**` unpacking), in order, without comments; nullopt otherwise (also when `args` is not an
// argument list: `f(x for x in y)`).
std::optional<std::vector<TSNode>> positional_arguments(TSNode args);

inline std::string_view node_text(TSNode n, std::string_view src) {
  uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
  return src.substr(s, e - s);
}
// An argument by keyword or position (keyword wins); null when absent. Positional arguments stop
// at the first keyword or unpacking.
TSNode argument(TSNode args, int pos, std::string_view keyword, std::string_view text);

// How many positional arguments a call passes, and whether it unpacks (*args, **kwargs), in which
// case its arguments are not statically visible.
struct ArgumentShape {
  uint32_t positional = 0;
  bool unpacking = false;
};
ArgumentShape argument_shape(TSNode args);

// Skips parentheses around an expression.
TSNode strip_parens(TSNode n);
// A string literal's prefix letters, before its first quote: "" for `"a"`, "rb" for `rb'a'`.
std::string_view string_prefix(TSNode string, std::string_view text);
// A string literal's text taken apart: its prefix letters (`rb`), how many quotes open and close
// it (1 or 3), and what stands between them. nullopt for a text without a quote or too short for
// its quotes (not a whole literal). Inline: the checker's walk asks it of every string literal.
struct StringParts {
  std::string_view prefix;
  uint32_t quotes;
  std::string_view body;
};
inline std::optional<StringParts> string_parts(std::string_view token) {
  size_t p = token.find_first_of("'\"");
  if (p == std::string_view::npos) return std::nullopt;
  uint32_t quotes = p + 2 < token.size() && token[p + 1] == token[p] && token[p + 2] == token[p] ? 3 : 1;
  if (token.size() < p + 2 * quotes) return std::nullopt;
  return StringParts{token.substr(0, p), quotes, token.substr(p + quotes, token.size() - p - 2 * quotes)};
}
// What a string literal written in one piece says, when it is exactly its text: no interpolation,
// no escape sequence, no implicit concatenation (`"abc"`, `r"abc"`, `""`). nullopt otherwise.
std::optional<std::string_view> literal_string_content(TSNode string, std::string_view text);

// Whether a `for` or `while` statement encloses `node` inside its own function, class or lambda
// (or the module): code that may run again after what follows it.
bool inside_loop(TSNode node);

// The checker's one walk over a tree, over its NodeTable (`pymemlint-parse-only --walk` times the
// table and the walk alone): named nodes depth first, in document order, with an explicit stack
// (a 100,000-deep expression must not exhaust the C++ stack). It does not go where no name can
// be: under a string literal other than an f-string (delimiters and contents), to the name after
// an attribute's dot, or under an identifier or a comment (leaves). `visit(node, kind, depth,
// index)` sees each node, `index` being its position among its parent's named children;
// `leave(depth)` follows once the node at `depth` and everything under it have been visited.
template <typename Visit, typename Leave>
void walk_tree(const NodeTable& table, std::string_view text, Visit visit, Leave leave) {
  struct Frame {
    uint32_t next;  // the entry visited next
    uint32_t end;   // past the last child to visit
    uint32_t first;  // the first child: `next - first` is the index of the next one
  };
  std::vector<Frame> frames;
  auto enter = [&](uint32_t i, uint32_t depth, uint32_t index) {
    const NodeTable::Entry& e = table[i];
    TSNode node = table.node(i);
    visit(node, e.kind, depth, index);
    uint32_t count = e.child_count;
    if (e.kind == Kind::Identifier || e.kind == Kind::Comment ||
        (e.kind == Kind::String && string_prefix(node, text).find_first_of("fF") == std::string_view::npos))
      count = 0;  // nothing under it names a variable
    else if (e.kind == Kind::Attribute && count == 2)
      count = 1;  // `obj.name`: not the name (with a comment between them there are three, all walked)
    if (count > 0)
      frames.push_back({e.first_child, e.first_child + count, e.first_child});
    else
      leave(depth);
  };
  enter(0, 0, 0);
  while (!frames.empty()) {
    Frame& top = frames.back();
    if (top.next == top.end) {
      frames.pop_back();
      leave(static_cast<uint32_t>(frames.size()));  // the node whose children these were
      continue;
    }
    uint32_t index = top.next - top.first;
    uint32_t i = top.next++;
    enter(i, static_cast<uint32_t>(frames.size()), index);  // may push a frame: `top` is stale after
  }
}

// A scope the checker's walk is in: the depth of the node that opened it, and the model's id.
struct OpenScope {
  uint32_t depth;
  uint32_t id;
};

struct TreeDeleter {
  void operator()(TSTree* t) const { ts_tree_delete(t); }
};
using Tree = std::unique_ptr<TSTree, TreeDeleter>;

// One parser per thread; parsers are not shareable across threads.
class Parser {
 public:
  Parser();
  ~Parser();
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;
  // Parses `text`. Lines end at "\n", "\r\n" or a lone "\r", as in Python and LineIndex: the
  // grammar is given a copy with each lone "\r" made a "\n", of the same length, so the tree's
  // offsets are offsets of `text` (the tree keeps no reference to either).
  Tree parse(std::string_view text, const TSTree* old_tree = nullptr);
  // Whether the last parse gave the grammar a copy with narrower indentation (a line of the text
  // is indented past 255 columns: has_wide_indentation).
  bool narrowed() const { return narrowed_; }

 private:
  TSParser* parser_;
  bool narrowed_ = false;
};

// A line's indentation as Python's tokenizer measures it: `col` with a tab advancing to the next
// multiple of 8, `alt` with a tab as 1 column (the two it compares for a TabError); a form feed
// starts over.
struct Indentation {
  uint32_t col = 0, alt = 0;
  // Adds the byte `c` when it is indentation (space, tab, form feed); false otherwise.
  bool add(char c) {
    if (c == ' ') {
      ++col;
      ++alt;
    } else if (c == '\t') {
      col = (col / 8 + 1) * 8;
      ++alt;
    } else if (c == '\f') {
      col = alt = 0;
    } else {
      return false;
    }
    return true;
  }
};

// The tokenizer's stack of open blocks' indentations, against which each logical line's is checked.
class IndentStack {
 public:
  // Checks the indentation of a line that starts a logical line and holds a token, as CPython's
  // tokenizer does: the message of the error it raises there (TabError, too many levels, an
  // unindent matching no outer level), or nullptr, and then the stack holds the line's level.
  const char* line(const Indentation& indent);

 private:
  std::vector<uint32_t> cols_{0}, alts_{0};  // the module's level first
};

// A syntax error: where, and Python's kind of message ("SyntaxError: invalid syntax").
struct SyntaxErrorInfo {
  uint32_t start = 0;
  uint32_t end = 0;
  std::string message;
};
// The first error node or missing token of the tree in document order, if any (errors inside a
// string literal are tolerated). The checker looks for the errors the grammar lets through
// (LayoutChecker, is_reserved_word) during its walk, on trees without one.
std::optional<SyntaxErrorInfo> first_syntax_error(const TSTree* tree, std::string_view text);
// The end of the token starting at byte `s`, up to `limit`: the first blank or line break, at
// least one byte (where an E999's underline ends).
uint32_t first_token_end(std::string_view text, uint32_t s, uint32_t limit);
// A compound statement's header that may lack only its colon (`if x`, `def f(a)`, `else`), for
// CPython's "expected ':'": the first one that starts a line inside the outermost error node
// around the error first_syntax_error reports, whose logical line holds no colon outside brackets.
// A guess: it is sure only when a copy of the text with a colon at `insert_at` parses without an
// error up to the end of the header's line (the checker's question).
struct ColonlessHeader {
  uint32_t keyword = 0;    // the first byte of its first word
  uint32_t insert_at = 0;  // the end of its last token: where the colon belongs
  uint32_t newline = 0;    // where CPython reports the missing colon (its NEWLINE token)
  bool soft = false;       // `match` or `case`, which may be names
};
std::optional<ColonlessHeader> colonless_header(const TSTree* tree, std::string_view text);
// The limits of CPython's tokenizer, which the grammar does not have: at most 200 brackets open
// at once ("too many nested parentheses", at the 201st), and at most 99 levels of indentation
// ("too many levels of indentation", at the first statement of the 100th indented block). Both
// walk the whole tree again: the checker asks only when its walk went 200 nodes deep, which
// either needs. Brackets inside string literals (an f-string's) are not counted.
std::optional<SyntaxErrorInfo> nesting_limit_error(TSNode root);
// Where CPython 3.11's tokenizer stops on the text, from the text alone (one pass, no tree: it
// serves where the tree cannot be trusted, as after an error node, or where the grammar's scanner
// loses indentation deeper than 255 columns). CPython's parser pulls tokens one by one, and when
// it fails, reads the rest of the text through the tokenizer; what the file reports then depends
// on the kind of stop:
struct TokenizerStop {
  enum class Kind {
    // An error the tokenizer raises itself (an unterminated string, a bracket that matches no
    // other, an invalid character or number): reported wherever the parser failed, except after
    // an unexpected indent.
    Error,
    // Indentation that stops the tokenizer at a line's first character ("unindent does not match
    // any outer indentation level", a TabError, "too many levels of indentation"): reported when
    // the parser gets there, else the parser's error is.
    Indentation,
    // The end of the text inside brackets: "'(' was never closed" (at the innermost), when the
    // parser gets there or failed on a later row than the bracket's.
    UnclosedBracket,
    // A stop whose report is not known here (a character after a line continuation, a name with
    // a character outside the known table): the parser's error, if any.
    Unknown,
  };
  Kind kind;
  SyntaxErrorInfo error;  // with CPython's message and place (Unknown: none)
  std::string closers;    // UnclosedBracket: the brackets that close those open, innermost first
  uint32_t logical_line = 0;  // Error: the first byte of the logical line it is on
};
// The first stop, if the tokenizer stops before the end of the text.
std::optional<TokenizerStop> first_tokenizer_stop(std::string_view text);
// The lines inside brackets that start (with a token or a comment) less indented than the logical
// line they continue, as CPython's tokenizer reads the text: each one's first byte and the byte
// after its blanks. Python ignores such indentation; tree-sitter-python's scanner closes blocks
// there when no closing bracket may come next (`y = (1 +` and then `  2)`). Empty when the
// tokenizer stops before the end of the text.
std::vector<std::pair<uint32_t, uint32_t>> dedented_bracket_lines(std::string_view text);
// The error CPython's tokenizer raises on the number that starts at byte `start` of `text`, if
// any (`1_`, `1_e5`, `0x_`): the grammar takes some of them.
std::optional<SyntaxErrorInfo> number_literal_error(std::string_view text, uint32_t start);
// CPython's tokenizer's indentation stack alone: the first logical line where it stops with "too
// many levels of indentation" (at the 100th indented level), "unindent does not match any outer
// indentation level" or a TabError, at the line's first character. Comments, blank lines, lines
// inside brackets or strings and continued lines are skipped, as the tokenizer skips them; what
// else the tokenizer may stop at is not looked for (the checker asks it where that is unknown).
std::optional<SyntaxErrorInfo> tokenizer_indentation_error(std::string_view text);
// Finds the first error Python would report that the grammar accepts, in the checker's walk
// (enter() and leave() are called as walk_tree calls its visitors). tree-sitter-python tracks
// indentation only where a block may start, so it parses, where Python stops with an
// IndentationError or a TabError:
// - a statement indented more or less than its block (`unexpected indent`, `unindent does not
//   match any outer indentation level`), also a misaligned `else`/`elif`/`except`/`finally`/
//   `case` or the `def` under a decorator;
// - a block with no statement (`expected an indented block`);
// - indentation whose order depends on a tab's width (a tab is 8 columns or 1; Python requires
//   both to agree).
// It also accepts Python 2's `print x` and `exec code`, which Python 3 rejects. Only statements
// that begin a logical line are compared, as in Python's tokenizer (not after `;`, a one-line
// suite's `:` or a backslash continuation). Meant for a tree without error nodes: after one,
// tree-sitter's recovery may move whole statements, and their indentation says nothing.
class LayoutChecker {
 public:
  // `lines` indexes `text` (the checker's FileAnalysis::lines); both must outlive the checker.
  LayoutChecker(std::string_view text, const LineIndex& lines) : text_(text), lines_(lines) {}
  // Inline: called for every node of the walk, and most (inside statements) need nothing.
  void enter(TSNode node, Kind kind, uint32_t depth) {
    if (depth >= slots_.size()) slots_.resize(depth + 1);
    slots_[depth].role = Role::None;
    if (depth == 0 || slots_[depth - 1].role != Role::None) enter_part_or_statement(node, kind, depth);
  }
  void leave(uint32_t depth) {
    if (slots_[depth].role == Role::Statements) leave_statements(depth);
  }
  const std::optional<SyntaxErrorInfo>& error() const { return error_; }

  using Indent = Indentation;

 private:
  // What the node at a depth of the current path holds: a module's or block's statements, or a
  // compound statement's (or clause's) parts: its blocks and clauses.
  enum class Role : uint8_t { None, Statements, Parts };
  struct Slot {
    Role role = Role::None;
    TSNode node{};
    TSNode owner{};         // the compound statement or clause a block or the parts belong to
    Indent owner_indent{};  // its line's indentation
    Indent level{};         // Statements: the indentation its statements share...
    bool has_level = false; // ...once the first one has set it
    bool one_line = false;  // Statements: a one-line suite (`if x: a; b`)
    bool has_statement = false;
  };
  void enter_part_or_statement(TSNode node, Kind kind, uint32_t depth);
  void leave_statements(uint32_t depth);
  void statement(TSNode node, Kind kind, Slot& block, Slot& slot);
  void part(TSNode node, Kind kind, const Slot& parts, Slot& slot);
  bool aligned(TSNode node, Indent indent, Indent expected);
  void fail(TSNode node, std::string message);
  void fail_expected_block(TSNode owner, uint32_t at);
  Indent line_indent(TSNode node) const;
  // Whether the node is the first token of a logical line: only blanks before it on its physical
  // line, and that line does not continue the one before with a backslash.
  bool begins_logical_line(TSNode node) const;
  // The start of the first line after `pos`'s that holds code (not blank, not only a comment),
  // or the end of the text.
  uint32_t next_code_line(uint32_t pos) const;

  std::string_view text_;
  const LineIndex& lines_;
  std::vector<Slot> slots_;  // by depth, along the current path
  Indent last_indent_{};     // of the last logical line checked
  std::optional<SyntaxErrorInfo> error_;
};
// Finds, in the checker's walk, the first construct Python's parser rejects that the grammar
// accepts in an expression or a signature (CPython 3.11's messages):
// - arguments out of order: `f(x=1, y)`, `f(**k, y)`, `f(**k, *a)`;
// - a comprehension over an unparenthesized tuple: `[a for a in b, c]`, `f(a for a in b, c)`;
// - an unparenthesized `:=` where Python requires parentheses: a statement (`a := 1`), the value
//   of an assignment, `return`, `assert`, `del`, `yield`, a keyword argument, a lambda body, a
//   `with` item, a `for` iterable or a dict key;
// - targets that cannot be deleted or assigned: `del f()`, `del *a`, `with a as f()`, and
//   `(a, b) += 1`;
// - parameters out of order: `def f(a=1, b)`, `def f(*, **k)`, `lambda *: 0`;
// - bytes concatenated with other strings (`b'a' 'c'`), and an f-string conversion other than
//   `!s`, `!r` or `!a`;
// - a decimal integer with a leading zero (`0777`, Python 2's octal);
// - the rest of Python 2 that the grammar takes: `except E, e:`, `raise E, msg`, `a <> b`, a
//   parameter in parentheses (`def f((a, b))`, `lambda (a, b): 0`), `ur''` and other prefixes
//   Python 3 does not have, and backquotes; a number ending in `L` is the tokenizer's to report;
// - escapes Python cannot decode (`"C:\Users"`, `"\x1"`, `"\N"`, `b"\x"`), and bytes that are
//   not ASCII in a bytes literal. Not an unknown `\N{name}` (that needs Unicode's names), nor an
//   escape after the first brace of an f-string.
// Like LayoutChecker, meant for a tree without error nodes.
class GrammarGapChecker {
 public:
  explicit GrammarGapChecker(std::string_view text) : text_(text) {}
  // `parent` and `parent_kind`: the node's parent in the walk; `depth` as the walk gives it.
  // Inline: called for every node of the walk, and most need a comparison or two.
  void enter(TSNode node, Kind kind, TSNode parent, Kind parent_kind, uint32_t depth) {
    if (kind == Kind::Integer || kind == Kind::Float) number(node);  // even after an error: it may win
    if (error_) return;
    if (parent_kind == Kind::ArgumentList) argument(node, kind, depth);
    switch (kind) {
      case Kind::ArgumentList:
        if (depth >= arguments_.size()) arguments_.resize(depth + 1);
        arguments_[depth] = {};
        break;
      case Kind::NamedExpression: named_expression(node, parent, parent_kind); break;
      case Kind::Integer: integer(node); break;
      case Kind::ForInClause: case Kind::DeleteStatement: case Kind::AugmentedAssignment: case Kind::AsPatternTarget:
      case Kind::Parameters: case Kind::LambdaParameters: case Kind::ConcatenatedString: case Kind::Interpolation:
      case Kind::ExceptClause: case Kind::RaiseStatement: case Kind::ComparisonOperator:
        construct(node, kind, parent, parent_kind);
        break;
      default: break;
    }
  }
  // A string literal (`token`, its text) in the walk, after enter: not called from enter because
  // the walk reads the literal's text for itself too. Inline: most literals have neither a prefix
  // nor a backslash, and need no more.
  void string_literal(TSNode node, std::string_view token, Kind parent_kind, TSNode parent) {
    if (token.empty() || ((token[0] == '"' || token[0] == '\'') && token.find('\\') == std::string_view::npos)) return;
    prefixed_or_escaped(node, token, parent_kind, parent);
  }
  const std::optional<SyntaxErrorInfo>& error() const { return error_; }
  // Whether a number the grammar took is one CPython's tokenizer refuses (number_literal_error):
  // the tokenizer then decides what the file reports (first_tokenizer_stop).
  bool tokenizer_refuses_a_number() const { return bad_number_; }

 private:
  struct Arguments {  // what an argument list has had so far
    bool keyword = false, dictionary_splat = false;
  };
  void argument(TSNode node, Kind kind, uint32_t depth);
  void named_expression(TSNode node, TSNode parent, Kind parent_kind);
  void construct(TSNode node, Kind kind, TSNode parent, Kind parent_kind);
  void integer(TSNode node);
  void number(TSNode node);
  void prefixed_or_escaped(TSNode node, std::string_view token, Kind parent_kind, TSNode parent);
  void not_equal(TSNode comparison, uint32_t at);
  void fail(TSNode node, std::string message);
  std::string_view text_;
  bool bad_number_ = false;
  std::vector<Arguments> arguments_;  // by the depth of the argument list, along the current path
  std::optional<SyntaxErrorInfo> error_;
};
// Whether `name` is one of Python 3's reserved words (`else`, `return`, ...; not the soft keywords
// `match`, `case`, `type`, `_`). The grammar takes some of them for names where Python stops: a
// misplaced `else:` parses as an annotated assignment to `else`. The checker's walk, which visits
// every identifier, reports the first such name as a syntax error.
bool is_reserved_word(std::string_view name);
// Whether the name starting at byte `start` of `text` is a reserved word, reading only as much of
// it as that takes: a name runs on through letters, digits, `_` and any non-ASCII character.
bool is_reserved_word_at(std::string_view text, uint32_t start);

}  // namespace pml
