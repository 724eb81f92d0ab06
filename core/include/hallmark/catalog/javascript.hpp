// JavaScript packages: those installed in node_modules (each package's package.json), and those a
// project's lock file pins (package-lock.json / npm-shrinkwrap.json v1-v3, yarn.lock classic and
// berry, pnpm-lock.yaml 5, 6 and 9).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "hallmark/catalog/cataloger.hpp"

namespace hallmark::catalog::javascript {

// What Hallmark keeps of an installed package's package.json.
struct Manifest {
  std::string name;
  std::string version;
  // As written: "license" (a string, an object's "type", or an array of either) and the legacy
  // "licenses" array.
  std::vector<std::string> licenses;
  std::string author;      // "Name <email> (url)", as written or joined from an object
  std::string homepage;    // "homepage"
  std::string repository;  // "repository" (a string, or an object's "url")
  // Names of "dependencies" and "optionalDependencies", sorted, without repeats.
  std::vector<std::string> dependencies;
  bool is_private = false;  // "private": true

  bool operator==(const Manifest&) const = default;
};

// The Manifest of a package.json; kBadInput (without a subject) when it is not a JSON object.
// Fields of an unexpected type are left empty.
Manifest parse_manifest(std::string_view content);
// What a capture keeps: a compact package.json with only those fields, which parse_manifest()
// reads back to the same Manifest.
std::string to_reduced(const Manifest& manifest);

// What a project's own package.json declares, name -> range: what tells yarn's development
// dependencies from the others.
struct ProjectManifest {
  std::map<std::string, std::string> dependencies;  // "dependencies" and "optionalDependencies"
  std::map<std::string, std::string> dev_dependencies;

  bool operator==(const ProjectManifest&) const = default;
};
// kBadInput (without a subject) when `content` is not a JSON object.
ProjectManifest parse_project_manifest(std::string_view content);
// A compact package.json that parse_project_manifest() reads back to the same ProjectManifest.
std::string to_reduced(const ProjectManifest& manifest);

// One package a lock file pins. Packages are unique by (name, version) within a Lock.
struct LockedPackage {
  std::string name;  // the registry name (an alias's target, not the alias)
  std::string version;
  std::string resolved;               // where it came from: a tarball URL, or yarn berry's locator
  std::string integrity;              // SRI hash, or yarn berry's checksum
  std::vector<std::string> licenses;  // as written (package-lock v2/v3 record them)
  bool dev = false;                   // only development dependencies lead to it
  std::vector<size_t> dependencies;   // indices in Lock::packages, sorted, without repeats
};

struct Lock {
  std::vector<LockedPackage> packages;
};

// The parsers throw kBadInput (without a subject) for a file they cannot read.
//
// package-lock.json and npm-shrinkwrap.json: v1's "dependencies" tree, v2/v3's "packages" map
// (whose "" entry, the project itself, is a package when it has a name). Dependencies resolve
// as Node resolves them, from the dependent's folder up.
Lock parse_package_lock(std::string_view text);
// yarn.lock, classic (v1) or berry (YAML, with "__metadata"). Dependencies resolve through the
// lock's own descriptors. Yarn marks no development dependencies: with the project's
// package.json (`project`, may be null) the packages that only its devDependencies lead to are.
Lock parse_yarn_lock(std::string_view text, const ProjectManifest* project);
// pnpm-lock.yaml, lockfile versions 5, 6 and 9. Development dependencies by the "dev" flags of
// versions 5 and 6, or else by what only the importers' devDependencies lead to.
Lock parse_pnpm_lock(std::string_view text);

// The folders Node looks for `require(name)` in, nearest first, from code in `folder` (relative
// to the root, "" for the root): FOLDER/node_modules/NAME, then the same in each parent that is
// not itself a node_modules folder.
std::vector<std::string> module_folders(std::string_view folder, std::string_view name);

// pkg:npm/NAME@VERSION, the scope as namespace: pkg:npm/%40types/react@18.0.17. Empty for a
// name no purl can hold.
std::string purl(std::string_view name, std::string_view version);

// Installed packages (node_modules/**/package.json): runs on images and folders.
std::unique_ptr<Cataloger> make_package_cataloger();
// Lock files: runs on folders and archives of files only.
std::unique_ptr<Cataloger> make_lock_cataloger();

}  // namespace hallmark::catalog::javascript
