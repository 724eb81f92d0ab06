#include "hallmark/policy/verdict_cache.hpp"

#include "hallmark/registry/reference.hpp"
#include "hallmark/util/error.hpp"

namespace hallmark::policy {

VerdictCache::VerdictCache(std::chrono::seconds ttl, size_t capacity,
                           std::function<Clock::time_point()> now)
    : ttl_(ttl), capacity_(capacity), now_(std::move(now)) {}

std::optional<std::string> VerdictCache::key_of(const std::string& reference) {
  try {
    registry::Reference parsed = registry::Reference::parse(reference);
    return parsed.digest ? parsed.name() + "@" + parsed.digest->to_string() : parsed.to_string();
  } catch (const Error&) {
    return std::nullopt;
  }
}

std::optional<Verdict> VerdictCache::find(const std::string& key) {
  std::lock_guard lock(mutex_);
  auto found = index_.find(key);
  if (found == index_.end()) return std::nullopt;
  if (found->second->expires <= now_()) {
    entries_.erase(found->second);
    index_.erase(found);
    return std::nullopt;
  }
  return found->second->verdict;
}

void VerdictCache::store(const std::string& key, Verdict verdict) {
  if (ttl_.count() == 0 || capacity_ == 0) return;
  std::lock_guard lock(mutex_);
  Clock::time_point now = now_();
  if (auto found = index_.find(key); found != index_.end()) {
    entries_.erase(found->second);
    index_.erase(found);
  }
  while (!entries_.empty() && (entries_.size() >= capacity_ || entries_.front().expires <= now))
    drop_oldest();
  entries_.push_back({key, now + ttl_, std::move(verdict)});
  index_.emplace(key, std::prev(entries_.end()));
}

void VerdictCache::drop_oldest() {
  index_.erase(entries_.front().key);
  entries_.pop_front();
}

}  // namespace hallmark::policy
