// Alpine's package database: lib/apk/db/installed (the APKINDEX record format: one "K:value"
// line per field, records separated by blank lines).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "hallmark/catalog/cataloger.hpp"

namespace hallmark::catalog::apk {

struct Entry {
  std::string package;                // P
  std::string version;                // V
  std::string arch;                   // A
  std::string license;                // L
  std::string origin;                 // o: the source package
  std::string maintainer;             // m
  std::string description;            // T
  std::string url;                    // U
  uint64_t installed_size = 0;        // I
  std::vector<std::string> depends;   // D, space separated
  std::vector<std::string> provides;  // p, space separated
  std::vector<std::string> files;     // F (folder) + R (file), absolute
};

// Every record; a line that is not "K:value" is a malformed database (kBadInput naming `where`).
std::vector<Entry> parse_installed(std::string_view text, const std::string& where);

// "so:libc.musl-x86_64.so.1=1" -> "so:libc.musl-x86_64.so.1"; "musl>=1.2" -> "musl".
std::string_view constraint_name(std::string_view dependency);

std::unique_ptr<Cataloger> make_cataloger();

}  // namespace hallmark::catalog::apk
