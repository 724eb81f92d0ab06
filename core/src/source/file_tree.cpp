#include "hallmark/source/file_tree.hpp"

#include <deque>

#include "hallmark/source/path.hpp"
#include "hallmark/source/source.hpp"
#include "hallmark/util/glob.hpp"
#include "hallmark/util/strings.hpp"

namespace hallmark::source {
namespace {

constexpr std::string_view kWhiteoutPrefix = ".wh.";
constexpr std::string_view kOpaqueMarker = ".wh..wh..opq";
constexpr int kMaxSymlinkHops = 40;  // as Linux's own limit

std::string literal_prefix(std::string_view glob) {
  return std::string(glob.substr(0, glob.find_first_of("*?")));
}

std::string join(std::string_view folder, std::string_view name) {
  return folder.empty() ? std::string(name) : std::string(folder) + "/" + std::string(name);
}

}  // namespace

CapturePlan::CapturePlan(std::vector<std::string> globs) : globs_(std::move(globs)) {
  for (const std::string& glob : globs_)
    literal_prefixes_.push_back(literal_prefix(glob));
}

bool CapturePlan::wants(std::string_view path) const {
  for (size_t i = 0; i < globs_.size(); ++i)
    if (path.starts_with(literal_prefixes_[i]) && util::glob_match(globs_[i], path)) return true;
  return false;
}

LayerDelta read_layer_delta(const Source& source, size_t index, const CapturePlan& plan) {
  LayerDelta delta;
  delta.layer = static_cast<uint32_t>(index);
  bool layered = source.layered();
  // Hard links point at an earlier member of the same layer; the captured contents of those
  // members are kept here so a captured link shares them.
  std::map<std::string, std::shared_ptr<const std::string>, std::less<>> captured_here;
  source.read_layer(index, [&](const Entry& entry, EntryContent& content) {
    std::string_view name = base_name(entry.path);
    if (layered && name.starts_with(kWhiteoutPrefix)) {
      std::string_view folder = parent_path(entry.path);
      if (name == kOpaqueMarker)
        delta.opaque_dirs.emplace_back(folder);
      else if (!name.starts_with(".wh..wh."))  // other ".wh..wh." names are aufs bookkeeping
        delta.whiteouts.push_back(join(folder, name.substr(kWhiteoutPrefix.size())));
      delta.touches_captured = true;  // it may delete captured files
      return;
    }
    FileNode node;
    node.type = entry.type;
    node.mode = entry.mode;
    node.size = entry.size;
    node.link_target = entry.link_target;
    node.layer = delta.layer;
    if (plan.wants(entry.path)) {
      if (entry.type == EntryType::kFile) {
        node.content = std::make_shared<const std::string>(content.read());
        captured_here[entry.path] = node.content;
        delta.touches_captured = true;
      } else if (entry.type == EntryType::kHardlink) {
        if (auto target = captured_here.find(entry.link_target); target != captured_here.end()) {
          node.type = EntryType::kFile;
          node.size = target->second->size();
          node.content = target->second;
          delta.touches_captured = true;
        }
      }
    }
    delta.entries.emplace_back(entry.path, std::move(node));
  });
  return delta;
}

void FileTree::remove_below(std::string_view folder, bool including_folder) {
  if (including_folder) nodes_.erase(std::string(folder));
  std::string prefix = std::string(folder) + "/";
  auto first = nodes_.lower_bound(prefix);
  auto last = first;
  while (last != nodes_.end() && last->first.starts_with(prefix))
    ++last;
  nodes_.erase(first, last);
}

void FileTree::apply(LayerDelta delta) {
  // Whiteouts apply to lower layers only, and everything in the tree is lower: apply them before
  // this layer's own entries.
  for (const std::string& path : delta.whiteouts)
    remove_below(path, true);
  for (const std::string& folder : delta.opaque_dirs) {
    if (folder.empty()) {
      nodes_.clear();
      continue;
    }
    remove_below(folder, false);
  }
  for (auto& [path, node] : delta.entries) {
    // A file, link or device replacing a folder hides everything below it.
    if (node.type != EntryType::kDirectory) remove_below(path, false);
    nodes_.insert_or_assign(std::move(path), std::move(node));
  }
}

const FileNode* FileTree::find(std::string_view path) const {
  auto node = nodes_.find(path);
  return node == nodes_.end() ? nullptr : &node->second;
}

std::optional<std::pair<std::string, const FileNode*>> FileTree::resolve(
    std::string_view path) const {
  std::deque<std::string> remaining;
  for (std::string_view part : util::split(path, '/'))
    remaining.emplace_back(part);
  std::string resolved;
  int hops = 0;
  while (!remaining.empty()) {
    std::string part = std::move(remaining.front());
    remaining.pop_front();
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      resolved = std::string(parent_path(resolved));  // ".." at the root stays at the root
      continue;
    }
    std::string candidate = join(resolved, part);
    const FileNode* node = find(candidate);
    if (node != nullptr && node->type == EntryType::kSymlink) {
      if (++hops > kMaxSymlinkHops) return std::nullopt;
      if (node->link_target.starts_with("/")) resolved.clear();
      std::vector<std::string_view> target = util::split(node->link_target, '/');
      for (auto it = target.rbegin(); it != target.rend(); ++it)
        remaining.emplace_front(*it);
      continue;
    }
    if (node == nullptr && !remaining.empty()) {
      // Tars may leave out folder entries: a folder that holds something exists implicitly.
      resolved = std::move(candidate);
      continue;
    }
    if (node == nullptr) return std::nullopt;
    resolved = std::move(candidate);
  }
  const FileNode* node = find(resolved);
  if (node != nullptr && node->type == EntryType::kHardlink) {
    resolved = node->link_target;
    node = find(resolved);
  }
  if (node == nullptr) return std::nullopt;
  return std::make_pair(resolved, node);
}

std::vector<std::string> FileTree::captured(std::string_view glob) const {
  std::string prefix = literal_prefix(glob);
  std::vector<std::string> paths;
  for (auto node = nodes_.lower_bound(prefix);
       node != nodes_.end() && node->first.starts_with(prefix); ++node)
    if (node->second.content && util::glob_match(glob, node->first)) paths.push_back(node->first);
  return paths;
}

}  // namespace hallmark::source
