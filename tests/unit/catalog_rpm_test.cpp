// The rpm database readers on real databases of all three formats (go-rpmdb's and syft's test
// data, cross-checked with rpm 4.18's own listing), and on damaged and hostile ones.
#include <algorithm>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <tuple>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "hallmark/catalog/rpm/rpmdb.hpp"
#include "hallmark/util/error.hpp"

#include "shared.hpp"

using namespace hallmark;
using namespace hallmark::catalog::rpm;

namespace {

std::string read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string upstream(const std::string& relative) {
  return read_bytes(test::shared_path("upstream/rpmdb/" + relative));
}

std::string syft_packages() {
  return read_bytes(
      test::shared_path("upstream/syft-fixtures/syft/pkg/cataloger/redhat/testdata/Packages"));
}

nlohmann::json expected(const std::string& relative) {
  return nlohmann::json::parse(upstream(relative));
}

// Checks one package against an entry of go-rpmdb's expected.json.
void check_package(const Header& header, const nlohmann::json& want) {
  INFO("package " << want["name"].get<std::string>());
  CHECK(header.name == want["name"].get<std::string>());
  CHECK(header.version == want["version"].get<std::string>());
  CHECK(header.release == want["release"].get<std::string>());
  CHECK(header.arch == want["arch"].get<std::string>());
  CHECK(header.source_rpm == want["sourceRpm"].get<std::string>());
  CHECK(header.size == want["size"].get<uint64_t>());
  CHECK(header.license == want["license"].get<std::string>());
  CHECK(header.vendor == want["vendor"].get<std::string>());
  CHECK(header.summary == want["summary"].get<std::string>());
  CHECK(header.sigmd5 == want["sigmd5"].get<std::string>());
  if (want.contains("epoch")) {
    if (want["epoch"].is_null())
      CHECK_FALSE(header.epoch.has_value());
    else
      CHECK(header.epoch == want["epoch"].get<int>());
  }
  if (want.contains("modularitylabel"))
    CHECK(header.modularity_label == want["modularitylabel"].get<std::string>());
}

const Header& find_package(const std::vector<Header>& packages, const std::string& name) {
  auto it = std::find_if(packages.begin(), packages.end(),
                         [&](const Header& header) { return header.name == name; });
  REQUIRE_MESSAGE(it != packages.end(), "no package " << name);
  return *it;
}

const FileEntry& find_file(const Header& header, const std::string& path) {
  auto it = std::find_if(header.files.begin(), header.files.end(),
                         [&](const FileEntry& file) { return file.path == path; });
  REQUIRE_MESSAGE(it != header.files.end(), header.name << " owns no " << path);
  return *it;
}

// Runs `read` and requires it to throw hallmark::Error of kind kBadInput (and nothing else).
template <typename Read>
std::string bad_input_message(Read&& read) {
  try {
    read();
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::kBadInput);
    return error.what();
  }
  FAIL("no error thrown");
  return {};
}

// --- building header images -----------------------------------------------------------------

void put_be32(std::string& out, uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8)
    out += static_cast<char>((value >> shift) & 0xff);
}

struct TestEntry {
  uint32_t tag;
  uint32_t type;
  uint32_t count;
  std::string data;
};

TestEntry string_entry(uint32_t tag, const std::string& value) {
  return {tag, 6, 1, value + '\0'};
}
TestEntry strings_entry(uint32_t tag, const std::vector<std::string>& values, uint32_t type = 8) {
  std::string data;
  for (const std::string& value : values)
    data += value + '\0';
  return {tag, type, static_cast<uint32_t>(values.size()), data};
}
TestEntry int32_entry(uint32_t tag, const std::vector<uint32_t>& values) {
  std::string data;
  for (uint32_t value : values)
    put_be32(data, value);
  return {tag, 4, static_cast<uint32_t>(values.size()), data};
}
TestEntry int16_entry(uint32_t tag, const std::vector<uint16_t>& values) {
  std::string data;
  for (uint16_t value : values) {
    data += static_cast<char>(value >> 8);
    data += static_cast<char>(value & 0xff);
  }
  return {tag, 3, static_cast<uint32_t>(values.size()), data};
}

// A header image as rpm stores it: an immutable region (tag 63) over `region` entries, its
// trailer, then `dribble` entries added later.
std::string build_header(const std::vector<TestEntry>& region,
                         const std::vector<TestEntry>& dribble = {}) {
  std::string index, data;
  auto add = [&](const TestEntry& entry) {
    static constexpr uint32_t kAlign[] = {1, 1, 1, 2, 4, 8, 1, 1, 1, 1};
    while (data.size() % kAlign[entry.type] != 0)
      data += '\0';
    put_be32(index, entry.tag);
    put_be32(index, entry.type);
    put_be32(index, static_cast<uint32_t>(data.size()));
    put_be32(index, entry.count);
    data += entry.data;
  };
  for (const TestEntry& entry : region)
    add(entry);
  auto trailer_offset = static_cast<uint32_t>(data.size());
  put_be32(data, 63);
  put_be32(data, 7);
  put_be32(data, static_cast<uint32_t>(-static_cast<int32_t>(16 * (region.size() + 1))));
  put_be32(data, 16);
  for (const TestEntry& entry : dribble)
    add(entry);

  std::string blob;
  put_be32(blob, static_cast<uint32_t>(region.size() + dribble.size() + 1));
  put_be32(blob, static_cast<uint32_t>(data.size()));
  put_be32(blob, 63);
  put_be32(blob, 7);
  put_be32(blob, trailer_offset);
  put_be32(blob, 16);
  return blob + index + data;
}

std::vector<TestEntry> minimal_package(const std::string& name) {
  return {string_entry(1000, name), string_entry(1001, "1.0"), string_entry(1002, "1"),
          string_entry(1022, "x86_64")};
}

// --- building SQLite databases ----------------------------------------------------------------

// A SQLite database image made by running `sql` on a fresh in-memory database.
std::string sqlite_image(const std::string& sql, const std::vector<std::string>& blobs = {}) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(":memory:", &db) == SQLITE_OK);
  char* error = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  INFO((error ? error : ""));
  REQUIRE(rc == SQLITE_OK);
  for (const std::string& blob : blobs) {
    sqlite3_stmt* insert = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, "INSERT INTO Packages (blob) VALUES (?)", -1, &insert,
                               nullptr) == SQLITE_OK);
    sqlite3_bind_blob(insert, 1, blob.data(), static_cast<int>(blob.size()), SQLITE_TRANSIENT);
    REQUIRE(sqlite3_step(insert) == SQLITE_DONE);
    sqlite3_finalize(insert);
  }
  sqlite3_int64 size = 0;
  unsigned char* bytes = sqlite3_serialize(db, "main", &size, 0);
  REQUIRE(bytes != nullptr);
  std::string image(reinterpret_cast<const char*>(bytes), static_cast<size_t>(size));
  sqlite3_free(bytes);
  sqlite3_close(db);
  return image;
}

constexpr const char* kPackagesTable =
    "CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL);";

// --- Berkeley DB helpers ----------------------------------------------------------------------

uint32_t le32(const std::string& bytes, size_t at) {
  uint32_t value = 0;
  for (int i = 3; i >= 0; --i)
    value = value << 8 | static_cast<unsigned char>(bytes[at + i]);
  return value;
}
uint16_t le16(const std::string& bytes, size_t at) {
  return static_cast<uint16_t>(static_cast<unsigned char>(bytes[at]) |
                               static_cast<unsigned char>(bytes[at + 1]) << 8);
}
void set_le32(std::string& bytes, size_t at, uint32_t value) {
  for (int i = 0; i < 4; ++i)
    bytes[at + i] = static_cast<char>((value >> (8 * i)) & 0xff);
}
void swap_bytes(std::string& bytes, size_t at, size_t width) {
  std::reverse(bytes.begin() + static_cast<std::ptrdiff_t>(at),
               bytes.begin() + static_cast<std::ptrdiff_t>(at + width));
}

// The same little-endian hash database as a big-endian machine would have written it: every
// number of the metadata page, page headers, item offsets and off-page references swapped
// (the fields rpm's bdb_ro swaps when it reads a foreign database).
std::string to_big_endian(std::string bytes) {
  uint32_t page_size = le32(bytes, 20);
  uint32_t last_page = le32(bytes, 32);
  for (size_t at = 8; at < 224; at += 4)
    if (at != 24) swap_bytes(bytes, at, 4);  // 24..27 are single bytes
  for (uint32_t page = 1; page <= last_page; ++page) {
    size_t base = static_cast<size_t>(page) * page_size;
    uint8_t type = static_cast<uint8_t>(bytes[base + 25]);
    uint16_t items = le16(bytes, base + 20);
    if (type == 13 || type == 2) {
      for (uint16_t i = 0; i < items; ++i) {
        uint16_t offset = le16(bytes, base + 26 + 2 * i);
        if (bytes[base + offset] == 3) {
          swap_bytes(bytes, base + offset + 4, 4);
          swap_bytes(bytes, base + offset + 8, 4);
        }
        swap_bytes(bytes, base + 26 + 2 * i, 2);
      }
    }
    for (size_t at : {8, 12, 16})
      swap_bytes(bytes, base + at, 4);
    for (size_t at : {20, 22})
      swap_bytes(bytes, base + at, 2);
  }
  return bytes;
}

// The first page of the first off-page item's overflow chain.
uint32_t first_overflow_page(const std::string& bytes) {
  uint32_t page_size = le32(bytes, 20);
  uint32_t last_page = le32(bytes, 32);
  for (uint32_t page = 1; page <= last_page; ++page) {
    size_t base = static_cast<size_t>(page) * page_size;
    if (bytes[base + 25] != 13) continue;
    for (uint16_t i = 0; i < le16(bytes, base + 20); ++i) {
      uint16_t offset = le16(bytes, base + 26 + 2 * i);
      if (bytes[base + offset] == 3) return le32(bytes, base + offset + 4);
    }
  }
  FAIL("no off-page item");
  return 0;
}

}  // namespace

TEST_CASE("rpmdb: format detection") {
  CHECK(detect_format(upstream("cbl-mariner-2.0/rpmdb.sqlite")) == DbFormat::kSqlite);
  CHECK(detect_format(upstream("libuuid/Packages")) == DbFormat::kBerkeley);
  CHECK(detect_format(to_big_endian(upstream("libuuid/Packages"))) == DbFormat::kBerkeley);
  CHECK(detect_format(upstream("sle15-bci/Packages.db")) == DbFormat::kNdb);
  CHECK_FALSE(detect_format("").has_value());
  CHECK_FALSE(detect_format("SQLite format 2").has_value());
  CHECK_FALSE(detect_format(std::string(64, '\0')).has_value());
  std::string btree(512, '\0');  // a Berkeley DB b-tree: not an rpm Packages file
  btree.replace(12, 4, std::string("\x62\x31\x05\x00", 4));
  CHECK_FALSE(detect_format(btree).has_value());
}

TEST_CASE("rpmdb NDB: SLE 15 BCI lists exactly the expected packages, in slot order") {
  nlohmann::json want = expected("sle15-bci/expected.json");
  std::vector<Header> packages = read_packages(upstream("sle15-bci/Packages.db"), "Packages.db");
  REQUIRE(packages.size() == want["packages"].size());
  CHECK(packages.size() == 35);
  for (size_t i = 0; i < packages.size(); ++i)
    check_package(packages[i], want["packages"][i]);

  const Header& glibc = find_package(packages, "glibc");
  CHECK(glibc.digest_algorithm == "sha256");
  CHECK(std::find(glibc.provides.begin(), glibc.provides.end(), "libc.so.6()(64bit)") !=
        glibc.provides.end());
  CHECK(find_file(glibc, "/lib64/libc.so.6").mode != 0);
}

TEST_CASE("rpmdb SQLite: CBL-Mariner 2.0 lists the 129 packages rpm -qa lists") {
  std::string bytes = upstream("cbl-mariner-2.0/rpmdb.sqlite");
  std::vector<Header> packages = read_packages(bytes, "rpmdb.sqlite");
  CHECK(packages.size() == 129);
  CHECK(read_header_blobs(bytes, "rpmdb.sqlite").size() == 129);

  // rpm-qa.tsv: NAME EPOCH VERSION RELEASE ARCH LICENSE SOURCERPM, from rpm 4.18.
  using Row = std::tuple<std::string, std::string, std::string, std::string, std::string,
                         std::string, std::string>;
  std::multiset<Row> want, got;
  std::istringstream tsv(upstream("cbl-mariner-2.0/rpm-qa.tsv"));
  for (std::string line; std::getline(tsv, line);) {
    if (line.empty()) continue;
    std::vector<std::string> fields;
    std::istringstream split(line);
    for (std::string field; std::getline(split, field, '\t');)
      fields.push_back(field);
    REQUIRE(fields.size() == 7);
    want.insert({fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], fields[6]});
  }
  REQUIRE(want.size() == 129);
  for (const Header& header : packages)
    got.insert({header.name, header.epoch ? std::to_string(*header.epoch) : "(none)",
                header.version, header.release, header.arch, header.license, header.source_rpm});
  CHECK(got == want);

  const Header& curl = find_package(packages, "curl");
  check_package(curl, expected("cbl-mariner-2.0/expected.json")["contains"][0]);
  CHECK(curl.digest_algorithm == "sha256");
  CHECK(curl.files.size() == 6);
  // As go-rpmdb's curl_files.json (and rpm -ql) give them.
  const FileEntry& binary = find_file(curl, "/usr/bin/curl");
  CHECK(binary.mode == 33261);
  CHECK(binary.size == 267672);
  CHECK(binary.digest == "7ef6b3fd854d4ed189dd0aab2ffcf5e6bd58018ff69b97e1b86e1df7b86f3df0");
  const FileEntry& licenses = find_file(curl, "/usr/share/licenses/curl");
  CHECK(licenses.mode == 16877);
  CHECK(licenses.digest.empty());
  CHECK(find_file(curl, "/usr/share/man/man1/curl.1.gz").digest ==
        "6a937dea68ab20b8bf9d376bb68fcfe06608a4ddb7d7725986c7ad7451817912");
  CHECK(curl.provides.size() == 2);
  CHECK(curl.requirements.size() == 21);
}

TEST_CASE("rpmdb Berkeley DB: RHEL 8 libuuid") {
  std::string bytes = upstream("libuuid/Packages");
  // rpm 4.18 (bdb_ro backend) lists one package in this database; key 0 (rpm's next header
  // number) is not a header.
  CHECK(read_header_blobs(bytes, "Packages").size() == 1);
  std::vector<Header> packages = read_packages(bytes, "Packages");
  REQUIRE(packages.size() == 1);
  check_package(packages[0], expected("libuuid/expected.json")["contains"][0]);
  CHECK(packages[0].files.size() == 7);
  const FileEntry& library = find_file(packages[0], "/usr/lib64/libuuid.so.1.3.0");
  CHECK(library.mode == 33261);
  CHECK(library.size == 33496);
  CHECK(library.digest == "3c8f59a0e39cce53501045859f5c9a86b82fedd558a2f4110ab1823047b43745");
  CHECK(find_file(packages[0], "/usr/lib64/libuuid.so.1").mode == 41471);  // a symlink
}

TEST_CASE("rpmdb Berkeley DB: a big-endian database reads the same") {
  std::string bytes = to_big_endian(upstream("libuuid/Packages"));
  std::vector<Header> packages = read_packages(bytes, "Packages");
  REQUIRE(packages.size() == 1);
  check_package(packages[0], expected("libuuid/expected.json")["contains"][0]);
  CHECK(packages[0].files.size() == 7);
}

TEST_CASE("rpmdb Berkeley DB: syft's fixture (dive)") {
  std::vector<Header> packages = read_packages(syft_packages(), "Packages");
  REQUIRE(packages.size() == 1);
  const Header& dive = packages[0];
  CHECK(dive.name == "dive");
  CHECK(dive.version == "0.9.2");
  CHECK(dive.release == "1");
  CHECK(dive.arch == "x86_64");
  CHECK_FALSE(dive.epoch.has_value());
  CHECK(dive.license == "MIT");
  CHECK(dive.source_rpm == "dive-0.9.2-1.src.rpm");
  CHECK(dive.size == 12406784);
  CHECK(dive.vendor.empty());
  CHECK(dive.sigmd5.empty());  // unsigned: no SIGMD5 tag
  REQUIRE(dive.files.size() == 1);
  CHECK(dive.files[0].path == "/usr/local/bin/dive");
  CHECK(dive.files[0].mode == 33261);
  CHECK(dive.files[0].size == 12406784);
  CHECK(dive.files[0].digest == "81d29f327ba23096b3c52ff6fe1c425641e618bc87b5c05ee377edc650afaa55");
}

TEST_CASE("rpm header: fields, dribble entries, file paths") {
  std::vector<TestEntry> region = minimal_package("demo");
  region.push_back(int32_entry(1003, {2}));                         // EPOCH
  region.push_back({1004, 9, 2, std::string("Demo\0Démo\0", 11)});  // SUMMARY, i18n
  region.push_back(int32_entry(1009, {4096}));                      // SIZE
  region.push_back(string_entry(1011, "(none)"));                   // VENDOR
  region.push_back(string_entry(1014, "MIT"));                      // LICENSE
  region.push_back(int32_entry(1028, {10, 0}));                     // FILESIZES
  region.push_back(int16_entry(1030, {0100644, 040755}));           // FILEMODES
  region.push_back(strings_entry(1035, {"abc123", ""}));            // FILEDIGESTS
  region.push_back(string_entry(1044, "demo-1.0-1.src.rpm"));       // SOURCERPM
  region.push_back(strings_entry(1047, {"demo", "demo(x86-64)"}));  // PROVIDENAME
  region.push_back(strings_entry(1049, {"libc.so.6"}));             // REQUIRENAME
  region.push_back(int32_entry(1116, {1, 0}));                      // DIRINDEXES
  region.push_back(strings_entry(1117, {"demo.conf", "demo"}));     // BASENAMES
  region.push_back(strings_entry(1118, {"/usr/share/", "/etc/"}));  // DIRNAMES
  std::string blob = build_header(region, {string_entry(1014, "Apache-2.0")});

  Header header = parse_header(blob, "test");
  CHECK(header.name == "demo");
  CHECK(header.epoch == 2);
  CHECK(header.summary == "Demo");
  CHECK(header.size == 4096);
  CHECK(header.vendor.empty());           // "(none)"
  CHECK(header.license == "Apache-2.0");  // the dribble entry wins
  CHECK(header.source_rpm == "demo-1.0-1.src.rpm");
  CHECK(header.provides == std::vector<std::string>{"demo", "demo(x86-64)"});
  CHECK(header.requirements == std::vector<std::string>{"libc.so.6"});
  CHECK(header.digest_algorithm == "md5");  // no FILEDIGESTALGO
  CHECK(header.sigmd5.empty());
  REQUIRE(header.files.size() == 2);
  CHECK(header.files[0].path == "/etc/demo.conf");
  CHECK(header.files[0].mode == 0100644);
  CHECK(header.files[0].size == 10);
  CHECK(header.files[0].digest == "abc123");
  CHECK(header.files[1].path == "/usr/share/demo");
  CHECK(header.files[1].mode == 040755);

  std::vector<TestEntry> more = minimal_package("big");
  more.push_back({261, 7, 4, std::string("\x01\xab\x00\xff", 4)});  // SIGMD5 (short, but hex)
  more.push_back(int32_entry(5011, {10}));                          // FILEDIGESTALGO sha512
  TestEntry long_size{5009, 5, 1, std::string("\0\0\0\x01\0\0\0\x02", 8)};  // LONGSIZE
  more.push_back(long_size);
  Header big = parse_header(build_header(more), "test");
  CHECK(big.sigmd5 == "01ab00ff");
  CHECK(big.digest_algorithm == "sha512");
  CHECK(big.size == 0x100000002ULL);
  CHECK_FALSE(big.epoch.has_value());
}

TEST_CASE("rpm header: malformed images throw kBadInput") {
  std::string good = build_header(minimal_package("demo"));
  REQUIRE(parse_header(good, "h").name == "demo");

  auto set_be32 = [](std::string blob, size_t at, uint32_t value) {
    for (int i = 0; i < 4; ++i)
      blob[at + i] = static_cast<char>((value >> (8 * (3 - i))) & 0xff);
    return blob;
  };
  // Index entry 1 (the NAME) at 8 + 16: tag, type, offset, count.
  std::string message =
      bad_input_message([&] { parse_header(set_be32(good, 8 + 16 + 8, 5000), "h"); });
  CHECK(message.find("points past the data store") != std::string::npos);
  CHECK(message.starts_with("h: "));
  bad_input_message([&] { parse_header(set_be32(good, 8 + 16 + 12, 1000000), "h"); });  // count
  bad_input_message([&] { parse_header(set_be32(good, 8 + 16 + 4, 42), "h"); });        // type
  bad_input_message([&] { parse_header(set_be32(good, 0, 0x7fffffff), "h"); });         // il
  bad_input_message([&] { parse_header(set_be32(good, 4, 0xfffffff0), "h"); });         // dl
  bad_input_message([&] { parse_header(set_be32(good, 8 + 8, 0x7ffffff0), "h"); });     // region
  bad_input_message([&] { parse_header(good.substr(0, good.size() - 1), "h"); });
  bad_input_message([&] { parse_header(good.substr(0, 7), "h"); });
  bad_input_message([&] { parse_header("", "h"); });

  // A legacy header (no region) whose only string runs off the end of the data store.
  std::string legacy;
  for (uint32_t word : {1u, 3u, 1000u, 6u, 0u, 1u})
    put_be32(legacy, word);  // il, dl, NAME entry
  legacy += "abc";
  message = bad_input_message([&] { parse_header(legacy, "h"); });
  CHECK(message.find("runs past the end of the data store") != std::string::npos);
  // The same legacy (region-less) header, terminated, is fine.
  legacy.back() = '\0';
  CHECK(parse_header(legacy, "h").name == "ab");

  // File list with a directory index past DIRNAMES.
  std::vector<TestEntry> files = minimal_package("f");
  files.push_back(int32_entry(1116, {3}));
  files.push_back(strings_entry(1117, {"a"}));
  files.push_back(strings_entry(1118, {"/"}));
  message = bad_input_message([&] { parse_header(build_header(files), "h"); });
  CHECK(message.find("names directory 3 of 1") != std::string::npos);

  // A wrong data type for a tag we read.
  std::vector<TestEntry> typed = minimal_package("t");
  typed.push_back(string_entry(1003, "1"));  // EPOCH as a string
  bad_input_message([&] { parse_header(build_header(typed), "h"); });

  // Overlapping entries (rpm refuses them too).
  std::string overlap = set_be32(good, 8 + 32 + 8, 0);  // VERSION at NAME's offset
  bad_input_message([&] { parse_header(overlap, "h"); });
}

TEST_CASE("rpmdb SQLite: built databases, gpg-pubkey, hostile schemas") {
  std::vector<TestEntry> key = minimal_package("gpg-pubkey");
  std::string no_name = build_header({string_entry(1001, "1")});
  std::string image = sqlite_image(
      kPackagesTable, {build_header(minimal_package("bash")), build_header(key), no_name});
  REQUIRE(detect_format(image) == DbFormat::kSqlite);
  CHECK(read_header_blobs(image, "db").size() == 3);
  std::vector<Header> packages = read_packages(image, "db");
  REQUIRE(packages.size() == 2);  // the header without a NAME is no package
  CHECK(packages[0].name == "bash");
  CHECK(packages[1].name == "gpg-pubkey");  // kept, as rpm -qa and syft list it

  CHECK(read_packages(sqlite_image(kPackagesTable), "db").empty());

  std::string message;
  message = bad_input_message([&] { read_packages(sqlite_image("CREATE TABLE other(x);"), "db"); });
  CHECK(message.find("no Packages table") != std::string::npos);
  // A view that would never finish.
  bad_input_message([&] {
    read_packages(sqlite_image("CREATE VIEW Packages AS WITH RECURSIVE n(hnum, blob) AS "
                               "(SELECT 1, x'00' UNION ALL SELECT hnum + 1, blob FROM n) "
                               "SELECT * FROM n;"),
                  "db");
  });
  // Computed columns.
  bad_input_message([&] {
    read_packages(sqlite_image("CREATE TABLE Packages (hnum INTEGER PRIMARY KEY, "
                               "blob BLOB AS (zeroblob(100000000)));"
                               "INSERT INTO Packages (hnum) VALUES (1);"),
                  "db");
  });
  // A value that is no blob, and a blob that is no header.
  bad_input_message([&] {
    read_packages(
        sqlite_image(std::string(kPackagesTable) + "INSERT INTO Packages (blob) VALUES ('text');"),
        "db");
  });
  message = bad_input_message(
      [&] { read_packages(sqlite_image(kPackagesTable, {std::string("\0\0\0\1", 4)}), "db"); });
  CHECK(message.find("header 1 of 1") != std::string::npos);
}

TEST_CASE("rpmdb: damaged databases throw kBadInput") {
  std::vector<std::pair<std::string, std::string>> databases = {
      {"rpmdb.sqlite", upstream("cbl-mariner-2.0/rpmdb.sqlite")},
      {"Packages", upstream("libuuid/Packages")},
      {"Packages (big-endian)", to_big_endian(upstream("libuuid/Packages"))},
      {"Packages (syft)", syft_packages()},
      {"Packages.db", upstream("sle15-bci/Packages.db")},
  };
  for (const auto& database : databases) {
    const std::string& name = database.first;  // not a structured binding: lambdas capture it
    const std::string& bytes = database.second;
    INFO(name);
    for (size_t size :
         {size_t{0}, size_t{10}, size_t{100}, size_t{4096}, bytes.size() / 2, bytes.size() - 1}) {
      INFO("truncated to " << size);
      bad_input_message([&] { read_packages(bytes.substr(0, size), name); });
    }
  }

  // SQLite's own page-count check, when the file header's count is not valid (the "version
  // valid for" number at 92 differs from the change counter), so only SQLite sees the cut.
  std::string sqlite = upstream("cbl-mariner-2.0/rpmdb.sqlite");
  sqlite.replace(92, 4, "\xff\xff\xff\xff");
  CHECK(read_packages(sqlite, "rpmdb.sqlite").size() == 129);
  for (size_t size : {size_t{4096}, sqlite.size() / 2, sqlite.size() - 4096, sqlite.size() - 1}) {
    INFO("truncated to " << size);
    bad_input_message([&] { read_packages(sqlite.substr(0, size), "rpmdb.sqlite"); });
  }

  std::mt19937 random(20240229);
  std::string noise(65536, '\0');
  for (char& c : noise)
    c = static_cast<char>(random());
  CHECK(bad_input_message([&] { read_packages(noise, "noise"); }).find("not an rpm database") !=
        std::string::npos);
  // Noise behind each format's magic.
  bad_input_message([&] { read_packages(std::string("SQLite format 3\0", 16) + noise, "x"); });
  bad_input_message([&] { read_packages("RpmP" + noise, "x"); });
  std::string bdb = noise;
  bdb.replace(12, 4, std::string("\x61\x15\x06\x00", 4));
  bad_input_message([&] { read_packages(bdb, "x"); });
}

TEST_CASE("rpmdb Berkeley DB: a looping overflow chain throws") {
  std::string bytes = upstream("libuuid/Packages");
  uint32_t page_size = le32(bytes, 20);
  uint32_t first = first_overflow_page(bytes);
  REQUIRE(le32(bytes, size_t{first} * page_size + 16) != 0);  // the chain has a second page
  set_le32(bytes, size_t{first} * page_size + 16, first);     // ... now itself
  std::string message = bad_input_message([&] { read_packages(bytes, "Packages"); });
  CHECK(message.find("cycle") != std::string::npos);
  CHECK(message.find("Berkeley DB page " + std::to_string(first)) != std::string::npos);

  // A bucket chain that loops back onto its own first page.
  std::string buckets = upstream("libuuid/Packages");
  uint32_t spare = le32(buckets, 96);  // bucket 0 lives on page 0 + spares[0]
  set_le32(buckets, size_t{spare} * page_size + 16, spare);
  CHECK(bad_input_message([&] { read_packages(buckets, "Packages"); }).find("cycle") !=
        std::string::npos);
}

TEST_CASE("rpmdb NDB: overlapping or misplaced slots throw") {
  std::string bytes = upstream("sle15-bci/Packages.db");
  // Slot 2 (the first after the file header) and slot 3: point 3's blob at 2's.
  std::string overlap = bytes;
  set_le32(overlap, 3 * 16 + 8, le32(bytes, 2 * 16 + 8));
  bad_input_message([&] { read_packages(overlap, "Packages.db"); });
  std::string inside = bytes;
  set_le32(inside, 2 * 16 + 8, 1);  // a blob inside the slot pages
  bad_input_message([&] { read_packages(inside, "Packages.db"); });
  std::string huge = bytes;
  set_le32(huge, 12, 0x7fffffff);  // slot page count
  bad_input_message([&] { read_packages(huge, "Packages.db"); });
  std::string magic = bytes;
  magic[2 * 16] = 'X';
  bad_input_message([&] { read_packages(magic, "Packages.db"); });
}

// Random damage to real databases: each read either succeeds or throws kBadInput; it never
// crashes, hangs or throws anything else (run under -fsanitize=address,undefined to see).
TEST_CASE("rpmdb: randomly damaged databases never crash") {
  std::vector<std::string> databases = {upstream("libuuid/Packages"),
                                        to_big_endian(upstream("libuuid/Packages")),
                                        syft_packages(), upstream("sle15-bci/Packages.db")};
  std::mt19937 random(7);
  for (const std::string& original : databases) {
    for (int round = 0; round < 300; ++round) {
      std::string bytes = original;
      int changes = 1 + static_cast<int>(random() % 8);
      for (int i = 0; i < changes; ++i) {
        // Half the damage lands in the first 4 KiB, where the structure is.
        size_t limit = random() % 2 ? std::min<size_t>(4096, bytes.size()) : bytes.size();
        bytes[random() % limit] = static_cast<char>(random());
      }
      try {
        read_packages(bytes, "damaged");
      } catch (const Error& error) {
        CHECK(error.kind() == ErrorKind::kBadInput);
      }
    }
  }
  // The SQLite file is larger: fewer rounds, damage anywhere.
  std::string sqlite = upstream("cbl-mariner-2.0/rpmdb.sqlite");
  for (int round = 0; round < 40; ++round) {
    std::string bytes = sqlite;
    for (int i = 0; i < 16; ++i)
      bytes[random() % bytes.size()] = static_cast<char>(random());
    try {
      read_packages(bytes, "damaged");
    } catch (const Error& error) {
      CHECK(error.kind() == ErrorKind::kBadInput);
    }
  }
}
