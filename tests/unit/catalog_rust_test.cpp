// The Rust catalogers' parsers: Cargo.lock of every format (syft's fixtures for formats 2 and 3,
// format 1 written here), dependency entries, purls by source, and cargo-auditable's
// zlib-compressed JSON, including damaged and hostile data.
#include <fstream>
#include <random>
#include <sstream>

#include <doctest/doctest.h>
#include <isa-l/igzip_lib.h>

#include "hallmark/catalog/rust.hpp"
#include "hallmark/util/error.hpp"

#include "shared.hpp"

using namespace hallmark;
using namespace hallmark::catalog::rust;

namespace {

constexpr std::string_view kCratesIo = "registry+https://github.com/rust-lang/crates.io-index";

std::string fixture(const std::string& name) {
  std::ifstream in(
      test::shared_path("upstream/syft-fixtures/syft/pkg/cataloger/rust/testdata/" + name),
      std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// zlib (RFC 1950) compression with ISA-L, as cargo-auditable writes the section.
std::string zlib_compress(std::string_view data) {
  isal_zstream stream;
  isal_deflate_init(&stream);
  stream.gzip_flag = IGZIP_ZLIB;
  stream.end_of_stream = 1;
  stream.flush = NO_FLUSH;
  std::string out(data.size() + 1024, '\0');
  stream.next_in = reinterpret_cast<uint8_t*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uint32_t>(data.size());
  stream.next_out = reinterpret_cast<uint8_t*>(out.data());
  stream.avail_out = static_cast<uint32_t>(out.size());
  REQUIRE(isal_deflate_stateless(&stream) == COMP_OK);
  out.resize(stream.total_out);
  return out;
}

const std::string kAudit = R"({"packages":[
  {"name":"hello","version":"0.1.0","source":"local","dependencies":[1,2,3],"root":true},
  {"name":"adler","version":"1.0.2","source":"crates.io"},
  {"name":"helper","version":"0.3.0","source":"git","kind":"runtime","dependencies":[1]},
  {"name":"cc","version":"1.0.83","source":"crates.io","kind":"build"}
],"format":1})";

}  // namespace

TEST_CASE("Cargo.lock: syft's format 2 fixture") {
  CargoLock lock = parse_cargo_lock(fixture("Cargo.lock"));
  CHECK(lock.version == 0);  // format 2 has no version key; its checksums are inline
  REQUIRE(lock.packages.size() == 14);
  const Crate& ansi = lock.packages[0];
  CHECK(ansi.name == "ansi_term");
  CHECK(ansi.version == "0.12.1");
  CHECK(ansi.source == kCratesIo);
  CHECK(ansi.checksum == "d52a9bb7ec0cf484c551830a7ce27bd20d67eac647e1befb56b0be4ee39a55d2");
  CHECK(ansi.dependencies == std::vector<std::string>{"winapi"});
  // Two versions of windows-sys: entries name the version.
  std::optional<size_t> old_windows = resolve_dependency(lock.packages, "windows-sys 0.52.0");
  REQUIRE(old_windows);
  CHECK(lock.packages[*old_windows].version == "0.52.0");
  CHECK_FALSE(resolve_dependency(lock.packages, "windows-sys"));  // ambiguous
  CHECK_FALSE(resolve_dependency(lock.packages, "missing"));
}

TEST_CASE("Cargo.lock: one crate from crates.io and from git (format 3)") {
  CargoLock lock = parse_cargo_lock(fixture("Cargo.lock-with-git-deps"));
  CHECK(lock.version == 3);
  REQUIRE(lock.packages.size() == 12);
  // The local root crate has no source.
  CHECK(lock.packages[1].name == "hello_world");
  CHECK(lock.packages[1].source.empty());
  CHECK(lock.packages[1].checksum.empty());
  // Dependencies name a git source without the revision the package's source ends with.
  std::optional<size_t> git = resolve_dependency(
      lock.packages, "regex 1.11.1 (git+https://github.com/rust-lang/regex.git)");
  REQUIRE(git);
  CHECK(lock.packages[*git].source ==
        "git+https://github.com/rust-lang/regex.git#1a069b9232c607b34c4937122361aa075ef573fa");
  std::optional<size_t> registry = resolve_dependency(
      lock.packages, "regex 1.11.1 (registry+https://github.com/rust-lang/crates.io-index)");
  REQUIRE(registry);
  CHECK(lock.packages[*registry].source == kCratesIo);
  CHECK_FALSE(resolve_dependency(lock.packages, "regex 1.11.1"));
}

TEST_CASE("Cargo.lock: format 1 keeps full entries and checksums in [metadata]") {
  CargoLock lock = parse_cargo_lock(R"toml([[package]]
name = "app"
version = "0.1.0"
dependencies = [
 "libc 0.2.40 (registry+https://github.com/rust-lang/crates.io-index)",
]

[[package]]
name = "libc"
version = "0.2.40"
source = "registry+https://github.com/rust-lang/crates.io-index"

[metadata]
"checksum libc 0.2.40 (registry+https://github.com/rust-lang/crates.io-index)" = "6fd41f331ac7c5b8ac259b8bf82c75c0fb2e469bbf37d2becbba9a6a2221965b"
)toml");
  CHECK(lock.version == 0);
  REQUIRE(lock.packages.size() == 2);
  CHECK(lock.packages[1].checksum ==
        "6fd41f331ac7c5b8ac259b8bf82c75c0fb2e469bbf37d2becbba9a6a2221965b");
  CHECK(resolve_dependency(lock.packages, lock.packages[0].dependencies[0]) == 1u);
}

TEST_CASE("Cargo.lock: format 2 entries by name alone, and an empty format 4 lock") {
  CargoLock lock = parse_cargo_lock(R"([[package]]
name = "a"
version = "1.0.0"
dependencies = ["b"]

[[package]]
name = "b"
version = "2.0.0"
source = "sparse+https://index.crates.io/"
checksum = "00"
)");
  REQUIRE(lock.packages.size() == 2);
  CHECK(resolve_dependency(lock.packages, "b") == 1u);
  CHECK(parse_cargo_lock("version = 4\n").packages.empty());
}

TEST_CASE("Cargo.lock: malformed files") {
  for (const char* bad : {"[[package]\nname = 1", "package = 3\n", "[[package]]\nname = \"a\"\n",
                          "[[package]]\nname = 1\nversion = \"1\"\n",
                          "[[package]]\nname = \"a\"\nversion = \"1\"\ndependencies = \"b\"\n",
                          "[[package]]\nname = \"a\"\nversion = \"1\"\ndependencies = [1]\n",
                          "version = \"three\"\n"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(parse_cargo_lock(bad), Error);
  }
  try {
    parse_cargo_lock("version = 3\n\n[[package]\n");
    FAIL("accepted");
  } catch (const Error& error) {
    CHECK(error.message().starts_with("line 3: "));
  }
}

TEST_CASE("Rust purls: crates.io plain, other sources qualified, path crates without one") {
  CHECK(purl("regex", "1.11.1", kCratesIo) == "pkg:cargo/regex@1.11.1");
  CHECK(purl("regex", "1.11.1", "sparse+https://index.crates.io/") == "pkg:cargo/regex@1.11.1");
  CHECK(
      purl("regex", "1.11.1", "git+https://github.com/rust-lang/regex.git?branch=main#1a069b92") ==
      "pkg:cargo/"
      "regex@1.11.1?vcs_url=git%2Bhttps:%2F%2Fgithub.com%2Frust-lang%2Fregex.git%401a069b92");
  CHECK(purl("internal", "0.1.0", "registry+https://my.example/git/index") ==
        "pkg:cargo/internal@0.1.0?repository_url=https:%2F%2Fmy.example%2Fgit%2Findex");
  CHECK(purl("hello_world", "0.1.0", "") == "");
}

TEST_CASE("cargo-auditable: inflating the .dep-v0 section") {
  CHECK(inflate_audit_data(zlib_compress(kAudit)) == kAudit);
  std::string compressed = zlib_compress(kAudit);
  // Damaged: a flipped byte in the stream (the Adler-32 catches what the codes do not), cut
  // short, not zlib at all.
  std::string flipped = compressed;
  flipped[flipped.size() / 2] ^= 0x55;
  CHECK_THROWS_AS(inflate_audit_data(flipped), Error);
  CHECK_THROWS_AS(inflate_audit_data(compressed.substr(0, compressed.size() - 6)), Error);
  CHECK_THROWS_AS(inflate_audit_data(""), Error);
  CHECK_THROWS_AS(inflate_audit_data(kAudit), Error);
  // A bomb: 64 MiB of zeros compress to little, and stop at the limit.
  std::string bomb = zlib_compress(std::string(64 << 20, '\0'));
  CHECK(bomb.size() < (1 << 20));
  try {
    inflate_audit_data(bomb);
    FAIL("accepted");
  } catch (const Error& error) {
    CHECK(error.message() == ".dep-v0 data inflates to more than 8388608 bytes");
  }
  CHECK(inflate_audit_data(zlib_compress(std::string(100, 'a')), 100).size() == 100);
  CHECK_THROWS_AS(inflate_audit_data(zlib_compress(std::string(101, 'a')), 100), Error);
}

TEST_CASE("cargo-auditable: the JSON format") {
  std::vector<AuditedCrate> crates = parse_audit_data(kAudit);
  REQUIRE(crates.size() == 4);
  CHECK(crates[0].name == "hello");
  CHECK(crates[0].source == "local");
  CHECK(crates[0].root);
  CHECK(crates[0].dependencies == std::vector<size_t>{1, 2, 3});
  CHECK(crates[1].kind == DependencyKind::kRuntime);  // absent: runtime
  CHECK_FALSE(crates[1].root);
  CHECK(crates[2].kind == DependencyKind::kRuntime);
  CHECK(crates[3].kind == DependencyKind::kBuild);

  for (const char* bad :
       {"", "[]", "{}", "{\"packages\":{}}", "{\"packages\":[1]}",
        "{\"packages\":[{\"name\":\"a\",\"version\":\"1\"}]}",
        "{\"packages\":[{\"name\":\"a\",\"version\":1,\"source\":\"local\"}]}",
        "{\"packages\":[{\"name\":\"a\",\"version\":\"1\",\"source\":\"local\",\"kind\":\"dev\"}]}",
        "{\"packages\":[{\"name\":\"a\",\"version\":\"1\",\"source\":\"local\",\"root\":1}]}",
        "{\"packages\":[{\"name\":\"a\",\"version\":\"1\",\"source\":\"local\","
        "\"dependencies\":[1]}]}",
        "{\"packages\":[{\"name\":\"a\",\"version\":\"1\",\"source\":\"local\","
        "\"dependencies\":[-1]}]}",
        "{\"packages\":[{\"name\":\"a\",\"version\":\"1\",\"source\":\"local\","
        "\"dependencies\":\"0\"}]}"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(parse_audit_data(bad), Error);
  }
  // Deep nesting is refused before a deep tree is built.
  std::string deep =
      "{\"packages\":[],\"x\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
  CHECK_THROWS_AS(parse_audit_data(deep), Error);
}

TEST_CASE("cargo-auditable: damaged sections are refused or read, never overrun") {
  std::string compressed = zlib_compress(kAudit);
  std::mt19937 random(1950);
  for (int round = 0; round < 2000; ++round) {
    std::string damaged = compressed;
    damaged[random() % damaged.size()] = static_cast<char>(random());
    try {
      parse_audit_data(inflate_audit_data(damaged));
    } catch (const Error&) {
    }
  }
}
