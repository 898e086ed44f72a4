#include "analyzer/runner.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <map>
#include <thread>

#include "analyzer/checker.h"
#include "analyzer/diff.h"
#include "analyzer/fsutil.h"
#include "analyzer/memory.h"
#include "analyzer/noqa.h"
#include "analyzer/notebook.h"
#include "analyzer/source.h"
#include "rules/meta/unused_noqa.h"
#include "rules/registry.h"

namespace pml {

unsigned effective_threads(unsigned requested) {
  if (requested > 0) return requested;
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : n;
}

namespace {

// Files at least this large give their memory back to the system once linted (see process_file).
constexpr size_t kReleaseAfterBytes = 256 * 1024;

Diagnostic io_error(std::string message) {
  Diagnostic d = make_engine_diagnostic(kIoErrorCode, std::move(message));
  d.source_line = "";
  return d;
}

// The notebook half of process_file: the cells are linted as one text and fixed cell by cell.
FileOutcome process_notebook(const FileTask& task, const RunOptions& options, const Settings& settings, Parser& parser,
                             const std::string& bytes, FileOutcome out) {
  std::string error;
  std::optional<Notebook> notebook = parse_notebook(bytes, &error);
  if (!notebook) {
    out.report.diagnostics.push_back(io_error(std::move(error)));
    return out;
  }
  if (!notebook->is_python) return out;
  const std::vector<uint32_t> cells = notebook->cell_numbers();
  if (options.mode == RunMode::Check) {
    out.report.diagnostics = lint_cells(notebook->sources, cells, settings, parser).diagnostics;
    return out;
  }
  bool unsafe = options.unsafe_fixes.value_or(settings.unsafe_fixes);
  auto fixed = fix_cells(notebook->sources, cells, settings, parser,
                         unsafe ? Applicability::Unsafe : Applicability::Safe);
  if (fixed.error) out.warnings.push_back(task.display_path + ": " + *fixed.error);
  if (!fixed.fixed.empty()) {
    if (options.mode == RunMode::Diff) {
      out.diff = notebook_diff(notebook->sources, fixed.state, cells, task.display_path);
    } else if (task.is_stdin) {
      out.fixed_text = serialize_notebook(*notebook, fixed.state);
    } else if (std::string reason; !atomic_write(task.path, serialize_notebook(*notebook, fixed.state), &reason)) {
      out.report.diagnostics = lint_cells(notebook->sources, cells, settings, parser).diagnostics;
      out.report.diagnostics.insert(out.report.diagnostics.begin(), io_error("cannot write fixes: " + reason));
      return out;
    }
    out.fixed = std::move(fixed.fixed);
  }
  out.report.diagnostics = std::move(fixed.remaining.diagnostics);
  return out;
}

// The AddNoqa half of process_one: each finding's code goes into a `# noqa:` on its noqa row (the
// row Ruff's line mapping gives it, past backslash continuations and multi-line strings), several
// codes of a row into one directive, sorted; an existing `# noqa:` list is extended. Nothing is
// written unless the result still parses.
FileOutcome add_noqa(const FileTask& task, const DecodedSource& source, const Settings& settings, Parser& parser,
                     FileOutcome out) {
  const std::string& text = source.text;
  Tree tree;
  LintResult found = lint(text, source.newline, settings, parser, nullptr, &tree);
  if (found.syntax_error) {
    out.warnings.push_back(task.display_path + ": not changed: it does not parse (" + std::string(kSyntaxErrorCode) + ")");
    return out;
  }
  std::map<uint32_t, std::vector<std::string>> codes_by_row;  // 0-based rows
  for (const Diagnostic& d : found.diagnostics) {
    if (!find_rule(d.code) || d.noqa_row == 0) continue;  // engine findings (E902) take no noqa
    if (d.code == kUnusedNoqaCode) continue;  // an unused directive is not silenced by adding another
    std::vector<std::string>& codes = codes_by_row[d.noqa_row - 1];
    if (std::find(codes.begin(), codes.end(), d.code) == codes.end()) codes.push_back(d.code);
  }
  if (codes_by_row.empty()) return out;
  LineIndex lines(text);
  std::string changed;
  changed.reserve(text.size() + 32 * codes_by_row.size());
  uint32_t copied = 0, added = 0;
  for (auto& [row, codes] : codes_by_row) {
    std::sort(codes.begin(), codes.end());
    std::optional<Edit> edit = noqa_edit(text, lines, tree.get(), row, codes);
    if (!edit) {
      out.warnings.push_back(task.display_path + ":" + std::to_string(row + 1) +
                             ": no `# noqa` added: the line cannot take a comment, or already has a bare `# noqa`");
      continue;
    }
    changed.append(text, copied, edit->start - copied);
    changed += edit->content;
    copied = edit->end;
    ++added;
  }
  if (added == 0) return out;
  changed.append(text, copied, std::string::npos);
  LintResult after = lint(changed, source.newline, settings, parser);
  if (after.syntax_error) {
    out.warnings.push_back(task.display_path + ": not changed: the directives would break its syntax");
    return out;
  }
  std::string reason;
  auto encoded = encode_source(source, changed, &reason);
  if (!encoded || !atomic_write(task.path, *encoded, &reason)) {
    out.warnings.push_back(task.display_path + ": cannot write the directives: " + reason);
    out.write_failed = true;
    return out;
  }
  out.noqa_added = added;
  out.report.diagnostics = std::move(after.diagnostics);  // what no directive could silence
  return out;
}

// process_file without its last step.
FileOutcome process_one(const FileTask& task, const RunOptions& options, Parser& parser) {
  FileOutcome out;
  out.report.display_path = task.display_path;
  out.report.absolute_path = task.is_stdin && task.path == "-" ? "-" : task.path.string();
  // What --fix would do with this file's unsafe fixes, for `[*]` and the summary's counts.
  out.report.unsafe_fixes = options.unsafe_fixes.value_or(task.settings && task.settings->unsafe_fixes);

  std::string bytes;
  if (task.is_stdin) {
    bytes = options.stdin_text;
  } else {
    std::string error;
    auto read = read_file(task.path, &error);
    if (!read) {
      out.report.diagnostics.push_back(io_error("cannot read the file: " + error));
      return out;
    }
    bytes = std::move(*read);
  }
  // The task's settings, with the run's own choices applied.
  Settings adjusted;
  if (options.ignore_noqa) {
    adjusted = *task.settings;
    adjusted.ignore_noqa = true;
  }
  const Settings& settings = options.ignore_noqa ? adjusted : *task.settings;
  if (is_notebook_path(task.path.string())) {
    if (options.mode == RunMode::AddNoqa) {
      out.warnings.push_back(task.display_path + ": not changed: --add-noqa does not edit notebooks");
      return out;
    }
    return process_notebook(task, options, settings, parser, bytes, std::move(out));
  }
  DecodeResult decoded = decode_source(std::move(bytes));
  if (decoded.error) {
    out.report.diagnostics.push_back(io_error(decoded.error->reason));
    return out;
  }
  const DecodedSource& source = *decoded.source;

  if (options.mode == RunMode::Check) {
    out.report.diagnostics = lint(source.text, source.newline, settings, parser).diagnostics;
    if (source.text.size() >= kReleaseAfterBytes) release_freed_memory();
    return out;
  }
  if (options.mode == RunMode::AddNoqa) return add_noqa(task, source, settings, parser, std::move(out));

  bool unsafe = options.unsafe_fixes.value_or(settings.unsafe_fixes);
  FixResult fixed = fix(source.text, source.newline, settings, parser,
                        unsafe ? Applicability::Unsafe : Applicability::Safe);
  if (fixed.error) out.warnings.push_back(task.display_path + ": " + *fixed.error);
  if (fixed.changed()) {
    if (options.mode == RunMode::Diff) {
      out.diff = unified_diff(source.text, fixed.text, task.display_path);
      out.fixed = std::move(fixed.fixed);
      // What --diff reports is what --fix would leave behind.
    } else if (task.is_stdin) {
      std::string reason;
      auto encoded = encode_source(source, fixed.text, &reason);
      if (!encoded) {
        // The text goes back unchanged (see process_file), with the findings it still has.
        out.report.diagnostics = lint(source.text, source.newline, settings, parser).diagnostics;
        out.report.diagnostics.insert(out.report.diagnostics.begin(), io_error("cannot write fixes: " + reason));
        return out;
      }
      out.fixed_text = std::move(*encoded);
      out.fixed = std::move(fixed.fixed);
    } else {
      std::string reason;
      auto encoded = encode_source(source, fixed.text, &reason);
      if (!encoded || !atomic_write(task.path, *encoded, &reason)) {
        // Nothing was written: report what is still in the file, and why it was not fixed.
        out.report.diagnostics = lint(source.text, source.newline, settings, parser).diagnostics;
        out.report.diagnostics.insert(out.report.diagnostics.begin(), io_error("cannot write fixes: " + reason));
        return out;
      }
      out.fixed = std::move(fixed.fixed);
    }
  }
  out.report.diagnostics = std::move(fixed.remaining.diagnostics);
  return out;
}

// What `check --fix` prints for standard input when nothing else was made of it.
void echo_stdin(const FileTask& task, const RunOptions& options, FileOutcome& out) {
  // The text comes back, fixed or not: one that could not be linted (E902) or fixed comes back
  // unchanged, never as nothing, which an editor would replace its buffer with.
  if (options.mode == RunMode::Fix && task.is_stdin && !out.fixed_text) out.fixed_text = options.stdin_text;
}

}  // namespace

FileOutcome process_file(const FileTask& task, const RunOptions& options, Parser& parser) {
  FileOutcome out = process_one(task, options, parser);
  echo_stdin(task, options, out);
  return out;
}

std::vector<FileOutcome> run_files(const std::vector<FileTask>& tasks, const RunOptions& options) {
  std::vector<FileOutcome> outcomes(tasks.size());
  unsigned threads = std::min<unsigned>(effective_threads(options.threads), std::max<size_t>(tasks.size(), 1));
  std::atomic<size_t> next{0};
  auto worker = [&] {
    Parser parser;
    for (size_t i = next.fetch_add(1); i < tasks.size(); i = next.fetch_add(1)) {
      try {
        outcomes[i] = process_file(tasks[i], options, parser);
      } catch (const std::exception& e) {
        // An internal failure on one file must not take the others down.
        FileOutcome failed;
        failed.report.display_path = tasks[i].display_path;
        failed.report.absolute_path = tasks[i].path.string();
        failed.report.diagnostics.push_back(io_error(std::string("internal error while linting: ") + e.what()));
        echo_stdin(tasks[i], options, failed);
        outcomes[i] = std::move(failed);
      }
    }
  };
  if (threads <= 1) {
    worker();
    return outcomes;
  }
  std::vector<std::thread> pool;
  pool.reserve(threads);
  for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
  return outcomes;
}

}  // namespace pml
