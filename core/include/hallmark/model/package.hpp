// A package as the SBOM records it: what it is, how to name it (purl, CPE), its licenses, and the
// evidence of where it was found. Catalogers fill these in; encoders only read them.
#pragma once

#include <compare>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace hallmark::model {

// Where a package was found: a path in the image (or folder) and the layer holding that file.
struct Location {
  std::string path;   // absolute inside the scanned root: "/var/lib/dpkg/status"
  std::string layer;  // the layer's digest; empty for folders and plain archives
  // Primary evidence is the package database entry itself; supporting evidence (a copyright
  // file, a file list) only adds facts.
  bool primary = true;

  bool operator==(const Location&) const = default;
  // Primary evidence first, then by path and layer.
  bool operator<(const Location& other) const {
    if (primary != other.primary) return primary;
    return std::tie(path, layer) < std::tie(other.path, other.layer);
  }
};

struct License {
  std::string value;                // as the package data writes it
  std::optional<std::string> spdx;  // the SPDX expression for it, when the data allows one

  auto operator<=>(const License&) const = default;
};

struct Package {
  std::string id;    // stable: derived from the identifying fields (assign_id), never random
  std::string type;  // the ecosystem, spelled as syft does: "deb", "apk", "rpm", ...
  std::string name;
  std::string version;  // as the ecosystem writes it, epoch included ("1:2.3-4")
  std::string arch;
  std::string source_name;     // the source package it was built from, when not the same
  std::string source_version;  // when it differs from version
  std::string supplier;        // maintainer, packager or vendor, as written
  std::string description;     // one line
  std::vector<License> licenses;
  std::string purl;
  std::vector<std::string> cpes;
  std::set<Location> locations;
  std::vector<std::string> files;  // absolute paths the package database says it owns
  // Facts with no field of their own, as name/value pairs ("installedSize", "layerIndex").
  std::vector<std::pair<std::string, std::string>> properties;
  std::string found_by;  // the cataloger

  // The first primary location, which names the database the package came from.
  const Location* primary_location() const;
};

// The id of a package from its identity (type, name, version, arch, purl and the paths of its
// primary evidence). Locations' layers are left out: the same package seen in two layers is one.
void assign_id(Package& package);

}  // namespace hallmark::model
