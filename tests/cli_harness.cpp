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
