// `pymemlint rule CODE` and `pymemlint rule --all`.
#pragma once

#include <CLI/CLI.hpp>

#include <ostream>
#include <string>

#include "analyzer/rule.h"

namespace pml::cli {

struct RuleOptions {
  std::string code;
  bool all = false;
};

void add_rule_command(CLI::App& app, RuleOptions& options);
int run_rule(const RuleOptions& options, std::ostream& out, std::ostream& err);

// The Markdown documentation `pymemlint rule CODE` prints (also the language server's hover).
void print_rule_doc(const RuleInfo& info, std::ostream& out);

}  // namespace pml::cli
