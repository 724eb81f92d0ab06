// Verdicts kept for a short while, so that the webhook answers for an image it has just checked
// without asking its registry again: a rollout of 50 replicas is one verification, not 50.
// Bounded in time (a tag that moves, a signature revoked, is seen after at most the TTL) and in
// size (admission requests cannot make it grow without end). Safe to use from several threads.
#pragma once

#include <chrono>
#include <functional>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "hallmark/policy/evaluate.hpp"

namespace hallmark::policy {

class VerdictCache {
 public:
  using Clock = std::chrono::steady_clock;

  // A TTL of zero keeps nothing. `now` is the clock, replaceable for tests.
  VerdictCache(std::chrono::seconds ttl, size_t capacity,
               std::function<Clock::time_point()> now = Clock::now);

  // What a reference is cached by: REGISTRY/REPO@DIGEST when it names a digest (a tag beside it
  // changes nothing), else its canonical spelling ("debian" is docker.io/library/debian:latest).
  // nullopt for a malformed reference.
  static std::optional<std::string> key_of(const std::string& reference);

  // Whether anything is kept (a TTL of zero keeps nothing).
  bool enabled() const { return ttl_.count() > 0 && capacity_ > 0; }
  // The verdict stored under `key` less than the TTL ago.
  std::optional<Verdict> find(const std::string& key);
  // Stores `verdict`, replacing what `key` had; the oldest entries go when it is full.
  void store(const std::string& key, Verdict verdict);

 private:
  struct Entry {
    std::string key;
    Clock::time_point expires;
    Verdict verdict;
  };

  // Oldest first: with one TTL for all, also the first to expire.
  void drop_oldest();

  std::chrono::seconds ttl_;
  size_t capacity_;
  std::function<Clock::time_point()> now_;
  std::mutex mutex_;
  std::list<Entry> entries_;
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
};

}  // namespace hallmark::policy
