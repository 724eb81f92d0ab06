// SPDX ids, SPDX expressions, and the license names distributions write.
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <string>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "hallmark/model/license.hpp"
#include "hallmark/util/strings.hpp"

#include "shared.hpp"

using namespace hallmark::model;
using nlohmann::json;

TEST_CASE("license: SPDX ids, exactly and ignoring case") {
  CHECK(spdx_license_list_version() == "3.28.0");
  CHECK(is_spdx_license_id("MIT"));
  CHECK(is_spdx_license_id("Apache-2.0"));
  CHECK(is_spdx_license_id("GPL-2.0+"));  // deprecated ids are still on the list
  CHECK(is_spdx_license_id("0BSD"));
  CHECK(is_spdx_license_id("wxWindows"));
  CHECK_FALSE(is_spdx_license_id("mit"));
  CHECK_FALSE(is_spdx_license_id("Apache 2.0"));
  CHECK_FALSE(is_spdx_license_id(""));
  CHECK_FALSE(is_spdx_license_id("Classpath-exception-2.0"));  // an exception, not a license
  CHECK(is_spdx_exception_id("Classpath-exception-2.0"));
  CHECK(is_spdx_exception_id("Linux-syscall-note"));
  CHECK_FALSE(is_spdx_exception_id("MIT"));

  CHECK(canonical_spdx_id("apache-2.0") == "Apache-2.0");
  CHECK(canonical_spdx_id("BSD-3-CLAUSE") == "BSD-3-Clause");
  CHECK(canonical_spdx_id("zlib") == "Zlib");
  CHECK(canonical_spdx_id("WXWINDOWS") == "wxWindows");
  CHECK(canonical_spdx_id("gpl-2.0-or-later") == "GPL-2.0-or-later");
  CHECK_FALSE(canonical_spdx_id("GPLv2").has_value());
  CHECK_FALSE(canonical_spdx_id("gcc-exception-3.1").has_value());
  CHECK(canonical_spdx_exception_id("gcc-exception-3.1") == "GCC-exception-3.1");
}

TEST_CASE("license: the id tables are CycloneDX's spdx.schema.json enum, all of it") {
  std::ifstream stream(hallmark::test::shared_path("upstream/schemas/cyclonedx/spdx.schema.json"));
  json schema = json::parse(stream);
  CHECK(schema.at("$comment")
            .get<std::string>()
            .ends_with("-" + std::string(spdx_license_list_version())));
  int licenses = 0, exceptions = 0;
  for (const json& entry : schema.at("enum")) {
    std::string id = entry.get<std::string>();
    INFO(id);
    CHECK(is_spdx_license_id(id) != is_spdx_exception_id(id));
    licenses += is_spdx_license_id(id);
    exceptions += is_spdx_exception_id(id);
    CHECK(canonical_spdx_id(hallmark::util::to_lower(id)).value_or(id) == id);
  }
  CHECK(licenses == 727);
  CHECK(exceptions == 84);
}

TEST_CASE("license: valid SPDX expressions in canonical form") {
  const std::map<std::string, std::string> valid = {
      {"MIT", "MIT"},
      {"mit", "MIT"},  // ids match ignoring case; the list's spelling is kept
      {"GPL-2.0+", "GPL-2.0+"},
      {"GPL-2.0-or-later WITH Classpath-exception-2.0",
       "GPL-2.0-or-later WITH Classpath-exception-2.0"},
      {"gpl-3.0-or-later with gcc-exception-3.1", "GPL-3.0-or-later WITH GCC-exception-3.1"},
      {"MIT OR Apache-2.0", "MIT OR Apache-2.0"},
      {"mit or apache-2.0", "MIT OR Apache-2.0"},  // all-lower-case operators
      {"  MIT   AND\tBSD-3-Clause ", "MIT AND BSD-3-Clause"},
      {"(MIT)", "MIT"},
      {"((MIT AND Zlib))", "MIT AND Zlib"},
      {"MIT AND (Zlib AND ISC)", "MIT AND Zlib AND ISC"},
      // AND binds tighter than OR; the canonical form shows the grouping.
      {"MIT OR Zlib AND ISC", "MIT OR (Zlib AND ISC)"},
      {"MIT AND Zlib OR ISC", "(MIT AND Zlib) OR ISC"},
      {"(MIT OR Zlib) AND ISC", "(MIT OR Zlib) AND ISC"},
      {"mit or (Apache-2.0 and bsd-3-clause)", "MIT OR (Apache-2.0 AND BSD-3-Clause)"},
      {"(LGPL-2.1-only OR MIT)AND(BSD-2-Clause)", "(LGPL-2.1-only OR MIT) AND BSD-2-Clause"},
      {"LicenseRef-my-license", "LicenseRef-my-license"},
      {"licenseref-x.1", "LicenseRef-x.1"},
      {"DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2",
       "DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2"},
      {"LicenseRef-x WITH GCC-exception-3.1", "LicenseRef-x WITH GCC-exception-3.1"},
      {"MPL-1.1+ OR LicenseRef-a", "MPL-1.1+ OR LicenseRef-a"},
  };
  for (const auto& [text, canonical] : valid) {
    INFO(text);
    CHECK(parse_spdx_expression(text) == canonical);
  }
}

TEST_CASE("license: invalid SPDX expressions") {
  for (const char* text : {
           "",
           "   ",
           "MIT BSD GPL2+",   // Alpine's old space-separated list is no expression
           "GPLv2+",          // not an SPDX id
           "Apache 2.0",      // nor this
           "MIT And Zlib",    // operators are upper or lower case, not mixed
           "MIT AND",         // missing operand
           "AND MIT",         //
           "MIT OR OR Zlib",  //
           "()",              //
           "(MIT",            // unbalanced
           "MIT)",            //
           "MIT WITH",        // missing exception
           "MIT WITH MIT",    // not an exception id
           "MIT WITH Classpath-exception-2.0 WITH GCC-exception-3.1",
           "(MIT) WITH GCC-exception-3.1",  // WITH applies to a simple expression only
           "Classpath-exception-2.0",       // an exception alone is no license
           "MIT,Zlib",                      //
           "LicenseRef-",                   // empty idstring
           "LicenseRef-a_b",                // '_' is not in an idstring
           "LicenseRef-a+",                 // "+" only follows a license id
           "DocumentRef-x:MIT",             // a DocumentRef names a LicenseRef
           "MIT++",                         //
           "GPL-2.0 +",                     // "+" is part of the id's word
       }) {
    INFO("'" << text << "'");
    CHECK_FALSE(parse_spdx_expression(text).has_value());
  }
  // Nesting is bounded, so hostile input cannot exhaust the stack.
  std::string deep = std::string(1000, '(') + "MIT" + std::string(1000, ')');
  CHECK_FALSE(parse_spdx_expression(deep).has_value());
  std::string fine = std::string(10, '(') + "MIT" + std::string(10, ')');
  CHECK(parse_spdx_expression(fine) == "MIT");
}

TEST_CASE("license: distro spellings to SPDX expressions") {
  const std::map<std::string, std::string> mapped = {
      // Already SPDX; deprecated GNU ids brought up to date.
      {"MIT", "MIT"},
      {"Apache-2.0", "Apache-2.0"},
      {"GPL-2.0-only", "GPL-2.0-only"},
      {"GPL-2.0", "GPL-2.0-only"},
      {"GPL-2.0+", "GPL-2.0-or-later"},
      {"LGPL-2.1+ WITH GCC-exception-2.0", "LGPL-2.1-or-later WITH GCC-exception-2.0"},
      {"GFDL-1.3+", "GFDL-1.3-or-later"},
      {"AGPL-3.0", "AGPL-3.0-only"},
      {"MPL-1.1+", "MPL-1.1+"},  // no -or-later id exists: "+" stays
      // Debian DEP-5 short names and /usr/share/common-licenses names.
      {"GPL-1", "GPL-1.0-only"},
      {"GPL-1+", "GPL-1.0-or-later"},
      {"GPL-2", "GPL-2.0-only"},
      {"GPL-2+", "GPL-2.0-or-later"},
      {"GPL-3", "GPL-3.0-only"},
      {"GPL-3+", "GPL-3.0-or-later"},
      {"LGPL-2", "LGPL-2.0-only"},
      {"LGPL-2+", "LGPL-2.0-or-later"},
      {"LGPL-2.1", "LGPL-2.1-only"},
      {"LGPL-2.1+", "LGPL-2.1-or-later"},
      {"LGPL-3+", "LGPL-3.0-or-later"},
      {"GFDL-1.2", "GFDL-1.2-only"},
      {"GFDL-NIV-1.3+", "GFDL-1.3-no-invariants-or-later"},
      {"Apache-2", "Apache-2.0"},
      {"BSD-3-clause", "BSD-3-Clause"},
      {"BSD-2-clause", "BSD-2-Clause"},
      {"Expat", "MIT"},
      {"Artistic", "Artistic-1.0-Perl"},
      {"Artistic-2.0", "Artistic-2.0"},
      {"Perl", "Artistic-1.0-Perl OR GPL-1.0-or-later"},
      {"GPL-1+ or Artistic", "GPL-1.0-or-later OR Artistic-1.0-Perl"},
      {"Zope-2.1", "ZPL-2.1"},
      {"CC0-1.0", "CC0-1.0"},
      {"MPL-2.0", "MPL-2.0"},
      {"EFL-2", "EFL-2.0"},
      {"Python-CNRI", "CNRI-Python"},
      {"GPL-2+ or Artistic-2.0, and BSD-3-clause",
       "(GPL-2.0-or-later OR Artistic-2.0) AND BSD-3-Clause"},
      {"GPL-2+ and BSD-3-clause, or MIT", "(GPL-2.0-or-later AND BSD-3-Clause) OR MIT"},
      // Fedora / RHEL legacy rpm names.
      {"GPLv2", "GPL-2.0-only"},
      {"GPLv2+", "GPL-2.0-or-later"},
      {"GPLv3+", "GPL-3.0-or-later"},
      {"GPL+", "GPL-1.0-or-later"},
      {"LGPLv2+", "LGPL-2.0-or-later"},
      {"LGPLv2.1+", "LGPL-2.1-or-later"},
      {"LGPLv3", "LGPL-3.0-only"},
      {"AGPLv3+", "AGPL-3.0-or-later"},
      {"ASL 2.0", "Apache-2.0"},
      {"ASL 1.1", "Apache-1.1"},
      {"MPLv1.1", "MPL-1.1"},
      {"MPLv2.0", "MPL-2.0"},
      {"ZPLv2.1", "ZPL-2.1"},
      {"Boost", "BSL-1.0"},
      {"CC0", "CC0-1.0"},
      {"zlib", "Zlib"},
      {"Python", "Python-2.0"},
      {"BSD with advertising", "BSD-4-Clause"},
      {"GPLv3+ and GFDL-1.3", "GPL-3.0-or-later AND GFDL-1.3-only"},
      {"GPL+ or Artistic", "GPL-1.0-or-later OR Artistic-1.0-Perl"},
      {"(GPLv2+ or MIT) and LGPLv2+", "(GPL-2.0-or-later OR MIT) AND LGPL-2.0-or-later"},
      // Alpine, old and new.
      {"GPL-2.0-or-later", "GPL-2.0-or-later"},
      {"GPL2", "GPL-2.0-only"},
      {"GPL2+", "GPL-2.0-or-later"},
      {"LGPL2.1+", "LGPL-2.1-or-later"},
      {"MIT AND BSD-2-Clause", "MIT AND BSD-2-Clause"},
      {"Apache 2", "Apache-2.0"},
  };
  for (const auto& [as_written, spdx] : mapped) {
    INFO(as_written);
    CHECK(normalize_license(as_written) == spdx);
  }
  // Unknown or ambiguous: the caller keeps the name as written.
  for (const char* as_written :
       {"", "BSD", "GPL", "LGPL", "GFDL", "Apache", "public-domain", "Public Domain", "custom",
        "GPLv2+ with exceptions", "GPL-2+ with OpenSSL exception", "MIT and BSD", "Copyright only",
        "MIT/X11", "GPLv2+ or", "(GPLv2+"}) {
    INFO(as_written);
    CHECK_FALSE(normalize_license(as_written).has_value());
  }
  // Hostile input stays bounded: deep nesting, endless "+", one enormous name.
  CHECK_FALSE(
      normalize_license(std::string(1000, '(') + "MIT" + std::string(1000, ')')).has_value());
  CHECK_FALSE(normalize_license("GPL" + std::string(100000, '+')).has_value());
  CHECK_FALSE(normalize_license(std::string(100000, 'a') + " 2").has_value());
}

// Every license string of the shared rpm databases: CBL-Mariner 2.0's `rpm -qa` listing and
// SLE 15's packages. Each must be in exactly one of the two lists below, so a new string in the
// data fails here until someone decides about it.
TEST_CASE("license: every license string of the shared rpm databases") {
  const std::map<std::string, std::string> mapped = {
      {"(LGPLv3+ or GPLv2+) and GPLv3+",
       "(LGPL-3.0-or-later OR GPL-2.0-or-later) AND GPL-3.0-or-later"},
      {"ASL 2.0", "Apache-2.0"},
      {"BSD 2-Clause and GPLv2", "BSD-2-Clause AND GPL-2.0-only"},
      {"GPL+ AND MIT", "GPL-1.0-or-later AND MIT"},
      {"GPLv2", "GPL-2.0-only"},
      {"GPLv2+", "GPL-2.0-or-later"},
      {"GPLv2+ AND GPLv3+ AND LGPLv3+",
       "GPL-2.0-or-later AND GPL-3.0-or-later AND LGPL-3.0-or-later"},
      {"GPLv2+ OR LGPLv3+", "GPL-2.0-or-later OR LGPL-3.0-or-later"},
      {"GPLv2+ and GPLv3+ and LGPLv2+",
       "GPL-2.0-or-later AND GPL-3.0-or-later AND LGPL-2.0-or-later"},
      {"GPLv2+ and LGPLv2+", "GPL-2.0-or-later AND LGPL-2.0-or-later"},
      {"GPLv3", "GPL-3.0-only"},
      {"GPLv3+", "GPL-3.0-or-later"},
      {"GPLv3+ AND (GPLv2+ OR LGPLv3+)",
       "GPL-3.0-or-later AND (GPL-2.0-or-later OR LGPL-3.0-or-later)"},
      {"GPLv3+ and LGPLv2+", "GPL-3.0-or-later AND LGPL-2.0-or-later"},
      {"GPLv3+ and LGPLv2+ and MIT", "GPL-3.0-or-later AND LGPL-2.0-or-later AND MIT"},
      {"ISC", "ISC"},
      {"LGPLv2", "LGPL-2.0-only"},
      {"LGPLv2+", "LGPL-2.0-or-later"},
      {"LGPLv2+ AND GPLv2+ AND MIT", "LGPL-2.0-or-later AND GPL-2.0-or-later AND MIT"},
      {"LGPLv2.1 AND GPLv2", "LGPL-2.1-only AND GPL-2.0-only"},
      {"LGPLv2.1+ AND GPLv2+", "LGPL-2.1-or-later AND GPL-2.0-or-later"},
      {"MIT", "MIT"},
      {"MPLv2.0", "MPL-2.0"},
      {"OpenSSL", "OpenSSL"},
      {"PSF", "PSF-2.0"},
      {"Vim", "Vim"},
      {"zlib", "Zlib"},
      // SLE 15: SPDX already, some with lower-case operators or deprecated ids.
      {"Artistic-1.0 or GPL-2.0+", "Artistic-1.0 OR GPL-2.0-or-later"},
      {"BSD-2-Clause", "BSD-2-Clause"},
      {"BSD-3-Clause", "BSD-3-Clause"},
      {"BSD-3-Clause AND GPL-2.0-only", "BSD-3-Clause AND GPL-2.0-only"},
      {"BSD-3-Clause or GPL-2.0", "BSD-3-Clause OR GPL-2.0-only"},
      {"GPL-2.0+ AND LGPL-2.1+", "GPL-2.0-or-later AND LGPL-2.1-or-later"},
      {"GPL-2.0+ and LGPL-2.1+", "GPL-2.0-or-later AND LGPL-2.1-or-later"},
      {"GPL-2.0-or-later", "GPL-2.0-or-later"},
      {"GPL-2.0-or-later AND LGPL-2.1-or-later", "GPL-2.0-or-later AND LGPL-2.1-or-later"},
      {"GPL-3.0-or-later", "GPL-3.0-or-later"},
      {"GPL-3.0-or-later WITH GCC-exception-3.1", "GPL-3.0-or-later WITH GCC-exception-3.1"},
      {"LGPL-2.1-or-later AND LGPL-2.1-or-later WITH GCC-exception-2.0 AND GPL-2.0-or-later",
       "LGPL-2.1-or-later AND LGPL-2.1-or-later WITH GCC-exception-2.0 AND GPL-2.0-or-later"},
      {"LGPL-3.0-or-later OR GPL-2.0-or-later", "LGPL-3.0-or-later OR GPL-2.0-or-later"},
      {"MPL-2.0", "MPL-2.0"},
      {"Zlib", "Zlib"},
  };
  // Correctly unmapped: each holds a name the data does not pin to one SPDX license.
  const std::set<std::string> unmapped = {
      "BSD",  // Fedora's "BSD": 2-, 3- or 4-clause?
      "BSD AND GPLv2+ AND Inner-Net AND ISC AND LGPLv2+ AND MIT",   // "BSD"
      "BSD AND Public Domain AND (ASL 2.0 OR CC0 1.0 OR OpenSSL)",  // "BSD", "Public Domain"
      "BSD and CC0 and GPLv2+ and LGPLv2+",                         // "BSD"
      "BSD and GPLv2+",                                             // "BSD"
      "BSD or GPLv2",                                               // "BSD"
      "GNU General Public License",                                 // no version
      "GPLv2 AND LGPLv2 AND BSD AND MIT",                           // "BSD"
      "GPLv2+ AND LGPLv2+ AND BSD",                                 // "BSD"
      "GPLv2+ WITH exceptions",                                     // which exception?
      "GPLv2+ and LGPLv2+ and BSD and MIT and Public Domain",       // "BSD", "Public Domain"
      "OpenLDAP",                                                   // which OLDAP version?
      "Public Domain",                                              // no SPDX id
      "SUSE-GPL-2.0-with-OSI-exception",                            // SUSE's own, not SPDX
      "SUSE-Public-Domain",                                         // SUSE's own, not SPDX
      "LGPL-2.1-or-later AND BSD-2-Clause AND BSD-3-Clause AND SUSE-Public-Domain",
  };

  std::set<std::string> seen;
  std::ifstream listing(hallmark::test::shared_path("upstream/rpmdb/cbl-mariner-2.0/rpm-qa.tsv"));
  for (std::string line; std::getline(listing, line);) {
    std::vector<std::string_view> columns = hallmark::util::split(line, '\t');
    REQUIRE(columns.size() >= 6);
    seen.emplace(columns[5]);
  }
  std::ifstream sle(hallmark::test::shared_path("upstream/rpmdb/sle15-bci/expected.json"));
  json sle_packages = json::parse(sle).at("packages");
  for (const json& package : sle_packages)
    seen.insert(package.at("license").get<std::string>());
  CHECK(seen.size() == 58);

  for (const std::string& as_written : seen) {
    INFO(as_written);
    auto expected = mapped.find(as_written);
    CHECK((expected != mapped.end()) != unmapped.contains(as_written));
    if (expected != mapped.end()) CHECK(normalize_license(as_written) == expected->second);
    if (unmapped.contains(as_written)) CHECK_FALSE(normalize_license(as_written).has_value());
  }
}
