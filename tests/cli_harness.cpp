#include "tests/cli_harness.h"

#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
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

CommandResult run_pymemlint_in_terminal(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                                        const std::vector<std::string>& env) {
  // Everything the child needs is built before the fork: it only calls chdir and execve.
  std::vector<std::string> argv_s{PML_BINARY};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<std::string> envp_s;
  for (char** e = environ; *e; ++e)
    if (std::strncmp(*e, "NO_COLOR=", 9) != 0) envp_s.emplace_back(*e);
  envp_s.insert(envp_s.end(), env.begin(), env.end());
  std::vector<char*> argv, envp;
  for (auto& a : argv_s) argv.push_back(a.data());
  for (auto& e : envp_s) envp.push_back(e.data());
  argv.push_back(nullptr);
  envp.push_back(nullptr);
  const std::string dir = cwd.string();

  int master = -1;
  pid_t pid = ::forkpty(&master, nullptr, nullptr, nullptr);
  if (pid < 0) throw std::runtime_error(std::string("forkpty: ") + std::strerror(errno));
  if (pid == 0) {
    if (::chdir(dir.c_str()) == 0) ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  CommandResult r;
  char buf[4096];
  for (;;) {
    pollfd p{master, POLLIN, 0};
    int ready = ::poll(&p, 1, 60'000);
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) {  // an error, or 60 s without output: stop the child rather than hang
      ::kill(pid, SIGKILL);
      break;
    }
    ssize_t n = ::read(master, buf, sizeof buf);
    if (n > 0) {
      r.out.append(buf, static_cast<size_t>(n));
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      break;  // EIO once the child has closed the terminal and its output is drained
    }
  }
  ::close(master);
  int status = 0;
  ::waitpid(pid, &status, 0);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
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
