// Finding the build information blob in a Go executable, as Go's debug/buildinfo does. The
// linker writes a 32-byte header, 16-byte aligned:
//   "\xff Go buildinf:" (14 bytes), pointer size (1 byte), flags (1 byte: bit 1 = big endian,
//   bit 2 = the strings follow inline), then, in the older format, two pointers to Go string
//   headers {data pointer, length} for runtime.buildVersion and runtime.modinfo.
// Since Go 1.18 (flag bit 2) the two strings follow the header, each prefixed by its length as
// a varint.
#include "hallmark/catalog/golang.hpp"

namespace hallmark::catalog::golang {
namespace {

constexpr std::string_view kMagic = "\xff Go buildinf:";
constexpr size_t kHeaderSize = 32;
constexpr size_t kAlign = 16;
// debug/buildinfo looks for the header in the first 64 KiB of the data it starts from.
constexpr size_t kSearchLimit = 64 * 1024;
constexpr uint8_t kFlagBigEndian = 1;
constexpr uint8_t kFlagInline = 2;

// Sections only Go's linker writes: an ELF file that has section headers but neither these nor
// .go.buildinfo was not linked by Go, and its data need not be searched.
constexpr std::string_view kGoSections[] = {".gopclntab", ".note.go.buildid"};

// Where the search starts: the .go.buildinfo section, or the first writable, non-executable
// loaded segment. Empty when there is nothing to search.
std::string_view search_region(const binary::ElfFile& elf) {
  if (const binary::ElfSection* section = elf.section(".go.buildinfo")) {
    std::string_view data = elf.data_at(section->address, UINT64_MAX);
    if (!data.empty()) return data;
    return elf.contents(*section).value_or(std::string_view());
  }
  if (!elf.sections().empty()) {
    bool linked_by_go = false;
    for (std::string_view name : kGoSections)
      linked_by_go = linked_by_go || elf.section(name) != nullptr;
    if (!linked_by_go) return {};
  }
  for (const binary::ElfSegment& segment : elf.segments())
    if (segment.type == binary::kSegmentLoad &&
        (segment.flags & (binary::kSegmentExecute | binary::kSegmentWrite)) ==
            binary::kSegmentWrite)
      return elf.data_at(segment.address, UINT64_MAX);
  return {};
}

// binary.Uvarint: the value and the number of bytes it took; 0 bytes when malformed.
std::pair<uint64_t, size_t> uvarint(std::string_view data) {
  uint64_t value = 0;
  for (size_t i = 0; i < data.size() && i < 10; ++i) {
    auto byte = static_cast<uint8_t>(data[i]);
    if (i == 9 && byte > 1) return {0, 0};  // overflows 64 bits
    value |= static_cast<uint64_t>(byte & 0x7f) << (7 * i);
    if (byte < 0x80) return {value, i + 1};
  }
  return {0, 0};
}

// A varint-prefixed string at the start of `data`, which is moved past it.
std::optional<std::string> inline_string(std::string_view& data) {
  auto [length, used] = uvarint(data);
  if (used == 0 || length > data.size() - used) return std::nullopt;
  std::string value(data.substr(used, length));
  data.remove_prefix(used + length);
  return value;
}

uint64_t read_pointer(std::string_view bytes, size_t size, bool big_endian) {
  uint64_t value = 0;
  for (size_t i = 0; i < size; ++i)
    value = value << 8 | static_cast<uint8_t>(bytes[big_endian ? i : size - 1 - i]);
  return value;
}

// The Go string whose header {data, length} is at virtual address `address`.
std::optional<std::string> pointed_string(const binary::ElfFile& elf, uint64_t address,
                                          size_t pointer_size, bool big_endian) {
  std::string_view header = elf.data_at(address, 2 * pointer_size);
  if (header.size() < 2 * pointer_size) return std::nullopt;
  uint64_t data = read_pointer(header, pointer_size, big_endian);
  uint64_t length = read_pointer(header.substr(pointer_size), pointer_size, big_endian);
  std::string_view bytes = elf.data_at(data, length);
  if (bytes.size() < length) return std::nullopt;
  return std::string(bytes);
}

}  // namespace

std::optional<RawBuildInfo> read_build_info(const binary::ElfFile& elf) {
  std::string_view region = search_region(elf);
  std::string_view window = region.substr(0, kSearchLimit);
  size_t at = 0;
  while (true) {
    at = window.find(kMagic, at);
    if (at == std::string_view::npos || window.size() - at < kHeaderSize) return std::nullopt;
    if (at % kAlign == 0) break;
    at = (at + kAlign - 1) / kAlign * kAlign;
  }
  std::string_view header = region.substr(at);
  auto pointer_size = static_cast<uint8_t>(header[14]);
  auto flags = static_cast<uint8_t>(header[15]);

  std::optional<std::string> version, modinfo;
  if ((flags & kFlagInline) != 0) {
    std::string_view strings = header.substr(kHeaderSize);
    version = inline_string(strings);
    if (version) modinfo = inline_string(strings);
  } else {
    if (pointer_size != 4 && pointer_size != 8) return std::nullopt;
    bool big_endian = (flags & kFlagBigEndian) != 0;
    uint64_t version_at = read_pointer(header.substr(16), pointer_size, big_endian);
    uint64_t modinfo_at = read_pointer(header.substr(16 + pointer_size), pointer_size, big_endian);
    version = pointed_string(elf, version_at, pointer_size, big_endian);
    if (version) modinfo = pointed_string(elf, modinfo_at, pointer_size, big_endian);
  }
  if (!version || version->empty()) return std::nullopt;
  // The module information is framed by two 16-byte sentinels (cmd/go's infoStart, infoEnd);
  // without them, or unreadable, there is none (a binary built outside module mode).
  RawBuildInfo info{std::move(*version), ""};
  if (modinfo && modinfo->size() >= 33 && (*modinfo)[modinfo->size() - 17] == '\n')
    info.modinfo = modinfo->substr(16, modinfo->size() - 32);
  return info;
}

}  // namespace hallmark::catalog::golang
