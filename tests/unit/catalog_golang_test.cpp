// The Go catalogers' parsers: build information in ELF files of every layout Go's linker has
// written (checked against what debug/buildinfo reads), module information text as
// runtime/debug.ParseBuildInfo reads it, Go string literals, syft's main-module version rules,
// and go.mod / go.sum on syft's fixtures. Real executables built by Debian's go are the CLI
// test's (tests/cli/golang_test.py).
#include <fstream>
#include <random>
#include <sstream>

#include <doctest/doctest.h>

#include "hallmark/catalog/golang.hpp"
#include "hallmark/util/error.hpp"

#include "elf_builder.hpp"
#include "shared.hpp"

using namespace hallmark;
using namespace hallmark::catalog::golang;
using catalog::binary::ElfFile;
using test::TestElf;

namespace {

// cmd/go's sentinels around the module information.
const std::string kInfoStart("\x30\x77\xaf\x0c\x92\x74\x08\x02\x41\xe1\xc1\x07\xe6\xd6\x18\xe6",
                             16);
const std::string kInfoEnd("\xf9\x32\x43\x31\x86\x18\x20\x72\x00\x82\x42\x10\x41\x16\xd8\xf2", 16);

const std::string kModinfo =
    "path\texample.com/hello\n"
    "mod\texample.com/hello\t(devel)\t\n"
    "dep\texample.com/color\tv0.1.0\th1:7wGGoYf/EgGHdRcxgVcDit/7965SN03sAacyRIukcrc=\n"
    "dep\texample.com/greet\tv1.2.3\n"
    "=>\texample.com/greetfork\tv1.2.4\th1:h/Ktr42e0aJs08OcWLDCfAS402dt+Bhy74Hf8Fc6fG4=\n"
    "build\t-compiler=gc\n"
    "build\t-ldflags=\"-s -w -X main.version=1.4.2\"\n"
    "build\tCGO_CFLAGS=\n"
    "build\tGOARCH=amd64\n"
    "build\tvcs.revision=49e8a4b8af98d73509a163d84a5ff8dd8da1f01b\n"
    "build\tvcs.time=2024-03-04T05:06:07Z\n";

std::string varint(uint64_t value) {
  std::string out;
  while (value >= 0x80) {
    out += static_cast<char>(value | 0x80);
    value >>= 7;
  }
  return out + static_cast<char>(value);
}

std::string header(uint8_t pointer_size, uint8_t flags) {
  return std::string("\xff Go buildinf:") + static_cast<char>(pointer_size) +
         static_cast<char>(flags);
}

// The Go 1.18+ layout: the strings follow the header in .go.buildinfo.
std::string inline_blob(const std::string& version, const std::string& modinfo) {
  std::string framed = kInfoStart + modinfo + kInfoEnd;
  return header(8, 2) + std::string(16, '\0') + varint(version.size()) + version +
         varint(framed.size()) + framed;
}

TestElf inline_binary(const std::string& blob) {
  TestElf elf;
  elf.sections = {{".text", 1, 6, 0x401000, std::string(64, '\xcc')},
                  {".gopclntab", 1, 2, 0x480000, "pcln"},
                  {".go.buildinfo", 1, 3, 0x510000, blob}};
  elf.segments = {{1, 5, ".text"}, {1, 6, ".go.buildinfo"}};
  return elf;
}

std::string big_endian_pointer(uint32_t value) {
  return {static_cast<char>(value >> 24), static_cast<char>(value >> 16),
          static_cast<char>(value >> 8), static_cast<char>(value)};
}

// The layout before Go 1.18 on a 32-bit big-endian machine: the header points at two Go string
// headers {data, length} in .data, which point at the bytes in .rodata.
TestElf pointer_binary() {
  std::string version = "go1.16.15";
  std::string framed = kInfoStart + kModinfo + kInfoEnd;
  TestElf elf;
  elf.is_64bit = false;
  elf.big_endian = true;
  elf.machine = 8;  // EM_MIPS
  std::string rodata = version + framed;
  std::string data = big_endian_pointer(0x30000) + big_endian_pointer(version.size()) +
                     big_endian_pointer(0x30000 + version.size()) +
                     big_endian_pointer(framed.size());
  std::string blob = header(4, 1) + big_endian_pointer(0x20000) + big_endian_pointer(0x20008) +
                     std::string(8, '\0');
  elf.sections = {{".go.buildinfo", 1, 3, 0x10000, blob},
                  {".data", 1, 3, 0x20000, data},
                  {".rodata", 1, 2, 0x30000, rodata}};
  elf.segments = {{1, 6, ".go.buildinfo"}, {1, 6, ".data"}, {1, 4, ".rodata"}};
  return elf;
}

std::optional<RawBuildInfo> read(const TestElf& built) {
  std::string bytes = built.build();
  std::optional<ElfFile> elf = ElfFile::parse(bytes);
  REQUIRE(elf);
  return read_build_info(*elf);
}

std::string shared_text(const std::string& relative) {
  std::ifstream in(test::shared_path(relative), std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("Go build info: the Go 1.18+ inline strings of .go.buildinfo") {
  std::optional<RawBuildInfo> info = read(inline_binary(inline_blob("go1.21.5", kModinfo)));
  REQUIRE(info);
  CHECK(info->go_version == "go1.21.5");
  CHECK(info->modinfo == kModinfo);
}

TEST_CASE("Go build info: the pointer format of older Go, 32-bit big-endian") {
  std::optional<RawBuildInfo> info = read(pointer_binary());
  REQUIRE(info);
  CHECK(info->go_version == "go1.16.15");
  CHECK(info->modinfo == kModinfo);
}

TEST_CASE("Go build info: without section headers, in the first writable data segment") {
  // The blob starts 16-byte aligned somewhere in the data, as the linker leaves it in binaries
  // without a .go.buildinfo section.
  TestElf built = inline_binary(std::string(48, 'x') + inline_blob("go1.20", kModinfo));
  built.section_headers = false;
  std::optional<RawBuildInfo> info = read(built);
  REQUIRE(info);
  CHECK(info->go_version == "go1.20");
  CHECK(info->modinfo == kModinfo);

  // Misaligned, the magic is not a header.
  TestElf misaligned = inline_binary(std::string(40, 'x') + inline_blob("go1.20", kModinfo));
  misaligned.section_headers = false;
  CHECK_FALSE(read(misaligned));
}

TEST_CASE("Go build info: ELF files that Go did not link are not searched") {
  // The magic in the data of an ELF whose sections show no Go linker (a C program embedding the
  // string) is not build information; only a file without section headers is searched blind.
  TestElf built = inline_binary(inline_blob("go1.21.5", kModinfo));
  built.sections[1].name = ".rodata";
  built.sections[2].name = ".data";
  built.segments[1].section = ".data";
  CHECK_FALSE(read(built));
  built.sections[1].name = ".note.go.buildid";
  CHECK(read(built));
}

TEST_CASE("Go build info: no module information, or none readable") {
  // Built outside module mode: the sentinels are missing, and so is the module information.
  std::string blob = header(8, 2) + std::string(16, '\0') + varint(8) + "go1.10.8" + varint(0);
  std::optional<RawBuildInfo> info = read(inline_binary(blob));
  REQUIRE(info);
  CHECK(info->go_version == "go1.10.8");
  CHECK(info->modinfo.empty());

  // A string length beyond the data, a version of length 0, a bad pointer size.
  CHECK_FALSE(read(inline_binary(header(8, 2) + std::string(16, '\0') + varint(1000) + "go1")));
  CHECK_FALSE(read(inline_binary(header(8, 2) + std::string(16, '\0') + varint(0) + varint(0))));
  CHECK_FALSE(read(inline_binary(header(3, 0) + std::string(16, '\0'))));
  // A varint that never ends.
  CHECK_FALSE(read(inline_binary(header(8, 2) + std::string(16, '\0') + std::string(12, '\xff'))));
  // Pointers to addresses no segment maps.
  TestElf dangling = pointer_binary();
  dangling.sections[0].data = header(4, 1) + big_endian_pointer(0x90000) +
                              big_endian_pointer(0x20008) + std::string(8, '\0');
  CHECK_FALSE(read(dangling));
  // A string header whose length reaches past its segment.
  TestElf overlong = pointer_binary();
  overlong.sections[1].data.replace(4, 4, big_endian_pointer(0x7fffffff));
  CHECK_FALSE(read(overlong));
  // Only the header, too short to hold the two words after the magic.
  CHECK_FALSE(read(inline_binary(header(8, 2) + "short")));
}

TEST_CASE("Go build info: damaged binaries are read within bounds or not at all") {
  // Under the sanitizers this proves the reader never reads outside the file: every truncation,
  // and random bytes written over the headers and the blob of both layouts.
  std::mt19937 random(20240304);
  for (const TestElf& built :
       {inline_binary(inline_blob("go1.21.5", kModinfo)), pointer_binary()}) {
    std::string bytes = built.build();
    for (size_t size = 0; size <= bytes.size(); size += 7) {
      std::string cut = bytes.substr(0, size);
      if (std::optional<ElfFile> elf = ElfFile::parse(cut)) read_build_info(*elf);
    }
    for (int round = 0; round < 3000; ++round) {
      std::string damaged = bytes;
      for (int flips = 0; flips < 4; ++flips)
        damaged[random() % damaged.size()] = static_cast<char>(random());
      std::optional<ElfFile> elf = ElfFile::parse(damaged);
      if (!elf) continue;
      if (std::optional<RawBuildInfo> info = read_build_info(*elf)) {
        CHECK(info->modinfo.size() <= damaged.size());
        try {
          parse_build_info(info->modinfo);
        } catch (const Error&) {
        }
      }
    }
  }
}

TEST_CASE("Go build info text: parsed as runtime/debug.ParseBuildInfo parses it") {
  BuildInfo info = parse_build_info(kModinfo);
  CHECK(info.path == "example.com/hello");
  REQUIRE(info.main);
  CHECK(info.main->module.path == "example.com/hello");
  CHECK(info.main->module.version == "(devel)");
  CHECK(info.main->module.sum.empty());
  CHECK_FALSE(info.main->replacement);
  REQUIRE(info.deps.size() == 2);
  CHECK(info.deps[0].module.path == "example.com/color");
  CHECK(info.deps[0].module.sum == "h1:7wGGoYf/EgGHdRcxgVcDit/7965SN03sAacyRIukcrc=");
  CHECK_FALSE(info.deps[0].replacement);
  CHECK(info.deps[1].module.version == "v1.2.3");
  REQUIRE(info.deps[1].replacement);
  CHECK(info.deps[1].replacement->path == "example.com/greetfork");
  CHECK(info.deps[1].replacement->version == "v1.2.4");
  CHECK(info.deps[1].replacement->sum == "h1:h/Ktr42e0aJs08OcWLDCfAS402dt+Bhy74Hf8Fc6fG4=");
  REQUIRE(info.settings.size() == 6);
  CHECK(info.settings[1] ==
        std::pair<std::string, std::string>("-ldflags", "-s -w -X main.version=1.4.2"));
  CHECK(info.settings[2] == std::pair<std::string, std::string>("CGO_CFLAGS", ""));
  CHECK(info.settings[5].first == "vcs.time");

  // Go's own round-trip cases: the standard library's commands have a path and no module; an
  // escaped value; a quoted key; a last line without a newline is not read.
  CHECK(parse_build_info("path\tcmd/test2json").path.empty());
  BuildInfo escaped = parse_build_info(
      "go\t1.18\npath\texample.com/m\nbuild\tCRAZY_ENV=\"requires\\nescaping\"\n"
      "build\t\"key with space\"=`raw \"value\"`\n");
  CHECK_FALSE(escaped.main);
  REQUIRE(escaped.settings.size() == 2);
  CHECK(escaped.settings[0].second == "requires\nescaping");
  CHECK(escaped.settings[1] ==
        std::pair<std::string, std::string>("key with space", "raw \"value\""));
  // A replacement follows the latest module line even across other lines, and only once.
  BuildInfo later = parse_build_info("dep\ta\tv1\nbuild\tk=v\n=>\tb\tv2\t\n");
  REQUIRE(later.deps[0].replacement);
  CHECK(later.deps[0].replacement->path == "b");
}

TEST_CASE("Go build info text: what ParseBuildInfo rejects") {
  for (const char* bad :
       {"dep\ta\n",                                // one column
        "dep\ta\tb\tc\td\n",                       // four
        "=>\ta\tv1\t\n",                           // nothing to replace
        "dep\ta\tv1\n=>\tb\tv2\n",                 // a replacement has three columns
        "dep\ta\tv1\n=>\tb\tv2\t\n=>\tc\tv3\t\n",  // replaced twice
        "build\t\n", "build\t=v\n", "build\tkey\n", "build\tk y=v\n", "build\tk=a b\n",
        "build\t\"k\"v\n", "build\t\"k\n", "build\tk=\"v\n", "build\tk=\"\\q\"\n"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(parse_build_info(bad), Error);
  }
  try {
    parse_build_info("path\tx\nmod\tx\n");
    FAIL("accepted");
  } catch (const Error& error) {
    CHECK(error.message() == "Go build info line 2: expected 2 or 3 columns; got 1");
  }
}

TEST_CASE("Go string literals: strconv.Unquote") {
  CHECK(unquote("\"plain\"") == "plain");
  CHECK(unquote("\"tab\\there \\\"quoted\\\" \\\\\"") == "tab\there \"quoted\" \\");
  CHECK(unquote("\"\\x41\\101\\u00e9\\U0001F600\"") == "AA\xc3\xa9\xf0\x9f\x98\x80");
  CHECK(unquote("\"\\a\\b\\f\\n\\r\\v\"") == "\a\b\f\n\r\v");
  CHECK(unquote("`raw \\n\r stays`") == "raw \\n stays");
  CHECK(unquote("\"caf\xc3\xa9\"") == "caf\xc3\xa9");
  CHECK(unquote("\"bad \xff byte\"") == "bad \xef\xbf\xbd byte");  // U+FFFD, as Go
  for (const char* bad :
       {"", "\"", "plain", "\"open", "'c'", "\"a\"b\"", "\"new\nline\"", "\"\\'\"", "\"\\x4\"",
        "\"\\400\"", "\"\\ud800\"", "\"\\U00110000\"", "\"\\z\"", "`a`b`"}) {
    CAPTURE(bad);
    CHECK_FALSE(unquote(bad));
  }
  CHECK(quoted_prefix("\"a\\\"b\"=rest") == "\"a\\\"b\"");
  CHECK(quoted_prefix("`k`=v") == "`k`");
  CHECK_FALSE(quoted_prefix("\"unterminated"));
  CHECK_FALSE(quoted_prefix("\"\\q\"=v"));
}

TEST_CASE("Go main module version: syft's rules for (devel)") {
  auto with = [](std::vector<std::pair<std::string, std::string>> settings) {
    BuildInfo info;
    info.settings = std::move(settings);
    return main_module_version(info);
  };
  // A version given to the linker wins, with a "v" in front.
  CHECK(with({{"-ldflags", "-s -w -X main.version=1.4.2"}}) == "v1.4.2");
  CHECK(with({{"-ldflags", "-X github.com/x/y/internal/version.gitVersion=v0.79.0-rc.1"}}) ==
        "v0.79.0-rc");  // "." ends [-\w]*
  CHECK(with({{"-ldflags", "-X main.buildVersion=v2.0.0 -X main.commit=abc"}}) == "v2.0.0");
  CHECK(with({{"-ldflags", "-X github.com/org/app/cmd.Tag=3.1.4_beta"}}) == "v3.1.4_beta");
  CHECK(with({{"-ldflags", "-X main.version=release/v1.2.3"}}) == "v1.2.3");
  // The version pattern before the tag pattern, whatever their order in the flags.
  CHECK(with({{"-ldflags", "-X main.tag=1.0.0 -X main.Version=2.0.0"}}) == "v2.0.0");
  // Not a version: no key, or no three numbers.
  CHECK_FALSE(with({{"-ldflags", "-X main.name=1.2.3 -s"}}));
  CHECK_FALSE(with({{"-ldflags", "-X main.version=dev"}}));

  // Else the pseudo-version of the VCS revision, at the commit time in UTC.
  CHECK(with({{"vcs.revision", "49e8a4b8af98d73509a163d84a5ff8dd8da1f01b"},
              {"vcs.time", "2024-03-04T05:06:07Z"}}) == "v0.0.0-20240304050607-49e8a4b8af98");
  CHECK(with({{"vcs.revision", "49e8a4b8af98d73509a163d84a5ff8dd8da1f01b"},
              {"vcs.time", "2024-03-04T01:30:00.25-05:00"}}) ==
        "v0.0.0-20240304063000-49e8a4b8af98");
  // A time that does not parse is Go's zero time; a short revision is kept whole.
  CHECK(with({{"vcs.revision", "abc"}, {"vcs.time", "yesterday"}}) == "v0.0.0-00010101000000-abc");
  CHECK(with({{"vcs.revision", "abc"}, {"vcs.time", "2024-02-30T00:00:00Z"}}) ==
        "v0.0.0-00010101000000-abc");
  CHECK_FALSE(with({{"vcs.revision", "abc"}}));
  CHECK_FALSE(with({}));
  // A hostile flag string costs linear time, not a deep recursion.
  CHECK_FALSE(with({{"-ldflags", ".version=" + std::string(200000, '/') + "x"}}));
  CHECK(with({{"-ldflags", ".version=" + std::string(100000, '1') + ".2.3"}})->size() == 100005);
}

TEST_CASE("Go purls: pkg:golang with the module path split at its last slash") {
  CHECK(purl("github.com/anchore/archiver/v3", "v3.5.2") ==
        "pkg:golang/github.com/anchore/archiver/v3@v3.5.2");
  CHECK(purl("github.com/CycloneDX/cyclonedx-go", "v0.6.0") ==
        "pkg:golang/github.com/CycloneDX/cyclonedx-go@v0.6.0");
  CHECK(purl("example.com/hello", "(devel)") == "pkg:golang/example.com/hello@%28devel%29");
  // The purl-spec golang type requires a namespace; a folder is no module.
  CHECK(purl("stdlib", "1.21.5") == "");
  CHECK(purl("../local", "(devel)") == "");
  CHECK(purl("/src/module", "") == "");
}

TEST_CASE("go.mod: syft's fixture with replace, exclude and comments") {
  GoMod mod = parse_go_mod(shared_text(
      "upstream/syft-fixtures/syft/pkg/cataloger/golang/testdata/go-mod-fixtures/many-packages/"
      "go.mod"));
  CHECK(mod.module == "github.com/anchore/syft");  // written as a block
  REQUIRE(mod.requires_.size() == 7);
  CHECK(mod.requires_[0].path == "github.com/adrg/xdg");
  CHECK(mod.requires_[1].version == "v0.0.0-20200624184116-66aa578126db");
  CHECK_FALSE(mod.requires_[1].indirect);  // a comment, but not "indirect"
  CHECK(mod.requires_[5].path == "github.com/bmatcuk/doublestar");
  CHECK(mod.requires_[5].indirect);
  CHECK_FALSE(mod.requires_[6].indirect);
  REQUIRE(mod.replaces.size() == 2);
  CHECK(mod.replaces[0].old_path == "github.com/bmatcuk/doublestar");
  CHECK(mod.replaces[0].old_version.empty());
  CHECK(mod.replaces[0].new_version == "v8.8.8");
  CHECK(mod.replaces[1].old_version == "v3.5.1");
  CHECK(mod.replaces[1].new_version == "v3.5.2");
  REQUIRE(mod.excludes.size() == 1);
  CHECK(mod.excludes[0] == std::pair<std::string, std::string>("github.com/adrg/xdg", "v0.2.1"));
}

TEST_CASE("go.mod and go.sum: syft's hashes fixture") {
  std::string folder = "upstream/syft-fixtures/syft/pkg/cataloger/golang/testdata/go-sum-hashes/";
  GoMod mod = parse_go_mod(shared_text(folder + "go.mod"));
  REQUIRE(mod.requires_.size() == 3);
  CHECK(mod.requires_[2].indirect);
  auto hashes = parse_go_sum(shared_text(folder + "go.sum"));
  CHECK(hashes.at("github.com/acarl005/stripansi v0.0.0-20180116102854-5a71ef0e047d") ==
        "h1:licZJFw2RwpHMqeKTCYkitsPqHNxTmd4SNR5r94FGM8=");
  CHECK(hashes.at("github.com/CycloneDX/cyclonedx-go v0.7.0") ==
        "h1:jNxp8hL7UpcvPDFXjY+Y1ibFtsW+e5zyF9QoSmhK/zg=");
  // Only the go.mod of v0.6.0 is hashed: its contents have no hash.
  CHECK_FALSE(hashes.contains("github.com/CycloneDX/cyclonedx-go v0.6.0"));
  CHECK(hashes.size() == 3);
}

TEST_CASE("go.mod: quoted tokens, folder replacements, one-line blocks, and errors") {
  GoMod mod = parse_go_mod(
      "module \"example.com/quoted\" // the module\n"
      "go 1.21\ntoolchain go1.21.5\n"
      "require `example.com/raw` v1.0.0 // indirect; used by tests\n"
      "require ()\n"
      "replace (\n\texample.com/raw => ../raw\n\texample.com/x v1.0.0 => example.com/y v1.1.0\n)\n"
      "retract v0.9.0\n");
  CHECK(mod.module == "example.com/quoted");
  REQUIRE(mod.requires_.size() == 1);
  CHECK(mod.requires_[0].path == "example.com/raw");
  CHECK(mod.requires_[0].indirect);
  REQUIRE(mod.replaces.size() == 2);
  CHECK(mod.replaces[0].new_path == "../raw");
  CHECK(mod.replaces[0].new_version.empty());
  CHECK(mod.replaces[1].old_version == "v1.0.0");

  for (const char* bad :
       {"require example.com/a\n", "require example.com/a v1 v2\n", "replace a => b\n",
        "replace a => ../b v1.0.0\n", "replace a b c d\n", "require (\n\texample.com/a v1\n",
        "module \"unterminated\n", "/* block */ module x\n", "exclude a\n", "module a b\n",
        "require ( x\n)\n"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(parse_go_mod(bad), Error);
  }
  try {
    parse_go_mod("module x\n\nrequire example.com/a\n");
    FAIL("accepted");
  } catch (const Error& error) {
    CHECK(error.message() == "line 3: usage: require module/path v1.2.3");
  }
}
