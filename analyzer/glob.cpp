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

enum class Expansion { Ok, Unclosed, Unopened, TooMany };

// Appends to `out` the brace-free globs `g` stands for, outermost braces first.
Expansion expand(std::string_view g, std::vector<std::string>& out) {
  size_t open = npos;
  for (size_t i = 0; i < g.size() && open == npos; ++i) {
    if (g[i] == '\\') {
      ++i;
    } else if (g[i] == '[') {
      if (size_t end = bracket_end(g, i); end != npos) i = end;
    } else if (g[i] == '{') {
      open = i;
    } else if (g[i] == '}') {
      return Expansion::Unopened;
    }
  }
  if (open == npos) {
    if (out.size() == Glob::kMaxAlternatives) return Expansion::TooMany;
    out.emplace_back(g);
    return Expansion::Ok;
  }
  // The alternatives: between the braces, split at the commas not nested any deeper.
  std::vector<std::string_view> alternatives;
  size_t depth = 0, from = open + 1;
  for (size_t i = open + 1;; ++i) {
    if (i >= g.size()) return Expansion::Unclosed;
    if (g[i] == '\\') {
      ++i;
    } else if (g[i] == '[') {
      if (size_t end = bracket_end(g, i); end != npos) i = end;
    } else if (g[i] == '{') {
      ++depth;
    } else if (g[i] == ',' && depth == 0) {
      alternatives.push_back(g.substr(from, i - from));
      from = i + 1;
    } else if (g[i] == '}' && depth > 0) {
      --depth;
    } else if (g[i] == '}') {
      alternatives.push_back(g.substr(from, i - from));
      const std::string_view prefix = g.substr(0, open), suffix = g.substr(i + 1);
      for (std::string_view a : alternatives) {
        std::string whole;
        whole.append(prefix).append(a).append(suffix);
        if (Expansion e = expand(whole, out); e != Expansion::Ok) return e;
      }
      return Expansion::Ok;
    }
  }
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

std::optional<std::string> Glob::error_in(std::string_view pattern) {
  std::vector<std::string> globs;
  switch (expand(pattern, globs)) {
    case Expansion::Ok: return std::nullopt;
    case Expansion::Unclosed: return "a `{` is never closed (write `[{]` or `\\{` for the character)";
    case Expansion::Unopened: return "a `}` is never opened (write `[}]` or `\\}` for the character)";
    case Expansion::TooMany:
      return "its `{...}` alternatives make more than " + std::to_string(kMaxAlternatives) + " patterns";
  }
  return std::nullopt;
}

Glob::Glob(std::string pattern) : text_(std::move(pattern)) {
  std::vector<std::string> globs;
  if (expand(text_, globs) != Expansion::Ok) globs = {text_};
  for (auto& g : globs) {
    const bool globstar = find_globstar(g) != npos;
    alternatives_.push_back({std::move(g), globstar});
  }
}

bool Glob::matches(const std::string& path) const {
  if (path.empty()) return false;
  for (const auto& a : alternatives_) {
    if (a.globstar ? match(a.glob, path) : ::fnmatch(a.glob.c_str(), path.c_str(), 0) == 0) return true;
  }
  return false;
}

}  // namespace pml
