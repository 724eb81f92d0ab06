#include "hallmark/catalog/scan.hpp"

#include <deque>
#include <future>
#include <unordered_map>

#include "hallmark/catalog/distro.hpp"
#include "hallmark/util/log.hpp"

namespace hallmark::catalog {
namespace {

// Layers read at once: each has a reader thread and a read-ahead thread, so two layers keep
// both cores busy without thrashing.
constexpr size_t kLayersInFlight = 2;

// The package types whose databases say which files they own.
bool is_os_package(const model::Package& package) {
  return package.type == "deb" || package.type == "apk" || package.type == "rpm";
}

std::vector<std::unique_ptr<Cataloger>> catalogers_for(const source::Source& source) {
  std::vector<std::unique_ptr<Cataloger>> catalogers = default_catalogers();
  if (source.layered())
    std::erase_if(catalogers, [](const auto& cataloger) { return !cataloger->for_images(); });
  return catalogers;
}

source::CapturePlan capture_plan(const std::vector<std::unique_ptr<Cataloger>>& catalogers) {
  std::vector<source::CaptureRule> rules = distro_rules();
  for (const auto& cataloger : catalogers)
    for (source::CaptureRule& rule : cataloger->rules())
      rules.push_back(std::move(rule));
  return source::CapturePlan(std::move(rules));
}

void run_catalogers(const std::vector<std::unique_ptr<Cataloger>>& catalogers,
                    const source::FileTree& tree, const CatalogOptions& options,
                    model::Sbom& sbom) {
  FileResolver files(tree, sbom.source);
  std::optional<model::Distro> distro = detect_distro(files);
  if (distro) sbom.distro = distro;  // the top layer's, in all-layers scope
  Context context{files, distro, options};
  for (const auto& cataloger : catalogers) {
    Result result;
    cataloger->catalog(context, result);
    util::explain(std::string(cataloger->name()) + ": " + std::to_string(result.packages.size()) +
                  " packages");
    for (model::Package& package : result.packages)
      sbom.packages.push_back(std::move(package));
    for (model::Relationship& relationship : result.relationships)
      sbom.relationships.push_back(std::move(relationship));
  }
}

}  // namespace

model::Sbom scan(const source::Source& source, const ScanOptions& options) {
  std::vector<std::unique_ptr<Cataloger>> catalogers = catalogers_for(source);
  source::CapturePlan plan = capture_plan(catalogers);
  model::Sbom sbom;
  sbom.source = source.info();

  // Layers are read in parallel, a few ahead, and applied strictly in order.
  source::FileTree tree;
  std::deque<std::future<source::LayerDelta>> pending;
  size_t next = 0;
  auto launch = [&] {
    while (next < source.layer_count() && pending.size() < kLayersInFlight) {
      pending.push_back(std::async(std::launch::async, [&source, &plan, index = next] {
        return source::read_layer_delta(source, index, plan);
      }));
      ++next;
    }
  };
  launch();
  while (!pending.empty()) {
    source::LayerDelta delta = pending.front().get();
    pending.pop_front();
    launch();
    bool changed = delta.touches_captured;
    util::explain("layer " + std::to_string(delta.layer + 1) + " of " +
                  std::to_string(source.layer_count()) + ": " +
                  std::to_string(delta.kept.size() + delta.others.size()) + " entries");
    tree.apply(std::move(delta));
    if (options.scope == Scope::kAllLayers && changed)
      run_catalogers(catalogers, tree, options.catalog, sbom);
  }
  if (options.scope == Scope::kSquashed) run_catalogers(catalogers, tree, options.catalog, sbom);
  sbom.normalize();
  link_owned_packages(sbom);
  return sbom;
}

void link_owned_packages(model::Sbom& sbom) {
  std::unordered_map<std::string_view, const model::Package*> owners;
  for (const model::Package& package : sbom.packages)
    if (is_os_package(package))
      for (const std::string& file : package.files)
        owners.emplace(file, &package);
  if (owners.empty()) return;
  std::vector<model::Relationship> owned;
  for (const model::Package& package : sbom.packages) {
    if (is_os_package(package)) continue;
    const model::Location* evidence = package.primary_location();
    if (evidence == nullptr) continue;
    auto owner = owners.find(evidence->path);
    if (owner == owners.end()) continue;
    owned.push_back({owner->second->id, package.id, model::RelationshipType::kContains});
  }
  for (model::Relationship& relationship : owned)
    sbom.relationships.push_back(relationship);
  sbom.normalize();
}

}  // namespace hallmark::catalog
