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
  uint64_t ticket = next_ticket_++;
  queue_.push_back(ticket);
  auto my_turn = [&] { return queue_.front() == ticket && inside_ < limit_; };
  if (!changed_.wait_until(lock, Clock::now() + patience_, my_turn))
    queue_.erase(std::find(queue_.begin(), queue_.end(), ticket));  // patience out: in anyway
  else
    queue_.pop_front();
  ++inside_;
  // The next in the queue may now be the front, with room left for it.
  changed_.notify_all();
  return Turn(this);
}

void TurnLimiter::leave() {
  {
    std::lock_guard lock(mutex_);
    --inside_;
  }
  changed_.notify_all();
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
