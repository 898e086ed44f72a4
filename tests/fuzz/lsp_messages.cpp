// Arbitrary JSON-RPC frame bodies into the language server's message handling: one body per line
// of the input, all sent to one fresh server, as a client session would. Nothing may throw, crash
// or trip a sanitizer; every reply must be a JSON-RPC 2.0 message that serializes as the server
// sends it.
#include <filesystem>
#include <string_view>

#include "analyzer/lsp/server.h"
#include "tests/fuzz/fuzz_target.h"

PML_FUZZ_TARGET(lsp_messages) {
  pml::lsp::Server server(std::filesystem::path("/nonexistent-fuzz-workspace"));
  std::string_view input(reinterpret_cast<const char*>(data), size);
  while (!input.empty() && !server.exit_requested()) {
    size_t nl = input.find('\n');
    std::string_view body = input.substr(0, nl);
    input = nl == std::string_view::npos ? std::string_view() : input.substr(nl + 1);
    for (const auto& reply : server.handle_body(body)) {
      if (!reply.is_object() || reply.value("jsonrpc", "") != "2.0")
        pml::fuzz::fuzz_fail("a reply that is not a JSON-RPC 2.0 object: " +
                             reply.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
      (void)reply.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
  }
  return 0;
}
