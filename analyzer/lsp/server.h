// `pymemlint server`: the language server's message handling, free of any process or stream. Each
// incoming message goes in, the responses and notifications to send come out, in order, so tests
// (and fuzzers) drive it directly. LSP 3.17: lifecycle, incremental document sync, notebook
// document sync, diagnostics, code actions (quick fixes, `# noqa`, source.fixAll.pymemlint),
// hover on `# noqa:` codes, and editor settings in Ruff's shape (editor_settings.h).
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "analyzer/lsp/document.h"
#include "analyzer/lsp/editor_settings.h"
#include "analyzer/notebook.h"
#include "analyzer/syntax.h"

namespace pml {
class Config;
class ConfigResolver;
struct ConfigError;
}  // namespace pml

namespace pml::lsp {

inline constexpr std::string_view kFixAllKind = "source.fixAll.pymemlint";

class Server {
 public:
  // `cwd`: where configuration is looked up for documents without a file path, until the client
  // names a workspace root.
  explicit Server(std::filesystem::path cwd);
  ~Server();

  // One message: a request, a notification or a (ignored) response. Never throws.
  std::vector<nlohmann::json> handle(const nlohmann::json& message);
  // The raw bytes of one frame's body: JSON that may be malformed (answered with a ParseError).
  std::vector<nlohmann::json> handle_body(std::string_view body);

  // After the `exit` notification the process ends with exit_code(): 0 when `shutdown` came
  // first, 1 otherwise.
  bool exit_requested() const { return exit_requested_; }
  int exit_code() const { return shutdown_ ? 0 : 1; }
  bool shutdown_requested() const { return shutdown_; }

  PositionEncoding encoding() const { return encoding_; }
  // The open document with this URI, or nullptr.
  const Document* document(const std::string& uri) const;

 private:
  using json = nlohmann::json;
  json dispatch_request(const std::string& method, const json& params);
  void dispatch_notification(const std::string& method, const json& params, std::vector<json>& out);

  json initialize(const json& params);
  void did_open(const json& params, std::vector<json>& out);
  void did_change(const json& params, std::vector<json>& out);
  void did_save(const json& params, std::vector<json>& out);
  void did_close(const json& params, std::vector<json>& out);
  void did_change_watched_files(std::vector<json>& out);
  json code_action(const json& params);
  json hover(const json& params);

  // A notebook the client synchronises (notebookDocument/*), linted as the CLI lints a notebook
  // file: its Python code cells joined in order. Each cell's text document is in documents_ (its
  // Document::notebook names the notebook), so requests on a cell find it there.
  struct OpenNotebook : Configured {
    struct Cell {
      bool code = false;
      std::string document;  // the cell's text document URI
    };
    std::string uri;
    std::vector<Cell> cells;  // every cell, markup ones too: Ruff's `cell N` counts them
    // The last lint: the cells as joined, the URI of the document each span came from, the findings.
    ConcatenatedCells joined;
    std::vector<std::string> span_documents;
    LintResult result;
  };

  void notebook_did_open(const json& params, std::vector<json>& out);
  void notebook_did_change(const json& params, std::vector<json>& out);
  void notebook_did_save(const json& params, std::vector<json>& out);
  void notebook_did_close(const json& params, std::vector<json>& out);
  OpenNotebook& open_notebook(const json& notebook_document);
  // The Python code cells' texts, Ruff's numbers for them, and their documents' URIs.
  void python_cells(const OpenNotebook& nb, std::vector<std::string>& sources, std::vector<uint32_t>& numbers,
                    std::vector<std::string>* uris) const;
  void lint_notebook_and_publish(OpenNotebook& nb, std::vector<json>& out);
  // A cell document's findings (from its notebook's last lint), and where its text starts in the
  // joined text; a file's own findings at 0.
  std::vector<const Diagnostic*> findings_of(const Document& doc, uint32_t* base) const;
  // A cell's own tree, parsed with its IPython syntax masked (for `# noqa` edits and hover).
  Tree cell_tree(const Document& cell);

  Document& open_document(const json& text_document);
  // The editor's settings from `initializationOptions.settings` or a didChangeConfiguration's
  // `settings` (whole, or under a `pymemlint` key). False, with the error shown, when they cannot
  // be used; the settings in force stay.
  bool take_editor_settings(const json& settings, std::vector<json>& out);
  void did_change_configuration(const json& params, std::vector<json>& out);
  // The resolver whose configuration governs files in `dir`, after configurationPreference: with
  // the editor's settings or without them.
  std::unique_ptr<ConfigResolver> resolver_for(const std::filesystem::path& dir, std::vector<json>& out);
  // Shows why the editor's settings are not used, once while the reason lasts.
  void show_editor_error(const std::string& error, std::vector<json>& out);
  void resolve_settings(const std::string& uri, Configured& config, std::vector<json>& out);
  void watch_extended(const std::vector<std::filesystem::path>& files, std::vector<json>& out);
  void show_config_error(const ConfigError& error, std::vector<json>& out);
  void forget_config_errors(const std::filesystem::path& dir, const Config& config);
  void lint_and_publish(Document& doc, std::vector<json>& out);
  // `base`: where the document's text starts in the text the diagnostic was found in.
  json to_lsp(const Document& doc, const Diagnostic& d, uint32_t base = 0) const;
  json range(const Document& doc, uint32_t start, uint32_t end) const;
  json workspace_edit(const std::vector<std::pair<const Document*, std::vector<Edit>>>& edits) const;

  std::filesystem::path cwd_;
  Parser parser_;
  std::map<std::string, std::unique_ptr<Document>> documents_;
  std::map<std::string, std::unique_ptr<OpenNotebook>> notebooks_;
  PositionEncoding encoding_ = PositionEncoding::Utf16;
  bool initialized_ = false;
  bool shutdown_ = false;
  bool exit_requested_ = false;
  bool document_changes_ = false;     // the client takes versioned WorkspaceEdit.documentChanges
  bool watch_configuration_ = false;  // the client registers file watchers on request
  bool relative_patterns_ = false;    // ... and takes RelativePattern watchers
  // The files configurations extend that the client was asked to watch.
  std::set<std::filesystem::path> watched_extended_;
  // The configuration files whose error was shown, with the message, until a lookup finds them
  // valid (or gone) again.
  std::map<std::filesystem::path, std::string> shown_config_errors_;
  EditorSettings editor_;
  std::string shown_editor_error_;       // the last error of the editor's settings shown, until they work
  std::vector<json> initialize_notes_;  // what to tell once `initialize` is answered
};

}  // namespace pml::lsp
