#include "analyzer/noqa.h"

#include <algorithm>
#include <cctype>

#include "analyzer/diagnostic.h"
#include "analyzer/source.h"
#include "analyzer/syntax.h"

namespace pml {

namespace {

bool iequals_at(std::string_view s, size_t pos, std::string_view word) {
  if (pos + word.size() > s.size()) return false;
  for (size_t i = 0; i < word.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[pos + i])) != word[i]) return false;
  return true;
}

void skip_spaces(std::string_view s, size_t& i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
}

bool is_separator(char c) {
  return c == ',' || c == '#' || c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// A code or a prefix of codes, as selectors take them: uppercase letters, then digits or nothing
// (`MEM301`, `MEM3`, `MEM`).
bool is_code_token(std::string_view token) {
  size_t i = 0;
  while (i < token.size() && is_upper(token[i])) ++i;
  if (i == 0) return false;
  while (i < token.size() && is_digit(token[i])) ++i;
  return i == token.size();
}

// After `noqa`: optional `:` and a list of codes separated by commas and/or whitespace. A token
// runs to the next separator, so a mistyped code (`MEM3O1`, `MEM301abc`) is one token that is no
// code, never the prefix that happens to precede the typo: it silences nothing. The first token
// that does not start with an uppercase letter ends the list (`# noqa: MEM301 kept on purpose`),
// and so does a `#`. A `:` with no code after it silences nothing, as in Ruff.
void parse_codes(std::string_view s, size_t i, NoqaDirective* out) {
  skip_spaces(s, i);
  if (i >= s.size() || s[i] != ':') {
    out->all = true;
    return;
  }
  ++i;
  out->list_start = static_cast<uint32_t>(i);
  out->end = static_cast<uint32_t>(i);
  for (;;) {
    while (i < s.size() && s[i] != '#' && is_separator(s[i])) ++i;
    if (i >= s.size() || !is_upper(s[i])) break;
    size_t start = i;
    while (i < s.size() && !is_separator(s[i])) ++i;
    std::string_view token = s.substr(start, i - start);
    if (!is_code_token(token)) continue;
    out->codes.emplace_back(token);
    out->code_spans.emplace_back(static_cast<uint32_t>(start), static_cast<uint32_t>(i));
    out->end = static_cast<uint32_t>(i);
  }
}

}  // namespace

bool NoqaDirective::matches(std::string_view code) const {
  if (all) return true;
  for (const auto& c : codes)
    if (code.substr(0, c.size()) == c) return true;
  return false;
}

bool parse_noqa(std::string_view comment, NoqaDirective* out) {
  // Every `#` starts a candidate: `# type: ignore # noqa: MEM301`.
  for (size_t hash = comment.find('#'); hash != std::string_view::npos; hash = comment.find('#', hash + 1)) {
    size_t i = hash + 1;
    skip_spaces(comment, i);
    if (!iequals_at(comment, i, "noqa")) continue;
    i += 4;
    if (i < comment.size() && (std::isalnum(static_cast<unsigned char>(comment[i])) || comment[i] == '_')) continue;
    *out = NoqaDirective{};
    out->start = static_cast<uint32_t>(hash);
    out->end = static_cast<uint32_t>(i);
    parse_codes(comment, i, out);
    return true;
  }
  return false;
}

bool parse_file_noqa(std::string_view comment, NoqaDirective* out) {
  size_t i = 0;
  if (i >= comment.size() || comment[i] != '#') return false;
  ++i;
  skip_spaces(comment, i);
  if (!iequals_at(comment, i, "pymemlint")) return false;
  i += 9;
  skip_spaces(comment, i);
  if (i >= comment.size() || comment[i] != ':') return false;
  ++i;
  skip_spaces(comment, i);
  if (!iequals_at(comment, i, "noqa")) return false;
  i += 4;
  *out = NoqaDirective{};
  out->end = static_cast<uint32_t>(i);
  parse_codes(comment, i, out);
  return true;
}

void NoqaIndex::add_comment(std::string_view comment, uint32_t row, uint32_t offset) {
  NoqaDirective d;
  if (parse_file_noqa(comment, &d)) {
    file_level_ = true;
    file_.all = file_.all || d.all;
    file_.codes.insert(file_.codes.end(), d.codes.begin(), d.codes.end());
    return;
  }
  if (!parse_noqa(comment, &d)) return;
  size_t length = comment.size();
  while (length > 0 && (comment[length - 1] == ' ' || comment[length - 1] == '\t' || comment[length - 1] == '\r' ||
                        comment[length - 1] == '\f'))
    --length;
  LineNoqa& line = lines_[row];
  line.used.assign(d.codes.size(), false);
  line.directive = std::move(d);
  line.row = row;
  line.comment_start = offset;
  line.comment_end = offset + static_cast<uint32_t>(length);
}

bool NoqaIndex::suppress(std::string_view code, uint32_t row) {
  if (file_suppresses(code)) return true;
  auto it = lines_.find(row);
  if (it == lines_.end()) return false;
  LineNoqa& line = it->second;
  if (line.directive.all) return line.used_all = true;
  bool matched = false;
  for (size_t i = 0; i < line.directive.codes.size(); ++i) {
    const std::string& c = line.directive.codes[i];
    if (code.substr(0, c.size()) == c) matched = line.used[i] = true;
  }
  return matched;
}

void NoqaLineMap::add(uint32_t start, uint32_t end) {
  if (end <= start) return;
  if (!ranges_.empty()) {
    auto& last = ranges_.back();
    if (start < last.first) {
      sorted_ = false;
    } else if (start <= last.second) {  // overlaps or touches the last one: one range
      last.second = std::max(last.second, end);
      return;
    }
  }
  ranges_.emplace_back(start, end);
}

void NoqaLineMap::finish() {
  if (sorted_) return;
  std::sort(ranges_.begin(), ranges_.end());
  std::vector<std::pair<uint32_t, uint32_t>> merged;
  for (const auto& r : ranges_)
    if (!merged.empty() && r.first <= merged.back().second)
      merged.back().second = std::max(merged.back().second, r.second);
    else
      merged.push_back(r);
  ranges_ = std::move(merged);
  sorted_ = true;
}

uint32_t NoqaLineMap::resolve(uint32_t offset) const {
  // The first range ending after `offset`; it holds `offset` when it starts at or before it.
  auto it = std::upper_bound(ranges_.begin(), ranges_.end(), offset,
                             [](uint32_t o, const std::pair<uint32_t, uint32_t>& r) { return o < r.second; });
  return it != ranges_.end() && it->first <= offset ? it->second : offset;
}

TSNode comment_at(const TSTree* tree, uint32_t start, uint32_t end) {
  if (!tree) return TSNode{};
  TSNode n = ts_node_descendant_for_byte_range(ts_tree_root_node(tree), start, end);
  return is(n, Kind::Comment) ? n : TSNode{};
}

namespace {

// Whether byte `offset` lies strictly inside a string literal (a multi-line string's line end).
bool inside_string(const TSTree* tree, uint32_t offset) {
  if (!tree) return true;
  for (TSNode n = ts_node_descendant_for_byte_range(ts_tree_root_node(tree), offset, offset); !ts_node_is_null(n);
       n = parent_of(n))
    if (is(n, Kind::String) && ts_node_start_byte(n) < offset && offset < ts_node_end_byte(n)) return true;
  return false;
}

std::string joined(std::span<const std::string> codes) {
  std::string out;
  for (const std::string& c : codes) {
    if (!out.empty()) out += ", ";
    out += c;
  }
  return out;
}

}  // namespace

std::optional<Edit> noqa_edit(std::string_view text, const LineIndex& lines, const TSTree* tree, uint32_t row,
                              std::span<const std::string> codes) {
  if (codes.empty()) return std::nullopt;
  uint32_t begin = lines.line_start(row), end = lines.line_end(row);
  uint32_t last = end;
  while (last > begin && (text[last - 1] == ' ' || text[last - 1] == '\t')) --last;
  if (last > begin) {
    TSNode comment = comment_at(tree, last - 1, last);
    if (!ts_node_is_null(comment) && ts_node_start_byte(comment) >= begin) {
      // The comment node runs to the "\r" of a CRLF line end (and over trailing blanks): the
      // comment ends where the line's text does.
      uint32_t cs = ts_node_start_byte(comment), ce = std::min(ts_node_end_byte(comment), last);
      NoqaDirective d;
      if (parse_noqa(text.substr(cs, ce - cs), &d)) {
        if (d.all) return std::nullopt;  // a bare `# noqa` already silences everything
        if (d.code_spans.empty()) {
          // `# noqa:` with no code (or only mistyped ones, which silence nothing): the codes open
          // the list, before whatever text follows the colon.
          uint32_t at = cs + d.list_start, next = at;
          while (next < ce && (text[next] == ' ' || text[next] == '\t')) ++next;
          bool more = next < ce && text[next] != '#';
          std::string content(" ");
          content += joined(codes);
          if (more) content += ',';
          return Edit{at, at, std::move(content)};
        }
        uint32_t after = cs + d.code_spans.back().second;
        return Edit{after, after, ", " + joined(codes)};
      }
      return Edit{ce, ce, "  # noqa: " + joined(codes)};
    }
  }
  if (inside_string(tree, end) || (last > begin && text[last - 1] == '\\')) return std::nullopt;
  return Edit{last, end, "  # noqa: " + joined(codes)};
}

}  // namespace pml
