// .NET's *.deps.json, written by the SDK beside an application: the libraries it was built with,
// and each target's dependency graph.
#include <map>
#include <set>

#include "hallmark/catalog/dotnet.hpp"
#include "hallmark/util/error.hpp"

namespace hallmark::catalog::dotnet {
namespace {

using nlohmann::json;

// "Name/Version" -> {"Name", "Version"}; nullopt without a '/'.
std::optional<std::pair<std::string, std::string>> split_key(std::string_view key) {
  size_t slash = key.rfind('/');
  if (slash == std::string_view::npos || slash == 0) return std::nullopt;
  return std::make_pair(std::string(key.substr(0, slash)), std::string(key.substr(slash + 1)));
}

// The target entries to take dependencies from: the runtime target's, or every target's.
std::vector<const json*> targets_of(const json& document) {
  std::vector<const json*> targets;
  auto all = document.find("targets");
  if (all == document.end() || !all->is_object()) return targets;
  auto runtime = document.find("runtimeTarget");
  std::string name = runtime != document.end() ? string_at(*runtime, "name") : "";
  if (auto named = all->find(name); !name.empty() && named != all->end()) {
    targets.push_back(&*named);
    return targets;
  }
  for (const auto& [key, target] : all->items())
    targets.push_back(&target);
  return targets;
}

}  // namespace

std::vector<DeclaredPackage> parse_deps_json(std::string_view text) {
  json document = parse_json_object(text);
  std::vector<DeclaredPackage> packages;
  auto libraries = document.find("libraries");
  if (libraries == document.end()) return packages;
  if (!libraries->is_object()) throw_bad_input("", "\"libraries\" is no object");
  std::vector<const json*> targets = targets_of(document);
  for (const auto& [key, library] : libraries->items()) {
    std::string type = string_at(library, "type");
    if (type == "project" || type == "referenceassembly") continue;
    auto name_version = split_key(key);
    if (!name_version) continue;
    DeclaredPackage package;
    std::tie(package.name, package.version) = std::move(*name_version);
    std::set<std::pair<std::string, std::string>> dependencies;
    for (const json* target : targets) {
      if (!target->is_object()) continue;
      auto entry = target->find(key);
      if (entry == target->end() || !entry->is_object()) continue;
      auto listed = entry->find("dependencies");
      if (listed == entry->end() || !listed->is_object()) continue;
      for (const auto& [name, version] : listed->items())
        if (version.is_string()) dependencies.emplace(name, version.get<std::string>());
    }
    for (const auto& [name, version] : dependencies)
      package.dependencies.push_back({name, version});
    packages.push_back(std::move(package));
  }
  return packages;
}

}  // namespace hallmark::catalog::dotnet
