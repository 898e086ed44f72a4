// Where CPython 3.11's tokenizer stops on a file (syntax.h: first_tokenizer_stop). The scanner
// below follows the tokenizer's reading of the text byte by byte where it matters for the place
// of an error (numbers, strings, brackets, indentation), and skips over the rest.

#include <cstdio>
#include <string>
#include <vector>

#include "analyzer/syntax.h"

namespace pml {

namespace {

// How CPython 3.11 (Unicode 14.0) takes non-ASCII characters in a name, for some common blocks:
// a character a name may start with (and so hold anywhere), or one no name may hold, printable or
// not (its message differs). Any other character is not known here. Generated with python3.11
// from str.isidentifier() ('a' + c for "may hold") and str.isprintable().
enum NameChar : uint8_t { kName, kPrintable, kNonPrintable, kUnknown };
struct NameCharRange {
  char32_t first, last;
  NameChar what;
};
constexpr NameCharRange kNameChars[] = {
    {0x0080, 0x00A0, kNonPrintable}, {0x00A1, 0x00A9, kPrintable}, {0x00AA, 0x00AA, kName},
    {0x00AB, 0x00AC, kPrintable}, {0x00AD, 0x00AD, kNonPrintable}, {0x00AE, 0x00B4, kPrintable},
    {0x00B5, 0x00B5, kName}, {0x00B6, 0x00B6, kPrintable}, {0x00B8, 0x00B9, kPrintable},
    {0x00BA, 0x00BA, kName}, {0x00BB, 0x00BF, kPrintable}, {0x00C0, 0x00D6, kName},
    {0x00D7, 0x00D7, kPrintable}, {0x00D8, 0x00F6, kName}, {0x00F7, 0x00F7, kPrintable},
    {0x00F8, 0x017F, kName}, {0x0370, 0x0374, kName}, {0x0375, 0x0375, kPrintable}, {0x0376, 0x0377, kName},
    {0x0378, 0x0379, kNonPrintable}, {0x037A, 0x037A, kPrintable}, {0x037B, 0x037D, kName},
    {0x037E, 0x037E, kPrintable}, {0x037F, 0x037F, kName}, {0x0380, 0x0383, kNonPrintable},
    {0x0384, 0x0385, kPrintable}, {0x0386, 0x0386, kName}, {0x0388, 0x038A, kName},
    {0x038B, 0x038B, kNonPrintable}, {0x038C, 0x038C, kName}, {0x038D, 0x038D, kNonPrintable},
    {0x038E, 0x03A1, kName}, {0x03A2, 0x03A2, kNonPrintable}, {0x03A3, 0x03F5, kName},
    {0x03F6, 0x03F6, kPrintable}, {0x03F7, 0x0481, kName}, {0x0482, 0x0482, kPrintable},
    {0x0488, 0x0489, kPrintable}, {0x048A, 0x04FF, kName}, {0x2000, 0x200F, kNonPrintable},
    {0x2010, 0x2027, kPrintable}, {0x2028, 0x202F, kNonPrintable}, {0x2030, 0x203E, kPrintable},
    {0x2041, 0x2053, kPrintable}, {0x2055, 0x205E, kPrintable}, {0x205F, 0x206F, kNonPrintable},
    {0x20A0, 0x20C0, kPrintable}, {0x2190, 0x23FF, kPrintable}, {0x2500, 0x27BF, kPrintable},
    {0x2900, 0x2B73, kPrintable}, {0x2B74, 0x2B75, kNonPrintable}, {0x2B76, 0x2B95, kPrintable},
    {0x2B96, 0x2B96, kNonPrintable}, {0x2B97, 0x2BFF, kPrintable}, {0x3000, 0x3000, kNonPrintable},
    {0x3001, 0x3003, kPrintable}, {0x3008, 0x3011, kPrintable}, {0x3041, 0x3096, kName},
    {0x30A1, 0x30FA, kName}, {0x4E00, 0x9FFF, kName}, {0xAC00, 0xD7A3, kName},
    {0xFEFF, 0xFEFF, kNonPrintable}, {0xFF01, 0xFF0F, kPrintable}, {0xFF1A, 0xFF20, kPrintable},
    {0xFF5B, 0xFF65, kPrintable}, {0x1F300, 0x1F64F, kPrintable}, {0x1F680, 0x1F6D7, kPrintable},
    {0x1F6D8, 0x1F6DC, kNonPrintable}, {0x1F6DD, 0x1F6EC, kPrintable}, {0x1F6ED, 0x1F6EF, kNonPrintable},
    {0x1F6F0, 0x1F6FC, kPrintable}, {0x1F6FD, 0x1F6FF, kNonPrintable}, {0x1F900, 0x1F9FF, kPrintable},
};

NameChar name_char(char32_t c) {
  for (const NameCharRange& r : kNameChars)
    if (c >= r.first && c <= r.last) return r.what;
  return kUnknown;
}

constexpr int kEof = -1;
constexpr size_t kMaxLevel = 200;   // CPython's MAXLEVEL: brackets open at once

bool is_digit(int c) { return c >= '0' && c <= '9'; }
bool is_hex_digit(int c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_letter(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
// The tokenizer's test on bytes: any non-ASCII byte may belong to a name.
bool may_start_name(int c) { return is_letter(c) || c == '_' || c >= 128; }
bool may_continue_name(int c) { return may_start_name(c) || is_digit(c); }

class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}
  // Has run() note each line inside brackets less indented than its logical line in `*lines`.
  void note_dedented_bracket_lines(std::vector<std::pair<uint32_t, uint32_t>>* lines) { dedented_ = lines; }

  // The number that starts at `start` (a digit, or a dot before one).
  std::optional<SyntaxErrorInfo> number_at(uint32_t start) {
    cur_ = start;
    int c = next();
    if (is_digit(c) || (c == '.' && is_digit(peek())))
      if (!number(c, start) && stop_) return stop_->error;
    return std::nullopt;
  }

  std::optional<TokenizerStop> run() {
    // A byte order mark before the text is the encoding's, not a character of it.
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") cur_ = 3;
    for (;;) {
      if (at_line_start_ && !line_start()) return stop_;
      int c;
      do c = next(); while (c == ' ' || c == '\t' || c == '\f');
      uint32_t start = cur_ - (c == kEof ? 0 : 1);
      if (c == '#') {
        while (c != kEof && c != '\n' && c != '\r') c = next();
      }
      if (c == kEof) {
        if (!brackets_.empty()) unclosed();
        return stop_;
      }
      if (c == '\n' || c == '\r') {
        if (c == '\r' && peek() == '\n') next();
        at_line_start_ = true;
        continue;
      }
      if (may_start_name(c)) {
        if (!name_or_string(c, start)) return stop_;
      } else if (is_digit(c) || (c == '.' && is_digit(peek()))) {
        if (!number(c, start)) return stop_;
      } else if (c == '\'' || c == '"') {
        if (!string(c, start)) return stop_;
      } else if (c == '\\') {
        c = next();
        if (c == '\r' && peek() == '\n') next();
        if (c != '\n' && c != '\r') return unknown();  // "unexpected character after line continuation"
        if (peek() == kEof) {  // "unexpected EOF while parsing", or a bracket never closed
          if (!brackets_.empty()) unclosed();
          else unknown();
          return stop_;
        }
      } else if (c == '(' || c == '[' || c == '{') {
        if (brackets_.size() >= kMaxLevel) return error(start, start + 1, "SyntaxError: too many nested parentheses");
        brackets_.push_back(start);
      } else if (c == ')' || c == ']' || c == '}') {
        if (!closing(static_cast<char>(c), start)) return stop_;
      } else if (c == 0) {
        return unknown();  // Python refuses null bytes before it tokenizes
      } else if (c < 0x20 || c == 0x7F) {
        char hex[8];
        std::snprintf(hex, sizeof hex, "%04X", static_cast<unsigned>(c));
        return error(start, start + 1, std::string("SyntaxError: invalid non-printable character U+") + hex);
      }
      // Anything else is an operator or a character the parser refuses: no error of the tokenizer.
    }
  }

 private:
  int next() { return cur_ < text_.size() ? static_cast<unsigned char>(text_[cur_++]) : kEof; }
  int peek() const { return cur_ < text_.size() ? static_cast<unsigned char>(text_[cur_]) : kEof; }
  void back(int c) {
    if (c != kEof) --cur_;
  }
  // Where CPython puts the column of most of its tokenizer's errors: on the last byte read (the
  // start of its character).
  uint32_t last_read() const {
    uint32_t at = cur_ > 0 ? cur_ - 1 : 0;
    while (at > 0 && (static_cast<unsigned char>(text_[at]) & 0xC0) == 0x80) --at;
    return at;
  }
  // 1-based row of the byte at `at` (a "\r\n" is one line break).
  uint32_t row_of(uint32_t at) const {
    uint32_t row = 1;
    for (uint32_t i = 0; i < at && i < text_.size(); ++i)
      if (text_[i] == '\n' || (text_[i] == '\r' && (i + 1 >= text_.size() || text_[i + 1] != '\n'))) ++row;
    return row;
  }

  std::optional<TokenizerStop> error(uint32_t start, uint32_t end, std::string message,
                                     TokenizerStop::Kind kind = TokenizerStop::Kind::Error) {
    stop_ = TokenizerStop{kind, SyntaxErrorInfo{start, end, std::move(message)}, {}, logical_line_};
    return stop_;
  }
  std::optional<TokenizerStop> unknown() { return error(cur_, cur_, "", TokenizerStop::Kind::Unknown); }
  bool fail(uint32_t start, std::string message) {
    uint32_t end = start + 1;
    while (end < text_.size() && (static_cast<unsigned char>(text_[end]) & 0xC0) == 0x80) ++end;
    error(start, end, "SyntaxError: " + std::move(message));
    return false;
  }
  bool fail_at_last_read(std::string message) { return fail(last_read(), std::move(message)); }

  // The end of text inside brackets: "'(' was never closed", at the innermost.
  void unclosed() {
    uint32_t at = brackets_.back();
    error(at, at + 1, std::string("SyntaxError: '") + text_[at] + "' was never closed",
          TokenizerStop::Kind::UnclosedBracket);
    for (size_t i = brackets_.size(); i-- > 0;) {
      char open = text_[brackets_[i]];
      stop_->closers += open == '(' ? ')' : open == '[' ? ']' : '}';
    }
  }

  // Reads a line's indentation and compares it with the open blocks', as the tokenizer does for
  // a line that starts a logical line outside brackets and holds a token. False when it stops.
  bool line_start() {
    at_line_start_ = false;
    uint32_t line = cur_;
    Indentation indent;
    while (cur_ < text_.size() && indent.add(text_[cur_])) ++cur_;
    int c = peek();
    if (c == kEof || c == '\n' || c == '\r') return true;
    if (!brackets_.empty()) {
      if (dedented_ && indent.col < logical_col_) dedented_->emplace_back(line, cur_);
      return true;
    }
    if (c == '#') return true;
    if (c == '\\') {  // a backslash in the indentation: rare, and Python versions differ on it
      unknown();
      return false;
    }
    logical_line_ = line;
    logical_col_ = indent.col;
    const char* message = blocks_.line(indent);
    if (!message) return true;
    uint32_t end = cur_;  // the error spans the line's first word
    while (end < text_.size() && text_[end] != '\n' && text_[end] != '\r' && text_[end] != ' ' && text_[end] != '\t')
      ++end;
    error(cur_, end, message, TokenizerStop::Kind::Indentation);
    return false;
  }

  bool closing(char c, uint32_t at) {
    if (brackets_.empty()) return fail(at, std::string("unmatched '") + c + "'");
    uint32_t open_at = brackets_.back();
    brackets_.pop_back();
    char open = text_[open_at];
    if ((open == '(' && c == ')') || (open == '[' && c == ']') || (open == '{' && c == '}')) return true;
    std::string message = std::string("closing parenthesis '") + c + "' does not match opening parenthesis '" + open + "'";
    uint32_t open_row = row_of(open_at);
    if (open_row != row_of(at)) message += " on line " + std::to_string(open_row);
    return fail(at, std::move(message));
  }

  // A name, or a string with a prefix (`b"`, `Rb'`, `f"""`...).
  bool name_or_string(int c, uint32_t start) {
    bool b = false, r = false, u = false, f = false;
    for (;;) {
      if (!(b || u || f) && (c == 'b' || c == 'B')) b = true;
      else if (!(b || u || r || f) && (c == 'u' || c == 'U')) u = true;
      else if (!(r || u) && (c == 'r' || c == 'R')) r = true;
      else if (!(f || b || u) && (c == 'f' || c == 'F')) f = true;
      else break;
      c = next();
      if (c == '\'' || c == '"') return string(c, start);
    }
    bool ascii = true;
    while (may_continue_name(c)) {
      if (c >= 128) ascii = false;
      c = next();
    }
    back(c);
    return ascii || verify_name(start, cur_);
  }

  // A name with non-ASCII characters: CPython stops at the first character no name may hold
  // there. Decided only while every character before it is known to be fine anywhere.
  bool verify_name(uint32_t start, uint32_t end) {
    uint32_t i = start;
    while (i < end) {
      unsigned char lead = static_cast<unsigned char>(text_[i]);
      if (lead < 128) {
        ++i;
        continue;
      }
      uint32_t len = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
      if (len == 1 || i + len > end) {
        unknown();
        return false;
      }
      char32_t cp = lead & (0x7F >> len);
      for (uint32_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(text_[i + k]) & 0x3F);
      NameChar what = name_char(cp);
      if (what == kName) {
        i += len;
        continue;
      }
      if (what == kUnknown) {
        unknown();
        return false;
      }
      char hex[12];
      std::snprintf(hex, sizeof hex, "%04X", static_cast<unsigned>(cp));
      if (what == kNonPrintable) return fail(i, std::string("invalid non-printable character U+") + hex);
      return fail(i, "invalid character '" + std::string(text_.substr(i, len)) + "' (U+" + hex + ")");
    }
    return true;
  }

  // After a number, the next character: a letter or digit glued to it is an error, except the
  // start of a keyword that may follow a number in valid code (`1if x else y`: only a warning).
  bool end_of_number(int c, const char* kind) {
    bool keyword = false;
    auto followed_by = [&](std::string_view rest) { return text_.substr(cur_, rest.size()) == rest; };
    if (c == 'a') keyword = followed_by("nd");
    else if (c == 'e') keyword = followed_by("lse");
    else if (c == 'f') keyword = followed_by("or");
    else if (c == 'i') keyword = peek() == 'f' || peek() == 'n' || peek() == 's';
    else if (c == 'o') keyword = followed_by("r");
    else if (c == 'n') keyword = followed_by("ot");
    if (keyword || c >= 128 || !may_continue_name(c)) return true;
    back(c);
    return fail_at_last_read(std::string("invalid ") + kind + " literal");
  }
  // Digits with single underscores between them; returns the first byte after them, or 0 after
  // an error.
  int decimal_tail() {
    for (;;) {
      int c;
      do c = next(); while (is_digit(c));
      if (c != '_') return c;
      c = next();
      if (!is_digit(c)) {
        back(c);
        fail_at_last_read("invalid decimal literal");
        return 0;
      }
    }
  }
  // Digits of a base (`digit` tells them) after `0x`/`0o`/`0b`, with single underscores.
  bool radix_digits(bool (*digit)(int), const char* kind, bool decimal_is_wrong) {
    int c = next();
    do {
      if (c == '_') c = next();
      if (!digit(c)) {
        if (decimal_is_wrong && is_digit(c))
          return fail_at_last_read(std::string("invalid digit '") + static_cast<char>(c) + "' in " + kind + " literal");
        back(c);
        return fail_at_last_read(std::string("invalid ") + kind + " literal");
      }
      do c = next(); while (digit(c));
    } while (c == '_');
    if (decimal_is_wrong && is_digit(c))
      return fail_at_last_read(std::string("invalid digit '") + static_cast<char>(c) + "' in " + kind + " literal");
    if (!end_of_number(c, kind)) return false;
    back(c);
    return true;
  }

  bool number(int c, uint32_t start) {
    enum { Integer, Fraction, Exponent, Imaginary } part = Integer;
    if (c == '.') {
      c = next();
      part = Fraction;
    } else if (c == '0') {
      c = next();
      if (c == 'x' || c == 'X') return radix_digits(is_hex_digit, "hexadecimal", false);
      if (c == 'o' || c == 'O') return radix_digits([](int d) { return d >= '0' && d <= '7'; }, "octal", true);
      if (c == 'b' || c == 'B') return radix_digits([](int d) { return d == '0' || d == '1'; }, "binary", true);
      bool nonzero = false;
      for (;;) {
        if (c == '_') {
          c = next();
          if (!is_digit(c)) {
            back(c);
            return fail_at_last_read("invalid decimal literal");
          }
        }
        if (c != '0') break;
        c = next();
      }
      uint32_t zeros_end = cur_;
      if (is_digit(c)) {
        nonzero = true;
        if ((c = decimal_tail()) == 0) return false;
      }
      if (c == '.') {
        c = next();
        part = Fraction;
      } else if (c == 'e' || c == 'E') {
        part = Exponent;
      } else if (c == 'j' || c == 'J') {
        part = Imaginary;
      } else if (nonzero) {
        error(start, zeros_end,
              "SyntaxError: leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal "
              "integers");
        return false;
      } else {
        if (!end_of_number(c, "decimal")) return false;
        back(c);
        return true;
      }
    } else {
      if ((c = decimal_tail()) == 0) return false;
      if (c == '.') {
        c = next();
        part = Fraction;
      }
    }
    if (part == Fraction) {
      if (is_digit(c) && (c = decimal_tail()) == 0) return false;
      part = Integer;
    }
    if (part == Integer && (c == 'e' || c == 'E')) part = Exponent;
    if (part == Exponent) {
      int e = c;
      c = next();
      if (c == '+' || c == '-') {
        c = next();
        if (!is_digit(c)) {
          back(c);
          return fail_at_last_read("invalid decimal literal");
        }
      } else if (!is_digit(c)) {
        back(c);
        if (!end_of_number(e, "decimal")) return false;
        back(e);
        return true;
      }
      if ((c = decimal_tail()) == 0) return false;
      part = Integer;
    }
    if (part == Imaginary || c == 'j' || c == 'J') {
      c = next();
      if (!end_of_number(c, "imaginary")) return false;
    } else if (!end_of_number(c, "decimal")) {
      return false;
    }
    back(c);
    return true;
  }

  // A string from its opening quote `quote` (already read); `start` is where its prefix starts.
  bool string(int quote, uint32_t start) {
    int size = 1, end_quotes = 0;
    int c = next();
    if (c == quote) {
      c = next();
      if (c == quote) size = 3;
      else end_quotes = 1;  // the empty string
    }
    if (c != quote) back(c);
    while (end_quotes != size) {
      uint32_t at = cur_;
      c = next();
      if (c == kEof || (size == 1 && (c == '\n' || c == '\r'))) {
        uint32_t row = c == kEof ? row_of(static_cast<uint32_t>(text_.size())) : row_of(at);
        // The text's last line break ends no line of its own.
        if (c == kEof && !text_.empty() && (text_.back() == '\n' || text_.back() == '\r')) --row;
        return fail(start, std::string(size == 3 ? "unterminated triple-quoted string literal" : "unterminated string literal") +
                               " (detected at line " + std::to_string(row) + ")");
      }
      if (c == quote) {
        ++end_quotes;
      } else {
        end_quotes = 0;
        if (c == '\\') {
          c = next();
          if (c == '\r' && peek() == '\n') next();
        }
      }
    }
    return true;
  }

  std::string_view text_;
  uint32_t cur_ = 0;
  bool at_line_start_ = true;
  uint32_t logical_line_ = 0;          // where the current logical line starts
  uint32_t logical_col_ = 0;           // and its indentation
  std::vector<std::pair<uint32_t, uint32_t>>* dedented_ = nullptr;
  IndentStack blocks_;  // the open blocks' indentation
  std::vector<uint32_t> brackets_;     // where each open bracket is
  std::optional<TokenizerStop> stop_;
};

}  // namespace

std::optional<TokenizerStop> first_tokenizer_stop(std::string_view text) {
  if (text.size() >= UINT32_MAX) return std::nullopt;
  return Scanner(text).run();
}

std::vector<std::pair<uint32_t, uint32_t>> dedented_bracket_lines(std::string_view text) {
  std::vector<std::pair<uint32_t, uint32_t>> lines;
  if (text.size() >= UINT32_MAX) return lines;
  Scanner scanner(text);
  scanner.note_dedented_bracket_lines(&lines);
  if (scanner.run()) lines.clear();
  return lines;
}

std::optional<SyntaxErrorInfo> number_literal_error(std::string_view text, uint32_t start) {
  if (text.size() >= UINT32_MAX || start >= text.size()) return std::nullopt;
  return Scanner(text).number_at(start);
}

}  // namespace pml
