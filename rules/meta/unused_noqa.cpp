#include "rules/meta/unused_noqa.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>

#include "rules/registry.h"

namespace pml {

namespace {

const RuleInfo kInfo{
    kUnusedNoqaCode,
    "unused-noqa",
    "A `# noqa` code of pymemlint's that silences nothing",
    FixAvailability::Sometimes,
    /*default_enabled=*/false,
    {
        R"(Finds the codes of pymemlint's rules (`MEM...`, `PML...`) in a line's `# noqa` directive
that silence no finding there:
- *unused*: the rule is enabled but reports nothing on the line;
- *non-enabled*: no rule the code names is enabled for the file (`select`, `ignore`,
  `per-file-ignores`);
- *unknown*: no rule has that code or prefix (`MEM3010`);
- *duplicated*: the code is listed twice.
Codes of other tools (`E501`, `F401`) and a bare `# noqa` are never reported: the same comments
serve Ruff, flake8 and other linters, whose findings pymemlint cannot see. Neither are file-level
`# pymemlint: noqa` directives, a directive that lists PML100 itself, nor anything under
`--ignore-noqa`.)",
        R"(A `# noqa` that silences nothing is not harmless: it stays on the line after the code
changes, and silences the next real finding of that rule there, which nobody then sees. It also
tells readers that the line holds a problem it does not have.)",
        R"(import numpy as np


def scale(values):
    return np.asarray(values, dtype=np.float32) * 2  # noqa: MEM301)",
        R"(import numpy as np


def scale(values):
    return np.asarray(values, dtype=np.float32) * 2)",
        R"(The fix removes the reported codes from the list, or the whole directive, with the blanks
before it, when it lists no other code. It edits only a comment, and keeps every code of another
tool, so it is safe. A comment that follows the directive (`# noqa: MEM301  # why`) is kept. No
fix is offered when the directive would be removed and other text follows it (`# noqa: MEM301
see issue 12`), or when its list holds a token that is no code: removing them could change what
another tool reads. Nor is it offered when a later `# noqa` would become the line's first, or when
the directive opens its comment and the comment after it reads as a tool's directive (`# type:
int`, `# flake8: noqa`: a word and a colon): some readers look only at a comment's start, and
CPython would take `f()  # type: int` for a misplaced type comment. Where flake8 reads the
directive otherwise (a bare `# noqa` in `# noqa:  MEM301` or `# noqa : MEM301`, a list it ends at
a code without digits such as `MEM`), the directive is kept as it is.)",
        R"(Off by default: enable it with `select` or `extend-select` (`--extend-select PML100`).
`--ignore-noqa` turns it off.)",
        R"(https://docs.astral.sh/ruff/rules/unused-noqa/
https://flake8.pycqa.org/en/latest/user/violations.html#in-line-ignoring-errors)",
    }};

// Whether a code has the letters of one of our rules' codes (`MEM`, `PML`); a code with other
// letters belongs to another tool, also when they begin as ours do (a plugin's `MEMB001`).
bool is_ours(std::string_view code) {
  auto letters = [](std::string_view c) { return c.substr(0, c.find_first_of("0123456789")); };
  for (const auto& rule : all_rules())
    if (letters(rule->info().code) == letters(code)) return true;
  return false;
}

std::string listed(const std::vector<std::string>& codes) {
  std::string out;
  for (const std::string& c : codes) {
    if (!out.empty()) out += ", ";
    out += "`" + c + "`";
  }
  return out;
}

// Whether [from, to) of `text` holds only the separators of a code list, outside the code spans.
bool only_separators(std::string_view text, uint32_t from, uint32_t to) {
  for (uint32_t i = from; i < to; ++i)
    if (text[i] != ',' && text[i] != ' ' && text[i] != '\t') return false;
  return true;
}

// Whether a comment (from its `#`) reads as a tool's directive: a word and then `:` or `=`
// (`# type: int`, `#type:ignore`, `# flake8: noqa`, `# mypy: ignore-errors`, `# pylint: disable=x`),
// or Sphinx's `#:` doc comment.
bool reads_as_pragma(std::string_view comment) {
  if (comment.size() > 1 && comment[1] == ':') return true;
  size_t i = 1;
  while (i < comment.size() && (comment[i] == ' ' || comment[i] == '\t')) ++i;
  size_t word = i;
  while (i < comment.size() && (std::isalnum(static_cast<unsigned char>(comment[i])) || comment[i] == '_' ||
                                comment[i] == '-' || comment[i] == '.'))
    ++i;
  if (i == word) return false;
  while (i < comment.size() && (comment[i] == ' ' || comment[i] == '\t')) ++i;
  return i < comment.size() && (comment[i] == ':' || comment[i] == '=');
}

// The edit that drops the codes marked in `drop` from `line`'s directive, or nullopt when none is
// safe to make (see the fix safety above).
std::optional<Edit> removal(const LineNoqa& line, const std::vector<bool>& drop, std::string_view text) {
  const NoqaDirective& d = line.directive;
  uint32_t base = line.comment_start;
  // Anything in the list that is not a code (`MEM3O1`) or a separator keeps the directive as it is.
  uint32_t at = base + d.list_start;
  for (const auto& [s, e] : d.code_spans) {
    if (!only_separators(text, at, base + s)) return std::nullopt;
    at = base + e;
  }
  // flake8 ends its list at a code without digits (`MEM`): dropping one changes what it reads.
  for (const std::string& c : d.codes)
    if (c.find_first_of("0123456789") == std::string::npos) return std::nullopt;
  std::vector<std::string> keep;
  for (size_t i = 0; i < d.codes.size(); ++i)
    if (!drop[i]) keep.push_back(d.codes[i]);
  if (!keep.empty()) {
    std::string content;
    for (const std::string& c : keep) content += (content.empty() ? "" : ", ") + c;
    return Edit{base + d.code_spans.front().first, base + d.code_spans.back().second, std::move(content)};
  }
  // The whole directive goes. When the comment ends with it, the blanks before it go too; when
  // another comment follows it (`# noqa: MEM301  # why`), the blanks after it, and that comment
  // stays. Other text after it keeps the directive.
  uint32_t start = base + d.start, end = base + d.end;
  // flake8 reads `# noqa :` and `# noqa:` with two blanks before the codes as a bare `# noqa`,
  // which silences its findings on the line: the directive stays.
  uint32_t colon = start + 1;
  while (text[colon] == ' ' || text[colon] == '\t') ++colon;
  colon += 4;  // `noqa`
  if (text[colon] != ':' || base + d.code_spans.front().first - (colon + 1) > 1) return std::nullopt;
  if (end == line.comment_end) {
    while (start > 0 && (text[start - 1] == ' ' || text[start - 1] == '\t')) --start;
    return Edit{start, end, ""};
  }
  while (end < line.comment_end && (text[end] == ' ' || text[end] == '\t')) ++end;
  if (end >= line.comment_end || text[end] != '#') return std::nullopt;
  // A later `# noqa` would become the line's first, which flake8 and Ruff read.
  NoqaDirective later;
  if (parse_noqa(text.substr(end, line.comment_end - end), &later)) return std::nullopt;
  // A directive that opens its comment hands that place to the comment after it, and some readers
  // look only there (CPython's type comments for mypy, `# flake8: noqa`, `# mypy:` lines).
  if (d.start == 0 && reads_as_pragma(text.substr(end, line.comment_end - end))) return std::nullopt;
  return Edit{start, end, ""};
}

}  // namespace

const RuleInfo& UnusedNoqa::info() const { return kInfo; }

std::vector<Diagnostic> unused_noqa_findings(const NoqaIndex& noqa, std::string_view text, const RuleSet& enabled) {
  std::vector<Diagnostic> out;
  for (const auto& [row, line] : noqa.lines()) {
    const NoqaDirective& d = line.directive;
    // A bare `# noqa` may serve another linter; a directive naming this rule silences its report.
    if (d.all || d.matches(kInfo.code)) continue;
    std::vector<std::string> duplicated, unknown, disabled, unused;
    std::vector<bool> drop(d.codes.size(), false);
    for (size_t i = 0; i < d.codes.size(); ++i) {
      const std::string& code = d.codes[i];
      if (!is_ours(code)) continue;
      drop[i] = true;
      if (std::find(d.codes.begin(), d.codes.begin() + static_cast<std::ptrdiff_t>(i), code) !=
          d.codes.begin() + static_cast<std::ptrdiff_t>(i)) {
        duplicated.push_back(code);
        continue;
      }
      std::optional<RuleSet> named = rules_matching(code);
      if (!named)
        unknown.push_back(code);
      else if ((*named & enabled).none())
        disabled.push_back(code);
      else if (!line.used[i])
        unused.push_back(code);
      else
        drop[i] = false;
    }
    if (duplicated.empty() && unknown.empty() && disabled.empty() && unused.empty()) continue;
    std::string detail;
    auto part = [&](std::string_view what, const std::vector<std::string>& codes) {
      if (codes.empty()) return;
      if (!detail.empty()) detail += "; ";
      detail += std::string(what) + ": " + listed(codes);
    };
    part("unused", unused);
    part("non-enabled", disabled);
    part("unknown", unknown);
    part("duplicated", duplicated);
    Diagnostic diag;
    diag.code = kInfo.code;
    diag.name = kInfo.name;
    diag.message = "Unused `noqa` directive (" + detail + ")";
    diag.start = line.comment_start + d.start;
    diag.end = line.comment_start + d.end;
    if (std::optional<Edit> edit = removal(line, drop, text)) {
      Fix fix;
      bool whole = std::all_of(drop.begin(), drop.end(), [](bool b) { return b; });
      fix.title = whole ? "Remove unused `noqa` directive" : "Remove unused codes from the `noqa` directive";
      fix.edits.push_back(std::move(*edit));
      diag.fix = std::move(fix);
    }
    out.push_back(std::move(diag));
  }
  return out;
}

}  // namespace pml
