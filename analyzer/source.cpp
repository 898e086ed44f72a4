#include "analyzer/source.h"

#include <cstring>
#include <iconv.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <string>

#include <fmt/format.h>

namespace pml {

bool is_ascii(std::string_view text) {
  uint64_t high = 0;
  size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, text.data() + i, 8);
    high |= word;
  }
  for (; i < text.size(); ++i) high |= static_cast<unsigned char>(text[i]);
  return (high & 0x8080808080808080ull) == 0;
}

LineIndex::LineIndex(std::string_view text) : text_(text) {
  starts_.push_back(0);
  if (text.find('\r') == text.npos && is_ascii(text)) {
    // The common case, found with memchr: `\n` ends every row and every column is a byte.
    for (const char* p = text.data(); const void* nl = std::memchr(p, '\n', text.data() + text.size() - p);) {
      p = static_cast<const char*>(nl) + 1;
      starts_.push_back(static_cast<uint32_t>(p - text.data()));
    }
    ascii_rows_.assign(starts_.size(), true);
    return;
  }
  bool ascii = true;
  for (uint32_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n') {
      starts_.push_back(i + 1);
      ascii_rows_.push_back(ascii);
      ascii = true;
    } else if (c == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
      starts_.push_back(i + 1);
      ascii_rows_.push_back(ascii);
      ascii = true;
    } else if (static_cast<unsigned char>(c) >= 0x80) {
      ascii = false;
    }
  }
  ascii_rows_.push_back(ascii);
}

uint32_t LineIndex::row_of(uint32_t offset) const {
  auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  return static_cast<uint32_t>(it - starts_.begin()) - 1;
}

uint32_t LineIndex::line_end(uint32_t row) const {
  uint32_t end = row + 1 < starts_.size() ? starts_[row + 1] : static_cast<uint32_t>(text_.size());
  if (end > starts_[row] && text_[end - 1] == '\n') --end;
  if (end > starts_[row] && text_[end - 1] == '\r') --end;
  return end;
}

std::string_view LineIndex::line_text(uint32_t row) const {
  return text_.substr(starts_[row], line_end(row) - starts_[row]);
}

uint32_t count_chars(std::string_view s) {
  uint32_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

LineIndex::RowCol LineIndex::location(uint32_t offset) const {
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text_.size()));
  uint32_t row = row_of(offset);
  // In an ASCII row a character is a byte: no need to count (a long line holding many findings
  // would otherwise be scanned once per finding).
  if (ascii_rows_[row]) return {row + 1, offset - starts_[row] + 1};
  return {row + 1, count_chars(text_.substr(starts_[row], offset - starts_[row])) + 1};
}

uint32_t LineIndex::utf16_column(uint32_t offset) const {
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text_.size()));
  uint32_t row = row_of(offset);
  if (ascii_rows_[row]) return offset - starts_[row];
  uint32_t units = 0;
  for (uint32_t i = starts_[row]; i < offset; ++i) {
    unsigned char c = static_cast<unsigned char>(text_[i]);
    if ((c & 0xC0) == 0x80) continue;
    units += c >= 0xF0 ? 2 : 1;  // 4-byte sequences are surrogate pairs in UTF-16
  }
  return units;
}

uint32_t LineIndex::offset_of_char_column(uint32_t row, uint32_t column) const {
  if (row >= starts_.size()) return static_cast<uint32_t>(text_.size());
  uint32_t i = starts_[row], end = line_end(row);
  for (uint32_t seen = 0; i < end; ++i) {
    unsigned char c = static_cast<unsigned char>(text_[i]);
    if ((c & 0xC0) == 0x80) continue;
    if (seen == column) return i;
    ++seen;
  }
  return end;
}

uint32_t LineIndex::offset_of_utf16_column(uint32_t row, uint32_t column) const {
  if (row >= starts_.size()) return static_cast<uint32_t>(text_.size());
  uint32_t i = starts_[row], end = line_end(row);
  uint32_t seen = 0;
  for (; i < end; ++i) {
    unsigned char c = static_cast<unsigned char>(text_[i]);
    if ((c & 0xC0) == 0x80) continue;
    if (seen >= column) return i;
    seen += c >= 0xF0 ? 2 : 1;
  }
  return end;
}

bool is_valid_utf8(std::string_view s, size_t* bad_offset) {
  size_t i = 0, n = s.size();
  while (i < n) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) { ++i; continue; }
    size_t len;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
    else { if (bad_offset) *bad_offset = i; return false; }
    if (i + len > n) { if (bad_offset) *bad_offset = i; return false; }
    for (size_t k = 1; k < len; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) { if (bad_offset) *bad_offset = i; return false; }
      cp = (cp << 6) | (cc & 0x3F);
    }
    bool overlong = (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      if (bad_offset) *bad_offset = i;
      return false;
    }
    i += len;
  }
  return true;
}

namespace {

// PEP 263: `coding[:=]\s*([-\w.]+)` in a comment on line 1 or 2.
std::string declared_encoding(std::string_view bytes) {
  size_t pos = 0;
  for (int line = 0; line < 2 && pos <= bytes.size(); ++line) {
    size_t nl = bytes.find_first_of("\r\n", pos);
    std::string_view text = bytes.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    size_t first = text.find_first_not_of(" \t\f");
    if (first != std::string_view::npos && text[first] == '#') {
      size_t c = text.find("coding", first);
      if (c != std::string_view::npos && c + 6 < text.size() && (text[c + 6] == ':' || text[c + 6] == '=')) {
        size_t s = c + 7;
        while (s < text.size() && (text[s] == ' ' || text[s] == '\t')) ++s;
        size_t e = s;
        while (e < text.size() && (std::isalnum(static_cast<unsigned char>(text[e])) || text[e] == '-' ||
                                   text[e] == '_' || text[e] == '.'))
          ++e;
        if (e > s) return std::string(text.substr(s, e - s));
      }
    } else if (first != std::string_view::npos) {
      break;  // only comment or blank lines may precede the declaration
    }
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
    if (bytes[nl] == '\r' && pos < bytes.size() && bytes[pos] == '\n') ++pos;
  }
  return {};
}

std::string normalized(std::string name) {
  std::string out;
  for (char c : name) out += c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_utf8_name(const std::string& n) { return n == "utf-8" || n == "utf8" || n.rfind("utf-8-", 0) == 0; }

// Python's codec names (PEP 263 uses them) spelled the way glibc's iconv knows them.
std::string iconv_name(const std::string& python_name) {
  std::string n = python_name;  // already lower case with '-' for '_'
  if (n == "latin-1" || n == "latin1" || n == "l1" || n == "iso-latin-1" || n == "iso8859-1" || n == "iso-8859-1" ||
      n == "8859" || n == "cp819")
    return "ISO-8859-1";
  if (n.rfind("iso8859-", 0) == 0) return "ISO-8859-" + n.substr(8);
  if (n.rfind("windows-", 0) == 0) return "CP" + n.substr(8);
  if (n == "ascii" || n == "us-ascii" || n == "646") return "ASCII";
  if (n == "euc-jp" || n == "eucjp") return "EUC-JP";
  if (n == "shift-jis" || n == "sjis" || n == "s-jis") return "SHIFT_JIS";
  return n;
}

std::optional<std::string> iconv_convert(std::string_view in, const char* to, const char* from) {
  iconv_t cd = iconv_open(to, from);
  if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  std::string out(in.size() * 4 + 16, '\0');
  char* src = const_cast<char*>(in.data());
  size_t src_left = in.size();
  char* dst = out.data();
  size_t dst_left = out.size();
  size_t rc = iconv(cd, &src, &src_left, &dst, &dst_left);
  iconv_close(cd);
  if (rc == static_cast<size_t>(-1)) return std::nullopt;
  out.resize(out.size() - dst_left);
  return out;
}

std::string detect_newline(std::string_view text) {
  size_t i = text.find_first_of("\r\n");
  if (i == std::string_view::npos || text[i] == '\n') return "\n";
  return i + 1 < text.size() && text[i + 1] == '\n' ? "\r\n" : "\r";
}

}  // namespace

DecodeResult decode_source(std::string bytes) {
  DecodeResult r;
  // UTF-16 and UTF-32 text is full of NUL bytes; say what it is rather than "binary".
  if (bytes.size() >= 2 && ((bytes[0] == '\xFF' && bytes[1] == '\xFE') || (bytes[0] == '\xFE' && bytes[1] == '\xFF'))) {
    r.error = DecodeError{"file is UTF-16 or UTF-32 (it starts with a byte order mark); Python source must be UTF-8 "
                          "or an ASCII-compatible encoding declared with PEP 263"};
    return r;
  }
  if (bytes.find('\0') != std::string::npos) {
    r.error = DecodeError{"binary file: it contains NUL bytes"};
    return r;
  }
  DecodedSource src;
  if (bytes.size() >= 3 && bytes.compare(0, 3, "\xEF\xBB\xBF") == 0) {
    src.had_bom = true;
    bytes.erase(0, 3);
  }
  std::string declared = declared_encoding(bytes);
  std::string enc = normalized(declared);
  // A BOM says UTF-8; Python refuses a declaration that does not say it too, spelled `utf-8` or
  // `utf-8-...` (not `utf8`), as it refuses an unknown codec: the file is not decoded.
  if (src.had_bom && !enc.empty() && enc != "utf-8" && enc.rfind("utf-8-", 0) != 0) {
    // Python names latin-1 by its normal name in the message, other codecs as declared.
    bool latin1 = false;
    for (std::string_view name : {"latin-1", "iso-8859-1", "iso-latin-1"})
      latin1 = latin1 || enc == name || enc.rfind(std::string(name) + "-", 0) == 0;
    r.error = DecodeError{fmt::format("file starts with a UTF-8 byte order mark but declares the encoding `{}` "
                                      "(Python: encoding problem: {} with BOM)",
                                      declared, latin1 ? "iso-8859-1" : declared)};
    return r;
  }
  if (!enc.empty() && !is_utf8_name(enc) && !src.had_bom) {
    auto converted = iconv_convert(bytes, "UTF-8", iconv_name(enc).c_str());
    if (!converted) {
      r.error = DecodeError{fmt::format("cannot decode the file with its declared encoding `{}`", enc)};
      return r;
    }
    src.encoding = enc;
    src.text = std::move(*converted);
  } else {
    size_t bad = 0;
    if (!is_valid_utf8(bytes, &bad)) {
      LineIndex index(bytes);
      uint32_t row = index.row_of(static_cast<uint32_t>(bad));
      // Say what made UTF-8 the encoding: a declaration (`# coding: utf-8`), a BOM, or nothing.
      std::string why = !enc.empty() && is_utf8_name(enc) ? fmt::format("declares the encoding `{}` but is not valid UTF-8", enc)
                        : src.had_bom ? std::string("starts with a UTF-8 byte order mark but is not valid UTF-8")
                                      : std::string("is not valid UTF-8 and declares no encoding");
      r.error = DecodeError{fmt::format("file {} (invalid byte 0x{:02x} at line {}, byte column {})", why,
                                        static_cast<unsigned char>(bytes[bad]), row + 1,
                                        bad - index.line_start(row) + 1)};
      return r;
    }
    src.encoding = "utf-8";
    src.text = std::move(bytes);
  }
  src.newline = detect_newline(src.text);
  r.source = std::move(src);
  return r;
}

std::optional<std::string> encode_source(const DecodedSource& original, std::string_view text, std::string* reason) {
  std::string out;
  if (original.had_bom) out = "\xEF\xBB\xBF";
  if (original.encoding == "utf-8") {
    out.append(text);
    return out;
  }
  auto converted = iconv_convert(text, iconv_name(original.encoding).c_str(), "UTF-8");
  if (!converted) {
    if (reason) *reason = fmt::format("the fixed text cannot be encoded as `{}`", original.encoding);
    return std::nullopt;
  }
  out.append(*converted);
  return out;
}

bool decodes_every_byte(std::string_view python_codec) {
  return iconv_name(normalized(std::string(python_codec))) == "ISO-8859-1";
}

}  // namespace pml
