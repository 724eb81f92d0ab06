// The ELF reader: both classes and byte orders, section names and contents, addresses through
// segments and sections, a real executable (this test's own), and damaged or hostile headers.
#include <fstream>
#include <sstream>

#include <doctest/doctest.h>

#include "hallmark/catalog/binary/elf.hpp"

#include "elf_builder.hpp"

using namespace hallmark;
using catalog::binary::ElfFile;
using test::TestElf;

namespace {

TestElf sample(bool is_64bit, bool big_endian) {
  TestElf elf;
  elf.is_64bit = is_64bit;
  elf.big_endian = big_endian;
  elf.machine = big_endian ? 21 : 62;
  elf.sections = {{".text", 1, 6, 0x1000, std::string(40, '\x90')},
                  {".data", 1, 3, 0x2000, "hello, data"},
                  {".bss", 8, 3, 0x3000, ""},
                  {".comment", 1, 0, 0, "not loaded"}};
  elf.segments = {{1, 5, ".text"}, {1, 6, ".data"}};
  return elf;
}

}  // namespace

TEST_CASE("ELF: sections, names and addresses in every class and byte order") {
  for (bool is_64bit : {true, false}) {
    for (bool big_endian : {false, true}) {
      CAPTURE(is_64bit);
      CAPTURE(big_endian);
      TestElf built = sample(is_64bit, big_endian);
      std::string bytes = built.build();
      std::optional<ElfFile> elf = ElfFile::parse(bytes);
      REQUIRE(elf);
      CHECK(elf->is_64bit() == is_64bit);
      CHECK(elf->big_endian() == big_endian);
      CHECK(elf->machine() == (big_endian ? 21 : 62));
      // The null section, four sections and the name table.
      REQUIRE(elf->sections().size() == 6);
      CHECK(elf->sections()[5].name == ".shstrtab");
      const catalog::binary::ElfSection* data = elf->section(".data");
      REQUIRE(data);
      CHECK(data->address == 0x2000);
      CHECK(data->flags == 3);
      CHECK(elf->contents(*data) == "hello, data");
      CHECK_FALSE(elf->contents(*elf->section(".bss")));  // SHT_NOBITS has no file bytes
      CHECK(elf->section(".missing") == nullptr);

      REQUIRE(elf->segments().size() == 2);
      CHECK(elf->segments()[1].address == 0x2000);
      CHECK(elf->segments()[1].flags == 6);
      CHECK(elf->segments()[1].file_size == 11);
      // From an address to the end of its segment, at most max_size bytes.
      CHECK(elf->data_at(0x2007, 100) == "data");
      CHECK(elf->data_at(0x2000, 5) == "hello");
      CHECK(elf->data_at(0x200b, 100).empty());  // just past the segment
      CHECK(elf->data_at(0x5000, 100).empty());
    }
  }
}

TEST_CASE("ELF: addresses through allocated sections when there are no segments") {
  TestElf built = sample(true, false);
  built.segments.clear();
  std::string bytes = built.build();
  std::optional<ElfFile> elf = ElfFile::parse(bytes);
  REQUIRE(elf);
  CHECK(elf->segments().empty());
  CHECK(elf->data_at(0x2000, 5) == "hello");
  CHECK(elf->data_at(0, 100).empty());  // .comment is not allocated, whatever its address
}

TEST_CASE("ELF: a file without section headers still has its segments") {
  TestElf built = sample(true, false);
  built.section_headers = false;
  std::string bytes = built.build();
  std::optional<ElfFile> elf = ElfFile::parse(bytes);
  REQUIRE(elf);
  CHECK(elf->sections().empty());
  CHECK(elf->data_at(0x2000, 100) == "hello, data");
}

TEST_CASE("ELF: this test's own executable") {
  std::ifstream in("/proc/self/exe", std::ios::binary);
  REQUIRE(in);
  std::ostringstream read;
  read << in.rdbuf();
  std::string bytes = read.str();
  std::optional<ElfFile> elf = ElfFile::parse(bytes);
  REQUIRE(elf);
  CHECK(elf->is_64bit() == (sizeof(void*) == 8));
  const catalog::binary::ElfSection* text = elf->section(".text");
  REQUIRE(text);
  CHECK(text->size > 0);
  // The text is mapped by a loaded segment: the bytes at its address are its file bytes.
  std::optional<std::string_view> contents = elf->contents(*text);
  REQUIRE(contents);
  CHECK(elf->data_at(text->address, 64) == contents->substr(0, 64));
  CHECK(elf->section(".go.buildinfo") == nullptr);
}

TEST_CASE("ELF: what is not ELF, or does not fit, is refused without reading out of bounds") {
  CHECK_FALSE(ElfFile::parse(""));
  CHECK_FALSE(
      ElfFile::parse("\x7f"
                     "ELF"));
  CHECK_FALSE(ElfFile::parse("MZ not an ELF file at all, but long enough to be one"));
  std::string bytes = sample(true, false).build();

  std::string bad_class = bytes;
  bad_class[4] = 3;
  CHECK_FALSE(ElfFile::parse(bad_class));
  std::string bad_order = bytes;
  bad_order[5] = 0;
  CHECK_FALSE(ElfFile::parse(bad_order));
  // Cut inside the header, and inside the section header table.
  CHECK_FALSE(ElfFile::parse(std::string_view(bytes).substr(0, 40)));
  CHECK_FALSE(ElfFile::parse(std::string_view(bytes).substr(0, bytes.size() - 200)));

  // A section header table at an offset beyond the file, or with a huge count.
  std::string far = bytes;
  far[40 + 7] = 0x7f;  // e_shoff's top byte
  CHECK_FALSE(ElfFile::parse(far));
  std::string many = bytes;
  many[60] = '\xff';
  many[61] = '\x7f';
  CHECK_FALSE(ElfFile::parse(many));
  // An entry size smaller than a section header.
  std::string small = bytes;
  small[58] = 8;
  CHECK_FALSE(ElfFile::parse(small));
}

TEST_CASE("ELF: sections whose offsets or names lie outside the file stay harmless") {
  TestElf built = sample(true, false);
  std::string bytes = built.build();
  std::optional<ElfFile> first = ElfFile::parse(bytes);
  REQUIRE(first);
  // The section header table starts right after the name table, 16-byte aligned; patch the
  // .data header (index 2): its offset far away, and its name beyond the name table.
  uint64_t shoff = 0;
  for (int i = 7; i >= 0; --i)
    shoff = shoff << 8 | static_cast<uint8_t>(bytes[40 + i]);
  size_t data_header = shoff + 2 * 64;
  bytes[data_header + 24 + 6] = 0x10;  // sh_offset
  bytes[data_header + 2] = 0x10;       // sh_name
  std::optional<ElfFile> elf = ElfFile::parse(bytes);
  REQUIRE(elf);
  REQUIRE(elf->sections().size() == 6);
  CHECK(elf->sections()[2].name.empty());
  CHECK_FALSE(elf->contents(elf->sections()[2]));
  CHECK(elf->section(".text") != nullptr);
}

TEST_CASE("ELF: extended numbering keeps the section count in section 0") {
  TestElf built = sample(false, true);
  std::string bytes = built.build();
  // ELF32 big-endian: e_shoff at 32, e_shnum at 48; section 0's sh_size at 20.
  uint32_t shoff = 0;
  for (int i = 0; i < 4; ++i)
    shoff = shoff << 8 | static_cast<uint8_t>(bytes[32 + i]);
  bytes[48] = bytes[49] = 0;
  bytes[shoff + 23] = 6;
  std::optional<ElfFile> elf = ElfFile::parse(bytes);
  REQUIRE(elf);
  CHECK(elf->sections().size() == 6);
  CHECK(elf->section(".data") != nullptr);
}
