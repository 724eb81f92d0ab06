// The JavaScript parsers on syft's real lock files (with the packages syft's tests expect) and on
// the shapes real projects write that those fixtures lack (nested node_modules, workspaces,
// aliases, pnpm 5/6/9 keys, development dependencies), plus the installed-package cataloger on a
// file tree laid out as npm and pnpm lay out node_modules.
#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "hallmark/catalog/javascript.hpp"
#include "hallmark/util/error.hpp"
#include "hallmark/util/glob.hpp"

#include "shared.hpp"

using namespace hallmark;
using namespace hallmark::catalog;
using namespace hallmark::catalog::javascript;

namespace {

constexpr const char* kFixtures = "upstream/syft-fixtures/syft/pkg/cataloger/javascript/testdata/";

std::string read_shared(const std::string& relative) {
  std::ifstream in(test::shared_path(relative), std::ios::binary);
  REQUIRE(in);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string fixture(const std::string& relative) {
  return read_shared(kFixtures + relative);
}

// The expected packages of one case of upstream/syft-fixtures/expected/NAME.json.
nlohmann::json expected_case(const std::string& name, const std::string& fixture_path) {
  nlohmann::json cases =
      nlohmann::json::parse(read_shared("upstream/syft-fixtures/expected/" + name + ".json"))
          .at("cases");
  for (const nlohmann::json& one : cases)
    if (one.at("fixture").get<std::string>().ends_with(fixture_path)) return one;
  FAIL("no expected case for " << fixture_path);
  return {};
}

const LockedPackage* find(const Lock& lock, std::string_view name, std::string_view version) {
  for (const LockedPackage& package : lock.packages)
    if (package.name == name && package.version == version) return &package;
  return nullptr;
}

// "name@version" of what a package depends on, sorted.
std::vector<std::string> dependencies_of(const Lock& lock, std::string_view name,
                                         std::string_view version) {
  const LockedPackage* package = find(lock, name, version);
  REQUIRE_MESSAGE(package != nullptr, name << "@" << version << " is in the lock");
  std::vector<std::string> names;
  for (size_t index : package->dependencies)
    names.push_back(lock.packages[index].name + "@" + lock.packages[index].version);
  std::sort(names.begin(), names.end());
  return names;
}

std::set<std::string> dev_packages(const Lock& lock) {
  std::set<std::string> dev;
  for (const LockedPackage& package : lock.packages)
    if (package.dev) dev.insert(package.name + "@" + package.version);
  return dev;
}

// The lock's packages that are not development-only must be exactly the expected ones, with
// the purl, licenses and metadata (resolved, integrity) syft's test asserts.
void check_against_expected(const Lock& lock, const nlohmann::json& expected) {
  std::set<std::string> found, wanted;
  for (const LockedPackage& package : lock.packages)
    if (!package.dev) found.insert(package.name + "@" + package.version);
  for (const nlohmann::json& want : expected.at("expected_packages")) {
    std::string name = want.at("name"), version = want.at("version");
    wanted.insert(name + "@" + version);
    const LockedPackage* package = find(lock, name, version);
    INFO(name << "@" << version);
    REQUIRE(package != nullptr);
    CHECK(purl(name, version) == want.at("purl").get<std::string>());
    if (want.contains("licenses"))
      CHECK(package->licenses == want.at("licenses").get<std::vector<std::string>>());
    if (want.contains("metadata")) {
      const nlohmann::json& metadata = want.at("metadata");
      CHECK(package->resolved == metadata.value("Resolved", ""));
      CHECK(package->integrity == metadata.value("Integrity", ""));
    }
  }
  CHECK(found == wanted);
  CHECK(found.size() == expected.at("expected_package_count").get<size_t>());
}

}  // namespace

TEST_CASE("package-lock.json v1, v2 and v3: syft's fixtures") {
  for (const char* name : {"package-lock.json", "package-lock-2.json", "package-lock-3.json"}) {
    INFO(name);
    Lock lock = parse_package_lock(fixture(std::string("pkg-lock/") + name));
    check_against_expected(lock, expected_case("npm-package-lock", name));
    // Each fixture has one development dependency, async, which --include-dev keeps.
    CHECK(dev_packages(lock) == std::set<std::string>{"async@3.2.4"});
  }
  Lock v1 = parse_package_lock(fixture("pkg-lock/package-lock.json"));
  CHECK(dependencies_of(v1, "cowsay", "1.4.0") ==
        std::vector<std::string>{"get-stdin@5.0.1", "optimist@0.6.1", "string-width@2.1.1",
                                 "strip-eof@1.0.0"});
  // @actions/http-client is required but not in the lock: no dependency to it.
  CHECK(dependencies_of(v1, "@actions/core", "1.6.0").empty());
  Lock v2 = parse_package_lock(fixture("pkg-lock/package-lock-2.json"));
  CHECK(dependencies_of(v2, "npm", "6.14.6") ==
        std::vector<std::string>{"@types/react@18.0.17", "async@3.2.4"});
  CHECK(dependencies_of(v2, "@types/react", "18.0.17") ==
        std::vector<std::string>{"@types/prop-types@15.7.5", "@types/scheduler@0.16.2",
                                 "csstype@3.1.0"});
}

TEST_CASE("package-lock.json v2/v3: nested node_modules, workspace links, aliases, licenses") {
  Lock lock = parse_package_lock(R"({
    "name": "ws-root", "version": "1.0.0", "lockfileVersion": 3,
    "packages": {
      "": {"name": "ws-root", "version": "1.0.0", "workspaces": ["packages/*"],
           "dependencies": {"a": "^1", "c": "^3"}, "devDependencies": {"t": "^1"}},
      "node_modules/a": {"version": "1.0.0", "dependencies": {"b": "^1"},
                         "license": ["MIT", "ISC"]},
      "node_modules/a/node_modules/b": {"version": "1.5.0"},
      "node_modules/b": {"version": "2.0.0"},
      "node_modules/c": {"version": "3.0.0", "dependencies": {"b": "^2", "lib": "*"},
                         "optionalDependencies": {"str-cjs": "npm:string-width@^4"}},
      "node_modules/lib": {"resolved": "packages/lib", "link": true},
      "packages/lib": {"name": "@ws/lib", "version": "0.1.0", "dependencies": {"c": "^3"}},
      "node_modules/t": {"version": "1.0.0", "dev": true},
      "node_modules/str-cjs": {"name": "string-width", "version": "4.2.3"}
    }})");
  CHECK(lock.packages.size() == 8);
  // Node's resolution: a finds its own nested b, c the top-level one.
  CHECK(dependencies_of(lock, "a", "1.0.0") == std::vector<std::string>{"b@1.5.0"});
  CHECK(dependencies_of(lock, "c", "3.0.0") ==
        std::vector<std::string>{"@ws/lib@0.1.0", "b@2.0.0", "string-width@4.2.3"});
  CHECK(dependencies_of(lock, "@ws/lib", "0.1.0") == std::vector<std::string>{"c@3.0.0"});
  CHECK(dependencies_of(lock, "ws-root", "1.0.0") ==
        std::vector<std::string>{"a@1.0.0", "c@3.0.0", "t@1.0.0"});
  CHECK(find(lock, "a", "1.0.0")->licenses == std::vector<std::string>{"MIT", "ISC"});
  CHECK(dev_packages(lock) == std::set<std::string>{"t@1.0.0"});
}

TEST_CASE("package-lock.json v1: requires resolve through the nested tree; aliases") {
  Lock lock = parse_package_lock(R"({"lockfileVersion": 1, "dependencies": {
    "a": {"version": "1.0.0", "requires": {"b": "^1"},
          "dependencies": {"b": {"version": "1.5.0", "requires": {"c": "^3"}}}},
    "b": {"version": "2.0.0"},
    "c": {"version": "3.0.0", "requires": {"b": "^2", "str-cjs": "npm:string-width@^4"}},
    "str-cjs": {"version": "npm:string-width@4.2.3"},
    "t": {"version": "1.0.0", "dev": true}
  }})");
  CHECK(dependencies_of(lock, "a", "1.0.0") == std::vector<std::string>{"b@1.5.0"});
  CHECK(dependencies_of(lock, "b", "1.5.0") == std::vector<std::string>{"c@3.0.0"});
  CHECK(dependencies_of(lock, "c", "3.0.0") ==
        std::vector<std::string>{"b@2.0.0", "string-width@4.2.3"});
  CHECK(dev_packages(lock) == std::set<std::string>{"t@1.0.0"});

  // A tree deeper than any install is refused rather than walked.
  std::string deep = R"({"lockfileVersion": 1, "dependencies": )";
  for (int i = 0; i < 200; ++i)
    deep += R"({"x": {"version": "1", "dependencies": )";
  deep += "{}";
  for (int i = 0; i < 200; ++i)
    deep += "}}";
  deep += "}";
  CHECK_THROWS_AS(parse_package_lock(deep), Error);
}

TEST_CASE("package-lock.json: malformed files") {
  CHECK_THROWS_WITH_AS(parse_package_lock("{\"lockfileVersion\": 2,"), "not valid JSON (byte 23)",
                       Error);
  CHECK_THROWS_WITH_AS(parse_package_lock("[1, 2]"), "not a JSON object", Error);
  // Entries of the wrong type are skipped, the rest is read.
  Lock lock = parse_package_lock(
      R"({"lockfileVersion": 2, "packages": {"node_modules/x": 5, "node_modules/y": {"version": 7,
          "license": {"type": "MIT"}}, "node_modules/z": {"version": "1.0.0"}}})");
  REQUIRE(lock.packages.size() == 2);
  CHECK(find(lock, "y", "") != nullptr);
  CHECK(find(lock, "y", "")->licenses == std::vector<std::string>{"MIT"});
  CHECK(find(lock, "z", "1.0.0") != nullptr);
}

TEST_CASE("yarn.lock classic and berry: syft's fixtures") {
  Lock classic = parse_yarn_lock(fixture("yarn/yarn.lock"), nullptr);
  check_against_expected(classic, expected_case("yarn-pnpm-lock", "yarn/yarn.lock"));
  Lock berry = parse_yarn_lock(fixture("yarn-berry/yarn.lock"), nullptr);
  check_against_expected(berry, expected_case("yarn-pnpm-lock", "yarn-berry/yarn.lock"));
  // The workspace depends on what the lock pins; its other dependencies are not in the file.
  CHECK(dependencies_of(berry, "c0n-fab_u.laTION", "7.7.7") ==
        std::vector<std::string>{"@babel/code-frame@7.10.4", "@types/minimatch@3.0.3",
                                 "@types/qs@6.9.4", "ajv@6.12.3", "asn1.js@4.10.1", "atob@2.1.2"});
}

TEST_CASE("yarn.lock classic: aliases, registry names, development dependencies") {
  std::string text = R"(# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.
# yarn lockfile v1


app-dep@^1.0.0:
  version "1.0.0"
  resolved "https://registry.yarnpkg.com/app-dep/-/app-dep-1.0.0.tgz#abc"
  integrity sha512-a
  dependencies:
    shared "^2.0.0"

shared@^2.0.0, shared@^2.1.0:
  version "2.1.0"
  resolved "https://registry.yarnpkg.com/shared/-/shared-2.1.0.tgz#def"

test-tool@^3.0.0:
  version "3.0.0"
  dependencies:
    shared "^2.1.0"
    "@test/only" "1.0.0"
  optionalDependencies:
    fsevents "~2.3.2"

"@test/only@1.0.0":
  version "1.0.0"
  resolved "https://npm.example.com/api/npm/remote/@test%2fonly/-/only-1.0.0.tgz"

"string-width-cjs@npm:string-width@^4.2.0":
  version "4.2.3"
  resolved "https://registry.yarnpkg.com/string-width/-/string-width-4.2.3.tgz#269c"

fsevents@~2.3.2:
  version "2.3.3"
  resolved "https://registry.yarnpkg.com/fsevents/-/fsevents-2.3.3.tgz#cac6"
)";
  Lock lock = parse_yarn_lock(text, nullptr);
  CHECK(lock.packages.size() == 6);
  CHECK(find(lock, "string-width", "4.2.3") != nullptr);
  CHECK(find(lock, "@test/only", "1.0.0") != nullptr);
  CHECK(find(lock, "app-dep", "1.0.0")->integrity == "sha512-a");
  CHECK(dependencies_of(lock, "test-tool", "3.0.0") ==
        std::vector<std::string>{"@test/only@1.0.0", "fsevents@2.3.3", "shared@2.1.0"});
  CHECK(dev_packages(lock).empty());  // yarn does not say without the project's package.json

  ProjectManifest project = parse_project_manifest(R"({"name": "app",
      "dependencies": {"app-dep": "^1.0.0", "string-width-cjs": "npm:string-width@^4.2.0"},
      "devDependencies": {"test-tool": "^3.0.0"}})");
  // shared is reached from app-dep too: not development-only.
  CHECK(dev_packages(parse_yarn_lock(text, &project)) ==
        std::set<std::string>{"@test/only@1.0.0", "fsevents@2.3.3", "test-tool@3.0.0"});
}

TEST_CASE("yarn.lock berry: aliases and development dependencies from package.json") {
  std::string text = R"(__metadata:
  version: 6
  cacheKey: 8

"app@workspace:.":
  version: 0.0.0-use.local
  resolution: "app@workspace:."
  dependencies:
    left: ^1.0.0
    tool: ^2.0.0
  languageName: unknown
  linkType: soft

"left@npm:^1.0.0, left@npm:^1.0.1":
  version: 1.0.1
  resolution: "left@npm:1.0.1"
  checksum: abc
  languageName: node
  linkType: hard

"tool@npm:^2.0.0":
  version: 2.0.0
  resolution: "tool@npm:2.0.0"
  dependencies:
    alias: "npm:real@^3"
  languageName: node
  linkType: hard

"alias@npm:real@^3":
  version: 3.1.0
  resolution: "real@npm:3.1.0"
  languageName: node
  linkType: hard
)";
  ProjectManifest project = parse_project_manifest(
      R"({"dependencies": {"left": "^1.0.0"}, "devDependencies": {"tool": "^2.0.0"}})");
  Lock lock = parse_yarn_lock(text, &project);
  CHECK(lock.packages.size() == 4);
  CHECK(dependencies_of(lock, "app", "0.0.0-use.local") ==
        std::vector<std::string>{"left@1.0.1", "tool@2.0.0"});
  CHECK(dependencies_of(lock, "tool", "2.0.0") == std::vector<std::string>{"real@3.1.0"});
  CHECK(find(lock, "left", "1.0.1")->resolved == "left@npm:1.0.1");
  CHECK(dev_packages(lock) == std::set<std::string>{"real@3.1.0", "tool@2.0.0"});
}

TEST_CASE("yarn.lock: malformed files") {
  CHECK_THROWS_WITH_AS(parse_yarn_lock("  version \"1.0.0\"\n", nullptr),
                       "line 1: a field outside any entry: \"  version \"1.0.0\"\"", Error);
  CHECK_THROWS_WITH_AS(parse_yarn_lock("foo@^1\n", nullptr),
                       "line 1: an entry's descriptors must end with ':': \"foo@^1\"", Error);
  CHECK_THROWS_AS(parse_yarn_lock("foo@^1:\n  version\n", nullptr), Error);
  CHECK_THROWS_AS(parse_yarn_lock("\"foo@^1:\n  version \"1\"\n", nullptr), Error);
  CHECK_THROWS_AS(parse_yarn_lock("foo@^1:\n      deep \"1\"\n", nullptr), Error);
  CHECK_THROWS_AS(parse_yarn_lock("foo@^1:\n    name \"1\"\n", nullptr), Error);
  // What is read ends up in UTF-8 documents: other bytes are refused.
  CHECK_THROWS_WITH_AS(parse_yarn_lock("a@1:\n  version \"1\xff\"\n", nullptr), "not UTF-8 text",
                       Error);
  // Berry: a scalar where a mapping belongs, and an alias (lock files never use them).
  CHECK_THROWS_AS(parse_yarn_lock("__metadata:\n  version: 6\n\"a@npm:1\": [\n", nullptr), Error);
  CHECK_THROWS_WITH_AS(parse_yarn_lock("__metadata: &m\n  version: 6\n\"a@npm:1\": *m\n", nullptr),
                       "line 3: a YAML alias, which lock files do not use", Error);
}

TEST_CASE("pnpm-lock.yaml v9: syft's fixture") {
  Lock lock = parse_pnpm_lock(fixture("pnpm-v9/pnpm-lock.yaml"));
  check_against_expected(lock, expected_case("yarn-pnpm-lock", "pnpm-v9/pnpm-lock.yaml"));
  CHECK(find(lock, "rollup", "4.18.0")->integrity ==
        "sha512-QpQY2Q5i0y0Q3RoAvoChE/R5iN2k05N//"
        "bNvQbC2XvRjHFT1qWJ2r3n1bNqE+gGRJaeuQf0BxE42D7CyuLh3ZQ==");
}

TEST_CASE("pnpm-lock.yaml 5, 6 and 9: keys, peers, aliases, development dependencies") {
  std::string v5 = R"(lockfileVersion: 5.4
specifiers:
  foo: ^1.0.0
  tester: ^5
dependencies:
  foo: 1.0.0_bar@2.0.0
devDependencies:
  tester: 5.0.0
packages:
  /foo/1.0.0_bar@2.0.0:
    resolution: {integrity: sha512-foo}
    dependencies:
      bar: 2.0.0
      '@scope/helper': 1.2.3_bar@2.0.0
    dev: false
  /bar/2.0.0:
    resolution: {integrity: sha512-bar}
    dev: false
  /@scope/helper/1.2.3_bar@2.0.0:
    resolution: {integrity: sha512-helper}
    dev: false
  /tester/5.0.0:
    resolution: {integrity: sha512-tester}
    dev: true
)";
  Lock lock5 = parse_pnpm_lock(v5);
  CHECK(lock5.packages.size() == 4);
  CHECK(dependencies_of(lock5, "foo", "1.0.0") ==
        std::vector<std::string>{"@scope/helper@1.2.3", "bar@2.0.0"});
  CHECK(dev_packages(lock5) == std::set<std::string>{"tester@5.0.0"});

  std::string v6 = R"(lockfileVersion: '6.0'
dependencies:
  foo:
    specifier: ^1.0.0
    version: 1.0.0(bar@2.0.0)
  alias:
    specifier: npm:real@^3
    version: /real@3.1.0
devDependencies:
  tester:
    specifier: ^5
    version: 5.0.0
packages:
  /foo@1.0.0(bar@2.0.0):
    resolution: {integrity: sha512-foo}
    peerDependencies:
      bar: ^2
    dependencies:
      bar: 2.0.0
    dev: false
  /bar@2.0.0:
    resolution: {integrity: sha512-bar}
    dev: false
  /real@3.1.0:
    resolution: {integrity: sha512-real}
    dev: false
  /tester@5.0.0:
    resolution: {integrity: sha512-tester}
    dependencies:
      '@scope/helper': 1.2.3
      alias: /real@3.1.0
    dev: true
  /@scope/helper@1.2.3:
    resolution: {tarball: https://example.com/helper.tgz}
    dev: true
)";
  Lock lock6 = parse_pnpm_lock(v6);
  CHECK(lock6.packages.size() == 5);
  CHECK(dependencies_of(lock6, "foo", "1.0.0") == std::vector<std::string>{"bar@2.0.0"});
  CHECK(dependencies_of(lock6, "tester", "5.0.0") ==
        std::vector<std::string>{"@scope/helper@1.2.3", "real@3.1.0"});
  CHECK(find(lock6, "@scope/helper", "1.2.3")->resolved == "https://example.com/helper.tgz");
  CHECK(dev_packages(lock6) == std::set<std::string>{"@scope/helper@1.2.3", "tester@5.0.0"});

  // Version 9 has no dev flags: the importers' devDependencies tell, and bar, which foo needs,
  // stays although it is a devDependency too.
  std::string v9 = R"(lockfileVersion: '9.0'
importers:
  .:
    dependencies:
      foo:
        specifier: ^1.0.0
        version: 1.0.0(bar@2.0.0)
      alias:
        specifier: npm:real@^3
        version: real@3.1.0
    devDependencies:
      bar:
        specifier: ^2
        version: 2.0.0
      tester:
        specifier: ^5
        version: 5.0.0
  packages/lib:
    dependencies:
      app:
        specifier: workspace:*
        version: link:../app
packages:
  foo@1.0.0:
    resolution: {integrity: sha512-foo}
    peerDependencies:
      bar: ^2
  bar@2.0.0:
    resolution: {integrity: sha512-bar}
  real@3.1.0:
    resolution: {integrity: sha512-real}
  tester@5.0.0:
    resolution: {integrity: sha512-tester}
  '@scope/helper@1.2.3':
    resolution: {integrity: sha512-helper}
snapshots:
  foo@1.0.0(bar@2.0.0):
    dependencies:
      bar: 2.0.0
  bar@2.0.0: {}
  real@3.1.0: {}
  tester@5.0.0:
    dependencies:
      '@scope/helper': 1.2.3
  '@scope/helper@1.2.3': {}
)";
  Lock lock9 = parse_pnpm_lock(v9);
  CHECK(lock9.packages.size() == 5);
  CHECK(dependencies_of(lock9, "foo", "1.0.0") == std::vector<std::string>{"bar@2.0.0"});
  CHECK(dependencies_of(lock9, "tester", "5.0.0") ==
        std::vector<std::string>{"@scope/helper@1.2.3"});
  CHECK(dev_packages(lock9) == std::set<std::string>{"@scope/helper@1.2.3", "tester@5.0.0"});

  CHECK_THROWS_AS(parse_pnpm_lock("lockfileVersion: '9.0'\npackages: [1, 2]\n"), Error);
  CHECK_THROWS_AS(parse_pnpm_lock("- a list\n"), Error);
  CHECK_THROWS_WITH_AS(parse_pnpm_lock("lockfileVersion: '9.0'\npackages: {\"\xff@1\": {}}\n"),
                       "not UTF-8 text", Error);
  // Fields of unexpected shapes are passed over.
  Lock odd = parse_pnpm_lock(
      "lockfileVersion: '9.0'\nsnapshots: {a@1: {dependencies: x}, b@2: 7}\n"
      "packages: {a@1: {resolution: 5}, b@2: [1]}\n");
  REQUIRE(odd.packages.size() == 1);
  CHECK(odd.packages[0].name == "a");
  CHECK(odd.packages[0].dependencies.empty());
}

TEST_CASE("package.json: licenses, people, repository, dependencies, reduced form") {
  Manifest manifest = parse_manifest(R"({
    "name": "@types/react", "version": "18.0.17", "description": "dropped",
    "license": {"type": "MIT", "url": "https://opensource.org/licenses/MIT"},
    "licenses": [{"type": "Apache-2.0"}, "MIT", {"url": "no type"}],
    "author": {"name": "Jane Doe", "email": "jane@example.com", "url": "https://example.com"},
    "homepage": "https://github.com/DefinitelyTyped/DefinitelyTyped",
    "repository": {"type": "git", "url": "https://github.com/DefinitelyTyped/DefinitelyTyped.git"},
    "dependencies": {"csstype": "^3.0.2", "@types/prop-types": "*"},
    "optionalDependencies": {"csstype": "^3.0.2", "fsevents": "~2"},
    "devDependencies": {"typescript": "^5"},
    "private": true})");
  CHECK(manifest.name == "@types/react");
  CHECK(manifest.version == "18.0.17");
  CHECK(manifest.licenses == std::vector<std::string>{"MIT", "Apache-2.0"});
  CHECK(manifest.author == "Jane Doe <jane@example.com> (https://example.com)");
  CHECK(manifest.repository == "https://github.com/DefinitelyTyped/DefinitelyTyped.git");
  CHECK(manifest.dependencies ==
        std::vector<std::string>{"@types/prop-types", "csstype", "fsevents"});
  CHECK(manifest.is_private);
  std::string reduced = to_reduced(manifest);
  CHECK(parse_manifest(reduced) == manifest);
  CHECK(reduced.find("dropped") == std::string::npos);
  CHECK(reduced.find("typescript") == std::string::npos);

  Manifest plain = parse_manifest(
      R"({"name": "ms", "version": "2.1.3", "license": "MIT", "author": "Guillermo Rauch",
          "repository": "vercel/ms", "private": "yes", "dependencies": []})");
  CHECK(plain.licenses == std::vector<std::string>{"MIT"});
  CHECK(plain.author == "Guillermo Rauch");
  CHECK(plain.repository == "vercel/ms");
  CHECK_FALSE(plain.is_private);
  CHECK(plain.dependencies.empty());
  CHECK(parse_manifest(to_reduced(plain)) == plain);
  Manifest odd = parse_manifest(R"({"name": 5, "license": ["ISC", ["nested"]]})");
  CHECK(odd.name.empty());
  CHECK(odd.licenses == std::vector<std::string>{"ISC"});
  CHECK_THROWS_WITH_AS(parse_manifest("{\"name\": \"x\""), "not valid JSON (byte 13)", Error);
  CHECK_THROWS_WITH_AS(parse_manifest("\"x\""), "not a JSON object", Error);

  ProjectManifest project = parse_project_manifest(
      R"({"dependencies": {"a": "^1", "bad": 5}, "optionalDependencies": {"b": "2"},
          "devDependencies": {"t": "^3"}})");
  CHECK(project.dependencies == std::map<std::string, std::string>{{"a", "^1"}, {"b", "2"}});
  CHECK(project.dev_dependencies == std::map<std::string, std::string>{{"t", "^3"}});
  CHECK(parse_project_manifest(to_reduced(project)) == project);
}

TEST_CASE("Node's module folders and npm purls") {
  CHECK(module_folders("", "ms") == std::vector<std::string>{"node_modules/ms"});
  CHECK(module_folders("app/node_modules/debug", "ms") ==
        std::vector<std::string>{"app/node_modules/debug/node_modules/ms", "app/node_modules/ms",
                                 "node_modules/ms"});
  CHECK(module_folders("node_modules/@s/a/node_modules/b", "@t/c") ==
        std::vector<std::string>{"node_modules/@s/a/node_modules/b/node_modules/@t/c",
                                 "node_modules/@s/a/node_modules/@t/c",
                                 "node_modules/@s/node_modules/@t/c", "node_modules/@t/c"});
  CHECK(purl("@types/react", "18.0.17") == "pkg:npm/%40types/react@18.0.17");
  CHECK(purl("c0n-fab_u.laTION", "7.7.7") == "pkg:npm/c0n-fab_u.laTION@7.7.7");
  CHECK(purl("ws-root", "") == "pkg:npm/ws-root");
  CHECK(purl("@scope-only", "1") == "");
  CHECK(purl("", "1") == "");
}

namespace {

// A file tree holding, for each path, what the package cataloger's rules keep of it, and the
// given symlinks.
struct InstalledTree {
  source::FileTree tree;
  model::SourceInfo source;
  CatalogOptions options;
  std::optional<model::Distro> distro;

  InstalledTree(const std::vector<std::pair<std::string, std::string>>& files,
                const std::vector<std::pair<std::string, std::string>>& links) {
    source.layers.push_back({"sha256:0123", "", 0});
    std::unique_ptr<Cataloger> cataloger = make_package_cataloger();
    std::vector<source::CaptureRule> rules = cataloger->rules();
    source::LayerDelta delta;
    for (const auto& [path, content] : files) {
      source::FileNode node;
      for (const source::CaptureRule& rule : rules)
        if (util::glob_match(rule.glob, path))
          if (std::optional<std::string> kept = rule.reduce(path, content))
            node.captures.push_back({rule.kind, std::make_shared<const std::string>(*kept)});
      if (!node.captures.empty()) delta.kept.emplace_back(path, std::move(node));
    }
    for (const auto& [path, target] : links) {
      source::FileNode node;
      node.type = source::EntryType::kSymlink;
      node.link_target = target;
      delta.kept.emplace_back(path, std::move(node));
    }
    tree.apply(std::move(delta));
  }

  Result catalog() const {
    FileResolver files(tree, source);
    Result result;
    make_package_cataloger()->catalog({files, distro, options}, result);
    return result;
  }
};

std::string manifest(const std::string& name, const std::string& version,
                     const std::string& dependencies = "") {
  return R"({"name": ")" + name + R"(", "version": ")" + version +
         R"(", "license": "MIT", "dependencies": {)" + dependencies + "}}";
}

}  // namespace

TEST_CASE("installed packages: nested node_modules, scopes, pnpm's links, evidence") {
  InstalledTree installed(
      {
          {"app/node_modules/debug/package.json", manifest("debug", "2.6.9", R"("ms": "2.0.0")")},
          {"app/node_modules/debug/node_modules/ms/package.json", manifest("ms", "2.0.0")},
          {"app/node_modules/ms/package.json", manifest("ms", "2.1.3")},
          {"app/node_modules/uses-ms/package.json", manifest("uses-ms", "1.0.0", R"("ms": "^2")")},
          {"app/node_modules/@types/node/package.json", manifest("@types/node", "20.11.5")},
          {"app/node_modules/.bin/package.json", manifest("not-a-package", "1")},
          {"app/node_modules/ms/lib/package.json", manifest("not-a-package-either", "1")},
          {"app/package.json", manifest("the-project", "1.0.0", R"("debug": "2")")},
          {"p/node_modules/.pnpm/x@1.0.0/node_modules/x/package.json",
           manifest("x", "1.0.0", R"("y": "2")")},
          {"p/node_modules/.pnpm/y@2.0.0/node_modules/y/package.json", manifest("y", "2.0.0")},
          // Off Node's path, debug is still the only package of its name.
          {"lonely/node_modules/z/package.json", manifest("z", "1.0.0", R"("debug": "*")")},
      },
      {
          {"p/node_modules/x", ".pnpm/x@1.0.0/node_modules/x"},
          {"p/node_modules/.pnpm/x@1.0.0/node_modules/y", "../../y@2.0.0/node_modules/y"},
      });
  Result result = installed.catalog();
  std::map<std::string, const model::Package*> by_id;
  std::set<std::string> names;
  for (const model::Package& package : result.packages) {
    by_id[package.id] = &package;
    names.insert(package.name + "@" + package.version);
  }
  CHECK(names == std::set<std::string>{"@types/node@20.11.5", "debug@2.6.9", "ms@2.0.0", "ms@2.1.3",
                                       "uses-ms@1.0.0", "x@1.0.0", "y@2.0.0", "z@1.0.0"});
  std::set<std::string> edges;
  for (const model::Relationship& relationship : result.relationships) {
    const model::Package* from = by_id.at(relationship.from);
    const model::Package* to = by_id.at(relationship.to);
    edges.insert(from->name + "@" + from->version + " -> " + to->name + "@" + to->version);
  }
  CHECK(edges == std::set<std::string>{"debug@2.6.9 -> ms@2.0.0", "uses-ms@1.0.0 -> ms@2.1.3",
                                       "x@1.0.0 -> y@2.0.0", "z@1.0.0 -> debug@2.6.9"});
  for (const model::Package& package : result.packages) {
    if (package.name != "@types/node") continue;
    CHECK(package.type == "npm");
    CHECK(package.found_by == "javascript-package-cataloger");
    CHECK(package.purl == "pkg:npm/%40types/node@20.11.5");
    CHECK(package.licenses == std::vector<model::License>{{"MIT", "MIT"}});
    REQUIRE(package.locations.size() == 1);
    CHECK(package.locations.begin()->path == "/app/node_modules/@types/node/package.json");
    CHECK(package.locations.begin()->layer == "sha256:0123");
  }
}
