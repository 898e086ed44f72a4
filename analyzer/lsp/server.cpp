#include "analyzer/lsp/server.h"

#include <algorithm>
#include <exception>
#include <iterator>
#include <sstream>
#include <stdexcept>

#include "analyzer/checker.h"
#include "analyzer/cli/rule_command.h"
#include "analyzer/config.h"
#include "analyzer/lsp/jsonrpc.h"
#include "analyzer/noqa.h"
#include "analyzer/values.h"
#include "rules/registry.h"

namespace pml::lsp {

using json = nlohmann::json;

namespace {

// A request's parameters are not what the method takes: answered with InvalidParams.
struct InvalidParams : std::runtime_error {
  using std::runtime_error::runtime_error;
};

const json& member(const json& object, const char* key) {
  if (!object.is_object()) throw InvalidParams(std::string("expected an object holding `") + key + "`");
  auto it = object.find(key);
  if (it == object.end()) throw InvalidParams(std::string("missing `") + key + "`");
  return *it;
}

const std::string& string_member(const json& object, const char* key) {
  const json& v = member(object, key);
  if (!v.is_string()) throw InvalidParams(std::string("`") + key + "` must be a string");
  return v.get_ref<const std::string&>();
}

uint32_t uinteger_member(const json& object, const char* key) {
  const json& v = member(object, key);
  if (v.is_number_unsigned()) return static_cast<uint32_t>(std::min<uint64_t>(v.get<uint64_t>(), UINT32_MAX));
  if (v.is_number_integer() && v.get<int64_t>() >= 0) return static_cast<uint32_t>(v.get<int64_t>());
  throw InvalidParams(std::string("`") + key + "` must be a non-negative integer");
}

// A member that may be absent, or of another type in a lenient client: nullptr then.
const json* optional_member(const json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

const json* path_of(const json& root, std::initializer_list<const char*> keys) {
  const json* at = &root;
  for (const char* k : keys) {
    at = optional_member(*at, k);
    if (!at) return nullptr;
  }
  return at;
}

Position position_from(const json& p) { return {uinteger_member(p, "line"), uinteger_member(p, "character")}; }

bool kind_wanted(const json* only, std::string_view kind) {
  if (!only || !only->is_array()) return true;
  for (const auto& f : *only) {
    if (!f.is_string()) continue;
    const auto& filter = f.get_ref<const std::string&>();
    if (kind == filter || (kind.size() > filter.size() && kind.substr(0, filter.size()) == filter &&
                           kind[filter.size()] == '.'))
      return true;
  }
  return false;
}

// The smallest single edit turning `before` into `after` (on UTF-8 character boundaries).
Edit minimal_edit(std::string_view before, std::string_view after) {
  size_t prefix = 0, max_prefix = std::min(before.size(), after.size());
  while (prefix < max_prefix && before[prefix] == after[prefix]) ++prefix;
  while (prefix > 0 && (static_cast<unsigned char>(before[prefix]) & 0xC0) == 0x80) --prefix;
  size_t suffix = 0, max_suffix = std::min(before.size(), after.size()) - prefix;
  while (suffix < max_suffix && before[before.size() - 1 - suffix] == after[after.size() - 1 - suffix]) ++suffix;
  while (suffix > 0 && (static_cast<unsigned char>(before[before.size() - suffix]) & 0xC0) == 0x80) --suffix;
  return Edit{static_cast<uint32_t>(prefix), static_cast<uint32_t>(before.size() - suffix),
              std::string(after.substr(prefix, after.size() - suffix - prefix))};
}

// A quick fix's title: the finding's code and the fix's own title. Most unsafe fixes say so there,
// with the reason (`... (unsafe: float32 precision)`); the others get `(unsafe fix)`, so an
// unsafe fix says it once.
std::string quick_fix_title(const Diagnostic& d) {
  std::string title = d.code + ": " + d.fix->title;
  if (d.fix->applicability != Applicability::Safe && d.fix->title.find("(unsafe") == std::string::npos)
    title += " (unsafe fix)";
  return title;
}

json log_message(int type, const std::string& message) {
  return make_notification("window/logMessage", {{"type", type}, {"message", message}});
}

}  // namespace

Server::Server(std::filesystem::path cwd) : cwd_(std::move(cwd)) {}
Server::~Server() = default;

const Document* Server::document(const std::string& uri) const {
  auto it = documents_.find(uri);
  return it == documents_.end() ? nullptr : it->second.get();
}

std::vector<json> Server::handle_body(std::string_view body) {
  json message = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (message.is_discarded())
    return {make_error(nullptr, error_code::kParseError, "the message is not valid JSON")};
  return handle(message);
}

std::vector<json> Server::handle(const json& message) {
  std::vector<json> out;
  if (!message.is_object()) {
    out.push_back(make_error(nullptr, error_code::kInvalidRequest, "a message must be a JSON object"));
    return out;
  }
  const json* method = optional_member(message, "method");
  const json* id = optional_member(message, "id");
  if (id && !id->is_string() && !id->is_number_integer()) {
    out.push_back(make_error(nullptr, error_code::kInvalidRequest, "`id` must be an integer or a string"));
    return out;
  }
  if (!method) {
    // A response to a request of ours (we send none) is ignored; anything else is malformed.
    if (!id || !(message.contains("result") || message.contains("error")))
      out.push_back(make_error(id ? *id : json(nullptr), error_code::kInvalidRequest, "a message without `method`"));
    return out;
  }
  if (!method->is_string()) {
    if (id) out.push_back(make_error(*id, error_code::kInvalidRequest, "`method` must be a string"));
    return out;
  }
  const std::string& name = method->get_ref<const std::string&>();
  static const json kNoParams = json::object();
  const json* params_ptr = optional_member(message, "params");
  const json& params = params_ptr ? *params_ptr : kNoParams;

  if (!id) {
    if (name == "exit") {
      exit_requested_ = true;
      return out;
    }
    if (!initialized_ || shutdown_) return out;  // notifications before initialize are dropped
    try {
      dispatch_notification(name, params, out);
    } catch (const std::exception& e) {
      out.push_back(log_message(1, "pymemlint: " + name + ": " + e.what()));
    }
    return out;
  }

  if (name != "initialize" && !initialized_) {
    out.push_back(make_error(*id, error_code::kServerNotInitialized, "the server is not initialized"));
    return out;
  }
  if (shutdown_) {
    out.push_back(make_error(*id, error_code::kInvalidRequest, "the server is shutting down"));
    return out;
  }
  try {
    if (name == "initialize") {
      if (initialized_) {
        out.push_back(make_error(*id, error_code::kInvalidRequest, "the server is already initialized"));
        return out;
      }
      out.push_back(make_response(*id, initialize(params)));
      for (auto& note : initialize_notes_) out.push_back(std::move(note));
      initialize_notes_.clear();
      return out;
    }
    json result = dispatch_request(name, params);
    if (result.is_discarded())
      out.push_back(make_error(*id, error_code::kMethodNotFound, "unknown method `" + name + "`"));
    else
      out.push_back(make_response(*id, std::move(result)));
  } catch (const InvalidParams& e) {
    out.push_back(make_error(*id, error_code::kInvalidParams, std::string("invalid params: ") + e.what()));
  } catch (const json::exception& e) {
    out.push_back(make_error(*id, error_code::kInvalidParams, std::string("invalid params: ") + e.what()));
  } catch (const std::exception& e) {
    out.push_back(make_error(*id, error_code::kInternalError, std::string("internal error: ") + e.what()));
  }
  return out;
}

json Server::dispatch_request(const std::string& method, const json& params) {
  if (method == "shutdown") {
    shutdown_ = true;
    return nullptr;
  }
  if (method == "textDocument/codeAction") return code_action(params);
  if (method == "textDocument/hover") return hover(params);
  return json(json::value_t::discarded);
}

void Server::dispatch_notification(const std::string& method, const json& params, std::vector<json>& out) {
  if (method == "textDocument/didOpen") return did_open(params, out);
  if (method == "textDocument/didChange") return did_change(params, out);
  if (method == "textDocument/didSave") return did_save(params, out);
  if (method == "textDocument/didClose") return did_close(params, out);
  if (method == "notebookDocument/didOpen") return notebook_did_open(params, out);
  if (method == "notebookDocument/didChange") return notebook_did_change(params, out);
  if (method == "notebookDocument/didSave") return notebook_did_save(params, out);
  if (method == "notebookDocument/didClose") return notebook_did_close(params, out);
  if (method == "workspace/didChangeWatchedFiles") return did_change_watched_files(out);
  if (method == "workspace/didChangeConfiguration") return did_change_configuration(params, out);
  if (method == "initialized" && watch_configuration_) {
    // Ask to hear about configuration files, so an edited pyproject.toml applies to open files
    // at once. The client's answer needs no action.
    json watchers = json::array();
    for (const char* name : {"**/pyproject.toml", "**/pymemlint.toml", "**/.pymemlint.toml"})
      watchers.push_back({{"globPattern", name}});
    out.push_back({{"jsonrpc", "2.0"},
                   {"id", "pymemlint-watch-configuration"},
                   {"method", "client/registerCapability"},
                   {"params",
                    {{"registrations",
                      {{{"id", "pymemlint-configuration-files"},
                        {"method", "workspace/didChangeWatchedFiles"},
                        {"registerOptions", {{"watchers", watchers}}}}}}}}});
    return;
  }
  // `$/cancelRequest` (every request is answered before the next is read), `$/setTrace` and
  // anything unknown: nothing to do.
}

json Server::initialize(const json& params) {
  if (!params.is_object()) throw InvalidParams("`initialize` takes an object");
  encoding_ = PositionEncoding::Utf16;
  if (const json* offered = path_of(params, {"capabilities", "general", "positionEncodings"});
      offered && offered->is_array())
    for (const auto& e : *offered)
      if (e == "utf-8") encoding_ = PositionEncoding::Utf8;
  if (const json* dc = path_of(params, {"capabilities", "workspace", "workspaceEdit", "documentChanges"}))
    document_changes_ = dc->is_boolean() && dc->get<bool>();
  if (const json* dr = path_of(params, {"capabilities", "workspace", "didChangeWatchedFiles", "dynamicRegistration"}))
    watch_configuration_ = dr->is_boolean() && dr->get<bool>();
  if (const json* rp = path_of(params, {"capabilities", "workspace", "didChangeWatchedFiles", "relativePatternSupport"}))
    relative_patterns_ = rp->is_boolean() && rp->get<bool>();
  // The workspace root stands in for the working directory (configuration of unsaved buffers).
  const json* root = path_of(params, {"rootUri"});
  if (const json* folders = optional_member(params, "workspaceFolders");
      folders && folders->is_array() && !folders->empty())
    root = optional_member(folders->front(), "uri");
  if (root && root->is_string())
    if (auto p = uri_to_path(root->get_ref<const std::string&>())) {
      std::error_code ec;
      if (std::filesystem::is_directory(*p, ec)) cwd_ = *p;
    }
  initialized_ = true;
  if (const json* settings = path_of(params, {"initializationOptions", "settings"}))
    take_editor_settings(*settings, initialize_notes_);
  return {
      {"capabilities",
       {{"positionEncoding", to_string(encoding_)},
        {"textDocumentSync", {{"openClose", true}, {"change", 2}, {"save", {{"includeText", false}}}}},
        // Every notebook, its Python cells: the others are not synchronised.
        {"notebookDocumentSync", {{"notebookSelector", {{{"cells", {{{"language", "python"}}}}}}}, {"save", true}}},
        {"codeActionProvider",
         {{"codeActionKinds", {"quickfix", kFixAllKind}}, {"resolveProvider", false}}},
        {"hoverProvider", true}}},
      {"serverInfo", {{"name", "pymemlint"}, {"version", PYMEMLINT_VERSION}}},
  };
}

Document& Server::open_document(const json& text_document) {
  const std::string& uri = string_member(text_document, "uri");
  auto it = documents_.find(uri);
  if (it == documents_.end()) throw InvalidParams("the document `" + uri + "` is not open");
  return *it->second;
}

bool Server::take_editor_settings(const json& settings, std::vector<json>& out) {
  const json* ours = &settings;
  if (const json* nested = optional_member(settings, "pymemlint"); nested && nested->is_object()) ours = nested;
  std::string error;
  std::optional<EditorSettings> parsed = parse_editor_settings(*ours, cwd_, &error);
  if (!parsed) {
    show_editor_error(error, out);
    return false;
  }
  editor_ = std::move(*parsed);
  return true;
}

void Server::did_change_configuration(const json& params, std::vector<json>& out) {
  const json* settings = optional_member(params, "settings");
  if (!settings || !take_editor_settings(*settings, out)) return;
  did_change_watched_files(out);  // every open file and notebook, configured and linted again
}

void Server::show_editor_error(const std::string& error, std::vector<json>& out) {
  std::string message = "pymemlint: the editor's settings are not used: " + error;
  if (message == shown_editor_error_) return;
  shown_editor_error_ = message;
  out.push_back(make_notification("window/showMessage", {{"type", 1}, {"message", message}}));
}

std::unique_ptr<ConfigResolver> Server::resolver_for(const std::filesystem::path& dir, std::vector<json>& out) {
  std::string error;
  auto plain = [&] {
    auto resolver = ConfigResolver::create(CliOverrides{}, &error, cwd_);
    if (!resolver) throw std::runtime_error(error);
    return resolver;
  };
  if (!editor_.configures()) return plain();
  if (editor_.preference == ConfigurationPreference::FilesystemFirst) {
    // The project's configuration file, where one governs `dir` (a broken one too: its error is
    // shown); the editor's settings elsewhere.
    auto project = plain();
    ConfigLookup lookup = project->config_for_directory(dir);
    if (lookup.error || (lookup.config && !lookup.config->file.empty())) return project;
  }
  if (auto resolver = ConfigResolver::create(editor_.overrides, &error, cwd_)) {
    shown_editor_error_.clear();
    return resolver;
  }
  show_editor_error(error, out);
  return plain();
}

void Server::resolve_settings(const std::string& uri, Configured& doc, std::vector<json>& out) {
  doc.path = uri_to_path(uri);
  doc.excluded = false;
  auto resolver = resolver_for(doc.path ? doc.path->parent_path() : cwd_, out);
  if (!doc.path) {
    // An unsaved buffer: the workspace root's configuration, and its error when it is broken.
    ConfigLookup lookup = resolver->config_for_directory(cwd_);
    if (lookup.error) {
      watch_extended(lookup.error->extended, out);
      show_config_error(*lookup.error, out);
      doc.settings = std::make_shared<Settings>(Settings{default_rules()});
      return;
    }
    watch_extended(lookup.config->extended, out);
    forget_config_errors(cwd_, *lookup.config);
    doc.settings = lookup.config->base_settings();
    return;
  }
  ConfigLookup lookup = resolver->config_for_directory(doc.path->parent_path());
  if (lookup.error) {
    // The document is linted with the defaults meanwhile.
    watch_extended(lookup.error->extended, out);
    show_config_error(*lookup.error, out);
    auto defaults = std::make_shared<Settings>(Settings{default_rules()});
    defaults->test_module = is_test_module(doc.path->generic_string());
    doc.settings = std::move(defaults);
    return;
  }
  const Config& config = *lookup.config;
  watch_extended(config.extended, out);
  forget_config_errors(doc.path->parent_path(), config);
  doc.settings = config.settings_for(*doc.path);
  // Excluded like discovery would: the file itself, or a directory between it and the config's root.
  const std::filesystem::path& root = config.root;
  auto below_root = [&](const std::filesystem::path& p) {
    return p != root && std::mismatch(root.begin(), root.end(), p.begin(), p.end()).first == root.end();
  };
  doc.excluded = config.is_excluded(*doc.path);
  for (auto p = doc.path->parent_path(); !doc.excluded && below_root(p); p = p.parent_path())
    doc.excluded = config.is_excluded(p);
}

// The configuration files the client watches are found by name ("**/pyproject.toml", ...); the
// files they extend may have any name and lie anywhere, so each is asked for once it is met (when
// the client registers watchers at all). An event for any of them reloads every configuration,
// as for the others (did_change_watched_files).
void Server::watch_extended(const std::vector<std::filesystem::path>& files, std::vector<json>& out) {
  if (!watch_configuration_) return;
  json watchers = json::array();
  for (const auto& file : files) {
    if (!watched_extended_.insert(file).second) continue;
    if (relative_patterns_) {
      // That file, wherever it lies (outside the workspace too). The pattern is a glob, and LSP's
      // glob syntax has no escape (a `]` in brackets is read differently by different clients):
      // each glob character of the name is matched by `?`, any one character. A name that differs
      // only there matches too, and costs a needless reload at worst.
      std::string pattern = file.filename().string();
      for (char& c : pattern)
        if (std::string_view("*?[]{}").find(c) != std::string_view::npos) c = '?';
      watchers.push_back(
          {{"globPattern", {{"baseUri", path_to_uri(file.parent_path())}, {"pattern", pattern}}}});
    } else {
      // A plain glob is matched in the workspace: any file of that name there (a few reloads too
      // many at worst; one outside the workspace is reloaded on save).
      watchers.push_back({{"globPattern", "**/" + file.filename().string()}});
    }
  }
  if (watchers.empty()) return;
  const std::string id = "pymemlint-extended-files-" + std::to_string(watched_extended_.size());
  out.push_back({{"jsonrpc", "2.0"},
                 {"id", id},
                 {"method", "client/registerCapability"},
                 {"params",
                  {{"registrations",
                    {{{"id", id},
                      {"method", "workspace/didChangeWatchedFiles"},
                      {"registerOptions", {{"watchers", watchers}}}}}}}}});
}

void Server::show_config_error(const ConfigError& error, std::vector<json>& out) {
  // Once while the problem lasts: again when it changes, or when it comes back after a lookup
  // found the file valid.
  auto [it, added] = shown_config_errors_.try_emplace(error.file, error.message);
  if (!added && it->second == error.message) return;
  it->second = error.message;
  out.push_back(make_notification("window/showMessage", {{"type", 1}, {"message", "pymemlint: " + error.message}}));
}

void Server::forget_config_errors(const std::filesystem::path& dir, const Config& config) {
  // The lookup from `dir` went up to `config` (to the filesystem's root for the defaults): every
  // configuration file it passed on the way was valid or absent, so their errors are over.
  auto at_or_below = [](const std::filesystem::path& p, const std::filesystem::path& top) {
    return std::mismatch(top.begin(), top.end(), p.begin(), p.end()).first == top.end();
  };
  for (auto it = shown_config_errors_.begin(); it != shown_config_errors_.end();) {
    std::filesystem::path file_dir = it->first.parent_path();
    bool passed = at_or_below(dir, file_dir) && (config.file.empty() || at_or_below(file_dir, config.root));
    it = passed ? shown_config_errors_.erase(it) : std::next(it);
  }
}

void Server::lint_and_publish(Document& doc, std::vector<json>& out) {
  if (!doc.notebook.empty()) {
    if (auto it = notebooks_.find(doc.notebook); it != notebooks_.end()) lint_notebook_and_publish(*it->second, out);
    return;
  }
  json diagnostics = json::array();
  if (!doc.excluded && doc.settings && editor_.lint) {
    doc.lint(*doc.settings, parser_);
    for (const auto& d : doc.result().diagnostics) diagnostics.push_back(to_lsp(doc, d));
  }
  out.push_back(make_notification("textDocument/publishDiagnostics",
                                  {{"uri", doc.uri()}, {"version", doc.version}, {"diagnostics", diagnostics}}));
}

json Server::range(const Document& doc, uint32_t start, uint32_t end) const {
  Position s = doc.position_of(start, encoding_), e = doc.position_of(end, encoding_);
  return {{"start", {{"line", s.line}, {"character", s.character}}},
          {"end", {{"line", e.line}, {"character", e.character}}}};
}

json Server::to_lsp(const Document& doc, const Diagnostic& d, uint32_t base) const {
  std::string message = d.message;
  if (d.estimated_bytes) {
    std::string bytes = format_bytes(*d.estimated_bytes);
    if (message.find(bytes) == std::string::npos) message += " (" + bytes + ")";
  }
  json out = {{"range", range(doc, d.start - base, d.end - base)},
              {"severity", d.code == kSyntaxErrorCode ? 1 : 2},
              {"code", d.code},
              {"source", "pymemlint"},
              {"message", message}};
  if (!d.name.empty()) out["codeDescription"] = {{"href", rule_url(d.name)}};
  json data = json::object();
  if (d.estimated_bytes) data["estimated_bytes"] = *d.estimated_bytes;
  if (d.fix) data["fix"] = {{"title", d.fix->title}, {"applicability", to_string(d.fix->applicability)}};
  if (!data.empty()) out["data"] = std::move(data);
  return out;
}

json Server::workspace_edit(const std::vector<std::pair<const Document*, std::vector<Edit>>>& edits) const {
  json document_changes = json::array(), changes = json::object();
  for (const auto& [doc, doc_edits] : edits) {
    json text_edits = json::array();
    for (const auto& e : doc_edits)
      text_edits.push_back({{"range", range(*doc, e.start, e.end)}, {"newText", e.content}});
    document_changes.push_back({{"textDocument", {{"uri", doc->uri()}, {"version", doc->version}}}, {"edits", text_edits}});
    changes[doc->uri()] = std::move(text_edits);
  }
  if (document_changes_) return {{"documentChanges", std::move(document_changes)}};
  return {{"changes", std::move(changes)}};
}

void Server::did_open(const json& params, std::vector<json>& out) {
  const json& td = member(params, "textDocument");
  const std::string& uri = string_member(td, "uri");
  const std::string& text = string_member(td, "text");
  int64_t version = 0;
  if (const json* v = optional_member(td, "version"); v && v->is_number_integer()) version = v->get<int64_t>();
  auto doc = std::make_unique<Document>(uri, text, version);
  resolve_settings(uri, *doc, out);
  Document& d = *(documents_[uri] = std::move(doc));
  lint_and_publish(d, out);
}

namespace {
// Applies `changes` (TextDocumentContentChangeEvent[]) to `edited`, a copy_text() of `doc`; an
// unusable change throws, naming the document.
void apply_content_changes(Document& edited, const Document& doc, const json& changes, PositionEncoding encoding) {
  if (!changes.is_array()) throw InvalidParams("`contentChanges` must be an array");
  for (size_t i = 0; i < changes.size(); ++i) {
    try {
      const json& change = changes[i];
      const std::string& text = string_member(change, "text");
      const json* r = optional_member(change, "range");
      if (!r || r->is_null()) {
        edited.replace_all(text);
        continue;
      }
      uint32_t start = edited.offset_of(position_from(member(*r, "start")), encoding);
      uint32_t end = edited.offset_of(position_from(member(*r, "end")), encoding);
      // A reversed range is the client's mistake; applying it in either order would guess.
      if (end < start) throw InvalidParams("the range ends before it starts");
      edited.replace(start, end, text);
    } catch (const InvalidParams& e) {
      throw InvalidParams(doc.uri() + ": change " + std::to_string(i + 1) + " of " +
                          std::to_string(changes.size()) + ": " + e.what() +
                          "; none of the changes was applied (the document stays at version " +
                          std::to_string(doc.version) + ")");
    }
  }
}
}  // namespace

void Server::did_change(const json& params, std::vector<json>& out) {
  Document& doc = open_document(member(params, "textDocument"));
  // All or nothing: the changes go to a copy, which replaces the text only when every one of
  // them applied. Half a notification would leave the text matching no version of the client's.
  std::unique_ptr<Document> edited = doc.copy_text();
  apply_content_changes(*edited, doc, member(params, "contentChanges"), encoding_);
  doc.commit_text(*edited);
  if (const json* v = path_of(params, {"textDocument", "version"}); v && v->is_number_integer())
    doc.version = v->get<int64_t>();
  lint_and_publish(doc, out);
}

void Server::did_save(const json& params, std::vector<json>& out) {
  Document& doc = open_document(member(params, "textDocument"));
  if (const json* text = optional_member(params, "text"); text && text->is_string() && *text != doc.text())
    doc.replace_all(text->get<std::string>());
  if (!doc.notebook.empty()) {
    if (auto it = notebooks_.find(doc.notebook); it != notebooks_.end()) {
      resolve_settings(it->second->uri, *it->second, out);
      lint_notebook_and_publish(*it->second, out);
    }
    return;
  }
  resolve_settings(doc.uri(), doc, out);  // the configuration may have changed meanwhile
  lint_and_publish(doc, out);
}

void Server::did_close(const json& params, std::vector<json>& out) {
  const std::string& uri = string_member(member(params, "textDocument"), "uri");
  if (documents_.erase(uri) == 0) return;
  out.push_back(make_notification("textDocument/publishDiagnostics",
                                  {{"uri", uri}, {"diagnostics", json::array()}}));
}

void Server::did_change_watched_files(std::vector<json>& out) {
  for (auto& [uri, doc] : documents_) {
    if (!doc->notebook.empty()) continue;  // linted with its notebook, below
    resolve_settings(uri, *doc, out);
    lint_and_publish(*doc, out);
  }
  for (auto& [uri, nb] : notebooks_) {
    resolve_settings(uri, *nb, out);
    lint_notebook_and_publish(*nb, out);
  }
}

// Notebooks. The client sends a notebook's cells as text documents inside notebookDocument/*
// notifications; requests on a cell (code actions, hover) come as textDocument/* ones.

namespace {
// A NotebookCell: whether it is a code cell (kind 2; markup is 1), and its document's URI.
std::pair<bool, std::string> cell_from(const json& cell) {
  const json& kind = member(cell, "kind");
  if (!kind.is_number_integer()) throw InvalidParams("a cell's `kind` must be an integer");
  return {kind.get<int64_t>() == 2, string_member(cell, "document")};
}

int64_t version_of(const json& object) {
  const json* v = optional_member(object, "version");
  return v && v->is_number_integer() ? v->get<int64_t>() : 0;
}

// A cell's TextDocumentItem, as a document of the notebook `notebook`.
std::unique_ptr<Document> cell_document(const json& item, const std::string& notebook) {
  auto doc = std::make_unique<Document>(string_member(item, "uri"), string_member(item, "text"), version_of(item));
  const json* language = optional_member(item, "languageId");
  doc->python = !language || !language->is_string() || *language == "python";
  doc->notebook = notebook;
  return doc;
}
}  // namespace

Server::OpenNotebook& Server::open_notebook(const json& notebook_document) {
  const std::string& uri = string_member(notebook_document, "uri");
  auto it = notebooks_.find(uri);
  if (it == notebooks_.end()) throw InvalidParams("the notebook `" + uri + "` is not open");
  return *it->second;
}

void Server::python_cells(const OpenNotebook& nb, std::vector<std::string>& sources, std::vector<uint32_t>& numbers,
                          std::vector<std::string>* uris) const {
  std::set<std::string_view> taken;  // a document listed twice (a client's mistake) counts once
  for (size_t i = 0; i < nb.cells.size(); ++i) {
    if (!nb.cells[i].code) continue;
    const Document* cell = document(nb.cells[i].document);
    if (!cell || !cell->python || !taken.insert(cell->uri()).second) continue;
    sources.push_back(cell->text());
    numbers.push_back(static_cast<uint32_t>(i + 1));
    if (uris) uris->push_back(cell->uri());
  }
}

void Server::lint_notebook_and_publish(OpenNotebook& nb, std::vector<json>& out) {
  std::vector<std::string> sources;
  std::vector<uint32_t> numbers;
  nb.span_documents.clear();
  nb.joined = ConcatenatedCells{};
  nb.result = LintResult{};
  std::vector<std::string> uris;
  python_cells(nb, sources, numbers, &uris);
  if (!nb.excluded && nb.settings && editor_.lint) {
    nb.joined = concatenate_cells(sources, numbers, &parser_);
    nb.result = lint_cells(nb.joined, *nb.settings, parser_);
    for (const auto& span : nb.joined.spans) nb.span_documents.push_back(uris[span.source]);
  }
  // Every code cell is told, those without findings too (their earlier findings are gone).
  std::map<std::string, json> per_cell;
  for (const auto& cell : nb.cells)
    if (cell.code && documents_.count(cell.document)) per_cell[cell.document] = json::array();
  for (const auto& d : nb.result.diagnostics) {
    const auto* span = nb.joined.span_of_offset(d.start);
    if (!span) continue;
    const std::string& uri = nb.span_documents[static_cast<size_t>(span - nb.joined.spans.data())];
    per_cell[uri].push_back(to_lsp(*documents_.at(uri), d, span->start));
  }
  for (const auto& cell : nb.cells) {
    auto found = per_cell.find(cell.document);
    if (found == per_cell.end()) continue;
    const Document& doc = *documents_.at(cell.document);
    out.push_back(make_notification("textDocument/publishDiagnostics", {{"uri", doc.uri()},
                                                                          {"version", doc.version},
                                                                          {"diagnostics", std::move(found->second)}}));
    per_cell.erase(found);
  }
}

std::vector<const Diagnostic*> Server::findings_of(const Document& doc, uint32_t* base) const {
  std::vector<const Diagnostic*> found;
  *base = 0;
  if (doc.notebook.empty()) {
    for (const auto& d : doc.result().diagnostics) found.push_back(&d);
    return found;
  }
  auto it = notebooks_.find(doc.notebook);
  if (it == notebooks_.end()) return found;
  const OpenNotebook& nb = *it->second;
  // A document is one span at most (python_cells takes each once).
  for (size_t k = 0; k < nb.joined.spans.size(); ++k) {
    if (nb.span_documents[k] != doc.uri()) continue;
    *base = nb.joined.spans[k].start;
    for (const auto& d : nb.result.diagnostics)
      if (nb.joined.span_of_offset(d.start) == &nb.joined.spans[k]) found.push_back(&d);
    break;
  }
  return found;
}

Tree Server::cell_tree(const Document& cell) {
  std::string masked = cell.text();
  mask_magics(masked, &parser_);
  return parser_.parse(masked);
}

void Server::notebook_did_open(const json& params, std::vector<json>& out) {
  const json& nd = member(params, "notebookDocument");
  auto nb = std::make_unique<OpenNotebook>();
  nb->uri = string_member(nd, "uri");
  const json& cells = member(nd, "cells");
  if (!cells.is_array()) throw InvalidParams("`cells` must be an array");
  for (const auto& c : cells) {
    auto [code, document] = cell_from(c);
    nb->cells.push_back({code, document});
  }
  // The cells' documents (all checked before any is kept).
  std::vector<std::unique_ptr<Document>> opened;
  if (const json* items = optional_member(params, "cellTextDocuments")) {
    if (!items->is_array()) throw InvalidParams("`cellTextDocuments` must be an array");
    for (const auto& item : *items) {
      opened.push_back(cell_document(item, nb->uri));
    }
  }
  if (auto old = notebooks_.find(nb->uri); old != notebooks_.end()) {
    // Opened again without a close: the old cells go.
    for (const auto& cell : old->second->cells) documents_.erase(cell.document);
  }
  for (auto& doc : opened) {
    std::string uri = doc->uri();
    documents_[uri] = std::move(doc);
  }
  resolve_settings(nb->uri, *nb, out);
  OpenNotebook& kept = *(notebooks_[nb->uri] = std::move(nb));
  lint_notebook_and_publish(kept, out);
}

void Server::notebook_did_change(const json& params, std::vector<json>& out) {
  const json& id = member(params, "notebookDocument");
  OpenNotebook& nb = open_notebook(id);
  const json& change = member(params, "change");
  // All or nothing, as for a text document: the new cell list, the documents opened, closed and
  // edited are staged, and kept only when every part of the change applied.
  std::vector<OpenNotebook::Cell> cells = nb.cells;
  std::map<std::string, std::unique_ptr<Document>> staged;  // opened or edited documents
  std::vector<std::string> closed;
  const json* cell_changes = optional_member(change, "cells");
  if (cell_changes && cell_changes->is_object()) {
    if (const json* structure = optional_member(*cell_changes, "structure")) {
      const json& array = member(*structure, "array");
      uint32_t start = uinteger_member(array, "start"), remove = uinteger_member(array, "deleteCount");
      if (start > cells.size() || remove > cells.size() - start)
        throw InvalidParams(nb.uri + ": the cell change at " + std::to_string(start) + " removing " +
                            std::to_string(remove) + " cells does not fit the notebook's " +
                            std::to_string(cells.size()) + " cells");
      std::vector<OpenNotebook::Cell> inserted;
      if (const json* added = optional_member(array, "cells"); added && added->is_array())
        for (const auto& c : *added) {
          auto [code, document] = cell_from(c);
          inserted.push_back({code, document});
        }
      cells.erase(cells.begin() + start, cells.begin() + start + remove);
      cells.insert(cells.begin() + start, inserted.begin(), inserted.end());
      if (const json* items = optional_member(*structure, "didOpen"); items && items->is_array())
        for (const auto& item : *items) {
          auto doc = cell_document(item, nb.uri);
          std::string uri = doc->uri();
          staged[uri] = std::move(doc);
        }
      if (const json* items = optional_member(*structure, "didClose"); items && items->is_array())
        for (const auto& item : *items) closed.push_back(string_member(item, "uri"));
    }
    if (const json* data = optional_member(*cell_changes, "data"); data && data->is_array())
      for (const auto& c : *data) {
        auto [code, document] = cell_from(c);
        for (auto& cell : cells)
          if (cell.document == document) cell.code = code;
      }
    if (const json* texts = optional_member(*cell_changes, "textContent"); texts && texts->is_array())
      for (const auto& t : *texts) {
        const json& document = member(t, "document");
        const std::string& uri = string_member(document, "uri");
        auto at = staged.find(uri);
        if (at == staged.end()) {
          auto open = documents_.find(uri);
          if (open == documents_.end() || open->second->notebook != nb.uri)
            throw InvalidParams("the cell `" + uri + "` is not open in the notebook `" + nb.uri + "`");
          at = staged.emplace(uri, open->second->copy_text()).first;
        }
        const Document& before = documents_.count(uri) ? *documents_.at(uri) : *at->second;
        apply_content_changes(*at->second, before, member(t, "changes"), encoding_);
        if (const json* v = optional_member(document, "version"); v && v->is_number_integer())
          at->second->version = v->get<int64_t>();
      }
  }
  // Everything applied: kept.
  for (const auto& uri : closed) {
    auto it = documents_.find(uri);
    if (it == documents_.end() || it->second->notebook != nb.uri || staged.count(uri)) continue;
    documents_.erase(it);
    out.push_back(make_notification("textDocument/publishDiagnostics", {{"uri", uri}, {"diagnostics", json::array()}}));
  }
  for (auto& [uri, doc] : staged) {
    auto it = documents_.find(uri);
    if (it != documents_.end() && it->second->notebook == nb.uri) {
      int64_t version = doc->version;
      it->second->commit_text(*doc);
      it->second->version = version;
    } else {
      doc->notebook = nb.uri;
      documents_[uri] = std::move(doc);
    }
  }
  nb.cells = std::move(cells);
  lint_notebook_and_publish(nb, out);
}

void Server::notebook_did_save(const json& params, std::vector<json>& out) {
  OpenNotebook& nb = open_notebook(member(params, "notebookDocument"));
  resolve_settings(nb.uri, nb, out);  // the configuration may have changed meanwhile
  lint_notebook_and_publish(nb, out);
}

void Server::notebook_did_close(const json& params, std::vector<json>& out) {
  const std::string& uri = string_member(member(params, "notebookDocument"), "uri");
  auto it = notebooks_.find(uri);
  if (it == notebooks_.end()) return;
  for (const auto& cell : it->second->cells) {
    auto doc = documents_.find(cell.document);
    if (doc == documents_.end() || doc->second->notebook != uri) continue;
    documents_.erase(doc);
    out.push_back(make_notification("textDocument/publishDiagnostics",
                                    {{"uri", cell.document}, {"diagnostics", json::array()}}));
  }
  notebooks_.erase(it);
}

json Server::code_action(const json& params) {
  const std::string& uri = string_member(member(params, "textDocument"), "uri");
  json actions = json::array();
  auto it = documents_.find(uri);
  if (it == documents_.end()) return actions;
  Document& doc = *it->second;
  // A cell's configuration and findings are its notebook's.
  OpenNotebook* nb = nullptr;
  if (!doc.notebook.empty()) {
    auto n = notebooks_.find(doc.notebook);
    if (n == notebooks_.end()) return actions;
    nb = n->second.get();
  }
  const Configured& config = nb ? static_cast<const Configured&>(*nb) : doc;
  if (config.excluded || !config.settings || !editor_.lint) return actions;
  const json& r = member(params, "range");
  uint32_t start = doc.offset_of(position_from(member(r, "start")), encoding_);
  uint32_t end = doc.offset_of(position_from(member(r, "end")), encoding_);
  if (end < start) std::swap(start, end);
  const json* only = path_of(params, {"context", "only"});

  // fixAll applies what `check --fix` would: unsafe fixes too when the configuration says so.
  const Applicability fix_all_level = config.settings->unsafe_fixes ? Applicability::Unsafe : Applicability::Safe;
  const std::vector<Diagnostic>& all = nb ? nb->result.diagnostics : doc.result().diagnostics;
  bool any_fixable = std::any_of(all.begin(), all.end(), [&](const Diagnostic& d) {
    return d.code != kSyntaxErrorCode && d.fix && is_applicable(*d.fix, fix_all_level);
  });
  uint32_t base = 0;
  Tree own_tree;  // a cell's, parsed when a `# noqa` edit needs it
  std::vector<std::pair<std::string, uint32_t>> silenced;  // (code, row) already offered
  for (const Diagnostic* found : findings_of(doc, &base)) {
    const Diagnostic& d = *found;
    if (d.code == kSyntaxErrorCode) continue;
    if (!(d.start - base <= end && start <= d.end - base) || !kind_wanted(only, "quickfix")) continue;
    json diagnostic = to_lsp(doc, d, base);
    if (editor_.fix_violation && d.fix && is_applicable(*d.fix, Applicability::Unsafe)) {
      bool safe = d.fix->applicability == Applicability::Safe;
      std::vector<Edit> edits = d.fix->edits;
      for (Edit& e : edits) {
        e.start -= base;
        e.end -= base;
      }
      actions.push_back({{"title", quick_fix_title(d)},
                         {"kind", "quickfix"},
                         {"diagnostics", {diagnostic}},
                         {"isPreferred", safe},
                         {"edit", workspace_edit({{&doc, std::move(edits)}})}});
    }
    if (!editor_.disable_rule_comment) continue;
    uint32_t row = d.noqa_row - 1;
    if (std::find(silenced.begin(), silenced.end(), std::pair(d.code, row)) != silenced.end()) continue;
    silenced.emplace_back(d.code, row);
    const std::string codes[] = {d.code};
    if (nb && !own_tree) own_tree = cell_tree(doc);
    if (auto edit = noqa_edit(doc.text(), doc.lines(), nb ? own_tree.get() : doc.tree(), row, codes))
      actions.push_back({{"title", "Disable " + d.code + " for this line"},
                         {"kind", "quickfix"},
                         {"diagnostics", {diagnostic}},
                         {"edit", workspace_edit({{&doc, {*edit}}})}});
  }
  // Offered unasked only when there is something to fix; asked for by kind, computed regardless.
  // In a notebook, every cell is fixed, as `check --fix` fixes the notebook.
  bool asked = only && only->is_array() && kind_wanted(only, kFixAllKind);
  if (editor_.fix_all && kind_wanted(only, kFixAllKind) && (any_fixable || asked)) {
    std::vector<std::pair<const Document*, std::vector<Edit>>> edits;
    if (nb) {
      std::vector<std::string> sources, uris;
      std::vector<uint32_t> numbers;
      python_cells(*nb, sources, numbers, &uris);
      auto fixed = fix_cells(sources, numbers, *nb->settings, parser_, fix_all_level);
      for (size_t k = 0; k < sources.size(); ++k)
        if (!fixed.fixed.empty() && fixed.state[k] != sources[k])
          edits.push_back({documents_.at(uris[k]).get(), {minimal_edit(sources[k], fixed.state[k])}});
    } else if (FixResult fixed = fix(doc.text(), doc.newline(), *doc.settings, parser_, fix_all_level);
               fixed.changed()) {
      edits.push_back({&doc, {minimal_edit(doc.text(), fixed.text)}});
    }
    if (!edits.empty())
      actions.push_back({{"title", fix_all_level == Applicability::Safe
                                       ? "Fix all safe pymemlint findings"
                                       : "Fix all pymemlint findings (unsafe fixes included)"},
                         {"kind", kFixAllKind},
                         {"edit", workspace_edit(edits)}});
  }
  return actions;
}

json Server::hover(const json& params) {
  const std::string& uri = string_member(member(params, "textDocument"), "uri");
  auto it = documents_.find(uri);
  if (it == documents_.end()) return nullptr;
  const Document& doc = *it->second;
  uint32_t offset = doc.offset_of(position_from(member(params, "position")), encoding_);
  // A cell has no tree of its own (its notebook's cells are parsed together).
  Tree own_tree;
  if (!doc.notebook.empty()) own_tree = cell_tree(doc);
  const TSTree* tree = doc.notebook.empty() ? doc.tree() : own_tree.get();
  // The cursor may sit just after the code's last character.
  TSNode comment = comment_at(tree, offset, offset);
  if (ts_node_is_null(comment) && offset > 0) comment = comment_at(tree, offset - 1, offset - 1);
  if (ts_node_is_null(comment)) return nullptr;
  uint32_t cs = ts_node_start_byte(comment), ce = ts_node_end_byte(comment);
  std::string_view text = std::string_view(doc.text()).substr(cs, ce - cs);
  NoqaDirective directive;
  if (!parse_noqa(text, &directive) && !parse_file_noqa(text, &directive)) return nullptr;
  for (size_t i = 0; i < directive.codes.size(); ++i) {
    auto [s, e] = directive.code_spans[i];
    if (offset < cs + s || offset > cs + e) continue;
    const RuleInfo* info = find_rule(directive.codes[i]);
    if (!info) return nullptr;
    std::ostringstream doc_text;
    cli::print_rule_doc(*info, doc_text);
    return {{"contents", {{"kind", "markdown"}, {"value", doc_text.str()}}}, {"range", range(doc, cs + s, cs + e)}};
  }
  return nullptr;
}

}  // namespace pml::lsp
