// The `--output-format` renderers for CI systems and other tools. `render()` (render.h) dispatches
// here; like every renderer they are pure functions of their arguments.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/render.h"

namespace pml {

// Notebook findings (Diagnostic::cell set) count rows within their cell, which are not rows of
// the .ipynb file. Every format here therefore gives them the file location 1:1 (start and end)
// and starts their message with `cell N:row:col: ` (the finding's place in the cell), as Ruff
// does; SARIF also carries the cell in the result's properties and offers no fix for them.

// GitHub Actions workflow commands, one line per finding:
//   ::warning file=PATH,line=R,col=C,endLine=R,endColumn=C,title=CODE::MESSAGE
// `error` instead of `warning` for files that cannot be linted (E999, E902). PATH is the absolute
// path (the runner maps it to the repository). Property values escape `%`, CR, LF, `:` and `,`;
// the message escapes `%`, CR and LF.
void render_github(std::ostream& out, const std::vector<FileReport>& files);

// GitLab Code Quality: a JSON array of {check_name, description ("CODE: message"), fingerprint,
// severity, location: {path, lines: {begin, end}}}. The fingerprint hashes the code, the path,
// the message with its row and cell references normalized out (position_free_message) and the
// trimmed source line, never the row, so it survives lines moving; equal findings get distinct
// fingerprints by rehashing with the previous one.
void render_gitlab(std::ostream& out, const std::vector<FileReport>& files, const RenderOptions& options);

// SARIF 2.1.0: one run whose driver lists a descriptor for each code found, and one result per
// finding with its location and, when `--fix` would apply it, its fix as replacements.
// `properties` holds `estimatedBytes` when known and, for a notebook finding, `cell` and
// `cellRegion` (the region within the cell).
void render_sarif(std::ostream& out, const std::vector<FileReport>& files, const RenderOptions& options);

// JUnit XML: a test suite per file, a failing test case per finding; one passing case when there
// is nothing to report.
void render_junit(std::ostream& out, const std::vector<FileReport>& files);

// Pylint's parseable format: `path:row: [CODE] message`, line breaks in the message made spaces.
void render_pylint(std::ostream& out, const std::vector<FileReport>& files);

// Azure Pipelines logging commands, one per finding, as Ruff's `azure` format:
//   ##vso[task.logissue type=warning;sourcepath=PATH;linenumber=R;columnnumber=C;code=CODE;]MESSAGE
// `error` for files that cannot be linted (E999, E902). PATH is absolute. Property values escape
// `%`, CR, LF, `;` and `]`; the message `%`, CR and LF (Azure's `%AZP25`, `%0D`, `%0A`, `%3B`, `%5D`).
void render_azure(std::ostream& out, const std::vector<FileReport>& files);

// Reviewdog's diagnostic format (rdjson), as Ruff's `rdjson`: {source: {name, url}, severity,
// diagnostics: [{code: {value, url}, location: {path, range: {start, end}}, message, severity,
// suggestions: [{range, text}]}]}, lines and columns 1-based, `ERROR` for E999 and E902. A fix
// that can be applied (safe or unsafe) becomes suggestions. A notebook finding stands at 1:1 with
// its cell, row and column in the message (as in the other CI formats), without suggestions.
void render_rdjson(std::ostream& out, const std::vector<FileReport>& files);

// Rule documentation is wrapped at 100 columns for the terminal; SARIF viewers wrap text
// themselves. Joins the lines of each paragraph with spaces and keeps one blank line between
// paragraphs.
std::string unwrap_paragraphs(std::string_view text);

// A message with the positions rules write into it ("line 12", "cell 3, line 4", "lines 3-5")
// made "line ?", "cell ?, line ?", "lines ?": what GitLab fingerprints hash.
std::string position_free_message(std::string_view message);

// `s` with each maximal ill-formed subsequence replaced by U+FFFD (Unicode's recommended practice,
// and what nlohmann's `error_handler_t::replace` does for the JSON, GitLab and SARIF outputs), for
// the outputs that must be UTF-8 while a path on disk need not be.
std::string to_valid_utf8(std::string_view s);

// Escaping, exposed for tests.
std::string github_escape_data(std::string_view text);
std::string github_escape_property(std::string_view text);
std::string xml_escape(std::string_view text);
// A `file://` URI for an absolute path (percent-encoded); a relative path stays a relative
// reference.
std::string file_uri(std::string_view path);

}  // namespace pml
