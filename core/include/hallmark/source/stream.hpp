// Byte streams: how layer blobs travel from a file, an archive member or a registry, through
// digest checks and decompression, into the tar reader, once, without touching the disk.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "hallmark/crypto/digest.hpp"

namespace hallmark::source {

class ByteStream {
 public:
  virtual ~ByteStream() = default;
  // The next chunk of bytes, valid until the next call; empty only at the end of the stream.
  // Throws hallmark::Error on a read failure or bad data.
  virtual std::string_view next() = 0;
  // Reads everything that is left, so that checks made at the end of the stream run.
  void drain();
};

// A file's bytes from `offset`, `length` of them (all to the end when length is npos).
std::unique_ptr<ByteStream> open_file_stream(const std::string& path, uint64_t offset = 0,
                                             uint64_t length = UINT64_MAX);

// The bytes of `upstream` unchanged; at the end, fails (kBadInput, naming `subject`) when they
// do not hash to `expected` or, when `expected_size` is known, are not that many.
std::unique_ptr<ByteStream> verify_digest(std::unique_ptr<ByteStream> upstream,
                                          crypto::Digest expected, std::string subject,
                                          uint64_t expected_size = UINT64_MAX);

enum class Compression { kNone, kGzip, kZstd };

// The compression of a stream from its first bytes (its magic number).
Compression detect_compression(std::string_view first_bytes);

// The decompressed bytes of `upstream`, whose compression is detected from its first bytes:
// gzip (ISA-L's inflate, all members), zstd, or none. A truncated or corrupt stream fails with
// kBadInput naming `subject`.
std::unique_ptr<ByteStream> decompress(std::unique_ptr<ByteStream> upstream, std::string subject);

// Runs `upstream` (its reads, hashing and decompression) on a thread of its own, a few chunks
// ahead of the reader, so that producing and consuming bytes use both cores.
std::unique_ptr<ByteStream> read_ahead(std::unique_ptr<ByteStream> upstream);

// A stream over bytes held in memory (which must outlive it).
std::unique_ptr<ByteStream> memory_stream(std::string_view bytes);

}  // namespace hallmark::source
