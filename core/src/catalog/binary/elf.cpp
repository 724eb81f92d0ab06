#include "hallmark/catalog/binary/elf.hpp"

#include <algorithm>

namespace hallmark::catalog::binary {
namespace {

constexpr uint32_t kExtendedCount = 0;       // e_shnum 0: the count is in section 0's sh_size
constexpr uint16_t kExtendedIndex = 0xffff;  // SHN_XINDEX / PN_XNUM: the value is in section 0
// More sections or segments than any real program has: a table this long is hostile, and would
// cost more memory than the file itself.
constexpr uint64_t kMaxEntries = 1 << 20;

// Reads fixed-width integers of one byte order from a table whose bounds were checked.
class Fields {
 public:
  Fields(std::string_view bytes, bool big_endian) : bytes_(bytes), big_endian_(big_endian) {}

  uint64_t get(size_t offset, size_t width) const {
    uint64_t value = 0;
    for (size_t i = 0; i < width; ++i) {
      auto byte = static_cast<uint8_t>(bytes_[offset + (big_endian_ ? i : width - 1 - i)]);
      value = (value << 8) | byte;
    }
    return value;
  }
  uint16_t u16(size_t offset) const { return static_cast<uint16_t>(get(offset, 2)); }
  uint32_t u32(size_t offset) const { return static_cast<uint32_t>(get(offset, 4)); }
  uint64_t u64(size_t offset) const { return get(offset, 8); }

 private:
  std::string_view bytes_;
  bool big_endian_;
};

// Where a table of `count` entries of `entry_size` bytes at `offset` lies, when it fits in `size`
// bytes without overflow.
bool table_fits(uint64_t offset, uint64_t count, uint64_t entry_size, uint64_t size) {
  if (offset > size) return false;
  return entry_size == 0 || count <= (size - offset) / entry_size;
}

// Layout of the ELF32 and ELF64 structures (elf(5)): offsets of the fields read.
struct Layout {
  size_t header_size, word;
  size_t phoff, shoff, phentsize, phnum, shentsize, shnum, shstrndx;
  size_t section_size, sh_type, sh_flags, sh_addr, sh_offset, sh_size, sh_link, sh_info;
  size_t segment_size, p_type, p_flags, p_offset, p_vaddr, p_filesz, p_memsz;
};

constexpr Layout kElf32{.header_size = 52,
                        .word = 4,
                        .phoff = 28,
                        .shoff = 32,
                        .phentsize = 42,
                        .phnum = 44,
                        .shentsize = 46,
                        .shnum = 48,
                        .shstrndx = 50,
                        .section_size = 40,
                        .sh_type = 4,
                        .sh_flags = 8,
                        .sh_addr = 12,
                        .sh_offset = 16,
                        .sh_size = 20,
                        .sh_link = 24,
                        .sh_info = 28,
                        .segment_size = 32,
                        .p_type = 0,
                        .p_flags = 24,
                        .p_offset = 4,
                        .p_vaddr = 8,
                        .p_filesz = 16,
                        .p_memsz = 20};
constexpr Layout kElf64{.header_size = 64,
                        .word = 8,
                        .phoff = 32,
                        .shoff = 40,
                        .phentsize = 54,
                        .phnum = 56,
                        .shentsize = 58,
                        .shnum = 60,
                        .shstrndx = 62,
                        .section_size = 64,
                        .sh_type = 4,
                        .sh_flags = 8,
                        .sh_addr = 16,
                        .sh_offset = 24,
                        .sh_size = 32,
                        .sh_link = 40,
                        .sh_info = 44,
                        .segment_size = 56,
                        .p_type = 0,
                        .p_flags = 4,
                        .p_offset = 8,
                        .p_vaddr = 16,
                        .p_filesz = 32,
                        .p_memsz = 40};

}  // namespace

std::optional<ElfFile> ElfFile::parse(std::string_view bytes) {
  if (bytes.size() < 16 || !bytes.starts_with(kElfMagic)) return std::nullopt;
  ElfFile elf;
  elf.bytes_ = bytes;
  if (bytes[4] != 1 && bytes[4] != 2) return std::nullopt;  // ELFCLASS32, ELFCLASS64
  if (bytes[5] != 1 && bytes[5] != 2) return std::nullopt;  // ELFDATA2LSB, ELFDATA2MSB
  elf.is_64bit_ = bytes[4] == 2;
  elf.big_endian_ = bytes[5] == 2;
  const Layout& layout = elf.is_64bit_ ? kElf64 : kElf32;
  if (bytes.size() < layout.header_size) return std::nullopt;
  Fields header(bytes, elf.big_endian_);
  auto word = [&](const Fields& fields, size_t offset) { return fields.get(offset, layout.word); };

  elf.machine_ = header.u16(18);
  uint64_t phoff = word(header, layout.phoff);
  uint64_t shoff = word(header, layout.shoff);
  uint64_t phentsize = header.u16(layout.phentsize);
  uint64_t phnum = header.u16(layout.phnum);
  uint64_t shentsize = header.u16(layout.shentsize);
  uint64_t shnum = header.u16(layout.shnum);
  uint64_t shstrndx = header.u16(layout.shstrndx);

  if (shoff != 0) {
    if (shentsize < layout.section_size || !table_fits(shoff, 1, shentsize, bytes.size()))
      return std::nullopt;
    // Files with very many sections or segments keep the real counts in section 0.
    Fields first(bytes.substr(shoff), elf.big_endian_);
    if (shnum == kExtendedCount) shnum = word(first, layout.sh_size);
    if (shstrndx == kExtendedIndex) shstrndx = first.u32(layout.sh_link);
    if (phnum == kExtendedIndex) phnum = first.u32(layout.sh_info);
    if (shnum > kMaxEntries || !table_fits(shoff, shnum, shentsize, bytes.size()))
      return std::nullopt;
    elf.sections_.reserve(shnum);
    std::vector<uint32_t> name_offsets;
    name_offsets.reserve(shnum);
    for (uint64_t i = 0; i < shnum; ++i) {
      Fields entry(bytes.substr(shoff + i * shentsize, layout.section_size), elf.big_endian_);
      ElfSection section;
      section.type = entry.u32(layout.sh_type);
      section.flags = word(entry, layout.sh_flags);
      section.address = word(entry, layout.sh_addr);
      section.offset = word(entry, layout.sh_offset);
      section.size = word(entry, layout.sh_size);
      elf.sections_.push_back(section);
      name_offsets.push_back(entry.u32(0));
    }
    // Names are offsets into the section name table; a name outside it stays empty.
    std::optional<std::string_view> names;
    if (shstrndx < elf.sections_.size()) names = elf.contents(elf.sections_[shstrndx]);
    for (size_t i = 0; names && i < elf.sections_.size(); ++i) {
      if (name_offsets[i] >= names->size()) continue;
      std::string_view rest = names->substr(name_offsets[i]);
      size_t end = rest.find('\0');
      if (end != std::string_view::npos) elf.sections_[i].name = rest.substr(0, end);
    }
  }

  if (phoff != 0 && phnum != 0) {
    if (phnum > kMaxEntries || phentsize < layout.segment_size ||
        !table_fits(phoff, phnum, phentsize, bytes.size()))
      return std::nullopt;
    elf.segments_.reserve(phnum);
    for (uint64_t i = 0; i < phnum; ++i) {
      Fields entry(bytes.substr(phoff + i * phentsize, layout.segment_size), elf.big_endian_);
      ElfSegment segment;
      segment.type = entry.u32(layout.p_type);
      segment.flags = entry.u32(layout.p_flags);
      segment.offset = word(entry, layout.p_offset);
      segment.address = word(entry, layout.p_vaddr);
      segment.file_size = word(entry, layout.p_filesz);
      segment.memory_size = word(entry, layout.p_memsz);
      elf.segments_.push_back(segment);
    }
  }
  return elf;
}

const ElfSection* ElfFile::section(std::string_view name) const {
  auto found = std::find_if(sections_.begin(), sections_.end(),
                            [&](const ElfSection& section) { return section.name == name; });
  return found == sections_.end() ? nullptr : &*found;
}

std::optional<std::string_view> ElfFile::contents(const ElfSection& section) const {
  if (section.type == kSectionNoBits || !table_fits(section.offset, 1, section.size, bytes_.size()))
    return std::nullopt;
  return bytes_.substr(section.offset, section.size);
}

std::string_view ElfFile::data_at(uint64_t address, uint64_t max_size) const {
  // The bytes from `address` to the end of a mapped range [start, start + size) backed by the
  // file at `offset`, clipped to the file.
  auto slice = [&](uint64_t start, uint64_t size, uint64_t offset) -> std::string_view {
    if (offset >= bytes_.size()) return {};
    uint64_t skip = address - start;
    uint64_t available = std::min(size, bytes_.size() - offset);
    if (skip >= available) return {};
    return bytes_.substr(offset + skip, std::min(available - skip, max_size));
  };
  for (const ElfSegment& segment : segments_)
    if (segment.file_size != 0 && address >= segment.address &&
        address - segment.address < segment.file_size)
      return slice(segment.address, segment.file_size, segment.offset);
  for (const ElfSection& section : sections_)
    if ((section.flags & kSectionAlloc) != 0 && section.type != kSectionNoBits &&
        section.size != 0 && address >= section.address && address - section.address < section.size)
      return slice(section.address, section.size, section.offset);
  return {};
}

source::CaptureRule elf_rule(std::string kind, source::Reducer reduce) {
  source::CaptureRule rule;
  rule.kind = std::move(kind);
  rule.magic = kElfMagic;
  rule.reduce = std::move(reduce);
  return rule;
}

}  // namespace hallmark::catalog::binary
