// npm's package-lock.json (and npm-shrinkwrap.json, the same format). Version 1 nests the
// packages as node_modules nests them ("dependencies" within "dependencies"); versions 2 and 3
// list them in "packages" by their folder ("node_modules/a/node_modules/b"). Version 2 also
// carries the version 1 tree for old npm releases; its "packages" map is what is read.
#include <optional>

#include "hallmark/source/path.hpp"
#include "hallmark/util/error.hpp"

#include "common.hpp"

namespace hallmark::catalog::javascript {
namespace {

using nlohmann::json;

// npm nests a package only where two versions of it clash; real trees stay shallow.
constexpr size_t kMaxNesting = 128;

bool flag(const json& entry, std::string_view key) {
  auto it = entry.find(key);
  return it != entry.end() && it->is_boolean() && it->get<bool>();
}

const json* object_field(const json& entry, std::string_view key) {
  auto it = entry.find(key);
  return it != entry.end() && it->is_object() ? &*it : nullptr;
}

// The package installed in a folder of node_modules: "node_modules/a/node_modules/@s/b" ->
// "@s/b"; nullopt for a folder outside node_modules (a workspace).
std::optional<std::string> name_of_folder(std::string_view folder) {
  constexpr std::string_view kModules = "node_modules/";
  size_t at = folder.rfind(kModules);
  if (at == std::string_view::npos || (at > 0 && folder[at - 1] != '/')) return std::nullopt;
  return std::string(folder.substr(at + kModules.size()));
}

LockedPackage locked(std::string name, const json& entry) {
  LockedPackage package;
  package.name = std::move(name);
  package.version = string_at(entry, "version");
  // An alias installs a package under another name; version 1 records the package as
  // "npm:string-width@4.2.3" under the alias.
  if (package.version.starts_with("npm:")) {
    std::string target = package.version.substr(4);
    auto [real_name, version] = split_descriptor(target);
    package.name = real_name;
    package.version = version;
  }
  package.resolved = string_at(entry, "resolved");
  package.integrity = string_at(entry, "integrity");
  if (auto it = entry.find("license"); it != entry.end()) add_licenses(*it, package.licenses);
  package.dev = flag(entry, "dev");
  return package;
}

// Version 1: each entry's "requires" names packages found as Node finds them, in the entry's
// own nested "dependencies" first, then in its parents'.
void read_tree(const json& dependencies, LockBuilder& builder) {
  struct Node {
    size_t parent;
    size_t package;
    const json* required;
    std::map<std::string, size_t, std::less<>> children;  // by the folder name (an alias's)
  };
  std::vector<Node> nodes{{0, 0, nullptr, {}}};  // the project
  struct Pending {
    size_t node;
    const json* dependencies;
    size_t depth;
  };
  std::vector<Pending> pending{{0, &dependencies, 0}};
  while (!pending.empty()) {
    Pending next = pending.back();
    pending.pop_back();
    if (next.depth > kMaxNesting)
      throw_bad_input("", "dependencies nested deeper than " + std::to_string(kMaxNesting));
    for (const auto& item : next.dependencies->items()) {
      if (!item.value().is_object()) continue;
      // Keys are package names; some npm releases wrote "node_modules/NAME" keys.
      std::string folder_name = name_of_folder(item.key()).value_or(item.key());
      size_t package = builder.add(locked(folder_name, item.value()));
      nodes.push_back({next.node, package, object_field(item.value(), "requires"), {}});
      nodes[next.node].children[folder_name] = nodes.size() - 1;
      if (const json* nested = object_field(item.value(), "dependencies"))
        pending.push_back({nodes.size() - 1, nested, next.depth + 1});
    }
  }
  for (size_t i = 1; i < nodes.size(); ++i) {
    if (nodes[i].required == nullptr) continue;
    for (const auto& item : nodes[i].required->items()) {
      for (size_t at = i;; at = nodes[at].parent) {
        auto child = nodes[at].children.find(item.key());
        if (child != nodes[at].children.end()) {
          builder.depend(nodes[i].package, nodes[child->second].package);
          break;
        }
        if (at == 0) break;
      }
    }
  }
}

// Versions 2 and 3: dependencies resolve by folder, from the dependent's folder up; a "link"
// entry stands for the folder its "resolved" names (a workspace).
void read_packages(const json& lock, const json& packages, LockBuilder& builder) {
  struct Found {
    size_t package;
    const json* entry;
  };
  std::map<std::string, Found, std::less<>> by_folder;
  std::map<std::string, std::string, std::less<>> links;
  for (const auto& item : packages.items()) {
    const json& entry = item.value();
    const std::string& folder = item.key();
    if (!entry.is_object()) continue;
    if (flag(entry, "link")) {
      links[folder] = string_at(entry, "resolved");
      continue;
    }
    // "name" is written for the project itself, workspaces and aliases (the real name).
    std::string name = string_at(entry, "name");
    if (folder.empty() && name.empty()) name = string_at(lock, "name");
    if (folder.empty() && name.empty()) continue;  // a project without a name is no package
    if (name.empty())
      name = name_of_folder(folder).value_or(std::string(source::base_name(folder)));
    LockedPackage package = locked(name, entry);
    if (folder.empty() && package.version.empty()) package.version = string_at(lock, "version");
    by_folder[folder] = {builder.add(std::move(package)), &entry};
  }
  auto find = [&](const std::string& folder) -> const Found* {
    auto found = by_folder.find(folder);
    if (found != by_folder.end()) return &found->second;
    auto link = links.find(folder);
    if (link == links.end()) return nullptr;
    found = by_folder.find(link->second);
    return found != by_folder.end() ? &found->second : nullptr;
  };
  for (const auto& [folder, found] : by_folder) {
    std::vector<std::string_view> fields = {"dependencies", "optionalDependencies"};
    if (folder.empty()) fields.push_back("devDependencies");  // dev packages are marked so
    for (std::string_view field : fields) {
      const json* names = object_field(*found.entry, field);
      if (names == nullptr) continue;
      for (const auto& item : names->items()) {
        for (const std::string& candidate : module_folders(folder, item.key())) {
          if (const Found* dependency = find(candidate)) {
            builder.depend(found.package, dependency->package);
            break;
          }
        }
      }
    }
  }
}

}  // namespace

Lock parse_package_lock(std::string_view text) {
  json lock = parse_json_object(text);
  LockBuilder builder;
  if (const json* packages = object_field(lock, "packages"))
    read_packages(lock, *packages, builder);
  else if (const json* dependencies = object_field(lock, "dependencies"))
    read_tree(*dependencies, builder);
  return builder.finish();
}

}  // namespace hallmark::catalog::javascript
