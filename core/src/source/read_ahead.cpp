// A producer thread a few chunks ahead of the consumer: reading, hashing and inflating a layer
// run on one core while the tar reader and the catalogers' captures run on the other.
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "hallmark/source/stream.hpp"

namespace hallmark::source {
namespace {

constexpr size_t kChunksAhead = 4;

class ReadAhead : public util::ByteStream {
 public:
  explicit ReadAhead(std::unique_ptr<util::ByteStream> upstream)
      : upstream_(std::move(upstream)), producer_([this] { produce(); }) {}

  ~ReadAhead() override {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    changed_.notify_all();
    producer_.join();
  }

  std::string_view next() override {
    std::unique_lock lock(mutex_);
    if (!current_.empty()) {
      // The consumer is done with the chunk it had: recycle its buffer.
      spare_.push_back(std::move(current_));
      current_.clear();
      changed_.notify_all();
    }
    changed_.wait(lock, [this] { return !ready_.empty() || finished_; });
    if (!ready_.empty()) {
      current_ = std::move(ready_.front());
      ready_.pop_front();
      changed_.notify_all();
      return current_;
    }
    if (error_) std::rethrow_exception(error_);
    return {};
  }

 private:
  void produce() {
    try {
      while (true) {
        std::string_view chunk = upstream_->next();
        std::string buffer;
        {
          std::unique_lock lock(mutex_);
          changed_.wait(lock, [this] { return ready_.size() < kChunksAhead || stopping_; });
          if (stopping_) return;
          if (!spare_.empty()) {
            buffer = std::move(spare_.back());
            spare_.pop_back();
          }
        }
        if (chunk.empty()) break;
        buffer.assign(chunk);
        std::lock_guard lock(mutex_);
        ready_.push_back(std::move(buffer));
        changed_.notify_all();
      }
    } catch (...) {
      std::lock_guard lock(mutex_);
      error_ = std::current_exception();
    }
    std::lock_guard lock(mutex_);
    finished_ = true;
    changed_.notify_all();
  }

  std::unique_ptr<util::ByteStream> upstream_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::string> ready_;
  std::vector<std::string> spare_;
  std::string current_;
  bool finished_ = false;
  bool stopping_ = false;
  std::exception_ptr error_;
  std::thread producer_;  // last: started once every member above exists
};

}  // namespace

std::unique_ptr<util::ByteStream> read_ahead(std::unique_ptr<util::ByteStream> upstream) {
  return std::make_unique<ReadAhead>(std::move(upstream));
}

}  // namespace hallmark::source
