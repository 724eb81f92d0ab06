// One file system entry of a layer, an archive or a folder, as the single streaming pass sees
// it. Contents are read only when the visitor asks for them.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace hallmark::source {

enum class EntryType { kFile, kDirectory, kSymlink, kHardlink, kOther };

struct Entry {
  std::string path;  // normalized: relative to the root, no "." or ".." parts ("etc/os-release")
  EntryType type = EntryType::kFile;
  uint32_t mode = 0;  // permission bits
  uint64_t size = 0;
  std::string link_target;  // symlinks: as written; hard links: the normalized path of the target
};

// The largest file whose contents the pass reads (a package database, an archive, a binary); a
// bigger one is not read, so a hostile image cannot make the scanner hold gigabytes.
inline constexpr uint64_t kMaxCapturedFileSize = 512ull << 20;

class EntryContent {
 public:
  virtual ~EntryContent() = default;
  // Up to `size` first bytes of the entry (fewer if it is shorter), for sniffing its kind.
  virtual std::string_view peek(size_t size) = 0;
  // The whole content of the entry being visited (peeked bytes included). Call at most once,
  // during the visit.
  virtual std::string read() = 0;
};

using EntryVisitor = std::function<void(const Entry&, EntryContent&)>;

}  // namespace hallmark::source
