// What the OS package catalogers (dpkg, apk, rpm) share: purls with the distro qualifiers the
// purl spec gives, CPEs, and resolving "depends on NAME" through names and provides.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hallmark/model/package.hpp"
#include "hallmark/model/sbom.hpp"

namespace hallmark::catalog {

struct OsPurlFields {
  std::string_view type;  // "deb", "apk", "rpm"
  std::string_view name;
  std::string_view version;
  std::string_view arch;
  std::string_view upstream;  // the source package ("src" or "src@version"), if any
  std::string_view epoch;     // rpm only
};

// pkg:TYPE/DISTRO-ID/NAME@VERSION?arch=..&distro=ID-VERSION_ID&epoch=..&upstream=..; empty
// without a distro, whose id the purl's required namespace is (syft does the same).
std::string os_purl(const OsPurlFields& fields, const std::optional<model::Distro>& distro);

// Sets the package's CPE and its id; the last step of making an OS package.
void finish_os_package(model::Package& package, std::string_view vendor_hint);

// Names a package can be depended on by: its own name and what it provides.
class ProvidesIndex {
 public:
  void add(std::string_view name, const std::string& package_id);
  // Package ids providing `name` (in insertion order, without repeats).
  const std::vector<std::string>* find(std::string_view name) const;

 private:
  std::map<std::string, std::vector<std::string>, std::less<>> providers_;
};

}  // namespace hallmark::catalog
