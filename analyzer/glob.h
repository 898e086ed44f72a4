// Path globs with the syntax Ruff's configuration reads (the globset crate's), matched through
// POSIX fnmatch(3). fnmatch does the character-level work (`*`, `?`, bracket expressions, backslash
// escapes); this layer adds only what fnmatch lacks: a `**` path component matching zero or more
// directories.
#pragma once

#include <string>
#include <string_view>

namespace pml {

// `*` and `?` cross `/`, as in Ruff (globset's default; fnmatch without FNM_PATHNAME). A `**` that
// is a whole component matches directories: `**/x` matches `x` and `a/b/x`, `a/**/x` matches `a/x`
// and `a/b/c/x`, `a/**` everything below `a` (not `a` itself), `**` alone everything. Any other
// `**` is a `*`.
class Glob {
 public:
  explicit Glob(std::string pattern);

  // Whether `path` ('/'-separated, relative; or a bare file name) matches. An empty path never does.
  bool matches(const std::string& path) const;

  const std::string& text() const { return text_; }

 private:
  std::string text_;
  bool globstar_ = false;  // has a `**` component: fnmatch alone cannot match it
};

}  // namespace pml
