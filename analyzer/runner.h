// Running the per-file pipeline over many files on a pool of threads: read, decode, lint or fix,
// write back atomically. Each thread owns one parser; results come back in the tasks' order so
// output is deterministic whatever the thread count. Only findings are kept per file, never trees.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/discovery.h"
#include "analyzer/render.h"
#include "analyzer/syntax.h"

namespace pml {

enum class RunMode {
  Check,  // report findings
  Fix,    // apply fixes and write files
  Diff,   // compute fixes and show them as a diff; write nothing
  // add a `# noqa: CODES` directive for every finding, on its noqa row, and write the file
  // (notebooks and files that do not parse are left alone, with a warning)
  AddNoqa,
};

struct RunOptions {
  RunMode mode = RunMode::Check;
  std::optional<bool> unsafe_fixes;  // the command line's choice; else each file's configuration
  unsigned threads = 0;              // 0: one per core
  bool ignore_noqa = false;          // --ignore-noqa: every file's Settings::ignore_noqa
  std::string stdin_text;            // the text of the task marked is_stdin
};

struct FileOutcome {
  FileReport report;                      // the findings that remain
  std::map<std::string, uint32_t> fixed;  // code -> fixes applied (Fix and Diff modes)
  std::string diff;                       // Diff mode: the unified diff, empty when nothing changes
  std::optional<std::string> fixed_text;  // Fix mode on standard input: the text to print
  std::vector<std::string> warnings;      // e.g. fixes abandoned because they broke the syntax
  uint32_t noqa_added = 0;                // AddNoqa mode: the directives added or extended
  bool write_failed = false;              // the file's new text could not be written
};

// The effective thread count for a request (0 means one per core, at least 1).
unsigned effective_threads(unsigned requested);

std::vector<FileOutcome> run_files(const std::vector<FileTask>& tasks, const RunOptions& options);

// One file, on the calling thread (exposed for tests and for the language server later).
FileOutcome process_file(const FileTask& task, const RunOptions& options, Parser& parser);

}  // namespace pml
