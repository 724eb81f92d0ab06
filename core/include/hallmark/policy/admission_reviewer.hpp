// The admission webhook's work on one review, apart from HTTP: the request read, each image's
// verdict (cached, else reached in its registry), every verdict recorded in the decision log,
// and the response. `hallmark-verify serve` puts it behind HTTPS; several threads may review at
// once.
#pragma once

#include <chrono>
#include <filesystem>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "hallmark/policy/admission_metrics.hpp"
#include "hallmark/policy/evaluate.hpp"
#include "hallmark/policy/policy.hpp"
#include "hallmark/policy/verdict_cache.hpp"
#include "hallmark/registry/client.hpp"
#include "hallmark/util/turn_limiter.hpp"

namespace hallmark::policy {

// How many verifications one registry is asked for at once; the others wait their turn in the
// order they came, for at most `patience` (see util::TurnLimiter for why).
struct VerificationTurns {
  size_t per_registry = 4;
  // A small part of the 10 s Kubernetes gives a webhook by default.
  std::chrono::milliseconds patience{1000};
};

class AdmissionReviewer {
 public:
  // An empty `decision_log` records nothing. The others must outlive the reviewer.
  AdmissionReviewer(const Policy& policy, registry::Client& client, VerdictCache& cache,
                    std::filesystem::path decision_log, VerificationTurns turns = {});

  // The AdmissionReview v1 response to `body`. kBadInput for a malformed review (its message
  // says what is wrong); kIo when the decision log cannot be written: no decision goes
  // unrecorded.
  nlohmann::json review(std::string_view body);

  // One image's verdict, fail-closed and never an exception: a reference that cannot be
  // parsed, or an image whose registry serves something malformed, is denied naming why.
  Verdict verdict(const std::string& reference);

  // What has been reviewed so far, for GET /metrics.
  const AdmissionMetrics& metrics() const { return metrics_; }

 private:
  // The verdict reached in the registry, never an exception.
  Verdict verify(const std::string& reference);
  // The turns of the registry named `registry`.
  std::shared_ptr<util::TurnLimiter> turns_at(const std::string& registry);

  const Policy& policy_;
  registry::Client& client_;
  VerdictCache& cache_;
  std::filesystem::path decision_log_;
  // Verifications under way, by cache key: concurrent reviews of an image not yet cached (the
  // pods of a rollout arrive together) wait for the one under way instead of each asking the
  // registry. Only while the cache is on: with a TTL of zero every review verifies afresh.
  std::mutex in_flight_mutex_;
  std::map<std::string, std::shared_future<Verdict>> in_flight_;
  VerificationTurns turns_;
  std::mutex turns_mutex_;
  std::map<std::string, std::shared_ptr<util::TurnLimiter>> turns_by_registry_;
  AdmissionMetrics metrics_;
};

}  // namespace hallmark::policy
