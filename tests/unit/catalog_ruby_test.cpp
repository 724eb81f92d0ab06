// The Ruby parsers on syft's fixtures (two real gemspecs, a Rails application's Gemfile.lock)
// and on what they leave out.
#include <set>

#include <doctest/doctest.h>

#include "hallmark/catalog/ruby.hpp"

#include "syft_fixture.hpp"

using namespace hallmark;
using namespace hallmark::catalog;
using namespace hallmark::catalog::ruby;

TEST_CASE("gemspec: syft's bundler and formatador specifications") {
  std::vector<DeclaredPackage> bundler =
      parse_gemspec(test::syft_fixture("ruby/testdata/bundler.gemspec"));
  REQUIRE(bundler.size() == 1);
  CHECK(bundler[0].name == "bundler");
  CHECK(bundler[0].version == "2.1.4");
  CHECK(bundler[0].licenses == std::vector<std::string>{"MIT"});
  // Ruby's \u00E9 escapes are characters.
  CHECK(bundler[0].supplier.starts_with("Andr\xC3\xA9 Arko, Samuel Giddins, "));
  CHECK(bundler[0].description == "The best way to manage your application's dependencies");
  CHECK(bundler[0].properties ==
        std::vector<std::pair<std::string, std::string>>{{"homepage", "https://bundler.io"}});

  std::vector<DeclaredPackage> formatador =
      parse_gemspec(test::syft_fixture("ruby/testdata/formatador.gemspec"));
  REQUIRE(formatador.size() == 1);
  CHECK(formatador[0].name == "formatador");
  CHECK(formatador[0].version == "1.1.0");
  CHECK(formatador[0].licenses == std::vector<std::string>{"MIT"});
  CHECK(formatador[0].supplier == "geemus (Wesley Beary)");
  // "https://github.com/geemus/#{s.name}": the interpolation resolved.
  CHECK(formatador[0].properties == std::vector<std::pair<std::string, std::string>>{
                                        {"homepage", "https://github.com/geemus/formatador"}});
}

TEST_CASE("gemspec: literals, interpolations it cannot resolve, and no package") {
  std::vector<DeclaredPackage> gem = parse_gemspec(
      "Gem::Specification.new do |spec|\n"
      "  spec.name    = 'it\\'s'\n"
      "  spec.version = \"1.0\\u{1F600}\"\n"
      "  spec.license = \"Ruby\"\n"
      "  spec.author = \"A\"\n"
      "  spec.homepage = \"https://x.example/#{File.basename(__dir__)}\"\n"
      "  spec.required_rubygems_version = Gem::Requirement.new(\">= 0\")\n"
      "  spec.version == \"not an assignment\"\n"
      "end\n");
  REQUIRE(gem.size() == 1);
  CHECK(gem[0].name == "it's");
  CHECK(gem[0].version == "1.0\xF0\x9F\x98\x80");
  CHECK(gem[0].licenses == std::vector<std::string>{"Ruby"});
  CHECK(gem[0].supplier == "A");
  CHECK(gem[0].properties.empty());  // the unresolved homepage is dropped
  std::vector<DeclaredPackage> escapes =
      parse_gemspec("s.name = \"\\u{110000}\\u12\\u{zz}\"\ns.version = '1'\n");
  REQUIRE(escapes.size() == 1);
  CHECK(escapes[0].name == "\xEF\xBF\xBD\\u12\\u{zz}");  // no character; no escapes
  CHECK(parse_gemspec("s.name = \"x\"\n").empty());
  CHECK(parse_gemspec("s.name = \"x\ns.version = \"1\"\n").empty());  // no closing quote
  CHECK(parse_gemspec("").empty());
}

TEST_CASE("Gemfile.lock: syft's Rails application") {
  std::vector<DeclaredPackage> packages =
      parse_gemfile_lock(test::syft_fixture("ruby/testdata/Gemfile.lock"));
  nlohmann::json expected = test::syft_expected_cases("ruby-gems").at(0);
  std::multiset<std::pair<std::string, std::string>> found, wanted;
  for (const DeclaredPackage& package : packages)
    found.emplace(package.name, package.version);
  for (const nlohmann::json& package : expected.at("expected_packages"))
    wanted.emplace(package.at("name"), package.at("version"));
  CHECK(found == wanted);  // bad-entry of the unknown BAD-SECTION is not among them
  for (const DeclaredPackage& package : packages) {
    if (package.name == "turbolinks")  // a GIT section's spec and its dependency
      CHECK(package.dependencies == std::vector<DependencyRef>{{"coffee-rails", ""}});
    if (package.name == "arel") CHECK(package.dependencies.empty());
    if (package.name == "actionmailer")
      CHECK(package.dependencies ==
            std::vector<DependencyRef>{{"actionpack", ""}, {"actionview", ""}, {"mail", ""}});
  }
  CHECK(parse_gemfile_lock("GEM\n  specs:\n    no-version\n      dep\n    ok (1)\n").size() == 1);
}
