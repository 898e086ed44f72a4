// `pymemlint rule CODE` and `pymemlint rule --all`.
#pragma once

#include <CLI/CLI.hpp>

#include <ostream>
#include <string>

namespace pml::cli {

struct RuleOptions {
  std::string code;
  bool all = false;
};

void add_rule_command(CLI::App& app, RuleOptions& options);
int run_rule(const RuleOptions& options, std::ostream& out, std::ostream& err);

}  // namespace pml::cli
