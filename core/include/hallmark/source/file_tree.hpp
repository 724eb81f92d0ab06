// The squashed file system of an image: layers applied in order, with whiteouts, holding the
// contents of the files catalogers asked for. It is built from layer deltas, which can be read
// in parallel and must be applied in layer order.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hallmark/source/entry.hpp"

namespace hallmark::source {

class Source;

struct FileNode {
  EntryType type = EntryType::kFile;
  uint32_t mode = 0;
  uint64_t size = 0;
  std::string link_target;
  uint32_t layer = 0;                          // index of the layer that wrote it
  std::shared_ptr<const std::string> content;  // for files whose contents were captured
};

// What one layer changes, read from its stream.
struct LayerDelta {
  uint32_t layer = 0;
  std::vector<std::string> whiteouts;    // paths deleted from lower layers (".wh.NAME")
  std::vector<std::string> opaque_dirs;  // folders emptied of lower layers (".wh..wh..opq")
  std::vector<std::pair<std::string, FileNode>> entries;
  bool touches_captured = false;  // whether it adds captured contents or deletes anything
};

// Which file contents to keep: paths matching any of the globs (util/glob.hpp syntax).
class CapturePlan {
 public:
  explicit CapturePlan(std::vector<std::string> globs);
  bool wants(std::string_view path) const;

 private:
  std::vector<std::string> globs_;
  std::vector<std::string> literal_prefixes_;  // a glob's text before its first wildcard
};

// Reads layer `index` of `source` into a delta; whiteout names are interpreted when the source
// is layered. Throws what the source throws (bad layers are kBadInput).
LayerDelta read_layer_delta(const Source& source, size_t index, const CapturePlan& plan);

class FileTree {
 public:
  // Applies whiteouts and opaque folders to what lower layers wrote, then adds the entries.
  void apply(LayerDelta delta);

  const FileNode* find(std::string_view path) const;
  // The node a path leads to, following symlinks in every part of it as a container would,
  // confined to the root ("/.." is "/"); with the real path. nullopt if missing or looping.
  std::optional<std::pair<std::string, const FileNode*>> resolve(std::string_view path) const;
  // Paths of files with captured contents that match `glob`, in order.
  std::vector<std::string> captured(std::string_view glob) const;
  size_t size() const { return nodes_.size(); }

 private:
  void remove_below(std::string_view folder, bool including_folder);
  std::map<std::string, FileNode, std::less<>> nodes_;
};

}  // namespace hallmark::source
