// Running the real pymemlint binary from tests, in throwaway directories.
#pragma once

#include <filesystem>
#include <string>

#include "tests/temp_dir.h"

namespace pml::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `command` (shell syntax) through /bin/sh in `cwd`, with `env` (`NAME=value ...`, shell
// syntax) set for it, capturing both output streams.
CommandResult run_shell(const std::string& command, const std::filesystem::path& cwd,
                        const std::string& stdin_text = {}, const std::string& env = {});

// Single-quotes `s` for the shell.
std::string shell_quote(const std::string& s);

// Runs `pymemlint <args>` through /bin/sh in `cwd`; `args` is shell syntax.
CommandResult run_pymemlint(const std::string& args, const std::filesystem::path& cwd,
                            const std::string& stdin_text = {}, const std::string& env = {});

}  // namespace pml::testing
