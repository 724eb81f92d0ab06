// The .NET parsers on syft's fixtures (a deps.json with reference assemblies, a
// packages.lock.json of two target frameworks).
#include <set>

#include <doctest/doctest.h>

#include "hallmark/catalog/dotnet.hpp"
#include "hallmark/util/error.hpp"

#include "syft_fixture.hpp"

using namespace hallmark;
using namespace hallmark::catalog;
using namespace hallmark::catalog::dotnet;

TEST_CASE("deps.json: packages, not projects or reference assemblies") {
  std::vector<DeclaredPackage> packages = parse_deps_json(
      test::syft_fixture("dotnet/testdata/deps-with-referenceassembly/MyApp.deps.json"));
  REQUIRE(packages.size() == 1);
  CHECK(packages[0].name == "Newtonsoft.Json");
  CHECK(packages[0].version == "13.0.3");
  CHECK(purl_of(packages[0], kEcosystem) == "pkg:nuget/Newtonsoft.Json@13.0.3");

  std::vector<DeclaredPackage> graph = parse_deps_json(R"({
    "runtimeTarget": {"name": "net8.0/linux-x64"},
    "targets": {
      "net8.0": {"A/1.0": {"dependencies": {"Ignored": "9.0"}}},
      "net8.0/linux-x64": {"A/1.0": {"dependencies": {"B": "2.0"}}, "B/2.0": {}}
    },
    "libraries": {"A/1.0": {"type": "package"}, "B/2.0": {"type": "package"}, "bad": {}}
  })");
  REQUIRE(graph.size() == 2);
  CHECK(graph[0].dependencies == std::vector<DependencyRef>{{"B", "2.0"}});
  CHECK(graph[1].dependencies.empty());
  CHECK_THROWS_AS(parse_deps_json("[]"), Error);
  CHECK_THROWS_AS(parse_deps_json(R"({"libraries": []})"), Error);
}

TEST_CASE("packages.lock.json: every framework's packages, once each") {
  std::vector<DeclaredPackage> packages =
      parse_packages_lock(test::syft_fixture("dotnet/testdata/packages.lock.json"));
  nlohmann::json expected = test::syft_expected_cases("dotnet").at(0).at("expected_packages");
  std::multiset<std::pair<std::string, std::string>> found, wanted;
  for (const DeclaredPackage& package : packages)
    found.emplace(package.name, package.version);
  for (const nlohmann::json& package : expected)
    wanted.emplace(package.at("name"), package.at("version"));
  CHECK(found == wanted);
  for (const DeclaredPackage& package : packages)
    if (package.name == "AutoMapper")  // "6.0.0" resolves to the framework's 9.0.0
      CHECK(package.dependencies ==
            std::vector<DependencyRef>{{"Microsoft.Extensions.Options", "9.0.0"}});
  CHECK(parse_packages_lock(R"({"dependencies": {"net8.0": {"App.Lib": {"type": "Project"}}}})")
            .empty());
  CHECK_THROWS_AS(parse_packages_lock(R"({"dependencies": 3})"), Error);
  CHECK_THROWS_AS(parse_packages_lock(R"({"dependencies": {"net8.0": []}})"), Error);
  CHECK_THROWS_AS(parse_packages_lock(R"({"version": 1})"), Error);
}
