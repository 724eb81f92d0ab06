// pnpm-lock.yaml. Packages are keyed by name and version, with the peers they were resolved
// against as a suffix, in a syntax each lockfile version changed:
//   5.x  /name/1.0.0_peer@2.0.0     /@scope/name/1.0.0
//   6.x  /name@1.0.0(peer@2.0.0)    /@scope/name@1.0.0
//   9.x  name@1.0.0(peer@2.0.0)     (dependencies moved from "packages" to "snapshots")
// A dependency is "name: version" (the key's version part, peers included), or a whole key for
// an alias or a package from outside the registry.
#include <charconv>

#include "hallmark/util/error.hpp"

#include "common.hpp"

namespace hallmark::catalog::javascript {
namespace {

class Reader {
 public:
  explicit Reader(const YAML::Node& root) : root_(root) {
    std::string version = scalar(root["lockfileVersion"]);
    std::from_chars(version.data(), version.data() + version.size(), major_);
  }

  Lock read() {
    const YAML::Node& packages = root_["packages"];
    if (packages && !packages.IsMap()) throw_bad_input("", "\"packages\" is not a mapping");
    bool flagged = false;  // versions 5 and 6 mark development dependencies
    for (const auto& item : packages) {
      const YAML::Node& entry = item.second;
      if (!entry.IsMap()) continue;
      LockedPackage package;
      auto [name, version] = identify(scalar(item.first));
      // Packages from outside the registry (git, tarballs) carry their name and version.
      package.name = entry["name"] ? scalar(entry["name"]) : name;
      package.version = entry["version"] ? scalar(entry["version"]) : version;
      if (package.name.empty()) continue;
      if (const YAML::Node& resolution = entry["resolution"]; resolution && resolution.IsMap()) {
        package.integrity = scalar(resolution["integrity"]);
        package.resolved = scalar(resolution["tarball"]);
      }
      if (const YAML::Node& dev = entry["dev"]) {
        flagged = true;
        package.dev = scalar(dev) == "true";
      }
      by_key_[name + "@" + version] = builder_.add(std::move(package));
    }
    for (const char* section : {"packages", "snapshots"}) {
      const YAML::Node& entries = root_[section];
      if (!entries || !entries.IsMap()) continue;
      for (const auto& item : entries) {
        const size_t* from = find(scalar(item.first));
        if (from == nullptr) continue;
        for (size_t to : references(item.second, {"dependencies", "optionalDependencies"}))
          builder_.depend(*from, to);
      }
    }
    if (!flagged) mark_dev_from_importers();
    return builder_.finish();
  }

 private:
  // A key's package: (name, version) with any peer suffix cut off.
  std::pair<std::string, std::string> identify(std::string_view key) const {
    if (key.starts_with('/')) key.remove_prefix(1);
    if (major_ < 6) {
      // The version is the part after the name (one segment, two with a scope); peers follow '_'.
      size_t name_end = key.find('/');
      if (key.starts_with('@') && name_end != std::string_view::npos)
        name_end = key.find('/', name_end + 1);
      if (name_end == std::string_view::npos) return {std::string(key), ""};
      std::string_view version = key.substr(name_end + 1);
      return {std::string(key.substr(0, name_end)),
              std::string(version.substr(0, version.find('_')))};
    }
    auto [name, version] = split_descriptor(key.substr(0, key.find('(')));
    return {std::string(name), std::string(version)};
  }

  const size_t* find(std::string_view key) const {
    auto [name, version] = identify(key);
    auto it = by_key_.find(name + "@" + version);
    return it != by_key_.end() ? &it->second : nullptr;
  }

  // The package a dependency "name: reference" names.
  const size_t* resolve(const std::string& name, std::string_view reference) const {
    if (reference.starts_with("link:")) return nullptr;  // a workspace folder, not a package
    std::string_view bare = reference.substr(0, reference.find(major_ < 6 ? '_' : '('));
    bool whole_key = bare.starts_with('/') || bare.find('/') != std::string_view::npos ||
                     bare.find('@', 1) != std::string_view::npos;
    if (whole_key) return find(reference);
    return find(major_ < 6 ? "/" + name + "/" + std::string(reference)
                           : name + "@" + std::string(reference));
  }

  // The packages the maps `fields` of `entry` name; importers write {specifier, version} where
  // packages write the version alone.
  std::vector<size_t> references(const YAML::Node& entry,
                                 std::initializer_list<const char*> fields) const {
    std::vector<size_t> found;
    if (!entry.IsMap()) return found;
    for (const char* field : fields) {
      const YAML::Node& names = entry[field];
      if (!names || !names.IsMap()) continue;
      for (const auto& item : names) {
        std::string reference =
            item.second.IsMap() ? scalar(item.second["version"]) : scalar(item.second);
        if (const size_t* index = resolve(scalar(item.first), reference)) found.push_back(*index);
      }
    }
    return found;
  }

  // Version 9 keeps no "dev" flags: what only the importers' devDependencies lead to is
  // development-only. A single project without "importers" (versions 5 and 6) lists its
  // dependencies at the top.
  void mark_dev_from_importers() {
    std::vector<size_t> roots, dev_roots;
    auto add = [&](const YAML::Node& importer) {
      for (size_t index : references(importer, {"dependencies", "optionalDependencies"}))
        roots.push_back(index);
      for (size_t index : references(importer, {"devDependencies"}))
        dev_roots.push_back(index);
    };
    const YAML::Node& importers = root_["importers"];
    if (importers && importers.IsMap()) {
      for (const auto& item : importers)
        add(item.second);
    } else {
      add(root_);
    }
    builder_.mark_dev_only(roots, dev_roots);
  }

  const YAML::Node& root_;
  int major_ = 0;
  LockBuilder builder_;
  std::map<std::string, size_t, std::less<>> by_key_;
};

}  // namespace

Lock parse_pnpm_lock(std::string_view text) {
  YAML::Node root = parse_yaml_mapping(text);
  return read_yaml([&] { return Reader(root).read(); });
}

}  // namespace hallmark::catalog::javascript
