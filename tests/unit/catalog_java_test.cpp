// The Java archive cataloger: the pom.properties and MANIFEST.MF parsers on every case of syft's
// fixtures, file names as syft's tests name them, and archives built here in memory (libarchive's
// zip writer) for the reducer's summary, its limits, and the packages made from it.
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include <archive.h>
#include <archive_entry.h>
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "hallmark/catalog/java.hpp"
#include "hallmark/crypto/digest.hpp"
#include "hallmark/util/error.hpp"

#include "shared.hpp"

using namespace hallmark;
using namespace hallmark::catalog;
using namespace hallmark::catalog::java;
using nlohmann::json;

namespace {

constexpr std::string_view kFixtures = "upstream/syft-fixtures/";

std::string read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

json expected_cases() {
  return json::parse(read_bytes(
      test::shared_path(std::string(kFixtures) + "expected/java-pom-properties-manifest.json")));
}

ManifestSection section_of(const json& pairs) {
  ManifestSection section;
  for (const json& pair : pairs)
    section.emplace_back(pair.at(0).get<std::string>(), pair.at(1).get<std::string>());
  return section;
}

struct Member {
  std::string name;
  std::string content;
  bool store = false;  // uncompressed, as Spring Boot stores nested jars
};

// A zip archive in memory, written by libarchive.
std::string make_zip(const std::vector<Member>& members) {
  std::string out;
  archive* writer = archive_write_new();
  REQUIRE(archive_write_set_format_zip(writer) == ARCHIVE_OK);
  archive_write_set_bytes_per_block(writer, 0);
  auto append = [](archive*, void* data, const void* buffer, size_t size) -> la_ssize_t {
    static_cast<std::string*>(data)->append(static_cast<const char*>(buffer), size);
    return static_cast<la_ssize_t>(size);
  };
  REQUIRE(archive_write_open2(writer, &out, nullptr, append, nullptr, nullptr) == ARCHIVE_OK);
  for (const Member& member : members) {
    if (member.store)
      archive_write_zip_set_compression_store(writer);
    else
      archive_write_zip_set_compression_deflate(writer);
    archive_entry* entry = archive_entry_new();
    archive_entry_set_pathname(entry, member.name.c_str());
    archive_entry_set_filetype(entry, AE_IFREG);
    archive_entry_set_perm(entry, 0644);
    archive_entry_set_size(entry, static_cast<la_int64_t>(member.content.size()));
    REQUIRE(archive_write_header(writer, entry) == ARCHIVE_OK);
    REQUIRE(archive_write_data(writer, member.content.data(), member.content.size()) ==
            static_cast<la_ssize_t>(member.content.size()));
    archive_entry_free(entry);
  }
  REQUIRE(archive_write_close(writer) == ARCHIVE_OK);
  archive_write_free(writer);
  return out;
}

uint32_t read_le(const std::string& data, size_t offset, size_t bytes) {
  uint32_t value = 0;
  for (size_t i = 0; i < bytes; ++i)
    value |= static_cast<uint32_t>(static_cast<unsigned char>(data[offset + i])) << (8 * i);
  return value;
}

// Makes the zip's central directory (and local header, where it has sizes) claim `size` as the
// uncompressed size of `member`: a bomb that lies about what it holds.
void lie_about_size(std::string& zip, std::string_view member, uint32_t size) {
  bool patched = false;
  for (size_t at = zip.find("PK\x01\x02"); at != std::string::npos;
       at = zip.find("PK\x01\x02", at + 4)) {
    uint32_t name_size = read_le(zip, at + 28, 2);
    if (zip.compare(at + 46, name_size, member) != 0) continue;
    for (size_t i = 0; i < 4; ++i)
      zip[at + 24 + i] = static_cast<char>(size >> (8 * i));
    uint32_t local = read_le(zip, at + 42, 4);
    if (read_le(zip, local + 22, 4) != 0)
      for (size_t i = 0; i < 4; ++i)
        zip[local + 22 + i] = static_cast<char>(size >> (8 * i));
    patched = true;
  }
  REQUIRE(patched);
}

std::string sha1(std::string_view data) {
  return crypto::digest_hex(crypto::DigestAlgorithm::kSha1, data);
}

const std::string kCommonsManifest =
    "Manifest-Version: 1.0\r\n"
    "Created-By: Apache Maven Bundle Plugin\r\n"
    "Implementation-Title: Apache Commons Lang\r\n"
    "Implementation-Version: 3.12.0\r\n"
    "Bundle-SymbolicName: org.apache.commons.lang3\r\n"
    "Bundle-License: https://www.apache.org/licenses/LICENSE-2.0.txt\r\n"
    "Export-Package: org.apache.commons.lang3;version=\"3.12.0\",org.apache.com\r\n"
    " mons.lang3.arch;version=\"3.12.0\"\r\n"
    "\r\n";
const std::string kCommonsPom =
    "#Created by Apache Maven 3.8.4\n"
    "artifactId=commons-lang3\n"
    "groupId=org.apache.commons\n"
    "version=3.12.0\n";

std::string commons_lang3_jar() {
  return make_zip({{"META-INF/MANIFEST.MF", kCommonsManifest},
                   {"META-INF/maven/org.apache.commons/commons-lang3/pom.properties", kCommonsPom},
                   {"org/apache/commons/lang3/StringUtils.class", std::string(5000, 'x')}});
}

// The packages made of one summary, as the cataloger makes them for a file at `path`.
struct Cataloged {
  source::FileTree tree;
  model::SourceInfo source;
  std::optional<model::Distro> distro;
  CatalogOptions options;
  Result result;

  Cataloged(const ArchiveSummary& summary, std::string_view path) {
    FileResolver files(tree, source);
    Context context{files, distro, options};
    add_archive_packages(summary, path, context, result);
  }

  const model::Package& package(std::string_view name) const {
    for (const model::Package& package : result.packages)
      if (package.name == name) return package;
    FAIL("no package " << name);
    throw;
  }
  std::string property(std::string_view name, std::string_view key) const {
    for (const auto& [k, v] : package(name).properties)
      if (k == key) return v;
    return "";
  }
  bool contains(std::string_view from, std::string_view to) const {
    model::Relationship wanted{package(from).id, package(to).id,
                               model::RelationshipType::kContains};
    return std::find(result.relationships.begin(), result.relationships.end(), wanted) !=
           result.relationships.end();
  }
};

}  // namespace

TEST_CASE("pom.properties: every case of syft's fixtures") {
  json cases = expected_cases()["cases"];
  const json& poms = cases.at(0).at("expected_properties");
  REQUIRE(poms.size() == 5);
  for (const json& expected : poms) {
    std::string path = expected["Path"];
    CAPTURE(path);
    PomProperties pom =
        parse_pom_properties(read_bytes(test::shared_path(std::string(kFixtures) + path)));
    CHECK(pom.group_id == expected["GroupID"]);
    CHECK(pom.artifact_id == expected["ArtifactID"]);
    CHECK(pom.version == expected["Version"]);
    CHECK(pom.name == expected.value("Name", ""));
    std::map<std::string, std::string> extra(pom.extra.begin(), pom.extra.end());
    CHECK(extra == expected.value("Extra", std::map<std::string, std::string>()));
  }
}

TEST_CASE("pom.properties: java.util.Properties syntax") {
  PomProperties pom = parse_pom_properties(
      "  ! a comment too\n"
      "groupId = org.example\\\n"
      "    .tools\n"
      "artifactId   my\\=tool\n"
      "version:1.0\\:beta\\u00e9\n"
      "name=Tab\\tName   \n"
      "flag\n");
  CHECK(pom.group_id == "org.example.tools");
  CHECK(pom.artifact_id == "my=tool");
  CHECK(pom.version == "1.0:beta\xc3\xa9");
  CHECK(pom.name == "Tab\tName");
  REQUIRE(pom.extra.size() == 1);
  CHECK(pom.extra[0] == std::pair<std::string, std::string>{"flag", ""});
  CHECK(parse_pom_properties("") == PomProperties{});
  CHECK_THROWS_WITH_AS(parse_pom_properties("a=1\nversion=\\u12G4\n"),
                       "line 2: malformed \\u escape", Error);
}

TEST_CASE("MANIFEST.MF: every case of syft's fixtures") {
  json cases = expected_cases()["cases"];
  const json& manifests = cases.at(1).at("expected_manifests");
  REQUIRE(manifests.size() == 7);
  for (const json& expected : manifests) {
    std::string path = expected["fixture"];
    CAPTURE(path);
    Manifest manifest =
        parse_manifest(read_bytes(test::shared_path(std::string(kFixtures) + path)));
    ManifestSection main = section_of(expected["main"]);
    if (path.ends_with("/leading-space")) {
      // syft trims every continuation line; the JAR specification (and java.util.jar.Manifest)
      // removes exactly the one leading space, since writers wrap at 72 bytes wherever that
      // falls. The line " ...   $    # aka" thus keeps three of its four spaces.
      REQUIRE(main.at(0).second == "initialconfig:com$    # aka not empty line");
      main.at(0).second = "initialconfig:com   $    # aka not empty line";
    }
    CHECK(manifest.main == main);
    std::vector<ManifestSection> sections;
    for (const json& section : expected["sections"])
      sections.push_back(section_of(section));
    CHECK(manifest.sections == sections);
  }
}

TEST_CASE("MANIFEST.MF: wrapped values keep their spaces, CRLF lines, look-ups") {
  Manifest manifest = parse_manifest(
      "Manifest-Version: 1.0\r\n"
      "Bundle-Description: a package of Java utility class\r\n"
      " es for the \r\n"
      "  classes  \r\n"
      "\r\n"
      "Name: org/example/\r\n"
      "Implementation-Version: 2.0\r\n");
  CHECK(manifest.main_value("Bundle-Description") ==
        "a package of Java utility classes for the  classes");
  CHECK(manifest.main_value("Implementation-Version").empty());
  CHECK(manifest.value("Implementation-Version") == "2.0");
  CHECK(manifest.value("Missing").empty());
  CHECK(parse_manifest("") == Manifest{});
}

TEST_CASE("archive file names: syft's cases") {
  // syft/pkg/cataloger/java/archive_filename_test.go
  struct Case {
    const char* path;
    const char* name;
    const char* version;
  };
  for (const Case& c : std::vector<Case>{
           {"pkg-maven-4.3.2.blerg", "pkg-maven", "4.3.2"},
           {"pkg-maven-4.3.2.jar", "pkg-maven", "4.3.2"},
           {"pkg-extra-field-maven-4.3.2.war", "pkg-extra-field-maven", "4.3.2"},
           {"liferay-package.lpkg", "liferay-package", ""},
           {"pkg-extra-field-maven-4.3.2-rc1.ear", "pkg-extra-field-maven", "4.3.2-rc1"},
           {"/some/path/pkg-extra-field-maven-4.3.2-rc1.jpi", "pkg-extra-field-maven", "4.3.2-rc1"},
           {"/some/path-with-version-5.4.3/wagon-webdav-1.0.2-beta-2.2.3a-hudson.jar",
            "wagon-webdav", "1.0.2-beta-2.2.3a-hudson"},
           {"/some/path-with-version-5.4.3/windows-remote-command-1.0.jar",
            "windows-remote-command", "1.0"},
           {"/some/path-with-version-5.4.3/wagon-http-lightweight-1.0.5-beta-2.jar",
            "wagon-http-lightweight", "1.0.5-beta-2"},
           {"/hudson.war:WEB-INF/lib/commons-jelly-1.1-hudson-20100305.jar", "commons-jelly",
            "1.1-hudson-20100305"},
           {"/hudson.war:WEB-INF/lib/jtidy-4aug2000r7-dev-hudson-1.jar", "jtidy",
            "4aug2000r7-dev-hudson-1"},
           {"/hudson.war:WEB-INF/lib/trilead-ssh2-build212-hudson-5.jar", "trilead-ssh2",
            "build212-hudson-5"},
           {"/hudson.war:WEB-INF/lib/guava-r06.jar", "guava", "r06"},
           {"BOOT-INF/lib/spring-data-r2dbc-1.1.0.RELEASE.jar", "spring-data-r2dbc",
            "1.1.0.RELEASE"},
           {"jboss-saaj-api_1.4_spec-1.0.2.Final.jar", "jboss-saaj-api_1.4_spec", "1.0.2.Final"},
           // and the second pattern's separators, and names that are none
           {"foo_1.2.jar", "foo", "1.2"},
           {"commons-lang3.jar", "commons-lang3", ""},
           {"my-http2-server-5.jar", "my-http2-server", "5"},
           {"1.0.jar", "", ""},
           {"with space-1.0.jar", "", ""},
       }) {
    CAPTURE(c.path);
    ArchiveFilename parsed = parse_archive_filename(c.path);
    CHECK(parsed.name == c.name);
    CHECK(parsed.version == c.version);
  }
}

TEST_CASE("archive summary: manifest, pom.properties, digest, nested archives") {
  std::string inner = commons_lang3_jar();
  std::string fat = make_zip({
      {"META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nStart-Class: org.example.App\n"},
      {"BOOT-INF/classes/org/example/App.class", "cafebabe"},
      {"BOOT-INF/lib/commons-lang3-3.12.0.jar", inner, true},
      {"BOOT-INF/lib/broken.jar", "not a zip at all", true},
  });
  ArchiveSummary summary = summarize_archive(fat);
  CHECK(summary.readable);
  CHECK(summary.sha1 == sha1(fat));
  REQUIRE(summary.manifest);
  CHECK(summary.manifest->main.empty());  // neither attribute is one the cataloger reads
  REQUIRE(summary.nested.size() == 1);
  const ArchiveSummary& nested = summary.nested[0];
  CHECK(nested.path == "BOOT-INF/lib/commons-lang3-3.12.0.jar");
  CHECK(nested.sha1 == sha1(inner));
  REQUIRE(nested.manifest);
  // Kept: what names the package; dropped: the Export-Package list and the rest.
  CHECK(nested.manifest->main ==
        ManifestSection{
            {"Implementation-Title", "Apache Commons Lang"},
            {"Implementation-Version", "3.12.0"},
            {"Bundle-SymbolicName", "org.apache.commons.lang3"},
            {"Bundle-License", "https://www.apache.org/licenses/LICENSE-2.0.txt"},
        });
  REQUIRE(nested.poms.size() == 1);
  CHECK(nested.poms[0].first == "META-INF/maven/org.apache.commons/commons-lang3/pom.properties");
  CHECK(nested.poms[0].second.artifact_id == "commons-lang3");
  REQUIRE(summary.warnings.size() == 1);
  CHECK(summary.warnings[0].starts_with("BOOT-INF/lib/broken.jar: not a zip archive"));

  // What the reducer keeps is what the cataloger reads back.
  ArchiveSummary again = from_json(to_json(summary));
  CHECK(again == summary);
  CHECK_THROWS_AS(from_json("not json"), Error);
  CHECK_THROWS_AS(from_json("{\"manifest\": 1}"), Error);
}

TEST_CASE("archive summary: not a zip, damaged members, oversized manifests") {
  ArchiveSummary junk = summarize_archive("just some text");
  CHECK_FALSE(junk.readable);
  REQUIRE(junk.warnings.size() == 1);
  CHECK(junk.warnings[0].starts_with("not a zip archive"));

  ArchiveLimits limits;
  limits.max_metadata_file = 1000;
  ArchiveSummary big =
      summarize_archive(make_zip({{"META-INF/MANIFEST.MF", "A: " + std::string(2000, 'b') + "\n"},
                                  {"META-INF/maven/g/a/pom.properties", "version=\\uZZZZ\n"}}),
                        limits);
  CHECK(big.readable);
  CHECK_FALSE(big.manifest);
  CHECK(big.poms.empty());
  REQUIRE(big.warnings.size() == 2);
  CHECK(big.warnings[0] ==
        "META-INF/MANIFEST.MF: expands to 2004 bytes, more than 1000 bytes for such a file; "
        "not read");
  CHECK(big.warnings[1] == "META-INF/maven/g/a/pom.properties: line 1: malformed \\u escape");
}

TEST_CASE("archive summary: nesting deeper than the limit stops with a warning") {
  std::string jar = make_zip(
      {{"META-INF/maven/g/level6/pom.properties", "groupId=g\nartifactId=level6\nversion=1\n"}});
  for (int level = 5; level >= 0; --level)
    jar = make_zip({{"lib/level" + std::to_string(level + 1) + ".jar", jar}});
  ArchiveSummary summary = summarize_archive(jar);
  const ArchiveSummary* deepest = &summary;
  int depth = 0;
  while (!deepest->nested.empty()) {
    deepest = &deepest->nested[0];
    ++depth;
  }
  CHECK(depth == 4);
  REQUIRE(summary.warnings.size() == 1);
  CHECK(summary.warnings[0] ==
        "lib/level1.jar:lib/level2.jar:lib/level3.jar:lib/level4.jar:lib/level5.jar: nested "
        "more than 4 archives deep; not read");
}

TEST_CASE("archive summary: a problem in every member lists the first hundred") {
  std::vector<Member> members;
  for (int i = 0; i < 150; ++i)
    members.push_back({"lib/broken-" + std::to_string(i) + ".jar", "not a zip"});
  ArchiveSummary summary = summarize_archive(make_zip(members));
  REQUIRE(summary.warnings.size() == 101);
  CHECK(summary.warnings[0].starts_with("lib/broken-0.jar: not a zip archive"));
  CHECK(summary.warnings[100] == "50 more problems not listed");
}

TEST_CASE("archive summary: a zip bomb ends in a warning within the budget") {
  std::string zeros(4 << 20, '\0');
  std::string bomb = make_zip({{"nested/a.jar", make_zip({{"x", "y"}})},
                               {"nested/bomb.jar", zeros},
                               {"nested/z.jar", make_zip({{"x", "y"}})}});
  CHECK(bomb.size() < 64 * 1024);  // 4 MiB that deflate to a few KiB
  ArchiveLimits limits;
  limits.max_expanded = 1 << 20;
  ArchiveSummary summary = summarize_archive(bomb, limits);
  CHECK(summary.readable);
  CHECK(summary.nested.size() == 2);  // the members around the bomb are still read
  REQUIRE(summary.warnings.size() == 1);
  CHECK(summary.warnings[0] ==
        "nested/bomb.jar: expands to 4194304 bytes, more than 1 MiB, the most read of one file "
        "and the archives in it; not read");

  // A bomb whose zip headers claim 1000 bytes: the bytes are counted as they are inflated, and
  // reading ends at the budget.
  std::string liar = make_zip({{"big.jar", zeros}});
  lie_about_size(liar, "big.jar", 1000);
  summary =
      summarize_archive(make_zip({{"a.jar", liar}, {"z.jar", make_zip({{"x", "y"}})}}), limits);
  CAPTURE(summary.warnings);
  CHECK(summary.nested.size() == 1);
  REQUIRE(summary.warnings.size() == 1);
  CHECK(summary.warnings[0] ==
        "a.jar:big.jar: expands to more than 1 MiB, the most read of one file and the archives "
        "in it; the rest not read");
}

TEST_CASE("archive summary: damaged archives never crash, hang or throw") {
  std::string jar = make_zip({{"META-INF/MANIFEST.MF", kCommonsManifest},
                              {"META-INF/maven/g/a/pom.properties", kCommonsPom},
                              {"lib/inner.jar", commons_lang3_jar(), true},
                              {"lib/deflated.jar", commons_lang3_jar()}});
  std::mt19937 random(20240611);
  for (int round = 0; round < 300; ++round) {
    std::string damaged = jar;
    std::uniform_int_distribution<size_t> at(0, damaged.size() - 1);
    for (int flips = 0; flips < 1 + round % 8; ++flips)
      damaged[at(random)] = static_cast<char>(random());
    if (round % 10 == 0) damaged.resize(at(random));
    ArchiveSummary summary;
    CHECK_NOTHROW(summary = summarize_archive(damaged));
    // Damaged names and values that are not UTF-8 are replaced once, then kept as they are.
    CHECK(to_json(from_json(to_json(summary))) == to_json(summary));
  }
}

TEST_CASE("packages: pom.properties, manifest, file name, shaded and nested archives") {
  std::string commons = commons_lang3_jar();
  std::string manifest_only = make_zip({{"META-INF/MANIFEST.MF",
                                         "Manifest-Version: 1.0\n"
                                         "Implementation-Title: Tooling Kit\n"
                                         "Implementation-Version: 2.5.1\n"
                                         "Implementation-Vendor: Example Corp\n"
                                         "Implementation-Vendor-Id: org.example\n"
                                         "Bundle-License: \"Apache-2.0\";link=\"https://www.apache."
                                         "org/licenses/LICENSE-2.0.txt\"\n"}});
  std::string named_only = make_zip({{"data.txt", "hello"}});
  std::string shaded = make_zip({
      {"META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nBundle-License: MIT\n"},
      {"META-INF/maven/org.example/uber/pom.properties",
       "groupId=org.example\nartifactId=uber\nversion=9.0\n"},
      {"META-INF/maven/com.google.guava/guava/pom.properties",
       "groupId=com.google.guava\nartifactId=guava\nversion=31.1-jre\n"},
      {"META-INF/maven/io.jenkins.plugins/thing/pom.properties",
       "groupId=io.jenkins.plugins\nartifactId=thing\nversion=1\n"},
      {"META-INF/maven/x/incomplete/pom.properties", "groupId=x\nartifactId=incomplete\n"},
  });
  std::string fat = make_zip({
      {"META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nImplementation-Version: 0.0.1\n"},
      {"BOOT-INF/lib/commons-lang3-3.12.0.jar", commons, true},
      {"BOOT-INF/lib/tool.jar", manifest_only, true},
      {"BOOT-INF/lib/plain-lib-0.9.1.jar", named_only, true},
      {"BOOT-INF/lib/uber.jar", shaded, true},
  });
  ArchiveSummary summary = summarize_archive(fat);
  REQUIRE(summary.warnings.empty());
  Cataloged cataloged(from_json(to_json(summary)), "app/demo-app.jar");
  CHECK(cataloged.result.packages.size() == 7);  // the incomplete pom.properties names none

  const model::Package& app = cataloged.package("demo-app");
  CHECK(app.type == "java-archive");
  CHECK(app.found_by == "java-archive-cataloger");
  CHECK(app.version == "0.0.1");  // the file name has none; the manifest's
  CHECK(app.purl == "pkg:maven/demo-app/demo-app@0.0.1");
  CHECK(app.locations.begin()->path == "/app/demo-app.jar");
  CHECK(cataloged.property("demo-app", "sha1") == sha1(fat));

  const model::Package& lang = cataloged.package("commons-lang3");
  CHECK(lang.version == "3.12.0");
  CHECK(lang.purl == "pkg:maven/org.apache.commons/commons-lang3@3.12.0");
  CHECK(lang.locations.begin()->path == "/app/demo-app.jar:BOOT-INF/lib/commons-lang3-3.12.0.jar");
  CHECK(cataloged.property("commons-lang3", "sha1") == sha1(commons));
  CHECK(cataloged.property("commons-lang3", "pomProperties") ==
        "META-INF/maven/org.apache.commons/commons-lang3/pom.properties");
  REQUIRE(lang.licenses.size() == 1);
  CHECK(lang.licenses[0].value == "https://www.apache.org/licenses/LICENSE-2.0.txt");
  CHECK(cataloged.contains("demo-app", "commons-lang3"));

  const model::Package& tool = cataloged.package("tool");  // the file name before the manifest
  CHECK(tool.version == "2.5.1");
  CHECK(tool.purl == "pkg:maven/org.example/tool@2.5.1");
  CHECK(tool.supplier == "Example Corp");
  REQUIRE(tool.licenses.size() == 1);
  CHECK(tool.licenses[0].value ==
        "\"Apache-2.0\";link=\"https://www.apache.org/licenses/LICENSE-2.0.txt\"");
  CHECK(tool.licenses[0].spdx == "Apache-2.0");
  CHECK(cataloged.contains("demo-app", "tool"));

  const model::Package& plain = cataloged.package("plain-lib");
  CHECK(plain.version == "0.9.1");
  CHECK(plain.purl == "pkg:maven/plain-lib/plain-lib@0.9.1");
  CHECK(cataloged.contains("demo-app", "plain-lib"));

  // The uber jar is its own pom.properties' package; what it shades are packages it contains.
  const model::Package& uber = cataloged.package("uber");
  CHECK(uber.version == "9.0");
  CHECK(uber.purl == "pkg:maven/org.example/uber@9.0");
  REQUIRE(uber.licenses.size() == 1);
  CHECK(uber.licenses[0].spdx == "MIT");
  const model::Package& guava = cataloged.package("guava");
  CHECK(guava.purl == "pkg:maven/com.google.guava/guava@31.1-jre");
  CHECK(guava.locations.begin()->path == "/app/demo-app.jar:BOOT-INF/lib/uber.jar");
  CHECK(guava.properties ==
        std::vector<std::pair<std::string, std::string>>{
            {"pomProperties", "META-INF/maven/com.google.guava/guava/pom.properties"}});
  CHECK(cataloged.package("thing").type == "jenkins-plugin");
  CHECK(cataloged.contains("uber", "guava"));
  CHECK(cataloged.contains("uber", "thing"));
  CHECK(cataloged.contains("demo-app", "uber"));
  CHECK(cataloged.result.relationships.size() == 6);
}

TEST_CASE("packages: manifest names, group ids and Jenkins plugins") {
  ArchiveSummary summary;
  summary.sha1 = "00";
  summary.manifest = parse_manifest(
      "Name: the-best-name\n"
      "Bundle-SymbolicName: commons-lang3;singleton:=true\n"
      "Specification-Version: 7\n"
      "Automatic-Module-Name: org.example.best\n");
  // No name in "1.0.hpi": the manifest's Name; "commons-lang3" is no group id (syft's bare
  // "com" prefix would take it); the secondary Automatic-Module-Name is.
  Cataloged cataloged(summary, "plugins/1.0.hpi");
  const model::Package& best = cataloged.package("the-best-name");
  CHECK(best.type == "jenkins-plugin");
  CHECK(best.version == "7");
  CHECK(best.purl == "pkg:maven/org.example.best/the-best-name@7");

  summary.manifest = parse_manifest("Bundle-SymbolicName: org.acme.widget;singleton:=true\n");
  Cataloged osgi(summary, "widget-2.0.jar");
  CHECK(osgi.package("widget").purl == "pkg:maven/org.acme.widget/widget@2.0");

  summary.manifest.reset();
  Cataloged nameless(summary, "2.0.jar");  // nothing names it: no package
  CHECK(nameless.result.packages.empty());
}

TEST_CASE("packages: the archive's own pom.properties, whatever the file is called") {
  auto pom = [](std::string group, std::string artifact, std::string version) {
    return std::pair<std::string, PomProperties>{
        "META-INF/maven/" + group + "/" + artifact + "/pom.properties",
        PomProperties{group, artifact, version, "", {}}};
  };
  ArchiveSummary summary;
  summary.sha1 = "00";
  // Debian installs org.apache.maven:maven-core as maven3-core.jar: one package, not two (syft
  // reports a second one, "maven3-core", named by the file).
  summary.poms = {pom("org.apache.maven", "maven-core", "3.8.7"), pom("x", "incomplete", "")};
  Cataloged renamed(summary, "usr/share/java/maven3-core.jar");
  REQUIRE(renamed.result.packages.size() == 1);
  CHECK(renamed.package("maven-core").purl == "pkg:maven/org.apache.maven/maven-core@3.8.7");
  CHECK(renamed.property("maven-core", "sha1") == "00");

  // Several: the one whose artifactId is the file's name is the archive's own; the others are
  // shaded into it. None matching "wagon-http-shaded", the file name names the archive.
  summary.poms = {pom("org.apache.maven.wagon", "wagon-http", "3.5.3"),
                  pom("org.apache.httpcomponents", "httpcore", "4.4.16")};
  Cataloged shaded(summary, "wagon-http-shaded-3.5.3.jar");
  CHECK(shaded.result.packages.size() == 3);
  CHECK(shaded.package("wagon-http-shaded").purl ==
        "pkg:maven/wagon-http-shaded/wagon-http-shaded@3.5.3");
  CHECK(shaded.property("wagon-http-shaded", "sha1") == "00");
  CHECK(shaded.property("httpcore", "sha1").empty());  // the digest is the archive's alone
  CHECK(shaded.contains("wagon-http-shaded", "wagon-http"));
  CHECK(shaded.contains("wagon-http-shaded", "httpcore"));

  Cataloged own(summary, "wagon-http.jar");
  CHECK(own.result.packages.size() == 2);
  CHECK(own.package("wagon-http").purl == "pkg:maven/org.apache.maven.wagon/wagon-http@3.5.3");
  CHECK(own.property("wagon-http", "sha1") == "00");

  summary.poms = {pom("io.jenkins.plugins", "thing", "1.0")};
  Cataloged plugin(summary, "plugins/thing.jar");
  CHECK(plugin.package("thing").type == "jenkins-plugin");
}
