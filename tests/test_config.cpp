// Configuration loading, lookup and Ruff's rule selection semantics.
#include <gtest/gtest.h>

#include "tests/temp_dir.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <tuple>
#include <vector>

#include "analyzer/config.h"
#include "rules/registry.h"

namespace pml {
namespace {

namespace fs = std::filesystem;

using testing::TempDir;

size_t index_of(std::string_view code) {
  auto i = rule_index(code);
  if (!i) throw std::runtime_error("rule " + std::string(code) + " is not registered");
  return *i;
}

// The tests use two rules of the MEM3 family; everything else is computed from the registry.
size_t mem301() { return index_of("MEM301"); }
size_t mem303() { return index_of("MEM303"); }

RuleSet only(std::initializer_list<size_t> indices) {
  RuleSet s;
  for (size_t i : indices) s.set(i);
  return s;
}

RuleSet resolve(std::optional<std::vector<std::string>> select, std::vector<std::string> extend,
                std::vector<std::string> ignore) {
  std::string error;
  auto r = resolve_selection(select, extend, ignore, &error);
  EXPECT_TRUE(r.has_value()) << error;
  return r.value_or(RuleSet{});
}

// --- selection semantics --------------------------------------------------------------------

TEST(Selection, MoreSpecificSelectBeatsBroaderIgnore) {
  EXPECT_EQ(resolve(std::vector<std::string>{"MEM301"}, {}, {"MEM3"}), only({mem301()}));
}

TEST(Selection, MoreSpecificIgnoreBeatsBroaderSelect) {
  RuleSet r = resolve(std::vector<std::string>{"MEM3"}, {}, {"MEM301"});
  EXPECT_FALSE(r.test(mem301()));
  EXPECT_TRUE(r.test(mem303()));
  EXPECT_EQ(r, *rules_matching("MEM3") & ~only({mem301()}));
}

TEST(Selection, EqualSpecificityIgnoreWins) {
  EXPECT_EQ(resolve(std::vector<std::string>{"MEM301"}, {}, {"MEM301"}), RuleSet{});
  EXPECT_EQ(resolve(std::vector<std::string>{"ALL"}, {}, {"ALL"}), RuleSet{});
}

TEST(Selection, AllIsTheLeastSpecific) {
  EXPECT_EQ(resolve(std::vector<std::string>{"MEM303"}, {}, {"ALL"}), only({mem303()}));
  RuleSet r = resolve(std::vector<std::string>{"ALL"}, {}, {"MEM3"});
  EXPECT_FALSE(r.test(mem301()));
  EXPECT_FALSE(r.test(mem303()));
}

TEST(Selection, ExtendSelectAddsToDefaultsWithSpecificity) {
  EXPECT_EQ(resolve(std::nullopt, {}, {}), default_rules());
  // No select: start from the defaults; the specific extend-select survives the broad ignore.
  RuleSet r = resolve(std::nullopt, {"MEM301"}, {"MEM"});
  EXPECT_EQ(r, only({mem301()}));
  EXPECT_EQ(resolve(std::nullopt, {}, {"MEM301"}), default_rules() & ~only({mem301()}));
}

TEST(Selection, SelectReplacesTheDefaults) {
  EXPECT_EQ(resolve(std::vector<std::string>{"MEM303"}, {}, {}), only({mem303()}));
  EXPECT_EQ(resolve(std::vector<std::string>{}, {"MEM301"}, {}), only({mem301()}));
}

TEST(Selection, UnknownSelectorIsAnError) {
  std::string error;
  EXPECT_FALSE(resolve_selection(std::nullopt, {}, {"MEM999"}, &error).has_value());
  EXPECT_EQ(error, "unknown rule selector `MEM999`");
  EXPECT_FALSE(resolve_selection(std::vector<std::string>{"mem3"}, {}, {}, &error).has_value());
  EXPECT_EQ(error, "unknown rule selector `mem3`");
}

TEST(Selection, CliSelectStartsOverAsInRuff) {
  RuleSet from_config = resolve(std::vector<std::string>{"MEM3"}, {}, {"MEM301"});
  CliOverrides cli;
  cli.select = std::vector<std::string>{"MEM301"};
  EXPECT_EQ(apply_cli_selection(from_config, cli), only({mem301()}));
}

TEST(Selection, CliExtendSelectAndIgnoreAdjustTheConfig) {
  RuleSet from_config = only({mem301()});
  CliOverrides cli;
  cli.extend_select = {"MEM303"};
  EXPECT_EQ(apply_cli_selection(from_config, cli), only({mem301(), mem303()}));

  CliOverrides ignore_cli;
  ignore_cli.ignore = {"MEM301"};
  EXPECT_EQ(apply_cli_selection(only({mem301(), mem303()}), ignore_cli), only({mem303()}));

  // Within the CLI layer the more specific selector wins, and the config's rules are kept.
  CliOverrides both;
  both.extend_select = {"MEM301"};
  both.ignore = {"MEM3"};
  EXPECT_EQ(apply_cli_selection(RuleSet{}, both), only({mem301()}));

  EXPECT_EQ(apply_cli_selection(only({mem303()}), CliOverrides{}), only({mem303()}));
}

// --- parsing ----------------------------------------------------------------------------------

TEST(ConfigParse, EveryKeyOfAStandaloneFile) {
  auto r = parse_config_text(R"(
select = ["MEM3"]
extend-select = ["MEM301"]
ignore = ["MEM303"]
exclude = ["generated", "vendor/*"]
extend-exclude = ["legacy"]
min-bytes = 4096
unsafe-fixes = true
fix-style = "rebind"

[per-file-ignores]
"__init__.py" = ["MEM301"]
"tests/*.py" = ["MEM3", "MEM303"]
)",
                             "pymemlint.toml", false);
  ASSERT_EQ(r.status, ConfigFileResult::Status::Ok) << r.error;
  const ConfigOptions& o = r.options;
  EXPECT_EQ(o.select, std::vector<std::string>{"MEM3"});
  EXPECT_EQ(o.extend_select, std::vector<std::string>{"MEM301"});
  EXPECT_EQ(o.ignore, std::vector<std::string>{"MEM303"});
  EXPECT_EQ(o.exclude, (std::vector<std::string>{"generated", "vendor/*"}));
  EXPECT_EQ(o.extend_exclude, std::vector<std::string>{"legacy"});
  EXPECT_EQ(o.min_bytes, 4096u);
  EXPECT_EQ(o.unsafe_fixes, true);
  EXPECT_EQ(o.fix_style, FixStyle::Rebind);
  ASSERT_TRUE(o.per_file_ignores);
  ASSERT_EQ(o.per_file_ignores->size(), 2u);
  EXPECT_EQ((*o.per_file_ignores)[0].first, "__init__.py");
  EXPECT_EQ((*o.per_file_ignores)[0].second, std::vector<std::string>{"MEM301"});
  EXPECT_EQ((*o.per_file_ignores)[1].first, "tests/*.py");
  EXPECT_EQ((*o.per_file_ignores)[1].second, (std::vector<std::string>{"MEM3", "MEM303"}));
}

TEST(ConfigParse, FileSelectionKeys) {
  auto r = parse_config_text("force-exclude = true\nrespect-gitignore = false\n", "pymemlint.toml", false);
  ASSERT_EQ(r.status, ConfigFileResult::Status::Ok) << r.error;
  EXPECT_EQ(r.options.force_exclude, true);
  EXPECT_EQ(r.options.respect_gitignore, false);
  auto e = parse_config_text("[tool.pymemlint]\nforce-exclude = 1\n", "pyproject.toml", true);
  EXPECT_EQ(e.error, "pyproject.toml: `tool.pymemlint.force-exclude` must be a boolean, got integer");
}

TEST(ConfigParse, FixStyleDelAndAbsentKeys) {
  auto r = parse_config_text("fix-style = \"del\"\n", "pymemlint.toml", false);
  ASSERT_EQ(r.status, ConfigFileResult::Status::Ok) << r.error;
  EXPECT_EQ(r.options.fix_style, FixStyle::Del);
  EXPECT_FALSE(r.options.select.has_value());
  EXPECT_FALSE(r.options.exclude.has_value());
  EXPECT_FALSE(r.options.min_bytes.has_value());
  EXPECT_FALSE(r.options.unsafe_fixes.has_value());
}

TEST(ConfigParse, PyprojectReadsOnlyItsTable) {
  auto r = parse_config_text(R"(
[project]
name = "demo"

[tool.black]
line-length = 100

[tool.pymemlint]
select = ["MEM301"]
min-bytes = 0
)",
                             "pyproject.toml", true);
  ASSERT_EQ(r.status, ConfigFileResult::Status::Ok) << r.error;
  EXPECT_EQ(r.options.select, std::vector<std::string>{"MEM301"});
  EXPECT_EQ(r.options.min_bytes, 0u);

  auto none = parse_config_text("[project]\nname = \"demo\"\n[tool.ruff]\nselect = [\"E\"]\n", "pyproject.toml", true);
  EXPECT_EQ(none.status, ConfigFileResult::Status::NotAConfig);
}

TEST(ConfigParse, UnknownKeyNamesFileAndKey) {
  auto r = parse_config_text("[tool.pymemlint]\nselct = [\"MEM3\"]\n", "pyproject.toml", true);
  EXPECT_EQ(r.status, ConfigFileResult::Status::Error);
  EXPECT_EQ(r.error, "pyproject.toml: unknown key `tool.pymemlint.selct`");

  auto s = parse_config_text("[lint]\nselect = []\n", "sub/pymemlint.toml", false);
  EXPECT_EQ(s.error, "sub/pymemlint.toml: unknown key `lint`");
}

TEST(ConfigParse, WrongTypesNameFileKeyAndType) {
  struct Case {
    std::string text;
    std::string error;
  };
  const std::vector<Case> cases = {
      {"min-bytes = \"big\"", "pymemlint.toml: `min-bytes` must be a non-negative integer, got string"},
      {"min-bytes = -1", "pymemlint.toml: `min-bytes` must be a non-negative integer, got -1"},
      {"min-bytes = 1.5", "pymemlint.toml: `min-bytes` must be a non-negative integer, got float"},
      {"select = \"MEM3\"", "pymemlint.toml: `select` must be an array of strings, got string"},
      {"ignore = [\"MEM3\", 4]",
       "pymemlint.toml: `ignore` must be an array of strings, got an array containing integer"},
      {"extend-exclude = true", "pymemlint.toml: `extend-exclude` must be an array of strings, got boolean"},
      {"unsafe-fixes = \"yes\"", "pymemlint.toml: `unsafe-fixes` must be a boolean, got string"},
      {"fix-style = \"move\"", "pymemlint.toml: `fix-style` must be \"del\" or \"rebind\", got \"move\""},
      {"fix-style = 1", "pymemlint.toml: `fix-style` must be \"del\" or \"rebind\", got integer"},
      {"per-file-ignores = [\"a\"]", "pymemlint.toml: `per-file-ignores` must be a table, got array"},
      {"[per-file-ignores]\n\"tests/*.py\" = \"MEM3\"",
       "pymemlint.toml: `per-file-ignores.\"tests/*.py\"` must be an array of strings, got string"},
  };
  for (const auto& c : cases) {
    auto r = parse_config_text(c.text, "pymemlint.toml", false);
    EXPECT_EQ(r.status, ConfigFileResult::Status::Error) << c.text;
    EXPECT_EQ(r.error, c.error) << c.text;
  }
  auto p = parse_config_text("[tool.pymemlint]\nmin-bytes = \"1MB\"\n", "pyproject.toml", true);
  EXPECT_EQ(p.error, "pyproject.toml: `tool.pymemlint.min-bytes` must be a non-negative integer, got string");
  auto t = parse_config_text("[tool]\npymemlint = 3\n", "pyproject.toml", true);
  EXPECT_EQ(t.error, "pyproject.toml: `tool.pymemlint` must be a table, got integer");
}

TEST(ConfigParse, UnknownSelectorNamesFileAndKey) {
  auto r = parse_config_text("select = [\"MEM3\", \"MEM999\"]\n", "pymemlint.toml", false);
  EXPECT_EQ(r.status, ConfigFileResult::Status::Error);
  EXPECT_EQ(r.error, "pymemlint.toml: unknown rule selector `MEM999` in `select`");

  auto p = parse_config_text("[tool.pymemlint.per-file-ignores]\n\"tests/*.py\" = [\"XYZ1\"]\n", "pyproject.toml", true);
  EXPECT_EQ(p.error, "pyproject.toml: unknown rule selector `XYZ1` in `tool.pymemlint.per-file-ignores.\"tests/*.py\"`");
}

TEST(ConfigParse, TomlSyntaxErrorHasLineAndColumn) {
  auto r = parse_config_text("[tool.pymemlint]\nselect = [\"MEM3\"]\nmin = 1 2\n", "pyproject.toml", true);
  EXPECT_EQ(r.status, ConfigFileResult::Status::Error);
  EXPECT_TRUE(r.error.starts_with("pyproject.toml:3:9: TOML parse error: ")) << r.error;

  auto s = parse_config_text("select = = 1\n", "pymemlint.toml", false);
  EXPECT_TRUE(s.error.starts_with("pymemlint.toml:1:10: TOML parse error: ")) << s.error;
}

// --- lookup ---------------------------------------------------------------------------------

std::unique_ptr<ConfigResolver> make_resolver(const fs::path& cwd, CliOverrides cli = {}) {
  std::string error;
  auto r = ConfigResolver::create(std::move(cli), &error, cwd);
  EXPECT_TRUE(r) << error;
  return r;
}

RuleSet enabled_for(ConfigResolver& resolver, const fs::path& file) {
  std::string error;
  auto s = resolver.settings_for_file(file, &error);
  EXPECT_TRUE(s) << error;
  return s ? s->enabled : RuleSet{};
}

TEST(ConfigLookup, NearestConfigWins) {
  TempDir t;
  t.write("pymemlint.toml", "select = [\"MEM301\"]\n");
  t.write("sub/pyproject.toml", "[tool.pymemlint]\nselect = [\"MEM303\"]\nmin-bytes = 10\n");
  t.mkdir("sub/deeper/deepest");
  t.mkdir("other");
  auto resolver = make_resolver(t.path());

  EXPECT_EQ(enabled_for(*resolver, t.path() / "a.py"), only({mem301()}));
  EXPECT_EQ(enabled_for(*resolver, t.path() / "other/b.py"), only({mem301()}));
  EXPECT_EQ(enabled_for(*resolver, t.path() / "sub/c.py"), only({mem303()}));
  EXPECT_EQ(enabled_for(*resolver, t.path() / "sub/deeper/deepest/d.py"), only({mem303()}));

  ConfigLookup sub = resolver->config_for_directory(t.path() / "sub/deeper/deepest");
  ASSERT_TRUE(sub.config);
  EXPECT_EQ(sub.config->file, t.path() / "sub/pyproject.toml");
  EXPECT_EQ(sub.config->root, t.path() / "sub");
  EXPECT_EQ(sub.config->min_bytes, 10u);
  // One Config per file, shared by every directory it governs.
  EXPECT_EQ(resolver->config_for_directory(t.path() / "sub").config, sub.config);
  EXPECT_EQ(resolver->config_for_directory(t.path()).config, resolver->config_for_directory(t.path() / "other").config);
}

TEST(ConfigLookup, StandaloneFileBeatsPyprojectInOneDirectory) {
  TempDir t;
  t.write("pyproject.toml", "[tool.pymemlint]\nselect = [\"MEM301\"]\n");
  t.write("pymemlint.toml", "select = [\"MEM303\"]\n");
  auto resolver = make_resolver(t.path());
  EXPECT_EQ(enabled_for(*resolver, t.path() / "x.py"), only({mem303()}));
  EXPECT_EQ(resolver->config_for_directory(t.path()).config->file, t.path() / "pymemlint.toml");
}

// As Ruff reads `.ruff.toml` before `ruff.toml`, a hidden `.pymemlint.toml` comes first.
TEST(ConfigLookup, HiddenStandaloneFileComesFirst) {
  TempDir t;
  t.write("pyproject.toml", "[tool.pymemlint]\nselect = [\"MEM301\"]\n");
  t.write("pymemlint.toml", "select = [\"MEM301\"]\n");
  t.write(".pymemlint.toml", "select = [\"MEM303\"]\n");
  t.write("sub/.pymemlint.toml", "nope = 1\n");
  auto resolver = make_resolver(t.path());
  EXPECT_EQ(enabled_for(*resolver, t.path() / "x.py"), only({mem303()}));
  EXPECT_EQ(resolver->config_for_directory(t.path()).config->file, t.path() / ".pymemlint.toml");
  ConfigLookup sub = resolver->config_for_directory(t.path() / "sub");
  ASSERT_TRUE(sub.error);
  EXPECT_EQ(sub.error->message, "sub/.pymemlint.toml: unknown key `nope`");
}

TEST(ConfigLookup, PyprojectWithoutTableIsSkipped) {
  TempDir t;
  t.write("pymemlint.toml", "select = [\"MEM303\"]\n");
  t.write("pkg/pyproject.toml", "[project]\nname = \"pkg\"\n");
  auto resolver = make_resolver(t.path());
  EXPECT_EQ(enabled_for(*resolver, t.path() / "pkg/x.py"), only({mem303()}));
  EXPECT_EQ(resolver->config_for_directory(t.path() / "pkg").config->file, t.path() / "pymemlint.toml");
}

TEST(ConfigLookup, NoConfigMeansDefaults) {
  TempDir t;
  t.mkdir("a/b");
  auto resolver = make_resolver(t.path());
  ConfigLookup lookup = resolver->config_for_directory(t.path() / "a/b");
  ASSERT_TRUE(lookup.config);
  EXPECT_TRUE(lookup.config->file.empty());
  EXPECT_EQ(lookup.config->root, t.path());
  std::string error;
  auto s = resolver->settings_for_file(t.path() / "a/b/x.py", &error);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->enabled, default_rules());
  EXPECT_EQ(s->min_bytes, Settings{}.min_bytes);
  EXPECT_FALSE(s->unsafe_fixes);
  EXPECT_EQ(s->fix_style, FixStyle::Del);
}

// Test code by pytest's file names, whatever directory holds it; the per-file-ignores apply alike.
TEST(ConfigLookup, TestModulesAreKnownByPytestsFileNames) {
  for (const char* name : {"test_a.py", "pkg/tests/test_io.py", "a_test.py", "conftest.py", "/abs/x/conftest.py"})
    EXPECT_TRUE(is_test_module(name)) << name;
  for (const char* name : {"test.py", "testing.py", "tests/helpers.py", "contest.py", "test_a.pyi", "a_tests.py"})
    EXPECT_FALSE(is_test_module(name)) << name;
  TempDir t;
  t.write("pymemlint.toml", "[per-file-ignores]\n\"test_*.py\" = [\"MEM303\"]\n");
  auto resolver = make_resolver(t.path());
  std::string error;
  auto test = resolver->settings_for_file(t.path() / "tests/test_x.py", &error);
  auto other = resolver->settings_for_file(t.path() / "tests/x.py", &error);
  auto base = resolver->config_for_directory(t.path()).config->base_settings();
  ASSERT_TRUE(test && other && base) << error;
  EXPECT_TRUE(test->test_module);
  EXPECT_FALSE(test->enabled.test(mem303()));
  EXPECT_FALSE(other->test_module);
  EXPECT_TRUE(other->enabled.test(mem303()));
  EXPECT_FALSE(base->test_module);
  EXPECT_EQ(base->enabled, other->enabled);
}

TEST(ConfigLookup, ConfigOptionAppliesToEveryPath) {
  TempDir t;
  t.write("pymemlint.toml", "select = [\"MEM301\"]\n");
  t.write("sub/pymemlint.toml", "select = [\"MEM301\"]\n");
  t.write("elsewhere/custom.toml", "select = [\"MEM303\"]\nunsafe-fixes = true\n");
  CliOverrides cli;
  cli.config_file = "elsewhere/custom.toml";  // relative to the cwd
  auto resolver = make_resolver(t.path(), cli);
  for (const char* f : {"x.py", "sub/y.py", "elsewhere/z.py"}) {
    std::string error;
    auto s = resolver->settings_for_file(t.path() / f, &error);
    ASSERT_TRUE(s) << error;
    EXPECT_EQ(s->enabled, only({mem303()})) << f;
    EXPECT_TRUE(s->unsafe_fixes) << f;
  }
  // As in Ruff, the paths in a file given with --config are relative to the cwd, not to the file.
  EXPECT_EQ(resolver->config_for_directory(t.path()).config->root, t.path());
}

// Ruff resolves a `--config` file's paths against the cwd (Relativity::Cwd), a discovered file's
// against its own directory (Relativity::Parent).
TEST(ConfigLookup, ConfigOptionPerFileIgnoresAreRelativeToTheCwd) {
  TempDir t;
  t.write("shared/custom.toml", "[per-file-ignores]\n\"tests/*\" = [\"MEM3\"]\n");
  t.mkdir("proj");
  CliOverrides cli;
  cli.config_file = "../shared/custom.toml";
  auto resolver = make_resolver(t.path() / "proj", cli);
  EXPECT_EQ(enabled_for(*resolver, t.path() / "proj/tests/t.py") & *rules_matching("MEM3"), RuleSet{});
  EXPECT_EQ(enabled_for(*resolver, t.path() / "shared/tests/t.py"), default_rules());
  EXPECT_EQ(enabled_for(*resolver, t.path() / "proj/src/s.py"), default_rules());

  // The same file found by the upward search is relative to its own directory, not the cwd.
  t.write("proj/sub/pymemlint.toml", "[per-file-ignores]\n\"tests/*\" = [\"MEM3\"]\n");
  auto discovered = make_resolver(t.path() / "proj");
  EXPECT_EQ(enabled_for(*discovered, t.path() / "proj/sub/tests/t.py") & *rules_matching("MEM3"), RuleSet{});
}

TEST(ConfigLookup, ConfigOptionWithPyprojectReadsItsTable) {
  TempDir t;
  t.write("cfg/pyproject.toml", "[tool.pymemlint]\nselect = [\"MEM301\"]\n");
  CliOverrides cli;
  cli.config_file = t.path() / "cfg/pyproject.toml";
  auto resolver = make_resolver(t.path(), cli);
  EXPECT_EQ(enabled_for(*resolver, t.path() / "a.py"), only({mem301()}));

  // A pyproject.toml without the table configures nothing: the defaults.
  t.write("empty/pyproject.toml", "[project]\nname = \"x\"\n");
  CliOverrides empty;
  empty.config_file = t.path() / "empty/pyproject.toml";
  auto defaults = make_resolver(t.path(), empty);
  EXPECT_EQ(enabled_for(*defaults, t.path() / "a.py"), default_rules());
}

TEST(ConfigLookup, InvalidConfigOptionFailsCreate) {
  TempDir t;
  t.write("bad.toml", "selct = []\n");
  CliOverrides cli;
  cli.config_file = t.path() / "bad.toml";
  std::string error;
  EXPECT_FALSE(ConfigResolver::create(cli, &error, t.path()));
  EXPECT_EQ(error, "bad.toml: unknown key `selct`");

  CliOverrides missing;
  missing.config_file = "nope.toml";
  EXPECT_FALSE(ConfigResolver::create(missing, &error, t.path()));
  EXPECT_EQ(error, "nope.toml: cannot read: No such file or directory");
}

TEST(ConfigLookup, UnknownCliSelectorFailsCreate) {
  TempDir t;
  CliOverrides cli;
  cli.ignore = {"MEM3", "NOPE"};
  std::string error;
  EXPECT_FALSE(ConfigResolver::create(cli, &error, t.path()));
  EXPECT_EQ(error, "unknown rule selector `NOPE` in `--ignore`");
}

TEST(ConfigLookup, InvalidNestedConfigIsReturnedNotThrown) {
  TempDir t;
  t.write("pymemlint.toml", "select = [\"MEM301\"]\n");
  t.write("sub/pyproject.toml", "[tool.pymemlint]\nselct = [\"MEM3\"]\n");
  t.write("broken/pymemlint.toml", "select = [\n");
  t.mkdir("sub/inner");
  auto resolver = make_resolver(t.path());

  ConfigLookup sub = resolver->config_for_directory(t.path() / "sub/inner");
  EXPECT_FALSE(sub.config);
  ASSERT_TRUE(sub.error);
  EXPECT_EQ(sub.error->file, t.path() / "sub/pyproject.toml");
  EXPECT_EQ(sub.error->message, "sub/pyproject.toml: unknown key `tool.pymemlint.selct`");
  // The same error object every time: the file is parsed once.
  EXPECT_EQ(resolver->config_for_directory(t.path() / "sub").error, sub.error);

  std::string error;
  EXPECT_FALSE(resolver->settings_for_file(t.path() / "broken/x.py", &error));
  EXPECT_TRUE(error.starts_with("broken/pymemlint.toml:")) << error;
  EXPECT_NE(error.find("TOML parse error"), std::string::npos) << error;

  EXPECT_EQ(enabled_for(*resolver, t.path() / "ok.py"), only({mem301()}));
}

TEST(ConfigLookup, ErrorsNameFilesOutsideTheCwdAbsolutely) {
  TempDir t;
  t.write("proj/pymemlint.toml", "min-bytes = \"x\"\n");
  t.mkdir("cwd");
  auto resolver = make_resolver(t.path() / "cwd");
  ConfigLookup lookup = resolver->config_for_directory(t.path() / "proj");
  ASSERT_TRUE(lookup.error);
  EXPECT_EQ(lookup.error->message,
            (t.path() / "proj/pymemlint.toml").string() + ": `min-bytes` must be a non-negative integer, got string");
}

TEST(ConfigLookup, CliOverridesLayerOnTheFile) {
  TempDir t;
  t.write("pymemlint.toml", "select = [\"MEM3\"]\nignore = [\"MEM303\"]\nunsafe-fixes = true\n");
  CliOverrides cli;
  cli.extend_select = {"MEM303"};
  cli.unsafe_fixes = false;
  auto resolver = make_resolver(t.path(), cli);
  std::string error;
  auto s = resolver->settings_for_file(t.path() / "x.py", &error);
  ASSERT_TRUE(s) << error;
  EXPECT_TRUE(s->enabled.test(mem301()));
  EXPECT_TRUE(s->enabled.test(mem303()));
  EXPECT_FALSE(s->unsafe_fixes);

  CliOverrides select;
  select.select = std::vector<std::string>{"MEM303"};
  auto r2 = make_resolver(t.path(), select);
  EXPECT_EQ(enabled_for(*r2, t.path() / "x.py"), only({mem303()}));
}

// `fixable`, `extend-fixable` and `unfixable` select the rules whose fixes are offered as `select`,
// `extend-select` and `ignore` select rules (every rule by default), layer by layer, and the
// command line's --fixable, --extend-fixable and --unfixable last.
TEST(ConfigLookup, FixableRulesAreSelectedAsRulesAre) {
  TempDir t;
  auto fixable_for = [&](const CliOverrides& cli) {
    auto resolver = make_resolver(t.path(), cli);
    std::string error;
    auto s = resolver->settings_for_file(t.path() / "x.py", &error);
    EXPECT_TRUE(s) << error;
    return s ? s->fixable : RuleSet{};
  };
  const RuleSet all = rules_matching("ALL").value();
  EXPECT_EQ(fixable_for({}), all);  // no configuration file
  t.write("pymemlint.toml", "unfixable = [\"MEM3\"]\nextend-fixable = [\"MEM301\"]\n");
  RuleSet expected = all & ~rules_matching("MEM3").value();
  expected.set(mem301());  // the more specific selector wins, as for rules
  EXPECT_EQ(fixable_for({}), expected);
  t.write("pymemlint.toml", "fixable = [\"MEM303\"]\n");
  EXPECT_EQ(fixable_for({}), only({mem303()}));
  CliOverrides cli;
  cli.extend_fixable = {"MEM301"};
  EXPECT_EQ(fixable_for(cli), only({mem301(), mem303()}));
  cli.unfixable = {"MEM303"};
  EXPECT_EQ(fixable_for(cli), only({mem301()}));
  CliOverrides replace;
  replace.fixable = std::vector<std::string>{"MEM301"};
  EXPECT_EQ(fixable_for(replace), only({mem301()}));
  t.write("pymemlint.toml", "unfixable = [\"MEM9\"]\n");
  std::string error;
  auto broken = make_resolver(t.path(), {});
  EXPECT_FALSE(broken->settings_for_file(t.path() / "x.py", &error));
  EXPECT_NE(error.find("unknown rule selector `MEM9` in `unfixable`"), std::string::npos) << error;
}

// `extend-safe-fixes` and `extend-unsafe-fixes` add up over the layers (the extended file's, the
// file's, `--config`); for a rule both name, the more specific selector decides, and at equal
// specificity `extend-unsafe-fixes`, as in Ruff.
TEST(ConfigLookup, FixSafetyOverridesBySpecificity) {
  const RuleSet mem3 = rules_matching("MEM3").value();
  auto [safe, unsafe] = fix_safety_overrides({"MEM3"}, {"MEM301"});
  EXPECT_EQ(safe, mem3 & ~only({mem301()}));
  EXPECT_EQ(unsafe, only({mem301()}));
  std::tie(safe, unsafe) = fix_safety_overrides({"MEM301"}, {"MEM3"});
  EXPECT_EQ(safe, only({mem301()}));
  EXPECT_EQ(unsafe, mem3 & ~only({mem301()}));
  std::tie(safe, unsafe) = fix_safety_overrides({"MEM301", "ALL"}, {"MEM301"});  // a tie: unsafe
  EXPECT_EQ(safe, rules_matching("ALL").value() & ~only({mem301()}));
  EXPECT_EQ(unsafe, only({mem301()}));
  std::tie(safe, unsafe) = fix_safety_overrides({}, {});
  EXPECT_TRUE(safe.none() && unsafe.none());

  TempDir t;
  t.write("base.toml", "extend-safe-fixes = [\"MEM3\"]\n");
  t.write("pymemlint.toml", "extend = \"base.toml\"\nextend-unsafe-fixes = [\"MEM303\"]\n");
  auto layer = parse_config_text("extend-safe-fixes = [\"MEM402\"]\n", "--config", false);
  ASSERT_EQ(layer.status, ConfigFileResult::Status::Ok) << layer.error;
  CliOverrides cli;
  cli.config_overrides = {layer.options};
  auto resolver = make_resolver(t.path(), cli);
  std::string error;
  auto s = resolver->settings_for_file(t.path() / "x.py", &error);
  ASSERT_TRUE(s) << error;
  EXPECT_EQ(s->safe_fixes, (mem3 & ~only({mem303()})) | only({index_of("MEM402")}));
  EXPECT_EQ(s->unsafe_fixes_rules, only({mem303()}));
  t.write("pymemlint.toml", "extend-unsafe-fixes = [\"MEM9\"]\n");
  auto broken = make_resolver(t.path(), {});
  EXPECT_FALSE(broken->settings_for_file(t.path() / "x.py", &error));
  EXPECT_NE(error.find("unknown rule selector `MEM9` in `extend-unsafe-fixes`"), std::string::npos) << error;
}

// `--config KEY=VALUE` is one more layer over every configuration file (and over the defaults),
// as in Ruff: its values replace the file's, its extend-exclude adds to the file's, its rule
// selection adjusts the file's (or starts over with `select`), and its patterns are relative to
// the cwd.
TEST(ConfigLookup, ConfigOverridesLayerOverEveryConfiguration) {
  TempDir t;
  t.write("pymemlint.toml", R"(select = ["MEM301", "MEM303"]
min-bytes = 10
extend-exclude = ["a"]
[per-file-ignores]
"x.py" = ["MEM301"]
)");
  t.write("sub/pymemlint.toml", "ignore = [\"MEM303\"]\n");
  auto first = parse_config_text("ignore = [\"MEM301\"]\nmin-bytes = 20\nextend-exclude = [\"b/*\"]\n", "--config", false);
  auto second = parse_config_text("per-file-ignores = { \"y.py\" = [\"MEM303\"] }\n", "--config", false);
  ASSERT_EQ(first.status, ConfigFileResult::Status::Ok) << first.error;
  ASSERT_EQ(second.status, ConfigFileResult::Status::Ok) << second.error;
  CliOverrides cli;
  cli.config_overrides = {first.options, second.options};
  auto resolver = make_resolver(t.path(), cli);
  EXPECT_EQ(enabled_for(*resolver, t.path() / "x.py"), only({mem303()}));
  EXPECT_EQ(enabled_for(*resolver, t.path() / "y.py"), RuleSet{});
  EXPECT_EQ(enabled_for(*resolver, t.path() / "sub/m.py"), default_rules() & ~only({mem301(), mem303()}));
  const Config* c = resolver->config_for_directory(t.path()).config;
  const Config* s = resolver->config_for_directory(t.path() / "sub").config;
  ASSERT_TRUE(c && s);
  EXPECT_EQ(c->min_bytes, 20u);
  EXPECT_EQ(s->min_bytes, 20u);
  EXPECT_TRUE(c->is_excluded(t.path() / "a"));
  EXPECT_TRUE(c->is_excluded(t.path() / "b/c.py"));
  EXPECT_TRUE(s->is_excluded(t.path() / "b/c.py"));
  EXPECT_FALSE(s->is_excluded(t.path() / "sub/b/c.py"));

  // Over the defaults too; and `select` starts over.
  TempDir u;
  auto select = parse_config_text("select = [\"MEM303\"]\n", "--config", false);
  CliOverrides only_select;
  only_select.config_overrides = {first.options, select.options};
  auto plain = make_resolver(u.path(), only_select);
  EXPECT_EQ(enabled_for(*plain, u.path() / "x.py"), only({mem303()}));
}

// As in Ruff, `extend` layers a configuration over the file it names (relative to the extending
// file's directory), whose own patterns stay relative to its own directory; chains work.
TEST(ConfigLookup, ExtendLayersTheFileOverTheOneItNames) {
  TempDir t;
  t.write("base/pymemlint.toml", R"(select = ["MEM301", "MEM303"]
min-bytes = 7
extend-exclude = ["gen/*"]
[per-file-ignores]
"tests/*" = ["MEM301"]
)");
  t.write("mid/base.toml", "extend = \"../base/pymemlint.toml\"\nunsafe-fixes = true\n");
  t.write("proj/pyproject.toml",
          "[tool.pymemlint]\nextend = \"../mid/base.toml\"\nignore = [\"MEM303\"]\nextend-exclude = [\"out/*\"]\n");
  auto resolver = make_resolver(t.path());
  EXPECT_EQ(enabled_for(*resolver, t.path() / "proj/m.py"), only({mem301()}));
  // The base's per-file-ignores speak of base/tests, not of proj/tests.
  EXPECT_EQ(enabled_for(*resolver, t.path() / "proj/tests/t.py"), only({mem301()}));
  const Config* c = resolver->config_for_directory(t.path() / "proj").config;
  ASSERT_TRUE(c);
  EXPECT_EQ(c->min_bytes, 7u);
  EXPECT_TRUE(c->unsafe_fixes);
  EXPECT_TRUE(c->is_excluded(t.path() / "proj/out/a.py"));
  EXPECT_TRUE(c->is_excluded(t.path() / "base/gen/a.py"));
  EXPECT_FALSE(c->is_excluded(t.path() / "proj/gen/a.py"));
  // What it extends, nearest first (the language server watches them).
  EXPECT_EQ(c->extended, (std::vector<fs::path>{t.path() / "mid/base.toml", t.path() / "base/pymemlint.toml"}));
  EXPECT_TRUE(resolver->config_for_directory(t.path() / "base").config->extended.empty());

  // `~` and environment variables are expanded.
  ::setenv("PML_TEST_EXTEND_DIR", t.path().c_str(), 1);
  t.write("env/pymemlint.toml", "extend = \"${PML_TEST_EXTEND_DIR}/base/pymemlint.toml\"\n");
  EXPECT_EQ(enabled_for(*resolver, t.path() / "env/m.py"), only({mem301(), mem303()}));
  ::unsetenv("PML_TEST_EXTEND_DIR");
}

TEST(ConfigLookup, ExtendErrorsNameTheFilesAndTheKey) {
  TempDir t;
  t.write("a/pymemlint.toml", "extend = \"../b/pymemlint.toml\"\n");
  t.write("b/pymemlint.toml", "extend = \"../a/pymemlint.toml\"\n");
  t.write("missing/pyproject.toml", "[tool.pymemlint]\nextend = \"nope.toml\"\n");
  t.write("bad/pymemlint.toml", "extend = \"../bad.toml\"\n");
  t.write("bad.toml", "nope = 1\n");
  t.write("unset/pymemlint.toml", "extend = \"$PML_TEST_SURELY_UNSET/x.toml\"\n");
  auto resolver = make_resolver(t.path());
  auto error_for = [&](const std::string& dir) {
    ConfigLookup l = resolver->config_for_directory(t.path() / dir);
    return l.error ? l.error->message : std::string("(no error)");
  };
  // Named by the `extend` that closes the cycle.
  EXPECT_EQ(error_for("a"), "b/pymemlint.toml: `extend`: circular: a/pymemlint.toml extends b/pymemlint.toml extends "
                            "a/pymemlint.toml");
  EXPECT_EQ(error_for("missing"),
            "missing/pyproject.toml: `tool.pymemlint.extend`: missing/nope.toml: cannot read: No such file or directory");
  EXPECT_EQ(error_for("bad"), "bad/pymemlint.toml: `extend`: bad.toml: unknown key `nope`");
  EXPECT_EQ(error_for("unset"),
            "unset/pymemlint.toml: `extend`: the environment variable `PML_TEST_SURELY_UNSET` is not set");
  // The files extended that were found on the way, the broken or missing one among them.
  auto extended_for = [&](const std::string& dir) { return resolver->config_for_directory(t.path() / dir).error->extended; };
  EXPECT_EQ(extended_for("bad"), std::vector<fs::path>{t.path() / "bad.toml"});
  EXPECT_EQ(extended_for("missing"), std::vector<fs::path>{t.path() / "missing/nope.toml"});
  EXPECT_EQ(extended_for("a"), std::vector<fs::path>{t.path() / "b/pymemlint.toml"});
  EXPECT_TRUE(extended_for("unset").empty());
  auto e = parse_config_text("extend = 3\n", "pymemlint.toml", false);
  EXPECT_EQ(e.error, "pymemlint.toml: `extend` must be the path of a configuration file, got integer");
}

// --- per-file-ignores -------------------------------------------------------------------------

TEST(PerFileIgnores, ByBasenameAndRelativeGlob) {
  TempDir t;
  t.write("pymemlint.toml", R"(select = ["MEM301", "MEM303"]
[per-file-ignores]
"__init__.py" = ["MEM3"]
"tests/*" = ["MEM301"]
"conftest.py" = ["MEM303"]
)");
  auto resolver = make_resolver(t.path());
  EXPECT_EQ(enabled_for(*resolver, t.path() / "pkg/__init__.py"), RuleSet{});
  EXPECT_EQ(enabled_for(*resolver, t.path() / "pkg/mod.py"), only({mem301(), mem303()}));
  // `*` crosses `/`: tests/* covers every depth below tests/.
  EXPECT_EQ(enabled_for(*resolver, t.path() / "tests/unit/deep/test_a.py"), only({mem303()}));
  // Relative to the config file's directory: a nested "tests" is not "tests/*".
  EXPECT_EQ(enabled_for(*resolver, t.path() / "pkg/tests/test_b.py"), only({mem301(), mem303()}));
  EXPECT_EQ(enabled_for(*resolver, t.path() / "tests/conftest.py"), RuleSet{});

  // Files matching the same entries share one Settings object.
  std::string error;
  auto a = resolver->settings_for_file(t.path() / "tests/test_x.py", &error);
  auto b = resolver->settings_for_file(t.path() / "tests/sub/test_y.py", &error);
  auto c = resolver->settings_for_file(t.path() / "pkg/mod.py", &error);
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(a.get(), b.get());
  EXPECT_NE(a.get(), c.get());
}

// `**/` matches zero directories too, so a pattern written for nested files covers the top level.
TEST(PerFileIgnores, GlobstarMatchesZeroOrMoreDirectories) {
  TempDir t;
  t.write("pymemlint.toml", R"(select = ["MEM301", "MEM303"]
[per-file-ignores]
"tests/**/*.py" = ["MEM301"]
"**/scripts/*.py" = ["MEM303"]
)");
  auto resolver = make_resolver(t.path());
  EXPECT_EQ(enabled_for(*resolver, t.path() / "tests/a.py"), only({mem303()}));
  EXPECT_EQ(enabled_for(*resolver, t.path() / "tests/unit/a.py"), only({mem303()}));
  EXPECT_EQ(enabled_for(*resolver, t.path() / "scripts/run.py"), only({mem301()}));
  EXPECT_EQ(enabled_for(*resolver, t.path() / "pkg/scripts/run.py"), only({mem301()}));
  EXPECT_EQ(enabled_for(*resolver, t.path() / "pkg/mod.py"), only({mem301(), mem303()}));
  EXPECT_EQ(enabled_for(*resolver, t.path() / "pkg/tests/a.py"), only({mem301(), mem303()}));
}

TEST(PerFileIgnores, BracesMatchEitherAlternative) {
  TempDir t;
  t.write("pymemlint.toml", R"(select = ["MEM301", "MEM303"]
[per-file-ignores]
"{tests,benchmarks}/**/*.py" = ["MEM301"]
"*_{pb2,grpc}.py" = ["MEM303"]
)");
  auto resolver = make_resolver(t.path());
  EXPECT_EQ(enabled_for(*resolver, t.path() / "tests/a.py"), only({mem303()}));
  EXPECT_EQ(enabled_for(*resolver, t.path() / "benchmarks/x/b.py"), only({mem303()}));
  EXPECT_EQ(enabled_for(*resolver, t.path() / "pkg/msg_grpc.py"), only({mem301()}));
  EXPECT_EQ(enabled_for(*resolver, t.path() / "pkg/mod.py"), only({mem301(), mem303()}));
}

TEST(PerFileIgnores, RelativeToTheGoverningConfig) {
  TempDir t;
  t.write("pymemlint.toml", "select = [\"MEM301\"]\n[per-file-ignores]\n\"sub/*\" = [\"MEM301\"]\n");
  t.write("sub/pymemlint.toml", "select = [\"MEM301\"]\n[per-file-ignores]\n\"gen_*.py\" = [\"MEM301\"]\n");
  auto resolver = make_resolver(t.path());
  // sub/ has its own config: the parent's "sub/*" does not reach it.
  EXPECT_EQ(enabled_for(*resolver, t.path() / "sub/mod.py"), only({mem301()}));
  EXPECT_EQ(enabled_for(*resolver, t.path() / "sub/gen_x.py"), RuleSet{});
}

// As in Ruff, `!pattern` gives its rules to the files the pattern does NOT match (by name or by
// path below the configuration's directory).
TEST(PerFileIgnores, NegatedPatternAppliesToFilesNotMatching) {
  TempDir t;
  t.write("pymemlint.toml", R"(select = ["MEM301", "MEM303"]
[per-file-ignores]
"!tests/*.py" = ["MEM301"]
"!__init__.py" = ["MEM303"]
)");
  auto resolver = make_resolver(t.path());
  EXPECT_EQ(enabled_for(*resolver, t.path() / "tests/test_a.py"), only({mem301()}));
  EXPECT_EQ(enabled_for(*resolver, t.path() / "tests/__init__.py"), only({mem301(), mem303()}));
  EXPECT_EQ(enabled_for(*resolver, t.path() / "pkg/__init__.py"), only({mem303()}));
  EXPECT_EQ(enabled_for(*resolver, t.path() / "pkg/mod.py"), RuleSet{});
  // The pattern after the `!` must be a glob.
  auto e = parse_config_text("[per-file-ignores]\n\"!{a\" = [\"MEM3\"]\n", "pymemlint.toml", false);
  EXPECT_EQ(e.status, ConfigFileResult::Status::Error);
  EXPECT_TRUE(e.error.starts_with("pymemlint.toml: invalid glob `!{a` in `per-file-ignores`: a `{` is never closed"))
      << e.error;
}

// As in Ruff, a pattern is made absolute from its base directory (lexically: `.` and `..` are
// resolved, `//` and a trailing `/` dropped) before it is matched, so an absolute pattern and one
// that climbs out of the base with `..` match what they name.
TEST(PerFileIgnores, AbsoluteAndDotDotPatterns) {
  TempDir t;
  const std::string abs = (t.path() / "proj/gen").generic_string();
  t.write("proj/pymemlint.toml", "select = [\"MEM301\", \"MEM303\"]\n[per-file-ignores]\n\"" + abs +
                                     "/*.py\" = [\"MEM301\"]\n\"../proj/scripts/*\" = [\"MEM303\"]\n"
                                     "\"./tools//x.py\" = [\"MEM3\"]\n\"!" + abs + "/**\" = [\"MEM303\"]\n");
  auto resolver = make_resolver(t.path());
  EXPECT_EQ(enabled_for(*resolver, t.path() / "proj/gen/a.py"), only({mem303()}));
  EXPECT_EQ(enabled_for(*resolver, t.path() / "proj/scripts/run.py"), only({mem301()}));
  EXPECT_EQ(enabled_for(*resolver, t.path() / "proj/tools/x.py"), RuleSet{});
  EXPECT_EQ(enabled_for(*resolver, t.path() / "proj/pkg/mod.py"), only({mem301()}));
}

// As in Ruff, `extend-per-file-ignores` adds to the `per-file-ignores` in effect (an extended
// file's, or one given with --config KEY=VALUE) instead of replacing them.
TEST(PerFileIgnores, ExtendPerFileIgnoresAddsToTheInheritedOnes) {
  TempDir t;
  t.write("base/pymemlint.toml", "select = [\"MEM301\", \"MEM303\"]\n[per-file-ignores]\n\"__init__.py\" = [\"MEM301\"]\n");
  t.write("proj/pymemlint.toml",
          "extend = \"../base/pymemlint.toml\"\n[extend-per-file-ignores]\n\"tests/*\" = [\"MEM303\"]\n");
  auto resolver = make_resolver(t.path());
  EXPECT_EQ(enabled_for(*resolver, t.path() / "proj/pkg/__init__.py"), only({mem303()}));
  EXPECT_EQ(enabled_for(*resolver, t.path() / "proj/tests/a.py"), only({mem301()}));
  EXPECT_EQ(enabled_for(*resolver, t.path() / "proj/pkg/a.py"), only({mem301(), mem303()}));
  auto e = parse_config_text("extend-per-file-ignores = { \"a\" = [\"NOPE9\"] }\n", "pymemlint.toml", false);
  EXPECT_EQ(e.error, "pymemlint.toml: unknown rule selector `NOPE9` in `extend-per-file-ignores.a`");
}

// --- excludes -------------------------------------------------------------------------------

TEST(Excludes, DefaultsExtendAndReplace) {
  TempDir t;
  t.write("pymemlint.toml", "extend-exclude = [\"generated\", \"pkg/legacy_*.py\"]\n");
  t.write("replaced/pymemlint.toml", "exclude = [\"vendor\"]\n");
  auto resolver = make_resolver(t.path());
  const Config* c = resolver->config_for_directory(t.path()).config;
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->is_excluded(t.path() / ".venv"));
  EXPECT_TRUE(c->is_excluded(t.path() / "a/b/__pycache__"));
  EXPECT_TRUE(c->is_excluded(t.path() / "x/generated"));
  EXPECT_TRUE(c->is_excluded(t.path() / "pkg/legacy_io.py"));
  EXPECT_FALSE(c->is_excluded(t.path() / "other/legacy_io.py"));
  EXPECT_FALSE(c->is_excluded(t.path() / "builder"));

  const Config* r = resolver->config_for_directory(t.path() / "replaced").config;
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->is_excluded(t.path() / "replaced/vendor"));
  EXPECT_FALSE(r->is_excluded(t.path() / "replaced/build"));
}

TEST(Excludes, CliPatternsAreRelativeToTheCwd) {
  TempDir t;
  t.write("proj/pymemlint.toml", "exclude = [\"keep_out\"]\n");
  CliOverrides cli;
  cli.extend_exclude = {"proj/skip/*"};
  auto resolver = make_resolver(t.path(), cli);
  const Config* c = resolver->config_for_directory(t.path() / "proj").config;
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->is_excluded(t.path() / "proj/keep_out"));
  EXPECT_TRUE(c->is_excluded(t.path() / "proj/skip/a.py"));
  EXPECT_FALSE(c->is_excluded(t.path() / "proj/a.py"));
}

TEST(Excludes, GlobstarMatchesZeroOrMoreDirectories) {
  TempDir t;
  t.write("pymemlint.toml", "extend-exclude = [\"**/fixtures/*.py\", \"gen/**/*_pb2.py\"]\n");
  auto resolver = make_resolver(t.path());
  const Config* c = resolver->config_for_directory(t.path()).config;
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->is_excluded(t.path() / "fixtures/a.py"));
  EXPECT_TRUE(c->is_excluded(t.path() / "pkg/fixtures/a.py"));
  EXPECT_TRUE(c->is_excluded(t.path() / "gen/msg_pb2.py"));
  EXPECT_TRUE(c->is_excluded(t.path() / "gen/v1/msg_pb2.py"));
  EXPECT_FALSE(c->is_excluded(t.path() / "gen/msg.py"));
  EXPECT_FALSE(c->is_excluded(t.path() / "pkg/a.py"));
}

// As in Ruff, an exclude pattern with a `/` is relative to its base only: `**/skip` does not
// reach a directory named `skip` outside it, which a pattern without one (`skip`) would.
TEST(Excludes, PatternWithSlashIsNotMatchedAgainstTheBasename) {
  TempDir t;
  t.write("proj/pymemlint.toml", "extend-exclude = [\"**/skip\"]\n");
  auto resolver = make_resolver(t.path());
  // The configuration found for proj/, asked about a path outside its directory: only a pattern
  // without a `/` may match there, by the name alone.
  const Config* c = resolver->config_for_directory(t.path() / "proj").config;
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->is_excluded(t.path() / "proj/skip"));
  EXPECT_TRUE(c->is_excluded(t.path() / "proj/a/skip"));
  EXPECT_FALSE(c->is_excluded(t.path() / "elsewhere/skip"));
}

TEST(Excludes, BracesMatchEitherAlternative) {
  TempDir t;
  t.write("pymemlint.toml", "extend-exclude = [\"{docs,examples}/**\", \"*_{pb2,grpc}.py\"]\n");
  auto resolver = make_resolver(t.path());
  const Config* c = resolver->config_for_directory(t.path()).config;
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->is_excluded(t.path() / "docs/conf.py"));
  EXPECT_TRUE(c->is_excluded(t.path() / "examples/a/b.py"));
  EXPECT_TRUE(c->is_excluded(t.path() / "deep/pkg/msg_pb2.py"));
  EXPECT_FALSE(c->is_excluded(t.path() / "src/docs.py"));
  EXPECT_FALSE(c->is_excluded(t.path() / "pkg/msg.py"));
}

// As in Ruff, exclude patterns are made absolute from their base directory: an absolute pattern,
// one with `..` (from the configuration's directory, or from the cwd on the command line), `./x`
// and `x/` all name what they say.
TEST(Excludes, AbsoluteDotDotAndTrailingSlashPatterns) {
  TempDir t;
  const std::string abs = (t.path() / "proj/gen").generic_string();
  t.write("proj/pymemlint.toml", "extend-exclude = [\"" + abs + "/*.py\", \"../proj/old\", \"./tmp_out\", \"docs/\"]\n");
  CliOverrides cli;
  cli.extend_exclude = {"../elsewhere/skip"};
  auto resolver = make_resolver(t.path() / "proj", cli);
  const Config* c = resolver->config_for_directory(t.path() / "proj").config;
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->is_excluded(t.path() / "proj/gen/a.py"));
  EXPECT_TRUE(c->is_excluded(t.path() / "proj/old"));
  EXPECT_TRUE(c->is_excluded(t.path() / "proj/tmp_out"));
  EXPECT_TRUE(c->is_excluded(t.path() / "proj/docs"));
  EXPECT_TRUE(c->is_excluded(t.path() / "elsewhere/skip"));
  EXPECT_FALSE(c->is_excluded(t.path() / "proj/pkg/gen/a.py"));
  EXPECT_FALSE(c->is_excluded(t.path() / "proj/pkg/old"));
  EXPECT_FALSE(c->is_excluded(t.path() / "proj/pkg/docs"));
  EXPECT_FALSE(c->is_excluded(t.path() / "proj/skip"));
}

// The base directory is taken literally, glob characters in its name included.
TEST(Excludes, GlobCharactersInTheBaseDirectoryAreLiteral) {
  TempDir t;
  t.write("we[i]rd {x,y} *?/pymemlint.toml", "extend-exclude = [\"gen/*\"]\n[per-file-ignores]\n\"tests/*\" = [\"ALL\"]\n");
  const fs::path base = t.path() / "we[i]rd {x,y} *?";
  auto resolver = make_resolver(t.path());
  const Config* c = resolver->config_for_directory(base).config;
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->is_excluded(base / "gen/a.py"));
  EXPECT_FALSE(c->is_excluded(base / "src/a.py"));
  EXPECT_EQ(enabled_for(*resolver, base / "tests/a.py"), RuleSet{});
  EXPECT_EQ(enabled_for(*resolver, base / "src/a.py"), default_rules());
}

// As in Ruff, a glob that does not parse is a configuration error, not a pattern that silently
// matches nothing (or only a file literally named `a{b`).
TEST(ConfigParse, InvalidGlobNamesFileKeyAndPattern) {
  const std::string unclosed = ": a `{` is never closed (write `[{]` or `\\{` for the character)";
  auto e = parse_config_text("extend-exclude = [\"ok\", \"{docs,examples/**\"]\n", "pymemlint.toml", false);
  EXPECT_EQ(e.status, ConfigFileResult::Status::Error);
  EXPECT_EQ(e.error, "pymemlint.toml: invalid glob `{docs,examples/**` in `extend-exclude`" + unclosed);
  auto x = parse_config_text("[tool.pymemlint]\nexclude = [\"a}\"]\n", "pyproject.toml", true);
  EXPECT_EQ(x.error, "pyproject.toml: invalid glob `a}` in `tool.pymemlint.exclude`: a `}` is never opened "
                     "(write `[}]` or `\\}` for the character)");
  auto p = parse_config_text("[per-file-ignores]\n\"tests/{a,b\" = [\"MEM3\"]\n", "pymemlint.toml", false);
  EXPECT_EQ(p.error, "pymemlint.toml: invalid glob `tests/{a,b` in `per-file-ignores`" + unclosed);
}

TEST(Excludes, InvalidCliGlobIsAnError) {
  TempDir t;
  CliOverrides cli;
  cli.extend_exclude = {"{a"};
  std::string error;
  EXPECT_FALSE(ConfigResolver::create(cli, &error, t.path()));
  EXPECT_EQ(error, "invalid glob `{a` in `--extend-exclude`: a `{` is never closed (write `[{]` or `\\{` for the character)");
  CliOverrides replace;
  replace.exclude = std::vector<std::string>{"b}"};
  EXPECT_FALSE(ConfigResolver::create(replace, &error, t.path()));
  EXPECT_TRUE(error.starts_with("invalid glob `b}` in `--exclude`: ")) << error;
}

}  // namespace
}  // namespace pml

// A string written into TOML (keys in messages, --show-settings' paths) escapes what TOML requires,
// control characters included: a path holding a tab or a newline still gives valid TOML.
TEST(TomlQuoted, EscapesWhatTomlRequires) {
  EXPECT_EQ(pml::toml_quoted("plain"), "\"plain\"");
  EXPECT_EQ(pml::toml_quoted("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(pml::toml_quoted("tab\there\nnew\x01\x7f"), "\"tab\\there\\nnew\\u0001\\u007F\"");
  EXPECT_EQ(pml::toml_quoted("donn\xc3\xa9" "es"), "\"donn\xc3\xa9" "es\"");
}
