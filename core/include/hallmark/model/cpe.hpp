// CPE 2.3 names (NISTIR 7695) in the formatted-string binding, the form SBOMs carry and NVD
// matches vulnerabilities against: cpe:2.3:part:vendor:product:version:update:edition:language:
// sw_edition:target_sw:target_hw:other.
#pragma once

#include <string>
#include <string_view>

namespace hallmark::model {

// A CPE name's attributes as plain text (unescaped); an empty attribute is ANY ("*").
struct Cpe {
  char part = 'a';  // 'a' application, 'o' operating system, 'h' hardware
  std::string vendor;
  std::string product;
  std::string version;
  std::string update;
  std::string edition;
  std::string language;
  std::string sw_edition;
  std::string target_sw;
  std::string target_hw;
  std::string other;

  // The formatted string. Each attribute is bound as NISTIR 7695 6.2 binds a WFN value: letters,
  // digits, '_', '-' and '.' stay, every other printable ASCII character is escaped with '\'
  // (so a literal '*' or '?' is not a wildcard), whitespace becomes '_' (a WFN value holds none)
  // and a non-ASCII character, which a CPE cannot hold, becomes '_' too.
  std::string to_string() const;
};

// cpe:2.3:a:VENDOR:PRODUCT:VERSION:*:*:*:*:*:*:*
std::string make_cpe(std::string_view vendor, std::string_view product, std::string_view version);

// The one CPE Hallmark gives an OS package (package_type "deb", "apk" or "rpm"); empty for other
// types or without a name.
//
// Rule: product = the package name; vendor = the upstream vendor NVD files the product under
// when it is a well-known one (syft's curated candidates for OS packages: curl -> haxx, bash ->
// gnu, musl -> musl-libc, ...), else the package name itself. Vendor and product are lower-cased
// (CPE matching ignores case; NVD's dictionary is lower case). syft also offers vendor candidates
// from the distribution (rpm's Vendor tag), from hyphen/underscore variants and from
// sub-selections, and puts first whichever combination is longest: on CBL-Mariner that is
// "microsoftcorporation:curl". A distributor is not the vendor NVD knows the software by, so
// `vendor_hint` (the distro id or the rpm Vendor) is deliberately not used as the vendor; it is
// accepted so that callers keep one call for all OS types.
std::string os_package_cpe(std::string_view package_type, std::string_view name,
                           std::string_view version, std::string_view vendor_hint);

}  // namespace hallmark::model
