// What the language catalogers share: purls of declared packages and the compact form captures
// keep of them.
#include <doctest/doctest.h>

#include "hallmark/catalog/declared.hpp"
#include "hallmark/util/error.hpp"

using namespace hallmark;
using namespace hallmark::catalog;

TEST_CASE("declared packages: purls by ecosystem") {
  DeclaredPackage package;
  package.name = "Vendor/Name";
  package.version = "v1.0";
  CHECK(purl_of(package, {"php-composer", "composer", true, true}) ==
        "pkg:composer/vendor/name@v1.0");
  CHECK(purl_of(package, {"gem", "gem"}) == "pkg:gem/Vendor%2FName@v1.0");
  package.name = "no-vendor";
  CHECK(purl_of(package, {"php-composer", "composer", true, true}).empty());
  package.name = "";
  CHECK(purl_of(package, {"gem", "gem"}).empty());
}

TEST_CASE("declared packages: the compact form keeps every field") {
  DeclaredPackage full;
  full.name = "a";
  full.version = "1";
  full.licenses = {"MIT", "Apache 2.0"};
  full.supplier = "Someone";
  full.description = "does things";
  full.dev = true;
  full.dependencies = {{"b", ""}, {"c", "2"}};
  full.purl_qualifiers = {{"vcs_url", "git+https://x@1"}};
  full.properties = {{"homepage", "https://x"}};
  DeclaredPackage bare;
  bare.name = "b";
  std::vector<DeclaredPackage> packages{full, bare};
  CHECK(from_reduced(to_reduced(packages)) == packages);
  CHECK(from_reduced(to_reduced({})).empty());
  // Package data that is not UTF-8 (a Latin-1 METADATA) is kept, its stray bytes as U+FFFD.
  DeclaredPackage latin1;
  latin1.name = "caf\xE9";
  CHECK(from_reduced(to_reduced({latin1})).at(0).name == "caf\xEF\xBF\xBD");
  CHECK_THROWS_AS(from_reduced("{\"n\": 1}"), Error);
  CHECK_THROWS_AS(from_reduced("[{\"v\": \"1\"}]"), Error);
  CHECK_THROWS_AS(from_reduced("not json"), Error);
}
