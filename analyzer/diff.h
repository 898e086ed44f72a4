// Unified diffs for `--diff`, computed by libgit2 (xdiff), in the shape Ruff prints.
#pragma once

#include <string>
#include <string_view>

namespace pml {

// The unified diff from `old_text` to `new_text`, both labelled `path`:
//
//   --- path
//   +++ path
//   @@ -3,7 +3,7 @@
//    context
//   -old line
//   +new line
//   \ No newline at end of file
//
// Three lines of context; hunk ranges follow the GNU convention (a count of 1 is omitted). Line
// content is copied byte for byte, so "\r\n" endings survive. Returns "" when the texts are equal.
// Thread-safe. Throws std::runtime_error if libgit2 fails (out of memory).
std::string unified_diff(std::string_view old_text, std::string_view new_text, std::string_view path);

}  // namespace pml
