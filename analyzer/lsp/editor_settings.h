// The language server's editor settings: what the client sends in `initializationOptions.settings`
// and in `workspace/didChangeConfiguration`, in the shape Ruff's server reads (`lint.select`,
// `configuration`, `configurationPreference`, `fixAll`, `codeAction.*`), so that an editor set up
// for Ruff is set up the same way for pymemlint.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "analyzer/config.h"

namespace pml::lsp {

// Which wins when the editor's settings and a project's configuration file both speak.
enum class ConfigurationPreference {
  EditorFirst,      // the editor's settings, over the project's file (the default)
  FilesystemFirst,  // the project's file where there is one; the editor's settings elsewhere
  EditorOnly,       // the editor's settings alone: no project file is read
};

struct EditorSettings {
  // What the editor's settings select, as command-line options would: `lint.select`,
  // `lint.extendSelect` and `lint.ignore` as --select, --extend-select and --ignore, `exclude` as
  // --exclude, `configuration` as --config FILE (a path) or --config KEY=VALUE (an object holding a
  // pymemlint.toml's keys).
  CliOverrides overrides;
  ConfigurationPreference preference = ConfigurationPreference::EditorFirst;
  bool lint = true;                  // `lint.enable`: findings are published
  bool fix_all = true;               // `fixAll`: source.fixAll.pymemlint is offered
  bool fix_violation = true;         // `codeAction.fixViolation.enable`: a quick fix per finding
  bool disable_rule_comment = true;  // `codeAction.disableRuleComment.enable`: the `# noqa` action

  // Whether any setting touches the configuration (else the project's files decide alone).
  bool configures() const;
};

// Reads the settings object. Keys it does not know are ignored (clients send their own); a known
// key with a value of the wrong type, an unknown rule selector, an invalid glob or an unreadable
// inline configuration is an error naming the setting: nullopt, with *error set. A relative
// `configuration` path is taken from `workspace`; `~` and `$VAR`/`${VAR}` in it are expanded.
std::optional<EditorSettings> parse_editor_settings(const nlohmann::json& settings,
                                                    const std::filesystem::path& workspace, std::string* error);

}  // namespace pml::lsp
