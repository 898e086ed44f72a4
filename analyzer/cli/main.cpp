// pymemlint's command line: `check`, `rule`, `server`, `--version`.
#include <CLI/CLI.hpp>

#include <iostream>

#include "analyzer/cli/check_command.h"
#include "analyzer/cli/rule_command.h"
#include "analyzer/cli/server_command.h"

int main(int argc, char** argv) {
  CLI::App app{"pymemlint: finds the patterns that make Python data code run out of memory"};
  app.set_version_flag("--version", std::string("pymemlint ") + PYMEMLINT_VERSION);
  app.require_subcommand(1);
  pml::cli::CheckOptions check;
  pml::cli::RuleOptions rule;
  pml::cli::add_check_command(app, check);
  pml::cli::add_rule_command(app, rule);
  pml::cli::add_server_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // Usage errors exit with 2, as Ruff's (and every POSIX tool's) do.
    app.exit(e);
    return 2;
  }
  try {
    if (app.got_subcommand("rule")) return pml::cli::run_rule(rule, std::cout, std::cerr);
    if (app.got_subcommand("server")) return pml::cli::run_server(std::cin, std::cout, std::cerr);
    return pml::cli::run_check(check);
  } catch (const std::exception& e) {
    std::cerr << "error: internal error: " << e.what() << "\n";
    return 2;
  }
}
