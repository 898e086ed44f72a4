// fuzz_fail() for the libFuzzer binaries: print what broke and abort, so libFuzzer saves the input.
#include <cstdio>
#include <cstdlib>

#include "tests/fuzz/fuzz_target.h"

namespace pml::fuzz {

void fuzz_fail(const std::string& what) {
  std::fprintf(stderr, "fuzz property violated: %s\n", what.c_str());
  std::abort();
}

}  // namespace pml::fuzz
