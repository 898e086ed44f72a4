// File discovery: turning the paths given on the command line into the list of Python files to
// lint, each with the Settings of the configuration that governs it.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/config.h"
#include "analyzer/settings.h"

namespace pml {

struct FileTask {
  // Absolute and lexically normalized. For standard input: the absolute --stdin-filename, or "-".
  std::filesystem::path path;
  // Relative to the cwd when below it, else absolute; "-" for standard input without a file name.
  std::string display_path;
  std::shared_ptr<const Settings> settings;
  bool is_stdin = false;  // read the text from standard input, not from `path`
};

enum class ProblemKind {
  NotFound,       // a path given on the command line does not exist: a usage error (exit 2); lint the rest
  Unreadable,     // a path or directory that cannot be read or listed: report E902 for it
  InvalidConfig,  // a configuration file is invalid: the files it governs are not linted
};

struct DiscoveryProblem {
  std::filesystem::path path;  // absolute: the path concerned, or the invalid configuration file
  std::string display_path;
  std::string reason;  // the system's message ("No such file or directory"), or the config error
  ProblemKind kind = ProblemKind::NotFound;
};

struct DiscoveryResult {
  // Sorted by path (fs::path order). Each file once: a name given twice, or several names of one
  // file (a symlink and its target, a directory through a symlink), keep the name from the
  // earliest path given. Hard links are separate files.
  std::vector<FileTask> files;
  std::vector<DiscoveryProblem> problems;   // sorted by path
  // Standard input was named (`--stdin-filename`) after a path that --force-exclude excludes: it
  // is not linted (and `check --fix` must still give the text back, as Ruff does).
  bool stdin_excluded = false;
};

// Finds the files to lint under `paths` (none means "."; "-" means standard input, named by
// `stdin_filename` for display and for finding its configuration when given).
//
// Directories are walked recursively for `*.py` and `*.ipynb` files without following symlinks; the excludes of
// the governing configuration and, inside a git work tree, .gitignore rules prune what is walked.
// Files named explicitly are always linted, unless the configuration that governs them says
// `force-exclude = true` (--force-exclude sets it through CliOverrides): then the excludes (not .gitignore) apply to them
// and to their parent directories up to the governing configuration's root. Each file or directory
// is excluded by the configuration of the directory that holds it, and its .gitignore rules apply
// unless that configuration says `respect-gitignore = false`.
DiscoveryResult discover(const std::vector<std::filesystem::path>& paths, ConfigResolver& resolver,
                         const std::optional<std::filesystem::path>& stdin_filename = std::nullopt);

}  // namespace pml
