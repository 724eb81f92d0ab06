// Kubernetes admission: the images of every workload kind found in AdmissionReview v1 requests,
// malformed reviews refused with where they are wrong, the response the API server acts on, and
// the verdict cache's bounds in time and size.
#include "hallmark/policy/admission.hpp"

#include <filesystem>

#include <doctest/doctest.h>
#include <unistd.h>

#include "hallmark/policy/admission_metrics.hpp"
#include "hallmark/policy/admission_reviewer.hpp"
#include "hallmark/policy/verdict_cache.hpp"
#include "hallmark/util/error.hpp"
#include "hallmark/util/file.hpp"

using namespace hallmark;
using nlohmann::json;

namespace {

json pod_spec() {
  return {{"containers",
           {{{"name", "app"}, {"image", "registry.example.com/team/app:1.0"}},
            {{"name", "side"}, {"image", "registry.example.com/team/side:2"}}}},
          {"initContainers", {{{"name", "migrate"}, {"image", "registry.example.com/team/db:3"}}}},
          {"ephemeralContainers", {{{"name", "debug"}, {"image", "busybox"}}}}};
}

json review(const std::string& group, const std::string& kind, json object,
            const std::string& operation = "CREATE") {
  return {{"apiVersion", "admission.k8s.io/v1"},
          {"kind", "AdmissionReview"},
          {"request",
           {{"uid", "705ab4f5-6393-11e8-b7cc-42010a800002"},
            {"kind", {{"group", group}, {"version", "v1"}, {"kind", kind}}},
            {"operation", operation},
            {"object", std::move(object)}}}};
}

std::vector<std::string> references(const policy::AdmissionRequest& request) {
  std::vector<std::string> found;
  for (const policy::AdmissionImage& image : request.images)
    found.push_back(image.reference);
  return found;
}

// The message of the kBadInput error that reading `document` throws.
std::string refusal_of(const std::string& document) {
  try {
    policy::parse_admission_review(document);
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::kBadInput);
    return error.what();
  }
  FAIL("read without an error: " << document);
  return "";
}

policy::Verdict verdict_of(const std::string& image, bool allowed, const std::string& mode,
                           std::vector<policy::Check> checks) {
  policy::Verdict verdict;
  verdict.image = image;
  verdict.rule = "team";
  verdict.mode = mode;
  verdict.allowed = allowed;
  verdict.checks = std::move(checks);
  return verdict;
}

}  // namespace

TEST_CASE("admission: every workload kind's images, from where its pod spec is") {
  const std::vector<std::string> expected = {"registry.example.com/team/app:1.0",
                                             "registry.example.com/team/side:2",
                                             "registry.example.com/team/db:3", "busybox"};
  json in_template = {{"spec", {{"template", {{"spec", pod_spec()}}}}}};
  struct Case {
    std::string group, kind;
    json object;
    std::string first_location;
  };
  const std::vector<Case> cases = {
      {"", "Pod", {{"spec", pod_spec()}}, "spec.containers[0]"},
      {"", "ReplicationController", in_template, "spec.template.spec.containers[0]"},
      {"apps", "Deployment", in_template, "spec.template.spec.containers[0]"},
      {"apps", "ReplicaSet", in_template, "spec.template.spec.containers[0]"},
      {"apps", "StatefulSet", in_template, "spec.template.spec.containers[0]"},
      {"apps", "DaemonSet", in_template, "spec.template.spec.containers[0]"},
      {"batch", "Job", in_template, "spec.template.spec.containers[0]"},
      {"batch",
       "CronJob",
       {{"spec", {{"schedule", "*/5 * * * *"}, {"jobTemplate", in_template}}}},
       "spec.jobTemplate.spec.template.spec.containers[0]"},
  };
  for (const Case& item : cases) {
    CAPTURE(item.kind);
    policy::AdmissionRequest request =
        policy::parse_admission_review(review(item.group, item.kind, item.object).dump());
    CHECK(request.uid == "705ab4f5-6393-11e8-b7cc-42010a800002");
    CHECK(request.kind == item.kind);
    CHECK(request.refusal.empty());
    CHECK(references(request) == expected);
    CHECK(request.images[0].location == item.first_location);
    CHECK(request.images[2].location.ends_with("initContainers[0]"));
    CHECK(request.images[3].location.ends_with("ephemeralContainers[0]"));
  }
}

TEST_CASE("admission: an image named twice is checked once; a spec may lack init containers") {
  json spec = {{"containers", {{{"image", "a:1"}}, {{"image", "b:1"}}, {{"image", "a:1"}}}},
               {"initContainers", {{{"image", "b:1"}}}}};
  policy::AdmissionRequest request =
      policy::parse_admission_review(review("", "Pod", {{"spec", spec}}).dump());
  CHECK(references(request) == std::vector<std::string>{"a:1", "b:1"});
  CHECK(request.images[1].location == "spec.containers[1]");
}

TEST_CASE("admission: a deletion has no images; a kind whose images are not read is refused") {
  json deletion = review("apps", "Deployment", nullptr, "DELETE");
  policy::AdmissionRequest request = policy::parse_admission_review(deletion.dump());
  CHECK(request.images.empty());
  CHECK(request.refusal.empty());
  CHECK(policy::admission_response(request, {})["response"]["allowed"] == true);

  // Registered for it, the webhook cannot let what it cannot read through.
  request =
      policy::parse_admission_review(review("", "Service", {{"spec", json::object()}}).dump());
  CHECK(request.images.empty());
  CHECK(request.refusal.find("kind Service") != std::string::npos);
  // The group is part of the kind: a custom resource named Deployment is not one.
  request = policy::parse_admission_review(
      review("example.com", "Deployment", {{"spec", json::object()}}).dump());
  CHECK(request.refusal.find("kind example.com/Deployment") != std::string::npos);
  json response = policy::admission_response(request, {});
  CHECK(response["response"]["allowed"] == false);
  CHECK(response["response"]["status"]["code"] == 403);
}

TEST_CASE("admission: a malformed review is kBadInput saying where") {
  json good = review("", "Pod", {{"spec", pod_spec()}});
  CHECK(refusal_of("{\"apiVersion\": ").find("body: not JSON: parse error") != std::string::npos);
  CHECK(refusal_of("[1, 2]") == "AdmissionReview: body: must be a JSON object");

  auto with = [&](const json::json_pointer& pointer, json value) {
    json changed = good;
    changed[pointer] = std::move(value);
    return refusal_of(changed.dump());
  };
  CHECK(with("/apiVersion"_json_pointer, "admission.k8s.io/v1beta1")
            .find("\"admission.k8s.io/v1beta1\" is not admission.k8s.io/v1") != std::string::npos);
  CHECK(with("/kind"_json_pointer, "Pod") == "AdmissionReview: kind: must be AdmissionReview");
  CHECK(with("/request"_json_pointer, "x") == "AdmissionReview: request: must be an object");
  CHECK(with("/request/uid"_json_pointer, 7) ==
        "AdmissionReview: request.uid: must be a non-empty string");
  CHECK(with("/request/kind/kind"_json_pointer, "") ==
        "AdmissionReview: request.kind.kind: must be a non-empty string");
  CHECK(with("/request/object"_json_pointer, nullptr) ==
        "AdmissionReview: request.object: must be an object");
  CHECK(with("/request/object/spec/containers"_json_pointer, "app") ==
        "AdmissionReview: request.object.spec.containers: must be an array");
  CHECK(with("/request/object/spec/initContainers/0"_json_pointer, 1) ==
        "AdmissionReview: request.object.spec.initContainers[0]: must be an object");
  CHECK(with("/request/object/spec/containers/1/image"_json_pointer, "") ==
        "AdmissionReview: request.object.spec.containers[1].image: must be a non-empty string");

  json deployment = review("apps", "Deployment", {{"spec", {{"replicas", 3}}}});
  CHECK(refusal_of(deployment.dump()) ==
        "AdmissionReview: request.object.spec.template: is missing");
  json cron = review("batch", "CronJob", {{"spec", {{"jobTemplate", {{"spec", 1}}}}}});
  CHECK(refusal_of(cron.dump()) ==
        "AdmissionReview: request.object.spec.jobTemplate.spec: must be an object");
}

TEST_CASE("admission: the response echoes the uid, denies with reasons, warns in warn mode") {
  policy::AdmissionRequest request;
  request.uid = "uid-1";
  request.images = {{"r/app:1", "spec.containers[0]"},
                    {"r/db:1", "spec.initContainers[0]"},
                    {"r/tool:1", "spec.containers[1]"}};
  policy::Verdict allowed =
      verdict_of("r/app:1", true, "enforce", {{"signature by key release", true, "verified"}});
  policy::Verdict warned = verdict_of("r/tool:1", true, "warn",
                                      {{"signature by key release", false, "no signature found"}});
  policy::Verdict denied = verdict_of("r/db:1", false, "enforce",
                                      {{"signature by key release", true, "verified"},
                                       {"attestation https://slsa.dev/provenance/v1 by key release",
                                        false, "no such attestation found for sha256:aa"}});

  json response = policy::admission_response(request, {allowed, denied, warned});
  CHECK(response["apiVersion"] == "admission.k8s.io/v1");
  CHECK(response["kind"] == "AdmissionReview");
  const json& answer = response["response"];
  CHECK(answer["uid"] == "uid-1");
  CHECK(answer["allowed"] == false);
  CHECK(answer["status"]["code"] == 403);
  // Only the failed check of the denied image, and where the spec names it.
  CHECK(answer["status"]["message"] ==
        "hallmark: r/db:1 (spec.initContainers[0]) denied by rule \"team\": attestation "
        "https://slsa.dev/provenance/v1 by key release: no such attestation found for sha256:aa");
  REQUIRE(answer["warnings"].size() == 1);
  CHECK(answer["warnings"][0] ==
        "hallmark: r/tool:1 (spec.containers[1]) allowed in warn mode by rule \"team\": "
        "signature by key release: no signature found");

  response = policy::admission_response(request, {allowed, allowed, warned});
  CHECK(response["response"]["allowed"] == true);
  CHECK(!response["response"].contains("status"));
  CHECK(response["response"]["warnings"].size() == 1);
  response = policy::admission_response(request, {allowed, allowed, allowed});
  CHECK(!response["response"].contains("warnings"));
  CHECK_THROWS_AS(policy::admission_response(request, {allowed}), std::invalid_argument);
}

TEST_CASE("verdict cache: keyed by digest when there is one, kept for the TTL, bounded") {
  CHECK(policy::VerdictCache::key_of("debian") == "docker.io/library/debian:latest");
  std::string digest = "sha256:" + std::string(64, 'a');
  CHECK(policy::VerdictCache::key_of("r.example.com/app:1.0@" + digest) ==
        "r.example.com/app@" + digest);
  CHECK(policy::VerdictCache::key_of("r.example.com/app@" + digest) ==
        "r.example.com/app@" + digest);
  CHECK(!policy::VerdictCache::key_of("Not A Reference"));

  auto now = policy::VerdictCache::Clock::now();
  policy::VerdictCache cache(std::chrono::seconds(30), 2, [&] { return now; });
  policy::Verdict verdict = verdict_of("a", true, "enforce", {});
  cache.store("a", verdict);
  now += std::chrono::seconds(29);
  REQUIRE(cache.find("a"));
  CHECK(cache.find("a")->image == "a");
  now += std::chrono::seconds(1);
  CHECK(!cache.find("a"));

  // Full, the oldest goes first; storing a key again makes it the newest.
  cache.store("a", verdict);
  now += std::chrono::seconds(1);
  cache.store("b", verdict);
  cache.store("a", verdict);
  cache.store("c", verdict);
  CHECK(!cache.find("b"));
  CHECK(cache.find("a"));
  CHECK(cache.find("c"));

  policy::VerdictCache off(std::chrono::seconds(0), 10);
  off.store("a", verdict);
  CHECK(!off.find("a"));
}

TEST_CASE("admission reviewer: a reference that cannot be parsed is denied and recorded") {
  std::filesystem::path log =
      std::filesystem::temp_directory_path() / ("hallmark-decisions-" + std::to_string(getpid()));
  std::filesystem::remove(log);
  policy::Policy policy = policy::Policy::parse(
      R"({"apiVersion": "hallmark.dev/v1", "kind": "Policy", "defaultAction": "allow", "rules": []})",
      "policy.json");
  registry::Client client;
  policy::VerdictCache cache(std::chrono::seconds(30), 10);
  policy::AdmissionReviewer reviewer(policy, client, cache, log);
  json pod = review("", "Pod", {{"spec", {{"containers", {{{"image", "Not A Reference"}}}}}}});
  json response = reviewer.review(pod.dump());
  CHECK(response["response"]["allowed"] == false);
  CHECK(response["response"]["status"]["message"].get<std::string>().find(
            "Not A Reference (spec.containers[0]) denied: image: ") != std::string::npos);
  json line = json::parse(util::read_file(log));
  CHECK(line["image"] == "Not A Reference");
  CHECK(line["allowed"] == false);
  CHECK_THROWS_AS(reviewer.review("{}"), Error);
  // One review denied with one denied verdict, one malformed; no registry was asked.
  std::string metrics = reviewer.metrics().exposition();
  CHECK(metrics.find("hallmark_admission_reviews_total{result=\"denied\"} 1\n") !=
        std::string::npos);
  CHECK(metrics.find("hallmark_admission_reviews_total{result=\"malformed\"} 1\n") !=
        std::string::npos);
  CHECK(metrics.find("hallmark_image_verdicts_total{allowed=\"false\"} 1\n") != std::string::npos);
  CHECK(metrics.find("hallmark_image_verification_duration_seconds_count 0\n") !=
        std::string::npos);
  std::filesystem::remove(log);
}

TEST_CASE("admission metrics: counters by label, and histograms with cumulative buckets") {
  using std::chrono::microseconds;
  policy::AdmissionMetrics metrics;
  metrics.count_review(policy::ReviewResult::kAllowed, microseconds(300));
  metrics.count_review(policy::ReviewResult::kAllowed, microseconds(7'000));
  metrics.count_review(policy::ReviewResult::kFailed, std::chrono::seconds(20));
  metrics.count_verdict(true);
  metrics.count_verdict(true);
  metrics.count_verdict(false);
  metrics.count_verification(microseconds(2'500));  // on a bound: in its bucket (le)
  std::string text = metrics.exposition();
  auto has = [&](const std::string& line) {
    CAPTURE(line);
    CHECK(text.find(line + "\n") != std::string::npos);
  };
  has("# TYPE hallmark_admission_reviews_total counter");
  has("hallmark_admission_reviews_total{result=\"allowed\"} 2");
  has("hallmark_admission_reviews_total{result=\"denied\"} 0");
  has("hallmark_admission_reviews_total{result=\"malformed\"} 0");
  has("hallmark_admission_reviews_total{result=\"failed\"} 1");
  has("# TYPE hallmark_admission_review_duration_seconds histogram");
  has("hallmark_admission_review_duration_seconds_bucket{le=\"0.0005\"} 1");
  has("hallmark_admission_review_duration_seconds_bucket{le=\"0.005\"} 1");
  has("hallmark_admission_review_duration_seconds_bucket{le=\"0.01\"} 2");
  has("hallmark_admission_review_duration_seconds_bucket{le=\"10\"} 2");
  has("hallmark_admission_review_duration_seconds_bucket{le=\"+Inf\"} 3");
  has("hallmark_admission_review_duration_seconds_sum 20.0073");
  has("hallmark_admission_review_duration_seconds_count 3");
  has("hallmark_image_verdicts_total{allowed=\"true\"} 2");
  has("hallmark_image_verdicts_total{allowed=\"false\"} 1");
  has("hallmark_image_verification_duration_seconds_bucket{le=\"0.001\"} 0");
  has("hallmark_image_verification_duration_seconds_bucket{le=\"0.0025\"} 1");
  has("hallmark_image_verification_duration_seconds_count 1");
}
