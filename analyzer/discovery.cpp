#include "analyzer/discovery.h"

#include <git2.h>
#include <sys/stat.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <system_error>
#include <unordered_map>
#include <utility>

namespace pml {

namespace fs = std::filesystem;

namespace {

// The git repositories met while walking, for their ignore rules. .gitignore files are consulted
// only inside a git work tree, through libgit2, which also applies nested .gitignore files,
// .git/info/exclude, core.excludesFile and negations exactly as git does. Outside a repository
// .gitignore files mean nothing to git, so they mean nothing to us either.
class GitRepos {
 public:
  // Where a directory sits: the repository whose work tree holds it, and its path relative to the
  // work tree ("" for the top, else "a/b/").
  struct Position {
    git_repository* repo = nullptr;
    std::string rel;
  };

  GitRepos() = default;
  ~GitRepos() {
    for (auto& [workdir, repo] : by_workdir_) git_repository_free(repo);
  }
  GitRepos(const GitRepos&) = delete;
  GitRepos& operator=(const GitRepos&) = delete;

  // The repository containing `dir`, searching upward from it (once per walked root).
  Position containing(const fs::path& dir) {
    start_libgit2();
    git_repository* raw = nullptr;
    if (git_repository_open_ext(&raw, dir.c_str(), 0, nullptr) != 0) return {};
    git_repository* repo = adopt(raw);
    if (!repo) return {};
    // libgit2 reports the work tree with symlinks resolved; compare like with like.
    std::error_code ec;
    fs::path real = fs::weakly_canonical(dir, ec);
    if (ec) return {};
    fs::path workdir = fs::weakly_canonical(fs::path(git_repository_workdir(repo)).parent_path(), ec);
    if (ec) return {};
    fs::path rel = real.lexically_relative(workdir);
    if (rel.empty() || *rel.begin() == "..") return {};
    Position position{repo, rel == "." ? std::string() : rel.generic_string() + "/"};
    // libgit2 treats everything below an ignored directory as ignored. A directory named on the
    // command line is linted even when ignored (as in Ruff), so walk it without git's rules.
    if (!position.rel.empty() && ignored(repo, position.rel)) return {};
    return position;
  }

  // A repository whose work tree starts at `dir` (a nested repository or a submodule), if any.
  git_repository* rooted_at(const fs::path& dir) {
    std::error_code ec;
    if (fs::symlink_status(dir / ".git", ec).type() == fs::file_type::not_found || ec) return nullptr;
    start_libgit2();
    git_repository* raw = nullptr;
    if (git_repository_open_ext(&raw, dir.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) != 0) return nullptr;
    return adopt(raw);
  }

  // `rel` is relative to the work tree; a directory ends with '/', which spares libgit2 a stat()
  // to learn whether directory-only patterns ("build/") apply.
  static bool ignored(git_repository* repo, const std::string& rel) {
    int ignored = 0;
    return git_ignore_path_is_ignored(&ignored, repo, rel.c_str()) == 0 && ignored != 0;
  }

 private:
  // libgit2 is started only when a directory is walked: files named on the command line (what
  // pre-commit passes) never consult ignore rules, and starting it costs about 20 ms (its TLS
  // backend loads the system's CA certificates). Started once per process and never shut down:
  // other GitRepos may be alive in other threads.
  static void start_libgit2() {
    static const int initialized = git_libgit2_init();
    (void)initialized;
  }

  // Keeps one handle per work tree. A bare repository has no work tree, so nothing to ignore.
  git_repository* adopt(git_repository* raw) {
    const char* workdir = git_repository_workdir(raw);
    if (!workdir) {
      git_repository_free(raw);
      return nullptr;
    }
    auto [it, inserted] = by_workdir_.emplace(workdir, raw);
    if (!inserted) git_repository_free(raw);
    return it->second;
  }

  std::unordered_map<std::string, git_repository*> by_workdir_;
};

// The directory entry a file's text lives in, after every symlink: the directory's device and
// inode, and the entry's name. Two names with the same entry are one file: the same text is read,
// and a fix written through either replaces that same entry (atomic_write renames over the path
// the name finally resolves to), so linting both would report it twice and fix it twice, in
// parallel. Hard links are distinct entries: each is read and rewritten under its own name, so
// they stay distinct files, as they are for Ruff.
struct Entry {
  dev_t dev = 0;
  ino_t ino = 0;
  std::string name;
  auto operator<=>(const Entry&) const = default;
};

// The device and inode of a directory, following symlinks; nullopt when it cannot be stat()ed.
std::optional<std::pair<dev_t, ino_t>> directory_id(const fs::path& dir) {
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) return std::nullopt;
  return std::pair{st.st_dev, st.st_ino};
}

class Discoverer {
 public:
  explicit Discoverer(ConfigResolver& resolver) : resolver_(resolver) {}

  // Files found from the `index`-th path given: when several names reach one file, the name from
  // the earliest path given is kept.
  void set_argument_index(size_t index) { argument_ = index; }

  void add_path(const fs::path& given) {
    const fs::path abs = resolver_.absolute(given);
    std::error_code ec;
    // Paths given explicitly are followed when they are symlinks, as a shell user expects.
    const fs::file_status st = fs::status(abs, ec);
    if (st.type() == fs::file_type::not_found) {
      problem(abs, ec ? ec.message() : "No such file or directory", ProblemKind::NotFound);
      return;
    }
    if (ec) {
      problem(abs, ec.message(), ProblemKind::Unreadable);
      return;
    }
    const bool is_dir = fs::is_directory(st);
    ConfigLookup lookup = resolver_.config_for_directory(is_dir ? abs : abs.parent_path());
    if (!usable(lookup)) return;
    if (force_excluded(abs)) return;
    if (is_dir) {
      walk(abs, lookup);
    } else {
      // Named explicitly: linted whatever its extension. It may be a symlink (or lie below one):
      // its entry is that of the path it finally resolves to.
      std::optional<Entry> entry;
      const fs::path real = fs::canonical(abs, ec);
      if (!ec)
        if (auto id = directory_id(real.parent_path())) entry = Entry{id->first, id->second, real.filename().string()};
      add_file(abs, *lookup.config, std::move(entry));
    }
  }

  void add_stdin(const std::optional<fs::path>& stdin_filename) {
    if (!stdin_filename) {
      ConfigLookup lookup = resolver_.config_for_directory(resolver_.cwd());
      if (!usable(lookup)) return;
      found_.push_back({{"-", "-", lookup.config->base_settings(), true}, argument_, std::nullopt});
      return;
    }
    const fs::path abs = resolver_.absolute(*stdin_filename);
    ConfigLookup lookup = resolver_.config_for_directory(abs.parent_path());
    if (!usable(lookup)) return;
    if (force_excluded(abs)) {
      result_.stdin_excluded = true;
      return;
    }
    // Read from standard input, not from the file: never the same text as a file on disk.
    found_.push_back({{abs, resolver_.display_path(abs), lookup.config->settings_for(abs), true}, argument_, std::nullopt});
  }

  DiscoveryResult finish() {
    // fs::path order compares component by component, so a directory's files stay together.
    auto by_path = [](const auto& a, const auto& b) { return a.path < b.path; };
    // One name, given twice (or as ./x and as an absolute path): one task.
    std::sort(found_.begin(), found_.end(), [](const Found& a, const Found& b) {
      return a.task.path != b.task.path ? a.task.path < b.task.path : a.argument < b.argument;
    });
    found_.erase(std::unique(found_.begin(), found_.end(),
                             [](const Found& a, const Found& b) { return a.task.path == b.task.path; }),
                 found_.end());
    // Several names for one file (a symlink and its target, a directory through a symlink to it):
    // one task, under the name from the earliest path given (by path order within one).
    std::map<Entry, size_t> first;  // entry -> index in found_ of the name kept
    std::vector<bool> drop(found_.size(), false);
    for (size_t i = 0; i < found_.size(); ++i) {
      if (!found_[i].entry) continue;
      auto [it, inserted] = first.try_emplace(*found_[i].entry, i);
      if (inserted) continue;
      if (found_[i].argument < found_[it->second].argument) {
        drop[it->second] = true;
        it->second = i;
      } else {
        drop[i] = true;
      }
    }
    auto& files = result_.files;
    for (size_t i = 0; i < found_.size(); ++i)
      if (!drop[i]) files.push_back(std::move(found_[i].task));
    auto& problems = result_.problems;
    std::stable_sort(problems.begin(), problems.end(), by_path);
    problems.erase(std::unique(problems.begin(), problems.end(),
                               [](const auto& a, const auto& b) { return a.path == b.path && a.kind == b.kind; }),
                   problems.end());
    return std::move(result_);
  }

 private:
  struct Found {
    FileTask task;
    size_t argument;             // which path given found it
    std::optional<Entry> entry;  // unknown for standard input, or when it could not be stat()ed
  };

  struct Frame {
    fs::path dir;
    const Config* config;
    GitRepos::Position git;
    std::optional<std::pair<dev_t, ino_t>> id;  // the directory's, for its files' entries
  };

  void walk(const fs::path& root, ConfigLookup root_lookup) {
    // An explicit stack rather than recursion: depth is bounded by the tree, not by the C++ stack.
    std::vector<Frame> stack;
    stack.push_back({root, root_lookup.config, git_.containing(root), std::nullopt});
    while (!stack.empty()) {
      Frame frame = std::move(stack.back());
      stack.pop_back();
      // One stat() per directory walked: a walk does not follow symlinks, so the files it lists
      // are the directory's own entries, whatever names led to the directory.
      frame.id = directory_id(frame.dir);
      std::error_code ec;
      for (fs::directory_iterator it(frame.dir, ec), end; !ec && it != end; it.increment(ec)) visit(*it, frame, stack);
      // A directory that cannot be listed (or stops listing midway) is reported, not thrown.
      if (ec) problem(frame.dir, ec.message(), ProblemKind::Unreadable);
    }
  }

  void visit(const fs::directory_entry& entry, const Frame& frame, std::vector<Frame>& stack) {
    std::error_code ec;
    // Usually known from the directory listing itself, without a stat().
    const fs::file_type type = entry.symlink_status(ec).type();
    if (ec) {
      problem(entry.path(), ec.message(), ProblemKind::Unreadable);
      return;
    }
    // Symlinks are never followed while walking: no loops, and no file reached under two names.
    if (type == fs::file_type::symlink) return;
    const fs::path& path = entry.path();
    const std::string name = path.filename().string();

    if (type == fs::file_type::directory) {
      // Like a file, a directory is excluded by the configuration of the directory holding it (as
      // in Ruff), so a configuration file inside an excluded directory is never even read.
      if (frame.config->is_excluded(path)) return;
      ConfigLookup lookup = resolver_.config_for_directory(path);
      if (!usable(lookup)) return;
      GitRepos::Position git = frame.git;
      if (git.repo) {
        git.rel += name + "/";
        if (frame.config->respect_gitignore && GitRepos::ignored(git.repo, git.rel)) return;
      }
      if (git_repository* nested = git_.rooted_at(path)) git = {nested, std::string()};
      stack.push_back({path, lookup.config, std::move(git), std::nullopt});
    } else if (type == fs::file_type::regular && frame.config->is_included(path)) {
      if (frame.config->is_excluded(path)) return;
      if (frame.git.repo && frame.config->respect_gitignore && GitRepos::ignored(frame.git.repo, frame.git.rel + name))
        return;
      std::optional<Entry> entry;
      if (frame.id) entry = Entry{frame.id->first, frame.id->second, name};
      add_file(path, *frame.config, std::move(entry));
    }
  }

  void add_file(const fs::path& abs, const Config& config, std::optional<Entry> entry) {
    found_.push_back({{abs, resolver_.display_path(abs), config.settings_for(abs), false}, argument_, std::move(entry)});
  }

  // With --force-exclude (or `force-exclude = true` in the configuration that governs the path):
  // whether the path or one of its parent directories below the root of that configuration is
  // excluded. No configuration file lies between that root and the path, so one configuration
  // decides for all of them. A path outside that root (with --config, or outside the cwd without
  // any configuration) is matched by itself only.
  bool force_excluded(const fs::path& abs) {
    ConfigLookup lookup = resolver_.config_for_directory(abs.parent_path());
    if (!lookup.config) return false;  // reported by the caller
    const Config& config = *lookup.config;
    if (!config.force_exclude) return false;
    if (config.is_excluded(abs)) return true;
    const fs::path rel = abs.lexically_relative(config.root);
    if (rel.empty() || *rel.begin() == "..") return false;
    for (fs::path p = abs.parent_path(); p != config.root && p != p.parent_path(); p = p.parent_path())
      if (config.is_excluded(p)) return true;
    return false;
  }

  // Reports an invalid configuration once, however many paths it governs.
  bool usable(const ConfigLookup& lookup) {
    if (lookup.config) return true;
    if (reported_configs_.insert(lookup.error->file).second)
      problem(lookup.error->file, lookup.error->message, ProblemKind::InvalidConfig);
    return false;
  }

  void problem(const fs::path& abs, std::string reason, ProblemKind kind) {
    result_.problems.push_back({abs, resolver_.display_path(abs), std::move(reason), kind});
  }

  ConfigResolver& resolver_;
  GitRepos git_;
  std::set<fs::path> reported_configs_;
  size_t argument_ = 0;
  std::vector<Found> found_;
  DiscoveryResult result_;
};

}  // namespace

DiscoveryResult discover(const std::vector<fs::path>& paths, ConfigResolver& resolver,
                         const std::optional<fs::path>& stdin_filename) {
  Discoverer d(resolver);
  if (paths.empty()) d.add_path(".");
  for (size_t i = 0; i < paths.size(); ++i) {
    const fs::path& p = paths[i];
    d.set_argument_index(i);
    if (p == "-")
      d.add_stdin(stdin_filename);
    else
      d.add_path(p);
  }
  return d.finish();
}

}  // namespace pml
