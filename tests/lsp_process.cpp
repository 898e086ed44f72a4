#include "tests/lsp_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace pml::testing {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

LspProcess::LspProcess(const std::filesystem::path& cwd) {
  signal(SIGPIPE, SIG_IGN);  // a server that died must fail the test, not kill it
  char name[] = "/tmp/pml-lsp-stderr-XXXXXX";
  int err_fd = mkstemp(name);
  if (err_fd < 0) throw std::runtime_error("mkstemp failed");
  stderr_path_ = name;
  int in[2], out[2];
  if (pipe(in) != 0 || pipe(out) != 0) throw std::runtime_error("pipe failed");
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    if (chdir(cwd.c_str()) != 0) _exit(127);
    dup2(in[0], 0);
    dup2(out[1], 1);
    dup2(err_fd, 2);
    close(in[0]);
    close(in[1]);
    close(out[0]);
    close(out[1]);
    close(err_fd);
    execl(PML_BINARY, "pymemlint", "server", static_cast<char*>(nullptr));
    _exit(127);
  }
  close(in[0]);
  close(out[1]);
  close(err_fd);
  to_child_ = in[1];
  from_child_ = out[0];
}

LspProcess::~LspProcess() {
  if (to_child_ >= 0) close(to_child_);
  if (!exit_code_ && pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  if (from_child_ >= 0) close(from_child_);
  std::error_code ec;
  std::filesystem::remove(stderr_path_, ec);
}

void LspProcess::send_raw(const std::string& bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = write(to_child_, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw std::runtime_error("the server stopped reading its input");
    done += static_cast<size_t>(n);
  }
}

void LspProcess::send(const json& message) {
  std::string body = message.dump();
  send_raw("Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
}

void LspProcess::close_input() {
  if (to_child_ >= 0) close(to_child_);
  to_child_ = -1;
}

std::optional<json> LspProcess::read_message(std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  for (;;) {
    // A complete frame in the buffer?
    size_t header_end = buffer_.find("\r\n\r\n");
    if (header_end != std::string::npos) {
      size_t at = buffer_.find("Content-Length: ");
      if (at == std::string::npos || at > header_end) throw std::runtime_error("a frame without Content-Length");
      size_t length = std::stoul(buffer_.substr(at + 16, header_end - at - 16));
      if (buffer_.size() >= header_end + 4 + length) {
        json message = json::parse(buffer_.substr(header_end + 4, length));
        buffer_.erase(0, header_end + 4 + length);
        return message;
      }
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return std::nullopt;
    pollfd p{from_child_, POLLIN, 0};
    int r = poll(&p, 1, static_cast<int>(left));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return std::nullopt;
    char chunk[65536];
    ssize_t n = read(from_child_, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return std::nullopt;  // end of output
    buffer_.append(chunk, static_cast<size_t>(n));
  }
}

std::optional<json> LspProcess::next(std::chrono::milliseconds timeout) {
  if (!queued_.empty()) {
    json m = std::move(queued_.front());
    queued_.pop_front();
    return m;
  }
  return read_message(timeout);
}

json LspProcess::request(const std::string& method, const json& params) {
  int id = next_id_++;
  send({{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}});
  for (;;) {
    auto m = read_message(std::chrono::seconds(20));
    if (!m) throw std::runtime_error("no response to " + method + "; server stderr: " + stderr_text());
    if (m->contains("id") && (*m)["id"] == id && !m->contains("method")) return *m;
    queued_.push_back(std::move(*m));
  }
}

void LspProcess::notify(const std::string& method, const json& params) {
  send({{"jsonrpc", "2.0"}, {"method", method}, {"params", params}});
}

std::optional<json> LspProcess::wait_notification(const std::string& method, std::chrono::milliseconds timeout) {
  for (auto it = queued_.begin(); it != queued_.end(); ++it)
    if (it->value("method", "") == method) {
      json m = std::move(*it);
      queued_.erase(it);
      return m;
    }
  auto deadline = Clock::now() + timeout;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return std::nullopt;
    auto m = read_message(left);
    if (!m) return std::nullopt;
    if (m->value("method", "") == method) return m;
    queued_.push_back(std::move(*m));
  }
}

bool LspProcess::running() {
  if (exit_code_) return false;
  int status = 0;
  pid_t r = waitpid(pid_, &status, WNOHANG);
  if (r == pid_) {
    exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return false;
  }
  return true;
}

std::optional<int> LspProcess::wait_exit(std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  while (running()) {
    if (Clock::now() > deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return exit_code_;
}

std::string LspProcess::stderr_text() const {
  std::ifstream in(stderr_path_, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace pml::testing
