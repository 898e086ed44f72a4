// Hostile input through the real binary: pathological nesting and sizes, odd bytes, a file system
// that misbehaves, and a --fix killed while it writes. Each must give a clear message naming the
// file and the right exit code, the run must go on, and no file may be left half-written.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <memory>
#include <regex>
#include <thread>
#include <vector>

#include "tests/cli_harness.h"

namespace pml::testing {
namespace {

const char* kFinding = "import numpy as np\nx = np.ones(n)\n";  // MEM301 at 2:5

// 100,000 levels of each kind of nesting: the walks are iterative and the value analysis bounds
// its recursion, so none of these may overflow the stack (of the main thread or of a worker).
TEST(Hostile, HundredThousandLevelsOfNestingDoNotOverflowTheStack) {
  constexpr int kN = 100000;
  auto rep = [](const std::string& s, int n) {
    std::string out;
    out.reserve(s.size() * n);
    for (int i = 0; i < n; ++i) out += s;
    return out;
  };
  std::map<std::string, std::string> files = {
      {"parens", "x = " + rep("(", kN) + "1" + rep(")", kN) + "\n"},
      {"unary", "x = " + rep("-", kN) + "1\n"},
      {"not", "x = " + rep("not ", kN) + "y\n"},
      {"binary", "x = a" + rep(" + a", kN) + "\n"},
      {"lists", "x = " + rep("[", kN) + rep("]", kN) + "\n"},
      {"dicts", "x = " + rep("{1: ", kN) + "1" + rep("}", kN) + "\n"},
      {"calls", "import numpy as np\nx = " + rep("np.asarray(", kN) + "n" + rep(")", kN) + "\n"},
      {"method_chain", "import numpy as np\nx = np.ones(n)" + rep(".copy()", kN) + "\n"},
      {"attributes", "x = a" + rep(".b", kN) + "\n"},
      {"subscripts", "x = a" + rep("[0]", kN) + "\n"},
      {"lambdas", "x = " + rep("lambda: ", kN) + "1\n"},
      {"conditionals", "x = " + rep("a if b else ", kN) + "c\n"},
      {"comparisons", "x = a" + rep(" < a", kN) + "\n"},
      {"starred_calls", "x = " + rep("f(*", kN) + "a" + rep(")", kN) + "\n"},
  };
  TempDir d;
  for (const auto& [name, text] : files) d.write(name + ".py", text);
  d.write("zz_good.py", kFinding);
  for (const char* threads : {"1", "2"}) {
    auto r = run_pymemlint(std::string("check . --output-format concise -q --select ALL --threads ") + threads,
                           d.path());
    EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1) << "exit " << r.exit_code << "\n" << r.err.substr(0, 2000);
    EXPECT_EQ(r.out.find("internal error"), std::string::npos) << r.out.substr(0, 2000);
    EXPECT_NE(r.out.find("zz_good.py:2:5: MEM301"), std::string::npos) << r.out.substr(0, 2000);
  }
}

// 100 MB: a large module docstring and a run of 70,000 comment lines, which on its own crashes
// Debian's libtree-sitter 0.20.7 unless the parser skips the run's middle (analyzer/syntax.cpp).
// Mostly one token, so the test stays cheap (~0.2 GB peak) while the file is really 100 MB.
TEST(Hostile, HundredMegabyteFileWithALongCommentRun) {
  TempDir d;
  std::string text = "import numpy as np\n";
  for (int i = 0; i < 70000; ++i) text += "# a comment line, one of very many\n";
  text += "DOC = '''\n";
  const std::string doc_line(99, 'd');
  while (text.size() < (100u << 20)) text += doc_line + "\n";
  text += "'''\nx = np.ones(n)\n";
  size_t rows = std::count(text.begin(), text.end(), '\n');
  d.write("big.py", text);
  d.write("other.py", kFinding);
  auto r = run_pymemlint("check . --output-format concise -q", d.path());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("big.py:" + std::to_string(rows) + ":5: MEM301"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("other.py:2:5: MEM301"), std::string::npos) << r.out;
}

TEST(Hostile, TenMegabyteLine) {
  TempDir d;
  const std::string filler(10u << 20, 'a');
  d.write("long.py", "import numpy as np\nx = '" + filler + "'; y = np.ones(n)\n");
  auto r = run_pymemlint("check long.py --output-format concise -q", d.path());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  // Columns count characters: `x = '` (5) + filler + `'; y = ` (7) + 1.
  EXPECT_NE(r.out.find("long.py:2:" + std::to_string(5 + filler.size() + 7 + 1) + ": MEM301"), std::string::npos)
      << r.out.substr(0, 300);
}

TEST(Hostile, Utf16FileIsAClearE902) {
  TempDir d;
  std::string utf16 = "\xFF\xFE";
  for (char c : std::string("import numpy as np\n")) utf16 += std::string{c, '\0'};
  d.write("wide.py", utf16);
  d.write("good.py", kFinding);
  auto r = run_pymemlint("check . --output-format concise -q", d.path());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("wide.py:1:1: E902 file is UTF-16 or UTF-32"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("good.py:2:5: MEM301"), std::string::npos) << r.out;
}

TEST(Hostile, LoneCarriageReturnEndingsAreLinesAndSurviveFixes) {
  TempDir d;
  d.write("cr.py", "import numpy as np\r\rx = np.ones(n)\r");
  auto r = run_pymemlint("check cr.py --output-format concise -q", d.path());
  EXPECT_NE(r.out.find("cr.py:3:5: MEM301"), std::string::npos) << r.out;
  EXPECT_EQ(run_pymemlint("check cr.py --fix --unsafe-fixes", d.path()).exit_code, 0);
  EXPECT_EQ(d.read("cr.py"), "import numpy as np\r\rx = np.ones(n, dtype=np.float32)\r");
}

TEST(Hostile, SymlinkLoopsAndDanglingLinksEndTheWalk) {
  TempDir d;
  d.write("pkg/a.py", kFinding);
  std::filesystem::create_directory_symlink(".", d.path() / "pkg/loop");
  std::filesystem::create_directory_symlink("../pkg", d.path() / "pkg/up");
  std::filesystem::create_symlink("self.py", d.path() / "pkg/self.py");  // points at itself
  auto r = run_pymemlint("check . --output-format concise -q", d.path());
  EXPECT_NE(r.out.find("pkg/a.py:2:5: MEM301"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("pkg/loop/"), std::string::npos) << "directory symlinks are not followed\n" << r.out;
  EXPECT_NE(r.exit_code, 0);
}

// As root, pymemlint runs as nobody here (permission bits do not stop root's directory listing).
TEST(Hostile, UnreadableDirectoryIsReportedAndTheRestLinted) {
  if (std::string why = why_permission_tests_cannot_run(); !why.empty()) GTEST_SKIP() << why;
  TempDir d;
  d.write("locked/hidden.py", kFinding);
  d.write("open.py", kFinding);
  open_tree_to_everyone(d.path());
  ::chmod((d.path() / "locked").c_str(), 0);
  auto r = run_pymemlint_unprivileged("check . --output-format concise -q", d.path());
  ::chmod((d.path() / "locked").c_str(), 0755);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.out.find("locked:1:1: E902 cannot read: Permission denied"), std::string::npos) << r.out << r.err;
  EXPECT_EQ(r.out.find("hidden.py"), std::string::npos) << "the locked directory cannot be listed\n" << r.out;
  EXPECT_NE(r.out.find("open.py:2:5: MEM301"), std::string::npos) << r.out;
}

const char* kFixed = "import numpy as np\nx = np.ones(n, dtype=np.float32)\n";

// No temporary file of atomic_write's (`.NAME.pymemlint-XXXXXX`) anywhere below `dir`.
std::vector<std::string> temporary_files(const std::filesystem::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
    if (e.path().filename().string().find(".pymemlint-") != std::string::npos) out.push_back(e.path().string());
  return out;
}

// --fix on a symlink (named explicitly; the walk does not follow them) writes the file the link
// finally names, through a chain of links, keeping its mode: the links stay links.
TEST(Hostile, FixThroughASymlinkFixesTheTargetAndKeepsTheLink) {
  namespace fs = std::filesystem;
  TempDir d;
  d.write("real.py", kFinding);
  ::chmod((d.path() / "real.py").c_str(), 0640);
  d.mkdir("sub");
  fs::create_symlink("../real.py", d.path() / "sub/link.py");
  fs::create_symlink("link.py", d.path() / "sub/chain.py");
  auto r = run_pymemlint("check sub/chain.py --fix --unsafe-fixes", d.path());
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(fs::is_symlink(d.path() / "sub/chain.py"));
  EXPECT_TRUE(fs::is_symlink(d.path() / "sub/link.py"));
  std::error_code ec;
  EXPECT_EQ(fs::read_symlink(d.path() / "sub/chain.py", ec), "link.py");
  EXPECT_EQ(fs::read_symlink(d.path() / "sub/link.py", ec), "../real.py");
  EXPECT_EQ(d.read("real.py"), kFixed);
  struct stat st {};
  ASSERT_EQ(::stat((d.path() / "real.py").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0640u);
  EXPECT_TRUE(temporary_files(d.path()).empty());
  // Once fixed, the same file through the link has nothing left to fix.
  EXPECT_EQ(run_pymemlint("check sub/link.py --output-format concise -q", d.path()).out, "");
}

// Root fixing another user's file gives it back to that user, with its group and mode.
TEST(Hostile, FixAsRootKeepsTheOwner) {
  if (!running_as_root()) GTEST_SKIP() << "only root can fix a file it does not own and keep the owner";
  TempDir d;
  auto p = d.write("theirs.py", kFinding);
  ASSERT_EQ(::chown(p.c_str(), kUnprivilegedId, kUnprivilegedId), 0);
  ::chmod(p.c_str(), 0664);
  auto r = run_pymemlint("check theirs.py --fix --unsafe-fixes", d.path());
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(d.read("theirs.py"), kFixed);
  struct stat st {};
  ASSERT_EQ(::stat(p.c_str(), &st), 0);
  EXPECT_EQ(st.st_uid, kUnprivilegedId);
  EXPECT_EQ(st.st_gid, kUnprivilegedId);
  EXPECT_EQ(st.st_mode & 07777, 0664u);
}

// A file listed by the walk but gone when it is read: the same path as a dangling symlink to a
// .py name, which is deterministic. The run goes on and names the file.
TEST(Hostile, FileThatVanishesIsE902) {
  TempDir d;
  std::filesystem::create_symlink("deleted-meanwhile.py", d.path() / "gone.py");
  d.write("here.py", kFinding);
  auto r = run_pymemlint("check gone.py here.py --output-format concise -q", d.path());
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE((r.out + r.err).find("gone.py"), std::string::npos) << r.out << r.err;
  EXPECT_NE(r.out.find("here.py:2:5: MEM301"), std::string::npos) << r.out;
}

// Files deleted for real while a run is going: whatever happens to each file, no crash.
TEST(Hostile, FilesDeletedDuringTheRun) {
  TempDir d;
  for (int i = 0; i < 300; ++i) d.write(fmt::format("f{}.py", i), kFinding);
  std::thread deleter([&] {
    for (int i = 299; i >= 0; i -= 2) std::filesystem::remove(d.path() / fmt::format("f{}.py", i));
  });
  auto r = run_pymemlint("check . --output-format concise -q --threads 2", d.path());
  deleter.join();
  EXPECT_TRUE(r.exit_code == 1 || r.exit_code == 2) << r.exit_code << r.err;
  EXPECT_EQ(r.out.find("internal error"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("f0.py:2:5: MEM301"), std::string::npos) << "f0 is never deleted\n" << r.out.substr(0, 500);
}

TEST(Hostile, BadConfigurationInOneDirectoryDoesNotStopTheOthers) {
  TempDir d;
  d.write("broken/pyproject.toml", "[tool.pymemlint]\nselect = 42\n");
  d.write("broken/b.py", kFinding);
  d.write("nottoml/pyproject.toml", "this is = = not toml\n");
  d.write("nottoml/c.py", kFinding);
  d.write("fine/a.py", kFinding);
  auto r = run_pymemlint("check . --output-format concise -q", d.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("broken/pyproject.toml"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("select"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("nottoml/pyproject.toml"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("fine/a.py:2:5: MEM301"), std::string::npos) << r.out;
}

// --fix killed with SIGKILL while it writes many large fix sets: every file must hold either its
// old or its new content, never a truncated or mixed one. The kill is aimed (a bisection on the
// delay, starting from the time an uninterrupted run takes) until one lands mid-run, with some
// files old and some new; the test fails if no attempt gets there.
//
// A kill between creating atomic_write's temporary file (`.NAME.pymemlint-XXXXXX`, next to the
// file) and renaming it leaves that file behind: nothing can clean up after SIGKILL. Such leftovers
// do not end in .py, so later runs never take them for Python files; that is asserted too, with a
// planted leftover so the check never depends on the timing.
TEST(Hostile, KilledFixLeavesEveryFileOldOrNew) {
  constexpr int kFiles = 60;
  std::string old_text = "import numpy as np\n\n";
  for (int i = 0; i < 600; ++i) old_text += fmt::format("a{} = np.zeros((1000, 1000))\n", i);
  TempDir reference;
  reference.write("r.py", old_text);
  ASSERT_EQ(run_pymemlint("check r.py --fix --unsafe-fixes -q --exit-zero", reference.path()).exit_code, 0);
  const std::string new_text = reference.read("r.py");
  ASSERT_NE(new_text, old_text);
  const std::regex leftover_name(R"(\.m\d+\.py\.pymemlint-[A-Za-z0-9]{6})");

  // Starts a --fix over kFiles old files and kills it after `delay` (never, when negative).
  // Returns how many files are new afterwards; checks every file is old or new.
  auto fix_and_kill = [&](TempDir& d, std::chrono::milliseconds delay, int* leftovers) {
    for (int i = 0; i < kFiles; ++i) d.write(fmt::format("m{}.py", i), old_text);
    pid_t pid = ::fork();
    if (pid < 0) return -1;
    if (pid == 0) {
      if (::chdir(d.path().c_str()) != 0) ::_exit(127);
      int null = ::open("/dev/null", O_WRONLY);
      ::dup2(null, 1);
      ::dup2(null, 2);
      ::execl(PML_BINARY, PML_BINARY, "check", ".", "--fix", "--unsafe-fixes", "-q", "--threads", "2", nullptr);
      ::_exit(127);
    }
    if (delay.count() >= 0) {
      std::this_thread::sleep_for(delay);
      ::kill(pid, SIGKILL);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    int fresh = 0;
    for (int i = 0; i < kFiles; ++i) {
      std::string name = fmt::format("m{}.py", i);
      std::string now = d.read(name);
      if (now == new_text)
        ++fresh;
      else if (now != old_text)
        ADD_FAILURE() << name << " after a kill at " << delay.count() << " ms is neither old nor new (" << now.size()
                      << " bytes)";
    }
    for (const auto& e : std::filesystem::directory_iterator(d.path())) {
      std::string name = e.path().filename().string();
      if (std::regex_match(name, std::regex(R"(m\d+\.py)"))) continue;
      EXPECT_TRUE(std::regex_match(name, leftover_name)) << "unexpected file " << name;
      ++*leftovers;
    }
    return fresh;
  };

  // An uninterrupted run: how long the kills have to land in.
  int leftovers = 0;
  auto started = std::chrono::steady_clock::now();
  {
    TempDir d;
    ASSERT_EQ(fix_and_kill(d, std::chrono::milliseconds(-1), &leftovers), kFiles);
    ASSERT_EQ(leftovers, 0) << "an uninterrupted run leaves no temporary file";
  }
  auto full = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);

  std::chrono::milliseconds lo{0}, hi = full + std::chrono::milliseconds(50);
  std::unique_ptr<TempDir> mixed;
  std::string attempts;
  for (int attempt = 0; attempt < 14 && !mixed; ++attempt) {
    auto delay = (lo + hi) / 2;
    auto d = std::make_unique<TempDir>();
    int fresh = fix_and_kill(*d, delay, &leftovers);
    ASSERT_GE(fresh, 0);
    attempts += " " + std::to_string(delay.count()) + "ms:" + std::to_string(fresh) + "/" + std::to_string(kFiles);
    if (fresh == 0)
      lo = delay;  // killed before the first write: later
    else if (fresh == kFiles)
      hi = delay;  // killed after the last write: earlier
    else
      mixed = std::move(d);
  }
  RecordProperty("kill_attempts", attempts);
  RecordProperty("leftover_temporary_files", leftovers);
  ASSERT_TRUE(mixed) << "no kill landed while files were being written (an uninterrupted run takes "
                     << full.count() << " ms; delay:new files" << attempts << ")";

  // The interrupted tree: a planted leftover besides any real ones is never linted, and a new --fix
  // finishes the job without touching it.
  mixed->write(".m0.py.pymemlint-AbC123", old_text);
  auto check = run_pymemlint("check . --output-format concise -q --select MEM", mixed->path());
  EXPECT_EQ(check.out.find("pymemlint-"), std::string::npos) << check.out.substr(0, 1000);
  EXPECT_EQ(check.err.find("pymemlint-"), std::string::npos) << check.err.substr(0, 1000);
  EXPECT_EQ(run_pymemlint("check . --fix --unsafe-fixes -q --exit-zero", mixed->path()).exit_code, 0);
  for (int i = 0; i < kFiles; ++i) EXPECT_EQ(mixed->read(fmt::format("m{}.py", i)), new_text) << i;
  EXPECT_EQ(mixed->read(".m0.py.pymemlint-AbC123"), old_text);
}

}  // namespace
}  // namespace pml::testing
