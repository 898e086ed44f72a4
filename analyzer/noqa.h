// `# noqa` suppression: line-level `# noqa` / `# noqa: MEM301, MEM2` and file-level
// `# pymemlint: noqa` / `# pymemlint: noqa: CODES`. Codes may be prefixes, as selectors are; a
// token that is not a code or a prefix (`MEM3O1`, `MEM301abc`) silences nothing.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace pml {

struct NoqaDirective {
  bool all = false;                // bare `# noqa`
  std::vector<std::string> codes;  // codes or prefixes
  // Byte range of each code in the parsed comment (same order as `codes`), for editors.
  std::vector<std::pair<uint32_t, uint32_t>> code_spans;
  // Byte offset just after the `:` of a code list (0 for a bare `# noqa`), where an editor can
  // insert a code when the list holds none.
  uint32_t list_start = 0;
  bool matches(std::string_view code) const;
};

class NoqaIndex {
 public:
  // Feeds one comment's text (starting with '#') and its 1-based row.
  void add_comment(std::string_view comment, uint32_t row);
  bool suppressed(std::string_view code, uint32_t row) const;

 private:
  std::unordered_map<uint32_t, NoqaDirective> lines_;
  NoqaDirective file_;
  bool file_level_ = false;
};

// Parses the directive in a comment: `# noqa`, `# noqa: A1, B2`, also after other comment text
// (`# type: ignore  # noqa`). Returns false when the comment has none.
bool parse_noqa(std::string_view comment, NoqaDirective* out);
// Parses `# pymemlint: noqa[: CODES]`.
bool parse_file_noqa(std::string_view comment, NoqaDirective* out);

}  // namespace pml
