#include "analyzer/memory.h"

#ifdef PML_JEMALLOC
#include <jemalloc/jemalloc.h>
#else
#include <malloc.h>
#endif

namespace pml {

#ifdef PML_JEMALLOC

#define PML_STRINGIFY_(x) #x
#define PML_STRINGIFY(x) PML_STRINGIFY_(x)

void release_freed_memory() {
  // This thread's cache of small freed objects goes back to its arena first, so that their pages
  // can go too. Then every arena is purged, as malloc_trim(0) trims every glibc arena.
  mallctl("thread.tcache.flush", nullptr, nullptr, nullptr, 0);
  mallctl("arena." PML_STRINGIFY(MALLCTL_ARENAS_ALL) ".purge", nullptr, nullptr, nullptr, 0);
}

#else

void release_freed_memory() { malloc_trim(0); }

#endif

}  // namespace pml
