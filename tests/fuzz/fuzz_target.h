// One fuzz target = one .cpp file in tests/fuzz/ containing
//
//   PML_FUZZ_TARGET(name) { ...use data, size...; return 0; }
//
// plus one line `pml_fuzz_target(name)` in tests/fuzz/CMakeLists.txt. The same body is compiled
// twice: into a libFuzzer binary `fuzz_<name>` (clang, -DPML_FUZZ=ON; scripts/fuzz runs it), and
// into the normal test binary, where tests/test_fuzz_regressions.cpp replays the seeds (samples/)
// and every saved crash in tests/fuzz/regressions/<name>/ through it. A body reports a broken
// property with fuzz_fail(): abort() under libFuzzer, a test failure in the suite.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace pml::fuzz {

using TargetFunction = int (*)(const uint8_t* data, size_t size);

[[noreturn]] void fuzz_fail(const std::string& what);

#if defined(PML_FUZZ_BUILD)
#define PML_FUZZ_REGISTER(name)                                                          \
  extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {              \
    return pml_fuzz_##name(data, size);                                                  \
  }
#else
bool register_target(const char* name, TargetFunction fn);
#define PML_FUZZ_REGISTER(name) \
  [[maybe_unused]] static const bool pml_fuzz_registered_##name = ::pml::fuzz::register_target(#name, &pml_fuzz_##name);
#endif

#define PML_FUZZ_TARGET(name)                                        \
  static int pml_fuzz_##name(const uint8_t* data, size_t size);     \
  PML_FUZZ_REGISTER(name)                                            \
  static int pml_fuzz_##name([[maybe_unused]] const uint8_t* data, [[maybe_unused]] size_t size)

}  // namespace pml::fuzz
