// Golden tests for the finding renderers: each format is compared with the exact expected text.
#include "analyzer/render.h"

#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "analyzer/rule.h"

namespace pml {
namespace {

// ANSI sequences as the renderer writes them, so colored goldens stay readable.
#define RESET "\x1b[0m"
#define BOLD "\x1b[1m"
#define BOLD_RED "\x1b[1;31m"
#define BOLD_GREEN "\x1b[1;32m"
#define BOLD_BLUE "\x1b[1;34m"
#define BOLD_CYAN "\x1b[1;36m"
#define CYAN "\x1b[36m"

Fix make_fix(std::string title, Applicability applicability, std::vector<Edit> edits = {}) {
  return Fix{.title = std::move(title), .applicability = applicability, .edits = std::move(edits)};
}

// A MEM301 finding on `x = np.zeros((N, M))` (row 3, columns 5 to 21), with a safe fix.
Diagnostic mem301(uint32_t row = 3) {
  return Diagnostic{.code = "MEM301",
                    .name = "float64-by-default",
                    .message = "`np.zeros` allocates float64 (128 MiB); float32 halves it",
                    .fix = make_fix("Add `dtype=np.float32`", Applicability::Safe, {Edit{40, 40, ", dtype=np.float32"}}),
                    .estimated_bytes = 134217728,
                    .location = {row, 5},
                    .end_location = {row, 21},
                    .noqa_row = row,
                    .source_line = "x = np.zeros((N, M))",
                    .edit_locations = {{{row, 20}, {row, 20}}}};
}

Diagnostic finding(std::string code, std::string name, Location start, Location end, std::string line,
                   std::optional<Fix> fix = std::nullopt) {
  return Diagnostic{.code = std::move(code),
                    .name = std::move(name),
                    .message = "message",
                    .fix = std::move(fix),
                    .location = start,
                    .end_location = end,
                    .noqa_row = start.row,
                    .source_line = std::move(line)};
}

std::string render_to_string(const std::vector<FileReport>& files, OutputFormat format, bool color = false,
                             bool unsafe_fixes = false) {
  std::ostringstream out;
  render(out, files, RenderOptions{.format = format, .color = color, .unsafe_fixes = unsafe_fixes});
  return out.str();
}

std::string statistics_to_string(const std::vector<FileReport>& files, bool unsafe_fixes, bool color = false) {
  std::ostringstream out;
  render_statistics(out, files, RenderOptions{.format = OutputFormat::Full, .color = color, .unsafe_fixes = unsafe_fixes});
  return out.str();
}

// Findings in two files, given out of order within the first file, covering every applicability.
std::vector<FileReport> mixed_reports() {
  std::vector<FileReport> files{
      FileReport{"pkg/a.py", "/repo/pkg/a.py",
                 {finding("MEM205", "inplace-op-copy", {7, 1}, {7, 10}, "a = a + 1",
                          make_fix("Use `+=`", Applicability::Unsafe, {Edit{0, 9, "a += 1"}})),
                  mem301(),
                  finding("MEM101", "del-after-last-use", {3, 1}, {3, 2}, "x = np.zeros((N, M))",
                          make_fix("Delete `x` after its last use", Applicability::DisplayOnly))}},
      FileReport{"pkg/b.py", "/repo/pkg/b.py", {finding("E999", "", {2, 5}, {2, 6}, "    y = 1")}},
  };
  files[0].diagnostics[0].edit_locations = {{{7, 1}, {7, 10}}};
  return files;
}

TEST(RenderConcise, OneLinePerFindingSortedWithFixMarkers) {
  const auto files = mixed_reports();
  EXPECT_EQ(render_to_string(files, OutputFormat::Concise),
            "pkg/a.py:3:1: MEM101 message\n"
            "pkg/a.py:3:5: MEM301 [*] `np.zeros` allocates float64 (128 MiB); float32 halves it\n"
            "pkg/a.py:7:1: MEM205 message\n"
            "pkg/b.py:2:5: E999 message\n");
  // With unsafe fixes enabled the unsafe fix counts as applicable; display-only never does.
  EXPECT_EQ(render_to_string(files, OutputFormat::Concise, false, true),
            "pkg/a.py:3:1: MEM101 message\n"
            "pkg/a.py:3:5: MEM301 [*] `np.zeros` allocates float64 (128 MiB); float32 halves it\n"
            "pkg/a.py:7:1: MEM205 [*] message\n"
            "pkg/b.py:2:5: E999 message\n");
}

TEST(RenderConcise, Color) {
  const std::vector<FileReport> files{{"a.py", "/a.py", {mem301()}}};
  EXPECT_EQ(render_to_string(files, OutputFormat::Concise, true),
            BOLD "a.py" RESET CYAN ":" RESET "3" CYAN ":" RESET "5" CYAN ":" RESET " " BOLD_RED "MEM301" RESET
                 " [" CYAN "*" RESET "] `np.zeros` allocates float64 (128 MiB); float32 halves it\n");
}

TEST(RenderFull, SourceLineUnderlineAndHelp) {
  const std::vector<FileReport> files{{"path/to/file.py", "/p/path/to/file.py", {mem301()}}};
  EXPECT_EQ(render_to_string(files, OutputFormat::Full),
            "path/to/file.py:3:5: MEM301 [*] `np.zeros` allocates float64 (128 MiB); float32 halves it\n"
            "  |\n"
            "3 | x = np.zeros((N, M))\n"
            "  |     ^^^^^^^^^^^^^^^^ MEM301\n"
            "  |\n"
            "  = help: Add `dtype=np.float32`\n"
            "\n");
}

TEST(RenderFull, ARowTooLongToKeepIsNotShownButTheHelpIs) {
  // The checker keeps no copy of a row longer than kLongestShownRow: source_line is empty while
  // the finding starts far to the right. No snippet (and no run of spaces to column 9000).
  Diagnostic d = mem301(1);
  d.location = {1, 9000};
  d.end_location = {1, 9016};
  d.source_line = "";
  const std::vector<FileReport> files{{"gen.py", "/p/gen.py", {d}}};
  EXPECT_EQ(render_to_string(files, OutputFormat::Full),
            "gen.py:1:9000: MEM301 [*] `np.zeros` allocates float64 (128 MiB); float32 halves it\n"
            "  = help: Add `dtype=np.float32`\n"
            "\n");
}

TEST(RenderFull, MixedFindingsWideGutterAndDisplayOnlyHelp) {
  std::vector<FileReport> files{
      {"a.py",
       "/a.py",
       {finding("MEM102", "no-del", {12, 1}, {12, 8}, "del buf"),
        finding("MEM101", "del-after-last-use", {9, 5}, {9, 8}, "    buf = load()",
                make_fix("Delete `buf` after its last use", Applicability::DisplayOnly))}},
  };
  EXPECT_EQ(render_to_string(files, OutputFormat::Full),
            "a.py:9:5: MEM101 message\n"
            "  |\n"
            "9 |     buf = load()\n"
            "  |     ^^^ MEM101\n"
            "  |\n"
            "  = help: Delete `buf` after its last use\n"
            "\n"
            "a.py:12:1: MEM102 message\n"
            "   |\n"
            "12 | del buf\n"
            "   | ^^^^^^^ MEM102\n"
            "   |\n"
            "\n");
}

TEST(RenderFull, Color) {
  const std::vector<FileReport> files{{"a.py", "/a.py", {mem301()}}};
  EXPECT_EQ(render_to_string(files, OutputFormat::Full, true),
            BOLD "a.py" RESET CYAN ":" RESET "3" CYAN ":" RESET "5" CYAN ":" RESET " " BOLD_RED "MEM301" RESET
                 " [" CYAN "*" RESET "] `np.zeros` allocates float64 (128 MiB); float32 halves it\n"
                 "  " BOLD_BLUE "|" RESET "\n" BOLD_BLUE "3" RESET " " BOLD_BLUE "|" RESET " x = np.zeros((N, M))\n"
                 "  " BOLD_BLUE "|" RESET "     " BOLD_RED "^^^^^^^^^^^^^^^^ MEM301" RESET "\n"
                 "  " BOLD_BLUE "|" RESET "\n"
                 "  " BOLD_BLUE "=" RESET " " BOLD_CYAN "help" RESET ": Add `dtype=np.float32`\n"
                 "\n");
}

TEST(RenderFull, MultiByteCharactersAlignByCharacter) {
  // "café = " is 7 characters but 8 bytes; "ü" inside the range is one character, two bytes.
  const std::vector<FileReport> files{
      {"u.py",
       "/u.py",
       {finding("MEM301", "float64-by-default", {1, 8}, {1, 19}, "café = np.zeros(n)"),
        finding("MEM401", "pickle-load", {2, 5}, {2, 11}, "x = f(\"ü\")  # ünïcode")}},
  };
  EXPECT_EQ(render_to_string(files, OutputFormat::Full),
            "u.py:1:8: MEM301 message\n"
            "  |\n"
            "1 | café = np.zeros(n)\n"
            "  |        ^^^^^^^^^^^ MEM301\n"
            "  |\n"
            "\n"
            "u.py:2:5: MEM401 message\n"
            "  |\n"
            "2 | x = f(\"ü\")  # ünïcode\n"
            "  |     ^^^^^^ MEM401\n"
            "  |\n"
            "\n");
}

TEST(RenderFull, TabsExpandToMultiplesOfFour) {
  // Row 1: the leading tab fills columns 0-3, so `np.zeros(n)` (character column 6) starts at
  // display column 8; the tab after it (display column 19) becomes one space.
  // Row 2: the range covers a tab at display column 3, which widens to one column there.
  // Row 3: a tab inside the range at display column 1 widens to three columns.
  const std::vector<FileReport> files{
      {"t.py",
       "/t.py",
       {finding("MEM301", "float64-by-default", {1, 6}, {1, 17}, "\tx = np.zeros(n)\t# big"),
        finding("MEM205", "inplace-op-copy", {2, 3}, {2, 6}, "a =\tb"),
        finding("MEM205", "inplace-op-copy", {3, 1}, {3, 4}, "a\tb + c")}},
  };
  EXPECT_EQ(render_to_string(files, OutputFormat::Full),
            "t.py:1:6: MEM301 message\n"
            "  |\n"
            "1 |     x = np.zeros(n) # big\n"
            "  |         ^^^^^^^^^^^ MEM301\n"
            "  |\n"
            "\n"
            "t.py:2:3: MEM205 message\n"
            "  |\n"
            "2 | a = b\n"
            "  |   ^^^ MEM205\n"
            "  |\n"
            "\n"
            "t.py:3:1: MEM205 message\n"
            "  |\n"
            "3 | a   b + c\n"
            "  | ^^^^^ MEM205\n"
            "  |\n"
            "\n");
}

TEST(RenderFull, MultiLineFindingUnderlinesToEndOfFirstRow) {
  const std::vector<FileReport> files{
      {"m.py", "/m.py", {finding("MEM301", "float64-by-default", {4, 5}, {6, 2}, "x = np.zeros(")}},
  };
  EXPECT_EQ(render_to_string(files, OutputFormat::Full),
            "m.py:4:5: MEM301 message\n"
            "  |\n"
            "4 | x = np.zeros(\n"
            "  |     ^^^^^^^^^ MEM301\n"
            "  |\n"
            "\n");
}

TEST(RenderFull, EmptyRangesAndEmptyLinesGetOneCaret) {
  const std::vector<FileReport> files{
      {"e.py",
       "/e.py",
       {// An empty line (e.g. a syntax error at the end of the file).
        finding("E999", "", {5, 1}, {5, 1}, ""),
        // An empty range just past the end of the text.
        finding("MEM102", "no-del", {2, 6}, {2, 6}, "x = 1")}},
      // A file that could not be read has no source to show.
      {"gone.py", "/gone.py", {finding("E902", "", {1, 1}, {1, 1}, "")}},
  };
  EXPECT_EQ(render_to_string(files, OutputFormat::Full),
            "e.py:2:6: MEM102 message\n"
            "  |\n"
            "2 | x = 1\n"
            "  |      ^ MEM102\n"
            "  |\n"
            "\n"
            "e.py:5:1: E999 message\n"
            "  |\n"
            "5 |\n"
            "  | ^ E999\n"
            "  |\n"
            "\n"
            "gone.py:1:1: E902 message\n"
            "\n");
}

TEST(RenderJson, EmptyInputIsEmptyArray) {
  EXPECT_EQ(render_to_string({}, OutputFormat::Json), "[]\n");
  EXPECT_EQ(render_to_string({FileReport{"a.py", "/a.py", {}}}, OutputFormat::Json), "[]\n");
  EXPECT_EQ(render_to_string({}, OutputFormat::JsonLines), "");
  EXPECT_EQ(render_to_string({}, OutputFormat::Full), "");
  EXPECT_EQ(render_to_string({}, OutputFormat::Concise), "");
}

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

TEST(RenderJson, PrettyArrayWithSortedKeys) {
  const auto files = mixed_reports();
  // The URL comes from rule_url, whatever it returns; the rest is Ruff's shape, key for key.
  const std::string expected = replace_all(replace_all(replace_all(R"([
  {
    "cell": null,
    "code": "MEM101",
    "end_location": {
      "column": 2,
      "row": 3
    },
    "estimated_bytes": null,
    "filename": "/repo/pkg/a.py",
    "fix": {
      "applicability": "display-only",
      "edits": [],
      "message": "Delete `x` after its last use"
    },
    "location": {
      "column": 1,
      "row": 3
    },
    "message": "message",
    "name": "del-after-last-use",
    "noqa_row": 3,
    "url": "@URL101@"
  },
  {
    "cell": null,
    "code": "MEM301",
    "end_location": {
      "column": 21,
      "row": 3
    },
    "estimated_bytes": 134217728,
    "filename": "/repo/pkg/a.py",
    "fix": {
      "applicability": "safe",
      "edits": [
        {
          "content": ", dtype=np.float32",
          "end_location": {
            "column": 20,
            "row": 3
          },
          "location": {
            "column": 20,
            "row": 3
          }
        }
      ],
      "message": "Add `dtype=np.float32`"
    },
    "location": {
      "column": 5,
      "row": 3
    },
    "message": "`np.zeros` allocates float64 (128 MiB); float32 halves it",
    "name": "float64-by-default",
    "noqa_row": 3,
    "url": "@URL301@"
  },
  {
    "cell": null,
    "code": "MEM205",
    "end_location": {
      "column": 10,
      "row": 7
    },
    "estimated_bytes": null,
    "filename": "/repo/pkg/a.py",
    "fix": {
      "applicability": "unsafe",
      "edits": [
        {
          "content": "a += 1",
          "end_location": {
            "column": 10,
            "row": 7
          },
          "location": {
            "column": 1,
            "row": 7
          }
        }
      ],
      "message": "Use `+=`"
    },
    "location": {
      "column": 1,
      "row": 7
    },
    "message": "message",
    "name": "inplace-op-copy",
    "noqa_row": 7,
    "url": "@URL205@"
  },
  {
    "cell": null,
    "code": "E999",
    "end_location": {
      "column": 6,
      "row": 2
    },
    "estimated_bytes": null,
    "filename": "/repo/pkg/b.py",
    "fix": null,
    "location": {
      "column": 5,
      "row": 2
    },
    "message": "message",
    "name": null,
    "noqa_row": 2,
    "url": null
  }
]
)",
                                                                   "@URL101@", rule_url("del-after-last-use")),
                                                       "@URL301@", rule_url("float64-by-default")),
                                           "@URL205@", rule_url("inplace-op-copy"));
  EXPECT_EQ(render_to_string(files, OutputFormat::Json), expected);
  // Color never applies to machine formats.
  EXPECT_EQ(render_to_string(files, OutputFormat::Json, true), expected);
}

TEST(RenderJson, JsonLinesAreCompactObjects) {
  std::vector<FileReport> files{{"a.py", "/a.py", {mem301()}}, {"b.py", "/b.py", {finding("E902", "", {1, 1}, {1, 1}, "")}}};
  files[1].diagnostics[0].message = "No such file or directory (os error 2)";
  const std::string expected = replace_all(
      R"({"cell":null,"code":"MEM301","end_location":{"column":21,"row":3},"estimated_bytes":134217728,)"
      R"("filename":"/a.py","fix":{"applicability":"safe","edits":[{"content":", dtype=np.float32",)"
      R"("end_location":{"column":20,"row":3},"location":{"column":20,"row":3}}],"message":"Add `dtype=np.float32`"},)"
      R"("location":{"column":5,"row":3},"message":"`np.zeros` allocates float64 (128 MiB); float32 halves it",)"
      R"("name":"float64-by-default","noqa_row":3,"url":"@URL@"})"
      "\n"
      R"({"cell":null,"code":"E902","end_location":{"column":1,"row":1},"estimated_bytes":null,"filename":"/b.py",)"
      R"j("fix":null,"location":{"column":1,"row":1},"message":"No such file or directory (os error 2)",)j"
      R"("name":null,"noqa_row":1,"url":null})"
      "\n",
      "@URL@", rule_url("float64-by-default"));
  EXPECT_EQ(render_to_string(files, OutputFormat::JsonLines), expected);
}

TEST(RenderJson, NonAsciiIsWrittenAsUtf8AndControlCharactersEscaped) {
  std::vector<FileReport> files{{"ü.py", "/ü.py", {finding("E999", "", {1, 1}, {1, 2}, "")}}};
  files[0].diagnostics[0].message = "bad \"quote\"\tand é";
  EXPECT_EQ(render_to_string(files, OutputFormat::JsonLines),
            R"({"cell":null,"code":"E999","end_location":{"column":2,"row":1},"estimated_bytes":null,"filename":"/ü.py",)"
            R"("fix":null,"location":{"column":1,"row":1},"message":"bad \"quote\"\tand é","name":null,"noqa_row":1,)"
            R"("url":null})"
            "\n");
}

// Statistics input: MEM301 x10 (one with a safe fix), MEM205 x2 (unsafe fixes), MEM101 x2 (no fix),
// E999 x1, spread over two files.
std::vector<FileReport> statistics_reports() {
  FileReport a{"a.py", "/a.py", {}};
  for (uint32_t row = 1; row <= 9; ++row) a.diagnostics.push_back(finding("MEM301", "float64-by-default", {row, 1}, {row, 2}, "x"));
  a.diagnostics.push_back(mem301(10));
  for (uint32_t row = 11; row <= 12; ++row)
    a.diagnostics.push_back(finding("MEM205", "inplace-op-copy", {row, 1}, {row, 2}, "a = a + 1",
                                    make_fix("Use `+=`", Applicability::Unsafe)));
  FileReport b{"b.py", "/b.py", {}};
  b.diagnostics.push_back(finding("MEM101", "del-after-last-use", {1, 1}, {1, 2}, "x"));
  b.diagnostics.push_back(finding("MEM101", "del-after-last-use", {2, 1}, {2, 2}, "x",
                                  make_fix("Delete `x`", Applicability::DisplayOnly)));
  b.diagnostics.push_back(finding("E999", "", {3, 1}, {3, 2}, "x"));
  return {a, b};
}

TEST(RenderStatistics, CountDescendingThenCodeWithAlignedColumns) {
  const auto files = statistics_reports();
  EXPECT_EQ(statistics_to_string(files, false),
            "10\tMEM301\t[*] float64-by-default\n"
            " 2\tMEM101\t[ ] del-after-last-use\n"
            " 2\tMEM205\t[ ] inplace-op-copy\n"
            " 1\tE999  \t[ ]\n");
  EXPECT_EQ(statistics_to_string(files, true),
            "10\tMEM301\t[*] float64-by-default\n"
            " 2\tMEM101\t[ ] del-after-last-use\n"
            " 2\tMEM205\t[*] inplace-op-copy\n"
            " 1\tE999  \t[ ]\n");
}

TEST(RenderStatistics, NoMarkerColumnWhenNothingIsFixable) {
  const std::vector<FileReport> files{
      {"a.py", "/a.py", {finding("MEM101", "del-after-last-use", {1, 1}, {1, 2}, "x"),
                         finding("MEM401", "pickle-load", {2, 1}, {2, 2}, "x")}}};
  EXPECT_EQ(statistics_to_string(files, false), "1\tMEM101\tdel-after-last-use\n1\tMEM401\tpickle-load\n");
  EXPECT_EQ(statistics_to_string({}, false), "");
}

// Ruff's `--statistics --output-format json`: its fields in its order; `fixable` when every
// occurrence is, `fixable_count` how many are.
TEST(RenderStatistics, JsonFormatIsRuffsArray) {
  auto json_statistics = [](const std::vector<FileReport>& files, bool unsafe_fixes) {
    std::ostringstream out;
    render_statistics(out, files, RenderOptions{.format = OutputFormat::Json, .unsafe_fixes = unsafe_fixes});
    return out.str();
  };
  const auto files = statistics_reports();
  EXPECT_EQ(json_statistics(files, false), R"([
  {
    "code": "MEM301",
    "name": "float64-by-default",
    "count": 10,
    "fixable": false,
    "fixable_count": 1
  },
  {
    "code": "MEM101",
    "name": "del-after-last-use",
    "count": 2,
    "fixable": false,
    "fixable_count": 0
  },
  {
    "code": "MEM205",
    "name": "inplace-op-copy",
    "count": 2,
    "fixable": false,
    "fixable_count": 0
  },
  {
    "code": "E999",
    "name": null,
    "count": 1,
    "fixable": false,
    "fixable_count": 0
  }
]
)");
  // With unsafe fixes, both MEM205 findings are fixable.
  EXPECT_NE(json_statistics(files, true).find(R"("code": "MEM205",
    "name": "inplace-op-copy",
    "count": 2,
    "fixable": true,
    "fixable_count": 2)"),
            std::string::npos);
  // Nothing found: nothing printed, as Ruff does.
  EXPECT_EQ(json_statistics({}, false), "");
}

TEST(RenderStatistics, Color) {
  const std::vector<FileReport> files{
      {"a.py", "/a.py", {mem301(), finding("MEM101", "del-after-last-use", {1, 1}, {1, 2}, "x")}}};
  EXPECT_EQ(statistics_to_string(files, false, true),
            BOLD "1" RESET "\t" BOLD_RED "MEM101" RESET "\t[ ] del-after-last-use\n"
            BOLD "1" RESET "\t" BOLD_RED "MEM301" RESET "\t[" CYAN "*" RESET "] float64-by-default\n");
}

TEST(Summary, CheckMode) {
  EXPECT_EQ(summary({}, SummaryMode::Check), "All checks passed!\n");
  EXPECT_EQ(summary({.total = 3, .fixable = 0, .hidden_unsafe = 0}, SummaryMode::Check), "Found 3 findings.\n");
  EXPECT_EQ(summary({.total = 3, .fixable = 1, .hidden_unsafe = 0}, SummaryMode::Check),
            "Found 3 findings (1 fixable with --fix).\n");
  EXPECT_EQ(summary({.total = 3, .fixable = 1, .hidden_unsafe = 2}, SummaryMode::Check),
            "Found 3 findings (1 fixable with --fix).\n"
            "(2 hidden fixes can be enabled with the --unsafe-fixes option.)\n");
  EXPECT_EQ(summary({.total = 1, .fixable = 0, .hidden_unsafe = 1}, SummaryMode::Check),
            "Found 1 finding.\n"
            "(1 hidden fix can be enabled with the --unsafe-fixes option.)\n");
  EXPECT_EQ(summary({.total = 1, .fixable = 1, .hidden_unsafe = 0}, SummaryMode::Check),
            "Found 1 finding (1 fixable with --fix).\n");
}

TEST(Summary, FixMode) {
  EXPECT_EQ(summary({.total = 2, .fixable = 0, .hidden_unsafe = 0}, SummaryMode::Fix, 3),
            "Found 5 findings (3 fixed, 2 remaining).\n");
  EXPECT_EQ(summary({}, SummaryMode::Fix, 3), "Found 3 findings (3 fixed, 0 remaining).\n");
  EXPECT_EQ(summary({}, SummaryMode::Fix, 1), "Found 1 finding (1 fixed, 0 remaining).\n");
  EXPECT_EQ(summary({}, SummaryMode::Fix, 0), "All checks passed!\n");
  EXPECT_EQ(summary({.total = 1, .fixable = 0, .hidden_unsafe = 1}, SummaryMode::Fix, 1),
            "Found 2 findings (1 fixed, 1 remaining).\n"
            "(1 hidden fix can be enabled with the --unsafe-fixes option.)\n");
}

TEST(Summary, CountFindingsHonoursUnsafeFixes) {
  const auto files = statistics_reports();  // 15 findings: 1 safe fix, 2 unsafe, 1 display-only
  const FindingCounts off = count_findings(files, false);
  EXPECT_EQ(off.total, 15u);
  EXPECT_EQ(off.fixable, 1u);
  EXPECT_EQ(off.hidden_unsafe, 2u);
  const FindingCounts on = count_findings(files, true);
  EXPECT_EQ(on.total, 15u);
  EXPECT_EQ(on.fixable, 3u);
  EXPECT_EQ(on.hidden_unsafe, 0u);
  EXPECT_EQ(summary(off, SummaryMode::Check),
            "Found 15 findings (1 fixable with --fix).\n"
            "(2 hidden fixes can be enabled with the --unsafe-fixes option.)\n");
  EXPECT_EQ(summary(on, SummaryMode::Check), "Found 15 findings (3 fixable with --fix).\n");
}

std::string fixed_to_string(const std::vector<FixedFile>& fixed, bool color = false) {
  std::ostringstream out;
  render_fixed(out, fixed, color);
  return out.str();
}

TEST(RenderFixed, FilesByPathCodesByCount) {
  const std::vector<FixedFile> fixed{
      {"pkg/b.py", {{"MEM301", "float64-by-default", 12}, {"MEM101", "del-after-last-use", 0}}},
      {"pkg/a.py", {{"MEM205", "inplace-op-copy", 1}, {"MEM301", "float64-by-default", 2}, {"MEM102", "no-del", 1}}},
      {"pkg/c.py", {{"MEM101", "del-after-last-use", 0}}},
  };
  EXPECT_EQ(fixed_to_string(fixed),
            "Fixed 16 findings:\n"
            "- pkg/a.py:\n"
            "     2 × MEM301 (float64-by-default)\n"
            "     1 × MEM102 (no-del)\n"
            "     1 × MEM205 (inplace-op-copy)\n"
            "- pkg/b.py:\n"
            "    12 × MEM301 (float64-by-default)\n");
}

TEST(RenderFixed, SingularEmptyAndColor) {
  const std::vector<FixedFile> one{{"a.py", {{"MEM301", "float64-by-default", 1}}}};
  EXPECT_EQ(fixed_to_string(one), "Fixed 1 finding:\n- a.py:\n    1 × MEM301 (float64-by-default)\n");
  EXPECT_EQ(fixed_to_string(one, true),
            BOLD_GREEN "Fixed 1 finding:" RESET "\n" CYAN "-" RESET " " BOLD "a.py" RESET CYAN ":" RESET "\n"
                       "    1 × " BOLD_RED "MEM301" RESET " (float64-by-default)\n");
  EXPECT_EQ(fixed_to_string({}), "");
  EXPECT_EQ(fixed_to_string({{"a.py", {{"MEM301", "float64-by-default", 0}}}}), "");
}

}  // namespace
}  // namespace pml
