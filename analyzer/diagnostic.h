// Findings and the fixes attached to them. Offsets are byte offsets into the decoded UTF-8 text
// of a file (BOM removed); rows and columns are derived from them by a LineIndex when rendering.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pml {

// Replace bytes [start, end) with `content`. An insertion has start == end.
struct Edit {
  uint32_t start = 0;
  uint32_t end = 0;
  std::string content;

  friend bool operator==(const Edit&, const Edit&) = default;
};

// Ordered from weakest to strongest so that "at least" comparisons read naturally.
enum class Applicability { DisplayOnly, Unsafe, Safe };

std::string_view to_string(Applicability a);

struct Fix {
  std::string title;  // imperative, shown as `help:` and as the JSON fix message
  Applicability applicability = Applicability::Safe;
  std::vector<Edit> edits;  // sorted by start, non-overlapping
  // Fixes that share a key are applied in different rounds, each after a re-lint: the safety of
  // each rests on how one name is bound and used, which the other may change (`x = list(range(n))`
  // made a range, then `x = [v * 2 for v in x]` made an assignment to `x`'s items). Rules key a
  // fix by the scope and the name it concerns (Context::isolation_key).
  std::vector<std::string> isolation;

  // The smallest start and largest end over the edits.
  uint32_t start() const;
  uint32_t end() const;
};

// A position for humans: 1-based row, 1-based column counted in Unicode scalar values.
struct Location {
  uint32_t row = 1;
  uint32_t column = 1;
  friend bool operator==(const Location&, const Location&) = default;
};

// Rows longer than this many bytes are not copied into findings for display.
inline constexpr size_t kLongestShownRow = 4096;

struct Diagnostic {
  std::string code;     // "MEM301", or "E999"/"E902" for files that cannot be linted
  std::string name;     // kebab-case rule name
  std::string message;  // what stays alive, the bytes when known, what to do
  uint32_t start = 0;   // byte range of the finding
  uint32_t end = 0;
  std::optional<Fix> fix;
  std::optional<uint64_t> estimated_bytes;

  // Filled in by the checker once the file is done, so renderers need no source text:
  Location location;       // of `start`
  Location end_location;   // of `end`
  uint32_t noqa_row = 0;   // the row a `# noqa` comment must be on to suppress this
  std::string source_line; // the full text of the row of `start` (no line terminator); empty for a
                           // row longer than kLongestShownRow, which is not shown
  // Notebooks only: the 1-based cell (counting every cell, as Ruff does) holding `start`; then
  // every row above (locations, noqa_row, edit locations) counts from the top of that cell.
  std::optional<uint32_t> cell;
  // Fix edits with resolved locations (same order as fix->edits).
  std::vector<std::pair<Location, Location>> edit_locations;
};

}  // namespace pml
