#include "tests/cli_harness.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace pml::testing {

namespace {
std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
}  // namespace

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

CommandResult run_pymemlint(const std::string& args, const std::filesystem::path& cwd, const std::string& stdin_text,
                            const std::string& env) {
  return run_shell(shell_quote(PML_BINARY) + " " + args, cwd, stdin_text, env);
}

bool running_as_root() { return ::geteuid() == 0; }

namespace {
std::string setpriv_prefix() {
  return "setpriv --reuid=" + std::to_string(kUnprivilegedId) + " --regid=" + std::to_string(kUnprivilegedId) +
         " --clear-groups ";
}
}  // namespace

std::string why_permission_tests_cannot_run() {
  if (!running_as_root()) return "";
  // Once per process: can nobody run the binary (setpriv present, privileges droppable, the
  // binary's directories searchable by others)?
  static const std::string why = [] {
    TempDir d;
    auto r = run_shell(setpriv_prefix() + shell_quote(PML_BINARY) + " --version", d.path());
    if (r.exit_code == 0) return std::string();
    return "running as root, and `" + setpriv_prefix() + "pymemlint --version` fails (exit " +
           std::to_string(r.exit_code) + ": " + r.err.substr(0, 300) +
           "): permission bits cannot be tested (install util-linux's setpriv, or run the tests as a plain user)";
  }();
  return why;
}

void open_tree_to_everyone(const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  const auto read_all = fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read;
  const auto search_all = fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec;
  fs::permissions(dir, read_all | search_all, fs::perm_options::add);
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_symlink()) continue;
    fs::permissions(e.path(), e.is_directory() ? read_all | search_all : read_all, fs::perm_options::add);
  }
}

CommandResult run_pymemlint_unprivileged(const std::string& args, const std::filesystem::path& cwd) {
  std::string prefix = running_as_root() ? setpriv_prefix() : std::string();
  return run_shell(prefix + shell_quote(PML_BINARY) + " " + args, cwd);
}

CommandResult run_shell(const std::string& command, const std::filesystem::path& cwd, const std::string& stdin_text,
                        const std::string& env) {
  TempDir io;
  auto in = io.write("stdin", stdin_text);
  auto out = io.path() / "stdout";
  auto err = io.path() / "stderr";
  std::string cmd = "cd " + shell_quote(cwd.string()) + " && " + env + " " + command + " <" +
                    shell_quote(in.string()) + " >" + shell_quote(out.string()) + " 2>" + shell_quote(err.string());
  int status = std::system(cmd.c_str());
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = slurp(out);
  r.err = slurp(err);
  return r;
}

}  // namespace pml::testing
