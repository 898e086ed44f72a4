#include "analyzer/lsp/editor_settings.h"

#include <cctype>
#include <cstdlib>
#include <sstream>
#include <stdexcept>
#include <vector>

#include <toml++/toml.h>

#include "analyzer/glob.h"
#include "rules/registry.h"

namespace pml::lsp {

using json = nlohmann::json;

namespace {

// A setting that cannot be used: its message names it.
struct BadSetting : std::runtime_error {
  using std::runtime_error::runtime_error;
};

const json* at(const json& object, std::initializer_list<const char*> keys) {
  const json* node = &object;
  for (const char* k : keys) {
    if (!node->is_object()) return nullptr;
    auto it = node->find(k);
    if (it == node->end() || it->is_null()) return nullptr;
    node = &*it;
  }
  return node;
}

bool flag(const json& settings, std::initializer_list<const char*> keys, const std::string& name, bool fallback) {
  const json* v = at(settings, keys);
  if (!v) return fallback;
  if (!v->is_boolean()) throw BadSetting("`" + name + "` must be true or false");
  return v->get<bool>();
}

std::optional<std::vector<std::string>> strings(const json& settings, std::initializer_list<const char*> keys,
                                                const std::string& name) {
  const json* v = at(settings, keys);
  if (!v) return std::nullopt;
  if (!v->is_array()) throw BadSetting("`" + name + "` must be an array of strings");
  std::vector<std::string> out;
  for (const auto& s : *v) {
    if (!s.is_string()) throw BadSetting("`" + name + "` must be an array of strings");
    out.push_back(s.get<std::string>());
  }
  return out;
}

std::optional<std::vector<std::string>> selectors(const json& settings, std::initializer_list<const char*> keys,
                                                  const std::string& name) {
  auto out = strings(settings, keys, name);
  if (out)
    for (const auto& s : *out)
      if (!rules_matching(s)) throw BadSetting("unknown rule selector `" + s + "` in `" + name + "`");
  return out;
}

// `~` and `$VAR` or `${VAR}` expanded; a variable that is not set stays as written.
std::string expand(std::string_view path) {
  std::string out;
  size_t i = 0;
  if (path == "~" || path.starts_with("~/")) {
    if (const char* home = std::getenv("HOME")) {
      out = home;
      i = 1;
    }
  }
  for (; i < path.size(); ++i) {
    if (path[i] != '$') {
      out += path[i];
      continue;
    }
    size_t name_start = i + 1, name_end = name_start, next = name_start;
    if (name_start < path.size() && path[name_start] == '{') {
      size_t close = path.find('}', name_start);
      if (close == std::string_view::npos) {
        out += path[i];
        continue;
      }
      name_start += 1;
      name_end = close;
      next = close + 1;
    } else {
      while (name_end < path.size() && (std::isalnum(static_cast<unsigned char>(path[name_end])) || path[name_end] == '_'))
        ++name_end;
      next = name_end;
    }
    std::string name(path.substr(name_start, name_end - name_start));
    const char* value = name.empty() ? nullptr : std::getenv(name.c_str());
    if (!value) {
      out += path[i];
      continue;
    }
    out += value;
    i = next - 1;
  }
  return out;
}

// A JSON value as TOML, for an inline configuration.
toml::array to_toml_array(const json& v, const std::string& key);
toml::table to_toml_table(const json& v, const std::string& key);

template <typename Insert>
void insert_value(const json& v, const std::string& key, Insert insert) {
  if (v.is_object()) insert(to_toml_table(v, key));
  else if (v.is_array()) insert(to_toml_array(v, key));
  else if (v.is_string()) insert(v.get<std::string>());
  else if (v.is_boolean()) insert(v.get<bool>());
  else if (v.is_number_integer() && !(v.is_number_unsigned() && v.get<uint64_t>() > INT64_MAX)) insert(v.get<int64_t>());
  else if (v.is_number()) insert(v.get<double>());
  else throw BadSetting("`configuration." + key + "` has no TOML value (null)");
}

toml::array to_toml_array(const json& v, const std::string& key) {
  toml::array out;
  for (const auto& e : v) insert_value(e, key, [&](auto&& x) { out.push_back(std::forward<decltype(x)>(x)); });
  return out;
}

toml::table to_toml_table(const json& v, const std::string& key) {
  toml::table out;
  for (const auto& item : v.items()) {
    const std::string& name = item.key();  // a plain name: clang 14 cannot capture a structured binding
    std::string path = key.empty() ? name : key + "." + name;
    insert_value(item.value(), path, [&](auto&& x) { out.insert(name, std::forward<decltype(x)>(x)); });
  }
  return out;
}

}  // namespace

bool EditorSettings::configures() const {
  const CliOverrides& o = overrides;
  return o.select || !o.extend_select.empty() || !o.ignore.empty() || o.exclude || o.config_file ||
         !o.config_overrides.empty() || preference == ConfigurationPreference::EditorOnly;
}

std::optional<EditorSettings> parse_editor_settings(const json& settings, const std::filesystem::path& workspace,
                                                    std::string* error) {
  EditorSettings out;
  try {
    if (!settings.is_object() && !settings.is_null()) throw BadSetting("the settings must be an object");
    CliOverrides& o = out.overrides;
    o.select = selectors(settings, {"lint", "select"}, "lint.select");
    o.extend_select = selectors(settings, {"lint", "extendSelect"}, "lint.extendSelect").value_or(std::vector<std::string>{});
    o.ignore = selectors(settings, {"lint", "ignore"}, "lint.ignore").value_or(std::vector<std::string>{});
    o.exclude = strings(settings, {"exclude"}, "exclude");
    if (o.exclude)
      for (const auto& g : *o.exclude)
        if (auto why = Glob::error_in(g)) throw BadSetting("invalid glob `" + g + "` in `exclude`: " + *why);
    out.lint = flag(settings, {"lint", "enable"}, "lint.enable", true);
    out.fix_all = flag(settings, {"fixAll"}, "fixAll", true);
    out.fix_violation = flag(settings, {"codeAction", "fixViolation", "enable"}, "codeAction.fixViolation.enable", true);
    out.disable_rule_comment =
        flag(settings, {"codeAction", "disableRuleComment", "enable"}, "codeAction.disableRuleComment.enable", true);
    if (const json* p = at(settings, {"configurationPreference"})) {
      if (*p == "editorFirst") out.preference = ConfigurationPreference::EditorFirst;
      else if (*p == "filesystemFirst") out.preference = ConfigurationPreference::FilesystemFirst;
      else if (*p == "editorOnly") out.preference = ConfigurationPreference::EditorOnly;
      else throw BadSetting("`configurationPreference` must be \"editorFirst\", \"filesystemFirst\" or \"editorOnly\"");
    }
    if (const json* c = at(settings, {"configuration"})) {
      if (c->is_string()) {
        std::filesystem::path file = expand(c->get<std::string>());
        o.config_file = file.is_absolute() ? file : workspace / file;
      } else if (c->is_object()) {
        std::ostringstream text;
        text << to_toml_table(*c, "");
        ConfigFileResult r = parse_config_text(text.str(), "the editor setting `configuration`", /*pyproject=*/false);
        if (r.status != ConfigFileResult::Status::Ok) throw BadSetting(r.error);
        if (r.options.extend)
          throw BadSetting("the editor setting `configuration` cannot `extend` a file; give the file's path as "
                           "`configuration` instead");
        o.config_overrides.push_back(std::move(r.options));
      } else {
        throw BadSetting("`configuration` must be a path to a configuration file or an object of its keys");
      }
    }
    o.isolated = out.preference == ConfigurationPreference::EditorOnly && !o.config_file;
  } catch (const BadSetting& e) {
    if (error) *error = e.what();
    return std::nullopt;
  }
  return out;
}

}  // namespace pml::lsp
