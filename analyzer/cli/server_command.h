// `pymemlint server`: the language server on standard input and output.
#pragma once

#include <CLI/CLI.hpp>

#include <istream>
#include <ostream>

namespace pml::cli {

void add_server_command(CLI::App& app);

// Serves one client until `exit` or the end of input. Returns the process exit code: 0 after a
// `shutdown` request, 1 when the client exits (or disappears) without one.
int run_server(std::istream& in, std::ostream& out, std::ostream& log);

}  // namespace pml::cli
