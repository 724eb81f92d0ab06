// Java archives (.jar .war .ear .par .jpi .hpi): the Maven coordinates in
// META-INF/maven/**/pom.properties, the attributes of META-INF/MANIFEST.MF, the archive's file
// name, and the same for the archives nested inside (Spring Boot's BOOT-INF/lib, WEB-INF/lib,
// jars in jars), as syft's java-archive cataloger reads them.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hallmark/catalog/cataloger.hpp"

namespace hallmark::catalog::java {

// A pom.properties file (java.util.Properties syntax, as Maven writes it).
struct PomProperties {
  std::string group_id;
  std::string artifact_id;
  std::string version;
  std::string name;
  std::vector<std::pair<std::string, std::string>> extra;  // every other key, in order

  bool operator==(const PomProperties&) const = default;
};

// Throws kBadInput "line N: ..." for a line that is neither a comment nor "key=value" /
// "key:value" (the first unescaped '=' or ':' separates).
PomProperties parse_pom_properties(std::string_view text);

// Attributes in the order the manifest writes them.
using ManifestSection = std::vector<std::pair<std::string, std::string>>;

struct Manifest {
  ManifestSection main;
  std::vector<ManifestSection> sections;  // the per-entry sections, "Name" kept as an attribute

  // The value of an attribute of the main section; "" when absent.
  std::string_view main_value(std::string_view key) const;
  // The first non-empty value of an attribute, in the main section then the others.
  std::string_view value(std::string_view key) const;
  bool operator==(const Manifest&) const = default;
};

// MANIFEST.MF as java.util.jar.Manifest reads it (blank lines end sections, a line starting
// with a space continues the previous value), but lenient as syft is: lines without a ':' or
// with an empty name are skipped rather than rejecting the whole manifest.
Manifest parse_manifest(std::string_view text);

// The name and version a file name suggests ("commons-lang3-3.12.0.jar" -> "commons-lang3",
// "3.12.0"), by syft's rules; either may be empty.
struct ArchiveFilename {
  std::string name;
  std::string version;
};
ArchiveFilename parse_archive_filename(std::string_view path);

// What is kept of one archive while the layer streams past: the reducer's output, as compact
// JSON (to_json / from_json).
struct ArchiveSummary {
  std::string path;                  // inside the parent archive; empty for the file in the image
  std::string sha1;                  // hex, of the archive's bytes
  std::optional<Manifest> manifest;  // only the attributes the cataloger reads
  std::vector<std::pair<std::string, PomProperties>> poms;  // path inside -> groupId etc.
  std::vector<ArchiveSummary> nested;
  // Problems met inside the archive ("BOOT-INF/lib/x.jar: not a zip archive"), each naming the
  // member; the cataloger reports them naming the file.
  std::vector<std::string> warnings;
  bool readable = true;  // false when the archive itself is no zip

  bool operator==(const ArchiveSummary&) const = default;
};

// Untrusted archives are read within bounds: a zip bomb ends in a warning, not exhausted memory.
struct ArchiveLimits {
  size_t max_depth = 4;                     // archives inside archives inside ... the file
  uint64_t max_expanded = 512ull << 20;     // bytes decompressed for one file, nested ones included
  uint64_t max_metadata_file = 1ull << 20;  // a MANIFEST.MF or pom.properties larger is skipped
};

// Reads a zip archive from memory (libarchive; nothing is written to disk).
ArchiveSummary summarize_archive(std::string_view content, const ArchiveLimits& limits = {});

std::string to_json(const ArchiveSummary& summary);
// Throws kBadInput for text that to_json did not write.
ArchiveSummary from_json(std::string_view text);

// The packages of one archive and of the archives inside it: name and version from its own
// pom.properties, else its manifest and file name; a package per other pom.properties (shaded
// dependencies); nested archives at "OUTER:INNER" locations, each contained by its parent.
// `path` is the real path of the file in the image (relative to the root).
void add_archive_packages(const ArchiveSummary& summary, std::string_view path,
                          const Context& context, Result& result);

std::unique_ptr<Cataloger> make_archive_cataloger();

}  // namespace hallmark::catalog::java
