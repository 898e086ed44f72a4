#include "analyzer/cli/check_command.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

#include "analyzer/checker.h"
#include "analyzer/config.h"
#include "analyzer/discovery.h"
#include "analyzer/fsutil.h"
#include "analyzer/render.h"
#include "analyzer/render_ci.h"
#include "analyzer/runner.h"
#include "rules/registry.h"

namespace pml::cli {

namespace {
// A list option takes one value per occurrence (comma-separated inside), so it never swallows the
// paths that follow it; repeating it accumulates.
CLI::Option* list_option(CLI::App* cmd, const std::string& name, std::vector<std::string>& into,
                         const std::string& help) {
  return cmd->add_option(name, into, help)
      ->delimiter(',')
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->type_name("CODES");
}
}  // namespace

void add_check_command(CLI::App& app, CheckOptions& o) {
  auto* cmd = app.add_subcommand("check", "Lint Python files for memory problems (the default paths: .)");
  cmd->add_option("paths", o.paths, "Files or directories to lint; `-` reads standard input");

  auto* sel = "Rule selection";
  list_option(cmd, "--select", o.select, "Rules to enable (codes or prefixes, comma-separated); replaces the configuration's")->group(sel)->each([&o](const std::string&) { o.select_given = true; });
  list_option(cmd, "--ignore", o.ignore, "Rules to disable (codes or prefixes, comma-separated)")->group(sel);
  list_option(cmd, "--extend-select", o.extend_select, "Rules to enable in addition to the selection")->group(sel);
  list_option(cmd, "--fixable", o.fixable, "Rules whose fixes may be applied (default: all); replaces the configuration's")->group(sel)->each([&o](const std::string&) { o.fixable_given = true; });
  list_option(cmd, "--unfixable", o.unfixable, "Rules whose fixes are never offered or applied")->group(sel);
  list_option(cmd, "--extend-fixable", o.extend_fixable, "Rules to make fixable in addition")->group(sel);

  auto* files = "File selection";
  list_option(cmd, "--exclude", o.exclude, "Glob patterns to exclude, replacing the defaults (comma-separated)")->type_name("GLOBS")->group(files)->each([&o](const std::string&) { o.exclude_given = true; });
  list_option(cmd, "--extend-exclude", o.extend_exclude, "Glob patterns to exclude in addition (comma-separated)")->type_name("GLOBS")->group(files);
  cmd->add_flag("--force-exclude", o.force_exclude, "Apply excludes even to files named on the command line")
      ->group(files);
  cmd->add_flag("--no-force-exclude", o.no_force_exclude, "Lint files named on the command line even when excluded, "
                "whatever the configuration's `force-exclude` says")->group(files);
  cmd->add_flag("--respect-gitignore", o.respect_gitignore, "Skip what .gitignore files ignore (the default)")
      ->group(files);
  cmd->add_flag("--no-respect-gitignore", o.no_respect_gitignore, "Do not consult .gitignore files")->group(files);
  cmd->add_option("--stdin-filename", o.stdin_filename, "Read standard input, linted as this path (other paths are ignored)")->group(files);

  auto* out = "Output";
  std::vector<std::string> formats(output_format_names().begin(), output_format_names().end());
  cmd->add_option("--output-format", o.output_format, "Output format (default: the configuration's `output-format`, else full)")->check(CLI::IsMember(formats))->group(out);
  cmd->add_flag("--statistics", o.statistics, "Show counts per rule instead of the findings")->group(out);
  cmd->add_flag("-q,--quiet", o.quiet, "Print findings only: no summary")->group(out);
  cmd->add_flag("-s,--silent", o.silent,
                "Print nothing about the findings or the files (the exit code still tells); diffs, code fixed from "
                "standard input and the -o report are still written")
      ->group(out);
  cmd->add_option("--color", o.color, "Color output: auto (a terminal, and NO_COLOR unset), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))->group(out);
  cmd->add_flag("--show-fixes", o.show_fixes, "List the fixes applied, after --fix")->group(out);
  cmd->add_flag("--no-show-fixes", o.no_show_fixes, "Do not list the fixes applied, whatever the configuration's `show-fixes` says")
      ->group(out);
  cmd->add_flag("--show-files", o.show_files,
                "List the files the check would lint with the current configuration (absolute paths, sorted), "
                "and lint nothing")
      ->group(files);
  cmd->add_flag("--show-settings", o.show_settings,
                "Show the settings the first file the check would lint is linted with (its configuration file, "
                "rules, fixes, patterns), and lint nothing")
      ->group(files);
  cmd->add_option("-o,--output-file", o.output_file,
                  "Write the report (or the --show-files list, or the --show-settings) to this file instead of standard output, uncoloured "
                  "(written whole, at the end)")
      ->type_name("PATH")
      ->group(out);

  auto* fixes = "Fixes";
  cmd->add_flag("--fix", o.fix, "Apply safe fixes")->group(fixes);
  cmd->add_flag("--no-fix", o.no_fix, "Do not apply fixes, whatever the configuration's `fix` says")->group(fixes);
  cmd->add_flag("--unsafe-fixes", o.unsafe_fixes, "Also apply (and count) unsafe fixes")->group(fixes);
  cmd->add_flag("--no-unsafe-fixes", o.no_unsafe_fixes, "Do not apply unsafe fixes, whatever the configuration says")
      ->group(fixes);
  cmd->add_flag("--diff", o.diff, "Show the fixes as a unified diff; write nothing")->group(fixes);
  cmd->add_flag("--fix-only", o.fix_only,
                "Apply fixes, but do not report the findings left (implies --fix)")
      ->group(fixes);
  cmd->add_flag("--no-fix-only", o.no_fix_only, "Report the findings left, whatever the configuration's `fix-only` says")
      ->group(fixes);
  cmd->add_flag("--add-noqa", o.add_noqa,
                "Add a `# noqa: CODES` directive to every line with findings (extending one already there), "
                "and write the files")
      ->group(fixes);

  auto* run = "Run";
  cmd->add_flag("-e,--exit-zero", o.exit_zero, "Exit with 0 even when findings remain")->group(run);
  cmd->add_flag("--exit-non-zero-on-fix", o.exit_non_zero_on_fix,
                "Exit with 1 when fixes were applied, even when no finding remains")
      ->group(run);
  cmd->add_flag("--ignore-noqa", o.ignore_noqa, "Report findings whatever `# noqa` comments say")->group(run);
  cmd->add_option("--config", o.config,
                  "A configuration file to use for every path, or a TOML `KEY = VALUE` overriding one option "
                  "of every configuration (repeatable)")
      ->type_name("FILE|KEY=VALUE")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->group(run);
  cmd->add_flag("--isolated", o.isolated,
                "Read no configuration file: the defaults, then --config KEY=VALUE and the flags")
      ->group(run);
  cmd->add_option("--threads", o.threads, "Worker threads (default: one per core)")
      ->check(CLI::Range(1u, 1024u))->group(run);
}

namespace {

// -o: the report, written whole at the end to `path` (its directories made as needed). False, with
// an error on standard error, when it cannot be written.
bool write_output_file(const std::string& path, const std::string& report) {
  std::filesystem::path file(path);
  std::error_code ec;
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path(), ec);
  // A report, not a source file: created or truncated, as Ruff does (atomic_write keeps an
  // existing file's owner and mode, and needs the file to exist).
  std::ofstream stream(file, std::ios::binary | std::ios::trunc);
  if (!stream || !stream.write(report.data(), static_cast<std::streamsize>(report.size())) || !stream.flush()) {
    std::cerr << "error: cannot write the report to " << to_valid_utf8(path) << ": " << std::strerror(errno) << "\n";
    return false;
  }
  return true;
}

// `to_file`: the report goes to -o's file, which `auto` never colours (as Ruff, whose -o turns
// colours off), whatever standard output is.
bool use_color(const std::string& mode, bool to_file) {
  if (mode == "always") return true;
  if (mode == "never" || to_file) return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  return ::isatty(STDOUT_FILENO) == 1;
}

// A missing path or an invalid configuration: an error on standard error, and the run's exit code
// becomes 2 (the other files are still linted). False for the other problems, which are findings.
// Sends what is written to a stream nowhere, until destroyed.
class StreamSilencer {
 public:
  explicit StreamSilencer(std::ostream& stream) : stream_(stream), kept_(stream.rdbuf(nullptr)) {}
  ~StreamSilencer() {
    stream_.rdbuf(kept_);
    stream_.clear();
  }
  StreamSilencer(const StreamSilencer&) = delete;
  StreamSilencer& operator=(const StreamSilencer&) = delete;

 private:
  std::ostream& stream_;
  std::streambuf* kept_;
};

bool report_usage_problem(const DiscoveryProblem& p) {
  switch (p.kind) {
    case ProblemKind::NotFound:
      std::cerr << "error: " << to_valid_utf8(p.display_path) << ": " << p.reason << "\n";
      return true;
    case ProblemKind::InvalidConfig:
      std::cerr << "error: " << to_valid_utf8(p.reason) << "\n";
      return true;
    case ProblemKind::Unreadable:
      return false;
  }
  return false;
}

// The order --show-files lists files in, Ruff's: paths compared component by component (`a/x.py`
// before `a-b/x.py`, where comparing them as strings puts `-` before `/`).
bool listed_before(const std::filesystem::path& a, const std::filesystem::path& b) { return a.compare(b) < 0; }

// `check --show-files`: as Ruff, the files the check would lint, absolute and sorted, one per line.
// A path that does not exist or a broken configuration is an error, as for the check (exit 2); an
// unreadable directory a warning.
int show_files(const DiscoveryResult& found, std::ostream& out) {
  std::vector<std::filesystem::path> paths;
  for (const FileTask& t : found.files) paths.push_back(t.is_stdin && t.path == "-" ? std::filesystem::path("-") : t.path);
  std::sort(paths.begin(), paths.end(), listed_before);
  for (const std::filesystem::path& p : paths) out << to_valid_utf8(p.string()) << "\n";
  bool failed = false;
  for (const auto& p : found.problems) {
    if (report_usage_problem(p)) failed = true;
    else  // unreadable: the check would report it as E902 and go on
      std::cerr << "warning: " << to_valid_utf8(p.display_path) << ": cannot read: " << p.reason << "\n";
  }
  return failed ? 2 : 0;
}

// A TOML basic string, and an array of them.
std::string toml_string(std::string_view s) { return toml_quoted(to_valid_utf8(std::string(s))); }
std::string toml_strings(const std::vector<std::string>& items) {
  std::string out = "[";
  for (const std::string& s : items) out += (out.size() > 1 ? ", " : "") + toml_string(s);
  return out + "]";
}

std::vector<std::string> codes_of(const RuleSet& rules) {
  std::vector<std::string> codes;
  auto all = all_rules();
  for (size_t i = 0; i < all.size(); ++i)
    if (rules.test(i)) codes.emplace_back(all[i]->info().code);
  return codes;
}

// `check --show-settings`: as Ruff's, the settings of the first file the check would lint (in the
// order --show-files lists them): the configuration file that governs it and what it extends, then
// the resolved options as TOML, the rule selection after its per-file-ignores. Exit 2 when there
// is no file, or its configuration is invalid.
int show_settings(const DiscoveryResult& found, ConfigResolver& resolver, std::ostream& out) {
  for (const auto& p : found.problems)
    if (report_usage_problem(p)) return 2;
  std::vector<const FileTask*> files;
  for (const FileTask& t : found.files)
    if (!t.is_stdin) files.push_back(&t);
  if (files.empty()) {
    std::cerr << "error: no file to show the settings of: the paths hold no file the check would lint\n";
    return 2;
  }
  const FileTask& first = **std::min_element(files.begin(), files.end(), [](const FileTask* a, const FileTask* b) {
    return listed_before(a->path, b->path);
  });
  std::string error;
  std::shared_ptr<const Settings> settings = resolver.settings_for_file(first.path, &error);
  const Config* config = resolver.config_for_directory(first.path.parent_path()).config;
  if (!settings || !config) {
    std::cerr << "error: " << to_valid_utf8(error) << "\n";
    return 2;
  }
  auto patterns = [](const std::vector<PathPattern>& list) {
    std::vector<std::string> texts;
    for (const PathPattern& p : list) texts.push_back(p.text());
    return toml_strings(texts);
  };
  out << "Resolved settings for: " << to_valid_utf8(first.path.string()) << "\n";
  out << "Settings path: "
      << (config->file.empty() ? std::string("none (the defaults)") : to_valid_utf8(config->file.string())) << "\n";
  for (const auto& e : config->extended) out << "Extends: " << to_valid_utf8(e.string()) << "\n";
  out << "\n";
  out << "enabled = " << toml_strings(codes_of(settings->enabled)) << "  # after per-file-ignores\n";
  out << "fixable = " << toml_strings(codes_of(settings->fixable)) << "\n";
  out << "extend-safe-fixes = " << toml_strings(codes_of(settings->safe_fixes)) << "  # resolved, rule by rule\n";
  out << "extend-unsafe-fixes = " << toml_strings(codes_of(settings->unsafe_fixes_rules)) << "  # resolved, rule by rule\n";
  out << "unsafe-fixes = " << (settings->unsafe_fixes ? "true" : "false") << "\n";
  out << "min-bytes = " << settings->min_bytes << "\n";
  out << "fix-style = \"" << (settings->fix_style == FixStyle::Rebind ? "rebind" : "del") << "\"\n";
  out << "test-module = " << (settings->test_module ? "true" : "false") << "  # by pytest's file names\n";
  out << "per-file-ignores = {";
  for (size_t i = 0; i < config->per_file_ignores.size(); ++i) {
    const auto& p = config->per_file_ignores[i];
    out << (i ? ", " : " ") << toml_string((p.negated ? "!" : "") + p.pattern.text()) << " = "
        << toml_strings(codes_of(p.rules));
  }
  out << (config->per_file_ignores.empty() ? "}" : " }") << "\n";
  out << "exclude = " << patterns(config->exclude) << "\n";
  out << "include = " << patterns(config->include) << "\n";
  out << "force-exclude = " << (config->force_exclude ? "true" : "false") << "\n";
  out << "respect-gitignore = " << (config->respect_gitignore ? "true" : "false") << "\n";
  // As Ruff's, this file's configuration with the flags over it; a run reads these four from the
  // current directory's configuration alone (--stdin-filename's, which --show-settings refuses).
  const char* run_option = "  # a run takes it from the current directory's configuration\n";
  out << "fix = " << (config->fix ? "true" : "false") << run_option;
  out << "fix-only = " << (config->fix_only ? "true" : "false") << run_option;
  out << "show-fixes = " << (config->show_fixes ? "true" : "false") << run_option;
  out << "output-format = " << toml_string(config->output_format) << run_option;
  return 0;
}

// What `check --add-noqa` prints: as Ruff, only how many directives went in (on standard error),
// with a warning for each file it could not read, decode, parse or write. Exit 0 unless a file could
// not be written or the run failed.
int report_added_noqa(const std::vector<FileOutcome>& outcomes, const std::vector<FileReport>& problems,
                      bool usage_error, bool quiet) {
  bool failed = usage_error;
  uint32_t added = 0;
  auto warn_engine_findings = [](const FileReport& r) {
    for (const Diagnostic& d : r.diagnostics)
      if (d.code == kIoErrorCode) std::cerr << "warning: " << to_valid_utf8(r.display_path) << ": " << d.message << "\n";
  };
  for (const FileReport& r : problems) warn_engine_findings(r);
  for (const FileOutcome& outcome : outcomes) {
    for (const auto& w : outcome.warnings) std::cerr << "warning: " << to_valid_utf8(w) << "\n";
    warn_engine_findings(outcome.report);
    added += outcome.noqa_added;
    failed = failed || outcome.write_failed;
  }
  if (!quiet && added > 0) std::cerr << "Added " << added << " noqa directive" << (added == 1 ? "" : "s") << ".\n";
  return failed ? 2 : 0;
}

}  // namespace

int run_check(const CheckOptions& o) {
  const struct {
    bool both;
    const char *first, *second, *why;
  } exclusive[] = {
      {o.fix && o.no_fix, "--fix", "--no-fix", ""},
      {o.fix_only && o.no_fix_only, "--fix-only", "--no-fix-only", ""},
      {o.show_fixes && o.no_show_fixes, "--show-fixes", "--no-show-fixes", ""},
      {o.unsafe_fixes && o.no_unsafe_fixes, "--unsafe-fixes", "--no-unsafe-fixes", ""},
      {o.force_exclude && o.no_force_exclude, "--force-exclude", "--no-force-exclude", ""},
      {o.respect_gitignore && o.no_respect_gitignore, "--respect-gitignore", "--no-respect-gitignore", ""},
      {o.exit_zero && o.exit_non_zero_on_fix, "--exit-zero", "--exit-non-zero-on-fix", ""},
      {o.fix && o.diff, "--fix", "--diff", " (--diff writes nothing)"},
  };
  for (const auto& e : exclusive) {
    if (!e.both) continue;
    std::cerr << "error: " << e.first << " and " << e.second << " cannot be used together" << e.why << "\n";
    return 2;
  }
  // The options that act instead of the check, and the options each refuses (the first one given
  // is named).
  const struct {
    bool given;
    const char* name;
    std::vector<std::pair<bool, const char*>> refused;
  } modes[] = {
      {o.show_settings,
       "--show-settings",
       {{o.show_files, "--show-files"},
        {o.add_noqa, "--add-noqa"},
        {o.fix, "--fix"},
        {o.fix_only, "--fix-only"},
        {o.diff, "--diff"},
        {o.statistics, "--statistics"},
        {!o.stdin_filename.empty(), "--stdin-filename"}}},
      {o.show_files,
       "--show-files",
       {{o.add_noqa, "--add-noqa"},
        {o.statistics, "--statistics"},
        {o.ignore_noqa, "--ignore-noqa"},
        {!o.stdin_filename.empty(), "--stdin-filename"}}},
      // --diff promises to change nothing (as Ruff, an error); --fix only draws a warning, below.
      {o.add_noqa, "--add-noqa", {{o.diff, "--diff"}, {o.statistics, "--statistics"}, {o.ignore_noqa, "--ignore-noqa"}}},
  };
  for (const auto& mode : modes) {
    if (!mode.given) continue;
    for (const auto& [given, name] : mode.refused) {
      if (!given) continue;
      std::cerr << "error: " << mode.name << " cannot be used with " << name << "\n";
      return 2;
    }
  }
  if (o.add_noqa) {
    bool stdin_named = !o.stdin_filename.empty() || std::find(o.paths.begin(), o.paths.end(), "-") != o.paths.end();
    if (stdin_named) {
      std::cerr << "error: --add-noqa edits files in place; it cannot read standard input\n";
      return 2;
    }
  }

  CliOverrides overrides;
  if (o.select_given) overrides.select = o.select;
  overrides.extend_select = o.extend_select;
  overrides.ignore = o.ignore;
  if (o.fixable_given) overrides.fixable = o.fixable;
  overrides.extend_fixable = o.extend_fixable;
  overrides.unfixable = o.unfixable;
  // A flag and its `--no-` form (never both: refused above): true, false, or the configuration's.
  auto flag = [](bool yes, bool no) -> std::optional<bool> {
    if (yes || no) return yes;
    return std::nullopt;
  };
  overrides.unsafe_fixes = flag(o.unsafe_fixes, o.no_unsafe_fixes);
  overrides.force_exclude = flag(o.force_exclude, o.no_force_exclude);
  overrides.respect_gitignore = flag(o.respect_gitignore, o.no_respect_gitignore);
  overrides.fix = flag(o.fix, o.no_fix);
  overrides.fix_only = flag(o.fix_only, o.no_fix_only);
  overrides.show_fixes = flag(o.show_fixes, o.no_show_fixes);
  if (!o.output_format.empty()) overrides.output_format = o.output_format;
  // As in Ruff, a --config value naming a file is that file; any other value with a `=` is TOML
  // setting options over every configuration. (Without a `=` it is taken as a file name, so that a
  // mistyped one is reported as missing rather than as bad TOML.)
  for (const std::string& value : o.config) {
    std::error_code ec;
    if (value.find('=') == std::string::npos || std::filesystem::is_regular_file(value, ec)) {
      if (overrides.config_file) {
        std::cerr << "error: only one configuration file may be given with --config (`"
                  << to_valid_utf8(overrides.config_file->string()) << "` and `" << to_valid_utf8(value)
                  << "`); give single options as --config KEY=VALUE\n";
        return 2;
      }
      overrides.config_file = value;
      continue;
    }
    ConfigFileResult r = parse_config_text(value, "--config `" + value + "`", /*pyproject=*/false);
    if (r.status != ConfigFileResult::Status::Ok) {
      std::cerr << "error: " << to_valid_utf8(r.error) << "\n";
      return 2;
    }
    if (r.options.extend) {
      // As in Ruff: what a configuration extends is a file's business.
      std::cerr << "error: --config `" << to_valid_utf8(value)
                << "`: `extend` cannot be given as KEY=VALUE; give the configuration file with --config FILE\n";
      return 2;
    }
    overrides.config_overrides.push_back(std::move(r.options));
  }
  if (o.exclude_given) overrides.exclude = o.exclude;
  overrides.isolated = o.isolated;
  overrides.extend_exclude = o.extend_exclude;

  std::string error;
  auto resolver = ConfigResolver::create(overrides, &error);
  if (!resolver) {
    std::cerr << "error: " << to_valid_utf8(error) << "\n";
    return 2;
  }

  std::vector<std::filesystem::path> paths(o.paths.begin(), o.paths.end());
  std::optional<std::filesystem::path> stdin_name;
  if (!o.stdin_filename.empty()) {
    // As in Ruff, `--stdin-filename` always means standard input: `-` may be left out, and other
    // paths are ignored, with a warning naming the first.
    stdin_name = o.stdin_filename;
    auto other = std::find_if(paths.begin(), paths.end(), [](const auto& p) { return p != "-"; });
    if (other != paths.end() && !o.silent)
      std::cerr << "warning: Ignoring file " << to_valid_utf8(other->string()) << " in favor of standard input.\n";
    paths = {"-"};
  }
  // As in Ruff, `fix`, `fix-only`, `show-fixes` and `output-format` come from the configuration of
  // the current directory (or the --config file), with the command line over them; with
  // --stdin-filename, from the configuration that governs that name instead. When that
  // configuration is invalid, the command line alone decides, and the error is reported (below)
  // with the run's other problems.
  const ConfigError* run_config_error = nullptr;
  const Config& run_config = resolver->config_of_the_run(
      stdin_name ? resolver->absolute(*stdin_name).parent_path() : resolver->cwd(), &run_config_error);
  const bool fix = run_config.fix;
  const bool fix_only = run_config.fix_only;
  const bool show_fixes = run_config.show_fixes;
  const std::string& output_format = run_config.output_format;
  // As Ruff: --fix (or --fix-only, or `fix = true`) is ignored, with a warning.
  if (o.add_noqa && (fix || fix_only) && !o.silent) std::cerr << "warning: --fix is incompatible with --add-noqa.\n";
  // As Ruff's, statistics are written as text or as one JSON array; it refuses any other format
  // (whether the flag or the configuration's `output-format` asks for it).
  if (o.statistics && output_format != "full" && output_format != "concise" && output_format != "json") {
    std::cerr << "error: --statistics supports the output formats full, concise and json, not `" << output_format
              << "`\n";
    return 2;
  }

  // As Ruff's --silent: from here on, no warning and no error about a path or a configuration file
  // (the command line's own mistakes above are still said), and no report but -o's.
  std::ostream null_stream(nullptr);
  std::optional<StreamSilencer> silence_errors;
  if (o.silent) silence_errors.emplace(std::cerr);
  const bool quiet = o.quiet || o.silent;

  // --force-exclude reaches discovery through the configurations (CliOverrides::force_exclude).
  DiscoveryResult found = discover(paths, *resolver, stdin_name);
  // The configuration the run options come from, when invalid, is an error even when it governs none
  // of the paths (reported once).
  if (run_config_error && std::none_of(found.problems.begin(), found.problems.end(), [&](const DiscoveryProblem& p) {
        return p.kind == ProblemKind::InvalidConfig && p.path == run_config_error->file;
      }))
    found.problems.push_back({run_config_error->file, resolver->display_path(run_config_error->file),
                              run_config_error->message, ProblemKind::InvalidConfig});

  if (o.show_settings) {
    if (o.output_file.empty()) return show_settings(found, *resolver, std::cout);
    std::ostringstream shown;
    int code = show_settings(found, *resolver, shown);
    return write_output_file(o.output_file, shown.str()) ? code : 2;
  }
  if (o.show_files) {
    // As Ruff, the list is the report: -o takes it.
    if (o.output_file.empty()) return show_files(found, std::cout);
    std::ostringstream listed;
    int code = show_files(found, listed);
    return write_output_file(o.output_file, listed.str()) ? code : 2;
  }

  bool usage_error = false;
  std::vector<FileReport> problem_reports;
  for (const auto& p : found.problems) {
    if (report_usage_problem(p)) {
      usage_error = true;
      continue;
    }
    FileReport r;  // unreadable: an E902 finding
    r.display_path = p.display_path;
    r.absolute_path = p.path.string();
    r.diagnostics.push_back(make_engine_diagnostic(kIoErrorCode, "cannot read: " + p.reason));
    problem_reports.push_back(std::move(r));
  }

  RunOptions run;
  // As in Ruff, --diff implies --fix-only, which implies --fix.
  run.mode = o.add_noqa ? RunMode::AddNoqa
             : o.diff   ? RunMode::Diff
             : (fix || fix_only) ? RunMode::Fix
                                     : RunMode::Check;
  run.ignore_noqa = o.ignore_noqa;
  if (overrides.unsafe_fixes) run.unsafe_fixes = overrides.unsafe_fixes;
  run.threads = o.threads;
  bool reads_stdin = false;
  for (const auto& t : found.files) reads_stdin = reads_stdin || t.is_stdin;
  if (reads_stdin) run.stdin_text = read_stdin();

  std::vector<FileOutcome> outcomes = run_files(found.files, run);
  if (run.mode == RunMode::AddNoqa) return report_added_noqa(outcomes, problem_reports, usage_error, quiet);

  // Standard input fixed in place goes to standard output, so findings move to standard error. As
  // in Ruff, standard input named after an excluded file goes back unchanged.
  bool stdout_is_code = run.mode == RunMode::Fix && (reads_stdin || found.stdin_excluded);
  if (run.mode == RunMode::Fix && found.stdin_excluded) std::cout << read_stdin();
  // -o: the report is collected and written at the end, whole.
  std::ostringstream report_file;
  std::ostream& report_stream = !o.output_file.empty() ? report_file
                                : o.silent           ? null_stream
                                : stdout_is_code     ? std::cerr
                                                     : std::cout;

  std::vector<FileReport> reports = std::move(problem_reports);
  std::vector<FixedFile> fixed_files;
  size_t fixed_total = 0;
  std::string diffs;
  for (auto& outcome : outcomes) {
    for (const auto& w : outcome.warnings) std::cerr << "warning: " << to_valid_utf8(w) << "\n";
    if (outcome.fixed_text) std::cout << *outcome.fixed_text;
    diffs += outcome.diff;
    if (!outcome.fixed.empty()) {
      FixedFile ff;
      ff.display_path = outcome.report.display_path;
      for (const auto& [code, count] : outcome.fixed) {
        const RuleInfo* info = find_rule(code);
        ff.rules.push_back({code, info ? std::string(info->name) : std::string(), count});
        fixed_total += count;
      }
      fixed_files.push_back(std::move(ff));
    }
    if (!outcome.report.diagnostics.empty()) reports.push_back(std::move(outcome.report));
  }
  std::sort(reports.begin(), reports.end(),
            [](const FileReport& a, const FileReport& b) { return a.display_path < b.display_path; });

  // Each report also knows whether its own configuration allows unsafe fixes (FileReport::unsafe_fixes).
  bool unsafe_for_counts = run.unsafe_fixes.value_or(false);
  RenderOptions render_options{parse_output_format(output_format).value_or(OutputFormat::Full), use_color(o.color, !o.output_file.empty()),
                               unsafe_for_counts, {}};
  // GitLab runs jobs in the project's checkout: its report wants paths relative to it.
  if (const char* project_dir = std::getenv("CI_PROJECT_DIR"); project_dir && *project_dir)
    render_options.project_dir = project_dir;
  bool machine_format = is_machine_format(render_options.format);
  FindingCounts counts = count_findings(reports, unsafe_for_counts);

  if (run.mode == RunMode::Diff) {
    std::cout << diffs;
    if (!quiet) {
      if (fixed_total > 0)
        std::cerr << "Would fix " << fixed_total << (fixed_total == 1 ? " finding" : " findings") << ".\n";
      else
        std::cerr << "No fixes available.\n";
    }
  } else if (o.statistics) {
    render_statistics(report_stream, reports, render_options);
  } else if (fix_only) {
    // As Ruff: the findings left are not reported, only what was fixed (text formats only).
    if (!machine_format) {
      if (show_fixes) render_fixed(report_stream, fixed_files, render_options.color);
      if (!quiet) report_stream << fix_only_summary(counts, fixed_total);
    }
  } else {
    render(report_stream, reports, render_options);
    // A run that failed (a missing path, a bad configuration) did not pass: no "All checks passed!".
    const SummaryMode mode = run.mode == RunMode::Fix ? SummaryMode::Fix : SummaryMode::Check;
    const bool nothing_found = (mode == SummaryMode::Fix ? fixed_total + counts.total : counts.total) == 0;
    if (!quiet && !machine_format && !(usage_error && nothing_found)) report_stream << summary(counts, mode, fixed_total);
    if (show_fixes && run.mode == RunMode::Fix && !machine_format) render_fixed(report_stream, fixed_files, render_options.color);
  }

  if (!o.output_file.empty() && !write_output_file(o.output_file, report_file.str())) return 2;

  if (usage_error) return 2;
  if (o.exit_zero) return 0;
  if (run.mode == RunMode::Diff) return diffs.empty() ? 0 : 1;
  if (o.exit_non_zero_on_fix && fixed_total > 0) return 1;
  if (fix_only) return 0;
  return counts.total > 0 ? 1 : 0;
}

}  // namespace pml::cli
