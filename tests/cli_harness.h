// Running the real pymemlint binary from tests, in throwaway directories.
#pragma once

#include <filesystem>
#include <string>

namespace pml::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `pymemlint <args>` through /bin/sh in `cwd`; `args` is shell syntax.
CommandResult run_pymemlint(const std::string& args, const std::filesystem::path& cwd,
                            const std::string& stdin_text = {}, const std::string& env = {});

// A fresh temporary directory, removed when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path write(const std::string& relative, const std::string& content) const;
  std::string read(const std::string& relative) const;

 private:
  std::filesystem::path path_;
};

}  // namespace pml::testing
