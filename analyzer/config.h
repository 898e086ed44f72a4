// Configuration: reading `[tool.pymemlint]` in pyproject.toml or a pymemlint.toml, finding the
// configuration that governs each file (the nearest one upward, as in Ruff), layering the
// command-line overrides on top, and producing the per-file Settings.
//
// Errors are returned, never thrown: every message names the file and, where there is one, the key.
#pragma once

#include <cstdint>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "analyzer/glob.h"
#include "analyzer/settings.h"

namespace pml {

// The options one configuration file sets, as written. Absent keys stay nullopt or empty.
struct ConfigOptions {
  std::optional<std::vector<std::string>> select;
  std::vector<std::string> extend_select;
  std::vector<std::string> ignore;
  // Which rules' fixes are offered, selected as `select`/`extend-select`/`ignore` select rules:
  // `fixable` (default: all) replaces, `extend-fixable` adds, `unfixable` removes.
  std::optional<std::vector<std::string>> fixable;
  std::vector<std::string> extend_fixable;
  std::vector<std::string> unfixable;
  // Rules whose unsafe fixes are applied as safe ones, and whose safe fixes as unsafe ones. The
  // lists add up over layers; see fix_safety_overrides for how they decide a rule both name.
  std::vector<std::string> extend_safe_fixes;
  std::vector<std::string> extend_unsafe_fixes;
  // glob -> selectors; every matching entry applies, so their order does not matter. A later
  // layer's table replaces an earlier one's (as Ruff's does), so an empty table is not "unset".
  std::optional<std::vector<std::pair<std::string, std::vector<std::string>>>> per_file_ignores;
  // Added to the per-file-ignores in effect rather than replacing them; these add up over layers.
  std::vector<std::pair<std::string, std::vector<std::string>>> extend_per_file_ignores;
  std::optional<std::vector<std::string>> exclude;
  std::vector<std::string> extend_exclude;
  std::optional<std::vector<std::string>> include;  // the files a walk lints; default *.py, *.ipynb
  std::vector<std::string> extend_include;
  std::optional<uint64_t> min_bytes;
  std::optional<bool> unsafe_fixes;
  std::optional<FixStyle> fix_style;
  std::optional<bool> force_exclude;      // as --force-exclude
  std::optional<bool> respect_gitignore;  // false: .gitignore files are not consulted
  // How the command runs, as Ruff's `fix`, `fix-only`, `show-fixes` and `output-format`: read, as in
  // Ruff, only from the configuration of the current directory (or the --config file), never per file.
  std::optional<bool> fix;
  std::optional<bool> fix_only;  // as --fix-only: fix, and report only what was fixed
  std::optional<bool> show_fixes;
  std::optional<std::string> output_format;  // one of output_format_names()
  // `extend`: another configuration file whose options apply first, as written (see
  // ConfigResolver for how it is found).
  std::optional<std::string> extend;
};

// Command-line options that override the configuration files. As in Ruff they form more layers
// applied after the file's: first each `--config KEY=VALUE`, then the flags. `--select` replaces
// the file's whole rule selection (its select, extend-select and ignore), while `--extend-select`
// and `--ignore` alone adjust it.
struct CliOverrides {
  std::optional<std::vector<std::string>> select;    // --select
  std::vector<std::string> extend_select;            // --extend-select
  std::vector<std::string> ignore;                   // --ignore
  std::optional<std::vector<std::string>> fixable;   // --fixable
  std::vector<std::string> extend_fixable;           // --extend-fixable
  std::vector<std::string> unfixable;                // --unfixable
  std::optional<bool> unsafe_fixes;                  // --unsafe-fixes / --no-unsafe-fixes
  std::optional<bool> force_exclude;                 // --force-exclude / --no-force-exclude
  std::optional<bool> respect_gitignore;             // --respect-gitignore / --no-respect-gitignore
  // The run options (see ConfigOptions::fix), over every configuration as Ruff's flags are; the
  // command reads them from one configuration only (ConfigResolver::config_of_the_run).
  std::optional<bool> fix;                   // --fix / --no-fix
  std::optional<bool> fix_only;              // --fix-only / --no-fix-only
  std::optional<bool> show_fixes;            // --show-fixes / --no-show-fixes
  std::optional<std::string> output_format;  // --output-format
  std::optional<std::filesystem::path> config_file;  // --config FILE: one file for every path
  bool isolated = false;  // --isolated: no configuration file is read (the defaults, then the CLI)
  // --exclude replaces the exclude list, --extend-exclude adds to it; both relative to the cwd.
  std::optional<std::vector<std::string>> exclude;
  std::vector<std::string> extend_exclude;
  // --config KEY=VALUE (TOML, the keys of a pymemlint.toml), in the order given. They apply over
  // every configuration file, the --config FILE included; their patterns are relative to the cwd.
  std::vector<ConfigOptions> config_overrides;
};

// The outcome of reading one file that may hold a configuration.
struct ConfigFileResult {
  enum class Status {
    Ok,          // `options` holds the configuration
    NotAConfig,  // a pyproject.toml without a [tool.pymemlint] table: keep searching upward
    Error,       // `error` says what is wrong, naming the file (and the key)
  };
  Status status = Status::Error;
  ConfigOptions options;
  std::string error;
};

// Parses configuration text. `pyproject` selects the [tool.pymemlint] table; otherwise the keys
// are at the top level. `display_name` names the file in error messages.
ConfigFileResult parse_config_text(std::string_view text, const std::string& display_name, bool pyproject);

// Reads and parses a file; a file named pyproject.toml is read as a pyproject, any other name as a
// pymemlint.toml.
ConfigFileResult read_config_file(const std::filesystem::path& file, const std::string& display_name);

// The built-in exclude list, matched against each path component's name.
const std::vector<std::string>& default_excludes();

// A glob (see analyzer/glob.h) from a configuration or the command line, matched as Ruff matches
// it: made absolute from its base directory (unless it is absolute already) and lexically
// normalized (`.`, `..`, `//` and a trailing `/` resolved, as Ruff's normalize_path_to does), then
// matched against whole absolute paths; and, optionally, matched as written against a path's last
// component. So `../shared/gen/*` and `/abs/dir/*.py` name what they say. The base directory's own
// characters are taken literally (escaped), glob characters included.
class PathPattern {
 public:
  // Matched by name only: the built-in excludes.
  static PathPattern name_only(const std::string& pattern);
  // `by_name`: also match `pattern` as written against the last component (Ruff: always for
  // per-file-ignores; for excludes only when the pattern has no `/`). `base` is absolute.
  PathPattern(const std::string& pattern, const std::filesystem::path& base, bool by_name);

  // `basename`: the path's last component; `abs`: the whole path, absolute and normalized.
  bool matches(const std::string& basename, const std::string& abs) const;
  // The pattern as matched against whole paths (anchored at its base), else the name pattern.
  const std::string& text() const { return anchored_ ? anchored_->text() : by_name_->text(); }

 private:
  PathPattern() = default;
  std::optional<Glob> by_name_;
  std::optional<Glob> anchored_;
};

// `pattern` joined to `base` (unless absolute) and normalized lexically, with the base's glob
// characters escaped: what PathPattern matches against whole paths.
std::string anchor_pattern(std::string_view pattern, const std::filesystem::path& base);

// One configuration in effect: a file's options (or the defaults) with the CLI layered on top.
class Config {
 public:
  struct PerFileIgnore {
    PathPattern pattern;
    // `!pattern` in the configuration: the rules apply to the files the pattern does NOT match.
    bool negated = false;
    RuleSet rules;
  };

  std::filesystem::path file;  // absolute; empty for the built-in defaults
  // The files `file` extends (`extend = "..."`), directly or not, nearest first; absolute.
  std::vector<std::filesystem::path> extended;
  // What the file's patterns are relative to: its directory; the cwd for the defaults and for
  // the --config file (as Ruff).
  std::filesystem::path root;
  RuleSet enabled;             // before per-file-ignores
  RuleSet fixable = Settings{}.fixable;  // the rules whose fixes are offered
  RuleSet safe_fixes;                    // extend-safe-fixes, resolved
  RuleSet unsafe_fixes_rules;            // extend-unsafe-fixes, resolved
  std::vector<PerFileIgnore> per_file_ignores;
  std::vector<PathPattern> exclude;  // effective list: (exclude or defaults) + extend-exclude
  std::vector<PathPattern> include;  // effective list: (include or *.py, *.ipynb) + extend-include
  uint64_t min_bytes = Settings{}.min_bytes;
  bool unsafe_fixes = Settings{}.unsafe_fixes;
  FixStyle fix_style = Settings{}.fix_style;
  // Excludes apply to paths named explicitly too (for the paths this configuration governs).
  bool force_exclude = false;
  // .gitignore rules prune the walk of the directories this configuration governs.
  bool respect_gitignore = true;
  // The run options (see ConfigOptions::fix); the command reads them from the configuration of
  // the current directory only.
  bool fix = false;
  bool fix_only = false;
  bool show_fixes = false;
  std::string output_format = "full";

  // Whether the file or directory at `abs_path` (absolute, normalized) matches an exclude pattern.
  bool is_excluded(const std::filesystem::path& abs_path) const;
  // Whether a file met while walking (absolute, normalized) is one to lint.
  bool is_included(const std::filesystem::path& abs_path) const;

  // Settings for a file governed by this configuration, with the per-file-ignores that match it
  // applied. Files matching the same set of entries share one Settings object. Thread-safe.
  std::shared_ptr<const Settings> settings_for(const std::filesystem::path& abs_file) const;
  // Settings with no per-file-ignores applied (standard input without a file name).
  std::shared_ptr<const Settings> base_settings() const;

 private:
  mutable std::mutex mutex_;
  // Key: which per_file_ignores entries matched.
  mutable std::map<std::vector<bool>, std::shared_ptr<const Settings>> settings_cache_;
};

// One layer of options, and the directory its patterns are relative to.
struct ConfigLayer {
  const ConfigOptions* options = nullptr;
  std::filesystem::path base;
};

// Builds the effective configuration from layers of options (none: the defaults), then the command
// line's --config KEY=VALUE layers (relative to the cwd), then its flags. As Ruff combines
// layers: a value a later layer sets (`exclude`, `per-file-ignores`, `min-bytes`, ...) replaces an
// earlier one's, `extend-exclude` and `extend-per-file-ignores` entries add up (each relative to
// its own layer's base), and each layer's rule selection applies in turn (see
// apply_selection_layer). The selectors must already be valid (parse_config_text and
// ConfigResolver::create check them).
std::unique_ptr<Config> make_config(const std::vector<ConfigLayer>& layers, const std::filesystem::path& file,
                                    const std::filesystem::path& root, const CliOverrides& cli,
                                    const std::filesystem::path& cwd);

// One layer's rule selection over what the previous layers selected, with Ruff's semantics: a
// layer with `select` starts over; one without adjusts, its more specific selector deciding each
// rule its extend-select and ignore both touch.
// A TOML basic string holding `s` (valid UTF-8): in double quotes, with the escapes TOML requires.
std::string toml_quoted(std::string_view s);

// `extend-safe-fixes` and `extend-unsafe-fixes` as Ruff resolves them: for each rule, the more
// specific selector naming it decides (`MEM301` over `MEM3` over `ALL`), and `extend-unsafe-fixes`
// when both are as specific. Returns the rules made safe and the rules made unsafe.
std::pair<RuleSet, RuleSet> fix_safety_overrides(const std::vector<std::string>& extend_safe,
                                                 const std::vector<std::string>& extend_unsafe);
RuleSet apply_selection_layer(const RuleSet& from, const std::optional<std::vector<std::string>>& select,
                              const std::vector<std::string>& extend_select, const std::vector<std::string>& ignore);

// Layers the CLI selection over a configuration's enabled set, with Ruff's semantics.
RuleSet apply_cli_selection(const RuleSet& from_config, const CliOverrides& cli);

struct ConfigError {
  std::filesystem::path file;  // absolute path of the invalid configuration file
  std::string message;         // complete, starting with the file's name
  // The files it extends that were found on the way (the broken one among them, when that is
  // where the error lies), nearest first: editing any of them may mend it.
  std::vector<std::filesystem::path> extended;
};

// Exactly one of the two is set. Both point into the resolver and live as long as it does.
struct ConfigLookup {
  const Config* config = nullptr;
  const ConfigError* error = nullptr;
};

// Finds the configuration that governs each directory: the `--config` file when given, the defaults
// with --isolated (CliOverrides::isolated), else the
// nearest .pymemlint.toml, pymemlint.toml or pyproject.toml with a [tool.pymemlint] table found
// upward from the directory (in that order within one directory, as Ruff reads .ruff.toml,
// ruff.toml, pyproject.toml), else the defaults. Every configuration file is parsed once and
// every directory looked up once. Not thread-safe: discovery runs on one thread.
//
// As in Ruff, a configuration with `extend = "PATH"` is layered over the file PATH names (relative
// to the extending file's directory, `~` and `$VAR`/`${VAR}` expanded), which may extend another
// in turn; each file's patterns are relative to its own directory (to the cwd for the --config
// file's chain). A cycle, or a file in the chain that cannot be read or is invalid, makes the
// extending configuration invalid. A pyproject.toml without [tool.pymemlint] extends nothing.
class ConfigResolver {
 public:
  // Checks the CLI selectors and loads the `--config` file when given; nullptr and *error when either
  // is invalid. `cwd` defaults to the current directory; relative paths are taken from it.
  static std::unique_ptr<ConfigResolver> create(CliOverrides cli, std::string* error,
                                                std::filesystem::path cwd = {});

  // `dir` must be absolute and normalized (see absolute()).
  ConfigLookup config_for_directory(const std::filesystem::path& dir);

  // Settings for one file (absolute and normalized): its directory's configuration with the
  // per-file-ignores applied. nullptr and *error when that configuration is invalid.
  std::shared_ptr<const Settings> settings_for_file(const std::filesystem::path& file, std::string* error);

  // The absolute, lexically normalized form of `p` (relative paths are taken from the cwd); no
  // trailing separator.
  std::filesystem::path absolute(const std::filesystem::path& p) const;
  // How a path is shown: relative to the cwd when below it, else absolute (as Ruff prints paths).
  std::string display_path(const std::filesystem::path& abs) const;

  // The configuration a run takes `fix`, `fix-only`, `show-fixes` and `output-format` from, as in
  // Ruff: the one that governs `dir` (the current directory, or that of --stdin-filename's name).
  // When that one is invalid, the defaults with the command line over them (--config KEY=VALUE and
  // the flags), and *error, when given, is set to its error.
  const Config& config_of_the_run(const std::filesystem::path& dir, const ConfigError** error = nullptr);

  const std::filesystem::path& cwd() const { return cwd_; }
  const CliOverrides& cli() const { return cli_; }

 private:
  ConfigResolver(CliOverrides cli, std::filesystem::path cwd);
  // The configuration file directly in `dir`, if any: found, not found (nullopt), or invalid.
  std::optional<ConfigLookup> probe(const std::filesystem::path& dir);
  // `given`: the --config file, which must be a configuration and whose root is the cwd.
  ConfigLookup load(const std::filesystem::path& file, bool given);
  const Config* defaults();

  CliOverrides cli_;
  std::filesystem::path cwd_;
  std::optional<ConfigLookup> fixed_;  // from --config FILE, or the defaults with --isolated
  std::unique_ptr<Config> defaults_;
  std::vector<std::unique_ptr<Config>> configs_;
  std::deque<ConfigError> errors_;  // a deque keeps the addresses handed out stable
  std::unordered_map<std::string, ConfigLookup> by_directory_;
};

}  // namespace pml
