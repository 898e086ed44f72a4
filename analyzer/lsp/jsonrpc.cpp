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

}  // namespace

std::optional<Frame> read_frame(std::istream& in) {
  // Headers: lines up to an empty one. A bare "\n" line ending is accepted as well as "\r\n".
  std::optional<uint64_t> length;
  std::string problem;
  std::string line;
  bool any_header = false;
  for (;;) {
    if (!std::getline(in, line)) return std::nullopt;
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
    // Without a length the body cannot be found; what follows is read as the next headers.
    frame.problem = problem.empty() ? "a message without a Content-Length header" : problem;
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
