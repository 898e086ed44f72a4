// The language server's open documents: each one's text, its tree-sitter tree (edited in place on
// incremental changes, so the next parse reuses it), its line index, and conversions between LSP
// positions (UTF-16 or UTF-8 code units) and byte offsets.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "analyzer/checker.h"
#include "analyzer/settings.h"
#include "analyzer/source.h"
#include "analyzer/syntax.h"

namespace pml::lsp {

// What a Position's `character` counts (negotiated in `initialize`).
enum class PositionEncoding { Utf16, Utf8 };
std::string_view to_string(PositionEncoding e);

struct Position {
  uint32_t line = 0;
  uint32_t character = 0;
};

// `file:///a%20b/c.py` -> "/a b/c.py"; nullopt for other schemes or malformed escapes.
std::optional<std::filesystem::path> uri_to_path(std::string_view uri);
// The inverse, percent-encoding everything but unreserved characters and '/'.
std::string path_to_uri(const std::filesystem::path& path);

// A document's configuration: resolved when it is opened or saved (by its path, for file URIs).
struct Configured {
  std::optional<std::filesystem::path> path;
  std::shared_ptr<const Settings> settings;
  bool excluded = false;  // matched by the configuration's exclude list: never linted
};

class Document : public Configured {
 public:
  Document(std::string uri, std::string text, int64_t version);
  // The line index points into the text: a document stays where it was made.
  Document(const Document&) = delete;
  Document& operator=(const Document&) = delete;

  const std::string& uri() const { return uri_; }
  const std::string& text() const { return text_; }
  const LineIndex& lines() const { return lines_; }
  int64_t version = 0;

  // The byte offset of a position. A line past the end means the end of the text; a character
  // past the end of its line means the line's end (as the LSP specification says); a position in
  // the middle of a UTF-8 sequence or a surrogate pair moves on to the next character.
  uint32_t offset_of(Position p, PositionEncoding encoding) const;
  Position position_of(uint32_t offset, PositionEncoding encoding) const;

  // Replaces bytes [start, end) (start <= end <= size) and records the edit in the tree, so the
  // next lint reparses only what changed.
  void replace(uint32_t start, uint32_t end, std::string_view content);
  // A full-text change: the tree is dropped.
  void replace_all(std::string text);

  // A document with this one's URI, version, text and tree (the tree is shared until edited),
  // for changes that must apply in full or not at all: make them on the copy, then commit_text.
  std::unique_ptr<Document> copy_text() const;
  // Takes the text and tree of `edited` (a copy_text() of this document, changed since).
  void commit_text(Document& edited);

  // The first line terminator of the text ("\n" when there is none), used by fixes that insert lines.
  std::string_view newline() const;

  // Lints the current text, reusing and then keeping the tree.
  const LintResult& lint(const Settings& settings, Parser& parser);
  const LintResult& result() const { return result_; }
  const TSTree* tree() const { return tree_.get(); }

  // For a notebook cell's document: the notebook's URI (its configuration and its findings are
  // the notebook's), and whether the cell is Python (the others are not linted). Empty for a file.
  std::string notebook;
  bool python = true;

 private:
  std::string uri_;
  std::string text_;
  LineIndex lines_;
  Tree tree_;
  LintResult result_;
};

}  // namespace pml::lsp
