// Reading a Python file's bytes into analyzable UTF-8 text, and mapping byte offsets to rows and
// columns (Unicode scalar values and UTF-16 code units).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pml {

// Where each line starts. Python line terminators are "\n", "\r\n" and a lone "\r".
class LineIndex {
 public:
  LineIndex() = default;
  explicit LineIndex(std::string_view text);

  uint32_t line_count() const { return static_cast<uint32_t>(starts_.size()); }
  // 0-based row containing byte `offset` (offsets past the end belong to the last row).
  uint32_t row_of(uint32_t offset) const;
  uint32_t line_start(uint32_t row) const { return starts_[row]; }
  // End of the row's content, before its terminator.
  uint32_t line_end(uint32_t row) const;
  std::string_view line_text(uint32_t row) const;

  // 1-based row, 1-based column in Unicode scalar values.
  struct RowCol { uint32_t row; uint32_t column; };
  RowCol location(uint32_t offset) const;
  // 0-based UTF-16 column of `offset` within its row (as LSP counts by default).
  uint32_t utf16_column(uint32_t offset) const;
  // Byte offset of a 0-based row and 0-based column in the given unit; clamped to the row's end.
  uint32_t offset_of_char_column(uint32_t row, uint32_t column) const;
  uint32_t offset_of_utf16_column(uint32_t row, uint32_t column) const;

 private:
  std::string_view text_;
  std::vector<uint32_t> starts_;
  std::vector<bool> ascii_rows_;  // by row: only ASCII bytes (columns are byte offsets)
};

// Names a 1-based row of a linted text in messages ("line 12"; in a notebook "cell 3, line 2").
using RowNamer = std::function<std::string(uint32_t row)>;

// Counts Unicode scalar values in valid UTF-8 (continuation bytes are not counted).
uint32_t count_chars(std::string_view utf8);

// The result of decoding a file's bytes for analysis.
struct DecodedSource {
  std::string text;          // UTF-8, without a BOM
  bool had_bom = false;
  std::string encoding;      // "utf-8", or the PEP 263 declared encoding the bytes were converted from
  std::string newline = "\n"; // the first line terminator seen, used for inserted lines
};

struct DecodeError {
  std::string reason;  // e.g. "file is not valid UTF-8 (invalid byte 0xff at line 3, column 7)"
};

// Decodes file bytes: rejects NUL bytes (binary), honours a UTF-8 BOM, honours a PEP 263 coding
// declaration on the first two lines (converting with iconv), and otherwise requires valid UTF-8.
// Exactly one of the two results is set.
struct DecodeResult {
  std::optional<DecodedSource> source;
  std::optional<DecodeError> error;
};
DecodeResult decode_source(std::string bytes);

// Whether a Python codec name (as `open(..., encoding=...)` or PEP 263 takes it, in any case, with
// `_` or `-`) is latin-1 under one of its aliases: a codec that decodes every byte.
bool decodes_every_byte(std::string_view python_codec);

// Turns analyzed text back into file bytes: re-adds the BOM and re-encodes to the declared
// encoding. Fails (nullopt + reason) when the text cannot be represented in that encoding.
std::optional<std::string> encode_source(const DecodedSource& original, std::string_view text,
                                         std::string* reason);

// Whether every byte is ASCII (below 0x80).
bool is_ascii(std::string_view text);
// Checks UTF-8 validity; on failure sets the byte offset of the first invalid byte.
bool is_valid_utf8(std::string_view s, size_t* bad_offset = nullptr);

}  // namespace pml
