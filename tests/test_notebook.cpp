// Jupyter notebooks: reading nbformat 4, masking IPython syntax, mapping offsets to cells, fixing
// cell by cell, writing back with the layout kept, and the command line on notebooks.
#include <gtest/gtest.h>
#include <fstream>
#include <nlohmann/json.hpp>

#include "analyzer/notebook.h"
#include "rules/registry.h"
#include "tests/cli_harness.h"

namespace pml::testing {
namespace {

Settings all_default_rules() {
  Settings s;
  s.enabled = default_rules();
  return s;
}

// A notebook as nbformat writes it (json.dumps(indent=1, sort_keys=True, ensure_ascii=False) plus
// a newline): a markdown cell, then code cells with these sources, each as a list of lines.
std::string notebook_json(const std::vector<std::string>& code_cells) {
  nlohmann::ordered_json cells = nlohmann::ordered_json::array();
  cells.push_back({{"cell_type", "markdown"}, {"metadata", nlohmann::ordered_json::object()}, {"source", "# Title"}});
  for (const std::string& source : code_cells) {
    nlohmann::ordered_json lines = nlohmann::ordered_json::array();
    for (size_t start = 0; start < source.size();) {
      size_t nl = source.find('\n', start);
      size_t end = nl == std::string::npos ? source.size() : nl + 1;
      lines.push_back(source.substr(start, end - start));
      start = end;
    }
    cells.push_back({{"cell_type", "code"},
                     {"execution_count", nullptr},
                     {"metadata", nlohmann::ordered_json::object()},
                     {"outputs", nlohmann::ordered_json::array()},
                     {"source", lines}});
  }
  nlohmann::ordered_json nb = {{"cells", cells},
                               {"metadata", {{"language_info", {{"name", "python"}}}}},
                               {"nbformat", 4},
                               {"nbformat_minor", 5}};
  return nb.dump(1, ' ', false) + "\n";
}

Notebook parse_ok(std::string_view text) {
  std::string error;
  auto nb = parse_notebook(text, &error);
  EXPECT_TRUE(nb) << error;
  return nb ? std::move(*nb) : Notebook{};
}

std::string masked(std::string text) {
  mask_magics(text);
  return text;
}

// --- masking ------------------------------------------------------------------------------------

TEST(NotebookMask, LineMagicsShellAndHelpBecomePlaceholdersOfTheSameLength) {
  EXPECT_EQ(masked("%matplotlib inline\nx = 1\n"), "_                 \nx = 1\n");
  EXPECT_EQ(masked("!pip install numpy\n"), "_                 \n");
  EXPECT_EQ(masked("?np.zeros\nnp.zeros??\n"), "_        \n_         \n");
  EXPECT_EQ(masked("if True:\n    !ls -la\n"), "if True:\n    _      \n");
  EXPECT_EQ(masked("files = !ls *.csv\nt = %time f()\n"), "files = _        \nt = _        \n");
  // A backslash continues a magic onto the next line.
  EXPECT_EQ(masked("%time f(1, \\\n  2)\ny = 2"), "_           \n    \ny = 2");
  // CRLF endings are kept.
  EXPECT_EQ(masked("%cd /tmp\r\nx = 1\r\n"), "_       \r\nx = 1\r\n");
}

TEST(NotebookMask, CellMagics) {
  // A Python cell magic: only its line is masked, the body is linted.
  EXPECT_EQ(masked("\n%%time\nx = 1\n"), "\n_     \nx = 1\n");
  EXPECT_EQ(masked("%%timeit -n 3 y = 2\nf(y)"), "_                  \nf(y)");
  EXPECT_EQ(masked("%%ipytest -qq\ndef test_a():\n    pass\n"), "_            \ndef test_a():\n    pass\n");
  // Any other cell magic makes the cell foreign text: blank lines of the same length.
  EXPECT_EQ(masked("%%bash\necho $((1 + 2))\n"), "      \n               \n");
  EXPECT_EQ(masked("%%script python3\nx = 1"), "                \n     ");
}

TEST(NotebookMask, PythonIsNeverMasked) {
  for (const std::string python : {
           "x = (a\n     % b)\n",                    // `%` continuing a bracketed expression
           "y = [\n    !1 if False else 0,\n]\n",   // (not Python, but inside brackets: left alone)
           "if a != b:\n    a %= 2\n",               // operators containing `!` and `%`
           "s = '''\n%s\n!x\n?\n'''\n",               // magic-looking lines inside a string
           "t = \"a?\"  # why?\n",                    // `?` in strings and comments
           "u = v \\\n    % 3\n",                     // backslash continuation
           "f(a=1)\nd = {'k': 2}\n",
       })
    EXPECT_EQ(masked(python), python) << python;
}

TEST(NotebookMask, AutomagicIsMaskedInAOneLineCellThatIsNotPython) {
  Parser parser;
  auto with_parser = [&](std::string text) {
    mask_magics(text, &parser);
    return text;
  };
  // Cells IPython 8 runs as line magics (InteractiveShell.transform_cell says so for each).
  EXPECT_EQ(with_parser("pip install numpy\n"), "_                \n");
  EXPECT_EQ(with_parser("ls -sh *.h5"), "_          ");
  EXPECT_EQ(with_parser("\n  cd ..\n"), "\n_      \n");
  EXPECT_EQ(with_parser("time f(x)"), "_        ");
  EXPECT_EQ(with_parser("matplotlib inline\r\n"), "_                \r\n");
  // Without a parser, only what starts with `%`, `!` or `?` is masked.
  EXPECT_EQ(masked("pip install numpy\n"), "pip install numpy\n");
  for (const std::string kept : {
           "ls -l",                    // Python as well: `ls - l` when `ls` and `l` are variables
           "pwd\n",                    // likewise a name
           "time = 5\n",               // an assignment: IPython runs Python
           "ls, a b",                  // `,` after the name: Python (a syntax error then)
           "pip install x\ny = 1\n",   // two lines: IPython applies no automagic
           "pip install x\n\n",        // a blank line after it is a second line
           "# c\nls -sh *.h5",          // so is a comment before it
           "lsx -l .",                 // not a magic's name
           "ls.x y",                   // nor is a dotted one
       })
    EXPECT_EQ(with_parser(kept), kept) << kept;
}

TEST(NotebookMask, MaskedRangesAreReported) {
  std::string text = "a = 1\n%ls\nb = !pwd\n";
  auto ranges = mask_magics(text);
  ASSERT_EQ(ranges.size(), 2u);
  EXPECT_EQ(ranges[0], (std::pair<uint32_t, uint32_t>{6, 9}));
  EXPECT_EQ(ranges[1], (std::pair<uint32_t, uint32_t>{14, 18}));
}

// --- concatenation and mapping ------------------------------------------------------------------

TEST(NotebookCells, ConcatenationAddsNewlinesAndSkipsEmptyCells) {
  auto cc = concatenate_cells({"a = 1\nb = 2\n", "", "c = 3", "%ls\nd = 4\n"}, {2, 3, 5, 6});
  EXPECT_EQ(cc.original, "a = 1\nb = 2\nc = 3\n%ls\nd = 4\n");
  EXPECT_EQ(cc.text, "a = 1\nb = 2\nc = 3\n_  \nd = 4\n");
  ASSERT_EQ(cc.spans.size(), 3u);
  EXPECT_EQ(cc.spans[0].cell, 2u);
  EXPECT_EQ(cc.spans[1].cell, 5u);
  EXPECT_EQ(cc.spans[1].start, 12u);
  EXPECT_EQ(cc.spans[1].end, 17u);  // the added newline belongs to no cell
  EXPECT_EQ(cc.spans[1].first_row, 2u);
  EXPECT_EQ(cc.spans[2].first_row, 3u);
  EXPECT_EQ(cc.span_of_row(4)->cell, 6u);
  EXPECT_EQ(cc.masked, (std::vector<std::pair<uint32_t, uint32_t>>{{18, 21}}));
}

TEST(NotebookCells, FixesMapToOneCellOrNone) {
  auto cc = concatenate_cells({"a = 1\n", "b = !ls\nc = 2"}, {1, 2});
  auto fix = [](std::vector<Edit> edits) { return Fix{"t", Applicability::Safe, std::move(edits)}; };
  EXPECT_EQ(cc.span_of_fix(fix({{0, 1, "x"}})), 0u);
  EXPECT_EQ(cc.span_of_fix(fix({{14, 15, "y"}})), 1u);
  // An insertion where two cells meet goes to the end of the earlier cell...
  EXPECT_EQ(cc.span_of_fix(fix({{6, 6, "del a\n"}})), 0u);
  // ...unless the fix also edits the later one.
  EXPECT_EQ(cc.span_of_fix(fix({{6, 6, "z = 0\n"}, {14, 15, "y"}})), 1u);
  // Spanning two cells, touching masked text, or the newline added after the last cell: never.
  EXPECT_EQ(cc.span_of_fix(fix({{0, 1, "x"}, {14, 15, "y"}})), std::nullopt);
  EXPECT_EQ(cc.span_of_fix(fix({{10, 12, ""}})), std::nullopt);
  EXPECT_EQ(cc.span_of_fix(fix({{14, 20, ""}})), std::nullopt);
}

TEST(NotebookCells, FindingsAreLocatedInTheirCellAndNamesFlowAcrossCells) {
  Parser parser;
  // The size is known only because N comes from the first cell.
  std::vector<std::string> cells = {"import numpy as np\nN = 200_000\n", "%matplotlib inline\nx = np.zeros((N, 512))  # é\n"};
  auto result = lint_cells(cells, {2, 4}, all_default_rules(), parser);
  ASSERT_FALSE(result.syntax_error);
  ASSERT_EQ(result.diagnostics.size(), 1u);
  const Diagnostic& d = result.diagnostics[0];
  EXPECT_EQ(d.code, "MEM301");
  EXPECT_EQ(d.cell, 4u);
  EXPECT_EQ(d.location, (Location{2, 5}));
  EXPECT_EQ(d.end_location, (Location{2, 23}));
  EXPECT_EQ(d.noqa_row, 2u);
  EXPECT_EQ(d.source_line, "x = np.zeros((N, 512))  # é");
  EXPECT_NE(d.message.find("~819 MB"), std::string::npos) << d.message;
  ASSERT_EQ(d.edit_locations.size(), 1u);
  EXPECT_EQ(d.edit_locations[0].first, (Location{2, 22}));
}

TEST(NotebookCells, NoqaAndMessagesUseCellRows) {
  Parser parser;
  std::vector<std::string> cells = {
      "import numpy as np\n",
      "def f(path):\n    with open(path) as fh:\n        lines = fh.readlines()\n        for line in lines:\n"
      "            print(line)\n",
      "y = np.ones((200_000, 512))  # noqa: MEM301\n"};
  auto result = lint_cells(cells, {1, 2, 3}, all_default_rules(), parser);
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].code, "MEM602");
  EXPECT_NE(result.diagnostics[0].message.find("(read on cell 2, line 3)"), std::string::npos)
      << result.diagnostics[0].message;
}

TEST(NotebookCells, MaskedCodeNeitherErrorsNorReports) {
  Parser parser;
  std::vector<std::string> cells = {"import numpy as np\n%time a = np.zeros((200_000, 512))\n",
                                    "%%script python3\nb = np.zeros((200_000, 512))\n",
                                    "for i in range(3):\n    !echo {i}\nc = !ls\nnp.zeros?\n"};
  auto result = lint_cells(cells, {1, 2, 3}, all_default_rules(), parser);
  EXPECT_FALSE(result.syntax_error);
  EXPECT_TRUE(result.diagnostics.empty()) << result.diagnostics[0].code << " " << result.diagnostics[0].message;
}

TEST(NotebookCells, AnAutomagicCellIsNotASyntaxError) {
  Parser parser;
  std::vector<std::string> cells = {"import numpy as np\n", "pip install numpy\n", "x = np.zeros((200_000, 512))\n"};
  auto result = lint_cells(cells, {1, 2, 3}, all_default_rules(), parser);
  EXPECT_FALSE(result.syntax_error);
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].code, "MEM301");
  EXPECT_EQ(result.diagnostics[0].cell, 3u);
  // After a comment line IPython runs the cell as Python, which fails.
  cells[1] = "# install\npip install numpy\n";
  result = lint_cells(cells, {1, 2, 3}, all_default_rules(), parser);
  ASSERT_TRUE(result.syntax_error);
  EXPECT_EQ(result.diagnostics[0].cell, 2u);
  EXPECT_EQ(result.diagnostics[0].location.row, 2u);
}

TEST(NotebookCells, CellsMayAwaitAtTheirTopLevelAsInIPython) {
  Parser parser;
  std::vector<std::string> cells = {"import asyncio\nimport numpy as np\n",
                                    "await asyncio.sleep(1)\nx = np.zeros((200_000, 512))\n"};
  auto result = lint_cells(cells, {1, 2}, all_default_rules(), parser);
  EXPECT_FALSE(result.syntax_error);
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].code, "MEM301");
  // A function that is not async still may not.
  cells[1] = "def f():\n    await asyncio.sleep(1)\n";
  result = lint_cells(cells, {1, 2}, all_default_rules(), parser);
  ASSERT_TRUE(result.syntax_error);
  EXPECT_EQ(result.diagnostics[0].message, "SyntaxError: 'await' outside async function");
}

TEST(NotebookCells, SyntaxErrorIsReportedInItsCell) {
  Parser parser;
  auto result = lint_cells({"x = 1\n", "def f(:\n"}, {1, 3}, all_default_rules(), parser);
  ASSERT_TRUE(result.syntax_error);
  EXPECT_EQ(result.diagnostics[0].code, "E999");
  EXPECT_EQ(result.diagnostics[0].cell, 3u);
  EXPECT_EQ(result.diagnostics[0].location.row, 1u);
}

TEST(NotebookCells, AFixSpanningTwoCellsIsShownButNeverApplied) {
  Parser parser;
  // The list is built in one cell and converted in the next: the fix would edit both.
  std::vector<std::string> cells = {"import numpy as np\n", "grid = [i / 1000 for i in range(1_000_000)]\n",
                                    "g = np.array(grid)\n"};
  auto result = lint_cells(cells, {1, 2, 3}, all_default_rules(), parser);
  ASSERT_EQ(result.diagnostics.size(), 1u);
  ASSERT_TRUE(result.diagnostics[0].fix);
  EXPECT_EQ(result.diagnostics[0].fix->applicability, Applicability::DisplayOnly);
  auto fixed = fix_cells(cells, {1, 2, 3}, all_default_rules(), parser, Applicability::Unsafe);
  EXPECT_TRUE(fixed.fixed.empty());
  EXPECT_EQ(fixed.state, cells);
  // In one cell the same fix applies.
  std::vector<std::string> joined = {cells[0], cells[1] + cells[2]};
  auto one = fix_cells(joined, {1, 2}, all_default_rules(), parser, Applicability::Unsafe);
  EXPECT_EQ(one.fixed["MEM401"], 1u);
  EXPECT_EQ(one.state[0], joined[0]);
  EXPECT_NE(one.state[1], joined[1]);
}

TEST(NotebookCells, FixesGoIntoTheirCellAndDiffsArePerCell) {
  Parser parser;
  std::vector<std::string> cells = {"import numpy as np\n!ls\n", "x = 1\n", "y = np.ones((200_000, 512))"};
  auto fixed = fix_cells(cells, {1, 2, 4}, all_default_rules(), parser, Applicability::Unsafe);
  ASSERT_FALSE(fixed.error);
  EXPECT_EQ(fixed.fixed["MEM301"], 1u);
  EXPECT_EQ(fixed.state[0], cells[0]);
  EXPECT_EQ(fixed.state[1], cells[1]);
  EXPECT_EQ(fixed.state[2], "y = np.ones((200_000, 512), dtype=np.float32)");
  EXPECT_EQ(notebook_diff(cells, fixed.state, {1, 2, 4}, "nb.ipynb"),
            "--- nb.ipynb:cell 4\n+++ nb.ipynb:cell 4\n@@ -1 +1 @@\n-y = np.ones((200_000, 512))\n"
            "\\ No newline at end of file\n+y = np.ones((200_000, 512), dtype=np.float32)\n"
            "\\ No newline at end of file\n");
}

// --- reading and writing ------------------------------------------------------------------------

// Written by nbformat: sorted keys, indent 1, non-ASCII kept, outputs, a string `source`.
const char* kNbformatNotebook = R"NB({
 "cells": [
  {
   "cell_type": "markdown",
   "id": "m1",
   "metadata": {},
   "source": [
    "# Größen ✓"
   ]
  },
  {
   "cell_type": "code",
   "execution_count": 3,
   "id": "c1",
   "metadata": {
    "scrolled": true,
    "tags": []
   },
   "outputs": [
    {
     "name": "stdout",
     "output_type": "stream",
     "text": [
      "µs \"quoted\"\t\u001b[0m\n"
     ]
    },
    {
     "data": {
      "text/plain": [
       "0.1"
      ]
     },
     "execution_count": 3,
     "metadata": {},
     "output_type": "execute_result"
    }
   ],
   "source": [
    "import numpy as np\n",
    "x = np.zeros((200_000, 512))\n",
    "y = 2"
   ]
  },
  {
   "cell_type": "code",
   "execution_count": null,
   "id": "c2",
   "metadata": {},
   "outputs": [],
   "source": "z = np.ones((200_000, 512))"
  }
 ],
 "metadata": {
  "kernelspec": {
   "display_name": "Python 3",
   "language": "python",
   "name": "python3"
  },
  "language_info": {
   "name": "python",
   "version": "3.11.2"
  },
  "widget_ratio": 0.30000000000000004
 },
 "nbformat": 4,
 "nbformat_minor": 5
}
)NB";

TEST(NotebookFile, ParsesCodeCellsWithTheirNumbers) {
  Notebook nb = parse_ok(kNbformatNotebook);
  EXPECT_EQ(nb.sources, (std::vector<std::string>{"import numpy as np\nx = np.zeros((200_000, 512))\ny = 2",
                                                  "z = np.ones((200_000, 512))"}));
  EXPECT_EQ(nb.cell_numbers(), (std::vector<uint32_t>{2, 3}));
  EXPECT_TRUE(nb.is_python);
  EXPECT_EQ(nb.indent, 1);
}

TEST(NotebookFile, WritingBackUnchangedIsByteForByteIdentical) {
  Notebook nb = parse_ok(kNbformatNotebook);
  EXPECT_EQ(serialize_notebook(nb, nb.sources), kNbformatNotebook);
}

TEST(NotebookFile, WritingBackChangesOnlyTheFixedCellsSource) {
  Notebook nb = parse_ok(kNbformatNotebook);
  Parser parser;
  auto fixed = fix_cells(nb.sources, nb.cell_numbers(), all_default_rules(), parser, Applicability::Unsafe);
  ASSERT_EQ(fixed.fixed["MEM301"], 2u);
  std::string expected = kNbformatNotebook;
  auto replace = [&](std::string_view from, std::string_view to) {
    size_t at = expected.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    expected.replace(at, from.size(), to);
  };
  replace(R"J("x = np.zeros((200_000, 512))\n",)J", R"J("x = np.zeros((200_000, 512), dtype=np.float32)\n",)J");
  // A `source` given as one string stays one string.
  replace(R"J("source": "z = np.ones((200_000, 512))")J", R"J("source": "z = np.ones((200_000, 512), dtype=np.float32)")J");
  EXPECT_EQ(serialize_notebook(nb, fixed.state), expected);
}

TEST(NotebookFile, OtherLayoutsRoundTrip) {
  // Indent 2, CRLF, a BOM, no final newline; and a one-line notebook.
  const std::string crlf =
      "\xEF\xBB\xBF{\r\n  \"cells\": [\r\n    {\r\n      \"cell_type\": \"code\",\r\n      \"source\": [\r\n"
      "        \"a = 1\\n\",\r\n        \"b = 2\"\r\n      ]\r\n    }\r\n  ],\r\n  \"nbformat\": 4\r\n}";
  Notebook nb = parse_ok(crlf);
  EXPECT_EQ(nb.indent, 2);
  EXPECT_TRUE(nb.crlf);
  EXPECT_EQ(serialize_notebook(nb, nb.sources), crlf);  // the BOM and the missing final newline too
  std::string changed = crlf;
  changed.replace(changed.find("\"b = 2\""), 7, "\"b = 3\\n\",\r\n        \"c = 4\"");
  EXPECT_EQ(serialize_notebook(nb, {"a = 1\nb = 3\nc = 4"}), changed);

  // A list holding the whole text in one string (as sphinx-gallery writes) stays one string.
  const std::string whole = R"J({"cells":[{"cell_type":"code","source":["a = 1\nb = 2\n"]}],"nbformat":4})J";
  Notebook whole_nb = parse_ok(whole);
  EXPECT_EQ(serialize_notebook(whole_nb, {"a = 1\nb = 3\n"}),
            R"J({"cells":[{"cell_type":"code","source":["a = 1\nb = 3\n"]}],"nbformat":4})J");

  const std::string compact = R"({"cells":[{"cell_type":"code","source":"x = 1"}],"nbformat":4})";
  Notebook one_line = parse_ok(compact);
  EXPECT_EQ(serialize_notebook(one_line, one_line.sources), compact);
}

// A notebook whose bytes nbformat would not write: ASCII escapes of non-ASCII text, `<\/script>`,
// numbers spelled 1e5 and 1.50, compact one-line objects, odd spacing. Split around the fixed
// cell's `source` value so the tests know exactly which bytes may change.
const std::string kForeignBefore = R"NB({
 "cells": [
  {"cell_type": "markdown", "metadata": {}, "source": "caf\u00e9 \"]}\" <\/script>"},
  {
   "cell_type": "code",
   "execution_count": 1,
   "metadata": {"scrolled": 1e5, "widths": [1.50, -0.0, 1E+2]},
   "outputs": [
    {
     "data": {
      "text/html": ["<script>x = \"[{\"<\/script>\n", "caf\u00e9 \ud83d\ude00"],
      "text/plain": ["1e5"]
     },
     "execution_count": 1, "metadata": {}, "output_type": "execute_result"
    }
   ],
   "\u0073ource": "not the source: a later key of the same name wins",
   "source": )NB";
const std::string kForeignSource = R"NB([
    "import numpy as np\n",
    "label = \"caf\u00e9 <\/b>\"\n",
    "x = np.zeros((200_000, 512))\n"
   ])NB";
const std::string kForeignAfter = R"NB(
  },
  {"cell_type": "code", "metadata": {}, "outputs": [], "source": "y = 1e5"}
 ],
 "metadata": {"language_info": {"name": "python"}, "x": 1e5},
 "nbformat": 4,
 "nbformat_minor": 5
}
)NB";

TEST(NotebookFile, FixChangesOnlyTheFixedSourceAndKeepsEveryOtherByte) {
  const std::string text = kForeignBefore + kForeignSource + kForeignAfter;
  Notebook nb = parse_ok(text);
  ASSERT_EQ(nb.sources.size(), 2u);
  EXPECT_EQ(nb.sources[0], "import numpy as np\nlabel = \"caf\xC3\xA9 </b>\"\nx = np.zeros((200_000, 512))\n");
  EXPECT_EQ(nb.sources[1], "y = 1e5");
  EXPECT_EQ(serialize_notebook(nb, nb.sources), text);

  Parser parser;
  auto fixed = fix_cells(nb.sources, nb.cell_numbers(), all_default_rules(), parser, Applicability::Unsafe);
  ASSERT_EQ(fixed.fixed["MEM301"], 1u);
  const std::string out = serialize_notebook(nb, fixed.state);
  // The file is all ASCII, so the rewritten source escapes its non-ASCII text too; `<\/b>` is
  // read as `</b>` and written as JSON writes it.
  EXPECT_EQ(out, kForeignBefore + R"NB([
    "import numpy as np\n",
    "label = \"caf\u00e9 </b>\"\n",
    "x = np.zeros((200_000, 512), dtype=np.float32)\n"
   ])NB" + kForeignAfter);
  const auto reparsed = nlohmann::json::parse(out);
  EXPECT_EQ(reparsed["cells"][1]["source"][2], "x = np.zeros((200_000, 512), dtype=np.float32)\n");
  EXPECT_EQ(reparsed["cells"][0]["source"], "caf\xC3\xA9 \"]}\" </script>");
  EXPECT_EQ(parse_ok(out).sources, fixed.state);
}

TEST(NotebookFile, SourceSpansHoldEachCodeCellsSourceValue) {
  auto check = [](const std::string& text) {
    Notebook nb = parse_ok(text);
    ASSERT_EQ(nb.source_spans.size(), nb.sources.size()) << text;
    for (size_t k = 0; k < nb.sources.size(); ++k) {
      const auto [start, end] = nb.source_spans[k];
      ASSERT_LE(end, text.size());
      const auto value = nlohmann::json::parse(text.substr(start, end - start));
      std::string joined;
      if (value.is_string()) {
        joined = value.get<std::string>();
      } else {
        for (const auto& piece : value) joined += piece.get<std::string>();
      }
      EXPECT_EQ(joined, nb.sources[k]) << text;
    }
  };
  check(kForeignBefore + kForeignSource + kForeignAfter);
  check(kNbformatNotebook);
  // Escaped backslashes before quotes, brackets in strings, numbers against brackets, tabs and
  // CRs, keys spelled with escapes, a repeated `cells` key (the last one counts), nested values.
  check("{\"cells\":[],\"meta\\\\\":{\"a\":[1,2.5e-3,[{}],\"\\\\\\\"]}\"]},\r\n\t\"nbformat\":4,"
        "\"c\\u0065lls\" : [ {\"source\":[\"x\\\\\",\"]\"],\"outputs\":[[[[true]]],null,-1],\"cell_type\":\"code\"} ,"
        "{\"cell_type\":\"markdown\",\"source\":\"[\"},{\"cell_type\":\"code\",\"source\" :\t\"y = 1\\n\" } ]}");
  for (const char* sample : {"MEM301", "MEM401", "MEM602"}) {
    std::ifstream in(std::string(PML_SOURCE_DIR) + "/samples/" + sample + "/notebook.ipynb", std::ios::binary);
    check(std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()));
  }
}

TEST(NotebookFile, FixInACompactNotebookKeepsItOnOneLine) {
  const std::string before =
      R"NB({"cells":[{"cell_type":"code","execution_count":1,"metadata":{},"outputs":[{"name":"stdout","output_type":"stream","text":["caf\u00e9 <\/b> 1e5\n"]}],"source":)NB";
  const std::string after = R"NB(}],"metadata":{"x":1e5},"nbformat":4,"nbformat_minor":5})NB";
  const std::string text = before + R"NB(["import numpy as np\n","x = np.zeros((200_000, 512))"])NB" + after;
  Notebook nb = parse_ok(text);
  EXPECT_EQ(nb.indent, -1);
  Parser parser;
  auto fixed = fix_cells(nb.sources, nb.cell_numbers(), all_default_rules(), parser, Applicability::Unsafe);
  ASSERT_EQ(fixed.fixed["MEM301"], 1u);
  const std::string out = serialize_notebook(nb, fixed.state);
  EXPECT_EQ(out, before + R"NB(["import numpy as np\n","x = np.zeros((200_000, 512), dtype=np.float32)"])NB" + after);
  EXPECT_EQ(nlohmann::json::parse(out)["cells"][0]["source"][1], "x = np.zeros((200_000, 512), dtype=np.float32)");

  // Python's default separators (", ", ": ") are followed for a list of one line.
  const std::string spaced = R"NB({"cells": [{"cell_type": "code", "source": ["x = 1"]}], "nbformat": 4})NB";
  EXPECT_EQ(serialize_notebook(parse_ok(spaced), {"x = 1\ny = 2"}),
            R"NB({"cells": [{"cell_type": "code", "source": ["x = 1\n", "y = 2"]}], "nbformat": 4})NB");
}

TEST(NotebookFile, AnEmptySourceListGetsTheNotebooksIndentation) {
  const std::string text =
      "{\n \"cells\": [\n  {\n   \"cell_type\": \"code\",\n   \"source\": []\n  }\n ],\n \"nbformat\": 4\n}\n";
  EXPECT_EQ(serialize_notebook(parse_ok(text), {"a = 1\nb = 2\n"}),
            "{\n \"cells\": [\n  {\n   \"cell_type\": \"code\",\n   \"source\": [\n    \"a = 1\\n\",\n"
            "    \"b = 2\\n\"\n   ]\n  }\n ],\n \"nbformat\": 4\n}\n");
  const std::string compact = R"({"cells":[{"cell_type":"code","source":[]}],"nbformat":4})";
  EXPECT_EQ(serialize_notebook(parse_ok(compact), {"a = 1\nb = 2"}),
            R"({"cells":[{"cell_type":"code","source":["a = 1\n","b = 2"]}],"nbformat":4})");
  // And back to empty.
  EXPECT_EQ(serialize_notebook(parse_ok(R"({"cells":[{"cell_type":"code","source":["a"]}],"nbformat":4})"), {""}),
            R"({"cells":[{"cell_type":"code","source":[]}],"nbformat":4})");
}

TEST(NotebookFile, InvalidNotebooksSayWhy) {
  auto reason = [](std::string_view text) {
    std::string error;
    EXPECT_FALSE(parse_notebook(text, &error)) << text;
    return error;
  };
  EXPECT_NE(reason("{\"cells\": [").find("invalid notebook: not valid JSON: parse error at line 1"), std::string::npos);
  EXPECT_NE(reason("[]").find("not a JSON object"), std::string::npos);
  EXPECT_NE(reason(R"({"cells": []})").find("no `nbformat`"), std::string::npos);
  EXPECT_NE(reason(R"({"nbformat": 3, "worksheets": []})").find("only nbformat 4 is supported (the file has nbformat 3)"),
            std::string::npos);
  EXPECT_NE(reason(R"({"nbformat": 4})").find("`cells` is missing"), std::string::npos);
  EXPECT_NE(reason(R"({"nbformat": 4, "cells": [{"cell_type": "code", "source": 7}]})").find("cell 1: `source`"),
            std::string::npos);
  EXPECT_NE(reason("{\"nbformat\": 4, \"cells\": [], \"x\": \"\xff\"}").find("not valid UTF-8"), std::string::npos);
}

TEST(NotebookFile, OtherLanguagesAreNotPython) {
  Notebook nb = parse_ok(R"({"cells": [], "metadata": {"language_info": {"name": "R"}}, "nbformat": 4})");
  EXPECT_FALSE(nb.is_python);
}

// --- the command line ---------------------------------------------------------------------------

const std::vector<std::string> kCliCells = {"import numpy as np\nN = 200_000\n", "%matplotlib inline\nx = np.zeros((N, 512))\n"};

TEST(NotebookCli, ConciseAndFullShowTheCell) {
  TempDir d;
  d.write("nb.ipynb", notebook_json(kCliCells));
  auto r = run_pymemlint("check nb.ipynb --output-format concise -q", d.path());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.out.substr(0, r.out.find(" MEM301") + 7), "nb.ipynb:cell 3:2:5: MEM301") << r.out;
  r = run_pymemlint("check nb.ipynb --color never", d.path());
  EXPECT_NE(r.out.find("nb.ipynb:cell 3:2:5: MEM301"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2 | x = np.zeros((N, 512))\n"), std::string::npos) << r.out;
}

TEST(NotebookCli, JsonHasTheCellFieldAndDirectoriesIncludeNotebooks) {
  TempDir d;
  d.write("nb.ipynb", notebook_json(kCliCells));
  d.write("a.py", "import numpy as np\nx = np.zeros((200_000, 512))\n");
  auto r = run_pymemlint("check --output-format json", d.path());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j.size(), 2u) << r.out;
  EXPECT_TRUE(j[0]["cell"].is_null());
  EXPECT_EQ(j[0]["filename"], (d.path() / "a.py").string());
  EXPECT_EQ(j[1]["cell"], 3);
  EXPECT_EQ(j[1]["filename"], (d.path() / "nb.ipynb").string());
  EXPECT_EQ(j[1]["location"]["row"], 2);
  EXPECT_EQ(j[1]["location"]["column"], 5);
  EXPECT_EQ(j[1]["noqa_row"], 2);
  EXPECT_EQ(j[1]["estimated_bytes"], 819200000);
}

TEST(NotebookCli, DiffShowsChangedCellsAndWritesNothing) {
  TempDir d;
  const std::string text = notebook_json(kCliCells);
  d.write("nb.ipynb", text);
  auto r = run_pymemlint("check nb.ipynb --diff --unsafe-fixes", d.path());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.out,
            "--- nb.ipynb:cell 3\n+++ nb.ipynb:cell 3\n@@ -1,2 +1,2 @@\n %matplotlib inline\n"
            "-x = np.zeros((N, 512))\n+x = np.zeros((N, 512), dtype=np.float32)\n");
  EXPECT_EQ(d.read("nb.ipynb"), text);
}

TEST(NotebookCli, FixWritesTheCellBack) {
  TempDir d;
  d.write("nb.ipynb", notebook_json(kCliCells));
  auto r = run_pymemlint("check nb.ipynb --fix --unsafe-fixes", d.path());
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(d.read("nb.ipynb"),
            notebook_json({kCliCells[0], "%matplotlib inline\nx = np.zeros((N, 512), dtype=np.float32)\n"}));
  // Standard input named as a notebook: the fixed notebook goes to standard output.
  r = run_pymemlint("check - --stdin-filename in.ipynb --fix --unsafe-fixes", d.path(), notebook_json(kCliCells));
  EXPECT_EQ(r.out, d.read("nb.ipynb"));
}

TEST(NotebookCli, FixKeepsOutputsAndLayoutOfAForeignNotebook) {
  TempDir d;
  const std::string text = kForeignBefore + kForeignSource + kForeignAfter;
  d.write("nb.ipynb", text);
  auto r = run_pymemlint("check nb.ipynb --fix --unsafe-fixes", d.path());
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  const std::string out = d.read("nb.ipynb");
  EXPECT_EQ(out.substr(0, kForeignBefore.size()), kForeignBefore);
  ASSERT_GE(out.size(), kForeignAfter.size());
  EXPECT_EQ(out.substr(out.size() - kForeignAfter.size()), kForeignAfter);
  EXPECT_EQ(nlohmann::json::parse(out)["cells"][1]["source"][2], "x = np.zeros((200_000, 512), dtype=np.float32)\n");
}

TEST(NotebookCli, BadNotebookIsE902AndTheRunGoesOn) {
  TempDir d;
  d.write("broken.ipynb", "{\"cells\": [");
  d.write("old.ipynb", "{\"nbformat\": 3, \"worksheets\": []}\n");
  d.write("nb.ipynb", notebook_json(kCliCells));
  auto r = run_pymemlint("check . --output-format concise -q", d.path());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("broken.ipynb:1:1: E902 invalid notebook: not valid JSON"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("old.ipynb:1:1: E902 invalid notebook: only nbformat 4 is supported"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("nb.ipynb:cell 3:2:5: MEM301"), std::string::npos) << r.out;
  // --fix leaves a broken notebook alone.
  r = run_pymemlint("check broken.ipynb --fix", d.path());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(d.read("broken.ipynb"), "{\"cells\": [");
}

}  // namespace
}  // namespace pml::testing
