// The real `pymemlint server` process behind two pipes, for tests that speak LSP to it.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <deque>
#include <filesystem>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace pml::testing {

class LspProcess {
 public:
  // Starts `pymemlint server` in `cwd`; its stderr goes to a file (see stderr_text()).
  explicit LspProcess(const std::filesystem::path& cwd);
  ~LspProcess();  // kills the process if it is still running
  LspProcess(const LspProcess&) = delete;
  LspProcess& operator=(const LspProcess&) = delete;

  void send(const nlohmann::json& message);  // framed with Content-Length
  void send_raw(const std::string& bytes);   // exactly these bytes
  void close_input();

  // The next message from the server, or nullopt after `timeout` (or at end of output).
  std::optional<nlohmann::json> next(std::chrono::milliseconds timeout = std::chrono::seconds(20));
  // Sends a request and returns its response; notifications that arrive meanwhile are queued.
  nlohmann::json request(const std::string& method, const nlohmann::json& params);
  void notify(const std::string& method, const nlohmann::json& params);
  // The next notification with this method (from the queue first), or nullopt after `timeout`.
  std::optional<nlohmann::json> wait_notification(const std::string& method,
                                                  std::chrono::milliseconds timeout = std::chrono::seconds(20));

  // Waits for the process to end; its exit code, or nullopt after `timeout`.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout = std::chrono::seconds(20));
  bool running();
  std::string stderr_text() const;

 private:
  std::optional<nlohmann::json> read_message(std::chrono::milliseconds timeout);
  pid_t pid_ = -1;
  int to_child_ = -1;
  int from_child_ = -1;
  std::string buffer_;
  std::deque<nlohmann::json> queued_;
  int next_id_ = 1;
  std::filesystem::path stderr_path_;
  std::optional<int> exit_code_;
};

}  // namespace pml::testing
