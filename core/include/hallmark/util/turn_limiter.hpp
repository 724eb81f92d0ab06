// Lets at most a given number of callers in at once, in the order they asked: the rest queue.
// The webhook asks a registry for a few verifications at a time so that, when the registry (or
// the machine) is saturated, the reviews that came first are answered first instead of all of
// them slowing down together, which is what makes the tail of their latency long. A caller that
// has waited its patience out goes in anyway, over the limit: a registry that stopped answering
// holds its turns for seconds, and the reviews behind it must still get their own verdict
// (denied, or let through by failurePolicy: ignore) before the API server gives up on them.
// Safe to use from several threads.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>

namespace hallmark::util {

class TurnLimiter {
 public:
  // A turn held; the limiter must outlive it.
  class Turn {
   public:
    explicit Turn(TurnLimiter* limiter) : limiter_(limiter) {}
    Turn(Turn&& other) noexcept : limiter_(other.limiter_) { other.limiter_ = nullptr; }
    Turn(const Turn&) = delete;
    Turn& operator=(const Turn&) = delete;
    Turn& operator=(Turn&&) = delete;
    ~Turn() {
      if (limiter_ != nullptr) limiter_->leave();
    }

   private:
    TurnLimiter* limiter_;
  };

  // `limit` of at least 1.
  TurnLimiter(size_t limit, std::chrono::milliseconds patience);

  // Waits until fewer than the limit are in and no one who asked earlier is still waiting, or
  // until the patience is out; the turn ends when the Turn goes.
  Turn enter();

  // How many are in, and how many wait (for tests and reports).
  size_t inside() const;
  size_t waiting() const;

 private:
  // One waiting: woken alone when its turn comes, so that a turn ending wakes one thread, not
  // every thread in the queue.
  struct Waiter {
    std::condition_variable turn_given;
    bool admitted = false;
  };

  void leave();

  const size_t limit_;
  const std::chrono::milliseconds patience_;
  mutable std::mutex mutex_;
  size_t inside_ = 0;
  // Those waiting, oldest first; one that lost patience leaves from the middle.
  std::deque<Waiter*> queue_;
};

}  // namespace hallmark::util
