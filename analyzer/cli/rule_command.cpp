#include "analyzer/cli/rule_command.h"

#include <fmt/format.h>

#include "rules/registry.h"

namespace pml::cli {

namespace {

std::string_view availability(FixAvailability f) {
  switch (f) {
    case FixAvailability::Always: return "always";
    case FixAvailability::Sometimes: return "sometimes";
    case FixAvailability::DisplayOnly: return "display-only";
    case FixAvailability::None: break;
  }
  return "none";
}

}  // namespace

void print_rule_doc(const RuleInfo& i, std::ostream& out) {
  out << fmt::format("# {} ({})\n\n", i.name, i.code);
  out << i.summary << ".\n\n";
  switch (i.fix) {
    case FixAvailability::Always: out << "Fix is always available.\n\n"; break;
    case FixAvailability::Sometimes: out << "Fix is sometimes available.\n\n"; break;
    case FixAvailability::DisplayOnly: out << "Fix is display-only: an edit is suggested, never applied.\n\n"; break;
    case FixAvailability::None: out << "Fix is not available.\n\n"; break;
  }
  if (!i.default_enabled) out << "Off by default: enable it with `select` or `extend-select`.\n\n";
  out << "## What it does\n" << i.doc.what_it_does << "\n\n";
  if (!i.unknown_sizes_in_tests)
    out << "In test code (a test module: `test_*.py`, `*_test.py`, `conftest.py`; elsewhere a function\n"
           "named `test*`, a class named `Test*`, a pytest fixture) only findings whose size is known are\n"
           "reported: tests hold small data far more often than large.\n\n";
  out << "## Why is this bad?\n" << i.doc.why_bad << "\n\n";
  out << "## Example\n```python\n" << i.doc.example << "\n```\n\n";
  out << "## Use instead\n```python\n" << i.doc.use_instead << "\n```\n\n";
  out << "## Fix safety\n" << i.doc.fix_safety << "\n\n";
  out << "## Options\n" << i.doc.options << "\n\n";
  out << "## References\n";
  std::string_view refs = i.doc.references;
  while (!refs.empty()) {
    size_t nl = refs.find('\n');
    out << "- " << refs.substr(0, nl) << "\n";
    if (nl == std::string_view::npos) break;
    refs.remove_prefix(nl + 1);
  }
}

void add_rule_command(CLI::App& app, RuleOptions& options) {
  auto* cmd = app.add_subcommand("rule", "Explain a rule (or list them all with --all)");
  cmd->add_option("code", options.code, "Rule code, e.g. MEM301");
  cmd->add_flag("--all", options.all, "List every rule: code, name, and whether it has a fix");
}

int run_rule(const RuleOptions& options, std::ostream& out, std::ostream& err) {
  if (options.all) {
    size_t width = 0;
    for (const auto& r : all_rules()) width = std::max(width, r->info().name.size());
    for (const auto& r : all_rules()) {
      const RuleInfo& i = r->info();
      out << fmt::format("{}  {:<{}}  fix: {}{}\n", i.code, i.name, width, availability(i.fix),
                         i.default_enabled ? "" : "  (off by default)");
    }
    return 0;
  }
  if (options.code.empty()) {
    err << "error: `pymemlint rule` needs a rule code, or --all\n";
    return 2;
  }
  const RuleInfo* info = find_rule(options.code);
  if (!info) {
    for (const auto& r : all_rules())
      if (r->info().name == options.code) info = &r->info();
  }
  if (!info) {
    err << "error: unknown rule `" << options.code << "` (see `pymemlint rule --all`)\n";
    return 2;
  }
  print_rule_doc(*info, out);
  return 0;
}

}  // namespace pml::cli
