// A fixed set of findings for the CI format goldens (tests/test_render_ci.cpp): two files, every
// fix applicability, an engine error, and text that needs escaping in every format.
#pragma once

#include <vector>

#include "analyzer/render.h"

namespace pml::testing {

inline std::vector<FileReport> ci_reports() {
  // Given out of order within pkg/a.py: every renderer sorts by location.
  Diagnostic dead{.code = "MEM101",
                  .name = "dead-intermediate",
                  .message = "`buf` (~8 MB) stays alive after its last use",
                  .start = 0,
                  .end = 3,
                  .fix = Fix{"Delete `buf` after its last use", Applicability::DisplayOnly, {}},
                  .location = {7, 5},
                  .end_location = {7, 8},
                  .noqa_row = 7,
                  .source_line = "    buf = load()"};
  Diagnostic float64{.code = "MEM301",
                     .name = "float64-by-default",
                     .message = "`np.zeros` allocates float64 (128 MiB): 50% is enough, pass dtype=np.float32",
                     .start = 24,
                     .end = 40,
                     .fix = Fix{"Add `dtype=np.float32`", Applicability::Safe, {Edit{39, 39, ", dtype=np.float32"}}},
                     .estimated_bytes = 134217728,
                     .location = {3, 5},
                     .end_location = {3, 21},
                     .noqa_row = 3,
                     .source_line = "x = np.zeros((N, M))",
                     .edit_locations = {{{3, 20}, {3, 20}}}};
  Diagnostic rebound{.code = "MEM202",
                     .name = "array-rebound-instead-of-in-place",
                     .message = "`a = a * 2` allocates a second array",
                     .start = 50,
                     .end = 59,
                     .fix = Fix{"Use `a *= 2`", Applicability::Unsafe, {Edit{50, 59, "a *= 2"}}},
                     .location = {9, 1},
                     .end_location = {9, 10},
                     .noqa_row = 9,
                     .source_line = "a = a * 2",
                     .edit_locations = {{{9, 1}, {9, 10}}}};
  Diagnostic syntax{.code = "E999",
                    .message = "SyntaxError: unexpected <token> & \"more\"\nafter it",
                    .start = 7,
                    .end = 8,
                    .location = {2, 5},
                    .end_location = {2, 6},
                    .noqa_row = 2,
                    .source_line = "    y = 1"};
  return {
      FileReport{"pkg/a.py", "/repo/pkg/a.py", {dead, float64, rebound}},
      FileReport{"pkg/b, c.py", "/repo/pkg/b, c.py", {syntax}},
  };
}

}  // namespace pml::testing
