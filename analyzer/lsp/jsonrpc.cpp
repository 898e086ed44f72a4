#include "analyzer/lsp/jsonrpc.h"

#include <algorithm>
#include <cctype>

namespace pml::lsp {

namespace {

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  return true;
}

constexpr std::string_view kLengthName = "content-length:";

struct Skip {
  uint64_t bytes = 0;   // skipped before the next `Content-Length:` (or the end of input)
  std::string excerpt;  // the first of them
  bool found = false;   // false: the input ended first
};

// Consumes input up to and including the next `Content-Length:` (in any case), wherever it is.
Skip skip_to_length_name(std::istream& in) {
  constexpr size_t kExcerptBytes = 60;
  Skip skip;
  std::string head;  // the first bytes consumed, for the excerpt
  uint64_t consumed = 0;
  size_t matched = 0;
  std::streambuf* buf = in.rdbuf();
  for (;;) {
    int c = buf ? buf->sbumpc() : std::char_traits<char>::eof();
    if (c == std::char_traits<char>::eof()) {
      in.setstate(std::ios::eofbit);
      skip.bytes = consumed;
      break;
    }
    ++consumed;
    if (head.size() < kExcerptBytes + kLengthName.size()) head.push_back(static_cast<char>(c));
    char lower = static_cast<char>(std::tolower(c));
    // The name's first letter appears in it only once, so a failed match restarts at most there.
    if (lower == kLengthName[matched])
      ++matched;
    else
      matched = lower == kLengthName[0] ? 1 : 0;
    if (matched == kLengthName.size()) {
      skip.found = true;
      skip.bytes = consumed - kLengthName.size();
      break;
    }
  }
  for (char c : head.substr(0, static_cast<size_t>(std::min<uint64_t>(skip.bytes, kExcerptBytes)))) {
    auto u = static_cast<unsigned char>(c);
    if (c == '\r') skip.excerpt += "\\r";
    else if (c == '\n') skip.excerpt += "\\n";
    else if (u < 0x20 || u >= 0x7f) {
      static const char kHex[] = "0123456789abcdef";
      skip.excerpt += "\\x";
      skip.excerpt += kHex[u >> 4];
      skip.excerpt += kHex[u & 15];
    } else {
      skip.excerpt += c;
    }
  }
  if (skip.bytes > kExcerptBytes) skip.excerpt += "...";
  return skip;
}

}  // namespace

std::optional<Frame> FrameReader::next() {
  std::istream& in = in_;
  // Headers: lines up to an empty one. A bare "\n" line ending is accepted as well as "\r\n".
  std::optional<uint64_t> length;
  std::string problem;
  std::string line;
  bool any_header = false;
  for (;;) {
    if (!std::getline(in, line)) return std::nullopt;
    if (after_length_name_) {
      after_length_name_ = false;
      line.insert(0, "Content-Length:");
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) {
      if (!any_header) continue;  // stray blank lines between frames
      break;
    }
    any_header = true;
    if (starts_with_nocase(line, "content-length:")) {
      std::string_view v = std::string_view(line).substr(15);
      while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
      while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
      uint64_t n = 0;
      bool ok = !v.empty() && v.size() <= 18;
      for (char c : v) {
        if (!std::isdigit(static_cast<unsigned char>(c))) ok = false;
        n = n * 10 + static_cast<uint64_t>(c - '0');
      }
      if (ok)
        length = n;
      else
        problem = "invalid Content-Length header `" + line + "`";
    }
  }
  Frame frame;
  if (!length) {
    // Without a length the body cannot be found: the next frame starts at the next length header.
    frame.problem = problem.empty() ? "a message without a Content-Length header" : problem;
    Skip skip = skip_to_length_name(in);
    after_length_name_ = skip.found;
    if (skip.bytes > 0)
      frame.problem += "; skipped " + std::to_string(skip.bytes) + " byte" + (skip.bytes == 1 ? "" : "s") +
                       (skip.found ? " up to the next Content-Length header" : " up to the end of input") +
                       ": `" + skip.excerpt + "`";
    return frame;
  }
  if (*length > kMaxFrameBytes) {
    char buffer[65536];
    uint64_t left = *length;
    while (left > 0) {
      auto chunk = static_cast<std::streamsize>(std::min<uint64_t>(left, sizeof buffer));
      in.read(buffer, chunk);
      if (in.gcount() != chunk) return std::nullopt;
      left -= static_cast<uint64_t>(chunk);
    }
    frame.problem = "a message of " + std::to_string(*length) + " bytes (the limit is " +
                    std::to_string(kMaxFrameBytes) + ")";
    return frame;
  }
  // Read in pieces, so that a length claiming more than the client sends costs only the memory of
  // what it does send (not up to kMaxFrameBytes at once, zero-filled, for nothing).
  std::string body;
  body.reserve(static_cast<size_t>(std::min<uint64_t>(*length, 1u << 16)));
  char buffer[65536];
  for (uint64_t left = *length; left > 0;) {
    auto chunk = static_cast<std::streamsize>(std::min<uint64_t>(left, sizeof buffer));
    in.read(buffer, chunk);
    body.append(buffer, static_cast<size_t>(in.gcount()));
    if (in.gcount() != chunk) return std::nullopt;
    left -= static_cast<uint64_t>(chunk);
  }
  frame.body = std::move(body);
  return frame;
}

std::string encode_frame(const nlohmann::json& message) {
  std::string body = message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

void write_frame(std::ostream& out, const nlohmann::json& message) {
  out << encode_frame(message);
  out.flush();
}

nlohmann::json make_response(const nlohmann::json& id, nlohmann::json result) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
}

nlohmann::json make_error(const nlohmann::json& id, int code, const std::string& message) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}};
}

nlohmann::json make_notification(const std::string& method, nlohmann::json params) {
  return {{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}};
}

}  // namespace pml::lsp
