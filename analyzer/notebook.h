// Jupyter notebooks (nbformat 4), linted as Ruff lints them: the code cells are concatenated into
// one Python text (names flow from cell to cell), IPython syntax (magics, `!shell`, `?help`) is
// masked out, findings are reported per cell, and fixes are written back into the right cell with
// the notebook's JSON layout kept.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "analyzer/checker.h"

namespace pml {

// Whether a path names a notebook (by its extension, as Ruff decides).
bool is_notebook_path(std::string_view path);

struct Notebook {
  // The file as read (a BOM included). Writing back replaces the `source` values of the changed
  // cells in it and keeps every other byte.
  std::string bytes;
  // The code cells, in order: their position among all cells (0-based), their text, and the byte
  // range of their `source` value (a JSON string or list) in `bytes`.
  std::vector<uint32_t> cell_index;
  std::vector<std::string> sources;
  std::vector<std::pair<size_t, size_t>> source_spans;
  bool is_python = true;  // false when the metadata names another language: then nothing is linted
  // The input's layout, followed when writing a changed `source`.
  int indent = 1;          // -1: everything on one line
  char indent_char = ' ';
  bool crlf = false;
  bool ascii = false;      // every byte is ASCII: a rewritten `source` escapes non-ASCII text too

  // Ruff's `cell` numbers: 1-based, counting every cell (markdown too).
  std::vector<uint32_t> cell_numbers() const;
};

// Parses a notebook file's bytes. On failure returns nullopt and sets *error to a reason naming
// what is wrong ("not valid JSON: ...", "not an nbformat 4 notebook: ...").
std::optional<Notebook> parse_notebook(std::string_view bytes, std::string* error);

// The notebook's bytes with the code cells' text replaced by `sources` (same order as
// Notebook::sources). Only the `source` values of cells whose text changed are rewritten; every
// other byte (outputs, metadata, key order, escapes, number spellings, whitespace, line endings,
// the final newline) is the input's. A rewritten `source` keeps its form (a list of lines, a list
// of one string, or a single string) and its list layout: the original's line breaks and
// indentation between elements, or the notebook's indentation when it was empty.
std::string serialize_notebook(const Notebook& notebook, const std::vector<std::string>& sources);

// Replaces IPython syntax in one cell's text by blanks of the same byte length, keeping line
// terminators, so offsets and rows keep their meaning. A masked statement becomes `_` followed by
// spaces (so an indented block stays a block); a cell under a non-Python cell magic (`%%bash`)
// becomes blank lines. Masked: `%magic` and `%%magic` lines, `!shell` lines, `?name` and `name?`
// help lines, and the right-hand side of `x = !cmd` and `x = %magic`, each with its backslash
// continuation lines, at the start of a logical line only (never inside brackets or strings).
// With a parser, also a line magic IPython runs without its `%` (automagic: `pip install numpy`,
// `ls -sh *.h5`), in a cell of that one line that is not Python (the parser says).
// Returns the masked byte ranges, in order.
std::vector<std::pair<uint32_t, uint32_t>> mask_magics(std::string& cell_text, Parser* parser = nullptr);

// The code cells joined into one text for analysis, each masked by mask_magics (given `parser`,
// automagic lines too). A cell that does not end with a newline is followed by one (which belongs
// to no cell); empty cells take no room.
struct ConcatenatedCells {
  struct Span {
    uint32_t cell = 0;       // Ruff's 1-based cell number
    uint32_t source = 0;     // index into the sources the text was built from
    uint32_t start = 0;      // byte range of the cell's own text
    uint32_t end = 0;
    uint32_t first_row = 0;  // 0-based row of `start` in the joined text
  };
  std::string text;      // analyzable: magics masked
  std::string original;  // the same text unmasked (same length and rows)
  std::vector<Span> spans;
  std::vector<std::pair<uint32_t, uint32_t>> masked;  // byte ranges of `text` that were masked

  // The span holding 0-based row `row` of the joined text (the last one for rows past the end).
  const Span* span_of_row(uint32_t row) const;
  // The span holding byte `offset` of the joined text: the one before it for the newline that
  // follows a cell, the last one past the end; nullptr when there are no spans.
  const Span* span_of_offset(uint32_t offset) const;
  // The span a fix can be applied to: every edit inside one cell and none touching masked text.
  std::optional<size_t> span_of_fix(const Fix& fix) const;
};
ConcatenatedCells concatenate_cells(const std::vector<std::string>& sources, const std::vector<uint32_t>& cell_numbers,
                                    Parser* parser = nullptr);

// Lints the cells as one text. Diagnostics keep offsets into the joined text but their locations
// are per cell (Diagnostic::cell set). A fix that spans two cells or touches masked text is shown
// but never applied (it becomes display-only).
LintResult lint_cells(const std::vector<std::string>& sources, const std::vector<uint32_t>& cell_numbers,
                      const Settings& settings, Parser& parser);
// The same, for cells already joined (the language server keeps `cells` to place the findings).
LintResult lint_cells(const ConcatenatedCells& cells, const Settings& settings, Parser& parser);

// Applies fixes to the cells until nothing applies, as fix() does for a file.
FixRounds<std::vector<std::string>> fix_cells(std::vector<std::string> sources,
                                              const std::vector<uint32_t>& cell_numbers, const Settings& settings,
                                              Parser& parser, Applicability minimum);

// `--diff` for a notebook: one unified diff per changed cell, labelled `path:cell N`.
std::string notebook_diff(const std::vector<std::string>& before, const std::vector<std::string>& after,
                          const std::vector<uint32_t>& cell_numbers, std::string_view path);

}  // namespace pml
