// JSON-RPC 2.0 over the LSP base protocol: `Content-Length: N\r\n\r\n` headers, then N bytes of
// JSON. Reading frames from a stream and writing them; the error codes the server answers with.
#pragma once

#include <cstdint>
#include <istream>
#include <optional>
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

namespace pml::lsp {

namespace error_code {
inline constexpr int kParseError = -32700;
inline constexpr int kInvalidRequest = -32600;
inline constexpr int kMethodNotFound = -32601;
inline constexpr int kInvalidParams = -32602;
inline constexpr int kInternalError = -32603;
inline constexpr int kServerNotInitialized = -32002;
inline constexpr int kRequestFailed = -32803;
}  // namespace error_code

// Bodies above this size are read and thrown away (and reported) rather than kept in memory.
inline constexpr uint64_t kMaxFrameBytes = 64u << 20;

struct Frame {
  std::optional<std::string> body;  // nullopt: the headers were bad or the body too large
  std::string problem;              // why there is no body
};

// Reads the frames of one stream, in order.
class FrameReader {
 public:
  explicit FrameReader(std::istream& in) : in_(in) {}

  // The next frame. nullopt at end of input (or input that ends inside a frame).
  // When a frame's headers give no usable length (none, or not a number), its body cannot be
  // told from what follows: the reader skips to the next `Content-Length:` header, wherever it
  // is, and reads on from there. The bad frame's `problem` says how many bytes were skipped.
  std::optional<Frame> next();

 private:
  std::istream& in_;
  // The skip consumed the next frame's `Content-Length:`; its value comes next.
  bool after_length_name_ = false;
};

// Serializes a message as one frame (invalid UTF-8 in strings is replaced, never thrown on).
std::string encode_frame(const nlohmann::json& message);
void write_frame(std::ostream& out, const nlohmann::json& message);

nlohmann::json make_response(const nlohmann::json& id, nlohmann::json result);
nlohmann::json make_error(const nlohmann::json& id, int code, const std::string& message);
nlohmann::json make_notification(const std::string& method, nlohmann::json params);

}  // namespace pml::lsp
