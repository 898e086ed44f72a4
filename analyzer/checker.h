// Linting and fixing one file's text: one parse, one cursor walk that builds the semantic model and
// collects the nodes rules subscribed to, then rule dispatch, noqa, and located diagnostics.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <bitset>
#include <memory>

#include "analyzer/diagnostic.h"
#include "analyzer/noqa.h"
#include "analyzer/semantic.h"
#include "analyzer/settings.h"
#include "analyzer/source.h"
#include "analyzer/syntax.h"

namespace pml {

using KindSet = std::bitset<static_cast<size_t>(Kind::Count_)>;

// Everything the one parse and the one walk produce for a file.
struct FileAnalysis {
  explicit FileAnalysis(std::string_view t) : text(t), lines(t), model(t) {}
  std::string_view text;
  Tree tree;
  std::unique_ptr<NodeTable> table;  // of `tree`, once it parsed without an error
  LineIndex lines;
  SemanticModel model;                                  // finished: references resolved
  struct Node {
    TSNode node;
    uint32_t scope;
  };
  std::vector<Node> nodes;                              // nodes of the wanted kinds, in document order
  std::vector<std::pair<uint32_t, uint32_t>> comments;  // byte ranges
  // The statements a test expects to raise: the last one of each `with pytest.raises(...)` block
  // (see expected_to_raise in checker.cpp). Byte ranges.
  std::vector<std::pair<uint32_t, uint32_t>> raising;
  NoqaIndex noqa;
  NoqaLineMap noqa_lines;  // where findings on lines that cannot carry a comment take their noqa row
  std::optional<SyntaxErrorInfo> syntax_error;          // then nothing else is filled in
};

// Parses `text` and walks it once, building the semantic model and collecting nodes of the
// kinds in `wanted`. The text must outlive the result. `old_tree`, when given, is a tree of an
// earlier version of the text, already edited with ts_tree_edit: tree-sitter reuses its unchanged
// parts (an editor's re-lint after a keystroke). `top_level_await`: the text is a notebook's cells,
// whose top level may `await` (and use `async for`, `async with`), as IPython compiles them.
std::unique_ptr<FileAnalysis> analyze(std::string_view text, Parser& parser, const KindSet& wanted = {},
                                      const TSTree* old_tree = nullptr, bool top_level_await = false);

struct LintResult {
  std::vector<Diagnostic> diagnostics;  // located, noqa applied, sorted by position then code
  bool syntax_error = false;            // then diagnostics holds the single E999 finding
};

// `row_namer`, when given, names rows in messages (notebooks name the cell).
// `tree`, when given, is in-out: on entry an edited tree of an earlier version of the text to
// reparse from (or empty), on return the tree of `text` (kept by the language server).
// `cell_ends`, for a notebook's joined cells: where each code cell ends (SemanticModel::set_cell_ends).
// Their top level may then `await`, as IPython's.
LintResult lint(std::string_view text, std::string_view newline, const Settings& settings, Parser& parser,
                const RowNamer* row_namer = nullptr, Tree* tree = nullptr,
                const std::vector<uint32_t>* cell_ends = nullptr);

struct FixResult {
  std::string text;                           // the fixed text; the input when nothing applied
  std::map<std::string, uint32_t> fixed;      // code -> fixes applied
  LintResult remaining;                       // findings in `text`
  std::optional<std::string> error;           // why fixes were abandoned (the input is kept)
  bool changed() const { return !fixed.empty(); }
};

// Applies fixes of at least the given applicability, re-lints and repeats until nothing applies
// (at most kMaxFixIterations rounds). Never returns text that parses worse than the input.
inline constexpr int kMaxFixIterations = 100;
FixResult fix(std::string text, std::string_view newline, const Settings& settings, Parser& parser,
              Applicability minimum);
// The loop itself, over any linter (tests drive it with linters that produce chosen fixes).
using LintFunction = std::function<LintResult(std::string_view text)>;
FixResult fix_loop(std::string text, const LintFunction& lint_text, Applicability minimum);

// The same loop over any state (a file's text, a notebook's cells): `lint_state(state)` lints it and
// `apply(state, diagnostics, minimum, counts)` applies one round, returning how many fixes applied.
template <class State>
struct FixRounds {
  State state;                                // the input when nothing applied or fixes were abandoned
  std::map<std::string, uint32_t> fixed;
  LintResult remaining;
  std::optional<std::string> error;
};
template <class State, class LintState, class ApplyRound>
FixRounds<State> fix_rounds(State state, const LintState& lint_state, const ApplyRound& apply, Applicability minimum) {
  FixRounds<State> result;
  const State original = state;
  LintResult current = lint_state(state);
  if (current.syntax_error) {
    result.state = std::move(state);
    result.remaining = std::move(current);
    return result;
  }
  for (int round = 0;; ++round) {
    if (round == kMaxFixIterations) {
      result.error = "fixes did not converge after " + std::to_string(kMaxFixIterations) + " rounds; kept the original";
      break;
    }
    if (apply(state, current.diagnostics, minimum, &result.fixed) == 0) {
      result.state = std::move(state);
      result.remaining = std::move(current);
      return result;
    }
    current = lint_state(state);
    if (current.syntax_error) {
      result.error = "applying fixes introduced a syntax error (" + current.diagnostics.front().message +
                     "); kept the original";
      break;
    }
  }
  // Abandon every change: the file stays exactly as it was.
  result.fixed.clear();
  result.state = original;
  result.remaining = lint_state(original);
  return result;
}

// One round of fix application over `diagnostics`: non-overlapping fixes in order of position.
// Returns the number of fixes applied and the per-code counts.
size_t apply_fixes(std::string& text, const std::vector<Diagnostic>& diagnostics, Applicability minimum,
                   std::map<std::string, uint32_t>* counts);

// Whether a fix may be applied at the given minimum applicability (display-only never is).
bool is_applicable(const Fix& fix, Applicability minimum);

// The E999/E902 findings the engine reports for files it cannot lint.
Diagnostic make_engine_diagnostic(std::string_view code, std::string message);

}  // namespace pml
