// Path globs with the syntax Ruff's configuration reads (the globset crate's), matched through
// POSIX fnmatch(3). fnmatch does the character-level work (`*`, `?`, bracket expressions, backslash
// escapes); this layer adds only what fnmatch lacks: `{a,b}` alternatives, expanded once into
// plain globs, and a `**` path component matching zero or more directories.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pml {

// `*` and `?` cross `/`, as in Ruff (globset's default; fnmatch without FNM_PATHNAME). A `**` that
// is a whole component matches directories: `**/x` matches `x` and `a/b/x`, `a/**/x` matches `a/x`
// and `a/b/c/x`, `a/**` everything below `a` (not `a` itself), `**` alone everything. Any other
// `**` is a `*`. `{a,b}` matches either alternative; they may nest, be empty, and hold `/` and `**`
// (`{src,tests/**}/*.py`). `,` outside braces, and `{`, `}` or `,` escaped or in a bracket
// expression, are literal.
class Glob {
 public:
  // Most alternatives one pattern may expand to (`{a,b}{c,d}` is four).
  static constexpr size_t kMaxAlternatives = 1024;

  // Why `pattern` is no glob (a `{` never closed, a `}` never opened, too many alternatives), as
  // Ruff refuses it; nullopt when it is one.
  static std::optional<std::string> error_in(std::string_view pattern);

  // A pattern for which error_in() has something to say is matched as fnmatch reads it, braces
  // and all.
  explicit Glob(std::string pattern);

  // Whether `path` ('/'-separated, relative; or a bare file name) matches. An empty path never does.
  bool matches(const std::string& path) const;

  const std::string& text() const { return text_; }

 private:
  struct Alternative {
    std::string glob;      // no braces left
    bool globstar = false;  // has a `**` component: fnmatch alone cannot match it
  };
  std::string text_;
  std::vector<Alternative> alternatives_;
};

}  // namespace pml
