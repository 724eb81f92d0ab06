#include "content_cache.hpp"

namespace hallmark::registry {

std::optional<std::string> ContentCache::find(const std::string& key) {
  std::lock_guard lock(mutex_);
  auto found = index_.find(key);
  if (found == index_.end()) return std::nullopt;
  entries_.splice(entries_.begin(), entries_, found->second);
  return found->second->bytes;
}

void ContentCache::store(const std::string& key, const std::string& bytes) {
  if (bytes.size() > max_bytes_ / 8) return;
  std::lock_guard lock(mutex_);
  if (index_.count(key) > 0) return;  // the same digest: the same bytes
  while (!entries_.empty() && bytes_ + bytes.size() > max_bytes_) {
    bytes_ -= entries_.back().bytes.size();
    index_.erase(entries_.back().key);
    entries_.pop_back();
  }
  entries_.push_front({key, bytes});
  index_.emplace(key, entries_.begin());
  bytes_ += bytes.size();
}

}  // namespace hallmark::registry
