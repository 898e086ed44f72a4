// Golden tests for the CI output formats (analyzer/render_ci.*): each format's exact output for the
// findings of tests/render_ci_fixture.h, plus the properties the goldens cannot show on their own
// (escaping, fingerprint stability, which fixes SARIF carries).
#include "analyzer/render_ci.h"

#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "analyzer/render.h"
#include "analyzer/source.h"
#include "rules/registry.h"
#include "tests/render_ci_fixture.h"

namespace pml::testing {
namespace {

using nlohmann::json;

std::string render_as(OutputFormat format, const std::vector<FileReport>& files = ci_reports(),
                      bool unsafe_fixes = false, std::string project_dir = {}) {
  std::ostringstream out;
  render(out, files, RenderOptions{.format = format, .unsafe_fixes = unsafe_fixes, .project_dir = std::move(project_dir)});
  return out.str();
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

TEST(RenderCiFormats, NamesRoundTrip) {
  for (std::string_view name : output_format_names()) {
    auto format = parse_output_format(name);
    ASSERT_TRUE(format.has_value()) << name;
    EXPECT_EQ(is_machine_format(*format), name != "full" && name != "concise" && name != "grouped") << name;
  }
  EXPECT_EQ(output_format_names().size(), 12u);
  EXPECT_FALSE(parse_output_format("xml").has_value());
  EXPECT_EQ(parse_output_format("sarif"), OutputFormat::Sarif);
}

TEST(RenderGithub, Golden) {
  EXPECT_EQ(render_as(OutputFormat::Github),
            "::warning file=/repo/pkg/a.py,line=3,col=5,endLine=3,endColumn=21,title=MEM301::`np.zeros` allocates float64 (128 MiB): 50%25 is enough, pass dtype=np.float32\n"
            "::warning file=/repo/pkg/a.py,line=7,col=5,endLine=7,endColumn=8,title=MEM101::`buf` (~8 MB) stays alive after its last use\n"
            "::warning file=/repo/pkg/a.py,line=9,col=1,endLine=9,endColumn=10,title=MEM202::`a = a * 2` allocates a second array\n"
            "::error file=/repo/pkg/b%2C c.py,line=2,col=5,endLine=2,endColumn=6,title=E999::SyntaxError: unexpected <token> & \"more\"%0Aafter it\n");
}

TEST(RenderGithub, Escaping) {
  EXPECT_EQ(github_escape_data("50% a:b,c\r\nd"), "50%25 a:b,c%0D%0Ad");
  EXPECT_EQ(github_escape_property("50% a:b,c\r\nd"), "50%25 a%3Ab%2Cc%0D%0Ad");
  EXPECT_EQ(render_as(OutputFormat::Github, {}), "");
}

TEST(RenderAzure, Golden) {
  EXPECT_EQ(render_as(OutputFormat::Azure),
            "##vso[task.logissue type=warning;sourcepath=/repo/pkg/a.py;linenumber=3;columnnumber=5;code=MEM301;]`np.zeros` allocates float64 (128 MiB): 50%AZP25 is enough, pass dtype=np.float32\n"
            "##vso[task.logissue type=warning;sourcepath=/repo/pkg/a.py;linenumber=7;columnnumber=5;code=MEM101;]`buf` (~8 MB) stays alive after its last use\n"
            "##vso[task.logissue type=warning;sourcepath=/repo/pkg/a.py;linenumber=9;columnnumber=1;code=MEM202;]`a = a * 2` allocates a second array\n"
            "##vso[task.logissue type=error;sourcepath=/repo/pkg/b, c.py;linenumber=2;columnnumber=5;code=E999;]SyntaxError: unexpected <token> & \"more\"%0Aafter it\n");
  EXPECT_EQ(render_as(OutputFormat::Azure, {}), "");
}

// A path may hold what ends a property (`;`) or the property list (`]`).
TEST(RenderAzure, Escaping) {
  std::vector<FileReport> files = ci_reports();
  files.resize(1);
  files[0].absolute_path = "/repo/a;b]c%d\r\ne.py";
  files[0].diagnostics.resize(1);
  files[0].diagnostics[0].message = "50% done; [really]\r\n";
  EXPECT_EQ(render_as(OutputFormat::Azure, files),
            "##vso[task.logissue type=warning;sourcepath=/repo/a%3Bb%5Dc%AZP25d%0D%0Ae.py;linenumber=7;columnnumber=5;"
            "code=MEM101;]50%AZP25 done; [really]%0D%0A\n");
}

// Reviewdog's format: every finding, with the code's page, its range, and the edits of a fix that
// can be applied as suggestions (the safe and the unsafe one, not the display-only one).
TEST(RenderRdjson, Golden) {
  const json report = json::parse(render_as(OutputFormat::Rdjson));
  EXPECT_EQ(report["source"], json::parse(R"({"name": "pymemlint", "url": "https://pymemlint.dev"})"));
  EXPECT_EQ(report["severity"], "WARNING");
  const json& d = report["diagnostics"];
  ASSERT_EQ(d.size(), 4u) << report.dump(2);
  EXPECT_EQ(d[0], json::parse(R"({
    "code": {"value": "MEM301", "url": "https://pymemlint.dev/rules/float64-by-default"},
    "location": {"path": "pkg/a.py", "range": {"start": {"line": 3, "column": 5}, "end": {"line": 3, "column": 21}}},
    "message": "`np.zeros` allocates float64 (128 MiB): 50% is enough, pass dtype=np.float32",
    "severity": "WARNING",
    "suggestions": [{"range": {"start": {"line": 3, "column": 20}, "end": {"line": 3, "column": 20}},
                     "text": ", dtype=np.float32"}]})"));
  EXPECT_EQ(d[1]["code"]["value"], "MEM101");
  EXPECT_FALSE(d[1].contains("suggestions")) << d[1].dump();  // display-only
  EXPECT_EQ(d[2]["suggestions"][0]["text"], "a *= 2");         // unsafe: a reviewer decides
  EXPECT_EQ(d[3], json::parse(R"({
    "code": {"value": "E999"},
    "location": {"path": "pkg/b, c.py", "range": {"start": {"line": 2, "column": 5}, "end": {"line": 2, "column": 6}}},
    "message": "SyntaxError: unexpected <token> & \"more\"\nafter it",
    "severity": "ERROR"})"));
  EXPECT_EQ(json::parse(render_as(OutputFormat::Rdjson, {}))["diagnostics"], json::array());
}

// Ruff's `grouped`: the file once, its findings indented with `row:column` aligned, a blank line
// after each file.
TEST(RenderGrouped, Golden) {
  EXPECT_EQ(render_as(OutputFormat::Grouped),
            "pkg/a.py:\n"
            "  3:5 MEM301 [*] `np.zeros` allocates float64 (128 MiB): 50% is enough, pass dtype=np.float32\n"
            "  7:5 MEM101 `buf` (~8 MB) stays alive after its last use\n"
            "  9:1 MEM202 `a = a * 2` allocates a second array\n"
            "\n"
            "pkg/b, c.py:\n"
            "  2:5 E999 SyntaxError: unexpected <token> & \"more\"\nafter it\n"
            "\n");
  // A notebook's rows count within cells; the widest place sets the alignment.
  std::vector<FileReport> files = ci_reports();
  files.resize(1);
  files[0].display_path = "nb.ipynb";
  files[0].diagnostics[0].cell = 4;
  files[0].diagnostics[0].location = {120, 5};
  files[0].diagnostics[1].cell = 4;
  files[0].diagnostics[1].location = {7, 15};
  files[0].diagnostics[2].cell = 12;
  EXPECT_EQ(render_as(OutputFormat::Grouped, files, /*unsafe_fixes=*/true),
            "nb.ipynb:\n"
            "    cell 4:7:15 MEM301 [*] `np.zeros` allocates float64 (128 MiB): 50% is enough, pass dtype=np.float32\n"
            "  cell 4:120:5  MEM101 `buf` (~8 MB) stays alive after its last use\n"
            "   cell 12:9:1  MEM202 [*] `a = a * 2` allocates a second array\n"
            "\n");
}

TEST(RenderPylint, Golden) {
  EXPECT_EQ(render_as(OutputFormat::Pylint),
            "pkg/a.py:3: [MEM301] `np.zeros` allocates float64 (128 MiB): 50% is enough, pass dtype=np.float32\n"
            "pkg/a.py:7: [MEM101] `buf` (~8 MB) stays alive after its last use\n"
            "pkg/a.py:9: [MEM202] `a = a * 2` allocates a second array\n"
            "pkg/b, c.py:2: [E999] SyntaxError: unexpected <token> & \"more\" after it\n");
  EXPECT_EQ(render_as(OutputFormat::Pylint, {}), "");
}

TEST(RenderJunit, Golden) {
  EXPECT_EQ(render_as(OutputFormat::Junit), R"golden(<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="pymemlint" tests="4" failures="4" errors="0">
    <testsuite name="pkg/a.py" tests="3" disabled="0" errors="0" failures="3" package="pymemlint">
        <testcase name="pymemlint.MEM301" classname="pkg/a" line="3" column="5">
            <failure message="`np.zeros` allocates float64 (128 MiB): 50% is enough, pass dtype=np.float32">line 3, col 5, `np.zeros` allocates float64 (128 MiB): 50% is enough, pass dtype=np.float32</failure>
        </testcase>
        <testcase name="pymemlint.MEM101" classname="pkg/a" line="7" column="5">
            <failure message="`buf` (~8 MB) stays alive after its last use">line 7, col 5, `buf` (~8 MB) stays alive after its last use</failure>
        </testcase>
        <testcase name="pymemlint.MEM202" classname="pkg/a" line="9" column="1">
            <failure message="`a = a * 2` allocates a second array">line 9, col 1, `a = a * 2` allocates a second array</failure>
        </testcase>
    </testsuite>
    <testsuite name="pkg/b, c.py" tests="1" disabled="0" errors="0" failures="1" package="pymemlint">
        <testcase name="pymemlint.E999" classname="pkg/b, c" line="2" column="5">
            <failure message="SyntaxError: unexpected &lt;token&gt; &amp; &quot;more&quot;&#10;after it">line 2, col 5, SyntaxError: unexpected &lt;token&gt; &amp; &quot;more&quot;&#10;after it</failure>
        </testcase>
    </testsuite>
</testsuites>
)golden");
}

TEST(RenderJunit, NothingFoundIsOnePassingCase) {
  EXPECT_EQ(render_as(OutputFormat::Junit, {}),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<testsuites name=\"pymemlint\" tests=\"1\" failures=\"0\" errors=\"0\">\n"
            "    <testsuite name=\"pymemlint\" tests=\"1\" disabled=\"0\" errors=\"0\" failures=\"0\" package=\"pymemlint\">\n"
            "        <testcase name=\"No errors found\" classname=\"pymemlint\"/>\n"
            "    </testsuite>\n"
            "</testsuites>\n");
}

TEST(RenderJunit, XmlEscaping) {
  EXPECT_EQ(xml_escape("a<b>&\"c'\n\x01"), "a&lt;b&gt;&amp;&quot;c&apos;&#10;\xEF\xBF\xBD");
  EXPECT_EQ(xml_escape("caf\xC3\xA9"), "caf\xC3\xA9");
}

// A file name need not be UTF-8; the XML and text CI outputs must be. Invalid bytes become U+FFFD
// exactly as the JSON outputs (nlohmann's replacing error handler) make them.
TEST(RenderCiUtf8, InvalidBytesAreReplacedAsTheJsonOutputsReplaceThem) {
  const std::vector<std::string> inputs = {
      "bad\xFFname.py", "\x80", "\xC0\xAF", "\xC3", "\xE2\x82", "\xE2\x82x", "\xED\xA0\x80", "\xF0\x9F\x98",
      "\xF4\x90\x80\x80", "\xF8\x88\x80\x80\x80", "ok \xC3\xA9 \xF0\x9F\x98\x80", "\xE0\x80\x80", "a\xC3\xC3\xA9" "b"};
  for (const std::string& in : inputs) {
    const std::string fixed = to_valid_utf8(in);
    EXPECT_TRUE(is_valid_utf8(fixed)) << in;
    EXPECT_EQ(json(fixed).dump(), json(in).dump(-1, ' ', false, json::error_handler_t::replace)) << in;
  }
  EXPECT_EQ(to_valid_utf8("bad\xFFname.py"), "bad\xEF\xBF\xBDname.py");
  EXPECT_EQ(to_valid_utf8("caf\xC3\xA9"), "caf\xC3\xA9");
  // Valid UTF-8 but not XML characters.
  EXPECT_EQ(xml_escape("a\xEF\xBF\xBF" "b\xEF\xBF\xBE"), "a\xEF\xBF\xBD" "b\xEF\xBF\xBD");
}

TEST(RenderCiUtf8, NonUtf8FileNameInJunitPylintAndGithub) {
  std::vector<FileReport> files = ci_reports();
  files.resize(1);
  files[0].display_path = "pkg/bad\xFFname.py";
  files[0].absolute_path = "/repo/pkg/bad\xFFname.py";
  files[0].diagnostics[0].message = "message \xFE";
  for (OutputFormat format : {OutputFormat::Junit, OutputFormat::Pylint, OutputFormat::Github}) {
    const std::string out = render_as(format, files);
    EXPECT_TRUE(is_valid_utf8(out)) << out;
    EXPECT_NE(out.find("bad\xEF\xBF\xBDname"), std::string::npos) << out;
  }
  const std::string junit = render_as(OutputFormat::Junit, files);
  EXPECT_NE(junit.find("<testsuite name=\"pkg/bad\xEF\xBF\xBDname.py\""), std::string::npos) << junit;
  EXPECT_NE(junit.find("classname=\"pkg/bad\xEF\xBF\xBDname\""), std::string::npos) << junit;
  EXPECT_NE(junit.find("message \xEF\xBF\xBD"), std::string::npos) << junit;
}

TEST(RenderGitlab, Golden) {
  EXPECT_EQ(render_as(OutputFormat::Gitlab), R"golden([
  {
    "check_name": "MEM301",
    "description": "MEM301: `np.zeros` allocates float64 (128 MiB): 50% is enough, pass dtype=np.float32",
    "fingerprint": "70c1d80181d1f0b2",
    "location": {
      "lines": {
        "begin": 3,
        "end": 3
      },
      "path": "pkg/a.py"
    },
    "severity": "major"
  },
  {
    "check_name": "MEM101",
    "description": "MEM101: `buf` (~8 MB) stays alive after its last use",
    "fingerprint": "0f49ac824ee50713",
    "location": {
      "lines": {
        "begin": 7,
        "end": 7
      },
      "path": "pkg/a.py"
    },
    "severity": "major"
  },
  {
    "check_name": "MEM202",
    "description": "MEM202: `a = a * 2` allocates a second array",
    "fingerprint": "8bd6236119cb7249",
    "location": {
      "lines": {
        "begin": 9,
        "end": 9
      },
      "path": "pkg/a.py"
    },
    "severity": "major"
  },
  {
    "check_name": "E999",
    "description": "E999: SyntaxError: unexpected <token> & \"more\"\nafter it",
    "fingerprint": "9f5d1a566c78252e",
    "location": {
      "lines": {
        "begin": 2,
        "end": 2
      },
      "path": "pkg/b, c.py"
    },
    "severity": "critical"
  }
]
)golden");
  EXPECT_EQ(render_as(OutputFormat::Gitlab, {}), "[]\n");
}

json gitlab_json(const std::vector<FileReport>& files, std::string project_dir = {}) {
  return json::parse(render_as(OutputFormat::Gitlab, files, false, std::move(project_dir)));
}

TEST(RenderGitlab, PathsAreRelativeToTheProjectDirectory) {
  const json j = gitlab_json(ci_reports(), "/repo/pkg");
  EXPECT_EQ(j[0]["location"]["path"], "a.py");
  EXPECT_EQ(j[3]["location"]["path"], "b, c.py");
}

TEST(RenderGitlab, FingerprintsSurviveLineMovesAndDifferOtherwise) {
  const json before = gitlab_json(ci_reports());
  // Three lines inserted above every finding: rows change, fingerprints do not.
  auto moved = ci_reports();
  for (auto& file : moved) {
    for (auto& d : file.diagnostics) {
      d.location.row += 3;
      d.end_location.row += 3;
      d.noqa_row += 3;
    }
  }
  const json after = gitlab_json(moved);
  ASSERT_EQ(before.size(), after.size());
  for (size_t i = 0; i < before.size(); ++i) {
    EXPECT_NE(before[i]["location"]["lines"]["begin"], after[i]["location"]["lines"]["begin"]);
    EXPECT_EQ(before[i]["fingerprint"], after[i]["fingerprint"]) << i;
  }
  // Re-indenting the line (the block moved into a function) keeps it too.
  auto indented = ci_reports();
  indented[0].diagnostics[1].source_line = "    x = np.zeros((N, M))";
  EXPECT_EQ(gitlab_json(indented)[0]["fingerprint"], before[0]["fingerprint"]);

  // Another path, code, message or source text is another finding.
  auto renamed = ci_reports();
  renamed[0].display_path = "pkg/other.py";
  renamed[0].absolute_path = "/repo/pkg/other.py";
  EXPECT_NE(gitlab_json(renamed)[0]["fingerprint"], before[0]["fingerprint"]);
  auto recoded = ci_reports();
  recoded[0].diagnostics[1].code = "MEM302";
  EXPECT_NE(gitlab_json(recoded)[0]["fingerprint"], before[0]["fingerprint"]);
  auto reworded = ci_reports();
  reworded[0].diagnostics[1].message += "!";
  EXPECT_NE(gitlab_json(reworded)[0]["fingerprint"], before[0]["fingerprint"]);
  auto edited = ci_reports();
  edited[0].diagnostics[1].source_line = "y = np.zeros((N, M))";
  EXPECT_NE(gitlab_json(edited)[0]["fingerprint"], before[0]["fingerprint"]);
}

TEST(RenderGitlab, PositionFreeMessages) {
  EXPECT_EQ(position_free_message("`x` (line 11) allocates 8 MB, read on line 28"),
            "`x` (line ?) allocates 8 MB, read on line ?");
  EXPECT_EQ(position_free_message("read on cell 4, line 5; then lines 7-9 and line 10"),
            "read on cell ?, line ?; then lines ? and line ?");
  // Only whole words followed by a number are positions.
  EXPECT_EQ(position_free_message("pipeline 3, line_2, lines, line x, cell 3 alone, deadline 5"),
            "pipeline 3, line_2, lines, line x, cell 3 alone, deadline 5");
  EXPECT_EQ(position_free_message("line 7"), "line ?");
  EXPECT_EQ(position_free_message(""), "");
}

TEST(RenderGitlab, FingerprintsIgnoreRowsNamedInMessages) {
  auto files = ci_reports();
  Diagnostic& dead = files[0].diagnostics[0];
  auto fingerprint = [&] {
    for (const json& f : gitlab_json(files))
      if (f["check_name"] == "MEM101") return f["fingerprint"].get<std::string>();
    return std::string();
  };
  dead.message = "`buf` (line 7) stays alive while `y = f(buf)` (line 9) runs";
  const std::string before = fingerprint();
  dead.message = "`buf` (line 10) stays alive while `y = f(buf)` (line 12) runs";
  dead.location.row = dead.end_location.row = 10;
  EXPECT_EQ(fingerprint(), before);
  // In a notebook the cell moves too.
  dead.cell = 2;
  dead.message = "`buf` stays alive while read on cell 2, line 4";
  const std::string in_cell_2 = fingerprint();
  dead.cell = 5;
  dead.message = "`buf` stays alive while read on cell 5, line 9";
  EXPECT_EQ(fingerprint(), in_cell_2);
  // The words around the position still count.
  dead.message = "`buf` stays alive while written on cell 5, line 9";
  EXPECT_NE(fingerprint(), in_cell_2);
}

TEST(RenderGitlab, IdenticalFindingsGetDistinctFingerprints) {
  auto files = ci_reports();
  Diagnostic twin = files[0].diagnostics[1];
  twin.location.row = twin.end_location.row = 30;
  files[0].diagnostics.push_back(twin);
  const json j = gitlab_json(files);
  ASSERT_EQ(j.size(), 5u);
  EXPECT_EQ(j[0]["check_name"], "MEM301");
  EXPECT_EQ(j[3]["check_name"], "MEM301");
  EXPECT_NE(j[0]["fingerprint"], j[3]["fingerprint"]);
  // The first of the two keeps the fingerprint it has alone.
  EXPECT_EQ(j[0]["fingerprint"], gitlab_json(ci_reports())[0]["fingerprint"]);
}

// The SARIF golden with the rule descriptors' documentation and the version filled in from the
// registry, so editing a rule's documentation does not break this test.
std::string expected_sarif() {
  std::string text = R"golden({
  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
  "runs": [
    {
      "columnKind": "unicodeCodePoints",
      "results": [
        {
          "fixes": [
            {
              "artifactChanges": [
                {
                  "artifactLocation": {
                    "uri": "file:///repo/pkg/a.py"
                  },
                  "replacements": [
                    {
                      "deletedRegion": {
                        "endColumn": 20,
                        "endLine": 3,
                        "startColumn": 20,
                        "startLine": 3
                      },
                      "insertedContent": {
                        "text": ", dtype=np.float32"
                      }
                    }
                  ]
                }
              ],
              "description": {
                "text": "Add `dtype=np.float32`"
              },
              "properties": {
                "applicability": "safe"
              }
            }
          ],
          "level": "warning",
          "locations": [
            {
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "file:///repo/pkg/a.py"
                },
                "region": {
                  "endColumn": 21,
                  "endLine": 3,
                  "startColumn": 5,
                  "startLine": 3
                }
              }
            }
          ],
          "message": {
            "text": "`np.zeros` allocates float64 (128 MiB): 50% is enough, pass dtype=np.float32"
          },
          "properties": {
            "estimatedBytes": 134217728
          },
          "ruleId": "MEM301",
          "ruleIndex": 3
        },
        {
          "level": "warning",
          "locations": [
            {
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "file:///repo/pkg/a.py"
                },
                "region": {
                  "endColumn": 8,
                  "endLine": 7,
                  "startColumn": 5,
                  "startLine": 7
                }
              }
            }
          ],
          "message": {
            "text": "`buf` (~8 MB) stays alive after its last use"
          },
          "ruleId": "MEM101",
          "ruleIndex": 1
        },
        {
          "level": "warning",
          "locations": [
            {
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "file:///repo/pkg/a.py"
                },
                "region": {
                  "endColumn": 10,
                  "endLine": 9,
                  "startColumn": 1,
                  "startLine": 9
                }
              }
            }
          ],
          "message": {
            "text": "`a = a * 2` allocates a second array"
          },
          "ruleId": "MEM202",
          "ruleIndex": 2
        },
        {
          "level": "error",
          "locations": [
            {
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "file:///repo/pkg/b,%20c.py"
                },
                "region": {
                  "endColumn": 6,
                  "endLine": 2,
                  "startColumn": 5,
                  "startLine": 2
                }
              }
            }
          ],
          "message": {
            "text": "SyntaxError: unexpected <token> & \"more\"\nafter it"
          },
          "ruleId": "E999",
          "ruleIndex": 0
        }
      ],
      "tool": {
        "driver": {
          "informationUri": "https://pymemlint.dev",
          "name": "pymemlint",
          "rules": [
            {
              "defaultConfiguration": {
                "level": "error"
              },
              "id": "E999",
              "name": "syntax-error",
              "shortDescription": {
                "text": "The file does not parse"
              }
            },
            {
              "defaultConfiguration": {
                "level": "warning"
              },
              "fullDescription": {
                "text": @FULL:MEM101@
              },
              "help": {
                "text": @HELP:MEM101@
              },
              "helpUri": "https://pymemlint.dev/rules/dead-intermediate",
              "id": "MEM101",
              "name": "dead-intermediate",
              "shortDescription": {
                "text": @SHORT:MEM101@
              }
            },
            {
              "defaultConfiguration": {
                "level": "warning"
              },
              "fullDescription": {
                "text": @FULL:MEM202@
              },
              "help": {
                "text": @HELP:MEM202@
              },
              "helpUri": "https://pymemlint.dev/rules/array-rebound-instead-of-in-place",
              "id": "MEM202",
              "name": "array-rebound-instead-of-in-place",
              "shortDescription": {
                "text": @SHORT:MEM202@
              }
            },
            {
              "defaultConfiguration": {
                "level": "warning"
              },
              "fullDescription": {
                "text": @FULL:MEM301@
              },
              "help": {
                "text": @HELP:MEM301@
              },
              "helpUri": "https://pymemlint.dev/rules/float64-by-default",
              "id": "MEM301",
              "name": "float64-by-default",
              "shortDescription": {
                "text": @SHORT:MEM301@
              }
            }
          ],
          "version": @VERSION@
        }
      }
    }
  ],
  "version": "2.1.0"
}
)golden";
  for (const char* code : {"MEM101", "MEM202", "MEM301"}) {
    const RuleInfo* info = find_rule(code);
    if (!info) throw std::runtime_error(std::string("no rule ") + code);
    replace_all(text, std::string("@FULL:") + code + "@", json(unwrap_paragraphs(info->doc.what_it_does)).dump());
    replace_all(text, std::string("@HELP:") + code + "@", json(unwrap_paragraphs(info->doc.why_bad)).dump());
    replace_all(text, std::string("@SHORT:") + code + "@", json(info->summary).dump());
  }
  replace_all(text, "@VERSION@", json(PYMEMLINT_VERSION).dump());
  return text;
}

TEST(RenderSarif, Golden) { EXPECT_EQ(render_as(OutputFormat::Sarif), expected_sarif()); }

TEST(RenderSarif, UnsafeFixesAreCarriedOnlyWhenEnabled) {
  const json safe = json::parse(render_as(OutputFormat::Sarif));
  json unsafe = json::parse(render_as(OutputFormat::Sarif, ci_reports(), true));
  json& rebound = unsafe["runs"][0]["results"][2];
  ASSERT_EQ(rebound["ruleId"], "MEM202");
  EXPECT_EQ(rebound["fixes"], json::parse(R"([{
      "artifactChanges": [{
        "artifactLocation": {"uri": "file:///repo/pkg/a.py"},
        "replacements": [{
          "deletedRegion": {"startLine": 9, "startColumn": 1, "endLine": 9, "endColumn": 10},
          "insertedContent": {"text": "a *= 2"}
        }]
      }],
      "description": {"text": "Use `a *= 2`"},
      "properties": {"applicability": "unsafe"}
    }])"));
  rebound.erase("fixes");
  EXPECT_EQ(unsafe, safe);
}

TEST(RenderSarif, EmptyRunAndDeletionWithoutInsertedContent) {
  const json empty = json::parse(render_as(OutputFormat::Sarif, {}));
  EXPECT_EQ(empty["runs"][0]["results"], json::array());
  EXPECT_EQ(empty["runs"][0]["tool"]["driver"]["rules"], json::array());

  auto files = ci_reports();
  Diagnostic& d = files[0].diagnostics[1];
  d.fix->edits = {Edit{24, 40, ""}};
  d.edit_locations = {{{3, 5}, {3, 21}}};
  const json j = json::parse(render_as(OutputFormat::Sarif, files));
  EXPECT_EQ(j["runs"][0]["results"][0]["fixes"][0]["artifactChanges"][0]["replacements"],
            json::parse(R"([{"deletedRegion": {"startLine": 3, "startColumn": 5, "endLine": 3, "endColumn": 21}}])"));
}

TEST(RenderSarif, FileUris) {
  EXPECT_EQ(file_uri("/repo/pkg/a.py"), "file:///repo/pkg/a.py");
  EXPECT_EQ(file_uri("/r/my file#1?.py"), "file:///r/my%20file%231%3F.py");
  EXPECT_EQ(file_uri("/r/caf\xC3\xA9.py"), "file:///r/caf%C3%A9.py");
  EXPECT_EQ(file_uri("rel/a.py"), "rel/a.py");
}

TEST(RenderSarif, UnwrapParagraphs) {
  EXPECT_EQ(unwrap_paragraphs("one\ntwo\n\n\nthree\nfour"), "one two\n\nthree four");
  EXPECT_EQ(unwrap_paragraphs("single"), "single");
}

// A notebook finding (cell 3, row 2 of the cell) with a safe fix, next to a .py finding.
std::vector<FileReport> notebook_reports() {
  Diagnostic in_cell{.code = "MEM301",
                     .name = "float64-by-default",
                     .message = "`np.zeros` allocates float64",
                     .start = 40,
                     .end = 56,
                     .fix = Fix{"Add `dtype=np.float32`", Applicability::Safe, {Edit{55, 55, ", dtype=np.float32"}}},
                     .estimated_bytes = 1024,
                     .location = {2, 5},
                     .end_location = {2, 21},
                     .noqa_row = 2,
                     .source_line = "x = np.zeros((N, M))",
                     .cell = 3,
                     .edit_locations = {{{2, 20}, {2, 20}}}};
  return {FileReport{"nb.ipynb", "/repo/nb.ipynb", {in_cell}}};
}

TEST(RenderCiNotebook, GithubPylintJunitPutTheCellInTheMessageAndTheFindingAtOneOne) {
  const auto files = notebook_reports();
  EXPECT_EQ(render_as(OutputFormat::Github, files),
            "::warning file=/repo/nb.ipynb,line=1,col=1,endLine=1,endColumn=1,title=MEM301::"
            "cell 3:2:5: `np.zeros` allocates float64\n");
  EXPECT_EQ(render_as(OutputFormat::Pylint, files), "nb.ipynb:1: [MEM301] cell 3:2:5: `np.zeros` allocates float64\n");
  const std::string junit = render_as(OutputFormat::Junit, files);
  EXPECT_NE(junit.find("<testcase name=\"pymemlint.MEM301\" classname=\"nb\" line=\"1\" column=\"1\">\n"
                       "            <failure message=\"cell 3:2:5: `np.zeros` allocates float64\">"
                       "line 1, col 1, cell 3:2:5: `np.zeros` allocates float64</failure>"),
            std::string::npos)
      << junit;
}

TEST(RenderCiNotebook, GitlabPutsTheCellInTheDescription) {
  const json j = gitlab_json(notebook_reports());
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["description"], "MEM301: cell 3:2:5: `np.zeros` allocates float64");
  EXPECT_EQ(j[0]["location"], json::parse(R"({"path": "nb.ipynb", "lines": {"begin": 1, "end": 1}})"));
}

TEST(RenderCiNotebook, SarifCarriesTheCellInPropertiesAndNoFix) {
  for (bool unsafe : {false, true}) {
    const json j = json::parse(render_as(OutputFormat::Sarif, notebook_reports(), unsafe));
    const json& result = j["runs"][0]["results"][0];
    EXPECT_EQ(result["message"]["text"], "cell 3:2:5: `np.zeros` allocates float64");
    EXPECT_EQ(result["locations"][0]["physicalLocation"]["region"],
              json::parse(R"({"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 1})"));
    EXPECT_EQ(result["properties"], json::parse(R"({"estimatedBytes": 1024, "cell": 3,
        "cellRegion": {"startLine": 2, "startColumn": 5, "endLine": 2, "endColumn": 21}})"));
    EXPECT_FALSE(result.contains("fixes")) << result.dump(1);
  }
  // The same finding in a .py file does carry its fix.
  auto files = notebook_reports();
  files[0].diagnostics[0].cell.reset();
  const json py = json::parse(render_as(OutputFormat::Sarif, files));
  EXPECT_TRUE(py["runs"][0]["results"][0].contains("fixes"));
  EXPECT_EQ(py["runs"][0]["results"][0]["properties"], json::parse(R"({"estimatedBytes": 1024})"));
}

}  // namespace
}  // namespace pml::testing
