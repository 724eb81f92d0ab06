// Internal to the rpm database readers: one function per on-disk format, each returning the
// header blobs it stores, and the bounds-checked byte access they share.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "hallmark/util/error.hpp"

namespace hallmark::catalog::rpm::detail {

// rpm refuses header images larger than this (lib/header.c, headerMaxbytes); so do the readers,
// which keeps one hostile record from asking for more memory than rpm itself would allow.
inline constexpr uint64_t kMaxHeaderBytes = 256 * 1024 * 1024;

std::vector<std::string> read_sqlite_blobs(std::string_view bytes, const std::string& where);
std::vector<std::string> read_berkeley_blobs(std::string_view bytes, const std::string& where);
std::vector<std::string> read_ndb_blobs(std::string_view bytes, const std::string& where);

enum class Endian { kLittle, kBig };

// Untrusted bytes and the name of the file they came from. Every read checks its bounds (without
// overflow, whatever the offset); a read outside throws kBadInput naming the file.
class Input {
 public:
  Input(std::string_view bytes, const std::string& where) : bytes_(bytes), where_(&where) {}

  std::string_view bytes() const { return bytes_; }
  uint64_t size() const { return bytes_.size(); }
  const std::string& where() const { return *where_; }

  // True when [offset, offset + length) lies inside the bytes.
  bool contains(uint64_t offset, uint64_t length) const {
    return offset <= bytes_.size() && length <= bytes_.size() - offset;
  }

  uint8_t u8(uint64_t offset) const { return byte(need(offset, 1)); }
  uint16_t u16(uint64_t offset, Endian endian) const {
    size_t at = need(offset, 2);
    uint16_t a = byte(at), b = byte(at + 1);
    return static_cast<uint16_t>(endian == Endian::kLittle ? a | b << 8 : a << 8 | b);
  }
  uint32_t u32(uint64_t offset, Endian endian) const {
    size_t at = need(offset, 4);
    uint32_t value = 0;
    for (size_t i = 0; i < 4; ++i) {
      uint32_t b = byte(at + i);
      value |= endian == Endian::kLittle ? b << (8 * i) : b << (8 * (3 - i));
    }
    return value;
  }
  uint64_t u64(uint64_t offset, Endian endian) const {
    size_t at = need(offset, 8);
    uint64_t first = u32(at, endian), second = u32(at + 4, endian);
    return endian == Endian::kLittle ? first | second << 32 : first << 32 | second;
  }
  std::string_view slice(uint64_t offset, uint64_t length) const {
    return bytes_.substr(need(offset, length), length);
  }

  [[noreturn]] void fail(const std::string& message) const { throw_bad_input(*where_, message); }

 private:
  size_t need(uint64_t offset, uint64_t length) const {
    if (!contains(offset, length))
      fail("read of " + std::to_string(length) + " bytes at offset " + std::to_string(offset) +
           " is past the end of the data (" + std::to_string(bytes_.size()) + " bytes)");
    return static_cast<size_t>(offset);
  }
  uint8_t byte(size_t at) const { return static_cast<uint8_t>(bytes_[at]); }

  std::string_view bytes_;
  const std::string* where_;  // outlives the Input: the caller's name for the file
};

}  // namespace hallmark::catalog::rpm::detail
