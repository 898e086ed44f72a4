// The CI integrations end to end: every CI `--output-format` through the real binary, the SARIF
// output validated against the SARIF 2.1.0 schema, and the pre-commit hook run by the real
// `pre-commit` tool.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "analyzer/render_ci.h"
#include "analyzer/source.h"
#include "tests/cli_harness.h"

namespace pml::testing {
namespace {

using nlohmann::json;

const char* kFloat64 = "import numpy as np\n\nx = np.zeros((200_000, 512))\n";
const char* kClean = "import numpy as np\n\nx = np.zeros(3)\n";

TEST(CliCi, GithubAnnotations) {
  TempDir d;
  d.write("a.py", kFloat64);
  auto r = run_pymemlint("check a.py --output-format github", d.path());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  const std::string prefix = "::warning file=" + (d.path() / "a.py").string() +
                             ",line=3,col=5,endLine=3,endColumn=29,title=MEM301::`np.zeros` creates a float64 array";
  EXPECT_EQ(r.out.substr(0, prefix.size()), prefix) << r.out;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << "one line, no summary: " << r.out;
}

TEST(CliCi, GitlabCodeQuality) {
  TempDir d;
  d.write("pkg/a.py", kFloat64);
  auto r = run_pymemlint("check pkg --output-format gitlab", d.path());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  const json j = json::parse(r.out);
  ASSERT_EQ(j.size(), 1u) << r.out;
  EXPECT_EQ(j[0]["check_name"], "MEM301");
  EXPECT_EQ(j[0]["location"]["path"], "pkg/a.py");
  EXPECT_EQ(j[0]["location"]["lines"]["begin"], 3);
  EXPECT_EQ(j[0]["severity"], "major");
  EXPECT_TRUE(std::regex_match(j[0]["fingerprint"].get<std::string>(), std::regex("[0-9a-f]{16}")));
  EXPECT_EQ(j[0]["description"].get<std::string>().rfind("MEM301: `np.zeros`", 0), 0u) << j[0]["description"];

  // GitLab's CI_PROJECT_DIR decides what paths are relative to; moving the finding down keeps
  // its fingerprint.
  d.write("pkg/a.py", std::string("\n\n") + kFloat64);
  auto moved = run_pymemlint("check pkg --output-format gitlab", d.path(), "",
                             "CI_PROJECT_DIR=" + shell_quote((d.path() / "pkg").string()));
  const json m = json::parse(moved.out);
  ASSERT_EQ(m.size(), 1u) << moved.out;
  EXPECT_EQ(m[0]["location"]["path"], "a.py");
  EXPECT_EQ(m[0]["location"]["lines"]["begin"], 5);
  auto moved_root = run_pymemlint("check pkg --output-format gitlab", d.path());
  EXPECT_EQ(json::parse(moved_root.out)[0]["fingerprint"], j[0]["fingerprint"]);
}

// "cell N:row:col: message" for a finding of the JSON format.
std::string fmt_cell(const json& f) {
  return "cell " + f["cell"].dump() + ":" + f["location"]["row"].dump() + ":" + f["location"]["column"].dump() + ": " +
         f["message"].get<std::string>();
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// The real samples of rules whose messages name rows ("(line 11) allocates", "read on line 28",
// "read on cell 4, line 5"), moved down: fingerprints must not change.
TEST(CliCi, GitlabFingerprintsOfRealSamplesSurviveInsertedLines) {
  TempDir d;
  std::vector<std::string> names;
  for (const char* rule : {"MEM101", "MEM103", "MEM602", "MEM301"}) {
    for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(PML_SOURCE_DIR) / "samples" / rule)) {
      const std::string ext = entry.path().extension().string();
      if (ext != ".py" && ext != ".ipynb") continue;
      const std::string name = std::string(rule) + "/" + entry.path().filename().string();
      d.write(name, read_file(entry.path()));
      names.push_back(name);
    }
  }
  auto report = [&] {
    auto r = run_pymemlint("check . --output-format gitlab --select ALL", d.path());
    EXPECT_EQ(r.exit_code, 1) << r.err;
    return json::parse(r.out);
  };
  const json before = report();
  bool named_rows = false;
  std::multiset<std::string> fingerprints_before;
  for (const json& f : before) {
    fingerprints_before.insert(f["fingerprint"].get<std::string>());
    named_rows |= std::regex_search(f["description"].get<std::string>(), std::regex(R"(\bline \d)"));
  }
  ASSERT_TRUE(named_rows) << "the samples no longer name rows in messages: " << before.dump(1);

  // Three blank lines at the top of each file; in a notebook, a markdown cell first (cell
  // numbers move) and three blank lines at the top of every code cell.
  for (const std::string& name : names) {
    const std::string text = d.read(name);
    if (name.ends_with(".py")) {
      d.write(name, "\n\n\n" + text);
      continue;
    }
    json nb = json::parse(text);
    for (json& cell : nb["cells"]) {
      if (cell["cell_type"] != "code") continue;
      json lines = json::array({"\n", "\n", "\n"});
      if (cell["source"].is_string())
        cell["source"] = "\n\n\n" + cell["source"].get<std::string>();
      else
        for (const json& line : cell["source"]) lines.push_back(line);
      if (!cell["source"].is_string()) cell["source"] = lines;
    }
    nb["cells"].insert(nb["cells"].begin(), json{{"cell_type", "markdown"}, {"metadata", json::object()}, {"source", "# moved"}});
    d.write(name, nb.dump(1));
  }
  const json after = report();
  ASSERT_EQ(after.size(), before.size()) << after.dump(1);
  std::multiset<std::string> fingerprints_after;
  for (size_t i = 0; i < after.size(); ++i) {
    fingerprints_after.insert(after[i]["fingerprint"].get<std::string>());
    if (after[i]["location"]["path"].get<std::string>().ends_with(".py")) {
      EXPECT_EQ(after[i]["location"]["lines"]["begin"].get<int>(), before[i]["location"]["lines"]["begin"].get<int>() + 3)
          << after[i].dump();
    }
  }
  EXPECT_EQ(fingerprints_after, fingerprints_before) << before.dump(1) << after.dump(1);
}

TEST(CliCi, SarifLog) {
  TempDir d;
  d.write("a.py", kFloat64);
  auto r = run_pymemlint("check a.py --output-format sarif --unsafe-fixes", d.path());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  const json j = json::parse(r.out);
  EXPECT_EQ(j["version"], "2.1.0");
  const json& run = j["runs"][0];
  EXPECT_EQ(run["tool"]["driver"]["name"], "pymemlint");
  EXPECT_EQ(run["tool"]["driver"]["rules"][0]["id"], "MEM301");
  EXPECT_EQ(run["tool"]["driver"]["rules"][0]["helpUri"], "https://pymemlint.dev/rules/float64-by-default");
  const json& result = run["results"][0];
  EXPECT_EQ(result["ruleId"], "MEM301");
  EXPECT_EQ(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "file://" + (d.path() / "a.py").string());
  EXPECT_EQ(result["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"],
            ", dtype=np.float32");
  // Without --unsafe-fixes the unsafe fix is not offered.
  auto safe_only = run_pymemlint("check a.py --output-format sarif", d.path());
  EXPECT_FALSE(json::parse(safe_only.out)["runs"][0]["results"][0].contains("fixes")) << safe_only.out;
}

TEST(CliCi, JunitXml) {
  TempDir d;
  d.write("pkg/a.py", kFloat64);
  auto r = run_pymemlint("check pkg --output-format junit", d.path());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.out.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"pymemlint\" tests=\"1\" failures=\"1\"", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("<testcase name=\"pymemlint.MEM301\" classname=\"pkg/a\" line=\"3\" column=\"5\">"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("Found"), std::string::npos) << "no summary: " << r.out;
}

TEST(CliCi, JunitNamesAFileThatIsNotUtf8AsJsonDoes) {
  TempDir d;
  d.write("bad\xFFname.py", kFloat64);
  auto r = run_pymemlint("check . --output-format junit", d.path());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(is_valid_utf8(r.out)) << r.out;
  EXPECT_NE(r.out.find("<testsuite name=\"bad\xEF\xBF\xBDname.py\""), std::string::npos) << r.out;
  // The same replacement as the JSON output's `filename`.
  auto j = run_pymemlint("check . --output-format json", d.path());
  const std::string filename = json::parse(j.out).at(0).at("filename");
  EXPECT_EQ(filename, (d.path() / "bad\xEF\xBF\xBDname.py").string()) << j.out;
}

// Ruff's `grouped`: the findings under their file's name, then the summary as in `full`.
TEST(CliCi, Grouped) {
  TempDir d;
  d.write("a.py", kFloat64);
  auto r = run_pymemlint("check a.py --output-format grouped", d.path());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.out.rfind("a.py:\n  3:5 MEM301 `np.zeros` creates a float64 array", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("\n\nFound 1 finding."), std::string::npos) << r.out;
}

// Azure Pipelines' logging commands and reviewdog's rdjson, as Ruff writes them.
TEST(CliCi, AzureAndRdjson) {
  TempDir d;
  d.write("a.py", kFloat64);
  auto azure = run_pymemlint("check a.py --output-format azure", d.path());
  EXPECT_EQ(azure.exit_code, 1) << azure.err;
  EXPECT_EQ(azure.out.rfind("##vso[task.logissue type=warning;sourcepath=" + (std::filesystem::canonical(d.path()) / "a.py").string() +
                                ";linenumber=3;columnnumber=5;code=MEM301;]`np.zeros` creates",
                            0),
            0u)
      << azure.out;
  auto rd = run_pymemlint("check a.py --output-format rdjson --unsafe-fixes", d.path());
  EXPECT_EQ(rd.exit_code, 1) << rd.err;
  const json report = json::parse(rd.out);
  ASSERT_EQ(report["diagnostics"].size(), 1u) << rd.out;
  EXPECT_EQ(report["diagnostics"][0]["location"]["path"], "a.py");
  EXPECT_EQ(report["diagnostics"][0]["suggestions"][0]["text"], ", dtype=np.float32") << rd.out;
}

TEST(CliCi, Pylint) {
  TempDir d;
  d.write("a.py", kFloat64);
  auto r = run_pymemlint("check a.py --output-format pylint", d.path());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.out.substr(0, r.out.find('\n') + 1).rfind("a.py:3: [MEM301] `np.zeros` creates a float64 array", 0), 0u)
      << r.out;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
}

// A notebook's findings count rows within a cell. The CI formats must not give those rows as
// rows of the .ipynb file: they report 1:1 and name the cell, row and column in the message.
TEST(CliCi, NotebookFindingsNameTheCellInEveryFormat) {
  TempDir d;
  d.write("nb.ipynb", read_file(std::filesystem::path(PML_SOURCE_DIR) / "samples/MEM301/notebook.ipynb"));
  auto as_json = run_pymemlint("check nb.ipynb --output-format json", d.path());
  ASSERT_EQ(as_json.exit_code, 1) << as_json.err;
  const json findings = json::parse(as_json.out);
  ASSERT_GE(findings.size(), 2u) << as_json.out;
  std::vector<std::string> in_cell;  // "cell N:row:col: message", in output order
  for (const json& f : findings) {
    ASSERT_TRUE(f["cell"].is_number()) << f.dump();
    in_cell.push_back(fmt_cell(f));
  }

  auto out = [&](const std::string& format) {
    auto r = run_pymemlint("check nb.ipynb --unsafe-fixes --output-format " + format, d.path());
    EXPECT_EQ(r.exit_code, 1) << format << r.err;
    return r.out;
  };
  std::istringstream github(out("github"));
  std::istringstream pylint(out("pylint"));
  std::istringstream azure(out("azure"));
  const json rdjson = json::parse(out("rdjson"));
  ASSERT_EQ(rdjson["diagnostics"].size(), findings.size());
  std::string line;
  for (size_t i = 0; i < findings.size(); ++i) {
    const std::string code = findings[i]["code"];
    ASSERT_TRUE(std::getline(github, line));
    EXPECT_EQ(line, "::warning file=" + (d.path() / "nb.ipynb").string() +
                        ",line=1,col=1,endLine=1,endColumn=1,title=" + code + "::" + in_cell[i]);
    ASSERT_TRUE(std::getline(pylint, line));
    EXPECT_EQ(line, "nb.ipynb:1: [" + code + "] " + in_cell[i]);
    ASSERT_TRUE(std::getline(azure, line));
    EXPECT_EQ(line, "##vso[task.logissue type=warning;sourcepath=" + (d.path() / "nb.ipynb").string() +
                        ";linenumber=1;columnnumber=1;code=" + code + ";]" + in_cell[i]);
    const json& r = rdjson["diagnostics"][i];
    EXPECT_EQ(r["message"], in_cell[i]);
    EXPECT_EQ(r["location"]["range"]["start"], json::parse(R"({"line": 1, "column": 1})"));
    EXPECT_FALSE(r.contains("suggestions")) << r.dump();  // a cell's edits are not the file's
  }

  const json gitlab = json::parse(out("gitlab"));
  ASSERT_EQ(gitlab.size(), findings.size());
  for (size_t i = 0; i < findings.size(); ++i) {
    EXPECT_EQ(gitlab[i]["description"], findings[i]["code"].get<std::string>() + ": " + in_cell[i]);
    EXPECT_EQ(gitlab[i]["location"]["lines"], json::parse(R"({"begin": 1, "end": 1})"));
  }

  const json sarif = json::parse(out("sarif"));
  const json& results = sarif["runs"][0]["results"];
  ASSERT_EQ(results.size(), findings.size());
  for (size_t i = 0; i < findings.size(); ++i) {
    EXPECT_EQ(results[i]["message"]["text"], in_cell[i]);
    EXPECT_EQ(results[i]["locations"][0]["physicalLocation"]["region"]["startLine"], 1);
    EXPECT_EQ(results[i]["properties"]["cell"], findings[i]["cell"]);
    EXPECT_EQ(results[i]["properties"]["cellRegion"]["startLine"], findings[i]["location"]["row"]);
    // The fix exists (--fix applies it to the cell) but its positions are not the file's.
    EXPECT_FALSE(results[i].contains("fixes")) << results[i].dump(1);
  }

  const std::string junit = out("junit");
  for (size_t i = 0; i < findings.size(); ++i)
    EXPECT_NE(junit.find("line=\"1\" column=\"1\">\n            <failure message=\"" + xml_escape(in_cell[i]) + "\">line 1, col 1, "),
              std::string::npos)
        << in_cell[i] << "\n" << junit;
  size_t at_one_one = 0;
  for (size_t at = junit.find("line=\""); at != std::string::npos; at = junit.find("line=\"", at + 1))
    at_one_one += junit.compare(at, 19, "line=\"1\" column=\"1\"") == 0;
  EXPECT_EQ(at_one_one, findings.size()) << junit;
}

TEST(CliCi, CleanRunsInEveryFormat) {
  TempDir d;
  d.write("ok.py", kClean);
  const std::pair<const char*, const char*> expected[] = {
      {"github", ""},
      {"pylint", ""},
      {"gitlab", "[]\n"},
  };
  for (const auto& [format, out] : expected) {
    auto r = run_pymemlint(std::string("check ok.py --output-format ") + format, d.path());
    EXPECT_EQ(r.exit_code, 0) << format << r.err;
    EXPECT_EQ(r.out, out) << format;
  }
  auto sarif = run_pymemlint("check ok.py --output-format sarif", d.path());
  EXPECT_EQ(sarif.exit_code, 0);
  EXPECT_EQ(json::parse(sarif.out)["runs"][0]["results"], json::array());
  auto junit = run_pymemlint("check ok.py --output-format junit", d.path());
  EXPECT_EQ(junit.exit_code, 0);
  EXPECT_NE(junit.out.find("<testcase name=\"No errors found\""), std::string::npos) << junit.out;
  EXPECT_EQ(run_pymemlint("check ok.py --output-format codeclimate", d.path()).exit_code, 2);
}

// Runs pymemlint with `args` in `cwd`, writes its SARIF to a file and validates it with
// tests/validate_json_schema.py. Returns the validator's exit code (3: no jsonschema module).
int validate_sarif(const std::string& args, const std::filesystem::path& cwd, std::string* report) {
  auto r = run_pymemlint(args, cwd);
  EXPECT_EQ(r.exit_code, 1) << args << ": " << r.err;
  TempDir io;
  const auto log = io.write("log.sarif", r.out);
  auto v = run_shell("/usr/bin/python3 " + shell_quote(PML_SOURCE_DIR "/tests/validate_json_schema.py") + " " +
                         shell_quote(PML_SARIF_SCHEMA) + " " + shell_quote(log.string()),
                     cwd);
  *report = v.out + v.err;
  return v.exit_code;
}

TEST(CliCi, SarifValidatesAgainstTheSarif210Schema) {
  if (std::string(PML_SARIF_SCHEMA).empty())
    GTEST_SKIP() << "the SARIF 2.1.0 schema could not be fetched at configure time (see the CMake warning)";
  if (!std::filesystem::exists("/usr/bin/python3")) GTEST_SKIP() << "/usr/bin/python3 is missing";

  // Every sample (findings of each rule, fixes of every applicability), plus a syntax error and
  // a path that needs percent-encoding.
  std::string report;
  int rc = validate_sarif("check samples/ --output-format sarif --unsafe-fixes", PML_SOURCE_DIR, &report);
  if (rc == 3) GTEST_SKIP() << report;
  EXPECT_EQ(rc, 0) << report;
  EXPECT_EQ(validate_sarif("check samples/ --output-format sarif", PML_SOURCE_DIR, &report), 0) << report;

  TempDir d;
  d.write("pkg/mod é #1.py", kFloat64);
  d.write("broken.py", "def f(:\n");
  EXPECT_EQ(validate_sarif("check . --output-format sarif --unsafe-fixes", d.path(), &report), 0) << report;

  // The validator does reject what the schema forbids.
  d.write("bad.sarif", R"({"version": "2.1.0", "runs": [{"tool": {"driver": {}}, "results": []}]})");
  auto v = run_shell("/usr/bin/python3 " + shell_quote(PML_SOURCE_DIR "/tests/validate_json_schema.py") + " " +
                         shell_quote(PML_SARIF_SCHEMA) + " bad.sarif",
                     d.path());
  EXPECT_EQ(v.exit_code, 1) << v.out << v.err;
  EXPECT_NE(v.out.find("'name' is a required property"), std::string::npos) << v.out;
}

// pre-commit, as a user runs it: `pre-commit try-repo` with this repository's
// .pre-commit-hooks.yaml against a project in a temporary git repository. `language: system`
// runs the `pymemlint` on PATH, so the built binary's directory goes first on PATH.
class PreCommit : public ::testing::Test {
 protected:
  void SetUp() override {
    auto version = run_shell("pre-commit --version", hooks_.path());
    if (version.exit_code != 0)
      GTEST_SKIP() << "pre-commit is not installed (scripts/bootstrap installs Debian's `pre-commit`): "
                   << version.err;
    // The hooks repository: only the hooks file, committed, so the test does not depend on the
    // state of this checkout's git history.
    std::ifstream in(PML_SOURCE_DIR "/.pre-commit-hooks.yaml");
    ASSERT_TRUE(in) << "no .pre-commit-hooks.yaml at the repository root";
    std::string hooks((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    hooks_.write(".pre-commit-hooks.yaml", hooks);
    ASSERT_EQ(git("init -q && git add . && git " + kIdentity + " commit -q -m hooks", hooks_.path()), 0);

    project_.write("bad.py", kFloat64);
    project_.write("ok.py", kClean);
    project_.write("generated/g.py", kFloat64);
    project_.write("pyproject.toml", "[tool.pymemlint]\nextend-exclude = [\"generated\"]\n");
    ASSERT_EQ(git("init -q && git add .", project_.path()), 0);
  }

  CommandResult try_repo(const std::string& file) {
    const std::string bin_dir = std::filesystem::path(PML_BINARY).parent_path().string();
    const std::string env = "PATH=" + shell_quote(bin_dir) + ":\"$PATH\" PRE_COMMIT_HOME=" +
                            shell_quote((cache_.path() / "pre-commit").string()) + " GIT_CONFIG_NOSYSTEM=1";
    return run_shell("pre-commit try-repo " + shell_quote(hooks_.path().string()) + " pymemlint --files " +
                         shell_quote(file),
                     project_.path(), "", env);
  }

  static int git(const std::string& args, const std::filesystem::path& cwd) {
    return run_shell("git " + args, cwd).exit_code;
  }

  const std::string kIdentity = "-c user.name=test -c user.email=test@example.com -c commit.gpgsign=false";
  TempDir hooks_, project_, cache_;
};

TEST_F(PreCommit, AFindingFailsTheHook) {
  auto r = try_repo("bad.py");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(pymemlint\.+Failed)"))) << r.out << r.err;
  EXPECT_NE(r.out.find("bad.py:3:5: MEM301"), std::string::npos) << r.out;
}

TEST_F(PreCommit, ANotebookWithAFindingFailsTheHook) {
  // The hook takes `jupyter` files too: pre-commit passes the .ipynb and the finding is in a cell.
  project_.write("analysis.ipynb", read_file(std::filesystem::path(PML_SOURCE_DIR) / "samples/MEM301/notebook.ipynb"));
  ASSERT_EQ(git("add analysis.ipynb", project_.path()), 0);
  auto r = try_repo("analysis.ipynb");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(pymemlint\.+Failed)"))) << r.out << r.err;
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(analysis\.ipynb:cell \d+:\d+:\d+: MEM301)"))) << r.out;
}

TEST_F(PreCommit, ACleanFilePasses) {
  auto r = try_repo("ok.py");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(pymemlint\.+Passed)"))) << r.out << r.err;
}

TEST_F(PreCommit, ConfiguredExcludesApplyToFilesPassedByName) {
  // generated/g.py has a finding, but the project's configuration excludes generated/: the
  // hook's --force-exclude keeps it out even though pre-commit names the file.
  auto r = try_repo("generated/g.py");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(pymemlint\.+Passed)"))) << r.out << r.err;
}

}  // namespace
}  // namespace pml::testing
