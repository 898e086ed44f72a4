#include "analyzer/glob.h"

#include <fnmatch.h>

namespace pml {

namespace {

constexpr size_t npos = std::string_view::npos;

bool fnmatch_whole(std::string_view glob, std::string_view text) {
  return ::fnmatch(std::string(glob).c_str(), std::string(text).c_str(), 0) == 0;
}

// The index of the `]` that closes the bracket expression opening at `open`, as fnmatch reads it
// (`]` first is a member, `[:alpha:]`-style classes nest, `\` escapes); npos when none does, and
// fnmatch then takes the `[` literally.
size_t bracket_end(std::string_view g, size_t open) {
  size_t i = open + 1;
  if (i < g.size() && (g[i] == '!' || g[i] == '^')) ++i;
  if (i < g.size() && g[i] == ']') ++i;
  for (; i < g.size(); ++i) {
    if (g[i] == '\\') {
      ++i;
    } else if (g[i] == '[' && i + 1 < g.size() && (g[i + 1] == ':' || g[i + 1] == '=' || g[i + 1] == '.')) {
      const char close[] = {g[i + 1], ']', '\0'};
      size_t end = g.find(close, i + 2);
      if (end == npos) return npos;
      i = end + 1;
    } else if (g[i] == ']') {
      return i;
    }
  }
  return npos;
}

// The index of the first `**` that is a whole path component, or npos.
size_t find_globstar(std::string_view g) {
  for (size_t i = 0; i < g.size(); ++i) {
    if (g[i] == '\\') {
      ++i;
    } else if (g[i] == '[') {
      if (size_t end = bracket_end(g, i); end != npos) i = end;
    } else if (g[i] == '*' && i + 1 < g.size() && g[i + 1] == '*') {
      if ((i == 0 || g[i - 1] == '/') && (i + 2 == g.size() || g[i + 2] == '/')) return i;
      ++i;  // `**` inside a component: fnmatch reads it as `*`
    }
  }
  return npos;
}

bool match(std::string_view g, std::string_view t) {
  const size_t star = find_globstar(g);
  if (star == npos) return fnmatch_whole(g, t);
  const bool at_end = star + 2 == g.size();
  if (star == 0) {
    if (at_end) return true;  // `**`
    // `**/rest`: rest matches the whole text, or what follows any of its slashes.
    const std::string_view rest = g.substr(3);
    for (size_t from = 0;; ++from) {
      if (match(rest, t.substr(from))) return true;
      from = t.find('/', from);
      if (from == npos) return false;
    }
  }
  // `head/**` or `head/**/rest`: head matches what precedes a slash, `**` or `**/rest` what follows.
  const std::string_view head = g.substr(0, star - 1);
  for (size_t slash = t.find('/'); slash != npos; slash = t.find('/', slash + 1)) {
    if (!fnmatch_whole(head, t.substr(0, slash))) continue;
    if (at_end || match(g.substr(star), t.substr(slash + 1))) return true;
  }
  return false;
}

}  // namespace

Glob::Glob(std::string pattern) : text_(std::move(pattern)), globstar_(find_globstar(text_) != npos) {}

bool Glob::matches(const std::string& path) const {
  if (path.empty()) return false;
  if (!globstar_) return ::fnmatch(text_.c_str(), path.c_str(), 0) == 0;
  return match(text_, path);
}

}  // namespace pml
