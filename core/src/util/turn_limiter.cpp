#include "hallmark/util/turn_limiter.hpp"

#include <algorithm>
#include <stdexcept>

namespace hallmark::util {

TurnLimiter::TurnLimiter(size_t limit, std::chrono::milliseconds patience)
    : limit_(limit), patience_(patience) {
  if (limit == 0) throw std::invalid_argument("TurnLimiter: a limit of at least 1");
}

TurnLimiter::Turn TurnLimiter::enter() {
  std::unique_lock lock(mutex_);
  if (queue_.empty() && inside_ < limit_) {
    ++inside_;
    return Turn(this);
  }
  Waiter waiter;
  queue_.push_back(&waiter);
  // leave() counts a waiter in as it wakes it.
  if (!waiter.turn_given.wait_for(lock, patience_, [&] { return waiter.admitted; })) {
    queue_.erase(std::find(queue_.begin(), queue_.end(), &waiter));  // in anyway, over the limit
    ++inside_;
  }
  return Turn(this);
}

void TurnLimiter::leave() {
  std::lock_guard lock(mutex_);
  --inside_;
  while (!queue_.empty() && inside_ < limit_) {
    Waiter* next = queue_.front();
    queue_.pop_front();
    next->admitted = true;
    ++inside_;
    // Under the lock: once it is released the waiter may be gone (it lives on its thread's stack).
    next->turn_given.notify_one();
  }
}

size_t TurnLimiter::inside() const {
  std::lock_guard lock(mutex_);
  return inside_;
}

size_t TurnLimiter::waiting() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

}  // namespace hallmark::util
