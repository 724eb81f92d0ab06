// CPE 2.3 formatted strings: escaping as NISTIR 7695 binds values, and the CPE of OS packages.
#include <regex>
#include <string>

#include <doctest/doctest.h>

#include "hallmark/model/cpe.hpp"

using namespace hallmark::model;

namespace {

// The formatted-string pattern of the CPE 2.3 naming schema (cpe-naming_2.3.xsd, "cpe23Type"),
// which NVD and syft validate names against.
bool is_valid_cpe23(const std::string& text) {
  static const std::regex pattern(
      R"(cpe:2\.3:[aho\*\-](:(((\?*|\*?)([a-zA-Z0-9\-\._]|(\\[\\\*\?!"#$$%&'\(\)\+,/:;<=>@\[\]\^`\{\|}~]))+(\?*|\*?))|[\*\-])){5})"
      R"((:(([a-zA-Z]{2,3}(-([a-zA-Z]{2}|[0-9]{3}))?)|[\*\-])))"
      R"((:(((\?*|\*?)([a-zA-Z0-9\-\._]|(\\[\\\*\?!"#$$%&'\(\)\+,/:;<=>@\[\]\^`\{\|}~]))+(\?*|\*?))|[\*\-])){4})");
  return std::regex_match(text, pattern);
}

}  // namespace

TEST_CASE("cpe: formatted-string binding escapes as NISTIR 7695 says") {
  CHECK(make_cpe("openssl", "openssl", "3.0.11") ==
        "cpe:2.3:a:openssl:openssl:3.0.11:*:*:*:*:*:*:*");
  // '.', '-' and '_' pass; other punctuation is quoted with '\'.
  CHECK(make_cpe("gnu", "glibc", "2.36-9+deb12u4") ==
        "cpe:2.3:a:gnu:glibc:2.36-9\\+deb12u4:*:*:*:*:*:*:*");
  CHECK(make_cpe("debian", "attr", "1:2.4.47-2") ==
        "cpe:2.3:a:debian:attr:1\\:2.4.47-2:*:*:*:*:*:*:*");
  CHECK(make_cpe("x", "y", "1.0~rc1") == "cpe:2.3:a:x:y:1.0\\~rc1:*:*:*:*:*:*:*");
  CHECK(make_cpe("x_y", "a.b-c", "1") == "cpe:2.3:a:x_y:a.b-c:1:*:*:*:*:*:*:*");
  // Literal wildcards and backslashes are quoted, so they do not match anything.
  CHECK(make_cpe("a*b", "c?d", "e\\f") == "cpe:2.3:a:a\\*b:c\\?d:e\\\\f:*:*:*:*:*:*:*");
  CHECK(make_cpe("v", "p", "!\"#$%&'()+,/;<=>@[]^`{|}~") ==
        "cpe:2.3:a:v:p:\\!\\\"\\#\\$\\%\\&\\'\\(\\)\\+\\,\\/"
        "\\;\\<\\=\\>\\@\\[\\]\\^\\`\\{\\|\\}\\~:*:*:*:*:*:*:*");
  // A WFN value holds no whitespace (nor non-ASCII): '_' stands in.
  CHECK(make_cpe("red hat", "p\tq", "caf\xC3\xA9") == "cpe:2.3:a:red_hat:p_q:caf_:*:*:*:*:*:*:*");
  // Empty is ANY.
  CHECK(make_cpe("", "zlib", "") == "cpe:2.3:a:*:zlib:*:*:*:*:*:*:*:*");

  Cpe os;
  os.part = 'o';
  os.vendor = "debian";
  os.product = "debian_linux";
  os.version = "12";
  os.language = "en";
  CHECK(os.to_string() == "cpe:2.3:o:debian:debian_linux:12:*:*:en:*:*:*:*");

  for (const std::string& text :
       {make_cpe("gnu", "glibc", "2.36-9+deb12u4"), make_cpe("a*b", "c?d", "e\\f"),
        make_cpe("v", "p", "!\"#$%&'()+,/;<=>@[]^`{|}~"),
        make_cpe("red hat", "p\tq", "caf\xC3\xA9"), make_cpe("", "zlib", ""), os.to_string()}) {
    INFO(text);
    CHECK(is_valid_cpe23(text));
  }
  // The pattern does reject what escaping prevents.
  CHECK_FALSE(is_valid_cpe23("cpe:2.3:a:red hat:x:1:*:*:*:*:*:*:*"));
  CHECK_FALSE(is_valid_cpe23("cpe:2.3:a:gnu:glibc:2.36-9+deb12u4:*:*:*:*:*:*:*"));
  CHECK_FALSE(is_valid_cpe23("cpe:2.3:a:debian:attr:1:2.4.47-2:*:*:*:*:*:*:*"));
}

TEST_CASE("cpe: one CPE per OS package, vendor = known upstream vendor or the name") {
  // The common case: syft's leading candidate, vendor and product both the package name.
  CHECK(os_package_cpe("deb", "libc6", "2.36-9+deb12u4", "debian") ==
        "cpe:2.3:a:libc6:libc6:2.36-9\\+deb12u4:*:*:*:*:*:*:*");
  CHECK(os_package_cpe("deb", "libstdc++6", "12.2.0-14", "debian") ==
        "cpe:2.3:a:libstdc\\+\\+6:libstdc\\+\\+6:12.2.0-14:*:*:*:*:*:*:*");
  CHECK(os_package_cpe("apk", "busybox", "1.36.1-r5", "alpine") ==
        "cpe:2.3:a:busybox:busybox:1.36.1-r5:*:*:*:*:*:*:*");
  // Known upstream vendors, whatever the distribution or the rpm Vendor tag says.
  CHECK(os_package_cpe("apk", "curl", "8.5.0-r0", "alpine") ==
        "cpe:2.3:a:haxx:curl:8.5.0-r0:*:*:*:*:*:*:*");
  CHECK(os_package_cpe("rpm", "curl", "7.76.0-6.cm2", "Microsoft Corporation") ==
        "cpe:2.3:a:haxx:curl:7.76.0-6.cm2:*:*:*:*:*:*:*");
  CHECK(os_package_cpe("deb", "bash", "5.2.15-2+b2", "debian") ==
        "cpe:2.3:a:gnu:bash:5.2.15-2\\+b2:*:*:*:*:*:*:*");
  CHECK(os_package_cpe("apk", "musl", "1.2.4-r2", "alpine") ==
        "cpe:2.3:a:musl-libc:musl:1.2.4-r2:*:*:*:*:*:*:*");
  CHECK(os_package_cpe("apk", "python3", "3.11.6-r0", "alpine") ==
        "cpe:2.3:a:python:python:3.11.6-r0:*:*:*:*:*:*:*");
  CHECK(os_package_cpe("rpm", "httpd", "2.4.57-5.el9", "Red Hat, Inc.") ==
        "cpe:2.3:a:apache:http_server:2.4.57-5.el9:*:*:*:*:*:*:*");
  // The distributor is never the vendor; names are lower-cased.
  CHECK(os_package_cpe("rpm", "NetworkManager", "1:1.42.2-1.el9", "Red Hat, Inc.") ==
        "cpe:2.3:a:networkmanager:networkmanager:1\\:1.42.2-1.el9:*:*:*:*:*:*:*");
  CHECK(os_package_cpe("rpm", "system-user-root", "20190513-3.3.1",
                       "SUSE LLC <https://www.suse.com/>") ==
        "cpe:2.3:a:system-user-root:system-user-root:20190513-3.3.1:*:*:*:*:*:*:*");
  // Not an OS package, or nothing to name.
  CHECK(os_package_cpe("npm", "lodash", "4.17.21", "") == "");
  CHECK(os_package_cpe("deb", "", "1.0", "debian") == "");
  CHECK(os_package_cpe("deb", "tzdata", "", "debian") == "cpe:2.3:a:tzdata:tzdata:*:*:*:*:*:*:*:*");
}
