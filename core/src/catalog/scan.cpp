#include "hallmark/catalog/scan.hpp"

#include <deque>
#include <future>

#include "hallmark/catalog/cataloger.hpp"
#include "hallmark/catalog/distro.hpp"
#include "hallmark/util/log.hpp"

namespace hallmark::catalog {
namespace {

// Layers read at once: each has a reader thread and a read-ahead thread, so two layers keep
// both cores busy without thrashing.
constexpr size_t kLayersInFlight = 2;

source::CapturePlan capture_plan(const std::vector<std::unique_ptr<Cataloger>>& catalogers) {
  std::vector<std::string> globs = distro_globs();
  for (const auto& cataloger : catalogers)
    for (std::string& glob : cataloger->globs())
      globs.push_back(std::move(glob));
  return source::CapturePlan(std::move(globs));
}

void run_catalogers(const std::vector<std::unique_ptr<Cataloger>>& catalogers,
                    const source::FileTree& tree, model::Sbom& sbom) {
  FileResolver files(tree, sbom.source);
  std::optional<model::Distro> distro = detect_distro(files);
  if (distro) sbom.distro = distro;  // the top layer's, in all-layers scope
  Context context{files, distro};
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
  std::vector<std::unique_ptr<Cataloger>> catalogers = default_catalogers();
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
                  std::to_string(delta.entries.size()) + " entries");
    tree.apply(std::move(delta));
    if (options.scope == Scope::kAllLayers && changed) run_catalogers(catalogers, tree, sbom);
  }
  if (options.scope == Scope::kSquashed) run_catalogers(catalogers, tree, sbom);
  sbom.normalize();
  return sbom;
}

}  // namespace hallmark::catalog
