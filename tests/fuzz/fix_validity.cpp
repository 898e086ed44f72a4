// For inputs that decode and parse: apply every fix (safe and unsafe) through the runner's --fix
// path. The result must decode and parse, and a second --fix over it must change nothing.
#include "analyzer/checker.h"
#include "analyzer/runner.h"
#include "analyzer/source.h"
#include "rules/registry.h"
#include "tests/fuzz/fuzz_target.h"

PML_FUZZ_TARGET(fix_validity) {
  static const auto settings = [] {
    auto s = std::make_shared<pml::Settings>();
    s->enabled = *pml::rules_matching("ALL");
    s->min_bytes = 0;
    return s;
  }();
  thread_local pml::Parser parser;
  std::string bytes(reinterpret_cast<const char*>(data), size);
  auto decoded = pml::decode_source(bytes);
  if (!decoded.source) return 0;
  if (pml::lint(decoded.source->text, decoded.source->newline, *settings, parser).syntax_error) return 0;

  pml::FileTask task{"/fuzz/input.py", "input.py", settings, /*is_stdin=*/true};
  pml::RunOptions options;
  options.mode = pml::RunMode::Fix;
  options.unsafe_fixes = true;
  options.stdin_text = bytes;
  pml::FileOutcome first = pml::process_file(task, options, parser);
  if (!first.fixed_text) pml::fuzz::fuzz_fail("--fix on standard input produced no text");
  if (first.fixed.empty()) {
    if (*first.fixed_text != bytes) pml::fuzz::fuzz_fail("nothing was fixed, yet the text changed");
    return 0;
  }
  auto fixed = pml::decode_source(*first.fixed_text);
  if (!fixed.source) pml::fuzz::fuzz_fail("the fixed text does not decode: " + fixed.error->reason);
  if (pml::lint(fixed.source->text, fixed.source->newline, *settings, parser).syntax_error)
    pml::fuzz::fuzz_fail("the fixed text does not parse");

  options.stdin_text = *first.fixed_text;
  pml::FileOutcome second = pml::process_file(task, options, parser);
  if (!second.fixed.empty() || second.fixed_text != first.fixed_text)
    pml::fuzz::fuzz_fail("a second --fix changed the fixed text again (" + std::to_string(second.fixed.size()) +
                         " codes fixed)");
  return 0;
}
