// NuGet's packages.lock.json: for each target framework, the packages restore resolved.
#include <algorithm>
#include <map>

#include "hallmark/catalog/dotnet.hpp"
#include "hallmark/util/error.hpp"
#include "hallmark/util/strings.hpp"

namespace hallmark::catalog::dotnet {

std::vector<DeclaredPackage> parse_packages_lock(std::string_view text) {
  using nlohmann::json;
  json lock = parse_json_object(text);
  std::vector<DeclaredPackage> packages;
  std::map<std::pair<std::string, std::string>, size_t> index;  // (name, version) -> package
  auto frameworks = lock.find("dependencies");
  if (frameworks == lock.end() || !frameworks->is_object())
    throw_bad_input("", "no \"dependencies\" object");
  for (const auto& [framework, entries] : frameworks->items()) {
    if (!entries.is_object())
      throw_bad_input("", "the packages of \"" + util::printable(framework) + "\" are no object");
    for (const auto& [name, entry] : entries.items()) {
      std::string version = string_at(entry, "resolved");
      if (string_at(entry, "type") == "Project" || version.empty()) continue;
      auto [it, added] = index.try_emplace({name, version}, packages.size());
      if (added) {
        packages.emplace_back();
        packages.back().name = name;
        packages.back().version = version;
      }
      DeclaredPackage& package = packages[it->second];
      auto dependencies = entry.find("dependencies");
      if (dependencies == entry.end() || !dependencies->is_object()) continue;
      // A dependency's range is resolved to one version in the same framework.
      for (const auto& [dependency, range] : dependencies->items()) {
        auto resolved = entries.find(dependency);
        DependencyRef ref{dependency, resolved != entries.end() ? string_at(*resolved, "resolved")
                                                                : std::string()};
        if (std::find(package.dependencies.begin(), package.dependencies.end(), ref) ==
            package.dependencies.end())
          package.dependencies.push_back(std::move(ref));
      }
    }
  }
  return packages;
}

}  // namespace hallmark::catalog::dotnet
