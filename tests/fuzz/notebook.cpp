// Arbitrary bytes as a notebook, through the runner's own path (parse the JSON, mask magics,
// concatenate cells, lint, fix, write back): nothing may crash, and a notebook that was read and
// fixed must read back as a notebook, unchanged by a second fix.
#include "analyzer/runner.h"
#include "rules/registry.h"
#include "tests/fuzz/fuzz_target.h"

PML_FUZZ_TARGET(notebook) {
  static const auto settings = [] {
    auto s = std::make_shared<pml::Settings>();
    s->enabled = *pml::rules_matching("ALL");
    s->min_bytes = 0;
    return s;
  }();
  thread_local pml::Parser parser;
  pml::FileTask task{"/fuzz/input.ipynb", "input.ipynb", settings, /*is_stdin=*/true};
  pml::RunOptions options;
  options.stdin_text.assign(reinterpret_cast<const char*>(data), size);
  pml::FileOutcome checked = pml::process_file(task, options, parser);
  for (const auto& d : checked.report.diagnostics)
    if (d.location.row == 0 || d.location.column == 0)
      pml::fuzz::fuzz_fail(d.code + " has a 0 row or column (locations are 1-based)");

  options.mode = pml::RunMode::Fix;
  options.unsafe_fixes = true;
  pml::FileOutcome fixed = pml::process_file(task, options, parser);
  if (!fixed.fixed_text) return 0;
  options.stdin_text = *fixed.fixed_text;
  pml::FileOutcome again = pml::process_file(task, options, parser);
  auto unreadable = [](const pml::FileOutcome& o) {
    for (const auto& d : o.report.diagnostics)
      if (d.code == "E902" || d.code == "E999") return true;
    return false;
  };
  if (unreadable(again) && !unreadable(checked)) pml::fuzz::fuzz_fail("the fixed notebook no longer reads");
  if (!again.fixed.empty()) pml::fuzz::fuzz_fail("a second fix changed the notebook again");
  return 0;
}
