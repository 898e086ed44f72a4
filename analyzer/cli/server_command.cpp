#include "analyzer/cli/server_command.h"

#include <filesystem>

#include "analyzer/lsp/jsonrpc.h"
#include "analyzer/lsp/server.h"

namespace pml::cli {

void add_server_command(CLI::App& app) {
  app.add_subcommand("server", "Run the language server (LSP 3.17) on standard input and output");
}

int run_server(std::istream& in, std::ostream& out, std::ostream& log) {
  std::error_code ec;
  std::filesystem::path cwd = std::filesystem::current_path(ec);
  lsp::Server server(cwd);
  lsp::FrameReader reader(in);
  for (;;) {
    std::optional<lsp::Frame> frame = reader.next();
    if (!frame) break;  // the client closed the pipe
    if (!frame->body) {
      // Nothing to answer: a message without a readable body has no id either.
      log << "pymemlint server: skipped " << frame->problem << "\n" << std::flush;
      continue;
    }
    for (const auto& message : server.handle_body(*frame->body)) lsp::write_frame(out, message);
    if (server.exit_requested()) break;
  }
  return server.exit_code();
}

}  // namespace pml::cli
