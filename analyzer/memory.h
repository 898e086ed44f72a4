// The process' allocator. Builds link jemalloc (as Ruff does on Linux): its size-class slabs
// keep the parser's many small allocations fast while the model's vectors and maps come and go
// between them, where glibc's malloc spends its time consolidating and splitting free chunks.
// Sanitizer and fuzzing builds keep the C library's malloc, which the sanitizers replace.
#pragma once

namespace pml {

// Gives the pages of freed memory back to the system. A large file's tree and model are freed
// when it is done, but the allocator keeps their pages for reuse: with every thread holding its
// own high-water mark, the process' peak memory would grow with the thread count.
void release_freed_memory();

}  // namespace pml
