#include "hallmark/model/sbom.hpp"

#include <algorithm>
#include <set>
#include <tuple>

namespace hallmark::model {

void Sbom::normalize() {
  std::sort(packages.begin(), packages.end(),
            [](const Package& a, const Package& b) { return a.id < b.id; });
  // The same package found twice (in two layers, say) is one package with both locations.
  std::vector<Package> merged;
  for (Package& package : packages) {
    if (!merged.empty() && merged.back().id == package.id) {
      Package& kept = merged.back();
      kept.locations.insert(package.locations.begin(), package.locations.end());
      continue;
    }
    merged.push_back(std::move(package));
  }
  std::sort(merged.begin(), merged.end(), [](const Package& a, const Package& b) {
    return std::tie(a.type, a.name, a.version, a.id) < std::tie(b.type, b.name, b.version, b.id);
  });
  packages = std::move(merged);

  std::set<std::string> ids;
  for (const Package& package : packages)
    ids.insert(package.id);
  std::erase_if(relationships, [&](const Relationship& relationship) {
    return !ids.count(relationship.from) || !ids.count(relationship.to) ||
           relationship.from == relationship.to;
  });
  std::sort(relationships.begin(), relationships.end());
  relationships.erase(std::unique(relationships.begin(), relationships.end()), relationships.end());
}

const Package* Sbom::find(const std::string& id) const {
  for (const Package& package : packages)
    if (package.id == id) return &package;
  return nullptr;
}

}  // namespace hallmark::model
