// `pymemlint check`: lint paths, optionally fixing them.
#pragma once

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

namespace pml::cli {

struct CheckOptions {
  std::vector<std::string> paths;
  // Rule selection
  std::vector<std::string> select;
  bool select_given = false;
  std::vector<std::string> ignore;
  std::vector<std::string> extend_select;
  std::vector<std::string> fixable;
  bool fixable_given = false;
  std::vector<std::string> extend_fixable;
  std::vector<std::string> unfixable;
  std::vector<std::string> exclude;
  bool exclude_given = false;
  std::vector<std::string> extend_exclude;
  // Output
  std::string output_format;  // empty: the configuration's `output-format` (default: full)
  bool statistics = false;
  bool quiet = false;
  bool silent = false;
  std::string color = "auto";
  bool show_fixes = false;
  bool no_show_fixes = false;
  bool show_files = false;
  bool show_settings = false;
  std::string output_file;  // -o: the report goes there instead of standard output
  // Fixes
  bool fix = false;
  bool no_fix = false;
  bool unsafe_fixes = false;
  bool no_unsafe_fixes = false;
  bool diff = false;
  bool fix_only = false;
  bool no_fix_only = false;
  bool add_noqa = false;
  // Run
  bool exit_zero = false;
  bool exit_non_zero_on_fix = false;
  bool ignore_noqa = false;
  std::vector<std::string> config;  // each a configuration file or a TOML `KEY = VALUE`
  bool isolated = false;
  unsigned threads = 0;
  std::string stdin_filename;
  bool force_exclude = false;
  bool no_force_exclude = false;
  bool respect_gitignore = false;
  bool no_respect_gitignore = false;
};

void add_check_command(CLI::App& app, CheckOptions& options);

// Runs the check; returns the process exit code (0, 1 or 2, as Ruff's).
int run_check(const CheckOptions& options);

}  // namespace pml::cli
