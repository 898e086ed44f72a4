#include "analyzer/render_ci.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <map>
#include <set>
#include <unordered_set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "analyzer/rule.h"
#include "analyzer/source.h"
#include "rules/registry.h"

namespace pml {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 12> kFormatNames = {"full",   "concise", "grouped", "json",   "json-lines",
                                                           "github", "gitlab",  "sarif",   "junit",  "pylint",
                                                           "azure",  "rdjson"};
constexpr std::array<OutputFormat, 12> kFormats = {
    OutputFormat::Full,   OutputFormat::Concise, OutputFormat::Grouped, OutputFormat::Json,
    OutputFormat::JsonLines, OutputFormat::Github, OutputFormat::Gitlab, OutputFormat::Sarif,
    OutputFormat::Junit,  OutputFormat::Pylint,  OutputFormat::Azure,   OutputFormat::Rdjson};

constexpr std::string_view kToolName = "pymemlint";
constexpr std::string_view kInformationUri = "https://pymemlint.dev";
constexpr std::string_view kSarifSchema = "https://json.schemastore.org/sarif-2.1.0.json";

// E999 and E902 say a file could not be linted at all: reported as errors, rules as warnings.
bool is_engine_code(std::string_view code) { return code == kSyntaxErrorCode || code == kIoErrorCode; }

std::string dump(const json& j) { return j.dump(2, ' ', false, json::error_handler_t::replace); }

std::string hex_byte(unsigned char c) { return fmt::format("%{:02X}", static_cast<unsigned>(c)); }

// The escaping of the CI runners' annotation commands: `raw` made valid UTF-8, `%` written as
// `percent` (GitHub's `%25`, Azure's `%AZP25`), CR and LF and the characters of `also` as `%XX`.
std::string percent_escape(std::string_view raw, std::string_view percent, std::string_view also) {
  const std::string text = to_valid_utf8(raw);
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '%') out += percent;
    else if (c == '\r' || c == '\n' || also.find(c) != std::string_view::npos) out += hex_byte(static_cast<unsigned char>(c));
    else out += c;
  }
  return out;
}

// 64-bit FNV-1a: simple, and the same on every platform and in every run (unlike std::hash).
uint64_t fnv1a(std::string_view bytes, uint64_t hash = 0xcbf29ce484222325ULL) {
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

std::string_view trim(std::string_view s) {
  const size_t first = s.find_first_not_of(" \t\f\v\r\n");
  if (first == std::string_view::npos) return {};
  const size_t last = s.find_last_not_of(" \t\f\v\r\n");
  return s.substr(first, last - first + 1);
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_word(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Matches `word` followed by one or more digits at `i`, not inside a longer word or number;
// returns the end or npos.
size_t match_numbered(std::string_view text, size_t i, std::string_view word) {
  if (text.substr(i, word.size()) != word) return std::string_view::npos;
  if (i > 0 && is_word(text[i - 1]) && (word.empty() || is_word(word.front()))) return std::string_view::npos;
  size_t j = i + word.size();
  if (j >= text.size() || !is_digit(text[j])) return std::string_view::npos;
  while (j < text.size() && is_digit(text[j])) ++j;
  if (j < text.size() && is_word(text[j])) return std::string_view::npos;
  return j;
}

// The location CI formats give a notebook finding: rows count within a cell, which would point
// at the wrong line of the .ipynb file, so (as Ruff does) the file location is 1:1 and the
// message starts with `cell N:row:col: `.
bool in_notebook(const Diagnostic& d) { return d.cell.has_value(); }
Location file_location(const Diagnostic& d) { return in_notebook(d) ? Location{} : d.location; }
Location file_end_location(const Diagnostic& d) { return in_notebook(d) ? Location{} : d.end_location; }
std::string ci_message(const Diagnostic& d) {
  if (!in_notebook(d)) return d.message;
  return fmt::format("cell {}:{}:{}: {}", *d.cell, d.location.row, d.location.column, d.message);
}

std::string gitlab_path(const FileReport& file, const std::string& project_dir) {
  namespace fs = std::filesystem;
  const fs::path abs(file.absolute_path);
  if (project_dir.empty() || !abs.is_absolute()) return file.display_path;
  const fs::path rel = abs.lexically_relative(fs::path(project_dir));
  return rel.empty() ? file.display_path : rel.generic_string();
}

// `pkg/mod.py` -> `pkg/mod`, as a JUnit class name.
std::string junit_classname(const std::string& display_path) {
  const std::filesystem::path p(display_path);
  const std::filesystem::path stem = p.parent_path() / p.stem();
  return stem.empty() ? display_path : stem.generic_string();
}

json sarif_region(const Location& start, const Location& end) {
  return json{{"startLine", start.row}, {"startColumn", start.column}, {"endLine", end.row}, {"endColumn", end.column}};
}

json sarif_rule(std::string_view code) {
  if (const RuleInfo* info = find_rule(code)) {
    return json{{"id", code},
                {"name", info->name},
                {"shortDescription", {{"text", info->summary}}},
                {"fullDescription", {{"text", unwrap_paragraphs(info->doc.what_it_does)}}},
                {"help", {{"text", unwrap_paragraphs(info->doc.why_bad)}}},
                {"helpUri", rule_url(info->name)},
                {"defaultConfiguration", {{"level", "warning"}}}};
  }
  const bool syntax = code == kSyntaxErrorCode;
  return json{{"id", code},
              {"name", syntax ? "syntax-error" : "io-error"},
              {"shortDescription",
               {{"text", syntax ? "The file does not parse" : "The file cannot be read or decoded"}}},
              {"defaultConfiguration", {{"level", "error"}}}};
}

// The fix as SARIF replacements, when `--fix` would apply it under the run's settings and every
// edit has a resolved location.
std::optional<json> sarif_fix(const Diagnostic& d, const std::string& uri, bool unsafe_fixes) {
  if (!fix_applies(d, unsafe_fixes) || d.fix->edits.empty() || d.edit_locations.size() < d.fix->edits.size())
    return std::nullopt;
  json replacements = json::array();
  for (size_t i = 0; i < d.fix->edits.size(); ++i) {
    json replacement{{"deletedRegion", sarif_region(d.edit_locations[i].first, d.edit_locations[i].second)}};
    if (!d.fix->edits[i].content.empty()) replacement["insertedContent"] = json{{"text", d.fix->edits[i].content}};
    replacements.push_back(std::move(replacement));
  }
  json fix{{"artifactChanges",
            json::array({json{{"artifactLocation", {{"uri", uri}}}, {"replacements", std::move(replacements)}}})},
           {"properties", {{"applicability", to_string(d.fix->applicability)}}}};
  if (!d.fix->title.empty()) fix["description"] = json{{"text", d.fix->title}};
  return fix;
}

}  // namespace

std::string position_free_message(std::string_view message) {
  std::string out;
  out.reserve(message.size());
  for (size_t i = 0; i < message.size();) {
    size_t end = std::string_view::npos;
    // "cell 3, line 4" (a notebook's row), "lines 3-5" (a range), "line 12".
    if (size_t cell = match_numbered(message, i, "cell "); cell != std::string_view::npos) {
      if (size_t line = match_numbered(message, cell, ", line "); line != std::string_view::npos) {
        out += "cell ?, line ?";
        i = line;
        continue;
      }
    }
    if (size_t from = match_numbered(message, i, "lines "); from != std::string_view::npos) {
      for (std::string_view dash : {"-", "\xE2\x80\x93", " to ", " and "}) {
        if (message.substr(from, dash.size()) != dash) continue;
        if (size_t to = match_numbered(message, from + dash.size(), ""); to != std::string_view::npos) end = to;
        break;
      }
      out += "lines ?";
      i = end != std::string_view::npos ? end : from;
      continue;
    }
    if (size_t line = match_numbered(message, i, "line "); line != std::string_view::npos) {
      out += "line ?";
      i = line;
      continue;
    }
    out += message[i++];
  }
  return out;
}

std::span<const std::string_view> output_format_names() { return kFormatNames; }

std::optional<OutputFormat> parse_output_format(std::string_view name) {
  for (size_t i = 0; i < kFormatNames.size(); ++i)
    if (kFormatNames[i] == name) return kFormats[i];
  return std::nullopt;
}

bool is_machine_format(OutputFormat format) {
  return format != OutputFormat::Full && format != OutputFormat::Concise && format != OutputFormat::Grouped;
}

std::string unwrap_paragraphs(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\n') {
      out += text[i];
    } else if (i + 1 < text.size() && text[i + 1] == '\n') {
      // A paragraph break, however many blank lines make it.
      out += "\n\n";
      while (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      out += ' ';
    }
  }
  return out;
}

std::string github_escape_data(std::string_view raw) { return percent_escape(raw, "%25", ""); }

std::string github_escape_property(std::string_view text) { return percent_escape(text, "%25", ":,"); }

std::string to_valid_utf8(std::string_view s) {
  if (is_valid_utf8(s)) return std::string(s);
  auto in = [](unsigned char c, unsigned lo, unsigned hi) { return c >= lo && c <= hi; };
  std::string out;
  out.reserve(s.size() + 8);
  size_t i = 0, n = s.size();
  while (i < n) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      out += s[i++];
      continue;
    }
    // The sequence length and the range of the second byte, per the Unicode table of well-formed
    // UTF-8 (which excludes overlongs, surrogates and code points above U+10FFFF).
    size_t len = 0;
    unsigned lo = 0x80, hi = 0xBF;
    if (in(c, 0xC2, 0xDF)) len = 2;
    else if (c == 0xE0) { len = 3; lo = 0xA0; }
    else if (c == 0xED) { len = 3; hi = 0x9F; }
    else if (in(c, 0xE1, 0xEF)) len = 3;
    else if (c == 0xF0) { len = 4; lo = 0x90; }
    else if (c == 0xF4) { len = 4; hi = 0x8F; }
    else if (in(c, 0xF1, 0xF3)) len = 4;
    size_t j = i + 1;
    if (len > 0) {
      if (j < n && in(static_cast<unsigned char>(s[j]), lo, hi)) {
        ++j;
        while (j < i + len && j < n && in(static_cast<unsigned char>(s[j]), 0x80, 0xBF)) ++j;
      }
    }
    if (len > 0 && j == i + len) {
      out.append(s.substr(i, len));
    } else {
      out += "\xEF\xBF\xBD";  // the bytes consumed so far are one maximal ill-formed subsequence
    }
    i = j;
  }
  return out;
}

std::string xml_escape(std::string_view raw) {
  // The document says UTF-8: bytes that are not (a file name on disk need not be) become U+FFFD.
  const std::string text = to_valid_utf8(raw);
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const auto u = static_cast<unsigned char>(c);
    // U+FFFE and U+FFFF are valid UTF-8 but no XML 1.0 characters.
    if (text.compare(i, 2, "\xEF\xBF") == 0 && i + 2 < text.size() && (text[i + 2] == '\xBE' || text[i + 2] == '\xBF')) {
      out += "\xEF\xBF\xBD";
      i += 2;
      continue;
    }
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      // Kept as character references so attribute values keep them through normalization.
      case '\t': out += "&#9;"; break;
      case '\n': out += "&#10;"; break;
      case '\r': out += "&#13;"; break;
      default:
        // Other control characters cannot appear in XML 1.0 at all, not even as references.
        if (u < 0x20 || u == 0x7F)
          out += "\xEF\xBF\xBD";
        else
          out += c;
    }
  }
  return out;
}

std::string file_uri(std::string_view path) {
  // RFC 3986 path characters: unreserved, sub-delims, ':', '@' and the '/' separator.
  constexpr std::string_view kKeep = "-._~!$&'()*+,;=:@/";
  std::string out = !path.empty() && path.front() == '/' ? "file://" : "";
  for (char c : path) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x80 && std::isalnum(u)) || kKeep.find(c) != std::string_view::npos)
      out += c;
    else
      out += hex_byte(u);
  }
  return out;
}

void render_github(std::ostream& out, const std::vector<FileReport>& files) {
  for (const FileReport& file : files) {
    const std::string path = github_escape_property(file.absolute_path.empty() ? file.display_path : file.absolute_path);
    for (const Diagnostic* d : sorted_diagnostics(file)) {
      const Location start = file_location(*d), end = file_end_location(*d);
      out << "::" << (is_engine_code(d->code) ? "error" : "warning") << " file=" << path << ",line=" << start.row
          << ",col=" << start.column << ",endLine=" << end.row << ",endColumn=" << end.column
          << ",title=" << github_escape_property(d->code) << "::" << github_escape_data(ci_message(*d)) << '\n';
    }
  }
}

void render_gitlab(std::ostream& out, const std::vector<FileReport>& files, const RenderOptions& options) {
  json all = json::array();
  std::unordered_set<uint64_t> used;
  for (const FileReport& file : files) {
    const std::string path = gitlab_path(file, options.project_dir);
    for (const Diagnostic* d : sorted_diagnostics(file)) {
      // NUL separates the fields, so moving text from one field to the next changes the hash. The
      // message goes in without the rows (and cells) it names, so lines moving keep the hash.
      const std::string message = position_free_message(d->message);
      std::string key;
      for (std::string_view field : {std::string_view(d->code), std::string_view(path), std::string_view(message),
                                     trim(d->source_line)}) {
        key += field;
        key += '\0';
      }
      uint64_t fingerprint = fnv1a(key);
      while (!used.insert(fingerprint).second) fingerprint = fnv1a(key, fingerprint);
      all.push_back(json{{"check_name", d->code},
                         {"description", d->code + ": " + ci_message(*d)},
                         {"fingerprint", fmt::format("{:016x}", fingerprint)},
                         {"severity", is_engine_code(d->code) ? "critical" : "major"},
                         {"location",
                          {{"path", path},
                           {"lines", {{"begin", file_location(*d).row}, {"end", file_end_location(*d).row}}}}}});
    }
  }
  out << dump(all) << '\n';
}

void render_sarif(std::ostream& out, const std::vector<FileReport>& files, const RenderOptions& options) {
  std::set<std::string> codes;
  for (const FileReport& file : files)
    for (const Diagnostic& d : file.diagnostics) codes.insert(d.code);
  json rules = json::array();
  std::map<std::string, size_t> rule_index;
  for (const std::string& code : codes) {
    rule_index[code] = rules.size();
    rules.push_back(sarif_rule(code));
  }

  json results = json::array();
  for (const FileReport& file : files) {
    const std::string uri = file_uri(file.absolute_path.empty() ? file.display_path : file.absolute_path);
    for (const Diagnostic* d : sorted_diagnostics(file)) {
      json result{{"ruleId", d->code},
                  {"ruleIndex", rule_index[d->code]},
                  {"level", is_engine_code(d->code) ? "error" : "warning"},
                  {"message", {{"text", ci_message(*d)}}},
                  {"locations", json::array({json{{"physicalLocation",
                                                   {{"artifactLocation", {{"uri", uri}}},
                                                    {"region", sarif_region(file_location(*d), file_end_location(*d))}}}}})}};
      // A notebook fix's edits are positions in a cell, not in the .ipynb file: never offered.
      if (!in_notebook(*d))
        if (auto fix = sarif_fix(*d, uri, options.unsafe_fixes || file.unsafe_fixes)) result["fixes"] = json::array({std::move(*fix)});
      json properties = json::object();
      if (d->estimated_bytes) properties["estimatedBytes"] = *d->estimated_bytes;
      if (in_notebook(*d)) {
        properties["cell"] = *d->cell;
        properties["cellRegion"] = sarif_region(d->location, d->end_location);
      }
      if (!properties.empty()) result["properties"] = std::move(properties);
      results.push_back(std::move(result));
    }
  }

  json driver{{"name", kToolName},
              {"version", PYMEMLINT_VERSION},
              {"informationUri", kInformationUri},
              {"rules", std::move(rules)}};
  // Columns count Unicode scalar values, which SARIF calls code points (its default is UTF-16).
  json run{{"tool", {{"driver", std::move(driver)}}},
           {"columnKind", "unicodeCodePoints"},
           {"results", std::move(results)}};
  json log{{"$schema", kSarifSchema}, {"version", "2.1.0"}, {"runs", json::array({std::move(run)})}};
  out << dump(log) << '\n';
}

void render_junit(std::ostream& out, const std::vector<FileReport>& files) {
  size_t total = 0;
  for (const FileReport& file : files) total += file.diagnostics.size();
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  if (total == 0) {
    out << "<testsuites name=\"pymemlint\" tests=\"1\" failures=\"0\" errors=\"0\">\n"
           "    <testsuite name=\"pymemlint\" tests=\"1\" disabled=\"0\" errors=\"0\" failures=\"0\" "
           "package=\"pymemlint\">\n"
           "        <testcase name=\"No errors found\" classname=\"pymemlint\"/>\n"
           "    </testsuite>\n"
           "</testsuites>\n";
    return;
  }
  out << fmt::format("<testsuites name=\"pymemlint\" tests=\"{0}\" failures=\"{0}\" errors=\"0\">\n", total);
  for (const FileReport& file : files) {
    if (file.diagnostics.empty()) continue;
    const size_t n = file.diagnostics.size();
    out << fmt::format(
        "    <testsuite name=\"{0}\" tests=\"{1}\" disabled=\"0\" errors=\"0\" failures=\"{1}\" package=\"pymemlint\">\n",
        xml_escape(file.display_path), n);
    const std::string classname = xml_escape(junit_classname(file.display_path));
    for (const Diagnostic* d : sorted_diagnostics(file)) {
      const std::string message = xml_escape(ci_message(*d));
      const Location start = file_location(*d);
      out << fmt::format("        <testcase name=\"pymemlint.{}\" classname=\"{}\" line=\"{}\" column=\"{}\">\n",
                         xml_escape(d->code), classname, start.row, start.column);
      out << fmt::format("            <failure message=\"{}\">line {}, col {}, {}</failure>\n", message, start.row,
                         start.column, message);
      out << "        </testcase>\n";
    }
    out << "    </testsuite>\n";
  }
  out << "</testsuites>\n";
}

void render_pylint(std::ostream& out, const std::vector<FileReport>& files) {
  for (const FileReport& file : files) {
    for (const Diagnostic* d : sorted_diagnostics(file)) {
      // One line per finding, whatever the message holds.
      std::string message = to_valid_utf8(ci_message(*d));
      std::replace_if(message.begin(), message.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
      out << to_valid_utf8(file.display_path) << ':' << file_location(*d).row << ": [" << d->code << "] " << message << '\n';
    }
  }
}

namespace {

// An Azure Pipelines logging command's property value, and its message.
std::string azure_escape_property(std::string_view raw) { return percent_escape(raw, "%AZP25", ";]"); }
std::string azure_escape_data(std::string_view raw) { return percent_escape(raw, "%AZP25", ""); }

json rdjson_position(const Location& at) { return json{{"line", at.row}, {"column", at.column}}; }

}  // namespace

void render_azure(std::ostream& out, const std::vector<FileReport>& files) {
  for (const FileReport& file : files) {
    const std::string path = azure_escape_property(file.absolute_path.empty() ? file.display_path : file.absolute_path);
    for (const Diagnostic* d : sorted_diagnostics(file)) {
      const Location start = file_location(*d);
      out << "##vso[task.logissue type=" << (is_engine_code(d->code) ? "error" : "warning") << ";sourcepath=" << path
          << ";linenumber=" << start.row << ";columnnumber=" << start.column
          << ";code=" << azure_escape_property(d->code) << ";]" << azure_escape_data(ci_message(*d)) << '\n';
    }
  }
}

void render_rdjson(std::ostream& out, const std::vector<FileReport>& files) {
  json diagnostics = json::array();
  for (const FileReport& file : files) {
    const std::string path = file.display_path;
    for (const Diagnostic* d : sorted_diagnostics(file)) {
      json code{{"value", d->code}};
      if (!d->name.empty()) code["url"] = rule_url(d->name);
      json diagnostic{{"code", std::move(code)},
                      {"location",
                       {{"path", path},
                        {"range", {{"start", rdjson_position(file_location(*d))}, {"end", rdjson_position(file_end_location(*d))}}}}},
                      {"message", ci_message(*d)},
                      {"severity", is_engine_code(d->code) ? "ERROR" : "WARNING"}};
      // Suggestions a reviewer may accept: the edits of a fix that can be applied (safe or
      // unsafe; a display-only fix is not meant to be), not for a notebook, whose edits are
      // positions in a cell.
      if (d->fix && d->fix->applicability != Applicability::DisplayOnly && !in_notebook(*d) &&
          d->edit_locations.size() >= d->fix->edits.size()) {
        json suggestions = json::array();
        for (size_t i = 0; i < d->fix->edits.size(); ++i)
          suggestions.push_back(json{{"range",
                                      {{"start", rdjson_position(d->edit_locations[i].first)},
                                       {"end", rdjson_position(d->edit_locations[i].second)}}},
                                     {"text", d->fix->edits[i].content}});
        if (!suggestions.empty()) diagnostic["suggestions"] = std::move(suggestions);
      }
      diagnostics.push_back(std::move(diagnostic));
    }
  }
  json report{{"source", {{"name", kToolName}, {"url", kInformationUri}}},
              {"severity", "WARNING"},
              {"diagnostics", std::move(diagnostics)}};
  out << dump(report) << '\n';
}

}  // namespace pml
