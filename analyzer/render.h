// Rendering findings for people and machines: the `--output-format` renderers, the end-of-run
// summary, `--statistics` and `--show-fixes`. Everything here is a pure function of its arguments
// (no terminal detection, no environment), so tests compare exact strings.
#pragma once

#include <cstddef>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/diagnostic.h"

namespace pml {

// The findings of one file. The engine passes files already sorted by path; renderers keep that
// order and sort the diagnostics of each file by location (then code).
struct FileReport {
  std::string display_path;   // as shown to people (relative to the working directory)
  std::string absolute_path;  // the JSON `filename`
  std::vector<Diagnostic> diagnostics;
  // This file's unsafe fixes apply (the command line's choice, else its configuration's
  // `unsafe-fixes`): they are marked `[*]` and counted as fixable, as RenderOptions::unsafe_fixes
  // makes them for every file.
  bool unsafe_fixes = false;
};

enum class OutputFormat { Full, Concise, Grouped, Json, JsonLines, Github, Gitlab, Sarif, Junit, Pylint, Azure, Rdjson };

// The `--output-format` names, in the order the help lists them.
std::span<const std::string_view> output_format_names();
// The format with this name, or nullopt.
std::optional<OutputFormat> parse_output_format(std::string_view name);
// Formats meant for programs (no summary line, no `--show-fixes` list after the findings).
bool is_machine_format(OutputFormat format);

struct RenderOptions {
  OutputFormat format = OutputFormat::Full;
  bool color = false;         // ANSI escapes; the caller decides (NO_COLOR, isatty, --color)
  bool unsafe_fixes = false;  // unsafe fixes count as applicable for `[*]` and the counts (every file)
  // `gitlab` only: paths are made relative to this directory when it is set (the caller passes
  // GitLab's CI_PROJECT_DIR); otherwise the display path is used.
  std::string project_dir;
};

// Diagnostics of a file in output order: by start location, then code (stable).
std::vector<const Diagnostic*> sorted_diagnostics(const FileReport& file);

// True when `--fix` would apply the diagnostic's fix: a safe fix, or an unsafe one when
// `unsafe_fixes` is set. Display-only fixes never apply.
bool fix_applies(const Diagnostic& d, bool unsafe_fixes);

// Writes all findings in the chosen format.
//  - Concise:   `path:row:col: CODE [*] message`, one line per finding.
//  - Full:      the concise line, the source line with the range underlined in a gutter, a
//               `= help:` line when there is a fix, then a blank line (so the last block is also
//               separated from whatever follows, such as the summary).
//  - Json:      a pretty-printed array (2-space indent, keys sorted) followed by a newline.
//  - JsonLines: one compact object per line.
//  - Github, Gitlab, Sarif, Junit, Pylint: the CI formats, see analyzer/render_ci.h.
void render(std::ostream& out, const std::vector<FileReport>& files, const RenderOptions& options);

// Counts over the findings that remain at the end of a run.
struct FindingCounts {
  size_t total = 0;          // findings still reported
  size_t fixable = 0;        // of those, with a fix `--fix` would apply under the run's settings
  size_t hidden_unsafe = 0;  // of those, with an unsafe fix held back because unsafe fixes are off
};
// `unsafe_fixes`: for every file; a file whose FileReport::unsafe_fixes is set counts them anyway.
FindingCounts count_findings(const std::vector<FileReport>& files, bool unsafe_fixes);

enum class SummaryMode {
  Check,  // findings were only reported
  Fix,    // `--fix` ran: `remaining` is what is left after applying `fixed` fixes
};

// The closing lines of a run, each terminated by '\n':
//   All checks passed!
//   Found 3 findings (1 fixable with --fix).
//   (2 hidden fixes can be enabled with the --unsafe-fixes option.)
//   Found 5 findings (3 fixed, 2 remaining).
// In Fix mode the total is `fixed + remaining.total`.
std::string summary(const FindingCounts& remaining, SummaryMode mode, size_t fixed = 0);

// `--statistics`: one row per code, by count (descending) then code, laid out like Ruff:
// `count<TAB>CODE<TAB>[*] name`, the count right-aligned and the code left-aligned to the widest
// one. `[*]` marks a code with at least one fixable occurrence and `[ ]` the others; when no
// code is fixable the marker column is left out altogether. With `--output-format json`, Ruff's
// JSON instead: an array of `{code, name, count, fixable, fixable_count}` in that order, `fixable`
// saying every occurrence is fixable, `name` null for E999/E902; nothing at all when nothing was
// found, as Ruff prints.
// What `check --fix-only` prints instead of the findings, as Ruff: "Fixed 2 findings.", noting the
// unsafe fixes held back; nothing when nothing was fixed and nothing is held back.
std::string fix_only_summary(const FindingCounts& remaining, size_t fixed);

void render_statistics(std::ostream& out, const std::vector<FileReport>& files, const RenderOptions& options);

// Fixes applied by `--fix`, for `--show-fixes`.
struct FixedRule {
  std::string code;  // "MEM301"
  std::string name;  // "float64-by-default"
  size_t count = 0;
};
struct FixedFile {
  std::string display_path;
  std::vector<FixedRule> rules;  // any order; zero counts are ignored
};

// Writes `Fixed N findings:`, then per file (sorted by path) `- path:` and per code (by count
// descending, then code) `    2 × MEM301 (float64-by-default)`, the counts right-aligned to the
// widest one. Writes nothing when no fix was applied.
void render_fixed(std::ostream& out, const std::vector<FixedFile>& fixed, bool color);

}  // namespace pml
