#include "hallmark/policy/admission_reviewer.hpp"

#include <optional>

#include "hallmark/policy/admission.hpp"
#include "hallmark/policy/image_verdict.hpp"
#include "hallmark/registry/reference.hpp"
#include "hallmark/util/error.hpp"
#include "hallmark/util/file.hpp"
#include "hallmark/util/time.hpp"

namespace hallmark::policy {
namespace {

// Registries are whatever the reviewed specs name: past this many, the idle ones are forgotten.
constexpr size_t kMaxRegistries = 256;

// The verdict when no verdict on the image itself could be reached. Denied whatever the rule's
// mode: what could not be read was not checked.
Verdict unverifiable(const Policy& policy, const std::string& reference, const Error& error) {
  Verdict verdict;
  verdict.time = util::format_rfc3339(util::now());
  verdict.image = reference;
  verdict.policy_digest = policy.digest;
  verdict.mode = "default";
  if (error.kind() != ErrorKind::kUsage)  // the reference parsed: a rule may name it
    if (const Rule* rule = policy.match(registry::Reference::parse(reference).name())) {
      verdict.rule = rule->name;
      verdict.mode = rule->warn ? "warn" : "enforce";
    }
  verdict.checks.push_back({"image", false, error.what()});
  return verdict;
}

}  // namespace

AdmissionReviewer::AdmissionReviewer(const Policy& policy, registry::Client& client,
                                     VerdictCache& cache, std::filesystem::path decision_log,
                                     VerificationTurns turns)
    : policy_(policy),
      client_(client),
      cache_(cache),
      decision_log_(std::move(decision_log)),
      turns_(turns) {}

nlohmann::json AdmissionReviewer::review(std::string_view body) {
  auto start = std::chrono::steady_clock::now();
  auto count = [&](ReviewResult result) {
    metrics_.count_review(result, std::chrono::steady_clock::now() - start);
  };
  try {
    AdmissionRequest request = parse_admission_review(body);
    std::vector<Verdict> verdicts;
    for (const AdmissionImage& image : request.images) {
      verdicts.push_back(verdict(image.reference));
      metrics_.count_verdict(verdicts.back().allowed);
      if (!decision_log_.empty())
        util::append_line(decision_log_, verdicts.back().to_json().dump() + "\n");
    }
    nlohmann::json response = admission_response(request, verdicts);
    count(response["response"]["allowed"] == true ? ReviewResult::kAllowed : ReviewResult::kDenied);
    return response;
  } catch (const Error& error) {
    count(error.kind() == ErrorKind::kBadInput ? ReviewResult::kMalformed : ReviewResult::kFailed);
    throw;
  } catch (...) {
    count(ReviewResult::kFailed);
    throw;
  }
}

Verdict AdmissionReviewer::verify(const std::string& reference) {
  using Clock = std::chrono::steady_clock;
  std::optional<Clock::time_point> asked;  // when its turn came and the registry was asked
  try {
    std::shared_ptr<util::TurnLimiter> turns =
        turns_at(registry::Reference::parse(reference).registry);
    util::TurnLimiter::Turn turn = turns->enter();
    asked = Clock::now();
    Verdict verdict = verify_image(policy_, client_, reference);
    metrics_.count_verification(Clock::now() - *asked);
    return verdict;
  } catch (const Error& error) {
    if (asked) metrics_.count_verification(Clock::now() - *asked);
    return unverifiable(policy_, reference, error);
  }
}

std::shared_ptr<util::TurnLimiter> AdmissionReviewer::turns_at(const std::string& registry) {
  std::lock_guard lock(turns_mutex_);
  std::shared_ptr<util::TurnLimiter>& turns = turns_by_registry_[registry];
  if (!turns) {
    // Past the bound, the idle ones go: those no one is in or waiting for, held by the map alone.
    if (turns_by_registry_.size() > kMaxRegistries)
      std::erase_if(turns_by_registry_, [](const auto& entry) {
        return entry.second && entry.second.use_count() == 1;
      });
    turns = std::make_shared<util::TurnLimiter>(turns_.per_registry, turns_.patience);
  }
  return turns;
}

Verdict AdmissionReviewer::verdict(const std::string& reference) {
  std::optional<std::string> key = VerdictCache::key_of(reference);
  if (!key || !cache_.enabled()) return verify(reference);
  auto as_asked = [&](Verdict verdict) {
    verdict.image = reference;  // the same image, perhaps spelled otherwise
    return verdict;
  };
  if (std::optional<Verdict> cached = cache_.find(*key)) return as_asked(std::move(*cached));

  std::promise<Verdict> promise;
  std::shared_future<Verdict> pending;
  {
    std::lock_guard lock(in_flight_mutex_);
    if (auto found = in_flight_.find(*key); found != in_flight_.end()) {
      pending = found->second;
    } else {
      // A verification that ended since the look above stored its verdict before leaving here.
      if (std::optional<Verdict> cached = cache_.find(*key)) return as_asked(std::move(*cached));
      in_flight_.emplace(*key, promise.get_future().share());
    }
  }
  if (pending.valid()) return as_asked(pending.get());
  auto done = [&] {
    std::lock_guard lock(in_flight_mutex_);
    in_flight_.erase(*key);
  };
  Verdict verdict;
  try {
    verdict = verify(reference);
  } catch (...) {  // out of memory, say: those waiting get the same exception
    promise.set_exception(std::current_exception());
    done();
    throw;
  }
  // A verdict without a digest was given without reaching the registry: not kept, so that the
  // next review asks again instead of repeating a registry failure after it is over.
  if (!verdict.digest.empty()) cache_.store(*key, verdict);
  promise.set_value(verdict);
  done();
  return verdict;
}

}  // namespace hallmark::policy
