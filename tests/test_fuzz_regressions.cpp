// Replays every fuzz target (tests/fuzz/) in the normal suite: over its seeds, the samples, and
// over every input saved in tests/fuzz/regressions/<target>/ (each one a crash the fuzzer found and
// that was fixed). So a fixed crash stays fixed without running libFuzzer.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <stdexcept>

#include "tests/fuzz/fuzz_target.h"
#include "tests/sample_runner.h"

namespace pml::fuzz {

namespace {
std::map<std::string, TargetFunction>& registry() {
  static std::map<std::string, TargetFunction> targets;
  return targets;
}
struct PropertyViolated : std::runtime_error {
  using std::runtime_error::runtime_error;
};
}  // namespace

bool register_target(const char* name, TargetFunction fn) {
  registry()[name] = fn;
  return true;
}

void fuzz_fail(const std::string& what) { throw PropertyViolated(what); }

}  // namespace pml::fuzz

namespace pml::testing {
namespace {

std::vector<std::filesystem::path> files_under(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> out;
  if (!std::filesystem::is_directory(dir)) return out;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.is_regular_file()) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

void replay(const std::string& target, fuzz::TargetFunction fn, const std::filesystem::path& input) {
  std::string bytes = read_text(input);
  try {
    fn(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  } catch (const fuzz::PropertyViolated& e) {
    ADD_FAILURE() << target << " on " << input.string() << ": " << e.what();
  }
}

TEST(FuzzTargets, AreRegistered) {
  EXPECT_TRUE(fuzz::registry().count("parse_check"));
  EXPECT_TRUE(fuzz::registry().count("fix_validity"));
  EXPECT_TRUE(fuzz::registry().count("lsp_messages"));
  EXPECT_TRUE(fuzz::registry().count("notebook"));
}

TEST(FuzzTargets, HoldOnTheirSeeds) {
  auto seeds = sample_files();
  ASSERT_FALSE(seeds.empty());
  for (const auto& [name, fn] : fuzz::registry())
    for (const auto& seed : seeds) replay(name, fn, seed);
}

TEST(FuzzTargets, SavedCrashesStayFixed) {
  const std::filesystem::path root = std::filesystem::path(PML_SOURCE_DIR) / "tests/fuzz/regressions";
  for (const auto& [name, fn] : fuzz::registry())
    for (const auto& input : files_under(root / name)) replay(name, fn, input);
}

// Targets whose input is not a Python file (the server's message sessions) have seeds of their own.
TEST(FuzzTargets, HoldOnTheirOwnSeeds) {
  const std::filesystem::path root = std::filesystem::path(PML_SOURCE_DIR) / "tests/fuzz/seeds";
  ASSERT_FALSE(files_under(root / "lsp_messages").empty());
  for (const auto& [name, fn] : fuzz::registry())
    for (const auto& input : files_under(root / name)) replay(name, fn, input);
  for (const auto& notebook : notebook_sample_files()) replay("notebook", fuzz::registry()["notebook"], notebook);
}

// A body that breaks its property fails the test (not the process), naming the input.
TEST(FuzzTargets, AViolatedPropertyIsReported) {
  EXPECT_THROW(fuzz::fuzz_fail("example"), std::runtime_error);
}

}  // namespace
}  // namespace pml::testing
