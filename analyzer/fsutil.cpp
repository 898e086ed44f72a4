#include "analyzer/fsutil.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <iterator>

namespace pml {

namespace {
std::string errno_text(int e) { return std::strerror(e); }

bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}
}  // namespace

std::optional<std::string> read_file(const std::filesystem::path& path, std::string* error) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (error) *error = errno_text(errno);
    return std::nullopt;
  }
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    if (error) *error = errno_text(EISDIR);
    return std::nullopt;
  }
  std::string out;
  if (st.st_size > 0) out.reserve(static_cast<size_t>(st.st_size));
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (error) *error = errno_text(errno);
      ::close(fd);
      return std::nullopt;
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

std::string read_stdin() {
  std::string out{std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
  return out;
}

bool atomic_write(const std::filesystem::path& given, std::string_view content, std::string* error) {
  // Write the file the path finally names: through a symlink, the link stays a link and its target
  // gets the new content (renaming over the link itself would replace it with a regular file and
  // leave the target unfixed). A dangling link or a missing file is an error, as before.
  std::error_code ec;
  const std::filesystem::path path = std::filesystem::canonical(given, ec);
  if (ec) {
    if (error) *error = ec.message();
    return false;
  }
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (error) *error = errno_text(errno);
    return false;
  }
  // Respect a read-only file even when the directory is writable (rename would bypass it), and
  // even for root, whom access(2) lets write anything: no write bit means read-only.
  if ((st.st_mode & 0222) == 0) {
    if (error) *error = "the file is read-only";
    return false;
  }
  if (::access(path.c_str(), W_OK) != 0) {
    if (error) *error = errno_text(errno);
    return false;
  }
  // Hard links: the rename gives this name a new inode, so other hard links to the file keep the
  // old content (Ruff does the same). Writing in place would keep them but could half-write.
  const std::filesystem::path dir = path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
  std::string tmpl = dir / fmt::format(".{}.pymemlint-XXXXXX", path.filename().string());
  int fd = ::mkstemp(tmpl.data());
  if (fd < 0) {
    if (error) *error = "cannot create a temporary file next to it: " + errno_text(errno);
    return false;
  }
  // Keep the owner and group (root fixing another user's file must not hand it to root). Only root
  // may give a file away; a plain user can still keep a group it belongs to. EPERM is not an error:
  // the file then belongs to whoever runs the fix, as any editor's save would do.
  bool ok = true;
  struct stat tmp_st {};
  if (::fstat(fd, &tmp_st) == 0 && (tmp_st.st_uid != st.st_uid || tmp_st.st_gid != st.st_gid)) {
    if (::fchown(fd, st.st_uid, st.st_gid) != 0) {
      if (errno != EPERM)
        ok = false;
      else if (::fchown(fd, static_cast<uid_t>(-1), st.st_gid) != 0 && errno != EPERM)
        ok = false;
    }
  }
  // The mode after the owner: chown clears the set-user-ID and set-group-ID bits.
  ok = ok && write_all(fd, content) && ::fchmod(fd, st.st_mode & 07777) == 0 && ::fsync(fd) == 0;
  int saved = errno;
  ok = (::close(fd) == 0) && ok;
  if (ok && ::rename(tmpl.c_str(), path.c_str()) != 0) {
    saved = errno;
    ok = false;
  }
  if (!ok) {
    ::unlink(tmpl.c_str());
    if (error) *error = errno_text(saved);
    return false;
  }
  // Make the rename durable as well.
  int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
  return true;
}

}  // namespace pml
