// Licenses from /usr/share/doc/PKG/copyright. Debian's machine-readable format (DEP-5) names
// them in "License:" fields; older free-form files at least point at
// /usr/share/common-licenses/NAME. Both are read, as syft does.
#include <algorithm>

#include "hallmark/catalog/dpkg.hpp"
#include "hallmark/util/strings.hpp"

namespace hallmark::catalog::dpkg {
namespace {

constexpr std::string_view kCommonLicenses = "/usr/share/common-licenses/";

void add_unique(std::vector<std::string>& licenses, std::string_view license) {
  if (license.empty()) return;
  if (std::find(licenses.begin(), licenses.end(), license) == licenses.end())
    licenses.emplace_back(license);
}

}  // namespace

std::vector<std::string> parse_copyright_licenses(std::string_view text) {
  std::vector<std::string> licenses;
  for (std::string_view line : util::lines(text)) {
    if (line.starts_with("License:")) {
      // "License: GPL-2+" (a short name; a whole expression such as "GPL-2+ or Artistic" is
      // kept as written).
      add_unique(licenses, util::trim(line.substr(8)));
      continue;
    }
    for (size_t at = line.find(kCommonLicenses); at != std::string_view::npos;
         at = line.find(kCommonLicenses, at + 1)) {
      std::string_view name = line.substr(at + kCommonLicenses.size());
      name = name.substr(0, name.find_first_of(" \t'\"`,;)"));
      while (!name.empty() && (name.back() == '.' || name.back() == ':'))
        name.remove_suffix(1);
      add_unique(licenses, name);
    }
  }
  return licenses;
}

}  // namespace hallmark::catalog::dpkg
