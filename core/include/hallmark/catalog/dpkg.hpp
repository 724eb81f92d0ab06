// Debian's package database: var/lib/dpkg/status (and distroless status.d/*), the file lists in
// var/lib/dpkg/info, and machine-readable copyright files.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "hallmark/catalog/cataloger.hpp"

namespace hallmark::catalog::dpkg {

// One paragraph of a status file.
struct Entry {
  std::string package;
  std::string version;
  std::string architecture;
  std::string source;          // the source package name
  std::string source_version;  // when "Source: name (version)" gives one
  std::string maintainer;
  std::string status;
  std::string description;  // the synopsis line
  std::string license;      // opkg writes one; dpkg does not
  uint64_t installed_size = 0;
  std::string depends, pre_depends, provides;  // raw relationship fields
};

// Every paragraph describing an installed package (paragraphs whose Status says the package is
// not installed, and paragraphs without a Package name, are left out). A line that is neither
// "Field: value" nor a continuation is a malformed database: kBadInput naming `where`.
std::vector<Entry> parse_status(std::string_view text, const std::string& where);

// The licenses a copyright file names, in order of appearance, without repeats: "License:"
// fields of the machine-readable format and /usr/share/common-licenses/NAME references.
std::vector<std::string> parse_copyright_licenses(std::string_view text);

// The package names a Depends-style field refers to, alternatives included:
// "libc6 (>= 2.34), mail-transport-agent | default-mta:any" -> libc6, mail-transport-agent,
// default-mta.
std::vector<std::string> relationship_names(std::string_view field);

std::unique_ptr<Cataloger> make_cataloger();

}  // namespace hallmark::catalog::dpkg
