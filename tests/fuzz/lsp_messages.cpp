// The language server's message handling, fed two ways from the same input, each to a fresh server:
//  - framed: the raw bytes as the server's standard input, through the base protocol's framing
//    reader (FrameReader: `Content-Length` headers, then the body), exactly as `pymemlint server`
//    reads them; so headers, lengths and truncated frames are fuzzed too;
//  - lines: one frame body per line of the input, as a client session would send them, so that the
//    fuzzer can reach deep into the server with small mutations of the bodies.
// Seeds in tests/fuzz/seeds/lsp_messages/ hold sessions in both forms (*.lsp framed, *.jsonl lines).
// Nothing may throw, crash or trip a sanitizer; every reply must be a JSON-RPC 2.0 message that
// serializes as the server sends it.
#include <filesystem>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/lsp/jsonrpc.h"
#include "analyzer/lsp/server.h"
#include "tests/fuzz/fuzz_target.h"

namespace {

void check_replies(const std::vector<nlohmann::json>& replies) {
  for (const auto& reply : replies) {
    if (!reply.is_object() || reply.value("jsonrpc", "") != "2.0")
      pml::fuzz::fuzz_fail("a reply that is not a JSON-RPC 2.0 object: " +
                           reply.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    (void)pml::lsp::encode_frame(reply);
  }
}

// As analyzer/cli/server_command.cpp's loop: frames until the input ends or the client says exit.
void run_framed(std::string_view input) {
  pml::lsp::Server server(std::filesystem::path("/nonexistent-fuzz-workspace"));
  std::istringstream in{std::string(input)};
  pml::lsp::FrameReader reader(in);
  for (;;) {
    std::optional<pml::lsp::Frame> frame = reader.next();
    if (!frame) break;
    if (!frame->body) {
      if (frame->problem.empty()) pml::fuzz::fuzz_fail("a frame without a body and without a reason");
      continue;
    }
    if (frame->body->size() > input.size()) pml::fuzz::fuzz_fail("a frame body longer than the input");
    check_replies(server.handle_body(*frame->body));
    if (server.exit_requested()) break;
  }
}

void run_lines(std::string_view input) {
  pml::lsp::Server server(std::filesystem::path("/nonexistent-fuzz-workspace"));
  while (!input.empty() && !server.exit_requested()) {
    size_t nl = input.find('\n');
    std::string_view body = input.substr(0, nl);
    input = nl == std::string_view::npos ? std::string_view() : input.substr(nl + 1);
    check_replies(server.handle_body(body));
  }
}

}  // namespace

PML_FUZZ_TARGET(lsp_messages) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  run_framed(input);
  run_lines(input);
  return 0;
}
