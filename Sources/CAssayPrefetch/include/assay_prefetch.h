// Assay — quality control for human-labelled training data.
//
// Software prefetch for the hot loops: Swift has no prefetch intrinsic, and the EM and interning
// loops are bound by cache misses into tables larger than the last-level cache.

#ifndef ASSAY_PREFETCH_H
#define ASSAY_PREFETCH_H

/// Hints that the cache line at `address` will be read soon.
static inline void assay_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }

/// Hints that the cache line at `address` will be written soon.
static inline void assay_prefetch_write(const void *address) { __builtin_prefetch(address, 1, 3); }

/// Returns freed heap memory to the operating system where the C library can (glibc's
/// `malloc_trim`); a no-op elsewhere.
#if defined(__linux__) && defined(__GLIBC__)
#include <malloc.h>
static inline void assay_release_free_memory(void) { malloc_trim(0); }
#else
static inline void assay_release_free_memory(void) {}
#endif

/// The C library's standard output stream, which Swift 6's strict concurrency will not let Swift
/// code name directly (`stdout` is a mutable global); `print` writes through the same stream.
#include <stdio.h>
static inline FILE *assay_standard_output(void) { return stdout; }

#endif
