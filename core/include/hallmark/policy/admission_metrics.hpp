// What the admission webhook has done since it started, for Prometheus to scrape at
// GET /metrics (text exposition format 0.0.4): reviews by result and how long they took, image
// verdicts by outcome, and verifications (the verdicts reached in a registry, not in the cache)
// with how long they took. The decision log is the record of each verdict; these are the
// running totals an alert or a dashboard reads. Safe to update from several threads.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

namespace hallmark::policy {

enum class ReviewResult { kAllowed, kDenied, kMalformed, kFailed };

class AdmissionMetrics {
 public:
  void count_review(ReviewResult result, std::chrono::nanoseconds took);
  void count_verdict(bool allowed);
  void count_verification(std::chrono::nanoseconds took);

  // Every metric, with its HELP and TYPE lines.
  std::string exposition() const;

 private:
  // Durations in seconds, counted in buckets by upper bound, as Prometheus histograms are.
  class Histogram {
   public:
    static constexpr std::array<double, 14> kBounds = {
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    void observe(std::chrono::nanoseconds took);
    void write(std::string& out, std::string_view name, std::string_view help) const;

   private:
    // One lock, so that a scrape sees the buckets, the sum and the count of the same moment.
    mutable std::mutex mutex_;
    std::array<uint64_t, kBounds.size()> in_bucket_{};  // not cumulative: the first that fits
    uint64_t count_ = 0;
    double sum_ = 0;
  };

  std::array<std::atomic<uint64_t>, 4> reviews_{};  // by ReviewResult
  Histogram review_seconds_;
  std::atomic<uint64_t> verdicts_allowed_ = 0;
  std::atomic<uint64_t> verdicts_denied_ = 0;
  Histogram verification_seconds_;
};

}  // namespace hallmark::policy
