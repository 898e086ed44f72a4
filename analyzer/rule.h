// The contract between the engine and a rule. A rule names the node kinds it wants; the checker's
// single walk collects those nodes and calls `check` for each, with a Context that answers
// questions from the semantic model. Rules never walk the tree themselves.
#pragma once

#include <map>
#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <string_view>
#include <vector>

#include "analyzer/diagnostic.h"
#include "analyzer/settings.h"
#include "analyzer/source.h"
#include "analyzer/syntax.h"

namespace pml {

class SemanticModel;
class ScopeFlow;
class LineIndex;
class ValueAnalyzer;

// Whether the rule's findings come with a fix `--fix` can apply (safe or, with `--unsafe-fixes`,
// unsafe). DisplayOnly: its findings suggest an edit that is shown, never applied.
enum class FixAvailability { None, DisplayOnly, Sometimes, Always };

// Documentation, printed by `pymemlint rule CODE`; every section is required (a test checks it).
struct RuleDoc {
  std::string_view what_it_does;
  std::string_view why_bad;
  std::string_view example;      // Python code
  std::string_view use_instead;  // Python code
  std::string_view fix_safety;
  std::string_view options;      // configuration keys that affect the rule
  std::string_view references;   // one link per line
};

struct RuleInfo {
  std::string_view code;  // "MEM301"
  std::string_view name;  // "float64-by-default"
  std::string_view summary;
  FixAvailability fix = FixAvailability::None;
  bool default_enabled = true;
  RuleDoc doc;
  // Whether findings of unknown size are reported in test code (SemanticModel::in_test_code). Rules
  // about memory that set it false report there only what they know to be large: tests hold small
  // data far more often than not, and audits found such findings false almost every time.
  bool unknown_sizes_in_tests = true;
};

// Documentation URL for a rule, as in the JSON `url` field.
std::string rule_url(std::string_view name);

class Context {
 public:
  Context(std::string_view text, const SemanticModel& model, const ValueAnalyzer& values, const LineIndex& lines,
          const Settings& settings, std::string_view newline, std::vector<Diagnostic>& out);
  ~Context();
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  std::string_view text() const { return text_; }
  std::string_view text_of(TSNode n) const { return node_text(n, text_); }
  const SemanticModel& model() const { return model_; }
  const ValueAnalyzer& values() const { return values_; }
  const LineIndex& lines() const { return lines_; }
  // How messages name the row holding byte `offset`: "line 12", or "cell 3, line 2" in a notebook.
  std::string line_ref(uint32_t offset) const;
  void set_row_namer(const RowNamer* namer) { row_namer_ = namer; }
  const Settings& settings() const { return settings_; }
  std::string_view newline() const { return newline_; }
  // The scope the node being checked is in.
  uint32_t scope() const { return scope_; }
  void set_scope(uint32_t s) { scope_ = s; }

  // Fully qualified name of an expression (`np.zeros` -> "numpy.zeros") at the current node, or
  // empty when it is not an imported or builtin name.
  const std::string& qualified_name(TSNode expr) const;

  // The control flow graph of a scope, built on first use and shared by every rule for this
  // file (check `ok()` before asking it anything).
  const ScopeFlow& flow(uint32_t scope) const;

  // A result several rules need (the lifetime rules' candidates of a scope, say): computed by the
  // first rule that asks, then kept for the file. `tag` tells the kinds of result apart (the
  // address of a static in the code that asks); `key` a scope or binding id.
  template <typename T, typename Compute>
  const T& shared(const void* tag, uint32_t key, Compute compute) const {
    auto& slot = shared_[{tag, key}];
    if (!slot) slot = std::make_shared<T>(compute());
    return *static_cast<const T*>(slot.get());
  }

  // The key of Fix::isolation for a fix that concerns `name` in the current scope.
  std::string isolation_key(std::string_view name) const;

  void report(const RuleInfo& rule, TSNode at, std::string message, std::optional<Fix> fix = std::nullopt,
              std::optional<uint64_t> estimated_bytes = std::nullopt);

 private:
  std::string_view text_;
  const SemanticModel& model_;
  const ValueAnalyzer& values_;
  const LineIndex& lines_;
  const Settings& settings_;
  std::string_view newline_;
  std::vector<Diagnostic>& out_;
  uint32_t scope_ = 0;
  const RowNamer* row_namer_ = nullptr;
  mutable std::unordered_map<uint32_t, std::unique_ptr<ScopeFlow>> flows_;
  mutable std::map<std::pair<const void*, uint32_t>, std::shared_ptr<void>> shared_;
};

class Rule {
 public:
  virtual ~Rule() = default;
  virtual const RuleInfo& info() const = 0;
  virtual std::span<const Kind> kinds() const = 0;
  // Words one of which any file the rule can report on contains (the modules whose values the rule
  // is about: "multiprocessing", say). The checker runs the rule only on a file holding one of them,
  // which spares the rule's value queries on every other file. Empty: every file.
  virtual std::span<const std::string_view> needs_text() const { return {}; }
  virtual void check(TSNode node, Context& ctx) const = 0;
};

}  // namespace pml
