// Running the real pymemlint binary from tests, in throwaway directories.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

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

// Runs `pymemlint <args>` (one argument per element, no shell) in `cwd` with its standard input,
// output and error on a pseudo-terminal, as in an interactive shell. NO_COLOR is removed from the
// environment it inherits; `env` (`NAME=value` each) is added. `out` is everything the terminal
// received (the terminal turns each "\n" into "\r\n"); `err` is empty.
CommandResult run_pymemlint_in_terminal(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                                        const std::vector<std::string>& env = {});

// Tests of permission bits (unreadable files and directories) cannot be run as root, whom the
// kernel lets read anything. When the tests run as root, such a test runs pymemlint as the
// unprivileged user nobody (uid and gid 65534) through util-linux's setpriv instead.
//
// Why such a test cannot run here: "" when it can (not root, or root with a working setpriv);
// otherwise the reason, for GTEST_SKIP.
std::string why_permission_tests_cannot_run();
// The uid and gid the unprivileged runs use (65534), and whether the tests run as root at all.
inline constexpr unsigned kUnprivilegedId = 65534;
bool running_as_root();

// Opens the tree below `dir` (and `dir` itself, which mkdtemp made 0700) to every user: adds read
// and search permission for all, so that nobody can reach the files. Call it after writing the
// files and before removing permissions from the deliberately unreadable parts.
void open_tree_to_everyone(const std::filesystem::path& dir);

// Like run_pymemlint, but as nobody when the tests run as root (see above); as the current user
// otherwise. The shell that redirects the output still runs as the current user.
CommandResult run_pymemlint_unprivileged(const std::string& args, const std::filesystem::path& cwd);

}  // namespace pml::testing
