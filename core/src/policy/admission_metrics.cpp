#include "hallmark/policy/admission_metrics.hpp"

#include <algorithm>
#include <charconv>

namespace hallmark::policy {
namespace {

constexpr std::string_view kReviewResults[] = {"allowed", "denied", "malformed", "failed"};

// The shortest decimal that reads back as the same double, without an exponent: "0.0005", as
// Prometheus clients write bucket bounds (a bound is matched as text across scrapes).
std::string number(double value) {
  char text[400];  // room for any double in fixed notation
  return std::string(text,
                     std::to_chars(text, text + sizeof text, value, std::chars_format::fixed).ptr);
}

void header(std::string& out, std::string_view name, std::string_view help, std::string_view type) {
  out.append("# HELP ").append(name).append(" ").append(help).append("\n");
  out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

void sample(std::string& out, std::string_view name, std::string_view labels,
            const std::string& value) {
  out.append(name);
  if (!labels.empty()) out.append("{").append(labels).append("}");
  out.append(" ").append(value).append("\n");
}

}  // namespace

void AdmissionMetrics::Histogram::observe(std::chrono::nanoseconds took) {
  double seconds = std::chrono::duration<double>(took).count();
  size_t bucket = std::lower_bound(kBounds.begin(), kBounds.end(), seconds) - kBounds.begin();
  std::lock_guard lock(mutex_);
  if (bucket < kBounds.size()) ++in_bucket_[bucket];
  ++count_;
  sum_ += seconds;
}

void AdmissionMetrics::Histogram::write(std::string& out, std::string_view name,
                                        std::string_view help) const {
  std::lock_guard lock(mutex_);
  header(out, name, help, "histogram");
  std::string bucket = std::string(name) + "_bucket";
  uint64_t cumulative = 0;
  for (size_t index = 0; index < kBounds.size(); ++index) {
    cumulative += in_bucket_[index];
    sample(out, bucket, "le=\"" + number(kBounds[index]) + "\"", std::to_string(cumulative));
  }
  sample(out, bucket, "le=\"+Inf\"", std::to_string(count_));
  sample(out, std::string(name) + "_sum", "", number(sum_));
  sample(out, std::string(name) + "_count", "", std::to_string(count_));
}

void AdmissionMetrics::count_review(ReviewResult result, std::chrono::nanoseconds took) {
  ++reviews_[static_cast<size_t>(result)];
  review_seconds_.observe(took);
}

void AdmissionMetrics::count_verdict(bool allowed) {
  ++(allowed ? verdicts_allowed_ : verdicts_denied_);
}

void AdmissionMetrics::count_verification(std::chrono::nanoseconds took) {
  verification_seconds_.observe(took);
}

std::string AdmissionMetrics::exposition() const {
  std::string out;
  header(out, "hallmark_admission_reviews_total",
         "AdmissionReviews answered, by result: allowed, denied, malformed (HTTP 400), failed "
         "(HTTP 500).",
         "counter");
  for (size_t index = 0; index < reviews_.size(); ++index)
    sample(out, "hallmark_admission_reviews_total",
           "result=\"" + std::string(kReviewResults[index]) + "\"",
           std::to_string(reviews_[index].load()));
  review_seconds_.write(out, "hallmark_admission_review_duration_seconds",
                        "Time from a review's body read to its response, in seconds.");
  header(out, "hallmark_image_verdicts_total",
         "Image verdicts given (a line each in the decision log), by whether the image was "
         "allowed.",
         "counter");
  sample(out, "hallmark_image_verdicts_total", "allowed=\"true\"",
         std::to_string(verdicts_allowed_.load()));
  sample(out, "hallmark_image_verdicts_total", "allowed=\"false\"",
         std::to_string(verdicts_denied_.load()));
  verification_seconds_.write(
      out, "hallmark_image_verification_duration_seconds",
      "Verifications of an image in its registry (the verdicts not taken from the cache), "
      "from its turn at the registry to its verdict, in seconds.");
  return out;
}

}  // namespace hallmark::policy
