// Runs every sample under samples/ and checks its inline expectations and its fix golden.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "analyzer/source.h"
#include "rules/registry.h"
#include "tests/sample_runner.h"

namespace pml::testing {

std::vector<Expectation> parse_expectations(std::string_view text) {
  std::vector<Expectation> out;
  static const std::regex marker(R"(#\s*expect:\s*(.*)$)");
  static const std::regex item(R"(([A-Z]+[0-9]+)(?:\[([^\]]*)\])?)");
  LineIndex lines(text);
  for (uint32_t r = 0; r < lines.line_count(); ++r) {
    std::string line(lines.line_text(r));
    std::smatch m;
    if (!std::regex_search(line, m, marker)) continue;
    std::string rest = m[1];
    for (auto it = std::sregex_iterator(rest.begin(), rest.end(), item); it != std::sregex_iterator(); ++it)
      out.push_back({r + 1, (*it)[1], (*it)[2]});
  }
  return out;
}

std::vector<Expectation> parse_notebook_expectations(const Notebook& notebook) {
  std::vector<Expectation> out;
  const std::vector<uint32_t> cells = notebook.cell_numbers();
  for (size_t k = 0; k < notebook.sources.size(); ++k)
    for (Expectation e : parse_expectations(notebook.sources[k])) {
      e.cell = cells[k];
      out.push_back(std::move(e));
    }
  return out;
}

std::vector<std::string> compare(const std::vector<Expectation>& expected, const std::vector<Diagnostic>& found,
                                 std::string_view file) {
  std::vector<std::string> problems;
  std::vector<bool> used(found.size(), false);
  auto where = [&](std::optional<uint32_t> cell, uint32_t row) {
    return std::string(file) + ":" + (cell ? "cell " + std::to_string(*cell) + ":" : std::string()) +
           std::to_string(row);
  };
  for (const auto& e : expected) {
    bool matched = false;
    for (size_t i = 0; i < found.size() && !matched; ++i) {
      if (used[i] || found[i].cell != e.cell || found[i].location.row != e.row || found[i].code != e.code) continue;
      if (!e.message_part.empty() && found[i].message.find(e.message_part) == std::string::npos) {
        problems.push_back(where(e.cell, e.row) + ": " + e.code + " message lacks `" + e.message_part +
                           "`: " + found[i].message);
      }
      used[i] = matched = true;
    }
    if (!matched) problems.push_back(where(e.cell, e.row) + ": expected " + e.code + ", not reported");
  }
  for (size_t i = 0; i < found.size(); ++i)
    if (!used[i])
      problems.push_back(where(found[i].cell, found[i].location.row) + ": unexpected " + found[i].code + ": " +
                         found[i].message);
  return problems;
}

// As the command line sets them for `sample`: a sample named like a pytest module is test code.
Settings sample_settings(const std::filesystem::path& sample) {
  Settings s;
  s.enabled = default_rules();
  // The samples of a rule that is off by default run with it on.
  if (auto own = rules_matching(sample.parent_path().filename().string())) s.enabled |= *own;
  s.test_module = is_test_module(sample.generic_string());
  return s;
}

std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

namespace {
std::vector<std::filesystem::path> samples_with_extension(std::string_view extension) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(std::filesystem::path(PML_SOURCE_DIR) / "samples"))
    if (entry.is_regular_file() && entry.path().extension() == extension) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}
}  // namespace

std::vector<std::filesystem::path> sample_files() { return samples_with_extension(".py"); }
std::vector<std::filesystem::path> notebook_sample_files() { return samples_with_extension(".ipynb"); }

namespace {

class SampleTest : public ::testing::TestWithParam<std::filesystem::path> {};

std::string sample_name(const ::testing::TestParamInfo<std::filesystem::path>& info) {
  std::string rel = std::filesystem::relative(info.param, std::filesystem::path(PML_SOURCE_DIR) / "samples").string();
  for (char& c : rel)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return rel;
}

TEST_P(SampleTest, FindingsMatchInlineExpectations) {
  std::string text = read_text(GetParam());
  auto decoded = decode_source(text);
  ASSERT_TRUE(decoded.source) << decoded.error->reason;
  Parser parser;
  auto result = lint(decoded.source->text, decoded.source->newline, sample_settings(GetParam()), parser);
  auto expected = parse_expectations(decoded.source->text);
  auto problems = compare(expected, result.diagnostics, GetParam().string());
  std::string all;
  for (const auto& p : problems) all += p + "\n";
  EXPECT_TRUE(problems.empty()) << all;
}

// The golden `<sample>.py.fixed` is the sample after `--fix --unsafe-fixes`. The fixed text must
// parse, and fixing it again must change nothing. A sample with applicable fixes needs a golden.
// Set PML_UPDATE_GOLDENS=1 to (re)write goldens, then review the diff.
TEST_P(SampleTest, FixGoldenConvergesReparsesAndIsIdempotent) {
  std::filesystem::path golden = GetParam();
  golden += ".fixed";
  std::string text = read_text(GetParam());
  auto decoded = decode_source(text);
  ASSERT_TRUE(decoded.source);
  Parser parser;
  auto fixed = fix(decoded.source->text, decoded.source->newline, sample_settings(GetParam()), parser, Applicability::Unsafe);
  ASSERT_FALSE(fixed.error) << *fixed.error;
  EXPECT_FALSE(fixed.remaining.syntax_error) << "the fixed sample does not parse";
  if (std::getenv("PML_UPDATE_GOLDENS") && fixed.changed()) {
    std::ofstream(golden, std::ios::binary) << fixed.text;
  }
  if (!fixed.changed()) {
    EXPECT_FALSE(std::filesystem::exists(golden)) << golden << " exists but no fix applies to the sample";
    return;
  }
  ASSERT_TRUE(std::filesystem::exists(golden)) << "fixes apply but there is no golden " << golden
                                               << " (run with PML_UPDATE_GOLDENS=1 and review it)";
  EXPECT_EQ(fixed.text, read_text(golden));
  auto again = fix(fixed.text, decoded.source->newline, sample_settings(GetParam()), parser, Applicability::Unsafe);
  EXPECT_FALSE(again.changed()) << "a second --fix run changed the golden again";
  EXPECT_EQ(again.text, fixed.text);
}

INSTANTIATE_TEST_SUITE_P(Samples, SampleTest, ::testing::ValuesIn(sample_files()), sample_name);

// Notebook samples: the same marks inside code cells, and `<sample>.ipynb.fixed` goldens holding the
// whole notebook after `--fix --unsafe-fixes` (layout kept, only fixed cells changed).
class NotebookSampleTest : public ::testing::TestWithParam<std::filesystem::path> {};

Notebook read_notebook(const std::filesystem::path& path) {
  std::string error;
  auto notebook = parse_notebook(read_text(path), &error);
  if (!notebook) ADD_FAILURE() << path << ": " << error;
  return notebook ? std::move(*notebook) : Notebook{};
}

TEST_P(NotebookSampleTest, FindingsMatchInlineExpectations) {
  const Notebook notebook = read_notebook(GetParam());
  Parser parser;
  auto result = lint_cells(notebook.sources, notebook.cell_numbers(), sample_settings(GetParam()), parser);
  auto expected = parse_notebook_expectations(notebook);
  EXPECT_FALSE(expected.empty()) << "a notebook sample without expectations checks only silence";
  auto problems = compare(expected, result.diagnostics, GetParam().string());
  std::string all;
  for (const auto& p : problems) all += p + "\n";
  EXPECT_TRUE(problems.empty()) << all;
}

TEST_P(NotebookSampleTest, FixGoldenConvergesReparsesAndIsIdempotent) {
  std::filesystem::path golden = GetParam();
  golden += ".fixed";
  const Notebook notebook = read_notebook(GetParam());
  const auto cells = notebook.cell_numbers();
  Parser parser;
  auto fixed = fix_cells(notebook.sources, cells, sample_settings(GetParam()), parser, Applicability::Unsafe);
  ASSERT_FALSE(fixed.error) << *fixed.error;
  EXPECT_FALSE(fixed.remaining.syntax_error) << "the fixed sample does not parse";
  const bool changed = !fixed.fixed.empty();
  const std::string written = serialize_notebook(notebook, fixed.state);
  if (std::getenv("PML_UPDATE_GOLDENS") && changed) std::ofstream(golden, std::ios::binary) << written;
  if (!changed) {
    EXPECT_FALSE(std::filesystem::exists(golden)) << golden << " exists but no fix applies to the sample";
    return;
  }
  ASSERT_TRUE(std::filesystem::exists(golden)) << "fixes apply but there is no golden " << golden
                                               << " (run with PML_UPDATE_GOLDENS=1 and review it)";
  EXPECT_EQ(written, read_text(golden));
  // The golden is a notebook again, and fixing it changes nothing.
  const Notebook reread = read_notebook(golden);
  EXPECT_EQ(reread.sources, fixed.state);
  auto again = fix_cells(reread.sources, reread.cell_numbers(), sample_settings(GetParam()), parser, Applicability::Unsafe);
  EXPECT_TRUE(again.fixed.empty()) << "a second --fix run changed the golden again";
  EXPECT_FALSE(again.remaining.syntax_error);
  EXPECT_EQ(serialize_notebook(reread, again.state), read_text(golden));
}

INSTANTIATE_TEST_SUITE_P(NotebookSamples, NotebookSampleTest, ::testing::ValuesIn(notebook_sample_files()),
                         sample_name);

TEST(SampleRunner, EverySampledRuleDirectoryNamesARule) {
  auto files = sample_files();
  for (const auto& nb : notebook_sample_files()) files.push_back(nb);
  for (const auto& f : files) {
    std::string dir = f.parent_path().filename().string();
    EXPECT_NE(find_rule(dir), nullptr) << f << " is in a directory that names no rule";
  }
}

TEST(SampleRunner, EveryRuleHasSamples) {
  std::set<std::string> dirs;
  for (const auto& f : sample_files()) dirs.insert(f.parent_path().filename().string());
  for (const auto& rule : all_rules()) EXPECT_TRUE(dirs.count(std::string(rule->info().code))) << rule->info().code;
}

// The runner must be able to fail: drop an expectation, or add a false one, and it reports it.
TEST(SampleRunner, MissingOrExtraExpectationIsReported) {
  std::string text = "import numpy as np\nx = np.ones(n)  # expect: MEM301\ny = 1  # expect: MEM303\n";
  Parser parser;
  auto result = lint(text, "\n", sample_settings("t.py"), parser);
  ASSERT_EQ(result.diagnostics.size(), 1u);
  auto problems = compare(parse_expectations(text), result.diagnostics, "t.py");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("expected MEM303, not reported"), std::string::npos);
  problems = compare({}, result.diagnostics, "t.py");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("unexpected MEM301"), std::string::npos);
  problems = compare({{2, "MEM301", "~1 TB"}}, result.diagnostics, "t.py");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("message lacks"), std::string::npos);
}

// Notebook marks match by cell as well as by row.
TEST(SampleRunner, NotebookExpectationsMatchTheCell) {
  Parser parser;
  Notebook nb;
  nb.cell_index = {0, 2};
  nb.sources = {"import numpy as np\n", "x = np.ones(n)  # expect: MEM301\n"};
  auto result = lint_cells(nb.sources, nb.cell_numbers(), sample_settings("t.ipynb"), parser);
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_TRUE(compare(parse_notebook_expectations(nb), result.diagnostics, "t.ipynb").empty());
  auto problems = compare({{1, "MEM301", "", 2}}, result.diagnostics, "t.ipynb");
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0], "t.ipynb:cell 2:1: expected MEM301, not reported");
  EXPECT_NE(problems[1].find("t.ipynb:cell 3:1: unexpected MEM301"), std::string::npos) << problems[1];
}

}  // namespace
}  // namespace pml::testing
