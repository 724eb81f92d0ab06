// Byte streams: how bytes travel from a file, an archive member or a registry, through digest
// checks and decompression, into their reader, once, in chunks, without touching the disk.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace hallmark::util {

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

// A stream over bytes held in memory (which must outlive it).
std::unique_ptr<ByteStream> memory_stream(std::string_view bytes);

}  // namespace hallmark::util
