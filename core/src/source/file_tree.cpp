#include "hallmark/source/file_tree.hpp"

#include <algorithm>
#include <deque>

#include "hallmark/source/path.hpp"
#include "hallmark/source/source.hpp"
#include "hallmark/util/error.hpp"
#include "hallmark/util/glob.hpp"
#include "hallmark/util/log.hpp"
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

bool has_wildcard(std::string_view text) {
  return text.find_first_of("*?") != std::string::npos;
}

}  // namespace

const Capture* FileNode::capture(std::string_view kind) const {
  for (const Capture& capture : captures)
    if (capture.kind == kind) return &capture;
  return nullptr;
}

CapturePlan::CapturePlan(std::vector<CaptureRule> rules) {
  for (size_t i = 0; i < rules.size(); ++i) {
    std::string_view glob = rules[i].glob;
    std::string_view name = base_name(glob);
    longest_magic_ = std::max(longest_magic_, rules[i].magic.size());
    if (!glob.empty() && !has_wildcard(name))
      by_name_.emplace(std::string(name), i);
    else if (name.size() > 1 && name.front() == '*' && !has_wildcard(name.substr(1)))
      by_suffix_.emplace_back(std::string(name.substr(1)), i);
    else
      general_.push_back(i);
    std::string prefix = literal_prefix(glob);
    rules_.push_back({std::move(rules[i]), std::move(prefix)});
  }
}

void CapturePlan::match(std::string_view path, std::vector<const CaptureRule*>& out) const {
  auto take = [&](size_t index) {
    const Indexed& indexed = rules_[index];
    if (indexed.rule.glob.empty() ||
        (path.starts_with(indexed.literal_prefix) && util::glob_match(indexed.rule.glob, path)))
      out.push_back(&indexed.rule);
  };
  std::string_view name = base_name(path);
  for (auto [it, end] = by_name_.equal_range(name); it != end; ++it)
    take(it->second);
  for (const auto& [suffix, index] : by_suffix_)
    if (name.ends_with(suffix)) take(index);
  for (size_t index : general_)
    take(index);
}

bool CapturePlan::wants(std::string_view path) const {
  std::vector<const CaptureRule*> rules;
  match(path, rules);
  return !rules.empty();
}

LayerDelta read_layer_delta(const Source& source, size_t index, const CapturePlan& plan) {
  LayerDelta delta;
  delta.layer = static_cast<uint32_t>(index);
  bool layered = source.layered();
  // Hard links point at an earlier member of the same layer; what was captured of those members
  // is kept here so that a captured link shares it.
  std::map<std::string, std::vector<Capture>, std::less<>> captured_here;
  std::vector<const CaptureRule*> rules;
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
    if (entry.type == EntryType::kSymlink) {
      FileNode node;
      node.type = EntryType::kSymlink;
      node.layer = delta.layer;
      node.link_target = entry.link_target;
      delta.kept.emplace_back(entry.path, std::move(node));
      return;
    }
    std::vector<Capture> captures;
    if (entry.type == EntryType::kFile || entry.type == EntryType::kHardlink) {
      rules.clear();
      plan.match(entry.path, rules);
      if (!rules.empty() && entry.type == EntryType::kFile) {
        // Rules that sniff contents keep the file only when its first bytes are their magic.
        bool sniffed = std::any_of(rules.begin(), rules.end(),
                                   [](const CaptureRule* rule) { return !rule->magic.empty(); });
        if (sniffed) {
          std::string_view head = content.peek(plan.longest_magic());
          std::erase_if(rules,
                        [&](const CaptureRule* rule) { return !head.starts_with(rule->magic); });
        }
      }
      if (!rules.empty() && entry.type == EntryType::kFile) {
        bool whole = std::any_of(rules.begin(), rules.end(),
                                 [](const CaptureRule* rule) { return rule->kind.empty(); });
        if (entry.size > kMaxCapturedFileSize && !whole) {
          util::warn("/" + entry.path + ": " + std::to_string(entry.size) +
                     " bytes, too large to catalog; skipped");
        } else {
          auto data = std::make_shared<const std::string>(content.read());
          for (const CaptureRule* rule : rules) {
            if (rule->kind.empty()) {
              captures.push_back({"", data});
              continue;
            }
            try {
              if (std::optional<std::string> kept = rule->reduce(entry.path, *data))
                captures.push_back(
                    {rule->kind, std::make_shared<const std::string>(std::move(*kept))});
            } catch (const Error& error) {
              util::warn("/" + entry.path + ": " + error.message() + "; skipped");
            }
          }
        }
      } else if (!rules.empty()) {
        if (auto target = captured_here.find(entry.link_target); target != captured_here.end())
          captures = target->second;
      }
    }
    if (captures.empty()) {
      delta.others.push_back(FileTree::path_hash(entry.path, entry.type == EntryType::kDirectory));
      return;
    }
    captured_here[entry.path] = captures;
    FileNode node;
    node.layer = delta.layer;
    node.captures = std::move(captures);
    delta.kept.emplace_back(entry.path, std::move(node));
    delta.touches_captured = true;
  });
  std::sort(delta.others.begin(), delta.others.end());
  return delta;
}

uint64_t FileTree::path_hash(std::string_view path, bool folder) {
  // Not a defence against crafted collisions, and need not be: an image's author can leave a
  // file out far more simply than by colliding hashes. 64 bits make accidents negligible.
  uint64_t hash = std::hash<std::string_view>{}(path);
  return folder ? hash | 1 : hash & ~uint64_t{1};
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
  // Whiteouts and replacements apply to lower layers only, and everything in the tree is lower:
  // apply them before this layer's own entries.
  for (const std::string& path : delta.whiteouts)
    remove_below(path, true);
  for (const std::string& folder : delta.opaque_dirs) {
    if (folder.empty()) {
      nodes_.clear();
      continue;
    }
    remove_below(folder, false);
  }
  if (!delta.others.empty()) {
    auto listed = [&](std::string_view path, bool folder) {
      return std::binary_search(delta.others.begin(), delta.others.end(), path_hash(path, folder));
    };
    // A kept node goes when this layer writes anything at its path, or a non-folder at one of
    // its parents (a file replacing a folder hides what was below it).
    std::erase_if(nodes_, [&](const auto& item) {
      std::string_view path = item.first;
      if (listed(path, false) || listed(path, true)) return true;
      for (std::string_view parent = parent_path(path); !parent.empty();
           parent = parent_path(parent))
        if (listed(parent, false)) return true;
      return false;
    });
  }
  for (auto& [path, node] : delta.kept) {
    remove_below(path, false);  // a file or link replacing a folder hides everything below it
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
    // Folders are not kept: a path part that is no kept node is a folder on the way.
    resolved = std::move(candidate);
  }
  const FileNode* node = find(resolved);
  if (node == nullptr) return std::nullopt;
  return std::make_pair(resolved, node);
}

std::vector<std::string> FileTree::captured(std::string_view glob, std::string_view kind) const {
  std::string prefix = literal_prefix(glob);
  std::vector<std::string> paths;
  for (auto node = nodes_.lower_bound(prefix);
       node != nodes_.end() && node->first.starts_with(prefix); ++node)
    if (node->second.capture(kind) != nullptr && util::glob_match(glob, node->first))
      paths.push_back(node->first);
  return paths;
}

}  // namespace hallmark::source
