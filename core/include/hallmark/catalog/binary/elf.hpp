// A small reader of ELF files (ELF32 and ELF64, either byte order) for the catalogers that look
// inside executables (Go build information, Rust's cargo-auditable data): section headers and
// names, program headers, and the bytes behind a section or a virtual address. It reads bytes
// already in memory, checks every offset and size against them, and copies nothing: a hostile
// file can make it return nothing, never read out of bounds.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "hallmark/source/file_tree.hpp"

namespace hallmark::catalog::binary {

inline constexpr std::string_view kElfMagic =
    "\x7f"
    "ELF";

// The capture rule of a cataloger that reads executables: every file that starts with the ELF
// magic, reduced by `reduce` to what the cataloger keeps (kind `kind`).
source::CaptureRule elf_rule(std::string kind, source::Reducer reduce);

// Values of the headers that the catalogers use (elf(5)).
inline constexpr uint32_t kSectionNoBits = 8;   // SHT_NOBITS: occupies no file space (.bss)
inline constexpr uint64_t kSectionAlloc = 2;    // SHF_ALLOC: mapped into memory at run time
inline constexpr uint32_t kSegmentLoad = 1;     // PT_LOAD
inline constexpr uint32_t kSegmentExecute = 1;  // PF_X
inline constexpr uint32_t kSegmentWrite = 2;    // PF_W

struct ElfSection {
  std::string_view name;  // from the section name table; empty when it has none
  uint32_t type = 0;
  uint64_t flags = 0;
  uint64_t address = 0;
  uint64_t offset = 0;
  uint64_t size = 0;
};

struct ElfSegment {
  uint32_t type = 0;
  uint32_t flags = 0;
  uint64_t offset = 0;
  uint64_t address = 0;
  uint64_t file_size = 0;
  uint64_t memory_size = 0;
};

class ElfFile {
 public:
  // The headers of the ELF file `bytes` (which must outlive the ElfFile and what it returns);
  // nullopt when `bytes` is no ELF file or its header tables do not fit in it.
  static std::optional<ElfFile> parse(std::string_view bytes);

  bool is_64bit() const { return is_64bit_; }
  bool big_endian() const { return big_endian_; }
  uint16_t machine() const { return machine_; }  // e_machine: EM_X86_64 is 62, ...
  const std::vector<ElfSection>& sections() const { return sections_; }
  const std::vector<ElfSegment>& segments() const { return segments_; }

  // The first section named `name`, if any.
  const ElfSection* section(std::string_view name) const;
  // The bytes of a section in the file; nullopt for SHT_NOBITS sections and for sections that
  // reach beyond the end of the file.
  std::optional<std::string_view> contents(const ElfSection& section) const;
  // The file bytes that a loaded image holds at virtual address `address`, up to the end of the
  // program segment that maps it (as Go's debug/buildinfo reads them), at most `max_size`. When
  // no segment maps it, allocated sections are looked at instead. Empty when nothing in the file
  // backs that address.
  std::string_view data_at(uint64_t address, uint64_t max_size) const;

 private:
  std::string_view bytes_;
  bool is_64bit_ = false;
  bool big_endian_ = false;
  uint16_t machine_ = 0;
  std::vector<ElfSection> sections_;
  std::vector<ElfSegment> segments_;
};

}  // namespace hallmark::catalog::binary
