// The SBOM in memory: what was scanned, the distribution, the packages and how they relate.
// Encoders turn this into CycloneDX, SPDX or a table.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hallmark/model/package.hpp"

namespace hallmark::model {

// The Linux distribution, from os-release.
struct Distro {
  std::string id;          // "debian"
  std::string version_id;  // "12"
  std::string version_codename;
  std::string name;
  std::string pretty_name;
  std::vector<std::string> id_like;
  std::string cpe_name;
  std::string home_url;
};

struct LayerInfo {
  // The layer's diff_id: the digest of its uncompressed tar, the same in every form an image
  // travels in (compressed in a registry or OCI layout, uncompressed in a docker-archive).
  std::string digest;
  std::string media_type;  // of the blob as it was read
  uint64_t size = 0;       // of the blob as it was read
};

enum class SourceKind { kImage, kDirectory, kFile };

// What was scanned.
struct SourceInfo {
  SourceKind kind = SourceKind::kDirectory;
  std::string input;  // the reference as the user gave it
  std::string name;   // image name without tag ("registry.example.com/team/app"), or the path
  std::string tag;
  std::string digest;                     // manifest digest for images, file digest for archives
  std::string config_digest;              // images only
  std::string os, architecture, variant;  // images only
  bool in_registry = false;               // read from a registry, where name@digest is the image
  std::vector<LayerInfo> layers;
};

enum class RelationshipType {
  kDependsOn,  // from depends on to (package database dependencies)
  kContains,   // from (an OS package) owns the files of to (a package found inside it)
};

struct Relationship {
  std::string from;  // package ids
  std::string to;
  RelationshipType type = RelationshipType::kDependsOn;

  auto operator<=>(const Relationship&) const = default;
};

struct Sbom {
  SourceInfo source;
  std::optional<Distro> distro;
  std::vector<Package> packages;            // sorted by (type, name, version, id) by normalize()
  std::vector<Relationship> relationships;  // sorted, unique

  // Merges packages with the same id (their locations joined), sorts everything into the
  // deterministic order the encoders rely on, and drops duplicate relationships and those whose
  // ends are not in the SBOM.
  void normalize();
  const Package* find(const std::string& id) const;
};

}  // namespace hallmark::model
