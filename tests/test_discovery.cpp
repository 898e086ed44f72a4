// File discovery: walking, excludes, .gitignore through libgit2, explicit paths, order.
#include <gtest/gtest.h>

#include "tests/cli_harness.h"
#include "tests/temp_dir.h"

#include <git2.h>
#include <grp.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/discovery.h"
#include "rules/registry.h"

namespace pml {
namespace {

namespace fs = std::filesystem;

using testing::TempDir;

void git_init(const fs::path& dir) {
  git_libgit2_init();
  git_repository* repo = nullptr;
  ASSERT_EQ(git_repository_init(&repo, dir.c_str(), 0), 0);
  git_repository_free(repo);
  git_libgit2_shutdown();
}

std::unique_ptr<ConfigResolver> make_resolver(const fs::path& cwd, CliOverrides cli = {}) {
  std::string error;
  auto r = ConfigResolver::create(std::move(cli), &error, cwd);
  EXPECT_TRUE(r) << error;
  return r;
}

std::vector<std::string> displays(const DiscoveryResult& r) {
  std::vector<std::string> out;
  for (const auto& f : r.files) out.push_back(f.display_path);
  return out;
}

DiscoveryResult run(ConfigResolver& resolver, std::vector<fs::path> paths = {}) { return discover(paths, resolver); }

// A resolver as with --force-exclude (and `cli`'s other options).
std::unique_ptr<ConfigResolver> forcing_resolver(const fs::path& cwd, CliOverrides cli = {}) {
  cli.force_exclude = true;
  return make_resolver(cwd, std::move(cli));
}

constexpr unsigned kNobody = 65534;

// Runs `body` in a forked child and returns what it returned. When the tests run as root the
// child first becomes nobody (uid and gid 65534, no supplementary groups), so that permission bits
// apply to it as to any user; nullopt (with *why) when that is impossible or the child failed.
std::optional<std::string> in_unprivileged_child(const std::function<std::string()>& body, std::string* why) {
  int fds[2];
  if (::pipe(fds) != 0) {
    *why = "pipe failed";
    return std::nullopt;
  }
  pid_t pid = ::fork();
  if (pid < 0) {
    *why = "fork failed";
    return std::nullopt;
  }
  if (pid == 0) {
    ::close(fds[0]);
    if (::geteuid() == 0 &&
        (::setgroups(0, nullptr) != 0 || ::setresgid(kNobody, kNobody, kNobody) != 0 ||
         ::setresuid(kNobody, kNobody, kNobody) != 0))
      ::_exit(3);
    std::string out = body();
    for (std::string_view rest = out; !rest.empty();) {
      ssize_t n = ::write(fds[1], rest.data(), rest.size());
      if (n <= 0) ::_exit(4);
      rest.remove_prefix(static_cast<size_t>(n));
    }
    ::_exit(0);
  }
  ::close(fds[1]);
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) != 0;) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return out;
  if (WIFEXITED(status) && WEXITSTATUS(status) == 3)
    *why = "running as root, and the child cannot drop to uid/gid 65534 (no CAP_SETUID/CAP_SETGID?)";
  else
    *why = "the child process failed (status " + std::to_string(status) + ")";
  return std::nullopt;
}

TEST(Discovery, WalksForPythonFilesInPathOrder) {
  TempDir t;
  for (const char* f : {"z.py", "b/c.py", "a.py", "b/a/d.py", "b.py", "notes.txt", "pkg/mod.pyi", "pkg/x.py"})
    t.write(f);
  auto resolver = make_resolver(t.path());
  DiscoveryResult r = run(*resolver);  // no paths: "."
  // Ordered by path, component by component: a directory's files stay together ("b/..." < "b.py").
  const std::vector<std::string> expected = {"a.py", "b/a/d.py", "b/c.py", "b.py", "pkg/x.py", "z.py"};
  EXPECT_EQ(displays(r), expected);
  EXPECT_TRUE(r.problems.empty());
  ASSERT_FALSE(r.files.empty());
  EXPECT_EQ(r.files.front().path, t.path() / "a.py");
  EXPECT_FALSE(r.files.front().is_stdin);
  EXPECT_TRUE(r.files.front().settings);
  // A second run (fresh resolver) gives the same list.
  auto again = make_resolver(t.path());
  EXPECT_EQ(displays(run(*again, {"."})), expected);
}

TEST(Discovery, DefaultExcludesArePruned) {
  TempDir t;
  for (const char* f : {"keep.py", ".venv/lib/x.py", "venv/y.py", "build/gen.py", "dist/d.py", "src/__pycache__/c.py",
                        "web/node_modules/pkg/n.py", ".git/hooks/h.py", ".tox/py311/t.py", "lib/site-packages/s.py",
                        ".mypy_cache/m.py", "builder/b.py", "src/dist_utils.py"})
    t.write(f);
  auto resolver = make_resolver(t.path());
  EXPECT_EQ(displays(run(*resolver)), (std::vector<std::string>{"builder/b.py", "keep.py", "src/dist_utils.py"}));
}

// Ruff's `include` chooses the files a walk lints (by default `*.py` and `*.ipynb` here), and
// `extend-include` adds to it; files named explicitly are linted whatever their name.
TEST(Discovery, IncludeAndExtendInclude) {
  TempDir t;
  for (const char* f : {"a.py", "b.pyw", "c.txt", "src/d.py", "src/e.ipynb", "tools/f.py"}) t.write(f);
  t.write("pymemlint.toml", "extend-include = [\"*.pyw\"]\n");
  t.write("src/pymemlint.toml", "include = [\"d.py\"]\n");
  auto resolver = make_resolver(t.path());
  EXPECT_EQ(displays(run(*resolver)), (std::vector<std::string>{"a.py", "b.pyw", "src/d.py", "tools/f.py"}));
  EXPECT_EQ(displays(run(*resolver, {"c.txt", "src/e.ipynb"})), (std::vector<std::string>{"c.txt", "src/e.ipynb"}));
  CliOverrides cli;
  cli.config_overrides.push_back(parse_config_text("include = [\"tools/*.py\"]\n", "--config", false).options);
  auto only_tools = make_resolver(t.path(), cli);
  // A later layer's `include` replaces the earlier ones'; `extend-include` entries add up.
  EXPECT_EQ(displays(run(*only_tools)), (std::vector<std::string>{"b.pyw", "tools/f.py"}));
}

// Ruff's default excludes are all in ours: Jupyter's `.ipynb_checkpoints` copies of every notebook
// above all, whose findings would repeat each notebook's.
TEST(Discovery, RuffsDefaultExcludesArePruned) {
  TempDir t;
  for (const char* f : {"nb/analysis.ipynb", "nb/.ipynb_checkpoints/analysis-checkpoint.ipynb", ".bzr/a.py",
                        ".direnv/a.py", ".git-rewrite/a.py", ".pants.d/a.py", ".pyenv/a.py", ".pytest_cache/a.py",
                        ".pytype/a.py", ".vscode/a.py", "__pypackages__/a.py", "docs/_build/a.py", "buck-out/a.py"})
    t.write(f, "{}");
  auto resolver = make_resolver(t.path());
  EXPECT_EQ(displays(run(*resolver)), std::vector<std::string>{"nb/analysis.ipynb"});
}

// Permission bits do not stop root, so as root the walk runs as nobody (in_unprivileged_child).
TEST(Discovery, ExcludedDirectoriesAreNotDescended) {
  TempDir t;
  t.write("ok.py");
  t.write("build/inner/x.py");
  t.write("secret/y.py");
  testing::open_tree_to_everyone(t.path());
  fs::permissions(t.path() / "build/inner", fs::perms::none);
  fs::permissions(t.path() / "secret", fs::perms::none);
  std::string why;
  // The child prints the files, then one line per problem: display path, kind, reason.
  auto printed = in_unprivileged_child(
      [&] {
        auto resolver = make_resolver(t.path());
        DiscoveryResult r = run(*resolver);
        std::string out;
        for (const auto& d : displays(r)) out += d + "\n";
        out += "--\n";
        for (const auto& p : r.problems)
          out += p.display_path + "|" + std::to_string(static_cast<int>(p.kind)) + "|" + p.reason + "\n";
        return out;
      },
      &why);
  if (!printed && testing::running_as_root() && why.find("cannot drop") != std::string::npos) GTEST_SKIP() << why;
  ASSERT_TRUE(printed) << why;
  EXPECT_EQ(*printed, "ok.py\n--\n"
                      // Only the directory that was walked into is reported; build/ was pruned before its contents.
                      "secret|" + std::to_string(static_cast<int>(ProblemKind::Unreadable)) + "|" +
                      std::make_error_code(std::errc::permission_denied).message() + "\n");
}

TEST(Discovery, ConfigExcludeReplacesAndExtendExcludeAdds) {
  TempDir t;
  t.write("replaced/pymemlint.toml", "exclude = [\"gen\"]\n");
  t.write("replaced/build/b.py");
  t.write("replaced/gen/g.py");
  t.write("replaced/ok.py");
  t.write("extended/pyproject.toml", "[tool.pymemlint]\nextend-exclude = [\"legacy/*.py\", \"fixtures\"]\n");
  t.write("extended/legacy/old.py");
  t.write("extended/pkg/legacy/kept.py");  // "legacy/*.py" is relative to the config's directory
  t.write("extended/tests/fixtures/f.py");
  t.write("extended/build/b.py");
  t.write("extended/new.py");
  auto resolver = make_resolver(t.path());
  EXPECT_EQ(displays(run(*resolver)), (std::vector<std::string>{"extended/new.py", "extended/pkg/legacy/kept.py",
                                                                "replaced/build/b.py", "replaced/ok.py"}));
}

// The case: `**/` matches zero directories, at the top of the project as below it.
TEST(Discovery, GlobstarExcludesAtEveryDepth) {
  TempDir t;
  t.write("pymemlint.toml", "extend-exclude = [\"**/migrations/*.py\", \"tests/**/*.py\"]\n");
  t.write("migrations/0001.py");
  t.write("app/migrations/0002.py");
  t.write("tests/test_a.py");
  t.write("tests/unit/test_b.py");
  t.write("app/tests/test_c.py");  // "tests/**" is relative to the config's directory
  t.write("app/models.py");
  auto resolver = make_resolver(t.path());
  EXPECT_EQ(displays(run(*resolver)), (std::vector<std::string>{"app/models.py", "app/tests/test_c.py"}));
  EXPECT_EQ(displays(run(*forcing_resolver(t.path()), {"tests/test_a.py"})), std::vector<std::string>{});
}

// A file given with --config excludes relative to the cwd (as Ruff), wherever the file lies.
TEST(Discovery, ConfigOptionExcludesAreRelativeToTheCwd) {
  TempDir t;
  t.write("cfg/custom.toml", "exclude = [\"pkg/gen\"]\nextend-exclude = [\"pkg/old_*.py\"]\n");
  t.write("pkg/gen/g.py");
  t.write("pkg/old_a.py");
  t.write("pkg/keep.py");
  t.write("cfg/pkg/gen/g.py");  // relative to the file's directory, these would be the excluded ones
  t.write("cfg/pkg/old_a.py");
  CliOverrides cli;
  cli.config_file = "cfg/custom.toml";
  auto resolver = make_resolver(t.path(), cli);
  EXPECT_EQ(displays(run(*resolver)),
            (std::vector<std::string>{"cfg/pkg/gen/g.py", "cfg/pkg/old_a.py", "pkg/keep.py"}));
  // --force-exclude checks the parents up to the cwd.
  EXPECT_TRUE(run(*forcing_resolver(t.path(), cli), {"pkg/gen/g.py"}).files.empty());
}

TEST(Discovery, ExplicitFilesAreLintedUnlessForceExclude) {
  TempDir t;
  t.write("build/gen.py");
  t.write("src/script");  // no extension: named explicitly, so linted
  t.write("src/skip_me.py");
  t.write("pymemlint.toml", "extend-exclude = [\"skip_*.py\"]\n");
  auto resolver = make_resolver(t.path());
  const std::vector<fs::path> paths = {"build/gen.py", "src/script", t.path() / "src/skip_me.py"};
  EXPECT_EQ(displays(run(*resolver, paths)),
            (std::vector<std::string>{"build/gen.py", "src/script", "src/skip_me.py"}));
  // --force-exclude: the excludes apply to explicit paths and to their parent directories.
  auto forcing = forcing_resolver(t.path());
  EXPECT_EQ(displays(run(*forcing, paths)), std::vector<std::string>{"src/script"});
  EXPECT_TRUE(run(*forcing, {"build"}).files.empty());
  EXPECT_EQ(displays(run(*resolver, {"build"})), std::vector<std::string>{"build/gen.py"});
  // Parents above the governing configuration's root are not matched: the project may live in "build".
  t.write("build/proj/pymemlint.toml", "");
  t.write("build/proj/m.py");
  EXPECT_EQ(displays(run(*forcing_resolver(t.path()), {"build/proj/m.py"})), std::vector<std::string>{"build/proj/m.py"});
}

TEST(Discovery, GitignoreIsRespectedInsideARepository) {
  TempDir t;
  git_init(t.path());
  t.write(".gitignore", "ignored_dir/\n*_gen.py\n!keep_gen.py\n");
  t.write("sub/.gitignore", "local.py\n");
  for (const char* f : {"a.py", "ignored_dir/x.py", "pkg/ignored_dir/y.py", "pkg/model_gen.py", "pkg/keep_gen.py",
                        "sub/local.py", "sub/shared.py", "local.py", "info_excluded.py"})
    t.write(f);
  t.write(".git/info/exclude", "info_excluded.py\n");
  auto resolver = make_resolver(t.path());
  const std::vector<std::string> expected = {"a.py", "local.py", "pkg/keep_gen.py", "sub/shared.py"};
  EXPECT_EQ(displays(run(*resolver)), expected);
  // The same from a root below the top of the work tree.
  EXPECT_EQ(displays(run(*resolver, {"pkg", "sub"})), (std::vector<std::string>{"pkg/keep_gen.py", "sub/shared.py"}));
  // Explicit files are linted even when ignored, with --force-exclude too (it is about excludes).
  EXPECT_EQ(displays(run(*forcing_resolver(t.path()), {"pkg/model_gen.py"})), std::vector<std::string>{"pkg/model_gen.py"});
  // So is an ignored directory named explicitly.
  EXPECT_EQ(displays(run(*resolver, {"ignored_dir"})), std::vector<std::string>{"ignored_dir/x.py"});
}

// Ruff's `force-exclude = true` (what pre-commit setups put in the configuration) does what
// --force-exclude does; --no-force-exclude turns it off again.
TEST(Discovery, ForceExcludeFromTheConfiguration) {
  TempDir t;
  t.write("pymemlint.toml", "force-exclude = true\nextend-exclude = [\"skip_*.py\", \"gen\"]\n");
  t.write("src/skip_me.py");
  t.write("gen/g.py");
  t.write("src/ok.py");
  auto resolver = make_resolver(t.path());
  const std::vector<fs::path> paths = {"src/skip_me.py", "gen/g.py", "src/ok.py"};
  EXPECT_EQ(displays(run(*resolver, paths)), std::vector<std::string>{"src/ok.py"});
  CliOverrides no;
  no.force_exclude = false;
  auto off = make_resolver(t.path(), no);
  EXPECT_EQ(displays(run(*off, paths)), (std::vector<std::string>{"gen/g.py", "src/ok.py", "src/skip_me.py"}));
}

// Ruff's `respect-gitignore = false`: .gitignore files are not consulted; the command line's
// --respect-gitignore / --no-respect-gitignore override the configuration.
TEST(Discovery, RespectGitignoreFalse) {
  TempDir t;
  git_init(t.path());
  t.write(".gitignore", "ignored_dir/\n*_gen.py\n");
  for (const char* f : {"a.py", "ignored_dir/x.py", "m_gen.py"}) t.write(f);
  t.write("pymemlint.toml", "respect-gitignore = false\n");
  auto resolver = make_resolver(t.path());
  EXPECT_EQ(displays(run(*resolver)), (std::vector<std::string>{"a.py", "ignored_dir/x.py", "m_gen.py"}));
  CliOverrides cli;
  cli.respect_gitignore = true;
  auto respecting = make_resolver(t.path(), cli);
  EXPECT_EQ(displays(run(*respecting)), std::vector<std::string>{"a.py"});
}

TEST(Discovery, GitignoreOutsideARepositoryIsNotConsulted) {
  TempDir t;
  t.write(".gitignore", "*.py\n");
  t.write("a.py");
  auto resolver = make_resolver(t.path());
  EXPECT_EQ(displays(run(*resolver)), std::vector<std::string>{"a.py"});
}

TEST(Discovery, NestedRepositoryUsesItsOwnIgnoreRules) {
  TempDir t;
  t.mkdir("outer");
  t.mkdir("inner");
  t.write("inner/.gitignore", "secret.py\n");
  t.write("inner/secret.py");
  t.write("inner/public.py");
  t.write("outer/o.py");
  git_init(t.path() / "inner");  // t itself is not a repository
  auto resolver = make_resolver(t.path());
  EXPECT_EQ(displays(run(*resolver)), (std::vector<std::string>{"inner/public.py", "outer/o.py"}));
}

TEST(Discovery, SymlinksAreNotFollowedAndLoopsEnd) {
  TempDir t;
  t.write("real/a.py");
  fs::create_directory_symlink(t.path(), t.path() / "real/loop");  // a cycle back to the top
  fs::create_directory_symlink(t.path() / "real", t.path() / "alias");
  fs::create_symlink(t.path() / "real/a.py", t.path() / "link.py");
  auto resolver = make_resolver(t.path());
  DiscoveryResult r = run(*resolver);
  EXPECT_EQ(displays(r), std::vector<std::string>{"real/a.py"});
  EXPECT_TRUE(r.problems.empty());
  // A symlink named explicitly is followed.
  EXPECT_EQ(displays(run(*resolver, {"alias"})), std::vector<std::string>{"alias/a.py"});
}

TEST(Discovery, MissingPathIsReportedAndTheRestLinted) {
  TempDir t;
  t.write("a.py");
  auto resolver = make_resolver(t.path());
  DiscoveryResult r = run(*resolver, {"missing.py", "a.py", "nodir/x.py"});
  EXPECT_EQ(displays(r), std::vector<std::string>{"a.py"});
  ASSERT_EQ(r.problems.size(), 2u);
  EXPECT_EQ(r.problems[0].display_path, "missing.py");
  EXPECT_EQ(r.problems[0].kind, ProblemKind::NotFound);
  EXPECT_EQ(r.problems[0].reason, std::make_error_code(std::errc::no_such_file_or_directory).message());
  EXPECT_EQ(r.problems[1].display_path, "nodir/x.py");
  EXPECT_EQ(r.problems[1].kind, ProblemKind::NotFound);
}

TEST(Discovery, UnreadableExplicitPathIsReported) {
  TempDir t;
  t.write("a.py");
  fs::create_symlink("self.py", t.path() / "self.py");  // stat() fails with ELOOP, even for root
  auto resolver = make_resolver(t.path());
  DiscoveryResult r = run(*resolver, {"self.py", "a.py"});
  EXPECT_EQ(displays(r), std::vector<std::string>{"a.py"});
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].display_path, "self.py");
  EXPECT_EQ(r.problems[0].kind, ProblemKind::Unreadable);
  EXPECT_EQ(r.problems[0].reason, std::make_error_code(std::errc::too_many_symbolic_link_levels).message());
}

TEST(Discovery, DuplicatesAreRemoved) {
  TempDir t;
  t.write("pkg/a.py");
  t.write("pkg/b.py");
  auto resolver = make_resolver(t.path());
  DiscoveryResult r = run(*resolver, {"pkg", "pkg/a.py", "./pkg/../pkg", t.path() / "pkg/b.py", "pkg/"});
  EXPECT_EQ(displays(r), (std::vector<std::string>{"pkg/a.py", "pkg/b.py"}));
}

// A symlink and its target, or a directory and a symlink to it, name one file: it is linted once,
// under the name from the earliest path given, whichever sorts first.
TEST(Discovery, NamesOfOneFileAreOneTask) {
  TempDir t;
  t.write("real/a.py");
  t.write("real/b.py");
  fs::create_symlink(t.path() / "real/a.py", t.path() / "link.py");
  fs::create_directory_symlink("real", t.path() / "alias");
  auto resolver = make_resolver(t.path());
  using names = std::vector<std::string>;
  EXPECT_EQ(displays(run(*resolver, {"real/a.py", "link.py"})), names{"real/a.py"});
  EXPECT_EQ(displays(run(*resolver, {"link.py", "real/a.py"})), names{"link.py"});
  EXPECT_EQ(displays(run(*resolver, {"real", "alias"})), (names{"real/a.py", "real/b.py"}));
  EXPECT_EQ(displays(run(*resolver, {"alias", "real"})), (names{"alias/a.py", "alias/b.py"}));
  // An explicit file against a walk, and through a symlinked directory.
  EXPECT_EQ(displays(run(*resolver, {"alias/b.py", "real", "link.py"})), (names{"alias/b.py", "real/a.py"}));
  EXPECT_EQ(displays(run(*resolver, {"link.py", "alias/a.py", "alias"})), (names{"alias/b.py", "link.py"}));
  // The task keeps the name given, not the resolved one: fixes still go through the link.
  DiscoveryResult r = run(*resolver, {"link.py", "real"});
  ASSERT_EQ(r.files.size(), 2u);
  EXPECT_EQ(r.files[0].path, t.path() / "link.py");
  EXPECT_EQ(r.files[1].path, t.path() / "real/b.py");
}

// Hard links are separate entries, each read and rewritten under its own name: both are linted.
TEST(Discovery, HardLinksAreSeparateFiles) {
  TempDir t;
  t.write("a.py");
  fs::create_hard_link(t.path() / "a.py", t.path() / "b.py");
  auto resolver = make_resolver(t.path());
  EXPECT_EQ(displays(run(*resolver, {"b.py", "a.py"})), (std::vector<std::string>{"a.py", "b.py"}));
  EXPECT_EQ(displays(run(*resolver, {"."})), (std::vector<std::string>{"a.py", "b.py"}));
}

TEST(Discovery, DisplayPathsAreRelativeToTheCwdWhenBelowIt) {
  TempDir t;
  t.write("proj/a.py");
  t.write("elsewhere/b.py");
  auto resolver = make_resolver(t.path() / "proj");
  DiscoveryResult r = run(*resolver, {".", "../elsewhere"});
  ASSERT_EQ(r.files.size(), 2u);
  // Sorted by path: /…/elsewhere/b.py before /…/proj/a.py.
  EXPECT_EQ(r.files[0].display_path, (t.path() / "elsewhere/b.py").string());
  EXPECT_EQ(r.files[0].path, t.path() / "elsewhere/b.py");
  EXPECT_EQ(r.files[1].display_path, "a.py");
}

TEST(Discovery, EachFileGetsItsNearestConfig) {
  TempDir t;
  t.write("pymemlint.toml", "select = [\"MEM301\"]\n[per-file-ignores]\n\"test_*.py\" = [\"MEM301\"]\n");
  t.write("sub/pyproject.toml", "[tool.pymemlint]\nselect = [\"MEM303\"]\nmin-bytes = 7\n");
  t.write("a.py");
  t.write("test_a.py");
  t.write("sub/b.py");
  auto resolver = make_resolver(t.path());
  DiscoveryResult r = run(*resolver);
  ASSERT_EQ(displays(r), (std::vector<std::string>{"a.py", "sub/b.py", "test_a.py"}));
  const size_t mem301 = *rule_index("MEM301");
  const size_t mem303 = *rule_index("MEM303");
  EXPECT_TRUE(r.files[0].settings->enabled.test(mem301));
  EXPECT_FALSE(r.files[1].settings->enabled.test(mem301));
  EXPECT_TRUE(r.files[1].settings->enabled.test(mem303));
  EXPECT_EQ(r.files[1].settings->min_bytes, 7u);
  EXPECT_TRUE(r.files[2].settings->enabled.none());
}

TEST(Discovery, InvalidConfigIsReportedOnceAndOthersLinted) {
  TempDir t;
  t.write("bad/pymemlint.toml", "min-bytes = -5\n");
  t.write("bad/a.py");
  t.write("bad/inner/b.py");
  t.write("good/c.py");
  auto resolver = make_resolver(t.path());
  DiscoveryResult r = run(*resolver, {".", "bad/a.py", "bad/inner"});
  EXPECT_EQ(displays(r), std::vector<std::string>{"good/c.py"});
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].kind, ProblemKind::InvalidConfig);
  EXPECT_EQ(r.problems[0].path, t.path() / "bad/pymemlint.toml");
  EXPECT_EQ(r.problems[0].reason, "bad/pymemlint.toml: `min-bytes` must be a non-negative integer, got -5");
}

TEST(Discovery, ConfigInsideAnExcludedDirectoryIsNotRead) {
  TempDir t;
  t.write("node_modules/pkg/pyproject.toml", "[tool.pymemlint\n");
  t.write("node_modules/pkg/x.py");
  t.write("a.py");
  auto resolver = make_resolver(t.path());
  DiscoveryResult r = run(*resolver);
  EXPECT_EQ(displays(r), std::vector<std::string>{"a.py"});
  EXPECT_TRUE(r.problems.empty());
}

TEST(Discovery, StandardInput) {
  TempDir t;
  t.write("pymemlint.toml", "select = [\"MEM301\"]\n[per-file-ignores]\n\"scripts/*\" = [\"MEM301\"]\n");
  auto resolver = make_resolver(t.path());

  DiscoveryResult plain = discover({"-"}, *resolver);
  ASSERT_EQ(plain.files.size(), 1u);
  EXPECT_TRUE(plain.files[0].is_stdin);
  EXPECT_EQ(plain.files[0].display_path, "-");
  EXPECT_TRUE(plain.files[0].settings->enabled.test(*rule_index("MEM301")));

  DiscoveryResult named = discover({"-"}, *resolver, fs::path("scripts/tool.py"));
  ASSERT_EQ(named.files.size(), 1u);
  EXPECT_TRUE(named.files[0].is_stdin);
  EXPECT_EQ(named.files[0].display_path, "scripts/tool.py");
  EXPECT_EQ(named.files[0].path, t.path() / "scripts/tool.py");
  EXPECT_TRUE(named.files[0].settings->enabled.none());  // per-file-ignores by the given name

  EXPECT_TRUE(discover({"-"}, *forcing_resolver(t.path()), fs::path("build/x.py")).files.empty());
  EXPECT_EQ(discover({"-"}, *resolver, fs::path("build/x.py")).files.size(), 1u);
}

}  // namespace
}  // namespace pml
