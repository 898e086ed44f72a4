#include "analyzer/config.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <sstream>
#include <system_error>
#include <tuple>

#include <toml++/toml.h>

#include "analyzer/fsutil.h"
#include "analyzer/render.h"
#include "rules/registry.h"

namespace pml {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kPyprojectName = "pyproject.toml";
constexpr std::string_view kStandaloneName = "pymemlint.toml";
constexpr std::string_view kHiddenStandaloneName = ".pymemlint.toml";  // Ruff's `.ruff.toml`

std::string_view type_name(toml::node_type t) {
  switch (t) {
    case toml::node_type::table: return "table";
    case toml::node_type::array: return "array";
    case toml::node_type::string: return "string";
    case toml::node_type::integer: return "integer";
    case toml::node_type::floating_point: return "float";
    case toml::node_type::boolean: return "boolean";
    case toml::node_type::date: return "date";
    case toml::node_type::time: return "time";
    case toml::node_type::date_time: return "date-time";
    case toml::node_type::none: break;
  }
  return "nothing";
}

}  // namespace

std::string toml_quoted(std::string_view s) {
  // toml++'s formatter escapes what TOML requires (quotes, backslashes, control characters); the
  // flag keeps other characters as they are, and leaving out multi-line strings keeps the result
  // usable as a key.
  toml::value<std::string> value{std::string(s)};
  std::ostringstream out;
  out << toml::toml_formatter(value, toml::format_flags::allow_unicode_strings);
  return out.str();
}

namespace {

// A key as it would be written in TOML: bare when it can be, quoted otherwise.
std::string toml_key(std::string_view key) {
  bool bare = !key.empty();
  for (char c : key)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) bare = false;
  return bare ? std::string(key) : toml_quoted(key);
}

// Reads one table's keys into ConfigOptions, stopping at the first problem.
class OptionsReader {
 public:
  OptionsReader(const std::string& display, std::string key_prefix)
      : display_(display), prefix_(std::move(key_prefix)) {}

  bool read(const toml::table& table, ConfigOptions& out) {
    for (const auto& [k, node] : table) {
      std::string_view key = k.str();
      bool ok = true;
      if (key == "select") {
        std::vector<std::string> v;
        ok = selectors(key, node, v);
        out.select = std::move(v);
      } else if (key == "extend-select") {
        ok = selectors(key, node, out.extend_select);
      } else if (key == "ignore") {
        ok = selectors(key, node, out.ignore);
      } else if (key == "fixable") {
        std::vector<std::string> v;
        ok = selectors(key, node, v);
        out.fixable = std::move(v);
      } else if (key == "extend-fixable") {
        ok = selectors(key, node, out.extend_fixable);
      } else if (key == "unfixable") {
        ok = selectors(key, node, out.unfixable);
      } else if (key == "extend-safe-fixes") {
        ok = selectors(key, node, out.extend_safe_fixes);
      } else if (key == "extend-unsafe-fixes") {
        ok = selectors(key, node, out.extend_unsafe_fixes);
      } else if (key == "per-file-ignores") {
        ok = per_file_ignores(key, node, out.per_file_ignores.emplace());
      } else if (key == "extend-per-file-ignores") {
        ok = per_file_ignores(key, node, out.extend_per_file_ignores);
      } else if (key == "exclude") {
        std::vector<std::string> v;
        ok = globs(name(key), node, v);
        out.exclude = std::move(v);
      } else if (key == "extend-exclude") {
        ok = globs(name(key), node, out.extend_exclude);
      } else if (key == "include") {
        std::vector<std::string> v;
        ok = globs(name(key), node, v);
        out.include = std::move(v);
      } else if (key == "extend-include") {
        ok = globs(name(key), node, out.extend_include);
      } else if (key == "min-bytes") {
        const auto* i = node.as_integer();
        if (!i || i->get() < 0) {
          return fail(fmt_key(name(key)) + " must be a non-negative integer, got " +
                      (i ? std::to_string(i->get()) : std::string(type_name(node.type()))));
        }
        out.min_bytes = static_cast<uint64_t>(i->get());
      } else if (key == "unsafe-fixes") {
        ok = boolean(key, node, out.unsafe_fixes);
      } else if (key == "force-exclude") {
        ok = boolean(key, node, out.force_exclude);
      } else if (key == "respect-gitignore") {
        ok = boolean(key, node, out.respect_gitignore);
      } else if (key == "fix") {
        ok = boolean(key, node, out.fix);
      } else if (key == "fix-only") {
        ok = boolean(key, node, out.fix_only);
      } else if (key == "show-fixes") {
        ok = boolean(key, node, out.show_fixes);
      } else if (key == "output-format") {
        const auto* s = node.as_string();
        if (!s || !parse_output_format(s->get())) {
          std::string names;
          for (std::string_view n : output_format_names()) names += (names.empty() ? "\"" : ", \"") + std::string(n) + "\"";
          return fail(fmt_key(name(key)) + " must be one of " + names + ", got " +
                      (s ? toml_quoted(s->get()) : std::string(type_name(node.type()))));
        }
        out.output_format = s->get();
      } else if (key == "extend") {
        const auto* s = node.as_string();
        if (!s || s->get().empty())
          return fail(fmt_key(name(key)) + " must be the path of a configuration file, got " +
                      (s ? std::string("an empty string") : std::string(type_name(node.type()))));
        out.extend = s->get();
      } else if (key == "fix-style") {
        const auto* s = node.as_string();
        if (s && s->get() == "del") {
          out.fix_style = FixStyle::Del;
        } else if (s && s->get() == "rebind") {
          out.fix_style = FixStyle::Rebind;
        } else {
          return fail(fmt_key(name(key)) + " must be \"del\" or \"rebind\", got " +
                      (s ? "\"" + s->get() + "\"" : std::string(type_name(node.type()))));
        }
      } else {
        return fail("unknown key " + fmt_key(name(key)));
      }
      if (!ok) return false;
    }
    return true;
  }

  const std::string& error() const { return error_; }

 private:
  std::string name(std::string_view key) const { return prefix_ + toml_key(key); }
  static std::string fmt_key(const std::string& full) { return "`" + full + "`"; }

  bool fail(std::string message) {
    error_ = display_ + ": " + message;
    return false;
  }

  bool boolean(std::string_view key, const toml::node& node, std::optional<bool>& out) {
    const auto* b = node.as_boolean();
    if (!b) return fail(fmt_key(name(key)) + " must be a boolean, got " + std::string(type_name(node.type())));
    out = b->get();
    return true;
  }

  bool strings(const std::string& full_key, const toml::node& node, std::vector<std::string>& out) {
    const auto* arr = node.as_array();
    if (!arr) return fail(fmt_key(full_key) + " must be an array of strings, got " + std::string(type_name(node.type())));
    for (const auto& elem : *arr) {
      const auto* s = elem.as_string();
      if (!s) {
        return fail(fmt_key(full_key) + " must be an array of strings, got an array containing " +
                    std::string(type_name(elem.type())));
      }
      out.push_back(s->get());
    }
    return true;
  }

  bool glob(const std::string& full_key, const std::string& pattern) {
    if (auto why = Glob::error_in(pattern)) return fail("invalid glob `" + pattern + "` in " + fmt_key(full_key) + ": " + *why);
    return true;
  }
  bool globs(const std::string& full_key, const toml::node& node, std::vector<std::string>& out) {
    size_t first = out.size();
    if (!strings(full_key, node, out)) return false;
    for (size_t i = first; i < out.size(); ++i)
      if (!glob(full_key, out[i])) return false;
    return true;
  }

  bool selectors_named(const std::string& full_key, const toml::node& node, std::vector<std::string>& out) {
    size_t first = out.size();
    if (!strings(full_key, node, out)) return false;
    for (size_t i = first; i < out.size(); ++i)
      if (!rules_matching(out[i])) return fail("unknown rule selector `" + out[i] + "` in " + fmt_key(full_key));
    return true;
  }
  bool selectors(std::string_view key, const toml::node& node, std::vector<std::string>& out) {
    return selectors_named(name(key), node, out);
  }

  bool per_file_ignores(std::string_view key, const toml::node& node,
                        std::vector<std::pair<std::string, std::vector<std::string>>>& out) {
    const std::string table_key = name(key);
    const auto* table = node.as_table();
    if (!table) return fail(fmt_key(table_key) + " must be a table, got " + std::string(type_name(node.type())));
    for (const auto& [pattern, codes] : *table) {
      std::vector<std::string> selectors;
      if (!glob(table_key, std::string(pattern.str()))) return false;
      if (!selectors_named(table_key + "." + toml_key(pattern.str()), codes, selectors)) return false;
      out.emplace_back(std::string(pattern.str()), std::move(selectors));
    }
    return true;
  }

  const std::string& display_;
  std::string prefix_;  // "tool.pymemlint." in a pyproject.toml, "" in a pymemlint.toml
  std::string error_;
};

// `path` relative to `base` when it is strictly below it; empty otherwise.
std::string relative_below(const fs::path& path, const fs::path& base) {
  if (base.empty()) return {};
  fs::path rel = path.lexically_relative(base);
  if (rel.empty() || rel == "." || *rel.begin() == "..") return {};
  return rel.generic_string();
}

bool any_matches(const std::vector<PathPattern>& patterns, const fs::path& abs_path) {
  const std::string basename = abs_path.filename().string();
  const std::string abs = abs_path.generic_string();
  for (const auto& p : patterns)
    if (p.matches(basename, abs)) return true;
  return false;
}

// `literal` with every character the glob layer or fnmatch would read specially escaped.
std::string escape_glob(std::string_view literal) {
  std::string out;
  for (char c : literal) {
    if (std::string_view("*?[]\\{},").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

// `extend`'s value as Ruff reads it (shellexpand): a leading `~` is the home directory, `$NAME`
// and `${NAME}` are environment variables; then relative to `dir`. nullopt and *error when a
// variable is not set.
std::optional<fs::path> extend_path(const std::string& value, const fs::path& dir, std::string* error) {
  std::string out;
  size_t i = 0;
  if (value == "~" || value.starts_with("~/")) {
    const char* home = std::getenv("HOME");
    if (!home || !*home) {
      *error = "`~` cannot be expanded: HOME is not set";
      return std::nullopt;
    }
    out = home;
    i = 1;
  }
  auto name_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  while (i < value.size()) {
    if (value[i] != '$' || i + 1 == value.size()) {
      out += value[i++];
      continue;
    }
    std::string name;
    size_t end;
    if (value[i + 1] == '{') {
      end = value.find('}', i + 2);
      if (end == std::string::npos) {
        *error = "a `${` is never closed";
        return std::nullopt;
      }
      name = value.substr(i + 2, end - i - 2);
      ++end;
    } else {
      end = i + 1;
      while (end < value.size() && name_char(value[end])) ++end;
      name = value.substr(i + 1, end - i - 1);
      if (name.empty()) {
        out += value[i++];
        continue;
      }
    }
    const char* v = std::getenv(name.c_str());
    if (!v) {
      *error = "the environment variable `" + name + "` is not set";
      return std::nullopt;
    }
    out += v;
    i = end;
  }
  fs::path p(out);
  return (p.is_absolute() ? p : dir / p).lexically_normal();
}

RuleSet union_of(const std::vector<std::string>& selectors) {
  RuleSet set;
  for (const auto& s : selectors)
    if (auto m = rules_matching(s)) set |= *m;
  return set;
}

}  // namespace

std::string anchor_pattern(std::string_view pattern, const fs::path& base) {
  std::vector<std::string> parts;
  if (!pattern.starts_with('/'))
    for (const auto& component : base)
      if (component != "/" && !component.empty()) parts.push_back(escape_glob(component.native()));
  for (size_t from = 0; from <= pattern.size();) {
    size_t slash = pattern.find('/', from);
    if (slash == std::string_view::npos) slash = pattern.size();
    const std::string_view part = pattern.substr(from, slash - from);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.emplace_back(part);
    }
    from = slash + 1;
  }
  if (parts.empty()) return "/";
  std::string out;
  for (const auto& p : parts) out.append("/").append(p);
  return out;
}

PathPattern PathPattern::name_only(const std::string& pattern) {
  PathPattern p;
  p.by_name_.emplace(pattern);
  return p;
}

PathPattern::PathPattern(const std::string& pattern, const fs::path& base, bool by_name)
    : anchored_(Glob(anchor_pattern(pattern, base))) {
  if (by_name) by_name_.emplace(pattern);
}

bool PathPattern::matches(const std::string& basename, const std::string& abs) const {
  return (by_name_ && by_name_->matches(basename)) || (anchored_ && anchored_->matches(abs));
}

ConfigFileResult parse_config_text(std::string_view text, const std::string& display_name, bool pyproject) {
  ConfigFileResult result;
  toml::table doc;
  try {
    doc = toml::parse(text, display_name);
  } catch (const toml::parse_error& e) {
    const auto& begin = e.source().begin;
    result.error = display_name + ":" + std::to_string(begin.line) + ":" + std::to_string(begin.column) +
                   ": TOML parse error: " + std::string(e.description());
    return result;
  }

  const toml::table* table = &doc;
  std::string prefix;
  if (pyproject) {
    // Only [tool.pymemlint] is ours; whatever else a pyproject.toml holds belongs to other tools.
    const toml::node* node = doc.at_path("tool.pymemlint").node();
    if (!node) {
      result.status = ConfigFileResult::Status::NotAConfig;
      return result;
    }
    table = node->as_table();
    if (!table) {
      result.error = display_name + ": `tool.pymemlint` must be a table, got " + std::string(type_name(node->type()));
      return result;
    }
    prefix = "tool.pymemlint.";
  }
  OptionsReader reader(display_name, prefix);
  if (!reader.read(*table, result.options)) {
    result.error = reader.error();
    return result;
  }
  result.status = ConfigFileResult::Status::Ok;
  return result;
}

ConfigFileResult read_config_file(const fs::path& file, const std::string& display_name) {
  std::string reason;
  std::optional<std::string> text = read_file(file, &reason);
  if (!text) {
    ConfigFileResult result;
    result.error = display_name + ": cannot read: " + reason;
    return result;
  }
  return parse_config_text(*text, display_name, file.filename() == kPyprojectName);
}

const std::vector<std::string>& default_excludes() {
  // Ruff's list, plus `__pycache__` and `build`.
  static const std::vector<std::string> excludes = {
      ".bzr",        ".direnv",      ".eggs",       ".git",          ".git-rewrite", ".hg",
      ".ipynb_checkpoints",          ".mypy_cache", ".nox",          ".pants.d",     ".pyenv",
      ".pytest_cache",               ".pytype",     ".ruff_cache",   ".svn",         ".tox",
      ".venv",       ".vscode",      "__pycache__", "__pypackages__", "_build",      "buck-out",
      "build",       "dist",         "node_modules", "site-packages", "venv",
  };
  return excludes;
}

bool Config::is_excluded(const fs::path& abs_path) const { return any_matches(exclude, abs_path); }

bool Config::is_included(const fs::path& abs_path) const { return any_matches(include, abs_path); }

bool is_test_module(std::string_view path) {
  size_t slash = path.find_last_of('/');
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  return name == "conftest.py" || (name.starts_with("test_") && name.ends_with(".py")) || name.ends_with("_test.py");
}

std::shared_ptr<const Settings> Config::settings_for(const fs::path& abs_file) const {
  // matched[i]: whether entry i applies (for a negated entry: whether its pattern does not match).
  std::vector<bool> matched(per_file_ignores.size());
  const std::string basename = abs_file.filename().string();
  const std::string abs = abs_file.generic_string();
  for (size_t i = 0; i < per_file_ignores.size(); ++i)
    matched[i] = per_file_ignores[i].pattern.matches(basename, abs) != per_file_ignores[i].negated;

  const bool test_module = is_test_module(abs_file.generic_string());
  matched.push_back(test_module);  // the cache's key: the patterns matched, then this

  std::lock_guard lock(mutex_);
  auto& slot = settings_cache_[matched];
  if (!slot) {
    auto s = std::make_shared<Settings>();
    s->enabled = enabled;
    for (size_t i = 0; i < per_file_ignores.size(); ++i)
      if (matched[i]) s->enabled &= ~per_file_ignores[i].rules;
    s->min_bytes = min_bytes;
    s->unsafe_fixes = unsafe_fixes;
    s->fixable = fixable;
    s->safe_fixes = safe_fixes;
    s->unsafe_fixes_rules = unsafe_fixes_rules;
    s->fix_style = fix_style;
    s->test_module = test_module;
    slot = std::move(s);
  }
  return slot;
}

std::shared_ptr<const Settings> Config::base_settings() const {
  std::vector<bool> none(per_file_ignores.size() + 1);  // nor a test module
  std::lock_guard lock(mutex_);
  auto& slot = settings_cache_[none];
  if (!slot) {
    auto s = std::make_shared<Settings>();
    s->enabled = enabled;
    s->min_bytes = min_bytes;
    s->unsafe_fixes = unsafe_fixes;
    s->fixable = fixable;
    s->safe_fixes = safe_fixes;
    s->unsafe_fixes_rules = unsafe_fixes_rules;
    s->fix_style = fix_style;
    slot = std::move(s);
  }
  return slot;
}

std::pair<RuleSet, RuleSet> fix_safety_overrides(const std::vector<std::string>& extend_safe,
                                                 const std::vector<std::string>& extend_unsafe) {
  // How specific a selector is: `ALL` least, then by length (`MEM`, `MEM3`, ..., `MEM301`).
  auto specificity = [](const std::string& selector) { return selector == "ALL" ? size_t{0} : selector.size(); };
  // For each rule, the most specific selector of each list that names it.
  auto most_specific = [&](const std::vector<std::string>& selectors) {
    std::vector<size_t> best(kMaxRules, 0);  // 0: none; else specificity + 1
    for (const std::string& selector : selectors)
      if (std::optional<RuleSet> named = rules_matching(selector))
        for (size_t i = 0; i < kMaxRules; ++i)
          if (named->test(i)) best[i] = std::max(best[i], specificity(selector) + 1);
    return best;
  };
  std::vector<size_t> safe = most_specific(extend_safe), unsafe = most_specific(extend_unsafe);
  RuleSet to_safe, to_unsafe;
  for (size_t i = 0; i < kMaxRules; ++i) {
    if (unsafe[i] != 0 && unsafe[i] >= safe[i])
      to_unsafe.set(i);
    else if (safe[i] != 0)
      to_safe.set(i);
  }
  return {to_safe, to_unsafe};
}

RuleSet apply_selection_layer(const RuleSet& from, const std::optional<std::vector<std::string>>& select,
                              const std::vector<std::string>& extend_select, const std::vector<std::string>& ignore) {
  // Ruff keeps one rule selection per layer and applies them in order: a layer with `select`
  // starts over, a layer without one adjusts what the previous layers selected.
  if (select) return resolve_selection(select, extend_select, ignore, nullptr).value_or(RuleSet{});
  if (extend_select.empty() && ignore.empty()) return from;
  // Within the layer the more specific selector decides each rule it touches: `on` is what the
  // layer turns on; what its ignores touch and it does not turn on is turned off.
  RuleSet on = resolve_selection(extend_select, {}, ignore, nullptr).value_or(RuleSet{});
  RuleSet off = union_of(ignore) & ~on;
  return (from | on) & ~off;
}

RuleSet apply_cli_selection(const RuleSet& from_config, const CliOverrides& cli) {
  return apply_selection_layer(from_config, cli.select, cli.extend_select, cli.ignore);
}

std::unique_ptr<Config> make_config(const std::vector<ConfigLayer>& file_layers, const fs::path& file,
                                    const fs::path& root, const CliOverrides& cli, const fs::path& cwd) {
  auto config = std::make_unique<Config>();
  config->file = file;
  config->root = root;

  std::vector<ConfigLayer> layers = file_layers;
  for (const auto& o : cli.config_overrides) layers.push_back({&o, cwd});

  // The first layer starts from the default selection; each later one adjusts or starts over.
  RuleSet enabled = resolve_selection(std::nullopt, {}, {}, nullptr).value_or(RuleSet{});
  for (size_t i = 0; i < layers.size(); ++i) {
    const ConfigOptions& o = *layers[i].options;
    enabled = i == 0 ? resolve_selection(o.select, o.extend_select, o.ignore, nullptr).value_or(RuleSet{})
                     : apply_selection_layer(enabled, o.select, o.extend_select, o.ignore);
  }
  config->enabled = apply_cli_selection(enabled, cli);
  // The fixable rules, layered the same way, from every rule.
  RuleSet fixable = rules_matching("ALL").value_or(RuleSet{});
  for (const auto& layer : layers)
    fixable = apply_selection_layer(fixable, layer.options->fixable, layer.options->extend_fixable,
                                    layer.options->unfixable);
  config->fixable = apply_selection_layer(fixable, cli.fixable, cli.extend_fixable, cli.unfixable);
  std::vector<std::string> extend_safe, extend_unsafe;
  for (const auto& layer : layers) {
    extend_safe.insert(extend_safe.end(), layer.options->extend_safe_fixes.begin(), layer.options->extend_safe_fixes.end());
    extend_unsafe.insert(extend_unsafe.end(), layer.options->extend_unsafe_fixes.begin(),
                         layer.options->extend_unsafe_fixes.end());
  }
  std::tie(config->safe_fixes, config->unsafe_fixes_rules) = fix_safety_overrides(extend_safe, extend_unsafe);

  // The last layer that sets a value decides it.
  const ConfigLayer* per_file_ignores = nullptr;
  const ConfigLayer* exclude = nullptr;
  const ConfigLayer* include = nullptr;
  for (const auto& layer : layers) {
    const ConfigOptions& o = *layer.options;
    if (o.per_file_ignores) per_file_ignores = &layer;
    if (o.exclude) exclude = &layer;
    if (o.include) include = &layer;
    if (o.min_bytes) config->min_bytes = *o.min_bytes;
    if (o.unsafe_fixes) config->unsafe_fixes = *o.unsafe_fixes;
    if (o.fix_style) config->fix_style = *o.fix_style;
    if (o.force_exclude) config->force_exclude = *o.force_exclude;
    if (o.respect_gitignore) config->respect_gitignore = *o.respect_gitignore;
    if (o.fix) config->fix = *o.fix;
    if (o.fix_only) config->fix_only = *o.fix_only;
    if (o.show_fixes) config->show_fixes = *o.show_fixes;
    if (o.output_format) config->output_format = *o.output_format;
  }
  if (cli.unsafe_fixes) config->unsafe_fixes = *cli.unsafe_fixes;
  if (cli.force_exclude) config->force_exclude = *cli.force_exclude;
  if (cli.respect_gitignore) config->respect_gitignore = *cli.respect_gitignore;
  if (cli.fix) config->fix = *cli.fix;
  if (cli.fix_only) config->fix_only = *cli.fix_only;
  if (cli.show_fixes) config->show_fixes = *cli.show_fixes;
  if (cli.output_format) config->output_format = *cli.output_format;

  // As in Ruff, a leading `!` negates an entry, and its pattern is matched by name as well as by path.
  auto add_ignores = [&](const std::vector<std::pair<std::string, std::vector<std::string>>>& entries,
                         const fs::path& base) {
    for (const auto& [pattern, selectors] : entries) {
      const bool negated = pattern.starts_with('!');
      config->per_file_ignores.push_back(
          {PathPattern(negated ? pattern.substr(1) : pattern, base, /*by_name=*/true), negated, union_of(selectors)});
    }
  };
  if (per_file_ignores) add_ignores(*per_file_ignores->options->per_file_ignores, per_file_ignores->base);
  for (const auto& layer : layers) add_ignores(layer.options->extend_per_file_ignores, layer.base);

  // Patterns are relative to their layer's base (a file's root; the cwd for the command line); a
  // pattern without a `/` also matches a file or directory of that name at any depth.
  auto add = [&](const std::vector<std::string>& globs, const fs::path& base) {
    for (const auto& g : globs) config->exclude.emplace_back(g, base, g.find('/') == std::string::npos);
  };
  if (cli.exclude) {
    add(*cli.exclude, cwd);
  } else if (exclude) {
    add(*exclude->options->exclude, exclude->base);
  } else {
    for (const auto& g : default_excludes()) config->exclude.push_back(PathPattern::name_only(g));
  }
  for (const auto& layer : layers) add(layer.options->extend_exclude, layer.base);
  add(cli.extend_exclude, cwd);

  // The same for the files a walk lints.
  auto add_include = [&](const std::vector<std::string>& globs, const fs::path& base) {
    for (const auto& g : globs) config->include.emplace_back(g, base, g.find('/') == std::string::npos);
  };
  if (include) {
    add_include(*include->options->include, include->base);
  } else {
    for (const char* g : {"*.py", "*.ipynb"}) config->include.push_back(PathPattern::name_only(g));
  }
  for (const auto& layer : layers) add_include(layer.options->extend_include, layer.base);
  return config;
}

ConfigResolver::ConfigResolver(CliOverrides cli, fs::path cwd) : cli_(std::move(cli)), cwd_(std::move(cwd)) {}

std::unique_ptr<ConfigResolver> ConfigResolver::create(CliOverrides cli, std::string* error, fs::path cwd) {
  auto fail = [&](std::string message) {
    if (error) *error = std::move(message);
    return nullptr;
  };
  std::error_code ec;
  cwd = cwd.empty() ? fs::current_path(ec) : fs::absolute(cwd, ec);
  if (ec) return fail("cannot determine the current directory: " + ec.message());
  cwd = cwd.lexically_normal();
  if (!cwd.has_filename() && cwd != cwd.root_path()) cwd = cwd.parent_path();  // no trailing separator

  auto check = [&](std::string_view option, const std::vector<std::string>& selectors) -> std::optional<std::string> {
    for (const auto& s : selectors)
      if (!rules_matching(s)) return "unknown rule selector `" + s + "` in `" + std::string(option) + "`";
    return std::nullopt;
  };
  if (cli.select)
    if (auto e = check("--select", *cli.select)) return fail(*e);
  if (auto e = check("--extend-select", cli.extend_select)) return fail(*e);
  if (auto e = check("--ignore", cli.ignore)) return fail(*e);
  if (cli.fixable)
    if (auto e = check("--fixable", *cli.fixable)) return fail(*e);
  if (auto e = check("--extend-fixable", cli.extend_fixable)) return fail(*e);
  if (auto e = check("--unfixable", cli.unfixable)) return fail(*e);
  auto check_globs = [](std::string_view option, const std::vector<std::string>& patterns) -> std::optional<std::string> {
    for (const auto& p : patterns)
      if (auto why = Glob::error_in(p)) return "invalid glob `" + p + "` in `" + std::string(option) + "`: " + *why;
    return std::nullopt;
  };
  if (cli.exclude)
    if (auto e = check_globs("--exclude", *cli.exclude)) return fail(*e);
  if (auto e = check_globs("--extend-exclude", cli.extend_exclude)) return fail(*e);

  if (cli.isolated && cli.config_file)
    return fail("--config `" + cli.config_file->string() +
                "` cannot be used with --isolated, which reads no configuration file (give single options as "
                "--config KEY=VALUE)");
  std::unique_ptr<ConfigResolver> resolver(new ConfigResolver(std::move(cli), std::move(cwd)));
  if (resolver->cli_.isolated) resolver->fixed_ = ConfigLookup{resolver->defaults(), nullptr};
  if (resolver->cli_.config_file) {
    fs::path file = resolver->absolute(*resolver->cli_.config_file);
    ConfigLookup lookup = resolver->load(file, /*given=*/true);
    if (lookup.error) return fail(lookup.error->message);
    resolver->fixed_ = lookup;
  }
  return resolver;
}

fs::path ConfigResolver::absolute(const fs::path& p) const {
  fs::path abs = (p.is_absolute() ? p : cwd_ / p).lexically_normal();
  // lexically_normal keeps a trailing separator ("a/b/" stays so); drop it so that equal paths compare equal.
  if (!abs.has_filename() && abs != abs.root_path()) abs = abs.parent_path();
  return abs;
}

std::string ConfigResolver::display_path(const fs::path& abs) const {
  std::string rel = relative_below(abs, cwd_);
  if (!rel.empty()) return rel;
  return abs == cwd_ ? "." : abs.string();
}

const Config* ConfigResolver::defaults() {
  if (!defaults_) defaults_ = make_config({}, fs::path(), cwd_, cli_, cwd_);
  return defaults_.get();
}

ConfigLookup ConfigResolver::load(const fs::path& file, bool given) {
  ConfigFileResult r = read_config_file(file, display_path(file));
  switch (r.status) {
    case ConfigFileResult::Status::Ok:
      break;
    case ConfigFileResult::Status::NotAConfig:
      // Only reached with --config: a pyproject.toml without our table configures nothing (as
      // Ruff), which means the defaults.
      if (!given) return {};
      break;
    case ConfigFileResult::Status::Error:
      errors_.push_back({file, std::move(r.error)});
      return {nullptr, &errors_.back()};
  }
  // As in Ruff, a file found upward from the linted files speaks of the tree below it, so its
  // patterns are relative to its directory (Relativity::Parent); a file given with --config may
  // live anywhere (a shared one, in another project) and speaks of the tree the command runs in,
  // so its patterns are relative to the cwd (Relativity::Cwd). The files a configuration extends
  // are read the same way, each relative to its own directory or all to the cwd.
  std::vector<fs::path> files{file};
  std::vector<ConfigOptions> chain{std::move(r.options)};
  while (chain.back().extend) {
    const fs::path& from = files.back();
    const std::string where = display_path(from) + ": `" +
                              (from.filename() == kPyprojectName ? "tool.pymemlint.extend" : "extend") + "`: ";
    std::string why;
    std::optional<fs::path> next = extend_path(*chain.back().extend, from.parent_path(), &why);
    if (next && std::find(files.begin(), files.end(), *next) != files.end()) {
      why = "circular:";
      for (const auto& f : files) why += " " + display_path(f) + " extends";
      why += " " + display_path(*next);
      next.reset();
    }
    ConfigFileResult extended;
    if (next) {
      extended = read_config_file(*next, display_path(*next));
      if (extended.status == ConfigFileResult::Status::Error) why = extended.error;
    }
    if (!next || extended.status == ConfigFileResult::Status::Error) {
      std::vector<fs::path> on_the_way(files.begin() + 1, files.end());
      if (next) on_the_way.push_back(*next);
      errors_.push_back({file, where + why, std::move(on_the_way)});
      return {nullptr, &errors_.back()};
    }
    files.push_back(*next);
    chain.push_back(extended.status == ConfigFileResult::Status::Ok ? std::move(extended.options) : ConfigOptions{});
  }
  std::vector<ConfigLayer> layers;  // the last file extended first
  for (size_t i = chain.size(); i-- > 0;) layers.push_back({&chain[i], given ? cwd_ : files[i].parent_path()});
  const fs::path root = given ? cwd_ : file.parent_path();
  configs_.push_back(make_config(layers, file, root, cli_, cwd_));
  configs_.back()->extended.assign(files.begin() + 1, files.end());
  return {configs_.back().get(), nullptr};
}

std::optional<ConfigLookup> ConfigResolver::probe(const fs::path& dir) {
  std::error_code ec;
  for (std::string_view name : {kHiddenStandaloneName, kStandaloneName, kPyprojectName}) {
    fs::path candidate = dir / name;
    if (!fs::is_regular_file(candidate, ec)) continue;
    ConfigLookup lookup = load(candidate, /*given=*/false);
    if (lookup.config || lookup.error) return lookup;
  }
  return std::nullopt;
}

const Config& ConfigResolver::config_of_the_run(const fs::path& dir, const ConfigError** error) {
  ConfigLookup lookup = config_for_directory(dir);
  if (error) *error = lookup.error;
  return lookup.config ? *lookup.config : *defaults();
}

ConfigLookup ConfigResolver::config_for_directory(const fs::path& dir) {
  if (fixed_) return *fixed_;
  // Walk upward until a cached directory or a configuration file, then remember the answer for
  // every directory passed on the way, so each directory is probed at most once.
  std::vector<std::string> visited;
  ConfigLookup result;
  for (fs::path p = dir;; p = p.parent_path()) {
    if (auto it = by_directory_.find(p.native()); it != by_directory_.end()) {
      result = it->second;
      break;
    }
    visited.push_back(p.native());
    if (auto found = probe(p)) {
      result = *found;
      break;
    }
    if (p == p.parent_path() || p.empty()) {
      result = {defaults(), nullptr};
      break;
    }
  }
  for (auto& v : visited) by_directory_.emplace(std::move(v), result);
  return result;
}

std::shared_ptr<const Settings> ConfigResolver::settings_for_file(const fs::path& file, std::string* error) {
  ConfigLookup lookup = config_for_directory(file.parent_path());
  if (lookup.error) {
    if (error) *error = lookup.error->message;
    return nullptr;
  }
  return lookup.config->settings_for(file);
}

}  // namespace pml
