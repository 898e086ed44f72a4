// Sample files with inline expectations: `# expect: MEM301` or `# expect: MEM301[~819 MB], MEM303`
// on the row where a finding starts (the bracketed text must appear in the message). Every row
// without an expectation must stay silent. Notebook samples (`*.ipynb`) carry the same marks inside
// their code cells, rows counting from the top of each cell.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "analyzer/checker.h"
#include "analyzer/notebook.h"

namespace pml::testing {

struct Expectation {
  uint32_t row;
  std::string code;
  std::string message_part;  // may be empty
  std::optional<uint32_t> cell;  // notebooks: Ruff's 1-based cell number
};

std::vector<Expectation> parse_expectations(std::string_view text);
std::vector<Expectation> parse_notebook_expectations(const Notebook& notebook);

// Compares findings with expectations; returns one line per mismatch (empty when they agree).
std::vector<std::string> compare(const std::vector<Expectation>& expected, const std::vector<Diagnostic>& found,
                                 std::string_view file);

Settings sample_settings(const std::filesystem::path& sample);
std::string read_text(const std::filesystem::path& p);
std::vector<std::filesystem::path> sample_files();           // samples/<CODE>/*.py, sorted
std::vector<std::filesystem::path> notebook_sample_files();  // samples/<CODE>/*.ipynb, sorted

}  // namespace pml::testing
