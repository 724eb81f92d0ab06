// Small documents the registry served by digest (signature payloads, attestation envelopes,
// configs), kept so that a long-running client (the webhook) fetches each once: what a digest
// names never changes, and the bytes were checked against it when they came. Tags are never
// cached: they move. Bounded in bytes, least recently used dropped first. Safe to use from
// several threads.
#pragma once

#include <cstddef>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace hallmark::registry {

class ContentCache {
 public:
  // Documents larger than max_bytes / 8 are not kept: one must not push out all the others.
  explicit ContentCache(size_t max_bytes) : max_bytes_(max_bytes) {}

  std::optional<std::string> find(const std::string& key);
  void store(const std::string& key, const std::string& bytes);

 private:
  struct Entry {
    std::string key;
    std::string bytes;
  };

  size_t max_bytes_;
  size_t bytes_ = 0;
  std::mutex mutex_;
  std::list<Entry> entries_;  // most recently used first
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
};

}  // namespace hallmark::registry
