#include "hallmark/catalog/cataloger.hpp"

namespace hallmark::catalog {

std::optional<FileResolver::File> FileResolver::read(std::string_view path) const {
  auto resolved = tree_.resolve(path);
  if (!resolved || !resolved->second->content) return std::nullopt;
  return File{resolved->first, resolved->second->content.get()};
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

}  // namespace hallmark::catalog
