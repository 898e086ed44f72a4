// Arbitrary bytes as a Python file, through the runner's own path (decode, lint, every rule on):
// nothing may crash, hang, leak or trip a sanitizer, and the result must be self-consistent.
#include "analyzer/runner.h"
#include "rules/registry.h"
#include "tests/fuzz/fuzz_target.h"

PML_FUZZ_TARGET(parse_check) {
  static const auto settings = [] {
    auto s = std::make_shared<pml::Settings>();
    s->enabled = *pml::rules_matching("ALL");
    s->min_bytes = 0;  // every statically sized value counts as large: more findings, more paths
    return s;
  }();
  thread_local pml::Parser parser;
  pml::FileTask task{"/fuzz/input.py", "input.py", settings, /*is_stdin=*/true};
  pml::RunOptions options;
  options.stdin_text.assign(reinterpret_cast<const char*>(data), size);
  pml::FileOutcome out = pml::process_file(task, options, parser);
  for (const auto& d : out.report.diagnostics) {
    if (d.location.row == 0 || d.location.column == 0)
      pml::fuzz::fuzz_fail(d.code + " has a 0 row or column (locations are 1-based)");
    if (d.end_location.row < d.location.row)
      pml::fuzz::fuzz_fail(d.code + " ends before it starts");
  }
  return 0;
}
