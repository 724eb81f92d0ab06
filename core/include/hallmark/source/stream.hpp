// Layer streams: the compression of a blob, decompressing it, and reading it ahead on a thread
// of its own (util/byte_stream.hpp has the streams themselves).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "hallmark/util/byte_stream.hpp"

namespace hallmark::source {

enum class Compression { kNone, kGzip, kZstd };

// The compression of a stream from its first bytes (its magic number).
Compression detect_compression(std::string_view first_bytes);

// The decompressed bytes of `upstream`, whose compression is detected from its first bytes:
// gzip (ISA-L's inflate, all members), zstd, or none. A truncated or corrupt stream fails with
// kBadInput naming `subject`.
std::unique_ptr<util::ByteStream> decompress(std::unique_ptr<util::ByteStream> upstream,
                                             std::string subject);

// Runs `upstream` (its reads, hashing and decompression) on a thread of its own, a few chunks
// ahead of the reader, so that producing and consuming bytes use both cores.
std::unique_ptr<util::ByteStream> read_ahead(std::unique_ptr<util::ByteStream> upstream);

}  // namespace hallmark::source
