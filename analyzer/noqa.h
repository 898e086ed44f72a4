// `# noqa` suppression: line-level `# noqa` / `# noqa: MEM301, MEM2` and file-level
// `# pymemlint: noqa` / `# pymemlint: noqa: CODES`. Codes may be prefixes, as selectors are; a
// token that is not a code or a prefix (`MEM3O1`, `MEM301abc`) silences nothing.
#pragma once

#include <tree_sitter/api.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace pml {

class LineIndex;
struct Edit;

struct NoqaDirective {
  bool all = false;                // bare `# noqa`
  std::vector<std::string> codes;  // codes or prefixes
  // Byte range of each code in the parsed comment (same order as `codes`), for editors.
  std::vector<std::pair<uint32_t, uint32_t>> code_spans;
  // Byte offset just after the `:` of a code list (0 for a bare `# noqa`), where an editor can
  // insert a code when the list holds none.
  uint32_t list_start = 0;
  // Byte range of the directive itself in the parsed comment: from its `#` to the end of its last
  // code (or of `noqa`, or of the `:`, when it lists none).
  uint32_t start = 0;
  uint32_t end = 0;
  bool matches(std::string_view code) const;
};

// A line's `# noqa` directive, where it is, and which of its codes silenced a finding.
struct LineNoqa {
  NoqaDirective directive;
  uint32_t row = 0;            // 1-based
  uint32_t comment_start = 0;  // byte range of the comment holding it in the file's text, without
  uint32_t comment_end = 0;    // trailing blanks or a CRLF's "\r"
  std::vector<bool> used;      // by code, as `directive.codes`
  bool used_all = false;       // a bare `# noqa` silenced something
};

class NoqaIndex {
 public:
  // Feeds one comment's text (starting with '#'), its 1-based row and its byte offset in the file.
  void add_comment(std::string_view comment, uint32_t row, uint32_t offset);
  // Whether a finding of `code` whose noqa row is `row` is silenced: by the file-level directive,
  // else by the row's. The codes of the row's directive that match are marked used.
  bool suppress(std::string_view code, uint32_t row);
  // Whether the file-level directive silences `code`.
  bool file_suppresses(std::string_view code) const { return file_level_ && file_.matches(code); }
  // The line directives, in no particular order.
  const std::unordered_map<uint32_t, LineNoqa>& lines() const { return lines_; }

 private:
  std::unordered_map<uint32_t, LineNoqa> lines_;
  NoqaDirective file_;
  bool file_level_ = false;
};

// Where a finding's `# noqa` goes when the line it starts on cannot carry a comment, as in Ruff's
// noqa line mapping: a finding that starts in a range takes the row where the range ends.
// - A line ending with a backslash continuation: the range runs from the line's start to the next
//   line's start, so its findings take the next line; a chain of them takes the line after the
//   last backslash.
// - A string that spans lines and is triple-quoted or an f-string (docstrings, byte and raw
//   strings too): the range runs from the start of the line the string opens on to its closing
//   quote, so findings on that first line or inside the string take the closing quote's row. Only
//   the outermost string counts (an f-string's nested strings fall inside it).
// Ranges that overlap or touch are merged (a backslash line right before a multi-line string, a
// string whose last line ends with a backslash): the merged range ends where the last one does.
// A single-quoted string continued by a backslash inside it is no continuation and not mapped.
class NoqaLineMap {
 public:
  // Adds the byte range [start, end). Cheapest in order of `start` (the walk's document order);
  // any order is accepted.
  void add(uint32_t start, uint32_t end);
  // Merges what add() could not (ranges added out of order). Call once, before resolve().
  void finish();
  // The offset whose row must carry the `# noqa` for a finding starting at `offset`: the end of
  // the range holding it, else `offset` itself.
  uint32_t resolve(uint32_t offset) const;
  bool empty() const { return ranges_.empty(); }

 private:
  std::vector<std::pair<uint32_t, uint32_t>> ranges_;  // sorted, disjoint, not touching
  bool sorted_ = true;
};

// Parses the directive in a comment: `# noqa`, `# noqa: A1, B2`, also after other comment text
// (`# type: ignore  # noqa`). Returns false when the comment has none.
bool parse_noqa(std::string_view comment, NoqaDirective* out);
// Parses `# pymemlint: noqa[: CODES]`.
bool parse_file_noqa(std::string_view comment, NoqaDirective* out);

// The comment node of `tree` that covers bytes [start, end), or a null node (also without a tree).
TSNode comment_at(const TSTree* tree, uint32_t start, uint32_t end);

// The edit that makes the 0-based `row` of `text` (parsed as `tree`) silence `codes` (in that
// order): it extends the line's `# noqa:` code list, appends a directive after the line's comment,
// or adds `  # noqa: CODES` at the end of the line. nullopt when the line already carries a bare
// `# noqa`, or cannot take a comment (it ends inside a string or with a backslash continuation).
std::optional<Edit> noqa_edit(std::string_view text, const LineIndex& lines, const TSTree* tree, uint32_t row,
                              std::span<const std::string> codes);

}  // namespace pml
