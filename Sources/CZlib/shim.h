// Assay — quality control for human-labelled training data.
//
// The system zlib (zlib1g-dev), for reading gzip-compressed deliveries.

#ifndef ASSAY_ZLIB_SHIM_H
#define ASSAY_ZLIB_SHIM_H

#include <zlib.h>

/// Starts inflating a gzip stream (window 15 bits, gzip header expected: 15 + 16).
static inline int assay_inflate_init_gzip(z_stream *stream) {
    return inflateInit2(stream, 15 + 16);
}

/// Starts deflating into a gzip stream at `level` (tests write gzip files with it).
static inline int assay_deflate_init_gzip(z_stream *stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}

#endif
