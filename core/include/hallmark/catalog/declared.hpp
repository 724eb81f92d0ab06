// What the language catalogers of Python, Ruby, PHP and .NET share: the package a manifest, lock
// file or installed-package record declares, as their parsers return it, and the step from those
// to model packages (purl, licenses, evidence, id) and the dependencies between them.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "hallmark/catalog/cataloger.hpp"

namespace hallmark::catalog {

// A dependency as a file names it: by name, and by version where the file pins one.
struct DependencyRef {
  std::string name;
  std::string version;  // empty: whichever version of `name` the same file holds

  bool operator==(const DependencyRef&) const = default;
};

struct DeclaredPackage {
  std::string name;
  std::string version;
  std::vector<std::string> licenses;  // as written
  std::string supplier;               // author(s), as written
  std::string description;            // one line
  bool dev = false;                   // a development-only dependency of a lock file
  std::vector<DependencyRef> dependencies;
  std::map<std::string, std::string> purl_qualifiers;           // pypi's vcs_url, say
  std::vector<std::pair<std::string, std::string>> properties;  // small extra facts

  bool operator==(const DeclaredPackage&) const = default;
};

// How one ecosystem's packages are written (its strings are literals).
struct Ecosystem {
  std::string_view type;       // the package type, spelled as syft does: "python", "gem", ...
  std::string_view purl_type;  // "pypi", "gem", "composer", "nuget"
  // Whether the name's part before its first '/' is the purl namespace (Composer's vendor).
  bool namespaced_name = false;
  // Whether dependency names match package names without regard to case (NuGet, Composer).
  bool case_insensitive_names = false;
};

// The purl of a declared package; "" when its parts make none (no name, a Composer name
// without a vendor): the package is still reported, without one.
std::string purl_of(const DeclaredPackage& declared, const Ecosystem& ecosystem);

// The model package for `declared`, found in the file at `path` (a real path from the resolver):
// type, found_by, name, version, licenses, supplier, description, purl, properties, the file as
// primary evidence, and its id.
model::Package to_package(const DeclaredPackage& declared, const Ecosystem& ecosystem,
                          std::string_view found_by, const Context& context, std::string_view path);

// Resolves dependency references to the ids of packages that were added to it.
class DependencyLinker {
 public:
  explicit DependencyLinker(const Ecosystem& ecosystem) : ecosystem_(ecosystem) {}

  void add(const model::Package& package);
  // DependsOn relationships from `from` to every added package `dependencies` name (a reference
  // with a version only to that version); a package never depends on itself.
  void link(const std::string& from, const std::vector<DependencyRef>& dependencies,
            Result& result) const;

 private:
  std::string key(std::string_view name) const;

  const Ecosystem& ecosystem_;
  // name key -> (version, id)
  std::map<std::string, std::vector<std::pair<std::string, std::string>>, std::less<>> by_name_;
};

// Adds the packages one manifest or lock file at `path` declares, and the dependencies between
// them. Development-only packages are left out unless the options include them.
void add_declared(const std::vector<DeclaredPackage>& declared, const Ecosystem& ecosystem,
                  std::string_view found_by, const Context& context, std::string_view path,
                  Result& result);

// The JSON object `text` holds; kBadInput (without a subject) for anything else.
nlohmann::json parse_json_object(std::string_view text);
// The string at `key` of a JSON object; "" when absent or not a string.
std::string string_at(const nlohmann::json& object, std::string_view key);

// Reads what a file declares; throws kBadInput (without a subject) for a file it cannot read.
// Parsers run on the reader threads, so they must be pure functions of the text.
using DeclaredParser = std::vector<DeclaredPackage> (*)(std::string_view text);

// The compact form a capture keeps of declared packages, and back; from_reduced() throws
// kBadInput (without a subject) on text that to_reduced() did not make.
std::string to_reduced(const std::vector<DeclaredPackage>& declared);
std::vector<DeclaredPackage> from_reduced(std::string_view reduced);

// A capture rule for the files matching `glob`: only what `parse` declares is kept (so a big
// manifest costs only its packages' memory), as the capture `kind`, which must name this rule
// alone. A file the parser cannot read is skipped with a warning naming it.
source::CaptureRule declared_rule(std::string glob, std::string kind, DeclaredParser parse);

struct DeclaredFile {
  std::string path;  // the real path
  std::vector<DeclaredPackage> packages;
};
// What the files matching `glob` captured by a declared_rule of `kind` declare.
std::vector<DeclaredFile> read_declared(const FileResolver& files, std::string_view glob,
                                        std::string_view kind);

// A cataloger whose every file declares packages: each glob is read by its parser, and each file
// adds its packages and their dependencies (add_declared).
struct DeclaredSource {
  std::string glob;
  DeclaredParser parse;
};
std::unique_ptr<Cataloger> make_declared_cataloger(std::string_view name,
                                                   const Ecosystem& ecosystem,
                                                   std::vector<DeclaredSource> sources,
                                                   bool for_images);

}  // namespace hallmark::catalog
