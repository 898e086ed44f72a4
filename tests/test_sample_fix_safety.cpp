// Fix safety in samples: a row may state, after its expectations, the applicability every finding
// starting on it must have, and optionally text its fix title must contain:
//   x = x.astype(np.float32)  # expect: MEM302  fix: unsafe[parameter]
// Kinds: safe, unsafe, display-only, none (no fix at all). Goldens apply safe and unsafe fixes
// alike, so without this a downgrade (or an upgrade) would go unnoticed.
#include <gtest/gtest.h>

#include <map>
#include <regex>

#include "rules/registry.h"

#include "analyzer/source.h"
#include "tests/sample_runner.h"

namespace pml::testing {
namespace {

struct SafetyMark {
  uint32_t row;
  std::string kind;
  std::string title_part;
};

std::vector<SafetyMark> parse_marks(std::string_view text) {
  static const std::regex mark(R"(#\s*expect:.*\bfix:\s*(safe|unsafe|display-only|none)(?:\[([^\]]*)\])?)");
  std::vector<SafetyMark> out;
  LineIndex lines(text);
  for (uint32_t r = 0; r < lines.line_count(); ++r) {
    std::string line(lines.line_text(r));
    std::smatch m;
    if (std::regex_search(line, m, mark)) out.push_back({r + 1, m[1], m[2]});
  }
  return out;
}

std::string applicability_of(const Diagnostic& d) {
  if (!d.fix) return "none";
  switch (d.fix->applicability) {
    case Applicability::Safe: return "safe";
    case Applicability::Unsafe: return "unsafe";
    case Applicability::DisplayOnly: return "display-only";
  }
  return "?";
}

// Checks each mark against the findings starting on its row (and in its cell, for notebooks).
size_t check_marks(const std::vector<SafetyMark>& marks, std::optional<uint32_t> cell,
                   const std::vector<Diagnostic>& diagnostics, const std::string& where) {
  size_t checked = 0;
  for (const auto& m : marks) {
    const std::string at = where + ":" + (cell ? "cell " + std::to_string(*cell) + ":" : "") + std::to_string(m.row);
    bool any = false;
    for (const auto& d : diagnostics) {
      if (d.cell != cell || d.location.row != m.row) continue;
      any = true;
      ++checked;
      EXPECT_EQ(applicability_of(d), m.kind) << at << " " << d.code << ": "
                                             << (d.fix ? d.fix->title : std::string("(no fix)"));
      if (!m.title_part.empty() && d.fix) {
        EXPECT_NE(d.fix->title.find(m.title_part), std::string::npos)
            << at << " fix title lacks `" << m.title_part << "`: " << d.fix->title;
      }
    }
    EXPECT_TRUE(any) << at << " states a fix safety but has no finding";
  }
  return checked;
}

TEST(SampleFixSafety, MarkedRowsHaveTheStatedApplicability) {
  size_t checked = 0;
  for (const auto& file : sample_files()) {
    std::string text = read_text(file);
    auto decoded = decode_source(text);
    ASSERT_TRUE(decoded.source) << file;
    auto marks = parse_marks(decoded.source->text);
    if (marks.empty()) continue;
    Parser parser;
    auto result = lint(decoded.source->text, decoded.source->newline, sample_settings(file), parser);
    checked += check_marks(marks, std::nullopt, result.diagnostics, file.string());
  }
  EXPECT_GT(checked, 0u);
}

// Notebook samples: the marks inside code cells, a fix spanning cells showing up as display-only.
TEST(SampleFixSafety, MarkedNotebookRowsHaveTheStatedApplicability) {
  size_t checked = 0;
  for (const auto& file : notebook_sample_files()) {
    std::string error;
    auto notebook = parse_notebook(read_text(file), &error);
    ASSERT_TRUE(notebook) << file << ": " << error;
    const auto cells = notebook->cell_numbers();
    Parser parser;
    auto result = lint_cells(notebook->sources, cells, sample_settings(file), parser);
    for (size_t k = 0; k < notebook->sources.size(); ++k)
      checked += check_marks(parse_marks(notebook->sources[k]), cells[k], result.diagnostics, file.string());
  }
  EXPECT_GT(checked, 0u);
}

// Every unsafe fix says why in its title (`... (unsafe: reason)`), which `--unsafe-fixes`, the
// editor and the JSON output show: "unsafe" alone does not tell a user whether it applies to them.
TEST(SampleFixSafety, UnsafeFixesSayWhy) {
  size_t checked = 0;
  for (const auto& file : sample_files()) {
    auto decoded = decode_source(read_text(file));
    ASSERT_TRUE(decoded.source) << file;
    Parser parser;
    for (const auto& d : lint(decoded.source->text, decoded.source->newline, sample_settings(file), parser).diagnostics) {
      if (!d.fix || d.fix->applicability != Applicability::Unsafe) continue;
      ++checked;
      EXPECT_NE(d.fix->title.find("(unsafe: "), std::string::npos)
          << file.string() << ":" << d.location.row << " " << d.code << ": " << d.fix->title;
    }
  }
  EXPECT_GT(checked, 0u);
}

// What `pymemlint rule` says of a rule's fixes agrees with its findings in the samples: `always`
// rules fix every finding, `display-only` and `none` rules never offer an applicable fix, and a
// `sometimes` rule has at least one applicable fix. (The samples need not show a `sometimes`
// rule's unfixable case: MEM102's fix needs the statement to start its line, and no sample has one
// that does not.)
TEST(SampleFixSafety, DeclaredFixAvailabilityMatchesTheSamples) {
  struct Seen {
    size_t findings = 0, applicable = 0, fixes = 0;
  };
  std::map<std::string, Seen> seen;
  for (const auto& file : sample_files()) {
    auto decoded = decode_source(read_text(file));
    ASSERT_TRUE(decoded.source) << file;
    Parser parser;
    for (const auto& d : lint(decoded.source->text, decoded.source->newline, sample_settings(file), parser).diagnostics) {
      Seen& s = seen[d.code];
      ++s.findings;
      if (d.fix) ++s.fixes;
      if (d.fix && d.fix->applicability != Applicability::DisplayOnly) ++s.applicable;
    }
  }
  size_t checked = 0;
  for (const auto& rule : all_rules()) {
    const RuleInfo& info = rule->info();
    auto it = seen.find(std::string(info.code));
    if (it == seen.end()) continue;
    const Seen& s = it->second;
    ++checked;
    switch (info.fix) {
      case FixAvailability::Always: EXPECT_EQ(s.applicable, s.findings) << info.code; break;
      case FixAvailability::Sometimes:
        EXPECT_GT(s.applicable, 0u) << info.code << ": no applicable fix in the samples (display-only or none?)";
        break;
      case FixAvailability::DisplayOnly:
        EXPECT_EQ(s.applicable, 0u) << info.code;
        EXPECT_GT(s.fixes, 0u) << info.code << ": no suggested edit in the samples (none?)";
        break;
      case FixAvailability::None: EXPECT_EQ(s.fixes, 0u) << info.code; break;
    }
  }
  EXPECT_GT(checked, 10u);
}

// A mark counts only on a row with an expectation, and may name text of the fix title.
TEST(SampleFixSafety, MarksAreParsed) {
  auto marks = parse_marks("a = 1  # expect: MEM302  fix: unsafe[parameter]\nb = 2  # fix: safe\nc = 3  # expect: "
                           "MEM401  fix: display-only\n");
  ASSERT_EQ(marks.size(), 2u);  // a mark counts only after an expectation
  EXPECT_EQ(marks[0].row, 1u);
  EXPECT_EQ(marks[0].kind, "unsafe");
  EXPECT_EQ(marks[0].title_part, "parameter");
  EXPECT_EQ(marks[1].row, 3u);
  EXPECT_EQ(marks[1].kind, "display-only");
}

}  // namespace
}  // namespace pml::testing
