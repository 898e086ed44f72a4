#include "analyzer/notebook.h"

#include <algorithm>
#include <array>
#include <optional>

#include "analyzer/diff.h"
#include "analyzer/source.h"

namespace pml {

using nlohmann::ordered_json;

bool is_notebook_path(std::string_view path) {
  constexpr std::string_view ext = ".ipynb";
  return path.size() > ext.size() && path.substr(path.size() - ext.size()) == ext;
}

std::vector<uint32_t> Notebook::cell_numbers() const {
  std::vector<uint32_t> out;
  out.reserve(cell_index.size());
  for (uint32_t i : cell_index) out.push_back(i + 1);
  return out;
}

namespace {

// nlohmann's messages start with "[json.exception.parse_error.101] "; people need the rest.
std::string json_reason(const std::exception& e) {
  std::string_view what = e.what();
  if (!what.empty() && what.front() == '[') {
    size_t close = what.find("] ");
    if (close != std::string_view::npos) what.remove_prefix(close + 2);
  }
  return std::string(what);
}

// The input's layout: indentation of the first member, line endings.
void detect_layout(std::string_view body, Notebook& nb) {
  nb.crlf = false;
  if (size_t nl = body.find('\n'); nl != std::string_view::npos) nb.crlf = nl > 0 && body[nl - 1] == '\r';
  size_t brace = body.find('{');
  size_t p = brace + 1;
  if (brace == std::string_view::npos || p >= body.size() || (body[p] != '\n' && body[p] != '\r')) {
    nb.indent = -1;  // `{"cells": ...` on one line
    return;
  }
  while (p < body.size() && (body[p] == '\n' || body[p] == '\r')) ++p;
  size_t q = p;
  while (q < body.size() && (body[q] == ' ' || body[q] == '\t')) ++q;
  nb.indent = static_cast<int>(q - p);
  nb.indent_char = q > p ? body[p] : ' ';
}

// A cell's text from its `source`: a string, or a list of strings to be joined.
std::optional<std::string> source_text(const ordered_json& source) {
  if (source.is_string()) return source.get<std::string>();
  if (!source.is_array()) return std::nullopt;
  std::string out;
  for (const auto& piece : source) {
    if (!piece.is_string()) return std::nullopt;
    out += piece.get_ref<const std::string&>();
  }
  return out;
}

// Splits text after each "\n" (a "\r\n" stays whole), as notebooks store `source`.
ordered_json source_lines(std::string_view text) {
  ordered_json lines = ordered_json::array();
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
    lines.push_back(std::string(text.substr(start, end - start)));
    start = end;
  }
  return lines;
}

using Span = std::pair<size_t, size_t>;

// A cursor over JSON text that nlohmann has already accepted, telling where values are in the
// bytes (which nlohmann's parser does not). It walks only the levels asked for and skips any
// other value by counting brackets outside strings, so deep nesting costs no stack. Every step
// returns false on text that is not JSON, so a mistake shows instead of writing a wrong file.
class JsonCursor {
 public:
  JsonCursor(std::string_view text, size_t at) : t_(text), i_(at) {}

  // Whether the next value starts with `c` (whitespace skipped).
  bool at(char c) {
    skip_ws();
    return i_ < t_.size() && t_[i_] == c;
  }

  // Skips the next value, returning its byte range.
  std::optional<Span> value() {
    skip_ws();
    const size_t start = i_;
    if (i_ >= t_.size()) return std::nullopt;
    const char c = t_[i_];
    if (c == '"') {
      if (!skip_string()) return std::nullopt;
    } else if (c == '[' || c == '{') {
      size_t depth = 0;
      for (;;) {
        if (i_ >= t_.size()) return std::nullopt;
        const char ch = t_[i_];
        if (ch == '"') {
          if (!skip_string()) return std::nullopt;
          continue;
        }
        ++i_;
        if (ch == '[' || ch == '{') {
          ++depth;
        } else if (ch == ']' || ch == '}') {
          if (--depth == 0) break;
        }
      }
    } else {
      // A number, `true`, `false` or `null`: up to the next delimiter.
      while (i_ < t_.size() && !is_ws(t_[i_]) && t_[i_] != ',' && t_[i_] != ']' && t_[i_] != '}') ++i_;
      if (i_ == start) return std::nullopt;
    }
    return Span{start, i_};
  }

  // Walks an object's members: `member(key)` is called with the cursor at each member's value
  // and must consume it.
  template <class Member>
  bool members(const Member& member) {
    if (!eat('{')) return false;
    if (eat('}')) return true;
    for (;;) {
      skip_ws();
      const size_t start = i_;
      if (!skip_string()) return false;
      std::optional<std::string> key = decode_string(t_.substr(start, i_ - start));
      if (!key || !eat(':') || !member(*key)) return false;
      if (eat(',')) continue;
      return eat('}');
    }
  }

  // Walks an array's elements: `element()` is called with the cursor at each one and must
  // consume it.
  template <class Element>
  bool elements(const Element& element) {
    if (!eat('[')) return false;
    if (eat(']')) return true;
    for (;;) {
      if (!element()) return false;
      if (eat(',')) continue;
      return eat(']');
    }
  }

  // A JSON string literal's value (escapes decoded).
  static std::optional<std::string> decode_string(std::string_view literal) {
    if (literal.find('\\') == std::string_view::npos) return std::string(literal.substr(1, literal.size() - 2));
    try {
      return ordered_json::parse(literal).get<std::string>();
    } catch (const ordered_json::exception&) {
      return std::nullopt;
    }
  }

 private:
  static bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
  void skip_ws() {
    while (i_ < t_.size() && is_ws(t_[i_])) ++i_;
  }
  bool eat(char c) {
    if (!at(c)) return false;
    ++i_;
    return true;
  }
  // At a `"`: moves past the closing quote.
  bool skip_string() {
    if (!at('"')) return false;
    for (++i_; i_ < t_.size(); ++i_) {
      if (t_[i_] == '\\') {
        ++i_;
      } else if (t_[i_] == '"') {
        ++i_;
        return true;
      }
    }
    return false;
  }

  std::string_view t_;
  size_t i_;
};

// The byte range of each cell's `source` value, by position among all cells (nullopt for a cell
// that is not an object or has none), from the document starting at `at`. Where a key repeats,
// the last one counts, as it does for nlohmann's parser.
std::optional<std::vector<std::optional<Span>>> find_source_spans(std::string_view text, size_t at) {
  JsonCursor c(text, at);
  std::vector<std::optional<Span>> cells;
  bool ok = c.members([&](const std::string& key) {
    if (key != "cells" || !c.at('[')) return c.value().has_value();
    cells.clear();
    return c.elements([&] {
      std::optional<Span> source;
      bool cell_ok = c.at('{') ? c.members([&](const std::string& k) {
        auto v = c.value();
        if (v && k == "source") source = v;
        return v.has_value();
      })
                               : c.value().has_value();
      cells.push_back(source);
      return cell_ok;
    });
  });
  if (!ok) return std::nullopt;
  return cells;
}

// Whether a `source` list holds one line per element (nbformat's way) rather than, say, the whole
// text in one element (as some generators write it).
bool one_line_per_element(const ordered_json& source) {
  for (size_t i = 0; i < source.size(); ++i) {
    const std::string& piece = source[i].get_ref<const std::string&>();
    size_t nl = piece.find('\n');
    if (nl != std::string::npos && nl + 1 != piece.size()) return false;
    if (nl == std::string::npos && i + 1 != source.size()) return false;
  }
  return true;
}

}  // namespace

std::optional<Notebook> parse_notebook(std::string_view bytes, std::string* error) {
  auto fail = [&](std::string reason) {
    if (error) *error = "invalid notebook: " + std::move(reason);
    return std::nullopt;
  };
  Notebook nb;
  std::string_view body = bytes;
  if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);  // kept in `bytes`
  size_t bad = 0;
  if (!is_valid_utf8(body, &bad)) return fail("not valid UTF-8 (invalid byte at offset " + std::to_string(bad) + ")");
  ordered_json doc;
  try {
    doc = ordered_json::parse(body);
  } catch (const ordered_json::exception& e) {
    return fail("not valid JSON: " + json_reason(e));
  }
  if (!doc.is_object()) return fail("the top level is not a JSON object");
  auto version = doc.find("nbformat");
  if (version == doc.end()) return fail("no `nbformat` key: not a Jupyter notebook");
  if (!version->is_number_integer() || version->get<int64_t>() != 4)
    return fail("only nbformat 4 is supported (the file has nbformat " + version->dump() + ")");
  auto cells = doc.find("cells");
  if (cells == doc.end() || !cells->is_array()) return fail("`cells` is missing or not a list");
  const size_t body_start = bytes.size() - body.size();
  const auto spans = find_source_spans(bytes, body_start);
  if (!spans || spans->size() != cells->size()) return fail("the cells could not be located in the file's text");
  for (size_t i = 0; i < cells->size(); ++i) {
    const ordered_json& cell = (*cells)[i];
    const std::string where = "cell " + std::to_string(i + 1);
    if (!cell.is_object()) return fail(where + " is not a JSON object");
    auto type = cell.find("cell_type");
    if (type == cell.end() || !type->is_string()) return fail(where + " has no `cell_type`");
    if (type->get_ref<const std::string&>() != "code") continue;
    auto source = cell.find("source");
    std::optional<std::string> text = source == cell.end() ? std::nullopt : source_text(*source);
    if (!text) return fail(where + ": `source` is missing or not a string or a list of strings");
    if (text->find('\0') != std::string::npos) return fail(where + " contains a NUL character");
    if (!(*spans)[i]) return fail(where + ": its `source` could not be located in the file's text");
    nb.cell_index.push_back(static_cast<uint32_t>(i));
    nb.sources.push_back(std::move(*text));
    nb.source_spans.push_back(*(*spans)[i]);
  }
  // Like Ruff, a notebook whose kernel runs another language is not linted.
  if (auto meta = doc.find("metadata"); meta != doc.end() && meta->is_object()) {
    if (auto info = meta->find("language_info"); info != meta->end() && info->is_object()) {
      auto name = info->find("name");
      if (name != info->end() && name->is_string() && name->get_ref<const std::string&>() != "python")
        nb.is_python = false;
    }
  }
  detect_layout(body, nb);
  nb.ascii = is_ascii(body);
  nb.bytes = std::string(bytes);
  return nb;
}

namespace {

// A JSON string as nbformat writes it (Python's json.dumps, which escapes exactly what nlohmann
// does: quotes, backslashes, control characters), non-ASCII text escaped when `ascii`.
std::string json_string(std::string_view text, bool ascii) {
  return ordered_json(std::string(text)).dump(-1, ' ', ascii, ordered_json::error_handler_t::strict);
}

// The new `source` value for a cell whose value was `old` (bytes [span) of the notebook).
std::string source_value(const Notebook& nb, Span span, const std::string& text) {
  const std::string_view bytes = nb.bytes;
  const std::string_view old = bytes.substr(span.first, span.second - span.first);
  if (old.front() == '"') return json_string(text, nb.ascii);

  // A list: one string per line, or the whole text in one string when the old list was not
  // one line per element.
  const ordered_json parsed = ordered_json::parse(old);
  std::vector<std::string> pieces;
  if (one_line_per_element(parsed)) {
    for (const auto& line : source_lines(text)) pieces.push_back(line.get<std::string>());
  } else {
    pieces.push_back(text);
  }
  if (pieces.empty()) return "[]";

  // What goes after `[`, between elements and before `]`: as in the old list.
  std::vector<Span> items;
  JsonCursor c(bytes, span.first);
  c.elements([&] {
    auto v = c.value();
    if (v) items.push_back(*v);
    return v.has_value();
  });
  auto between = [&](size_t a, size_t b) { return std::string(bytes.substr(a, b - a)); };
  // `"source": [` or `"source":[`: Python's separators with and without spaces.
  const bool spaced = span.first > 0 && (bytes[span.first - 1] == ' ' || bytes[span.first - 1] == '\t');
  std::string open, separator, close;
  if (!items.empty()) {
    open = between(span.first + 1, items.front().first);
    close = between(items.back().second, span.second - 1);
    if (items.size() >= 2)
      separator = between(items[0].second, items[1].first);
    else
      separator = "," + (open.find('\n') != std::string::npos ? open : std::string(spaced ? " " : ""));
  } else if (nb.indent >= 0) {
    // `[]` in an indented notebook: the elements one level deeper than the `"source"` line.
    const size_t newline_at = bytes.rfind('\n', span.first);
    const size_t line_start = newline_at == std::string_view::npos ? 0 : newline_at + 1;
    size_t k = line_start;
    while (k < span.first && (bytes[k] == ' ' || bytes[k] == '\t')) ++k;
    const std::string key_indent(bytes.substr(line_start, k - line_start));
    const std::string newline = nb.crlf ? "\r\n" : "\n";
    open = newline + key_indent + std::string(static_cast<size_t>(nb.indent), nb.indent_char);
    separator = "," + open;
    close = newline + key_indent;
  } else {
    separator = spaced ? ", " : ",";
  }
  std::string out = "[" + open;
  for (size_t i = 0; i < pieces.size(); ++i) {
    if (i > 0) out += separator;
    out += json_string(pieces[i], nb.ascii);
  }
  return out + close + "]";
}

}  // namespace

std::string serialize_notebook(const Notebook& nb, const std::vector<std::string>& sources) {
  // The cells' `source` values come in file order, so the unchanged bytes between them are
  // copied in order.
  std::string out;
  out.reserve(nb.bytes.size() + 256);
  size_t copied = 0;
  for (size_t k = 0; k < nb.sources.size() && k < sources.size(); ++k) {
    if (sources[k] == nb.sources[k]) continue;
    const Span span = nb.source_spans[k];
    out.append(nb.bytes, copied, span.first - copied);
    out += source_value(nb, span, sources[k]);
    copied = span.second;
  }
  out.append(nb.bytes, copied, std::string::npos);
  return out;
}

namespace {


size_t line_end(const std::string& t, size_t i) {
  while (i < t.size() && t[i] != '\n' && t[i] != '\r') ++i;
  return i;
}

size_t after_terminator(const std::string& t, size_t i) {
  if (i < t.size() && t[i] == '\r') {
    ++i;
    if (i < t.size() && t[i] == '\n') ++i;
  } else if (i < t.size() && t[i] == '\n') {
    ++i;
  }
  return i;
}

// Where a magic starting at `from` ends: the end of its line, continued while lines end with `\`.
size_t magic_end(const std::string& t, size_t from) {
  size_t end = line_end(t, from);
  while (end > from && t[end - 1] == '\\' && end < t.size()) end = line_end(t, after_terminator(t, end));
  return end;
}

// Cell magics whose body is Python run in the kernel (Ruff treats the same ones as transparent):
// IPython's, and ipytest's `%%ipytest`, which runs the cell and then the tests it defines.
bool is_python_cell_magic(std::string_view name) {
  static constexpr std::array<std::string_view, 9> names{"capture", "debug",   "ipytest", "prun",  "pypy",
                                                         "python",  "python3", "time",    "timeit"};
  return std::find(names.begin(), names.end(), name) != names.end();
}

// The names IPython runs as line magics: IPython 8's own (`%lsmagic`), ipykernel's (autosave,
// clear, connect_info, less, man, more, qtconsole), later versions' (code_wrap, mamba,
// micromamba), and the shell aliases it defines by default (ls, cat, cp, ...), which are magics too.
bool is_line_magic(std::string_view name) {
  static constexpr std::string_view names[] = {  // sorted
      "alias", "alias_magic", "autoawait", "autocall", "automagic", "autosave", "bookmark", "cat", "cd", "clear",
      "code_wrap", "colors", "conda", "config", "connect_info", "cp", "debug", "dhist", "dirs", "doctest_mode", "ed",
      "edit", "env", "gui", "hist", "history", "killbgscripts", "ldir", "less", "lf", "lk", "ll", "load", "load_ext",
      "loadpy", "logoff", "logon", "logstart", "logstate", "logstop", "ls", "lsmagic", "lx", "macro", "magic",
      "mamba", "man", "matplotlib", "micromamba", "mkdir", "more", "mv", "notebook", "page", "pastebin", "pdb",
      "pdef", "pdoc", "pfile", "pinfo", "pinfo2", "pip", "popd", "pprint", "precision", "prun", "psearch", "psource",
      "pushd", "pwd", "pycat", "pylab", "qtconsole", "quickref", "recall", "rehashx", "reload_ext", "rep", "rerun",
      "reset", "reset_selective", "rm", "rmdir", "run", "save", "sc", "set_env", "sx", "system", "tb", "time",
      "timeit", "unalias", "unload_ext", "who", "who_ls", "whos", "xdel", "xmode",
  };
  return std::binary_search(std::begin(names), std::end(names), name);
}

// Where the first line of `t` holding more than blanks starts (IPython drops the blank lines before
// a cell's first), or nullopt.
std::optional<size_t> first_nonblank_line(const std::string& t) {
  for (size_t p = 0; p < t.size();) {
    size_t q = p;
    while (q < t.size() && is_blank(t[q])) ++q;
    if (q >= t.size()) return std::nullopt;
    if (t[q] != '\n' && t[q] != '\r') return p;
    p = after_terminator(t, q);
  }
  return std::nullopt;
}

// Where the line starts when `t`, a cell's text, is a line IPython runs as an automagic: a line
// magic called without its `%` (`pip install numpy`, `ls -sh *.h5`, `cd ..`). IPython 7 and later
// rewrite only a cell of one line (blank lines before it aside) whose first word is a line magic's
// name, unless what follows the name starts with `=`, `,` or an operator (the line is Python
// then, as in `time = 5`), or a variable or builtin of that name exists, which is not known here.
std::optional<size_t> automagic_line(const std::string& t) {
  std::optional<size_t> start = first_nonblank_line(t);
  if (!start) return std::nullopt;
  size_t q = *start;
  while (is_blank(t[q])) ++q;
  size_t end = line_end(t, q);
  if (after_terminator(t, end) != t.size()) return std::nullopt;  // more than one line
  // The name: IPython takes a run of word characters, dots and stars (any non-ASCII byte is part
  // of a word, which then names no magic).
  size_t n = q;
  while (n < end && (std::isalnum(static_cast<unsigned char>(t[n])) || t[n] == '_' || t[n] == '.' || t[n] == '*' ||
                     static_cast<unsigned char>(t[n]) >= 0x80))
    ++n;
  if (!is_line_magic(std::string_view(t).substr(q, n - q))) return std::nullopt;
  while (n < end && is_blank(t[n])) ++n;
  if (n < end && std::string_view("!=()<>,+*/%^&|").find(t[n]) != std::string_view::npos) return std::nullopt;
  return *start;
}

// `=` at `i` is an assignment's (not `==`, `!=`, `<=`, `+=`, `:=`...).
bool is_plain_assignment(const std::string& t, size_t i) {
  if (i + 1 < t.size() && t[i + 1] == '=') return false;
  if (i == 0) return true;
  constexpr std::string_view before = "=!<>+-*/%&|^@:";
  return before.find(t[i - 1]) == std::string_view::npos;
}

}  // namespace

std::vector<std::pair<uint32_t, uint32_t>> mask_magics(std::string& t, Parser* parser) {
  std::vector<std::pair<uint32_t, uint32_t>> masked;
  auto mask = [&](size_t a, size_t b, bool placeholder) {
    if (a >= b) return;
    for (size_t i = a; i < b; ++i)
      if (t[i] != '\n' && t[i] != '\r') t[i] = ' ';
    if (placeholder) t[a] = '_';
    masked.emplace_back(static_cast<uint32_t>(a), static_cast<uint32_t>(b));
  };
  // An automagic line is masked only when it is not Python: `ls -l` or `pwd` alone may read
  // variables, and what IPython runs then depends on whether they exist.
  if (parser)
    if (std::optional<size_t> start = automagic_line(t); start && analyze(t, *parser, {}, nullptr, true)->syntax_error) {
      mask(*start, line_end(t, *start), true);
      return masked;
    }

  size_t i = 0;
  // A cell magic is the first non-blank line. A Python one (`%%time`) is masked and its body
  // linted; any other (`%%bash`, `%%sql`) makes the whole cell foreign text.
  if (std::optional<size_t> first = first_nonblank_line(t)) {
    size_t q = *first;
    while (is_blank(t[q])) ++q;
    size_t e = line_end(t, q);
    if (t.compare(q, 2, "%%") == 0) {
      size_t n = q + 2;
      while (n < e && !is_blank(t[n])) ++n;
      if (!is_python_cell_magic(std::string_view(t).substr(q + 2, n - q - 2))) {
        mask(0, t.size(), false);
        return masked;
      }
      size_t end = magic_end(t, q);
      mask(q, end, true);
      i = after_terminator(t, end);
    }
  }

  int depth = 0;             // open brackets
  char quote = 0;            // the open string's quote character
  bool triple = false;
  bool continued = false;    // the previous line ended with a backslash
  bool at_line_start = true;
  size_t logical_start = std::string::npos;
  bool help = false;         // a `?` outside strings: the logical line is a help request
  auto end_of_logical_line = [&](size_t at) {
    if (help && logical_start != std::string::npos) mask(logical_start, at, true);
    help = false;
    logical_start = std::string::npos;
  };
  while (i < t.size()) {
    if (at_line_start) {
      at_line_start = false;
      if (quote == 0 && depth == 0 && !continued) {
        size_t q = i;
        while (q < t.size() && is_blank(t[q])) ++q;
        logical_start = q;
        help = false;
        if (q < t.size() && (t[q] == '%' || t[q] == '!' || t[q] == '?')) {
          size_t end = magic_end(t, q);
          mask(q, end, true);
          logical_start = std::string::npos;
          i = after_terminator(t, end);
          at_line_start = true;
          continue;
        }
      }
      continued = false;
    }
    const char c = t[i];
    if (quote) {
      if (c == '\\') {
        i += (i + 2 < t.size() && t[i + 1] == '\r' && t[i + 2] == '\n') ? 3 : 2;
      } else if (c == quote && (!triple || t.compare(i, 3, std::string(3, quote)) == 0)) {
        i += triple ? 3 : 1;
        quote = 0;
      } else if (c == '\n' || c == '\r') {
        if (!triple) quote = 0;  // an unterminated string ends with its line (the parser reports it)
        if (!triple && depth == 0) end_of_logical_line(i);
        i = after_terminator(t, i);
        at_line_start = true;
      } else {
        ++i;
      }
      continue;
    }
    switch (c) {
      case '#':
        i = line_end(t, i);
        continue;
      case '\'':
      case '"':
        triple = t.compare(i, 3, std::string(3, c)) == 0;
        quote = c;
        i += triple ? 3 : 1;
        continue;
      case '(':
      case '[':
      case '{':
        ++depth;
        break;
      case ')':
      case ']':
      case '}':
        if (depth > 0) --depth;
        break;
      case '?':
        help = true;
        break;
      case '\\':
        if (i + 1 < t.size() && (t[i + 1] == '\n' || t[i + 1] == '\r')) {
          continued = true;
          i = after_terminator(t, i + 1);
          at_line_start = true;
          continue;
        }
        break;
      case '=':
        if (depth == 0 && is_plain_assignment(t, i)) {
          size_t q = i + 1;
          while (q < t.size() && is_blank(t[q])) ++q;
          if (q < t.size() && (t[q] == '!' || t[q] == '%')) {
            size_t end = magic_end(t, q);
            mask(q, end, true);
            i = end;
            continue;
          }
        }
        break;
      case '\n':
      case '\r':
        if (depth == 0) end_of_logical_line(i);
        i = after_terminator(t, i);
        at_line_start = true;
        continue;
      default:
        break;
    }
    ++i;
  }
  if (quote == 0 && depth == 0) end_of_logical_line(t.size());
  std::sort(masked.begin(), masked.end());
  return masked;
}

namespace {
// The last span whose `key` is at most `value` (the first one when none is).
template <typename Key>
const ConcatenatedCells::Span* last_span_from(const std::vector<ConcatenatedCells::Span>& spans, uint32_t value,
                                              Key key) {
  if (spans.empty()) return nullptr;
  auto it = std::upper_bound(spans.begin(), spans.end(), value,
                             [&](uint32_t v, const ConcatenatedCells::Span& s) { return v < key(s); });
  return it == spans.begin() ? &spans.front() : &*std::prev(it);
}
}  // namespace

const ConcatenatedCells::Span* ConcatenatedCells::span_of_row(uint32_t row) const {
  return last_span_from(spans, row, [](const Span& s) { return s.first_row; });
}

const ConcatenatedCells::Span* ConcatenatedCells::span_of_offset(uint32_t offset) const {
  return last_span_from(spans, offset, [](const Span& s) { return s.start; });
}

std::optional<size_t> ConcatenatedCells::span_of_fix(const Fix& fix) const {
  if (fix.edits.empty()) return std::nullopt;
  for (const Edit& e : fix.edits)
    for (const auto& [a, b] : masked)
      if (e.start < b && a < e.end) return std::nullopt;
  // The first cell holding every edit: an insertion where two cells meet goes to the end of the
  // earlier one unless another edit of the fix is in the later one.
  for (size_t k = 0; k < spans.size(); ++k) {
    const Span& s = spans[k];
    if (std::all_of(fix.edits.begin(), fix.edits.end(),
                    [&](const Edit& e) { return s.start <= e.start && e.end <= s.end; }))
      return k;
  }
  return std::nullopt;
}

ConcatenatedCells concatenate_cells(const std::vector<std::string>& sources,
                                    const std::vector<uint32_t>& cell_numbers, Parser* parser) {
  ConcatenatedCells cc;
  for (size_t k = 0; k < sources.size(); ++k) {
    const std::string& source = sources[k];
    if (source.empty()) continue;
    ConcatenatedCells::Span span;
    span.cell = k < cell_numbers.size() ? cell_numbers[k] : static_cast<uint32_t>(k + 1);
    span.source = static_cast<uint32_t>(k);
    span.start = static_cast<uint32_t>(cc.original.size());
    std::string masked = source;
    for (const auto& [a, b] : mask_magics(masked, parser)) cc.masked.emplace_back(a + span.start, b + span.start);
    cc.original += source;
    cc.text += masked;
    span.end = static_cast<uint32_t>(cc.original.size());
    if (source.back() != '\n' && source.back() != '\r') {
      cc.original += '\n';
      cc.text += '\n';
    }
    cc.spans.push_back(span);
  }
  const LineIndex lines(cc.original);
  for (auto& span : cc.spans) span.first_row = lines.row_of(span.start);
  return cc;
}

LintResult lint_cells(const std::vector<std::string>& sources, const std::vector<uint32_t>& cell_numbers,
                      const Settings& settings, Parser& parser) {
  return lint_cells(concatenate_cells(sources, cell_numbers, &parser), settings, parser);
}

LintResult lint_cells(const ConcatenatedCells& cc, const Settings& settings, Parser& parser) {
  const RowNamer names = [&cc](uint32_t row) {
    const auto* span = cc.span_of_row(row - 1);
    if (!span) return "line " + std::to_string(row);
    return "cell " + std::to_string(span->cell) + ", line " + std::to_string(row - span->first_row);
  };
  std::vector<uint32_t> cell_ends;
  for (const auto& span : cc.spans) cell_ends.push_back(span.end);
  LintResult result = lint(cc.text, "\n", settings, parser, &names, nullptr, &cell_ends);
  const LineIndex lines(cc.original);
  auto to_cell = [&](Location& l) {
    if (const auto* span = cc.span_of_row(l.row - 1)) l.row -= span->first_row;
  };
  for (Diagnostic& d : result.diagnostics) {
    if (d.fix && d.fix->applicability != Applicability::DisplayOnly && !cc.span_of_fix(*d.fix))
      d.fix->applicability = Applicability::DisplayOnly;
    const auto* span = cc.span_of_row(d.location.row - 1);
    if (!span) continue;
    // Shown as the user wrote it, not as masked.
    d.source_line = std::string(lines.line_text(d.location.row - 1));
    d.cell = span->cell;
    d.noqa_row -= span->first_row;
    to_cell(d.location);
    to_cell(d.end_location);
    for (auto& [from, to] : d.edit_locations) {
      to_cell(from);
      to_cell(to);
    }
  }
  return result;
}

FixRounds<std::vector<std::string>> fix_cells(std::vector<std::string> sources,
                                              const std::vector<uint32_t>& cell_numbers, const Settings& settings,
                                              Parser& parser, Applicability minimum) {
  auto lint_state = [&](const std::vector<std::string>& state) {
    return lint_cells(state, cell_numbers, settings, parser);
  };
  // One round: each applicable fix moves into the cell holding it, then each cell is fixed alone.
  auto apply = [&](std::vector<std::string>& state, const std::vector<Diagnostic>& diagnostics, Applicability min,
                   std::map<std::string, uint32_t>* counts) -> size_t {
    const ConcatenatedCells cc = concatenate_cells(state, cell_numbers, &parser);
    std::vector<std::vector<Diagnostic>> per_span(cc.spans.size());
    for (const Diagnostic& d : diagnostics) {
      if (!d.fix || !is_applicable(*d.fix, min)) continue;
      auto k = cc.span_of_fix(*d.fix);
      if (!k) continue;
      Fix moved = *d.fix;
      for (Edit& e : moved.edits) {
        e.start -= cc.spans[*k].start;
        e.end -= cc.spans[*k].start;
      }
      Diagnostic& local = per_span[*k].emplace_back();
      local.code = d.code;
      local.fix = std::move(moved);
    }
    size_t applied = 0;
    for (size_t k = 0; k < per_span.size(); ++k)
      if (!per_span[k].empty()) applied += apply_fixes(state[cc.spans[k].source], per_span[k], min, counts);
    return applied;
  };
  return fix_rounds(std::move(sources), lint_state, apply, minimum);
}

std::string notebook_diff(const std::vector<std::string>& before, const std::vector<std::string>& after,
                          const std::vector<uint32_t>& cell_numbers, std::string_view path) {
  std::string out;
  for (size_t k = 0; k < before.size() && k < after.size(); ++k) {
    if (before[k] == after[k]) continue;
    const uint32_t cell = k < cell_numbers.size() ? cell_numbers[k] : static_cast<uint32_t>(k + 1);
    out += unified_diff(before[k], after[k], std::string(path) + ":cell " + std::to_string(cell));
  }
  return out;
}

}  // namespace pml
