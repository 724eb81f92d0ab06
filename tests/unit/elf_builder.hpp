// Small ELF files made in memory for the unit tests of the ELF reader and the Go build info
// reader: any class and byte order, named sections, and segments that map sections, so that a
// test can lay out exactly the case it checks (old Go formats, stripped section headers,
// hostile offsets).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace hallmark::test {

struct TestSection {
  std::string name;
  uint32_t type = 1;   // SHT_PROGBITS
  uint64_t flags = 2;  // SHF_ALLOC
  uint64_t address = 0;
  std::string data;
};

// A segment mapping the file bytes of one section at its address.
struct TestSegment {
  uint32_t type = 1;   // PT_LOAD
  uint32_t flags = 4;  // PF_R
  std::string section;
};

struct TestElf {
  bool is_64bit = true;
  bool big_endian = false;
  uint16_t machine = 62;  // EM_X86_64
  std::vector<TestSection> sections;
  std::vector<TestSegment> segments;
  bool section_headers = true;  // false: as "strip --strip-section-headers" leaves a file

  // Where the file bytes of each section went (set by build()).
  mutable std::vector<uint64_t> offsets;

  std::string build() const {
    std::string out(is_64bit ? 64 : 52, '\0');
    auto put = [&](uint64_t at, uint64_t value, size_t width) {
      for (size_t i = 0; i < width; ++i) {
        size_t shift = 8 * (big_endian ? width - 1 - i : i);
        out[at + i] = static_cast<char>((value >> shift) & 0xff);
      }
    };
    auto append = [&](uint64_t value, size_t width) {
      out.append(width, '\0');
      put(out.size() - width, value, width);
    };
    size_t word = is_64bit ? 8 : 4;
    auto align = [&] { out.resize((out.size() + 15) / 16 * 16, '\0'); };

    offsets.clear();
    for (const TestSection& section : sections) {
      align();
      offsets.push_back(out.size());
      out += section.data;
    }
    std::string names(1, '\0');
    std::vector<uint32_t> name_at;
    for (const TestSection& section : sections) {
      name_at.push_back(static_cast<uint32_t>(names.size()));
      names += section.name + '\0';
    }
    uint32_t names_name = static_cast<uint32_t>(names.size());
    names += std::string(".shstrtab") + '\0';
    align();
    uint64_t names_offset = out.size();
    out += names;

    uint64_t shoff = 0;
    if (section_headers) {
      align();
      shoff = out.size();
      auto section_header = [&](uint32_t name, uint32_t type, uint64_t flags, uint64_t address,
                                uint64_t offset, uint64_t size) {
        append(name, 4);
        append(type, 4);
        append(flags, word);
        append(address, word);
        append(offset, word);
        append(size, word);
        append(0, 4);     // link
        append(0, 4);     // info
        append(1, word);  // addralign
        append(0, word);  // entsize
      };
      section_header(0, 0, 0, 0, 0, 0);
      for (size_t i = 0; i < sections.size(); ++i)
        section_header(name_at[i], sections[i].type, sections[i].flags, sections[i].address,
                       offsets[i], sections[i].data.size());
      section_header(names_name, 3, 0, 0, names_offset, names.size());
    }
    align();
    uint64_t phoff = segments.empty() ? 0 : out.size();
    for (const TestSegment& segment : segments) {
      size_t index = 0;
      while (sections[index].name != segment.section)
        ++index;
      uint64_t size = sections[index].data.size();
      append(segment.type, 4);
      if (is_64bit) append(segment.flags, 4);
      append(offsets[index], word);
      append(sections[index].address, word);  // vaddr
      append(sections[index].address, word);  // paddr
      append(size, word);
      append(size, word);
      if (!is_64bit) append(segment.flags, 4);
      append(16, word);
    }

    out.replace(0, 4,
                "\x7f"
                "ELF");
    out[4] = is_64bit ? 2 : 1;
    out[5] = big_endian ? 2 : 1;
    out[6] = 1;     // EV_CURRENT
    put(16, 2, 2);  // ET_EXEC
    put(18, machine, 2);
    put(20, 1, 4);
    size_t at = 24 + word;  // e_phoff
    put(at, phoff, word);
    put(at + word, shoff, word);
    at += 2 * word + 4;  // e_flags
    put(at, is_64bit ? 64 : 52, 2);
    put(at + 2, is_64bit ? 56 : 32, 2);
    put(at + 4, segments.size(), 2);
    put(at + 6, is_64bit ? 64 : 40, 2);
    put(at + 8, section_headers ? sections.size() + 2 : 0, 2);
    put(at + 10, section_headers ? sections.size() + 1 : 0, 2);
    return out;
  }
};

}  // namespace hallmark::test
