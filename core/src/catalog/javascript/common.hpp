// What the JavaScript parsers and catalogers share: JSON and YAML reading that turns library
// errors into bad input (JSON: catalog/declared.hpp), npm names, and the builder of a lock's
// package graph.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "hallmark/catalog/declared.hpp"
#include "hallmark/catalog/javascript.hpp"
#include "hallmark/model/package.hpp"
#include "hallmark/util/error.hpp"
#include "hallmark/util/strings.hpp"

namespace hallmark::catalog::javascript {

// Appends the licenses of a "license" or "licenses" field as npm has written them over the
// years: "MIT", {"type": "MIT", "url": ...}, or an array of either.
void add_licenses(const nlohmann::json& value, std::vector<std::string>& licenses);

// The YAML document in `text`; kBadInput (without a subject) when it is not UTF-8, does not
// parse, is not a mapping, or uses aliases. Lock files never do, and refusing them keeps what is
// read proportional to the file (an alias lets a small file repeat a large node many times).
YAML::Node parse_yaml_mapping(std::string_view text);
// What `read` makes of a YAML document, yaml-cpp's errors (a scalar subscripted, say) becoming
// kBadInput.
template <typename Read>
auto read_yaml(Read read) {
  try {
    return read();
  } catch (const YAML::Exception& error) {
    throw_bad_input("", "unexpected YAML structure (" + util::printable(error.msg) + ")");
  }
}
// A scalar's text, or "" for any other node.
std::string scalar(const YAML::Node& node);

// Whether one of the folders of `path` is a node_modules folder.
bool in_node_modules(std::string_view path);

// "name@range" -> {"name", "range"}; the '@' of a scope ("@types/node@^18") is part of the name.
// An empty range when there is no other '@'.
std::pair<std::string_view, std::string_view> split_descriptor(std::string_view descriptor);

// An npm package with its purl, its licenses (as written and as SPDX), where it was found and
// its id.
struct PackageFacts {
  std::string name;
  std::string version;
  const std::vector<std::string>& licenses;
  std::string_view found_by;
  model::Location location;
  std::vector<std::pair<std::string, std::string>> properties;  // empty values are left out
};
model::Package make_package(PackageFacts facts);

// Builds a Lock: packages unique by (name, version), dependencies between them.
class LockBuilder {
 public:
  // The index of (package.name, package.version), adding it when new. Seen again, a package is
  // development-only when every place that names it says so; other facts keep their first value.
  size_t add(LockedPackage package);
  void depend(size_t from, size_t to) { lock_.packages[from].dependencies.push_back(to); }
  // Marks the packages that the development roots lead to and the others do not as dev, and
  // every other package as not dev (for formats that do not say).
  void mark_dev_only(const std::vector<size_t>& roots, const std::vector<size_t>& dev_roots);
  Lock finish();

 private:
  Lock lock_;
  std::map<std::pair<std::string, std::string>, size_t> index_;
};

}  // namespace hallmark::catalog::javascript
