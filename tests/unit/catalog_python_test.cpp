// The Python parsers on syft's fixtures (installed metadata, RECORD, direct_url.json,
// requirements.txt, Pipfile.lock, poetry.lock, uv.lock) and on the cases they leave out.
#include <algorithm>
#include <set>
#include <stdexcept>
#include <utility>

#include <doctest/doctest.h>

#include "hallmark/catalog/python.hpp"
#include "hallmark/util/error.hpp"

#include "syft_fixture.hpp"

using namespace hallmark;
using namespace hallmark::catalog;
using namespace hallmark::catalog::python;

namespace {

using NameVersion = std::pair<std::string, std::string>;

std::multiset<NameVersion> names_versions(const std::vector<DeclaredPackage>& packages) {
  std::multiset<NameVersion> result;
  for (const DeclaredPackage& package : packages)
    result.emplace(package.name, package.version);
  return result;
}

std::multiset<NameVersion> expected_names_versions(const nlohmann::json& test_case) {
  std::multiset<NameVersion> result;
  for (const nlohmann::json& package : test_case.at("expected_packages"))
    result.emplace(package.at("name"), package.at("version"));
  return result;
}

const DeclaredPackage& named(const std::vector<DeclaredPackage>& packages,
                             const std::string& name) {
  for (const DeclaredPackage& package : packages)
    if (package.name == name) return package;
  FAIL("no package " << name);
  throw std::logic_error("unreachable");
}

std::vector<std::string> dependency_names(const DeclaredPackage& package) {
  std::vector<std::string> names;
  for (const DependencyRef& dependency : package.dependencies)
    names.push_back(dependency.name);
  return names;
}

}  // namespace

TEST_CASE("python: names as PEP 503 normalises them") {
  CHECK(normalize_name("Pygments") == "pygments");
  CHECK(normalize_name("FrIeNdLy-_-bArD") == "friendly-bard");
  CHECK(normalize_name("dots-._allowed") == "dots-allowed");
  CHECK(normalize_name("zope.interface") == "zope-interface");
  CHECK(normalize_name("") == "");
}

TEST_CASE("python metadata: syft's dist-info METADATA and egg-info PKG-INFO") {
  std::vector<DeclaredPackage> wheel = parse_metadata(
      test::syft_fixture("python/testdata/site-packages/nested/dist-name/dist-info/METADATA"));
  REQUIRE(wheel.size() == 1);
  CHECK(wheel[0].name == "pygments");
  CHECK(wheel[0].version == "2.6.1");
  CHECK(wheel[0].licenses == std::vector<std::string>{"BSD License"});
  CHECK(wheel[0].supplier == "Georg Brandl");
  CHECK(wheel[0].description == "Pygments is a syntax highlighting package written in Python.");
  CHECK(dependency_names(wheel[0]) == std::vector<std::string>{"soupsieve", "html5lib", "lxml"});

  std::vector<DeclaredPackage> egg = parse_metadata(
      test::syft_fixture("python/testdata/site-packages/nested/egg-name/egg-info/PKG-INFO"));
  REQUIRE(egg.size() == 1);
  CHECK(egg[0].name == "requests");
  CHECK(egg[0].version == "2.22.0");
  CHECK(egg[0].licenses == std::vector<std::string>{"Apache 2.0"});
  CHECK(egg[0].description == "Python HTTP for Humans.");
}

TEST_CASE("python metadata: which field names the license") {
  std::string classifiers =
      "Classifier: License :: OSI Approved :: MIT License\n"
      "Classifier: License :: OSI Approved\n"
      "Classifier: Programming Language :: Python\n";
  auto licenses = [&](const std::string& fields) {
    std::vector<DeclaredPackage> packages =
        parse_metadata("Metadata-Version: 2.4\nName: x\nVersion: 1\n" + fields);
    REQUIRE(packages.size() == 1);
    return packages[0].licenses;
  };
  using Names = std::vector<std::string>;
  CHECK(licenses("License-Expression: MIT OR Apache-2.0\nLicense: MIT\n" + classifiers) ==
        Names{"MIT OR Apache-2.0"});
  CHECK(licenses("License: BSD-3-Clause\n" + classifiers) == Names{"BSD-3-Clause"});
  CHECK(licenses("License: UNKNOWN\n" + classifiers) == Names{"MIT License"});
  // A whole license text in the License field names no license: the classifiers do.
  CHECK(licenses("License: Copyright (c) 2020 Someone\n        Permission is hereby granted\n" +
                 classifiers) == Names{"MIT License"});
  CHECK(licenses("Classifier: License :: OSI Approved\n").empty());
}

TEST_CASE("python metadata: headers only, and what names no package") {
  std::vector<DeclaredPackage> packages = parse_metadata(
      "\nName: Example_Pkg\nVersion: 1.0\nnot a field\nAuthor-email: a@example.com\n"
      "Requires-Dist: requests[socks] (>=2) ; python_version > '3'\n\n"
      "Name: not-the-name\nLicense: in the description\n");
  REQUIRE(packages.size() == 1);
  CHECK(packages[0].name == "example-pkg");
  CHECK(packages[0].supplier == "a@example.com");
  CHECK(packages[0].licenses.empty());
  CHECK(dependency_names(packages[0]) == std::vector<std::string>{"requests"});
  // A legacy PKG-INFO's Description comes before other fields; its blank lines are indented.
  std::vector<DeclaredPackage> legacy = parse_metadata(
      "Name: old\nVersion: 1\nDescription: Old\n        ===\n        \n        text\n"
      "Classifier: License :: OSI Approved :: Apache Software License\n");
  REQUIRE(legacy.size() == 1);
  CHECK(legacy[0].licenses == std::vector<std::string>{"Apache Software License"});
  CHECK(parse_metadata("Version: 1.0\n").empty());
  CHECK(parse_metadata("Name: Python\nVersion: 2.7.18\n").empty());  // Python 2's own egg-info
  CHECK(parse_metadata("").empty());
}

TEST_CASE("python: requirement names") {
  CHECK(requirement_name("soupsieve (>1.2)") == "soupsieve");
  CHECK(requirement_name("html5lib ; extra == 'html5lib'") == "html5lib");
  CHECK(requirement_name("Foo.Bar[baz]>=1") == "foo-bar");
  CHECK(requirement_name(">=1").empty());
  CHECK(requirement_name("-e git+https://x").empty());
}

TEST_CASE("python: RECORD paths and where they lead") {
  std::vector<std::string> paths = parse_record(
      test::syft_fixture("python/testdata/site-packages/nested/dist-name/dist-info/RECORD"));
  REQUIRE(paths.size() == 7);
  CHECK(paths.front() == "../../../bin/pygmentize");
  CHECK(paths.back() == "pygments/x_util.py");
  CHECK(parse_record("\"a,b \"\"c\"\".py\",sha256=x,1\nplain.py,,\n\n") ==
        std::vector<std::string>{"a,b \"c\".py", "plain.py"});

  std::string site = "usr/lib/python3.11/site-packages";
  CHECK(absolute_path(site, "six.py") == "/usr/lib/python3.11/site-packages/six.py");
  CHECK(absolute_path(site, "../../../bin/pygmentize") == "/usr/bin/pygmentize");
  CHECK(absolute_path(site, "/etc/x.conf") == "/etc/x.conf");
  CHECK(absolute_path(site, "../../../../../../../../etc/passwd") == "/etc/passwd");
  CHECK(absolute_path("", "./a//b/") == "/a/b");
}

TEST_CASE("python: direct_url.json names a VCS origin") {
  CHECK(vcs_url_of(test::syft_fixture(
            "python/testdata/site-packages/nested/dist-name/dist-info/direct_url.json")) ==
        "git+https://github.com/python-test/test.git@aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
  CHECK(vcs_url_of(R"({"url": "file:///src/x", "dir_info": {"editable": true}})").empty());
  CHECK_THROWS_AS(vcs_url_of("[1]"), Error);
  CHECK_THROWS_AS(vcs_url_of("{"), Error);
}

TEST_CASE("python requirements.txt: syft's pinned-only case") {
  nlohmann::json pinned = test::syft_expected_cases("python-requirements-txt").at(0);
  REQUIRE(pinned.at("test_function").get<std::string>().find("pinned dependencies only") !=
          std::string::npos);
  std::vector<DeclaredPackage> packages =
      parse_requirements(test::syft_fixture("python/testdata/requires/requirements.txt"));
  CHECK(names_versions(packages) == expected_names_versions(pinned));
  CHECK(parse_requirements("a==1 # c\n#b==2\nc == 3.*\n-r other.txt\nd @ https://x/d.whl\n") ==
        parse_requirements("a==1\n"));
}

TEST_CASE("python Pipfile.lock: default packages, develop ones marked") {
  std::vector<DeclaredPackage> packages =
      parse_pipfile_lock(test::syft_fixture("python/testdata/pipfile-lock/Pipfile.lock"));
  nlohmann::json expected = test::syft_expected_cases("python-lockfiles").at(0);
  std::vector<DeclaredPackage> runtime, development;
  for (const DeclaredPackage& package : packages)
    (package.dev ? development : runtime).push_back(package);
  CHECK(names_versions(runtime) == expected_names_versions(expected));
  CHECK(names_versions(development) ==
        std::multiset<NameVersion>{{"astroid", "2.5.2"}, {"autopep8", "1.5.6"}});
  CHECK_THROWS_AS(parse_pipfile_lock("[]"), Error);
  CHECK_THROWS_AS(parse_pipfile_lock(R"({"default": []})"), Error);
}

TEST_CASE("python poetry.lock: packages, dependencies, development groups") {
  std::vector<DeclaredPackage> packages =
      parse_poetry_lock(test::syft_fixture("python/testdata/poetry/dev-deps/poetry.lock"));
  nlohmann::json expected = test::syft_expected_cases("python-lockfiles").at(1);
  CHECK(names_versions(packages) == expected_names_versions(expected));
  for (const DeclaredPackage& package : packages)
    CHECK(package.dev);  // every one is `category = "dev"`
  CHECK(dependency_names(named(packages, "added-value")) ==
        std::vector<std::string>{"docutils", "malformed", "msal", "natsort", "packaging",
                                 "portalocker", "six", "sphinx"});

  std::vector<DeclaredPackage> poetry2 = parse_poetry_lock(
      "[[package]]\nname = \"A\"\nversion = \"1\"\ngroups = [\"main\", \"dev\"]\n"
      "[[package]]\nname = \"b\"\nversion = \"2\"\ngroups = [\"dev\", \"docs\"]\n"
      "[[package]]\nname = \"c\"\nversion = \"3\"\n");
  REQUIRE(poetry2.size() == 3);
  CHECK_FALSE(named(poetry2, "a").dev);
  CHECK(named(poetry2, "b").dev);
  CHECK_FALSE(named(poetry2, "c").dev);
  CHECK_THROWS_WITH_AS(parse_poetry_lock("[[package]\nname = 1\n"), doctest::Contains("line 1"),
                       Error);
  CHECK_THROWS_AS(parse_poetry_lock("package = 3\n"), Error);
  CHECK_THROWS_AS(parse_uv_lock("package = \"x\"\n"), Error);
  CHECK(parse_uv_lock("version = 1\n").empty());
}

TEST_CASE("python uv.lock: packages, the project, dependencies") {
  std::vector<DeclaredPackage> packages =
      parse_uv_lock(test::syft_fixture("python/testdata/uv/simple-deps/uv.lock"));
  nlohmann::json expected = test::syft_expected_cases("python-lockfiles").at(2);
  CHECK(names_versions(packages) == expected_names_versions(expected));
  for (const nlohmann::json& relationship : expected.at("expected_relationships")) {
    // "X DependencyOf Y": Y depends on X.
    std::string dependency = relationship.at("from").get<std::string>();
    std::string dependent = relationship.at("to").get<std::string>();
    dependency = dependency.substr(0, dependency.find('@'));
    dependent = dependent.substr(0, dependent.find('@'));
    std::vector<std::string> names = dependency_names(named(packages, dependent));
    CHECK_MESSAGE(std::find(names.begin(), names.end(), dependency) != names.end(),
                  dependent << " depends on " << dependency);
  }
  for (const DeclaredPackage& package : packages)
    CHECK_FALSE(package.dev);
}

TEST_CASE("python uv.lock: what only development groups lead to") {
  std::vector<DeclaredPackage> packages = parse_uv_lock(R"(
version = 1
[[package]]
name = "app"
version = "0.1.0"
source = { editable = "." }
dependencies = [{ name = "shared" }, { name = "web", extra = ["fast"] }]
[package.optional-dependencies]
fast = [{ name = "speedups" }]
[package.dev-dependencies]
dev = [{ name = "pytest" }, { name = "shared" }]

[[package]]
name = "pytest"
version = "8.0.0"
source = { registry = "https://pypi.org/simple" }
dependencies = [{ name = "pluggy" }]

[[package]]
name = "pluggy"
version = "1.4.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "shared"
version = "1.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "speedups"
version = "2.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "web"
version = "3.0"
source = { registry = "https://pypi.org/simple" }
)");
  REQUIRE(packages.size() == 6);
  CHECK_FALSE(named(packages, "app").dev);
  CHECK(named(packages, "pytest").dev);
  CHECK(named(packages, "pluggy").dev);
  CHECK_FALSE(named(packages, "shared").dev);
  CHECK_FALSE(named(packages, "speedups").dev);
  CHECK_FALSE(named(packages, "web").dev);
  CHECK(dependency_names(named(packages, "app")) ==
        std::vector<std::string>{"shared", "web", "speedups", "pytest", "shared"});
}
