// A fresh temporary directory for tests, removed with everything in it when the object dies.
#pragma once

#include <filesystem>
#include <string>

namespace pml::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // Canonical (a symlinked /tmp is resolved), so it compares equal to paths the code computes.
  const std::filesystem::path& path() const { return path_; }
  // Writes `content` to a file below the directory, creating its parents.
  std::filesystem::path write(const std::string& relative, const std::string& content = "x = 1\n") const;
  std::filesystem::path mkdir(const std::string& relative) const;
  std::string read(const std::string& relative) const;

 private:
  std::filesystem::path path_;
};

}  // namespace pml::testing
