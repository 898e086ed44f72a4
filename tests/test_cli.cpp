// End-to-end tests of the command line: exit codes, formats, configuration, noqa, bad input, fixes.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <regex>
#include <string_view>
#include <thread>
#include <vector>

#include "analyzer/runner.h"
#include "tests/cli_harness.h"

namespace pml::testing {
namespace {

const char* kFloat64 = "import numpy as np\n\nx = np.zeros((200_000, 512))\n";
const char* kClean = "import numpy as np\n\nx = np.zeros(3)\n";
// MEM402 with a safe fix: `--fix` alone changes the file.
const char* kListOfRange = "def f(n):\n    xs = list(range(n))\n    return sum(xs)\n";

TEST(Cli, SamplesHaveFindingsAndExitOne) {
  auto r = run_pymemlint("check samples/", PML_SOURCE_DIR);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("MEM301"), std::string::npos);
  EXPECT_NE(r.out.find("MEM303"), std::string::npos);
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(Found \d+ findings \(\d+ fixable with --fix\)\.\n\(\d+ hidden fixes can be enabled with the --unsafe-fixes option\.\))"))) << r.out;
}

TEST(Cli, CleanFileExitsZero) {
  TempDir d;
  d.write("ok.py", kClean);
  auto r = run_pymemlint("check ok.py", d.path());
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.out, "All checks passed!\n");
}

TEST(Cli, DefaultPathIsTheCurrentDirectory) {
  TempDir d;
  d.write("pkg/a.py", kFloat64);
  auto r = run_pymemlint("check", d.path());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("pkg/a.py:3:5: MEM301"), std::string::npos) << r.out;
}

TEST(Cli, FullFormatShowsSourceUnderlineAndHelp) {
  TempDir d;
  d.write("a.py", kFloat64);
  auto r = run_pymemlint("check a.py --color never", d.path());
  EXPECT_NE(r.out.find("a.py:3:5: MEM301 `np.zeros` creates a float64 array"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("3 | x = np.zeros((200_000, 512))"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("    ^^^^^^^^^^^^^^^^^^^^^^^^ MEM301"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("= help: Add `dtype=np.float32`"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Found 1 finding.\n(1 hidden fix can be enabled with the --unsafe-fixes option.)"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("\x1b["), std::string::npos);
}

// A finding that starts where no comment can go (a backslash line, a multi-line string's first
// line) has its noqa row where the directive can go, as in Ruff's JSON.
TEST(Cli, JsonNoqaRowIsALineThatCanCarryTheComment) {
  TempDir d;
  d.write("a.py",
          "import numpy as np\na = np.zeros((200_000, 512)) + \\\n    1\nc = f\"\"\"{np.zeros((200_000, 512))}\n\"\"\"\n");
  auto r = run_pymemlint("check a.py --output-format json", d.path());
  EXPECT_EQ(r.exit_code, 1);
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j.size(), 2u) << r.out;
  EXPECT_EQ(j[0]["location"]["row"], 2);
  EXPECT_EQ(j[0]["noqa_row"], 3);
  EXPECT_EQ(j[1]["location"]["row"], 4);
  EXPECT_EQ(j[1]["noqa_row"], 5);
}

// tree-sitter's scanner swallows a backslash continuation that a string follows, leaving no node
// for it: the finding before it still takes the row the logical line ends on, where --add-noqa can
// put the directive, and one written there silences it (as in Ruff).
TEST(Cli, NoqaRowPastABackslashBeforeAString) {
  TempDir d;
  const std::string before =
      "import numpy as np\n"
      "a = np.zeros((200_000, 512)) if True else \\\n"
      "    \"\"\"\n"
      "\"\"\"\n"
      "b = [np.zeros((200_000, 512)), \\\n"
      "     \\\n"
      "     'x']\n"
      "c = np.zeros((200_000, 512))  # C:\\\n"
      "'''doc'''\n";
  d.write("a.py", before);
  auto r = run_pymemlint("check a.py --output-format json", d.path());
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j.size(), 3u) << r.out;
  EXPECT_EQ(j[0]["noqa_row"], 4);
  EXPECT_EQ(j[1]["noqa_row"], 7);
  EXPECT_EQ(j[2]["noqa_row"], 8);  // a backslash ending a comment continues nothing
  auto add = run_pymemlint("check --add-noqa a.py", d.path());
  EXPECT_EQ(add.err, "Added 3 noqa directives.\n");
  EXPECT_EQ(run_pymemlint("check a.py", d.path()).exit_code, 0) << d.read("a.py");
}

TEST(Cli, ConciseIsOneLinePerFinding) {
  TempDir d;
  d.write("a.py", kFloat64);
  auto r = run_pymemlint("check a.py --output-format concise --unsafe-fixes -q", d.path());
  EXPECT_EQ(r.out.substr(0, r.out.find('\n') + 1),
            "a.py:3:5: MEM301 [*] `np.zeros` creates a float64 array because no dtype is given (~819 MB); pass "
            "`dtype=np.float32` to halve it (~410 MB) if float32 precision is enough\n");
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << "--quiet prints no summary";
}

TEST(Cli, JsonCarriesRuffFieldsAndEstimatedBytes) {
  TempDir d;
  d.write("a.py", "import numpy as np\n\nx = np.zeros((200_000, 512))\ny = np.ones(n)\n");
  auto r = run_pymemlint("check a.py --output-format json", d.path());
  EXPECT_EQ(r.exit_code, 1);
  auto j = nlohmann::json::parse(r.out);
  ASSERT_TRUE(j.is_array());
  ASSERT_EQ(j.size(), 2u);
  const auto& f = j[0];
  EXPECT_EQ(f["code"], "MEM301");
  EXPECT_EQ(f["name"], "float64-by-default");
  EXPECT_EQ(f["filename"], (d.path() / "a.py").string());
  EXPECT_EQ(f["location"]["row"], 3);
  EXPECT_EQ(f["location"]["column"], 5);
  EXPECT_EQ(f["end_location"]["row"], 3);
  EXPECT_EQ(f["end_location"]["column"], 29);
  EXPECT_EQ(f["noqa_row"], 3);
  EXPECT_EQ(f["url"], "https://pymemlint.dev/rules/float64-by-default");
  EXPECT_EQ(f["estimated_bytes"], 819200000);
  EXPECT_TRUE(f["cell"].is_null());
  EXPECT_EQ(f["fix"]["applicability"], "unsafe");
  EXPECT_NE(f["fix"]["message"].get<std::string>().find("dtype=np.float32"), std::string::npos);
  ASSERT_EQ(f["fix"]["edits"].size(), 1u);
  EXPECT_EQ(f["fix"]["edits"][0]["content"], ", dtype=np.float32");
  EXPECT_EQ(f["fix"]["edits"][0]["location"]["column"], 28);
  EXPECT_TRUE(j[1]["estimated_bytes"].is_null());
}

TEST(Cli, JsonColumnsCountCharactersNotBytes) {
  TempDir d;
  d.write("a.py", "import numpy as np\ndonnées = 'é'; x = np.ones(n)\n");
  auto r = run_pymemlint("check a.py --output-format json", d.path());
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["location"]["column"], 20);
}

TEST(Cli, JsonLinesIsOneObjectPerLine) {
  auto r = run_pymemlint("check samples/ --output-format json-lines", PML_SOURCE_DIR);
  std::istringstream lines(r.out);
  std::string line;
  int count = 0;
  while (std::getline(lines, line)) {
    auto j = nlohmann::json::parse(line);
    EXPECT_TRUE(j.contains("code"));
    ++count;
  }
  EXPECT_GT(count, 10);
}

TEST(Cli, RuleSelection) {
  TempDir d;
  d.write("a.py", "import numpy as np\nx = np.ones(n)\ny = np.empty(10**7, dtype=object)\n");
  auto only303 = run_pymemlint("check a.py --select MEM303 --output-format concise -q", d.path());
  EXPECT_EQ(only303.out.find("MEM301"), std::string::npos);
  EXPECT_NE(only303.out.find("MEM303"), std::string::npos);
  auto none = run_pymemlint("check a.py --ignore MEM3", d.path());
  EXPECT_EQ(none.exit_code, 0) << none.out;
  auto extended = run_pymemlint("check a.py --select MEM303 --extend-select MEM301 --output-format concise -q", d.path());
  EXPECT_NE(extended.out.find("MEM301"), std::string::npos);
  // A list option takes one value per occurrence and never swallows the paths after it.
  auto before_path = run_pymemlint("check --select MEM303 a.py --output-format concise -q", d.path());
  EXPECT_EQ(before_path.exit_code, 1) << before_path.err;
  EXPECT_NE(before_path.out.find("a.py:3:5: MEM303"), std::string::npos) << before_path.out;
  auto repeated = run_pymemlint("check --select MEM303 --select MEM301 a.py --output-format concise -q", d.path());
  EXPECT_NE(repeated.out.find("MEM301"), std::string::npos) << repeated.out;
  auto unknown = run_pymemlint("check a.py --select MEM999", d.path());
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("MEM999"), std::string::npos) << unknown.err;
}

TEST(Cli, ExitZeroAndStatistics) {
  auto r = run_pymemlint("check samples/ --exit-zero --statistics", PML_SOURCE_DIR);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(\d+\tMEM301\t)"))) << r.out;
  EXPECT_NE(r.out.find("float64-by-default"), std::string::npos);
  // `-e`, Ruff's short form.
  EXPECT_EQ(run_pymemlint("check samples/ -e -q", PML_SOURCE_DIR).exit_code, 0);
}

// As Ruff's, statistics come as text or JSON only: another format, from the flag or from the
// configuration, is a usage error (Ruff: "Unsupported serialization format for statistics").
TEST(Cli, StatisticsRefuseOtherFormats) {
  TempDir d;
  d.write("a.py", kFloat64);
  for (const char* format : {"github", "json-lines", "sarif", "junit", "gitlab", "pylint"}) {
    auto r = run_pymemlint(std::string("check a.py --statistics --output-format ") + format, d.path());
    EXPECT_EQ(r.exit_code, 2) << format << r.out;
    EXPECT_EQ(r.out, "") << format;
    EXPECT_EQ(r.err, std::string("error: --statistics supports the output formats full, concise and json, not `") +
                         format + "`\n");
  }
  d.write("pymemlint.toml", "output-format = \"github\"\n");
  EXPECT_EQ(run_pymemlint("check a.py --statistics", d.path()).exit_code, 2);
  auto concise = run_pymemlint("check a.py --statistics --output-format concise", d.path());
  EXPECT_EQ(concise.exit_code, 1) << concise.err;
  EXPECT_NE(concise.out.find("MEM301"), std::string::npos) << concise.out;
}

TEST(Cli, StatisticsAsJson) {
  TempDir d;
  d.write("a.py", kFloat64);
  auto r = run_pymemlint("check a.py --statistics --output-format json", d.path());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  const nlohmann::json rows = nlohmann::json::parse(r.out);
  ASSERT_EQ(rows.size(), 1u) << r.out;
  EXPECT_EQ(rows[0], (nlohmann::json{{"code", "MEM301"}, {"name", "float64-by-default"}, {"count", 1},
                                     {"fixable", false}, {"fixable_count", 0}}));
  EXPECT_EQ(r.out.find("Found"), std::string::npos) << r.out;
}

TEST(Cli, ThreadCountDoesNotChangeOutput) {
  auto one = run_pymemlint("check samples/ --threads 1 --output-format json", PML_SOURCE_DIR);
  auto two = run_pymemlint("check samples/ --threads 2 --output-format json", PML_SOURCE_DIR);
  EXPECT_EQ(one.out, two.out);
  EXPECT_FALSE(one.out.empty());
}

TEST(Cli, ColorAlwaysAndNever) {
  TempDir d;
  d.write("a.py", kFloat64);
  EXPECT_NE(run_pymemlint("check a.py --color always", d.path()).out.find("\x1b["), std::string::npos);
  EXPECT_EQ(run_pymemlint("check a.py --color auto", d.path(), "", "NO_COLOR=1").out.find("\x1b["), std::string::npos);
}

// --color auto colours only a terminal: these runs have a pseudo-terminal as standard output.
TEST(Cli, ColorAutoFollowsTheTerminalAndNoColor) {
  TempDir d;
  d.write("a.py", kFloat64);
  auto tty = run_pymemlint_in_terminal({"check", "a.py", "--color", "auto"}, d.path());
  EXPECT_EQ(tty.exit_code, 1) << tty.out;
  EXPECT_NE(tty.out.find("MEM301"), std::string::npos) << tty.out;
  EXPECT_NE(tty.out.find("\x1b["), std::string::npos) << "a terminal gets colours: " << tty.out;
  auto no_color = run_pymemlint_in_terminal({"check", "a.py", "--color", "auto"}, d.path(), {"NO_COLOR=1"});
  EXPECT_NE(no_color.out.find("MEM301"), std::string::npos) << no_color.out;
  EXPECT_EQ(no_color.out.find("\x1b["), std::string::npos) << "NO_COLOR wins over a terminal: " << no_color.out;
  auto never = run_pymemlint_in_terminal({"check", "a.py", "--color", "never"}, d.path());
  EXPECT_NE(never.out.find("MEM301"), std::string::npos) << never.out;
  EXPECT_EQ(never.out.find("\x1b["), std::string::npos) << never.out;
}

TEST(Cli, ExtendSelectInConfiguration) {
  TempDir d;
  d.write("a.py", "import numpy as np\nx = np.ones(n)\ny = np.empty(10**7, dtype=object)\n");
  d.write("pymemlint.toml", "select = [\"MEM303\"]\n");
  auto only303 = run_pymemlint("check a.py --output-format concise -q", d.path());
  EXPECT_EQ(only303.exit_code, 1) << only303.err;
  EXPECT_NE(only303.out.find("a.py:3:5: MEM303"), std::string::npos) << only303.out;
  EXPECT_EQ(only303.out.find("MEM301"), std::string::npos) << only303.out;
  d.write("pymemlint.toml", "select = [\"MEM303\"]\nextend-select = [\"MEM301\"]\n");
  auto both = run_pymemlint("check a.py --output-format concise -q", d.path());
  EXPECT_EQ(both.exit_code, 1) << both.err;
  EXPECT_NE(both.out.find("a.py:2:5: MEM301"), std::string::npos) << both.out;
  EXPECT_NE(both.out.find("a.py:3:5: MEM303"), std::string::npos) << both.out;
}

// `--threads` is 0 unless given, which means one worker per core; a given count is kept.
TEST(Cli, ThreadsDefaultIsOnePerCore) {
  EXPECT_EQ(effective_threads(1), 1u);
  EXPECT_EQ(effective_threads(64), 64u);
  const unsigned cores = std::thread::hardware_concurrency();
  EXPECT_EQ(effective_threads(0), cores == 0 ? 1u : cores);
}

TEST(Cli, LongQuietIsShortQ) {
  TempDir d;
  d.write("a.py", kFloat64);
  auto short_q = run_pymemlint("check a.py -q --color never", d.path());
  auto quiet = run_pymemlint("check a.py --quiet --color never", d.path());
  EXPECT_EQ(quiet.exit_code, 1) << quiet.err;
  EXPECT_NE(quiet.out.find("a.py:3:5: MEM301"), std::string::npos) << quiet.out;
  EXPECT_EQ(quiet.out.find("Found"), std::string::npos) << "no summary: " << quiet.out;
  EXPECT_EQ(quiet.out, short_q.out);
}

// As Ruff's --silent: nothing about the findings or the files, and the exit code still tells. What
// is data (a diff, the code fixed from standard input, the -o report) is still written; the command
// line's own mistakes are still said.
TEST(Cli, SilentPrintsNothingButTheExitCodeTells) {
  TempDir d;
  d.write("a.py", kFloat64);
  for (const char* args : {"check a.py -s", "check a.py --silent", "check a.py -s --statistics", "check a.py -s -q",
                           "check a.py -s --output-format json"}) {
    auto r = run_pymemlint(args, d.path());
    EXPECT_EQ(r.exit_code, 1) << args;
    EXPECT_EQ(r.out, "") << args;
    EXPECT_EQ(r.err, "") << args;
  }
  auto missing = run_pymemlint("check a.py missing.py -s", d.path());
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(missing.out + missing.err, "");
  EXPECT_EQ(run_pymemlint("check a.py -s --exit-zero", d.path()).exit_code, 0);

  auto diff = run_pymemlint("check a.py -s --diff --unsafe-fixes", d.path());
  EXPECT_EQ(diff.exit_code, 1);
  EXPECT_NE(diff.out.find("+x = np.zeros((200_000, 512), dtype=np.float32)"), std::string::npos) << diff.out;
  EXPECT_EQ(diff.err, "") << "no \"Would fix\" line";

  auto fixed = run_pymemlint("check -s --fix --unsafe-fixes --stdin-filename a.py", d.path(), kFloat64);
  EXPECT_EQ(fixed.exit_code, 0) << fixed.err;
  EXPECT_EQ(fixed.out, "import numpy as np\n\nx = np.zeros((200_000, 512), dtype=np.float32)\n");
  EXPECT_EQ(fixed.err, "");

  auto file = run_pymemlint("check a.py -s -o report.txt --output-format concise", d.path());
  EXPECT_EQ(file.exit_code, 1);
  EXPECT_EQ(file.out + file.err, "");
  EXPECT_NE(d.read("report.txt").find("a.py:3:5: MEM301"), std::string::npos);

  auto misuse = run_pymemlint("check a.py -s --statistics --output-format github", d.path());
  EXPECT_EQ(misuse.exit_code, 2);
  EXPECT_NE(misuse.err.find("--statistics supports"), std::string::npos) << misuse.err;
}

// MEM402's fix inside a function is safe: plain --fix applies it, and nothing remains (exit 0).
TEST(Cli, PlainFixAppliesASafeFix) {
  TempDir d;
  const std::string body = "    total = 0.0\n    for i in indices:\n        total += model.predict_one(i)\n    return total\n";
  d.write("a.py", "def iterate(model, n):\n    indices = list(range(n))\n" + body);
  auto r = run_pymemlint("check a.py --fix", d.path());
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(d.read("a.py"), "def iterate(model, n):\n    indices = range(n)\n" + body);
  EXPECT_NE(r.out.find("Found 1 finding (1 fixed, 0 remaining)."), std::string::npos) << r.out;
}

// MEM101's fix inserts a `del` line (a safe fix): the new line ends like the file's others.
TEST(Cli, FixInsertingALineKeepsCrlfAndBom) {
  auto crlf = [](const std::string& lf) { return std::regex_replace(lf, std::regex("\n"), "\r\n"); };
  const std::string head = "import pandas as pd\n\n\ndef seed(path):\n    frame = pd.read_csv(path)\n    cleaned = clean(frame)\n";
  const std::string tail = "    features = featurize(cleaned)\n    return features\n";
  for (const std::string bom : {"", "\xEF\xBB\xBF"}) {
    SCOPED_TRACE(bom.empty() ? "CRLF" : "BOM and CRLF");
    TempDir d;
    d.write("a.py", bom + crlf(head + tail));
    auto r = run_pymemlint("check a.py --fix", d.path());
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    const std::string fixed = d.read("a.py");
    EXPECT_NE(fixed.find("    cleaned = clean(frame)\r\n    del frame\r\n    features"), std::string::npos) << fixed;
    for (size_t i = fixed.find('\n'); i != std::string::npos; i = fixed.find('\n', i + 1))
      EXPECT_TRUE(i > 0 && fixed[i - 1] == '\r') << "bare \\n at byte " << i << " of " << fixed;
    EXPECT_EQ(fixed, bom + crlf(head + "    del frame\n" + tail));
  }
}

// --fix writes a temporary file next to the original and renames it over it.
TEST(Cli, FixReplacesTheFileByRenameAndKeepsItsMode) {
  TempDir d;
  auto p = d.write("a.py", kFloat64);
  ::chmod(p.c_str(), 0640);
  struct stat before {};
  ASSERT_EQ(::stat(p.c_str(), &before), 0);
  auto r = run_pymemlint("check a.py --fix --unsafe-fixes", d.path());
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(d.read("a.py"), "import numpy as np\n\nx = np.zeros((200_000, 512), dtype=np.float32)\n");
  struct stat after {};
  ASSERT_EQ(::stat(p.c_str(), &after), 0);
  EXPECT_NE(after.st_ino, before.st_ino) << "a new file renamed over the old one, not a rewrite in place";
  EXPECT_EQ(after.st_mode & 07777, 0640u);
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(d.path())) names.push_back(e.path().filename().string());
  EXPECT_EQ(names, std::vector<std::string>{"a.py"}) << "no temporary file is left behind";
}

// Columns count Unicode characters (𝔘 is one character, four bytes, two UTF-16 units), for the
// end of a finding and for its fix's edits too.
TEST(Cli, JsonEndAndFixColumnsCountCharacters) {
  const std::string line = "données = 'é→𝔘'; x = np.zeros((1000, 1000))";
  const std::u32string chars = U"données = 'é→𝔘'; x = np.zeros((1000, 1000))";
  ASSERT_GT(line.size(), chars.size());
  TempDir d;
  d.write("a.py", "import numpy as np\n" + line + "\n");
  auto r = run_pymemlint("check a.py --output-format json", d.path());
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j.size(), 1u) << r.out;
  const auto& f = j[0];
  EXPECT_EQ(f["location"], (nlohmann::json{{"row", 2}, {"column", chars.find(U"np.zeros") + 1}}));
  EXPECT_EQ(f["end_location"], (nlohmann::json{{"row", 2}, {"column", chars.size() + 1}}));
  ASSERT_EQ(f["fix"]["edits"].size(), 1u) << r.out;
  const auto& edit = f["fix"]["edits"][0];
  EXPECT_EQ(edit["content"], ", dtype=np.float32");
  const nlohmann::json before_last_paren{{"row", 2}, {"column", chars.rfind(U')') + 1}};
  EXPECT_EQ(edit["location"], before_last_paren);
  EXPECT_EQ(edit["end_location"], before_last_paren);
}

TEST(Cli, MissingPathIsExitTwoAndTheRestIsStillLinted) {
  TempDir d;
  d.write("a.py", kFloat64);
  auto r = run_pymemlint("check missing.py a.py", d.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("missing.py"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("a.py:3:5: MEM301"), std::string::npos) << r.out;
}

// A failed run did not pass: the error is on standard error and no "All checks passed!" follows.
TEST(Cli, FailedRunDoesNotSayAllChecksPassed) {
  TempDir d;
  d.write("ok.py", kClean);
  auto r = run_pymemlint("check missing.py", d.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("missing.py"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
  r = run_pymemlint("check missing.py ok.py --fix", d.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  // Findings are still counted as usual.
  d.write("a.py", kFloat64);
  r = run_pymemlint("check missing.py a.py --output-format concise", d.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("Found 1 finding."), std::string::npos) << r.out;

  TempDir c;
  c.write("pyproject.toml", "[tool.pymemlint]\nselct = [\"MEM3\"]\n");
  c.write("ok.py", kClean);
  r = run_pymemlint("check ok.py", c.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("selct"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
}

TEST(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(run_pymemlint("check --output-format xml", PML_SOURCE_DIR).exit_code, 2);
  EXPECT_EQ(run_pymemlint("check --no-such-flag", PML_SOURCE_DIR).exit_code, 2);
  EXPECT_EQ(run_pymemlint("frobnicate", PML_SOURCE_DIR).exit_code, 2);
  EXPECT_EQ(run_pymemlint("check --threads 0", PML_SOURCE_DIR).exit_code, 2);
}

TEST(Cli, ConfigurationInPyprojectApplies) {
  TempDir d;
  d.write("pyproject.toml", "[tool.pymemlint]\nignore = [\"MEM301\"]\n");
  d.write("src/a.py", kFloat64);
  auto r = run_pymemlint("check src", d.path());
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  // --select on the command line replaces the configuration's selection.
  EXPECT_EQ(run_pymemlint("check src --select MEM301", d.path()).exit_code, 1);
}

TEST(Cli, NearestConfigurationWins) {
  TempDir d;
  d.write("pyproject.toml", "[tool.pymemlint]\nignore = [\"MEM301\"]\n");
  d.write("sub/pymemlint.toml", "min-bytes = 0\n");
  d.write("sub/a.py", kClean);  // np.zeros(3): 24 bytes, reported only with min-bytes = 0
  d.write("b.py", kClean);
  auto r = run_pymemlint("check . --output-format concise -q", d.path());
  EXPECT_NE(r.out.find("sub/a.py:3:5: MEM301"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("b.py"), std::string::npos) << r.out;
}

TEST(Cli, PerFileIgnores) {
  TempDir d;
  d.write("pymemlint.toml", "[per-file-ignores]\n\"tests/*\" = [\"MEM3\"]\n");
  d.write("tests/t.py", kFloat64);
  d.write("src/s.py", kFloat64);
  auto r = run_pymemlint("check . --output-format concise -q", d.path());
  EXPECT_EQ(r.out.find("tests/t.py"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("src/s.py"), std::string::npos) << r.out;
}

TEST(Cli, GlobstarAndBracesInConfiguration) {
  TempDir d;
  d.write("pymemlint.toml", "extend-exclude = [\"**/gen/*.py\"]\n[per-file-ignores]\n\"{tests,bench}/**/*.py\" = [\"MEM3\"]\n");
  d.write("tests/t.py", kFloat64);
  d.write("bench/x/b.py", kFloat64);
  d.write("gen/g.py", kFloat64);
  d.write("src/s.py", kFloat64);
  auto r = run_pymemlint("check . --output-format concise -q", d.path());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.out.find("tests/t.py"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("bench/x/b.py"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("gen/g.py"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("src/s.py"), std::string::npos) << r.out;

  // The command line splits patterns at commas, as Ruff's does: `{a,b}` there is two broken globs.
  auto split = run_pymemlint("check . --extend-exclude '{src,gen}'", d.path());
  EXPECT_EQ(split.exit_code, 2);
  EXPECT_NE(split.err.find("invalid glob `{src` in `--extend-exclude`"), std::string::npos) << split.err;
}

// As in Ruff, the patterns of a file given with --config are relative to the cwd.
TEST(Cli, ConfigOptionPatternsAreRelativeToTheCwd) {
  TempDir d;
  d.write("shared/custom.toml", "extend-exclude = [\"gen/*.py\"]\n[per-file-ignores]\n\"tests/*\" = [\"MEM3\"]\n");
  d.write("proj/tests/t.py", kFloat64);
  d.write("proj/gen/g.py", kFloat64);
  d.write("proj/src/s.py", kFloat64);
  auto r = run_pymemlint("check --config ../shared/custom.toml --output-format concise -q", d.path() / "proj");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.out.rfind("src/s.py:3:5: MEM301 ", 0), 0u) << r.out;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
}

// As in Ruff, --config takes a configuration file or a TOML `KEY = VALUE` overriding one option
// of every configuration; it may be repeated, with one file at most.
TEST(Cli, ConfigOptionTakesKeyValueOverrides) {
  TempDir d;
  d.write("a.py", kFloat64);
  d.write("pymemlint.toml", "min-bytes = 1\n");
  auto r = run_pymemlint("check --config 'ignore = [\"MEM301\"]' a.py", d.path());
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.out, "All checks passed!\n");
  d.write("shared.toml", "ignore = [\"MEM301\"]\n");
  r = run_pymemlint("check a.py --config shared.toml --config 'extend-select = [\"MEM301\"]' -q "
                    "--output-format concise", d.path());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.out.rfind("a.py:3:5: MEM301 ", 0), 0u) << r.out;
  r = run_pymemlint("check a.py --config 'nope = 1'", d.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "error: --config `nope = 1`: unknown key `nope`\n");
  EXPECT_EQ(r.out, "");
  r = run_pymemlint("check a.py --config shared.toml --config pymemlint.toml", d.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("only one configuration file may be given with --config"), std::string::npos) << r.err;
}

TEST(Cli, ExtendInConfiguration) {
  TempDir d;
  d.write("shared/pymemlint.toml", "ignore = [\"MEM301\"]\n");
  d.write("proj/pymemlint.toml", "extend = \"../shared/pymemlint.toml\"\n");
  d.write("proj/a.py", kFloat64);
  auto r = run_pymemlint("check proj", d.path());
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.out, "All checks passed!\n");
  // Not as --config KEY=VALUE, as in Ruff.
  r = run_pymemlint("check proj --config 'extend = \"shared/pymemlint.toml\"'", d.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("`extend` cannot be given as KEY=VALUE"), std::string::npos) << r.err;
}

TEST(Cli, ConfigurationErrorsNameFileAndKeyAndExitTwo) {
  TempDir d;
  d.write("pyproject.toml", "[tool.pymemlint]\nselct = [\"MEM3\"]\n");
  d.write("a.py", kFloat64);
  auto r = run_pymemlint("check a.py", d.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("pyproject.toml"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("selct"), std::string::npos) << r.err;

  d.write("pyproject.toml", "[tool.pymemlint]\nmin-bytes = \"big\"\n");
  r = run_pymemlint("check a.py", d.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("min-bytes"), std::string::npos) << r.err;

  d.write("pyproject.toml", "[tool.pymemlint\n");
  r = run_pymemlint("check a.py", d.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("pyproject.toml"), std::string::npos) << r.err;

  auto explicit_config = run_pymemlint("check a.py --config nowhere.toml", d.path());
  EXPECT_EQ(explicit_config.exit_code, 2);
  EXPECT_NE(explicit_config.err.find("nowhere.toml"), std::string::npos) << explicit_config.err;
}

TEST(Cli, NoqaSuppresses) {
  TempDir d;
  d.write("a.py", "import numpy as np\nx = np.ones(n)  # noqa: MEM301\ny = np.ones(n)  # noqa: MEM303\n");
  d.write("b.py", "# pymemlint: noqa\nimport numpy as np\nx = np.ones(n)\n");
  auto r = run_pymemlint("check . --output-format concise -q", d.path());
  EXPECT_EQ(r.out, "a.py:3:5: MEM301 `np.ones` creates a float64 array because no dtype is given; pass "
                   "`dtype=np.float32` to halve it if float32 precision is enough\n");
}

TEST(Cli, SyntaxErrorIsE999AndOtherFilesAreStillLinted) {
  TempDir d;
  d.write("bad.py", "import numpy as np\nx = np.ones(n\n");
  d.write("good.py", kFloat64);
  auto r = run_pymemlint("check . --output-format concise -q", d.path());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(bad\.py:\d+:\d+: E999 SyntaxError)"))) << r.out;
  EXPECT_EQ(r.out.find("bad.py:2:5: MEM301"), std::string::npos) << "rules are skipped on a file that does not parse";
  EXPECT_NE(r.out.find("good.py:3:5: MEM301"), std::string::npos) << r.out;
}

TEST(Cli, BadBytesAreE902AndTheRunGoesOn) {
  TempDir d;
  d.write("binary.py", std::string("x = 1\0\0\0", 8));
  d.write("latin.py", "name = 'caf\xe9'\n");
  d.write("bom_latin.py", "\xEF\xBB\xBF# coding: latin-1\nx = 1\n");
  d.write("good.py", kFloat64);
  auto r = run_pymemlint("check . --output-format concise -q", d.path());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("binary.py:1:1: E902 binary file"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("latin.py:1:1: E902 file is not valid UTF-8"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("bom_latin.py:1:1: E902 file starts with a UTF-8 byte order mark but declares the encoding "
                       "`latin-1`"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("good.py:3:5: MEM301"), std::string::npos) << r.out;
}

// Rows are 1-based: an E902 finding sits at 1:1 and its noqa row is 1, as in Ruff.
TEST(Cli, E902NoqaRowIsOne) {
  TempDir d;
  d.write("latin.py", "name = 'caf\xe9'\n");
  auto r = run_pymemlint("check latin.py --output-format json", d.path());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  const auto findings = nlohmann::json::parse(r.out);
  ASSERT_EQ(findings.size(), 1u) << r.out;
  EXPECT_EQ(findings[0]["code"], "E902");
  EXPECT_EQ(findings[0]["noqa_row"], 1);
  EXPECT_EQ(findings[0]["location"]["row"], 1);
}

// As root, pymemlint runs as nobody here (permission bits do not stop root's reads).
TEST(Cli, UnreadableFileIsE902) {
  if (std::string why = why_permission_tests_cannot_run(); !why.empty()) GTEST_SKIP() << why;
  TempDir d;
  auto p = d.write("secret.py", kFloat64);
  d.write("good.py", kFloat64);
  open_tree_to_everyone(d.path());
  ::chmod(p.c_str(), 0);
  auto r = run_pymemlint_unprivileged("check secret.py good.py --output-format concise -q", d.path());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("secret.py:1:1: E902 cannot read the file: Permission denied"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("good.py:3:5: MEM301"), std::string::npos) << r.out;
}

TEST(Cli, AwkwardButValidInputDoesNotCrash) {
  TempDir d;
  d.write("empty.py", "");
  d.write("bom.py", "\xEF\xBB\xBFimport numpy as np\nx = np.ones(n)\n");
  d.write("crlf.py", "import numpy as np\r\nx = np.ones(n)\r\n");
  d.write("tabs.py", "import numpy as np\nif True:\n\tx = np.ones(n)\n");
  d.write("unicode.py", "import numpy as np\ndonnées_π = np.ones(n)\n");
  // Python takes 200 brackets open at once, and refuses more: a syntax error, not a crash.
  d.write("deep.py", "x = " + std::string(200, '(') + "1" + std::string(200, ')') + "\n");
  d.write("deeper.py", "x = " + std::string(10000, '(') + "1" + std::string(10000, ')') + "\n");
  // 8 MB of statements (about 170,000 lines): a big tree. Trees cost about 70 bytes of memory per
  // byte of source, so 50 MB peaked at 3.5 GB; the 100 MB file of test_hostile.cpp is mostly one token.
  std::string big;
  big.reserve(9 << 20);
  while (big.size() < (8u << 20)) big += "value = compute(alpha, beta) + 1  # filler line\n";
  d.write("big.py", big + "import numpy as np\nx = np.ones(n)\n");
  auto r = run_pymemlint("check . --output-format concise -q", d.path());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("bom.py:2:5: MEM301"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("crlf.py:2:5: MEM301"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("tabs.py:3:6: MEM301"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("unicode.py:2:13: MEM301"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("big.py:"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("empty.py"), std::string::npos);
  EXPECT_EQ(r.out.find("deep.py"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("deeper.py:1:205: E999 SyntaxError: too many nested parentheses"), std::string::npos) << r.out;
}

TEST(Cli, FixWritesSafeFixesOnlyUnlessUnsafeIsAllowed) {
  TempDir d;
  d.write("a.py", kFloat64);
  auto safe_only = run_pymemlint("check a.py --fix", d.path());
  EXPECT_EQ(safe_only.exit_code, 1);
  EXPECT_EQ(d.read("a.py"), kFloat64) << "MEM301's fix is unsafe: --fix alone must not apply it";

  auto r = run_pymemlint("check a.py --fix --unsafe-fixes --show-fixes", d.path());
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(d.read("a.py"), "import numpy as np\n\nx = np.zeros((200_000, 512), dtype=np.float32)\n");
  EXPECT_NE(r.out.find("Found 1 finding (1 fixed, 0 remaining)."), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1 × MEM301 (float64-by-default)"), std::string::npos) << r.out;
}

TEST(Cli, UnsafeFixesFromConfiguration) {
  TempDir d;
  d.write("pyproject.toml", "[tool.pymemlint]\nunsafe-fixes = true\n");
  d.write("a.py", kFloat64);
  EXPECT_EQ(run_pymemlint("check a.py --fix", d.path()).exit_code, 0);
  EXPECT_NE(d.read("a.py").find("dtype=np.float32"), std::string::npos);
}

// `fix = true` in the current directory's configuration applies the safe fixes without --fix, as in
// Ruff; --no-fix turns it off again, and --fix with --no-fix is a usage error.
TEST(Cli, FixFromTheCurrentDirectorysConfiguration) {
  TempDir d;
  const std::string range = kListOfRange;
  d.write("pyproject.toml", "[tool.pymemlint]\nfix = true\n");
  d.write("a.py", range);
  auto off = run_pymemlint("check --no-fix a.py", d.path());
  EXPECT_EQ(off.exit_code, 1) << off.out << off.err;
  EXPECT_EQ(d.read("a.py"), range);
  auto on = run_pymemlint("check a.py", d.path());
  EXPECT_EQ(on.exit_code, 0) << on.out << on.err;
  EXPECT_NE(d.read("a.py"), range);
  EXPECT_NE(on.out.find("1 fixed"), std::string::npos) << on.out;
  auto both = run_pymemlint("check --fix --no-fix a.py", d.path());
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_EQ(both.err, "error: --fix and --no-fix cannot be used together\n");
  // Also as a --config override.
  TempDir e;
  e.write("a.py", range);
  EXPECT_EQ(run_pymemlint("check --config fix=true a.py", e.path()).exit_code, 0);
  EXPECT_NE(e.read("a.py"), range);
}

// As in Ruff, `fix`, `show-fixes` and `output-format` are read from the current directory's
// configuration only: a nested one's do not apply to the files below it.
TEST(Cli, RunOptionsOfANestedConfigurationDoNotApply) {
  TempDir d;
  const std::string range = kListOfRange;
  d.write("sub/pyproject.toml", "[tool.pymemlint]\nfix = true\noutput-format = \"json\"\n");
  d.write("sub/a.py", range);
  auto r = run_pymemlint("check sub/a.py", d.path());
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_EQ(d.read("sub/a.py"), range);
  EXPECT_EQ(r.out.find("\"code\""), std::string::npos) << r.out;
  // Run from that directory, they do.
  auto inside = run_pymemlint("check a.py", d.path() / "sub");
  EXPECT_EQ(inside.exit_code, 0) << inside.out << inside.err;
  EXPECT_NE(d.read("sub/a.py"), range);
  EXPECT_EQ(inside.out, "[]\n");
}

// `output-format` and `show-fixes` from the configuration; the flags override them.
TEST(Cli, OutputFormatAndShowFixesFromConfiguration) {
  TempDir d;
  d.write("pymemlint.toml", "output-format = \"concise\"\nshow-fixes = true\n");
  d.write("a.py", kFloat64);
  auto concise = run_pymemlint("check a.py", d.path());
  EXPECT_EQ(concise.exit_code, 1);
  EXPECT_EQ(concise.out.find("help:"), std::string::npos) << concise.out;
  EXPECT_NE(concise.out.find("a.py:3:5: MEM301"), std::string::npos) << concise.out;
  auto full = run_pymemlint("check --output-format full a.py", d.path());
  EXPECT_NE(full.out.find("help:"), std::string::npos) << full.out;

  auto fixed = run_pymemlint("check --fix --unsafe-fixes a.py", d.path());
  EXPECT_EQ(fixed.exit_code, 0) << fixed.out << fixed.err;
  EXPECT_NE(fixed.out.find("1 × MEM301 (float64-by-default)"), std::string::npos) << fixed.out;
  d.write("a.py", kFloat64);
  auto quiet = run_pymemlint("check --fix --unsafe-fixes --no-show-fixes a.py", d.path());
  EXPECT_EQ(quiet.out.find("1 × MEM301"), std::string::npos) << quiet.out;
}

// `fix-only` from the configuration, as Ruff's: fix, report only what was fixed, exit 0; the flags
// override it, and --show-settings shows it.
TEST(Cli, FixOnlyFromConfiguration) {
  TempDir d;
  d.write("pymemlint.toml", "fix-only = true\n");
  d.write("a.py", kListOfRange);
  d.write("b.py", kFloat64);  // an unsafe fix only: left, and not reported
  auto fixed = run_pymemlint("check a.py b.py", d.path());
  EXPECT_EQ(fixed.exit_code, 0) << fixed.out << fixed.err;
  EXPECT_NE(d.read("a.py"), kListOfRange);
  EXPECT_EQ(fixed.out.find("MEM301"), std::string::npos) << fixed.out;
  EXPECT_NE(fixed.out.find("Fixed 1 finding"), std::string::npos) << fixed.out;

  d.write("a.py", kListOfRange);
  auto reported = run_pymemlint("check --no-fix-only a.py b.py", d.path());
  EXPECT_EQ(reported.exit_code, 1) << reported.out << reported.err;
  EXPECT_EQ(d.read("a.py"), kListOfRange);
  EXPECT_NE(reported.out.find("MEM301"), std::string::npos) << reported.out;

  auto settings = run_pymemlint("check --show-settings a.py", d.path());
  EXPECT_NE(settings.out.find("\nfix-only = true"), std::string::npos) << settings.out;
  EXPECT_EQ(run_pymemlint("check --fix-only --no-fix-only a.py", d.path()).exit_code, 2);
  d.write("pymemlint.toml", "fix-only = 1\n");
  auto bad = run_pymemlint("check a.py", d.path());
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("fix-only"), std::string::npos) << bad.err;
}

// A bad value names the file and the key; a broken configuration in the current directory is an
// error (once) even when the paths lie elsewhere, since its run options would be read; the other
// files are still linted.
TEST(Cli, RunOptionsInConfigurationAreChecked) {
  TempDir d;
  d.write("pyproject.toml", "[tool.pymemlint]\noutput-format = \"yaml\"\n");
  d.write("a.py", kClean);
  auto r = run_pymemlint("check a.py", d.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("pyproject.toml: `tool.pymemlint.output-format` must be one of \"full\", \"concise\""),
            std::string::npos) << r.err;
  EXPECT_NE(r.err.find("got \"yaml\""), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("error:"), r.err.rfind("error:")) << r.err;
  TempDir other;
  other.write("c.py", kFloat64);
  auto elsewhere = run_pymemlint("check " + other.path().string(), d.path());
  EXPECT_EQ(elsewhere.exit_code, 2) << elsewhere.out;
  EXPECT_NE(elsewhere.err.find("`tool.pymemlint.output-format` must be one of"), std::string::npos) << elsewhere.err;
  EXPECT_EQ(elsewhere.err.find("error:"), elsewhere.err.rfind("error:")) << elsewhere.err;
  EXPECT_NE(elsewhere.out.find("c.py:3:5: MEM301"), std::string::npos) << elsewhere.out;
  d.write("pyproject.toml", "[tool.pymemlint]\nfix = \"yes\"\n");
  auto b = run_pymemlint("check a.py", d.path());
  EXPECT_EQ(b.exit_code, 2);
  EXPECT_NE(b.err.find("`tool.pymemlint.fix` must be a boolean, got string"), std::string::npos) << b.err;
}

// When the current directory's configuration is invalid, the command line still decides the run
// options: a --config KEY=VALUE as well as the flags.
TEST(Cli, RunOptionsFromTheCommandLineOutliveABrokenConfiguration) {
  TempDir d;
  d.write("pymemlint.toml", "bogus = 1\n");
  TempDir other;
  other.write("a.py", kFloat64);
  auto r = run_pymemlint("check --config 'output-format = \"concise\"' " + other.path().string(), d.path());
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("unknown key `bogus`"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("a.py:3:5: MEM301"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("help:"), std::string::npos) << r.out;
}

// As in Ruff, with --stdin-filename the run options come from the configuration that governs that
// name (Ruff looks for it upward from the name), not from the current directory's.
TEST(Cli, RunOptionsForStandardInputComeFromItsConfiguration) {
  TempDir d;
  d.write("sub/pyproject.toml", "[tool.pymemlint]\noutput-format = \"concise\"\n");
  auto r = run_pymemlint("check --stdin-filename sub/a.py", d.path(), kFloat64);
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("sub/a.py:3:5: MEM301"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("help:"), std::string::npos) << r.out;
  // And the current directory's do not apply to a name below another configuration.
  d.write("pyproject.toml", "[tool.pymemlint]\nfix = true\n");
  auto unfixed = run_pymemlint("check --unsafe-fixes --stdin-filename sub/a.py", d.path(), kFloat64);
  EXPECT_EQ(unfixed.exit_code, 1) << unfixed.out << unfixed.err;
  EXPECT_EQ(unfixed.out.find("x = np.zeros((200_000, 512), dtype=np.float32)"), std::string::npos) << unfixed.out;
  EXPECT_NE(unfixed.out.find("sub/a.py:3:5: MEM301"), std::string::npos) << unfixed.out;
}

// --show-settings shows the run options with their flags over the configuration, as Ruff's does.
TEST(Cli, ShowSettingsShowsTheRunOptionsFlags) {
  TempDir d;
  d.write("pymemlint.toml", "fix = true\noutput-format = \"json\"\n");
  d.write("a.py", kClean);
  auto plain = run_pymemlint("check --show-settings a.py", d.path());
  EXPECT_NE(plain.out.find("\nfix = true"), std::string::npos) << plain.out;
  EXPECT_NE(plain.out.find("\noutput-format = \"json\""), std::string::npos) << plain.out;
  auto r = run_pymemlint("check --show-settings --no-fix --show-fixes --output-format concise a.py", d.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\nfix = false"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\nshow-fixes = true"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\noutput-format = \"concise\""), std::string::npos) << r.out;
}

// As in Ruff, the run options of the current directory's configuration include what it `extend`s,
// and its `output-format` is also the format of --statistics.
TEST(Cli, RunOptionsComeThroughExtendAndApplyToStatistics) {
  TempDir d;
  const std::string range = kListOfRange;
  d.write("shared/base.toml", "fix = true\noutput-format = \"json\"\n");
  d.write("pymemlint.toml", "extend = \"shared/base.toml\"\n");
  d.write("a.py", range);
  auto stats = run_pymemlint("check --no-fix --statistics a.py", d.path());
  EXPECT_EQ(stats.exit_code, 1) << stats.out << stats.err;
  EXPECT_NE(stats.out.find("\"code\": \"MEM402\""), std::string::npos) << stats.out;
  auto fixed = run_pymemlint("check a.py", d.path());
  EXPECT_EQ(fixed.exit_code, 0) << fixed.out << fixed.err;
  EXPECT_EQ(fixed.out, "[]\n");
  EXPECT_NE(d.read("a.py"), range);
}

// --isolated reads no configuration file, as in Ruff: not the one found upward (even a broken one),
// not a --config FILE (an error), but --config KEY=VALUE still applies.
TEST(Cli, IsolatedReadsNoConfigurationFile) {
  TempDir d;
  d.write("pyproject.toml", "[tool.pymemlint]\nignore = [\"MEM301\"]\n");
  d.write("a.py", kFloat64);
  EXPECT_EQ(run_pymemlint("check a.py", d.path()).exit_code, 0);
  auto r = run_pymemlint("check --isolated --output-format concise a.py", d.path());
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("a.py:3:5: MEM301"), std::string::npos) << r.out;
  EXPECT_EQ(run_pymemlint("check --isolated --config 'ignore = [\"MEM3\"]' a.py", d.path()).exit_code, 0);
  auto file = run_pymemlint("check --isolated --config pyproject.toml a.py", d.path());
  EXPECT_EQ(file.exit_code, 2);
  EXPECT_EQ(file.err,
            "error: --config `pyproject.toml` cannot be used with --isolated, which reads no configuration file "
            "(give single options as --config KEY=VALUE)\n");
  d.write("pyproject.toml", "[tool.pymemlint]\nbogus = 1\n");
  EXPECT_EQ(run_pymemlint("check a.py", d.path()).exit_code, 2);
  auto broken = run_pymemlint("check --isolated a.py", d.path());
  EXPECT_EQ(broken.exit_code, 1) << broken.err;
  EXPECT_EQ(broken.err, "");
  auto shown = run_pymemlint("check --isolated --show-settings a.py", d.path());
  EXPECT_NE(shown.out.find("Settings path: none (the defaults)"), std::string::npos) << shown.out;
}

// --isolated reads no configuration anywhere below either: not a nested one, and not the current
// directory's run options (`fix = true` fixes nothing).
TEST(Cli, IsolatedReadsNoNestedConfigurationNorRunOptions) {
  TempDir d;
  const std::string range = kListOfRange;
  d.write("pyproject.toml", "[tool.pymemlint]\nfix = true\n");
  d.write("sub/pymemlint.toml", "ignore = [\"MEM402\"]\n");
  d.write("sub/a.py", range);
  auto r = run_pymemlint("check --isolated --output-format concise sub/a.py", d.path());
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("sub/a.py:2:10: MEM402"), std::string::npos) << r.out;
  EXPECT_EQ(d.read("sub/a.py"), range);
}

// `unsafe-fixes = true` in the configuration makes a file's unsafe fixes applicable, so a plain
// check marks them `[*]`, counts them as fixable and hides none, as `--unsafe-fixes` does (and as
// Ruff's summary does); `--no-unsafe-fixes` still overrides it.
TEST(Cli, UnsafeFixesFromConfigurationInTheSummary) {
  TempDir d;
  d.write("pyproject.toml", "[tool.pymemlint]\nunsafe-fixes = true\n");
  d.write("a.py", kFloat64);
  auto r = run_pymemlint("check a.py --color never", d.path());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("a.py:3:5: MEM301 [*] "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Found 1 finding (1 fixable with --fix).\n"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("--unsafe-fixes"), std::string::npos) << r.out;
  r = run_pymemlint("check a.py --statistics --color never", d.path());
  EXPECT_EQ(r.out, "1\tMEM301\t[*] float64-by-default\n");
  r = run_pymemlint("check a.py --no-unsafe-fixes --color never", d.path());
  EXPECT_EQ(r.out.find("MEM301 [*]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Found 1 finding.\n(1 hidden fix can be enabled with the --unsafe-fixes option.)"),
            std::string::npos)
      << r.out;
  // Each file as its own configuration says: one project allows them, the other does not.
  d.write("other/pymemlint.toml", "unsafe-fixes = false\n");
  d.write("other/b.py", kFloat64);
  r = run_pymemlint("check a.py other/b.py --output-format concise", d.path());
  EXPECT_NE(r.out.find("a.py:3:5: MEM301 [*] "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("other/b.py:3:5: MEM301 `np"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Found 2 findings (1 fixable with --fix).\n(1 hidden fix can be enabled with the "
                       "--unsafe-fixes option.)\n"),
            std::string::npos)
      << r.out;
}

// A file name that is not UTF-8 is shown with U+FFFD for its bad bytes in the human formats too,
// as the machine formats already did (and as Ruff shows such paths).
TEST(Cli, NonUtf8FileNameIsShownAsValidUtf8) {
  TempDir d;
  d.write("caf\xE9.py", kFloat64);
  for (const char* format : {"full", "concise"}) {
    auto r = run_pymemlint(std::string("check . --color never --output-format ") + format, d.path());
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.out.find("caf\xEF\xBF\xBD.py:3:5: MEM301"), std::string::npos) << format << "\n" << r.out;
    EXPECT_EQ(r.out.find("caf\xE9"), std::string::npos) << format;
  }
  auto r = run_pymemlint("check . --fix --unsafe-fixes --show-fixes --color never", d.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("- caf\xEF\xBF\xBD.py:\n"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("caf\xE9"), std::string::npos) << r.out;
}

TEST(Cli, FixKeepsModeBomAndCrlf) {
  TempDir d;
  auto p = d.write("a.py", "\xEF\xBB\xBFimport numpy as np\r\nx = np.ones(\r\n    n,\r\n)\r\n");
  ::chmod(p.c_str(), 0751);
  auto r = run_pymemlint("check a.py --fix --unsafe-fixes", d.path());
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(d.read("a.py"), "\xEF\xBB\xBFimport numpy as np\r\nx = np.ones(\r\n    n, dtype=np.float32,\r\n)\r\n");
  struct stat st {};
  ::stat(p.c_str(), &st);
  EXPECT_EQ(st.st_mode & 07777, 0751u);
}

TEST(Cli, FixOnAReadOnlyFileIsAClearErrorAndLeavesItAlone) {
  TempDir d;
  auto p = d.write("a.py", kFloat64);
  ::chmod(p.c_str(), 0444);
  auto r = run_pymemlint("check a.py --fix --unsafe-fixes --output-format concise", d.path());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("E902 cannot write fixes: the file is read-only"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("MEM301"), std::string::npos) << "the unfixed finding is still reported";
  EXPECT_EQ(d.read("a.py"), kFloat64);
}

TEST(Cli, DiffShowsFixesAndWritesNothing) {
  TempDir d;
  d.write("a.py", kFloat64);
  auto r = run_pymemlint("check a.py --diff --unsafe-fixes", d.path());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("--- a.py\n+++ a.py\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("-x = np.zeros((200_000, 512))\n+x = np.zeros((200_000, 512), dtype=np.float32)\n"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(d.read("a.py"), kFloat64);
  d.write("b.py", kClean);
  EXPECT_EQ(run_pymemlint("check b.py --diff", d.path()).exit_code, 0);
}

// --add-noqa writes a directive for each line with findings, on the row a `# noqa` must be on,
// extending a directive already there; the result reports nothing and says how many went in.
TEST(Cli, AddNoqaSilencesEveryFindingInPlace) {
  TempDir d;
  const std::string before =
      "import numpy as np\n"
      "\n"
      "N = 100_000_000\n"
      "a = np.zeros(N)\n"
      "b = np.zeros(N)  # a comment\n"
      "c = np.zeros(N)  # noqa: MEM999\n"
      "e = np.ones(N) + \\\n"
      "    np.ones(N)\n"
      "s = f\"\"\"{np.zeros(N)}\n"
      "\"\"\"\n"
      "clean = 1\n";
  d.write("a.py", before);
  d.write("crlf.py", "import numpy as np\r\na = np.zeros(100_000_000)\r\n");
  auto r = run_pymemlint("check --add-noqa .", d.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "Added 6 noqa directives.\n");
  EXPECT_EQ(d.read("a.py"),
            "import numpy as np\n"
            "\n"
            "N = 100_000_000\n"
            "a = np.zeros(N)  # noqa: MEM301\n"
            "b = np.zeros(N)  # a comment  # noqa: MEM301\n"
            "c = np.zeros(N)  # noqa: MEM999, MEM301\n"
            "e = np.ones(N) + \\\n"
            "    np.ones(N)  # noqa: MEM301\n"
            "s = f\"\"\"{np.zeros(N)}\n"
            "\"\"\"  # noqa: MEM301\n"
            "clean = 1\n");
  EXPECT_EQ(d.read("crlf.py"), "import numpy as np\r\na = np.zeros(100_000_000)  # noqa: MEM301\r\n");
  auto again = run_pymemlint("check .", d.path());
  EXPECT_EQ(again.exit_code, 0) << again.out;
  // Nothing left to add: the files stay as they are, and nothing is said.
  auto twice = run_pymemlint("check --add-noqa .", d.path());
  EXPECT_EQ(twice.exit_code, 0);
  EXPECT_EQ(twice.err, "");
  EXPECT_NE(d.read("a.py").find("# noqa: MEM999, MEM301\n"), std::string::npos);
}

// In a CRLF file a comment's node ends past the line's "\r": the directive still goes before the
// line end, and an empty `# noqa:` list takes the codes with no stray comma.
TEST(Cli, AddNoqaAfterACommentInACrlfFile) {
  TempDir d;
  d.write("a.py",
          "import numpy as np\r\n"
          "a = np.zeros(100_000_000)  # a comment\r\n"
          "b = np.zeros(100_000_000)  # noqa:\r\n"
          "c = np.zeros(100_000_000)  # noqa: E501\r\n");
  auto r = run_pymemlint("check --add-noqa a.py", d.path());
  EXPECT_EQ(r.err, "Added 3 noqa directives.\n");
  EXPECT_EQ(d.read("a.py"),
            "import numpy as np\r\n"
            "a = np.zeros(100_000_000)  # a comment  # noqa: MEM301\r\n"
            "b = np.zeros(100_000_000)  # noqa: MEM301\r\n"
            "c = np.zeros(100_000_000)  # noqa: E501, MEM301\r\n");
  EXPECT_EQ(run_pymemlint("check a.py", d.path()).exit_code, 0);
}

// Several codes on one row go into one directive, sorted; the rule selection decides which.
TEST(Cli, AddNoqaJoinsTheCodesOfARow) {
  TempDir d;
  const std::string head =
      "import itertools\nfrom multiprocessing import Pool\n\nimport numpy as np\n\n\ndef run():\n"
      "    matrix = np.zeros((10_000, 10_000), dtype=np.float32)\n    with Pool(4) as pool:\n";
  const std::string call = "        return pool.starmap(score, zip(itertools.repeat(matrix, 100), range(100)))";
  d.write("a.py", head + call + "\n");
  auto listed = run_pymemlint("check --output-format concise a.py", d.path());
  ASSERT_NE(listed.out.find("a.py:10:16: MEM503"), std::string::npos) << listed.out;
  ASSERT_NE(listed.out.find("a.py:10:16: MEM504"), std::string::npos) << listed.out;
  EXPECT_EQ(run_pymemlint("check --add-noqa --select MEM504 a.py", d.path()).err, "Added 1 noqa directive.\n");
  EXPECT_EQ(d.read("a.py"), head + call + "  # noqa: MEM504\n");
  d.write("a.py", head + call + "\n");
  EXPECT_EQ(run_pymemlint("check --add-noqa a.py", d.path()).exit_code, 0);
  EXPECT_EQ(d.read("a.py"), head + call + "  # noqa: MEM503, MEM504\n");
}

// Files --add-noqa cannot edit are named, left alone, and do not stop the others.
TEST(Cli, AddNoqaLeavesWhatItCannotEdit) {
  TempDir d;
  d.write("bad.py", "x = (\n");
  d.write("nb.ipynb", R"({"cells": [{"cell_type": "code", "metadata": {}, "execution_count": null, "outputs": [],
    "source": ["import numpy as np\n", "a = np.zeros(100_000_000)\n"]}],
    "metadata": {"language_info": {"name": "python"}}, "nbformat": 4, "nbformat_minor": 5})");
  d.write("ok.py", kFloat64);
  const std::string notebook = d.read("nb.ipynb");
  auto r = run_pymemlint("check --add-noqa .", d.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("warning: bad.py: not changed: it does not parse (E999)\n"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("warning: nb.ipynb: not changed: --add-noqa does not edit notebooks\n"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("Added 1 noqa directive.\n"), std::string::npos) << r.err;
  EXPECT_EQ(d.read("bad.py"), "x = (\n");
  EXPECT_EQ(d.read("nb.ipynb"), notebook);
  EXPECT_NE(d.read("ok.py").find("  # noqa: MEM301\n"), std::string::npos) << d.read("ok.py");
}

TEST(Cli, AddNoqaRefusesOtherModesAndStandardInput) {
  TempDir d;
  d.write("a.py", kFloat64);
  for (const char* other : {"--diff", "--statistics"}) {
    auto r = run_pymemlint(std::string("check --add-noqa a.py ") + other, d.path());
    EXPECT_EQ(r.exit_code, 2) << other;
    EXPECT_EQ(r.err, std::string("error: --add-noqa cannot be used with ") + other + "\n");
  }
  for (const char* input : {"-", "--stdin-filename a.py"}) {
    auto r = run_pymemlint(std::string("check --add-noqa ") + input, d.path(), kFloat64);
    EXPECT_EQ(r.exit_code, 2) << input;
    EXPECT_NE(r.err.find("cannot read standard input"), std::string::npos) << r.err;
  }
  EXPECT_EQ(d.read("a.py"), kFloat64);
  // --fix and --fix-only draw Ruff's warning; the directives are added and nothing is fixed.
  for (const char* fix : {"--fix", "--fix-only"}) {
    d.write("a.py", kFloat64);
    auto r = run_pymemlint(std::string("check --add-noqa --unsafe-fixes a.py ") + fix, d.path());
    EXPECT_EQ(r.exit_code, 0) << fix;
    EXPECT_EQ(r.err, "warning: --fix is incompatible with --add-noqa.\nAdded 1 noqa directive.\n") << fix;
    EXPECT_NE(d.read("a.py").find("  # noqa: MEM301\n"), std::string::npos) << d.read("a.py");
    EXPECT_EQ(d.read("a.py").find("float32"), std::string::npos) << d.read("a.py");
  }
}

// --fix-only fixes and says how many, without reporting what is left; its exit code is 0 unless
// --exit-non-zero-on-fix asks for 1 when something was fixed.
TEST(Cli, FixOnlyReportsOnlyWhatWasFixed) {
  TempDir d;
  const std::string two = std::string(kFloat64) + "y = np.zeros((200_000, 512), dtype=np.float32)\ny = y.astype(np.float32)\n";
  d.write("a.py", two);
  auto held = run_pymemlint("check --fix-only a.py", d.path());
  EXPECT_EQ(held.exit_code, 0);
  EXPECT_EQ(held.out, "No findings fixed (2 fixes available with `--unsafe-fixes`).\n");
  EXPECT_EQ(d.read("a.py"), two);
  auto fixed = run_pymemlint("check --fix-only --unsafe-fixes --show-fixes a.py", d.path());
  EXPECT_EQ(fixed.exit_code, 0);
  EXPECT_EQ(fixed.out.find("a.py:3:"), std::string::npos) << fixed.out;  // no finding is listed
  EXPECT_EQ(fixed.out.find("Found"), std::string::npos) << fixed.out;
  EXPECT_NE(fixed.out.find("Fixed 2 findings.\n"), std::string::npos) << fixed.out;
  EXPECT_NE(fixed.out.find("MEM301"), std::string::npos) << fixed.out;  // --show-fixes' list
  EXPECT_EQ(run_pymemlint("check --fix-only --unsafe-fixes a.py", d.path()).out, "");  // nothing to do
  d.write("a.py", two);
  auto flagged = run_pymemlint("check --fix-only --unsafe-fixes --exit-non-zero-on-fix a.py", d.path());
  EXPECT_EQ(flagged.exit_code, 1);
  EXPECT_EQ(flagged.out, "Fixed 2 findings.\n");
  EXPECT_EQ(run_pymemlint("check --fix-only --unsafe-fixes --exit-non-zero-on-fix a.py", d.path()).exit_code, 0);
  // JSON has nothing to say about fixes: --fix-only prints nothing in it.
  d.write("a.py", two);
  EXPECT_EQ(run_pymemlint("check --fix-only --output-format json a.py", d.path()).out, "");
}

// --exit-non-zero-on-fix: with --fix, 1 when a fix was applied even though nothing remains.
TEST(Cli, ExitNonZeroOnFix) {
  TempDir d;
  d.write("a.py", kFloat64);
  auto plain = run_pymemlint("check --fix --unsafe-fixes a.py", d.path());
  EXPECT_EQ(plain.exit_code, 0) << plain.out;
  d.write("a.py", kFloat64);
  auto flagged = run_pymemlint("check --fix --unsafe-fixes --exit-non-zero-on-fix a.py", d.path());
  EXPECT_EQ(flagged.exit_code, 1) << flagged.out;
  EXPECT_NE(flagged.out.find("Found 1 finding (1 fixed, 0 remaining).\n"), std::string::npos) << flagged.out;
  EXPECT_EQ(run_pymemlint("check --fix --exit-non-zero-on-fix a.py", d.path()).exit_code, 0);  // nothing to fix
  auto both = run_pymemlint("check --exit-zero --exit-non-zero-on-fix a.py", d.path());
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_EQ(both.err, "error: --exit-zero and --exit-non-zero-on-fix cannot be used together\n");
}

TEST(Cli, IgnoreNoqaReportsWhatCommentsSilence) {
  TempDir d;
  d.write("a.py", "# pymemlint: noqa: MEM302\nimport numpy as np\n\nx = np.zeros((200_000, 512))  # noqa: MEM301\n");
  EXPECT_EQ(run_pymemlint("check a.py", d.path()).exit_code, 0);
  auto r = run_pymemlint("check --ignore-noqa --output-format concise a.py", d.path());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("a.py:4:5: MEM301"), std::string::npos) << r.out;
  d.write("b.py", "# pymemlint: noqa\nimport numpy as np\n\nx = np.zeros((200_000, 512))\n");
  EXPECT_NE(run_pymemlint("check --ignore-noqa --output-format concise b.py", d.path()).out.find("b.py:4:5: MEM301"),
            std::string::npos);
  auto add = run_pymemlint("check --add-noqa --ignore-noqa a.py", d.path());
  EXPECT_EQ(add.exit_code, 2);
  EXPECT_EQ(add.err, "error: --add-noqa cannot be used with --ignore-noqa\n");
}

// extend-safe-fixes makes --fix apply an unsafe fix (its title keeps the rule's reason);
// extend-unsafe-fixes keeps a safe one from --fix, and says why.
TEST(Cli, FixSafetyOverridesFromTheConfiguration) {
  TempDir d;
  const std::string zeros = "import numpy as np\n\n\ndef f(n):\n    return np.zeros(n)\n";
  d.write("a.py", zeros);
  d.write("pymemlint.toml", "extend-safe-fixes = [\"MEM301\"]\n");
  auto r = run_pymemlint("check --output-format json a.py", d.path());
  EXPECT_NE(r.out.find("\"applicability\": \"safe\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("(safe by `extend-safe-fixes`; the rule's caveat: float32 precision)"), std::string::npos) << r.out;
  r = run_pymemlint("check --fix a.py", d.path());
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(d.read("a.py"), "import numpy as np\n\n\ndef f(n):\n    return np.zeros(n, dtype=np.float32)\n");

  const std::string range = kListOfRange;
  d.write("b.py", range);
  d.write("pymemlint.toml", "extend-unsafe-fixes = [\"MEM4\"]\n");
  r = run_pymemlint("check --output-format concise b.py", d.path());
  EXPECT_NE(r.out.find("MEM402"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("[*]"), std::string::npos) << r.out;
  r = run_pymemlint("check --fix b.py", d.path());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(d.read("b.py"), range);
  r = run_pymemlint("check --output-format json --unsafe-fixes b.py", d.path());
  EXPECT_NE(r.out.find("(unsafe by `extend-unsafe-fixes`)"), std::string::npos) << r.out;
}

// PML100 is off until selected; it sees which codes silenced something, also when the rule a code
// names is not enabled, and it keeps quiet under --ignore-noqa and a file-level directive.
TEST(Cli, UnusedNoqaIsReportedWhenSelected) {
  TempDir d;
  d.write("a.py",
          "import numpy as np\n\nx = np.zeros((200_000, 512))  # noqa: MEM301\ny = 1  # noqa: MEM301, E501\n"
          "z = 2  # noqa: MEM601\n");
  EXPECT_EQ(run_pymemlint("check a.py", d.path()).exit_code, 0);
  auto r = run_pymemlint("check --extend-select PML100 --output-format concise a.py", d.path());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out,
            "a.py:4:8: PML100 [*] Unused `noqa` directive (unused: `MEM301`)\n"
            "a.py:5:8: PML100 [*] Unused `noqa` directive (unused: `MEM601`)\n"
            "Found 2 findings (2 fixable with --fix).\n");
  // Selected without MEM601, that code is non-enabled; MEM301 still silences the zeros.
  r = run_pymemlint("check --select MEM3,PML --output-format concise a.py", d.path());
  EXPECT_NE(r.out.find("a.py:5:8: PML100 [*] Unused `noqa` directive (non-enabled: `MEM601`)"), std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("a.py:3:"), std::string::npos) << r.out;
  // --ignore-noqa: MEM301 is reported, and no directive is judged.
  r = run_pymemlint("check --extend-select PML100 --ignore-noqa --output-format concise a.py", d.path());
  EXPECT_NE(r.out.find("a.py:3:5: MEM301"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("PML100"), std::string::npos) << r.out;
  // The fix keeps the other tool's code and drops what silences nothing.
  r = run_pymemlint("check --extend-select PML100 --fix a.py", d.path());
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(d.read("a.py"), "import numpy as np\n\nx = np.zeros((200_000, 512))  # noqa: MEM301\ny = 1  # noqa: E501\nz = 2\n");
  // A file-level directive silences it; --add-noqa never adds PML100.
  d.write("b.py", "# pymemlint: noqa: PML100\ny = 1  # noqa: MEM301\n");
  EXPECT_EQ(run_pymemlint("check --extend-select PML100 b.py", d.path()).exit_code, 0);
  d.write("c.py", "y = 1  # noqa: MEM301\n");
  auto add = run_pymemlint("check --extend-select PML100 --add-noqa c.py", d.path());
  EXPECT_EQ(add.exit_code, 0);
  EXPECT_EQ(d.read("c.py"), "y = 1  # noqa: MEM301\n");
}

// -o writes the whole report to a file (its directories made as needed) and nothing to standard
// output; the exit code does not change.
TEST(Cli, OutputFileTakesTheReport) {
  TempDir d;
  d.write("a.py", kFloat64);
  auto expected = run_pymemlint("check --output-format json a.py", d.path());
  auto r = run_pymemlint("check --output-format json -o reports/lint.json a.py", d.path());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(d.read("reports/lint.json"), expected.out);
  d.write("reports/lint.json", "old content that is longer than the new one, to be truncated..........................................................................................................................................");
  EXPECT_EQ(run_pymemlint("check --output-file reports/lint.json --output-format concise a.py", d.path()).out, "");
  EXPECT_EQ(d.read("reports/lint.json"), run_pymemlint("check --output-format concise a.py", d.path()).out);
  d.write("reports/dir/.keep", "");
  auto bad = run_pymemlint("check -o reports/dir a.py", d.path());
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("error: cannot write the report to reports/dir:"), std::string::npos) << bad.err;
}

// As in Ruff, -o's file is never coloured, even when standard output is a terminal, and it takes
// the --show-files list too.
TEST(Cli, OutputFileIsUncolouredAndTakesTheFileList) {
  TempDir d;
  d.write("a.py", kFloat64);
  auto tty = run_pymemlint_in_terminal({"check", "a.py", "--color", "auto", "-o", "report.txt"}, d.path());
  EXPECT_EQ(tty.exit_code, 1) << tty.out;
  const std::string report = d.read("report.txt");
  EXPECT_NE(report.find("MEM301"), std::string::npos) << report;
  EXPECT_EQ(report.find("\x1b["), std::string::npos) << report;
  auto listed = run_pymemlint("check --show-files -o files.txt a.py", d.path());
  EXPECT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_EQ(listed.out, "");
  EXPECT_EQ(d.read("files.txt"), std::filesystem::canonical(d.path()).string() + "/a.py\n");
}

// --show-files lists what the check would lint, after excludes and configuration, and lints nothing.
// --show-settings shows the first file's configuration and what it resolves to, the rule
// selection after per-file-ignores; with nothing to lint, or with another action, it is an error.
TEST(Cli, ShowSettingsOfTheFirstFile) {
  TempDir d;
  d.write("base.toml", "select = [\"MEM3\"]\n");
  d.write("sub/pyproject.toml",
          "[tool.pymemlint]\nextend = \"../base.toml\"\nextend-select = [\"MEM101\"]\nmin-bytes = 4096\n"
          "per-file-ignores = { \"tests/*\" = [\"MEM301\"] }\nextend-unsafe-fixes = [\"MEM1\"]\n");
  d.write("sub/tests/test_b.py", "");
  d.write("sub/tests/a.py", "");
  const std::string root = std::filesystem::canonical(d.path()).string();
  auto r = run_pymemlint("check --show-settings sub", d.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.substr(0, r.out.find("\n\n") + 2),
            "Resolved settings for: " + root + "/sub/tests/a.py\nSettings path: " + root +
                "/sub/pyproject.toml\nExtends: " + root + "/base.toml\n\n");
  EXPECT_NE(r.out.find("\nenabled = [\"MEM101\", \"MEM302\", \"MEM303\"]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\nextend-unsafe-fixes = [\"MEM101\", \"MEM102\", \"MEM103\"]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\nmin-bytes = 4096\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\ntest-module = false"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\nper-file-ignores = { \"" + root + "/sub/tests/*\" = [\"MEM301\"] }\n"), std::string::npos)
      << r.out;
  r = run_pymemlint("check --show-settings sub/tests/test_b.py", d.path());
  EXPECT_NE(r.out.find("\ntest-module = true"), std::string::npos) << r.out;
  // Without a configuration file: the defaults.
  d.write("other/c.py", "");
  r = run_pymemlint("check --show-settings other", d.path());
  EXPECT_NE(r.out.find("\nSettings path: none (the defaults)\n\n"), std::string::npos) << r.out;
  d.write("empty/notes.txt", "");
  r = run_pymemlint("check --show-settings empty", d.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("error: no file to show the settings of"), std::string::npos) << r.err;
  r = run_pymemlint("check --show-settings --fix other", d.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "error: --show-settings cannot be used with --fix\n");
}

// The first file --show-settings shows is the first --show-files lists, also when a directory's name
// extends another's. As in Ruff, paths are compared component by component: `a/x.py` comes before
// `a-b/x.py`, where comparing strings would put `-` before `/`.
TEST(Cli, ShowSettingsShowsTheFirstFileShowFilesLists) {
  TempDir d;
  d.write("a/x.py", "");
  d.write("a-b/x.py", "");
  d.write("a.b/x.py", "");
  auto files = run_pymemlint("check --show-files .", d.path());
  ASSERT_EQ(files.exit_code, 0) << files.err;
  std::string root = std::filesystem::canonical(d.path()).string();
  EXPECT_EQ(files.out, root + "/a/x.py\n" + root + "/a-b/x.py\n" + root + "/a.b/x.py\n");
  auto r = run_pymemlint("check --show-settings .", d.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.substr(0, r.out.find('\n') + 1), "Resolved settings for: " + files.out.substr(0, files.out.find('\n') + 1));
}

// A flag --show-settings refuses is named as the user gave it.
TEST(Cli, ShowSettingsNamesTheRefusedFlag) {
  TempDir d;
  d.write("a.py", "");
  auto r = run_pymemlint("check --show-settings --fix-only a.py", d.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "error: --show-settings cannot be used with --fix-only\n");
}

TEST(Cli, ShowFilesListsWhatWouldBeLinted) {
  TempDir d;
  d.write("pyproject.toml", "[tool.pymemlint]\nextend-exclude = [\"skip.py\"]\n");
  d.write("sub/b.py", kFloat64);
  d.write("a.py", kFloat64);
  d.write("skip.py", kFloat64);
  d.write("build/x.py", kFloat64);  // a default exclude
  d.write("notes.txt", "");
  const std::string root = std::filesystem::canonical(d.path()).string();
  auto r = run_pymemlint("check --show-files", d.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, root + "/a.py\n" + root + "/sub/b.py\n");
  // A file named on the command line is listed even when excluded, as the check lints it.
  EXPECT_EQ(run_pymemlint("check --show-files skip.py", d.path()).out, root + "/skip.py\n");
  EXPECT_EQ(run_pymemlint("check --show-files --force-exclude skip.py", d.path()).out, "");
  auto missing = run_pymemlint("check --show-files a.py nope.py", d.path());
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(missing.out, root + "/a.py\n");
  EXPECT_NE(missing.err.find("error: nope.py:"), std::string::npos) << missing.err;
  auto conflict = run_pymemlint("check --show-files --statistics", d.path());
  EXPECT_EQ(conflict.exit_code, 2);
  EXPECT_EQ(conflict.err, "error: --show-files cannot be used with --statistics\n");
}

// An unfixable rule offers no fix anywhere: no `[*]`, `fix: null` in JSON, nothing applied.
TEST(Cli, UnfixableRulesOfferNoFix) {
  TempDir d;
  d.write("a.py", kFloat64);
  d.write("pyproject.toml", "[tool.pymemlint]\nunfixable = [\"MEM301\"]\n");
  auto json = run_pymemlint("check --output-format json --unsafe-fixes a.py", d.path());
  EXPECT_NE(json.out.find("\"fix\": null"), std::string::npos) << json.out;
  auto fix = run_pymemlint("check --fix --unsafe-fixes a.py", d.path());
  EXPECT_EQ(fix.exit_code, 1);
  EXPECT_EQ(d.read("a.py"), kFloat64);
  auto cli = run_pymemlint("check --fix --unsafe-fixes --extend-fixable MEM301 a.py", d.path());
  EXPECT_EQ(cli.exit_code, 0) << cli.out;
  EXPECT_NE(d.read("a.py"), kFloat64);
  d.write("a.py", kFloat64);
  d.write("pyproject.toml", "[tool.pymemlint]\n");
  auto flag = run_pymemlint("check --output-format concise --unsafe-fixes --unfixable MEM3 a.py", d.path());
  EXPECT_NE(flag.out.find("MEM301 `np.zeros`"), std::string::npos) << flag.out;  // no `[*]`
  auto bad = run_pymemlint("check --unfixable NOPE a.py", d.path());
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.err, "error: unknown rule selector `NOPE` in `--unfixable`\n");
}

// A symlink and its target named together are one file, in every mode: fixed once (not once per
// name, by two threads at once), diffed once, reported once under the name given first.
TEST(Cli, SymlinkAndTargetAreFixedAndReportedOnce) {
  TempDir d;
  d.write("tgt.py", kFloat64);
  std::filesystem::create_symlink("tgt.py", d.path() / "lnk.py");
  for (const char* threads : {"1", "4"}) {
    d.write("tgt.py", kFloat64);
    auto fix = run_pymemlint(std::string("check --fix --unsafe-fixes --threads ") + threads + " tgt.py lnk.py", d.path());
    EXPECT_EQ(fix.exit_code, 0) << fix.out << fix.err;
    EXPECT_NE(fix.out.find("Found 1 finding (1 fixed, 0 remaining)."), std::string::npos) << threads << fix.out;
    EXPECT_EQ(d.read("tgt.py"), "import numpy as np\n\nx = np.zeros((200_000, 512), dtype=np.float32)\n");
    EXPECT_TRUE(std::filesystem::is_symlink(d.path() / "lnk.py"));
  }
  d.write("tgt.py", kFloat64);
  auto diff = run_pymemlint("check --diff --unsafe-fixes --threads 4 lnk.py tgt.py", d.path());
  EXPECT_EQ(diff.exit_code, 1);
  EXPECT_NE(diff.out.find("--- lnk.py\n+++ lnk.py\n"), std::string::npos) << diff.out;
  EXPECT_EQ(diff.out.find("tgt.py"), std::string::npos) << diff.out;
  auto json = run_pymemlint("check --output-format json --threads 4 tgt.py lnk.py", d.path());
  auto j = nlohmann::json::parse(json.out);
  ASSERT_EQ(j.size(), 1u) << json.out;
  EXPECT_EQ(j[0]["filename"], (d.path() / "tgt.py").string());
  auto concise = run_pymemlint("check --output-format concise --threads 4 lnk.py tgt.py", d.path());
  EXPECT_EQ(concise.out.rfind("lnk.py:3:5: MEM301 ", 0), 0u) << concise.out;
  EXPECT_NE(concise.out.find("Found 1 finding."), std::string::npos) << concise.out;
}

TEST(Cli, StandardInput) {
  TempDir d;
  auto r = run_pymemlint("check - --stdin-filename pkg/mod.py --output-format concise -q", d.path(), kFloat64);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("pkg/mod.py:3:5: MEM301"), std::string::npos) << r.out << r.err;
  auto fixed = run_pymemlint("check - --fix --unsafe-fixes", d.path(), kFloat64);
  EXPECT_EQ(fixed.out, "import numpy as np\n\nx = np.zeros((200_000, 512), dtype=np.float32)\n") << fixed.err;
}

// As in Ruff: `--stdin-filename` reads standard input without `-`, and ignores other paths (with a
// warning naming the first) rather than linting them or the current directory.
TEST(Cli, StdinFilenameAloneReadsStandardInput) {
  TempDir d;
  d.write("on_disk.py", kFloat64);  // would be found if `.` were linted
  d.write("other.py", kFloat64);
  auto r = run_pymemlint("check --stdin-filename x.py --output-format concise -q", d.path(), kClean);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.out, "") << r.err;
  EXPECT_EQ(r.err, "");
  r = run_pymemlint("check --stdin-filename x.py --output-format concise -q", d.path(), kFloat64);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.out.rfind("x.py:3:5: MEM301 ", 0), 0u) << r.out << r.err;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
  r = run_pymemlint("check on_disk.py - other.py --stdin-filename x.py --output-format concise -q", d.path(), kClean);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "warning: Ignoring file on_disk.py in favor of standard input.\n");
}

// As in Ruff, standard input named after an excluded file (with --force-exclude) is not linted,
// and with --fix it comes back unchanged on standard output, where an editor expects the code:
// it used to get "All checks passed!" there instead.
TEST(Cli, FixOfExcludedStandardInputPrintsItUnchanged) {
  TempDir d;
  d.write("pymemlint.toml", "extend-exclude = [\"gen\"]\n");
  auto r = run_pymemlint("check --fix --unsafe-fixes --force-exclude --stdin-filename gen/a.py", d.path(), kFloat64);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, kFloat64);
  r = run_pymemlint("check --force-exclude --stdin-filename gen/a.py --output-format concise -q", d.path(), kFloat64);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  r = run_pymemlint("check --diff --force-exclude --stdin-filename gen/a.py", d.path(), kFloat64);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
}

// Standard input that cannot be linted (E902: binary, not UTF-8, a notebook that is not JSON or
// not Python) comes back unchanged from --fix too: it used to come back as nothing, which an
// editor piping its buffer through `check --fix` would have replaced the buffer with.
TEST(Cli, FixOfUnlintableStandardInputPrintsItUnchanged) {
  TempDir d;
  const std::vector<std::pair<std::string, std::string>> inputs = {
      {"nul.py", std::string("x = 1\0\n", 7)},
      {"latin1.py", "x = \"caf\xE9\"\n"},
      {"broken.ipynb", "{\"cells\": ["},
      {"r.ipynb", R"({"cells": [], "metadata": {"language_info": {"name": "R"}}, "nbformat": 4, "nbformat_minor": 5})"},
  };
  for (const auto& [name, text] : inputs) {
    auto r = run_pymemlint("check --fix --stdin-filename " + name, d.path(), text);
    EXPECT_EQ(r.out, text) << name << "\n" << r.err;
  }
}

TEST(Cli, GitignoreIsRespectedButExplicitFilesAreLinted) {
  TempDir d;
  ASSERT_EQ(std::system(("git init -q " + d.path().string()).c_str()), 0);
  d.write(".gitignore", "generated/\n");
  d.write("generated/g.py", kFloat64);
  d.write("venv/v.py", kFloat64);
  d.write("src/s.py", kFloat64);
  auto r = run_pymemlint("check . --output-format concise -q", d.path());
  EXPECT_NE(r.out.find("src/s.py"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("generated/g.py"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("venv/v.py"), std::string::npos) << r.out;
  auto explicit_file = run_pymemlint("check generated/g.py --output-format concise -q", d.path());
  EXPECT_NE(explicit_file.out.find("generated/g.py"), std::string::npos) << explicit_file.out;
}

TEST(Cli, RuleDocumentation) {
  auto r = run_pymemlint("rule MEM301", PML_SOURCE_DIR);
  EXPECT_EQ(r.exit_code, 0);
  for (const char* heading : {"# float64-by-default (MEM301)", "## What it does", "## Why is this bad?", "## Example",
                              "## Use instead", "## Fix safety", "## Options", "## References"})
    EXPECT_NE(r.out.find(heading), std::string::npos) << heading;
  auto all = run_pymemlint("rule --all", PML_SOURCE_DIR);
  EXPECT_EQ(all.exit_code, 0);
  // Columns are padded to the longest rule name.
  EXPECT_TRUE(std::regex_search(all.out, std::regex("MEM301  float64-by-default +fix: sometimes"))) << all.out;
  EXPECT_NE(all.out.find("MEM303"), std::string::npos);
  EXPECT_EQ(run_pymemlint("rule MEM999", PML_SOURCE_DIR).exit_code, 2);
  auto version = run_pymemlint("--version", PML_SOURCE_DIR);
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_TRUE(std::regex_search(version.out, std::regex(R"(pymemlint \d+\.\d+\.\d+)"))) << version.out;
}

}  // namespace
}  // namespace pml::testing
