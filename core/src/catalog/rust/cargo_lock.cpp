// Cargo.lock in all its formats. Version 1 lists dependencies in full ("name version (source)")
// and keeps checksums in [metadata]; versions 2 to 4 keep checksums in each package and write
// only as much of a dependency as tells it apart ("name", "name version", and the source when
// two packages share name and version).
#include <toml++/toml.h>

#include "hallmark/catalog/rust.hpp"
#include "hallmark/model/purl.hpp"
#include "hallmark/util/error.hpp"
#include "hallmark/util/strings.hpp"

namespace hallmark::catalog::rust {
namespace {

struct DependencyEntry {
  std::string_view name;
  std::string_view version;  // empty when the entry gives none
  std::string_view source;   // without its parentheses; empty when the entry gives none
};

// "name", "name version" or "name version (source)".
DependencyEntry split_entry(std::string_view entry) {
  DependencyEntry parts;
  size_t space = entry.find(' ');
  parts.name = entry.substr(0, space);
  if (space == std::string_view::npos) return parts;
  std::string_view rest = entry.substr(space + 1);
  space = rest.find(' ');
  parts.version = rest.substr(0, space);
  if (space == std::string_view::npos) return parts;
  std::string_view source = util::trim(rest.substr(space + 1));
  if (source.size() >= 2 && source.front() == '(' && source.back() == ')')
    parts.source = source.substr(1, source.size() - 2);
  return parts;
}

// Dependencies name git sources without the revision the package's source ends with.
bool same_source(std::string_view package, std::string_view named) {
  return package == named || package.substr(0, package.find('#')) == named;
}

std::string string_field(const toml::table& table, std::string_view key) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return "";
  std::optional<std::string> value = node->value<std::string>();
  if (!value) throw_bad_input("", "'" + std::string(key) + "' is not a string");
  return *value;
}

// Version 1 lock files: [metadata] "checksum NAME VERSION (SOURCE)" = "HASH".
void apply_v1_checksums(const toml::table& document, std::vector<Crate>& crates) {
  const toml::table* metadata = document["metadata"].as_table();
  if (metadata == nullptr) return;
  for (const auto& [key, value] : *metadata) {
    std::string_view text = key.str();
    if (!text.starts_with("checksum ") || !value.is_string()) continue;
    std::optional<size_t> index = resolve_dependency(crates, text.substr(9));
    if (index && crates[*index].checksum.empty())
      crates[*index].checksum = *value.value<std::string>();
  }
}

}  // namespace

CargoLock parse_cargo_lock(std::string_view text) {
  toml::table document;
  try {
    document = toml::parse(text);
  } catch (const toml::parse_error& error) {
    const toml::source_position& at = error.source().begin;
    throw_bad_input("",
                    "line " + std::to_string(at.line) + ": " + std::string(error.description()));
  }
  CargoLock lock;
  if (const toml::node* version = document.get("version")) {
    std::optional<int64_t> number = version->value<int64_t>();
    if (!number) throw_bad_input("", "'version' is not an integer");
    lock.version = *number;
  }
  const toml::node* packages = document.get("package");
  if (packages == nullptr) return lock;
  const toml::array* list = packages->as_array();
  if (list == nullptr) throw_bad_input("", "'package' is not an array of tables");
  for (const toml::node& node : *list) {
    const toml::table* table = node.as_table();
    if (table == nullptr) throw_bad_input("", "a [[package]] is not a table");
    Crate crate;
    crate.name = string_field(*table, "name");
    crate.version = string_field(*table, "version");
    if (crate.name.empty() || crate.version.empty())
      throw_bad_input("", "a [[package]] without a name or version");
    crate.source = string_field(*table, "source");
    crate.checksum = string_field(*table, "checksum");
    if (const toml::node* dependencies = table->get("dependencies")) {
      const toml::array* entries = dependencies->as_array();
      if (entries == nullptr) throw_bad_input("", crate.name + ": 'dependencies' is not an array");
      for (const toml::node& entry : *entries) {
        std::optional<std::string> value = entry.value<std::string>();
        if (!value) throw_bad_input("", crate.name + ": a dependency is not a string");
        crate.dependencies.push_back(std::move(*value));
      }
    }
    lock.packages.push_back(std::move(crate));
  }
  apply_v1_checksums(document, lock.packages);
  return lock;
}

std::optional<size_t> resolve_dependency(const std::vector<Crate>& crates, std::string_view entry) {
  DependencyEntry wanted = split_entry(entry);
  std::optional<size_t> found;
  for (size_t i = 0; i < crates.size(); ++i) {
    const Crate& crate = crates[i];
    if (crate.name != wanted.name) continue;
    if (!wanted.version.empty() && crate.version != wanted.version) continue;
    if (!wanted.source.empty() && !same_source(crate.source, wanted.source)) continue;
    if (found) return std::nullopt;  // ambiguous
    found = i;
  }
  return found;
}

std::string purl(std::string_view name, std::string_view version, std::string_view source) {
  if (source.empty() || source.starts_with("path+")) return "";
  model::Purl purl;
  purl.type = "cargo";
  purl.name = name;
  purl.version = version;
  bool crates_io = source == "registry+https://github.com/rust-lang/crates.io-index" ||
                   source == "sparse+https://index.crates.io/";
  if (source.starts_with("git+")) {
    // purl's vcs_url is SPDX's form: git+URL@REVISION (no query: ?branch= and ?rev= only say
    // how Cargo chose the revision).
    std::string_view url = source.substr(0, source.find_first_of("?#"));
    size_t hash = source.find('#');
    purl.qualifiers["vcs_url"] =
        std::string(url) +
        (hash == std::string_view::npos ? "" : "@" + std::string(source.substr(hash + 1)));
  } else if (!crates_io) {
    std::string_view url = source;
    for (std::string_view prefix : {"registry+", "sparse+"})
      if (url.starts_with(prefix)) url.remove_prefix(prefix.size());
    purl.qualifiers["repository_url"] = url;
  }
  try {
    return purl.to_string();
  } catch (const Error&) {
    return "";  // a name no purl can hold
  }
}

}  // namespace hallmark::catalog::rust
