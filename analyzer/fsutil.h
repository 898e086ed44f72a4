// File reading and atomic writing.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace pml {

// Reads a whole file. On failure returns nullopt and sets *error to a reason such as
// "Permission denied" or "No such file or directory".
std::optional<std::string> read_file(const std::filesystem::path& path, std::string* error);

// Reads standard input to its end.
std::string read_stdin();

// Replaces a file's content atomically: resolves symlinks to the file they finally name (the links
// stay links), writes a temporary file `.NAME.pymemlint-XXXXXX` in that file's directory, flushes it
// to disk, gives it the original's owner and group (when allowed: as root) and permission bits, and
// renames it over the original. A reader (or a crash) sees either the old or the new content, never
// a mix; a kill before the rename can leave the temporary file behind (never a .py name). Other hard
// links to the file keep the old content, as with Ruff. Fails without touching the original when
// the directory or the file is not writable.
bool atomic_write(const std::filesystem::path& path, std::string_view content, std::string* error);

}  // namespace pml
