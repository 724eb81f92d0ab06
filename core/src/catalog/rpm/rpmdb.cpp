// Which of the three database formats a file is, and the packages it lists.
#include "hallmark/catalog/rpm/rpmdb.hpp"

#include "formats.hpp"

namespace hallmark::catalog::rpm {

std::optional<DbFormat> detect_format(std::string_view bytes) {
  // SQLite's 16-byte file header string.
  if (bytes.starts_with(std::string_view("SQLite format 3\0", 16))) return DbFormat::kSqlite;
  // NDB's file header magic, "RpmP" as a little-endian number.
  if (bytes.starts_with("RpmP")) return DbFormat::kNdb;
  // Berkeley DB keeps its magic at offset 12 of the metadata page, in the writer's byte order;
  // 0x061561 is the hash access method (rpm never stored Packages as a b-tree).
  if (bytes.size() >= 16) {
    std::string_view magic = bytes.substr(12, 4);
    if (magic == std::string_view("\x61\x15\x06\x00", 4) ||
        magic == std::string_view("\x00\x06\x15\x61", 4))
      return DbFormat::kBerkeley;
  }
  return std::nullopt;
}

std::vector<std::string> read_header_blobs(std::string_view bytes, const std::string& where) {
  std::optional<DbFormat> format = detect_format(bytes);
  if (!format)
    throw_bad_input(where, "not an rpm database (neither SQLite, Berkeley DB hash nor NDB)");
  switch (*format) {
    case DbFormat::kSqlite:
      return detail::read_sqlite_blobs(bytes, where);
    case DbFormat::kBerkeley:
      return detail::read_berkeley_blobs(bytes, where);
    case DbFormat::kNdb:
      return detail::read_ndb_blobs(bytes, where);
  }
  throw_bad_input(where, "unknown rpm database format");
}

std::vector<Header> read_packages(std::string_view bytes, const std::string& where) {
  std::vector<std::string> blobs = read_header_blobs(bytes, where);
  std::vector<Header> packages;
  packages.reserve(blobs.size());
  for (size_t i = 0; i < blobs.size(); ++i) {
    Header header;
    try {
      header = parse_header(blobs[i], where);
    } catch (const Error& error) {
      throw error.within("header " + std::to_string(i + 1) + " of " + std::to_string(blobs.size()));
    }
    if (header.name.empty()) continue;  // not a package
    packages.push_back(std::move(header));
    blobs[i] = std::string();  // release each blob once parsed
  }
  return packages;
}

}  // namespace hallmark::catalog::rpm
