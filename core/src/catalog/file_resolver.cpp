#include "hallmark/catalog/cataloger.hpp"
#include "hallmark/util/log.hpp"

namespace hallmark::catalog {

std::optional<FileResolver::File> FileResolver::read(std::string_view path,
                                                     std::string_view kind) const {
  auto resolved = tree_.resolve(path);
  if (!resolved) return std::nullopt;
  const source::Capture* capture = resolved->second->capture(kind);
  if (capture == nullptr) return std::nullopt;
  return File{resolved->first, capture->content.get()};
}

model::Location FileResolver::location(std::string_view path, bool primary) const {
  model::Location location;
  location.path = "/" + std::string(path);
  location.primary = primary;
  const source::FileNode* node = tree_.find(path);
  if (node != nullptr && node->layer < source_.layers.size())
    location.layer = source_.layers[node->layer].digest;
  return location;
}

source::CaptureRule whole_file(std::string glob) {
  source::CaptureRule rule;
  rule.glob = std::move(glob);
  return rule;
}

void warn_malformed(std::string_view path, std::string_view problem) {
  util::warn("/" + std::string(path) + ": " + std::string(problem) + "; skipped");
}

}  // namespace hallmark::catalog
