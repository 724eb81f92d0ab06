// The rpm package database, read from its bytes in memory (captured from an image layer, never a
// file on disk), in each of its three on-disk formats:
//   - SQLite  (rpmdb.sqlite, rpm >= 4.16: Fedora 33+, RHEL 9, Mariner, Amazon Linux 2023)
//   - Berkeley DB hash (Packages: RHEL/CentOS <= 8, Amazon Linux 2, older SUSE)
//   - NDB     (Packages.db: SUSE since 15 SP3)
// Each stores one "header image" per installed package; parse_header reads one.
//
// The bytes are untrusted: a malformed or hostile database throws hallmark::Error of kind
// kBadInput naming `where` (the database's path), never crashes, hangs or allocates more than a
// small multiple of its size.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hallmark::catalog::rpm {

enum class DbFormat { kSqlite, kBerkeley, kNdb };

// The format of a database from its first bytes; nullopt when it is none of the three.
std::optional<DbFormat> detect_format(std::string_view bytes);

// Every header blob stored in the database (any format; detected), in database order: rowid
// order for SQLite, hash-bucket order for Berkeley DB (as rpm's own reader walks it), slot
// order for NDB. Bookkeeping records that are not headers (Berkeley DB's key 0) are left out.
// Throws kBadInput.
std::vector<std::string> read_header_blobs(std::string_view bytes, const std::string& where);

struct FileEntry {
  std::string path;
  std::string digest;  // hex as stored; empty for directories, links and ghost files
  uint32_t mode = 0;
  uint64_t size = 0;
};

struct Header {
  std::string name, version, release, arch, source_rpm, license, vendor, summary, modularity_label,
      sigmd5;  // sigmd5 in lowercase hex; empty when the header has none
  std::optional<int> epoch;
  uint64_t size = 0;  // installed size in bytes (SIZE, or LONGSIZE for packages over 4 GiB)
  // PROVIDENAME and REQUIRENAME. ("requires" is a C++20 keyword, hence "requirements".)
  std::vector<std::string> provides, requirements;
  std::string digest_algorithm;  // "md5", "sha256", ... from FILEDIGESTALGO, "md5" when absent
  std::vector<FileEntry> files;
};

// One header image: the big-endian index count and data length, the index entries
// (tag, type, offset, count) and the data store they point into. Strings SOURCERPM, LICENSE and
// VENDOR that read "(none)" come back empty, as go-rpmdb (and so syft) report them.
// Throws kBadInput naming `where` when an entry points outside the data store, a count or a
// type is impossible, or the region trailer is inconsistent.
Header parse_header(std::string_view blob, const std::string& where);

// Convenience: every package of the database, parsed, in database order. Headers without a
// NAME are not packages and are left out; gpg-pubkey entries (the keys rpm imported) are kept,
// as `rpm -qa` and syft list them.
std::vector<Header> read_packages(std::string_view bytes, const std::string& where);

}  // namespace hallmark::catalog::rpm
