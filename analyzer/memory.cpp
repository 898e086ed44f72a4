#include "analyzer/memory.h"

#ifdef PML_JEMALLOC
#include <jemalloc/jemalloc.h>

#include <cstdio>
#else
#include <malloc.h>
#endif

namespace pml {

#ifdef PML_JEMALLOC

void release_freed_memory() {
  // This thread's cache of small freed objects goes back to its arena first, so that their pages
  // can go too. Then only this thread's arena is purged: purging the others would take pages
  // from under the threads still working in them, which would fault them back in.
  mallctl("thread.tcache.flush", nullptr, nullptr, nullptr, 0);
  unsigned arena = 0;
  size_t size = sizeof arena;
  if (mallctl("thread.arena", &arena, &size, nullptr, 0) != 0) return;
  char name[64];
  std::snprintf(name, sizeof name, "arena.%u.purge", arena);
  mallctl(name, nullptr, nullptr, nullptr, 0);
}

#else

void release_freed_memory() { malloc_trim(0); }

#endif

}  // namespace pml
