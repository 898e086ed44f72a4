#include "analyzer/lsp/document.h"

#include <algorithm>
#include <cctype>

namespace pml::lsp {

std::string_view to_string(PositionEncoding e) { return e == PositionEncoding::Utf8 ? "utf-8" : "utf-16"; }

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// tree-sitter's points count rows by '\n' and columns in bytes.
TSPoint point_at(std::string_view text, uint32_t offset) {
  TSPoint p{0, 0};
  uint32_t line_start = 0;
  for (uint32_t i = 0; i < offset; ++i)
    if (text[i] == '\n') {
      ++p.row;
      line_start = i + 1;
    }
  p.column = offset - line_start;
  return p;
}

TSPoint advance(TSPoint p, std::string_view inserted) {
  for (char c : inserted) {
    if (c == '\n') {
      ++p.row;
      p.column = 0;
    } else {
      ++p.column;
    }
  }
  return p;
}

}  // namespace

std::optional<std::filesystem::path> uri_to_path(std::string_view uri) {
  constexpr std::string_view scheme = "file://";
  if (uri.substr(0, scheme.size()) != scheme) return std::nullopt;
  uri.remove_prefix(scheme.size());
  // `file://localhost/x` names the same file as `file:///x`; other hosts are not ours.
  if (uri.substr(0, 9) == "localhost") uri.remove_prefix(9);
  if (uri.empty() || uri[0] != '/') return std::nullopt;
  std::string out;
  for (size_t i = 0; i < uri.size(); ++i) {
    if (uri[i] == '%') {
      if (i + 2 >= uri.size()) return std::nullopt;
      int hi = hex_value(uri[i + 1]), lo = hex_value(uri[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (uri[i] == '?' || uri[i] == '#') {
      break;
    } else {
      out += uri[i];
    }
  }
  if (out.find('\0') != std::string::npos) return std::nullopt;
  return std::filesystem::path(out).lexically_normal();
}

std::string path_to_uri(const std::filesystem::path& path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = "file://";
  for (unsigned char c : path.string()) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

Document::Document(std::string uri, std::string text, int64_t v)
    : version(v), uri_(std::move(uri)), text_(std::move(text)), lines_(text_) {}

uint32_t Document::offset_of(Position p, PositionEncoding encoding) const {
  if (p.line >= lines_.line_count()) return static_cast<uint32_t>(text_.size());
  if (encoding == PositionEncoding::Utf16) return lines_.offset_of_utf16_column(p.line, p.character);
  uint32_t start = lines_.line_start(p.line), end = lines_.line_end(p.line);
  uint32_t offset = start + std::min(p.character, end - start);
  while (offset < end && (static_cast<unsigned char>(text_[offset]) & 0xC0) == 0x80) ++offset;
  return offset;
}

Position Document::position_of(uint32_t offset, PositionEncoding encoding) const {
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text_.size()));
  uint32_t row = lines_.row_of(offset);
  // An offset inside a "\r\n" pair belongs to the end of its line.
  offset = std::min(offset, lines_.line_end(row));
  if (encoding == PositionEncoding::Utf16) return {row, lines_.utf16_column(offset)};
  return {row, offset - lines_.line_start(row)};
}

void Document::replace(uint32_t start, uint32_t end, std::string_view content) {
  if (tree_) {
    TSInputEdit edit;
    edit.start_byte = start;
    edit.old_end_byte = end;
    edit.new_end_byte = start + static_cast<uint32_t>(content.size());
    edit.start_point = point_at(text_, start);
    edit.old_end_point = advance(edit.start_point, std::string_view(text_).substr(start, end - start));
    edit.new_end_point = advance(edit.start_point, content);
    ts_tree_edit(tree_.get(), &edit);
  }
  text_.replace(start, end - start, content);
  lines_ = LineIndex(text_);
}

void Document::replace_all(std::string text) {
  tree_.reset();
  text_ = std::move(text);
  lines_ = LineIndex(text_);
}

std::unique_ptr<Document> Document::copy_text() const {
  auto copy = std::make_unique<Document>(uri_, text_, version);
  if (tree_) copy->tree_.reset(ts_tree_copy(tree_.get()));
  return copy;
}

void Document::commit_text(Document& edited) {
  text_ = std::move(edited.text_);
  lines_ = LineIndex(text_);
  tree_ = std::move(edited.tree_);
  edited.text_.clear();
  edited.lines_ = LineIndex(edited.text_);
}

std::string_view Document::newline() const {
  size_t i = text_.find_first_of("\r\n");
  if (i == std::string::npos || text_[i] == '\n') return "\n";
  return i + 1 < text_.size() && text_[i + 1] == '\n' ? std::string_view("\r\n") : std::string_view("\r");
}

const LintResult& Document::lint(const Settings& s, Parser& parser) {
  result_ = pml::lint(text_, newline(), s, parser, nullptr, &tree_);
  return result_;
}

}  // namespace pml::lsp
