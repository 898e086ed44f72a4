#include "analyzer/syntax.h"

#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

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
thread_local const TSTree* memo_tree = nullptr;
}

namespace {
// A direct-mapped table per thread: an entry is valid while its generation is the current one, so
// starting a memo costs nothing (no clearing) and a tree freed and reallocated at the same address
// can never be answered from an older generation. A memo uses as much of the table as its file
// needs: a small file's answers stay within a few cache lines and pages, where the whole table
// spread over 1.5 MiB cost a cache miss per question.
struct MemoEntry {
  const void* id = nullptr;
  uint32_t generation = 0;
  uint16_t field = 0;  // kParentSlot for parents
  TSNode value{};
};
constexpr uint16_t kParentSlot = 0xFFFF;
constexpr unsigned kMinMemoBits = 8;
constexpr unsigned kMaxMemoBits = 15;
struct MemoTable {
  std::vector<MemoEntry> entries = std::vector<MemoEntry>(size_t{1} << kMaxMemoBits);
  unsigned bits = kMaxMemoBits;
  uint32_t generation = 0;
  MemoEntry& slot(const void* id, uint16_t field) {
    uint64_t h = (reinterpret_cast<uintptr_t>(id) >> 3) * 0x9E3779B97F4A7C15ull + field * 0xC2B2AE3D27D4EB4Full;
    return entries[h >> (64 - bits)];
  }
  void next_generation() {
    if (++generation == 0) {  // wrapped: forget everything once
      for (auto& e : entries) e.generation = 0;
      generation = 1;
    }
  }
};
thread_local MemoTable t_memo;

// Table bits for about `expected` answers: twice as many slots, within the table's bounds.
unsigned memo_bits_for(size_t expected) {
  unsigned b = kMinMemoBits;
  while (b < kMaxMemoBits && (size_t{1} << b) < expected * 2) ++b;
  return b;
}

template <typename Compute>
TSNode remembered(TSNode n, uint16_t field, Compute compute) {
  MemoEntry& e = t_memo.slot(n.id, field);
  if (e.id == n.id && e.field == field && e.generation == t_memo.generation) return e.value;
  TSNode value = compute();
  e = {n.id, t_memo.generation, field, value};
  return value;
}
}  // namespace

NodeQueryMemo::NodeQueryMemo(const TSTree* tree, size_t expected_answers)
    : previous_tree_(detail::memo_tree), previous_bits_(t_memo.bits) {
  t_memo.next_generation();
  t_memo.bits = memo_bits_for(expected_answers);
  detail::memo_tree = tree;
}
NodeQueryMemo::~NodeQueryMemo() {
  t_memo.next_generation();  // the outer memo's entries may have been overwritten by ours
  t_memo.bits = previous_bits_;
  detail::memo_tree = previous_tree_;
}

void NodeQueryMemo::note_parent(TSNode node, TSNode parent) {
  if (node.tree != detail::memo_tree) return;
  MemoEntry& e = t_memo.slot(node.id, kParentSlot);
  e = {node.id, t_memo.generation, kParentSlot, parent};
}

TSNode NodeQueryMemo::child_by_field(TSNode n, TSFieldId field) {
  return remembered(n, field, [&] { return ts_node_child_by_field_id(n, field); });
}
TSNode NodeQueryMemo::parent(TSNode n) {
  return remembered(n, kParentSlot, [&] { return ts_node_parent(n); });
}

TSNode strip_parens(TSNode n) {
  while (is(n, Kind::ParenthesizedExpression) && ts_node_named_child_count(n) == 1) n = ts_node_named_child(n, 0);
  return n;
}

std::string_view string_prefix(TSNode string, std::string_view text) {
  std::string_view s = node_text(string, text);
  return s.substr(0, s.find_first_of("'\""));
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

}  // namespace

Tree Parser::parse(std::string_view text, const TSTree* old_tree) {
  std::vector<TSRange> ranges = ranges_without_long_comment_runs(text);
  ts_parser_set_included_ranges(parser_, ranges.empty() ? nullptr : ranges.data(),
                                static_cast<uint32_t>(ranges.size()));
  return Tree(ts_parser_parse_string(parser_, old_tree, text.data(), static_cast<uint32_t>(text.size())));
}

std::optional<SyntaxErrorInfo> first_syntax_error(const TSTree* tree, std::string_view text) {
  TSNode root = ts_tree_root_node(tree);
  if (!ts_node_has_error(root)) return std::nullopt;
  // Depth-first over the subtrees that contain errors, in document order (explicit stack).
  // Errors confined to a string literal are tolerated: the pinned grammar rejects some valid
  // f-strings (a format spec such as `{x:=}`) that Python accepts, and the rest of the tree is
  // sound. A fix can still never add an error: a fixed text that has any other error is rejected.
  std::vector<TSNode> stack{root};
  while (!stack.empty()) {
    TSNode node = stack.back();
    stack.pop_back();
    if (ts_node_is_missing(node)) {
      std::string what = ts_node_type(node);
      return SyntaxErrorInfo{ts_node_start_byte(node), ts_node_start_byte(node), "SyntaxError: expected `" + what + "`"};
    }
    Kind k = kind_of(node);
    if (k == Kind::String) continue;
    if (k == Kind::Error) {
      // An ERROR can wrap a valid prefix: prefer a more precise error inside it, if any.
      bool inner = false;
      for (uint32_t i = ts_node_child_count(node); i-- > 0;) {
        TSNode c = ts_node_child(node, i);
        if (ts_node_has_error(c) && kind_of(c) != Kind::String) inner = true;
      }
      if (!inner) {
        uint32_t s = ts_node_start_byte(node), e = ts_node_end_byte(node);
        uint32_t tok_end = s;  // point at the first token of the error, not the whole region
        while (tok_end < e && tok_end < text.size() && text[tok_end] != '\n' && text[tok_end] != '\r' &&
               text[tok_end] != ' ' && text[tok_end] != '\t')
          ++tok_end;
        if (tok_end == s && s < e) tok_end = s + 1;
        return SyntaxErrorInfo{s, tok_end, "SyntaxError: invalid syntax"};
      }
    }
    for (uint32_t i = ts_node_child_count(node); i-- > 0;) {
      TSNode c = ts_node_child(node, i);
      if (ts_node_has_error(c) || ts_node_is_missing(c)) stack.push_back(c);
    }
  }
  return std::nullopt;  // only tolerated errors
}

}  // namespace pml
