#include "analyzer/diff.h"

#include <memory>
#include <stdexcept>

#include <fmt/format.h>
#include <git2.h>

namespace pml {
namespace {

// libgit2 must be initialised before use; a function-local static makes that happen exactly once
// even when several worker threads ask for diffs at the same time. It is never shut down: the
// process ends first.
void ensure_libgit2() {
  static const int initialised = git_libgit2_init();
  if (initialised < 0) throw std::runtime_error("libgit2 could not be initialised");
}

[[noreturn]] void fail(std::string_view what) {
  const git_error* e = git_error_last();
  throw std::runtime_error(fmt::format("{}: {}", what, e && e->message ? e->message : "unknown libgit2 error"));
}

struct PatchDeleter {
  void operator()(git_patch* p) const { git_patch_free(p); }
};
using PatchPtr = std::unique_ptr<git_patch, PatchDeleter>;

// `start,count`, leaving out a count of 1 as diff(1), git and Ruff do. An empty range (count 0)
// already carries the line before it as its start, which is what the format wants.
std::string hunk_range(int start, int count) {
  return count == 1 ? std::to_string(start) : fmt::format("{},{}", start, count);
}

}  // namespace

std::string unified_diff(std::string_view old_text, std::string_view new_text, std::string_view path) {
  if (old_text == new_text) return {};
  ensure_libgit2();

  git_diff_options options;
  if (git_diff_options_init(&options, GIT_DIFF_OPTIONS_VERSION) < 0) fail("git_diff_options_init");
  options.context_lines = 3;
  options.interhunk_lines = 0;
  // Never let binary detection swallow a source file's diff.
  options.flags |= GIT_DIFF_FORCE_TEXT;

  const std::string label(path);
  git_patch* raw = nullptr;
  if (git_patch_from_buffers(&raw, old_text.data(), old_text.size(), label.c_str(), new_text.data(), new_text.size(),
                             label.c_str(), &options) < 0)
    fail("git_patch_from_buffers");
  const PatchPtr patch(raw);

  std::string out = fmt::format("--- {}\n+++ {}\n", path, path);
  const size_t hunks = git_patch_num_hunks(patch.get());
  for (size_t h = 0; h < hunks; ++h) {
    const git_diff_hunk* hunk = nullptr;
    size_t lines = 0;
    if (git_patch_get_hunk(&hunk, &lines, patch.get(), h) < 0) fail("git_patch_get_hunk");
    // libgit2's own header may carry git's function-name context after the second "@@"; Ruff's
    // hunk headers do not, so the header is rebuilt from the numbers.
    out += fmt::format("@@ -{} +{} @@\n", hunk_range(hunk->old_start, hunk->old_lines),
                       hunk_range(hunk->new_start, hunk->new_lines));
    for (size_t l = 0; l < lines; ++l) {
      const git_diff_line* line = nullptr;
      if (git_patch_get_line_in_hunk(&line, patch.get(), h, l) < 0) fail("git_patch_get_line_in_hunk");
      switch (line->origin) {
        case GIT_DIFF_LINE_CONTEXT:
        case GIT_DIFF_LINE_ADDITION:
        case GIT_DIFF_LINE_DELETION: {
          const std::string_view content(line->content, line->content_len);
          out += static_cast<char>(line->origin);
          out += content;
          // The last line of a text without a final newline; the marker line follows.
          if (content.empty() || content.back() != '\n') out += '\n';
          break;
        }
        case GIT_DIFF_LINE_CONTEXT_EOFNL:
        case GIT_DIFF_LINE_ADD_EOFNL:
        case GIT_DIFF_LINE_DEL_EOFNL:
          // These follow the line that lacks the newline; their content is the marker with extra
          // newlines around it, so write the marker in the one standard form.
          out += "\\ No newline at end of file\n";
          break;
        default:
          break;  // file and hunk headers are not reported as lines by git_patch_get_line_in_hunk
      }
    }
  }
  return out;
}

}  // namespace pml
