#include "analyzer/render.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <optional>
#include <string_view>
#include <tuple>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "analyzer/render_ci.h"
#include "analyzer/rule.h"
#include "analyzer/source.h"

namespace pml {
namespace {

using nlohmann::json;

// Columns a tab advances to. Shown source lines have their tabs expanded so the underline can be
// aligned with plain spaces; every other character counts as one column (Unicode scalar values,
// the same unit as Location::column), so wide CJK characters or emoji may misalign by design.
constexpr uint32_t kTabWidth = 4;

// SGR parameters, chosen to look like Ruff's terminal output.
constexpr std::string_view kBold = "1";
constexpr std::string_view kBoldRed = "1;31";
constexpr std::string_view kBoldGreen = "1;32";
constexpr std::string_view kBoldBlue = "1;34";
constexpr std::string_view kBoldCyan = "1;36";
constexpr std::string_view kCyan = "36";

class Painter {
 public:
  explicit Painter(bool color) : color_(color) {}

  std::string operator()(std::string_view text, std::string_view sgr) const {
    if (!color_ || text.empty()) return std::string(text);
    return fmt::format("\x1b[{}m{}\x1b[0m", sgr, text);
  }

 private:
  bool color_;
};

std::string plural(size_t n, std::string_view singular, std::string_view plural_form) {
  return fmt::format("{} {}", n, n == 1 ? singular : plural_form);
}

// `path:row:col: CODE [*] message` (`path:cell N:row:col:` in a notebook, as Ruff writes it),
// shared by the concise and full formats.
void write_header_line(std::ostream& out, const FileReport& file, const Diagnostic& d, const RenderOptions& options,
                       const Painter& paint) {
  const std::string sep = paint(":", kCyan);
  // A file name need not be UTF-8; what is printed must be.
  out << paint(to_valid_utf8(file.display_path), kBold) << sep;
  if (d.cell) out << "cell " << *d.cell << sep;
  out << d.location.row << sep << d.location.column << sep << ' '
      << paint(d.code, kBoldRed) << ' ';
  if (fix_applies(d, options.unsafe_fixes || file.unsafe_fixes)) out << '[' << paint("*", kCyan) << "] ";
  out << d.message << '\n';
}

// `grouped`, as Ruff's: the file's name once, then each finding indented, `row:column` aligned
// within the file (a notebook's as `cell N:row:column`), the code, `[*]` when fixable, the
// message; a blank line after each file.
void write_grouped(std::ostream& out, const FileReport& file, const RenderOptions& options, const Painter& paint) {
  const std::vector<const Diagnostic*> sorted = sorted_diagnostics(file);
  if (sorted.empty()) return;
  auto digits = [](uint64_t n) { return fmt::formatted_size("{}", n); };
  auto place = [](const Diagnostic& d) {
    return d.cell ? fmt::format("cell {}:{}", *d.cell, d.location.row) : fmt::format("{}", d.location.row);
  };
  size_t place_width = 0, column_width = 0;
  for (const Diagnostic* d : sorted) {
    place_width = std::max(place_width, place(*d).size());
    column_width = std::max(column_width, digits(d->location.column));
  }
  const std::string sep = paint(":", kCyan);
  out << paint(to_valid_utf8(file.display_path), kBold) << sep << '\n';
  for (const Diagnostic* d : sorted) {
    const std::string at = place(*d), column = fmt::format("{}", d->location.column);
    out << "  " << std::string(place_width - at.size(), ' ') << at << sep << column
        << std::string(column_width - column.size(), ' ') << ' ' << paint(d->code, kBoldRed) << ' ';
    if (fix_applies(*d, options.unsafe_fixes || file.unsafe_fixes)) out << '[' << paint("*", kCyan) << "] ";
    out << d->message << '\n';
  }
  out << '\n';
}

// The shown source line with tabs expanded, and where the underline goes in it (display columns).
struct Underline {
  std::string text;
  uint32_t start = 0;
  uint32_t width = 1;
};

// `start_column` and `end_column` are 1-based character columns; `end_column` is exclusive and
// may lie past the end of the line (a finding that continues on later rows underlines to the end
// of the line: pass a column past it).
Underline underline(std::string_view line, uint32_t start_column, uint32_t end_column) {
  Underline u;
  const uint32_t start_index = start_column > 0 ? start_column - 1 : 0;
  const uint32_t end_index = end_column > 0 ? end_column - 1 : 0;
  std::optional<uint32_t> start_display, end_display;
  uint32_t index = 0;    // characters seen
  uint32_t display = 0;  // columns used
  for (size_t i = 0; i < line.size();) {
    if (index == start_index) start_display = display;
    if (index == end_index) end_display = display;
    // One Unicode scalar value: the lead byte and its continuation bytes.
    size_t next = i + 1;
    while (next < line.size() && (static_cast<unsigned char>(line[next]) & 0xC0) == 0x80) ++next;
    if (line[i] == '\t') {
      const uint32_t to = (display / kTabWidth + 1) * kTabWidth;
      u.text.append(to - display, ' ');
      display = to;
    } else {
      u.text.append(line.substr(i, next - i));
      ++display;
    }
    ++index;
    i = next;
  }
  // Columns past the end of the line (e.g. a finding at the line terminator) continue one column
  // per character.
  if (!start_display) start_display = display + (start_index - index);
  if (!end_display) end_display = end_index >= index ? display + (end_index - index) : display;
  u.start = *start_display;
  u.width = *end_display > *start_display ? *end_display - *start_display : 1;
  return u;
}

void write_full(std::ostream& out, const FileReport& file, const Diagnostic& d, const RenderOptions& options,
                const Painter& paint) {
  write_header_line(out, file, d, options, paint);
  // E902 means the file could not be read: there is no source to show. A row too long to keep
  // (source_line empty though the finding starts past column 1) is not shown either.
  if (d.code != "E902") {
    const std::string row = std::to_string(d.location.row);
    const std::string pad(row.size() + 1, ' ');
    const std::string bar = paint("|", kBoldBlue);
    const bool show_source = !d.source_line.empty() || d.location.column == 1;
    if (show_source) {
      // A finding ending on a later row is underlined to the end of its first row.
      const uint32_t end_column =
          d.end_location.row > d.location.row ? count_chars(d.source_line) + 1 : d.end_location.column;
      const Underline u = underline(d.source_line, d.location.column, end_column);

      out << pad << bar << '\n';
      out << paint(row, kBoldBlue) << ' ' << bar;
      if (!u.text.empty()) out << ' ' << u.text;
      out << '\n';
      out << pad << bar << ' ' << std::string(u.start, ' ')
          << paint(fmt::format("{} {}", std::string(u.width, '^'), d.code), kBoldRed) << '\n';
      out << pad << bar << '\n';
    }
    // Any fix, display-only included: that is how advice without an automatic edit is shown.
    if (d.fix) out << pad << paint("=", kBoldBlue) << ' ' << paint("help", kBoldCyan) << ": " << d.fix->title << '\n';
  }
  out << '\n';
}

json location_json(const Location& l) { return json{{"column", l.column}, {"row", l.row}}; }

// One finding with Ruff's JSON fields (cell, code, end_location, filename, fix, location, message,
// noqa_row, url) plus ours (name, estimated_bytes). nlohmann's default object is a sorted map,
// which gives Ruff's alphabetical key order.
json diagnostic_json(const FileReport& file, const Diagnostic& d) {
  json fix = nullptr;
  if (d.fix) {
    json edits = json::array();
    for (size_t i = 0; i < d.fix->edits.size(); ++i) {
      const Edit& e = d.fix->edits[i];
      const bool located = i < d.edit_locations.size();
      edits.push_back(json{{"content", e.content},
                           {"location", located ? location_json(d.edit_locations[i].first) : json(nullptr)},
                           {"end_location", located ? location_json(d.edit_locations[i].second) : json(nullptr)}});
    }
    fix = json{{"applicability", to_string(d.fix->applicability)},
               {"edits", std::move(edits)},
               {"message", d.fix->title.empty() ? json(nullptr) : json(d.fix->title)}};
  }
  // E999/E902 are not rules: no name, no documentation page.
  const bool is_rule = !d.name.empty();
  return json{{"cell", d.cell ? json(*d.cell) : json(nullptr)},
              {"code", d.code},
              {"end_location", location_json(d.end_location)},
              {"estimated_bytes", d.estimated_bytes ? json(*d.estimated_bytes) : json(nullptr)},
              {"filename", file.absolute_path},
              {"fix", std::move(fix)},
              {"location", location_json(d.location)},
              {"message", d.message},
              {"name", is_rule ? json(d.name) : json(nullptr)},
              {"noqa_row", d.noqa_row},
              {"url", is_rule ? json(rule_url(d.name)) : json(nullptr)}};
}

// Invalid UTF-8 (which decoding should already have rejected) is replaced rather than thrown on.
std::string dump(const json& j, int indent) { return j.dump(indent, ' ', false, json::error_handler_t::replace); }

}  // namespace

std::vector<const Diagnostic*> sorted_diagnostics(const FileReport& file) {
  std::vector<const Diagnostic*> out;
  out.reserve(file.diagnostics.size());
  for (const Diagnostic& d : file.diagnostics) out.push_back(&d);
  std::stable_sort(out.begin(), out.end(), [](const Diagnostic* a, const Diagnostic* b) {
    // Notebook findings count rows per cell, so the cell comes first (nullopt for .py files).
    return std::tie(a->cell, a->location.row, a->location.column, a->code) <
           std::tie(b->cell, b->location.row, b->location.column, b->code);
  });
  return out;
}

bool fix_applies(const Diagnostic& d, bool unsafe_fixes) {
  if (!d.fix) return false;
  switch (d.fix->applicability) {
    case Applicability::Safe: return true;
    case Applicability::Unsafe: return unsafe_fixes;
    case Applicability::DisplayOnly: return false;
  }
  return false;
}

void render(std::ostream& out, const std::vector<FileReport>& files, const RenderOptions& options) {
  const Painter paint(options.color);
  switch (options.format) {
    case OutputFormat::Concise:
      for (const FileReport& file : files)
        for (const Diagnostic* d : sorted_diagnostics(file)) write_header_line(out, file, *d, options, paint);
      break;
    case OutputFormat::Full:
      for (const FileReport& file : files)
        for (const Diagnostic* d : sorted_diagnostics(file)) write_full(out, file, *d, options, paint);
      break;
    case OutputFormat::Grouped:
      for (const FileReport& file : files) write_grouped(out, file, options, paint);
      break;
    case OutputFormat::Json: {
      json all = json::array();
      for (const FileReport& file : files)
        for (const Diagnostic* d : sorted_diagnostics(file)) all.push_back(diagnostic_json(file, *d));
      out << dump(all, 2) << '\n';
      break;
    }
    case OutputFormat::JsonLines:
      for (const FileReport& file : files)
        for (const Diagnostic* d : sorted_diagnostics(file)) out << dump(diagnostic_json(file, *d), -1) << '\n';
      break;
    case OutputFormat::Github: render_github(out, files); break;
    case OutputFormat::Gitlab: render_gitlab(out, files, options); break;
    case OutputFormat::Sarif: render_sarif(out, files, options); break;
    case OutputFormat::Junit: render_junit(out, files); break;
    case OutputFormat::Pylint: render_pylint(out, files); break;
    case OutputFormat::Azure: render_azure(out, files); break;
    case OutputFormat::Rdjson: render_rdjson(out, files); break;
  }
}

FindingCounts count_findings(const std::vector<FileReport>& files, bool unsafe_fixes) {
  FindingCounts counts;
  for (const FileReport& file : files) {
    for (const Diagnostic& d : file.diagnostics) {
      ++counts.total;
      if (fix_applies(d, unsafe_fixes || file.unsafe_fixes)) {
        ++counts.fixable;
      } else if (d.fix && d.fix->applicability == Applicability::Unsafe) {
        ++counts.hidden_unsafe;
      }
    }
  }
  return counts;
}

std::string summary(const FindingCounts& remaining, SummaryMode mode, size_t fixed) {
  const size_t total = mode == SummaryMode::Fix ? fixed + remaining.total : remaining.total;
  if (total == 0) return "All checks passed!\n";
  std::string out = "Found " + plural(total, "finding", "findings");
  if (mode == SummaryMode::Fix) {
    out += fmt::format(" ({} fixed, {} remaining)", fixed, remaining.total);
  } else if (remaining.fixable > 0) {
    out += fmt::format(" ({} fixable with --fix)", remaining.fixable);
  }
  out += ".\n";
  if (remaining.hidden_unsafe > 0) {
    out += fmt::format("({} can be enabled with the --unsafe-fixes option.)\n",
                       plural(remaining.hidden_unsafe, "hidden fix", "hidden fixes"));
  }
  return out;
}

std::string fix_only_summary(const FindingCounts& remaining, size_t fixed) {
  std::string held_back;
  if (remaining.hidden_unsafe > 0)
    held_back = plural(remaining.hidden_unsafe, "fix", "fixes") + " available with `--unsafe-fixes`";
  if (fixed == 0)
    return held_back.empty() ? std::string() : "No findings fixed (" + held_back + ").\n";
  std::string out = "Fixed " + plural(fixed, "finding", "findings");
  if (!held_back.empty()) out += " (" + plural(remaining.hidden_unsafe, "additional fix", "additional fixes") +
                                 " available with `--unsafe-fixes`)";
  return out + ".\n";
}

void render_statistics(std::ostream& out, const std::vector<FileReport>& files, const RenderOptions& options) {
  struct Row {
    std::string code;
    std::string name;
    size_t count = 0;
    size_t fixable_count = 0;
    bool fixable = false;  // some occurrence is
  };
  std::map<std::string, Row> by_code;
  for (const FileReport& file : files) {
    for (const Diagnostic& d : file.diagnostics) {
      Row& row = by_code[d.code];
      row.code = d.code;
      if (row.name.empty()) row.name = d.name;
      ++row.count;
      if (fix_applies(d, options.unsafe_fixes || file.unsafe_fixes)) ++row.fixable_count;
      row.fixable = row.fixable_count > 0;
    }
  }
  std::vector<Row> rows;
  for (auto& [code, row] : by_code) rows.push_back(std::move(row));
  // The map already ordered codes; a stable sort by count keeps that order among equal counts.
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.count > b.count; });

  if (options.format == OutputFormat::Json) {
    if (rows.empty()) return;
    // Ruff's field order, not nlohmann's default alphabetical one.
    nlohmann::ordered_json all = nlohmann::ordered_json::array();
    for (const Row& row : rows)
      all.push_back(nlohmann::ordered_json{{"code", row.code},
                                           {"name", row.name.empty() ? nlohmann::ordered_json(nullptr)
                                                                     : nlohmann::ordered_json(row.name)},
                                           {"count", row.count},
                                           {"fixable", row.fixable_count == row.count},
                                           {"fixable_count", row.fixable_count}});
    out << all.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
    return;
  }

  size_t count_width = 0, code_width = 0;
  bool any_fixable = false;
  for (const Row& row : rows) {
    count_width = std::max(count_width, std::to_string(row.count).size());
    code_width = std::max(code_width, row.code.size());
    any_fixable = any_fixable || row.fixable;
  }
  const Painter paint(options.color);
  for (const Row& row : rows) {
    // Pad before painting so escape sequences do not count towards the width.
    out << paint(fmt::format("{:>{}}", row.count, count_width), kBold) << '\t'
        << paint(fmt::format("{:<{}}", row.code, code_width), kBoldRed) << '\t';
    // The marker column exists only when some code is fixable, as in Ruff.
    if (any_fixable) {
      out << (row.fixable ? fmt::format("[{}]", paint("*", kCyan)) : std::string("[ ]"));
      if (!row.name.empty()) out << ' ';
    }
    out << row.name << '\n';
  }
}

void render_fixed(std::ostream& out, const std::vector<FixedFile>& fixed, bool color) {
  struct File {
    const std::string* path;
    std::vector<const FixedRule*> rules;
  };
  std::vector<File> files;
  size_t total = 0, widest = 0;
  for (const FixedFile& f : fixed) {
    File file{&f.display_path, {}};
    for (const FixedRule& r : f.rules) {
      if (r.count == 0) continue;
      file.rules.push_back(&r);
      total += r.count;
      widest = std::max(widest, r.count);
    }
    if (file.rules.empty()) continue;
    std::sort(file.rules.begin(), file.rules.end(), [](const FixedRule* a, const FixedRule* b) {
      return a->count != b->count ? a->count > b->count : a->code < b->code;
    });
    files.push_back(std::move(file));
  }
  if (total == 0) return;
  std::stable_sort(files.begin(), files.end(), [](const File& a, const File& b) { return *a.path < *b.path; });

  const Painter paint(color);
  const size_t width = std::to_string(widest).size();
  out << paint(fmt::format("Fixed {}:", plural(total, "finding", "findings")), kBoldGreen) << '\n';
  for (const File& file : files) {
    out << paint("-", kCyan) << ' ' << paint(to_valid_utf8(*file.path), kBold) << paint(":", kCyan) << '\n';
    for (const FixedRule* r : file.rules) {
      out << fmt::format("    {:>{}} × ", r->count, width) << paint(r->code, kBoldRed);
      if (!r->name.empty()) out << " (" << r->name << ')';
      out << '\n';
    }
  }
}

}  // namespace pml
