// The Composer parsers on syft's fixtures (installed.json of Composer 1 and 2, composer.lock).
#include <doctest/doctest.h>

#include "hallmark/catalog/php.hpp"
#include "hallmark/util/error.hpp"

#include "syft_fixture.hpp"

using namespace hallmark;
using namespace hallmark::catalog;
using namespace hallmark::catalog::php;

TEST_CASE("composer installed.json: Composer 1's array and Composer 2's object") {
  nlohmann::json expected = test::syft_expected_cases("php-composer").at(1).at("expected_packages");
  for (const char* version : {"composer_1", "composer_2"}) {
    CAPTURE(version);
    std::vector<DeclaredPackage> packages = parse_installed_json(
        test::syft_fixture(std::string("php/testdata/vendor/") + version + "/installed.json"));
    REQUIRE(packages.size() == expected.size());
    for (size_t i = 0; i < packages.size(); ++i) {
      CHECK(packages[i].name == expected[i].at("name"));
      CHECK(packages[i].version == expected[i].at("version"));
      CHECK(packages[i].licenses == expected[i].at("licenses").get<std::vector<std::string>>());
      CHECK_FALSE(packages[i].dev);
    }
    // Platform requirements ("php") name no package.
    CHECK(packages[0].dependencies ==
          std::vector<DependencyRef>{{"symfony/http-foundation", ""}, {"symfony/http-kernel", ""}});
    CHECK(purl_of(packages[1], kEcosystem) == "pkg:composer/behat/mink@v1.8.1");
  }
  CHECK_THROWS_AS(parse_installed_json("{\"packages\": {}}"), Error);
  CHECK_THROWS_AS(parse_installed_json("{}"), Error);
  CHECK_THROWS_AS(parse_installed_json("not json"), Error);
}

TEST_CASE("composer.lock: packages, and packages-dev as development ones") {
  std::vector<DeclaredPackage> packages =
      parse_composer_lock(test::syft_fixture("php/testdata/composer.lock"));
  nlohmann::json expected = test::syft_expected_cases("php-composer").at(0).at("expected_packages");
  REQUIRE(packages.size() == 4);
  for (size_t i = 0; i < 2; ++i) {
    CHECK(packages[i].name == expected[i].at("name"));
    CHECK(packages[i].version == expected[i].at("version"));
    CHECK(packages[i].licenses == std::vector<std::string>{"MIT"});
    CHECK_FALSE(packages[i].dev);
  }
  CHECK(packages[2].name == "behat/gherkin");
  CHECK(packages[3].name == "codeception/codeception");
  CHECK((packages[2].dev && packages[3].dev));
  CHECK(parse_composer_lock("{\"packages\": [{\"version\": \"1\"}, 3]}").empty());
  CHECK_THROWS_AS(parse_composer_lock("[]"), Error);
}
