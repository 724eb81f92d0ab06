// The squashed file system of an image, as far as catalogers need it: layers applied in order,
// with whiteouts, keeping only the captured contents catalogers asked for and the symlinks that
// lead to them. It is built from layer deltas, which are read in parallel and applied in layer
// order. Memory grows with what is captured, not with the number of files in the image.
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

// Turns a file's whole content into what is kept of it (the few fields a cataloger needs of a
// package.json, the build information of a Go binary); nullopt keeps nothing. Runs on a reader
// thread while the file streams past, so it must be thread-safe. It may throw hallmark::Error
// for content it cannot read; the file is then skipped with a warning.
using Reducer =
    std::function<std::optional<std::string>(std::string_view path, std::string_view content)>;

// One kind of file a cataloger reads.
struct CaptureRule {
  std::string kind;   // what is kept: "" for the whole content, else the name of `reduce`'s output
  std::string glob;   // paths (util/glob.hpp syntax); empty: any path
  std::string magic;  // leading bytes the content must start with; empty: any content
  Reducer reduce;     // required when `kind` is not empty
};

struct Capture {
  std::string kind;
  std::shared_ptr<const std::string> content;
};

struct FileNode {
  EntryType type = EntryType::kFile;  // a captured file or a symlink
  uint32_t layer = 0;                 // index of the layer that wrote it
  std::string link_target;
  std::vector<Capture> captures;

  const Capture* capture(std::string_view kind) const;
};

// What one layer changes, read from its stream.
struct LayerDelta {
  uint32_t layer = 0;
  std::vector<std::string> whiteouts;    // paths deleted from lower layers (".wh.NAME")
  std::vector<std::string> opaque_dirs;  // folders emptied of lower layers (".wh..wh..opq")
  std::vector<std::pair<std::string, FileNode>> kept;  // captured files and symlinks
  // Every other entry, as the hash of its path with the low bit set for folders: enough to
  // remove what such an entry replaces, at 8 bytes an entry.
  std::vector<uint64_t> others;
  bool touches_captured = false;  // whether it captured anything or deletes anything
};

class CapturePlan {
 public:
  explicit CapturePlan(std::vector<CaptureRule> rules);

  // The rules whose globs take this path, magic or not (magic is checked on the content).
  void match(std::string_view path, std::vector<const CaptureRule*>& out) const;
  // The longest magic of any rule (0 when no rule sniffs contents).
  size_t longest_magic() const { return longest_magic_; }
  bool wants(std::string_view path) const;

 private:
  struct Indexed {
    CaptureRule rule;
    std::string literal_prefix;  // the glob's text before its first wildcard
  };
  std::vector<Indexed> rules_;
  // Rules are found by the path's last part: a literal base name, a "*.suffix", or neither.
  std::multimap<std::string, size_t, std::less<>> by_name_;
  std::vector<std::pair<std::string, size_t>> by_suffix_;
  std::vector<size_t> general_;
  size_t longest_magic_ = 0;
};

// Reads layer `index` of `source` into a delta; whiteout names are interpreted when the source
// is layered. Throws what the source throws (bad layers are kBadInput).
LayerDelta read_layer_delta(const Source& source, size_t index, const CapturePlan& plan);

class FileTree {
 public:
  // Applies whiteouts, opaque folders and replacements to what lower layers wrote, then adds
  // what this layer keeps.
  void apply(LayerDelta delta);

  const FileNode* find(std::string_view path) const;
  // The node a path leads to, following symlinks in every part of it as a container would,
  // confined to the root ("/.." is "/"); with the real path. nullopt if missing or looping.
  std::optional<std::pair<std::string, const FileNode*>> resolve(std::string_view path) const;
  // Paths of files with a capture of `kind` that match `glob`, in order.
  std::vector<std::string> captured(std::string_view glob, std::string_view kind = "") const;
  size_t size() const { return nodes_.size(); }

  // The hash LayerDelta::others holds for a path.
  static uint64_t path_hash(std::string_view path, bool folder);

 private:
  void remove_below(std::string_view folder, bool including_folder);
  std::map<std::string, FileNode, std::less<>> nodes_;
};

}  // namespace hallmark::source
