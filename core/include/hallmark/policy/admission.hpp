// Kubernetes admission, AdmissionReview v1 (admission.k8s.io/v1): reading a review request for
// the workloads that run images and finding every image they would run, and writing the review
// response the API server acts on: allowed, or denied with each denied image's failed checks,
// and warnings for what was let through with failed checks (warn mode, failurePolicy: ignore).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "hallmark/policy/evaluate.hpp"

namespace hallmark::policy {

// An image the workload would run, and where its spec names it, for messages.
struct AdmissionImage {
  std::string reference;  // as written in the spec
  std::string location;   // "spec.template.spec.initContainers[0]"
};

struct AdmissionRequest {
  std::string uid;        // echoed in the response
  std::string kind;       // request.kind.kind: "Deployment"
  std::string operation;  // "CREATE", "UPDATE", "DELETE", "CONNECT"
  // Each reference once, in the order the spec names them: containers, then init containers,
  // then ephemeral containers.
  std::vector<AdmissionImage> images;
  // Set when the request is denied whatever its images: a kind whose images Hallmark cannot
  // find. The webhook is registered for it, so letting it through unread would fail open.
  std::string refusal;
};

// Reads an AdmissionReview v1 request. Pods, ReplicationControllers, Deployments, ReplicaSets,
// StatefulSets, DaemonSets, Jobs and CronJobs have their images read; a DELETE runs nothing and
// has none; any other kind gets a refusal. A body that is not such a review, or an object of
// those kinds without the pod spec or with a container without an image, is kBadInput saying
// where: "request.object.spec.containers[1].image: must be a non-empty string".
AdmissionRequest parse_admission_review(std::string_view body);

// The AdmissionReview v1 response: the request's uid; allowed when every verdict allows (and
// there is no refusal); when denied, status 403 with a message naming each denied image, where
// the spec has it, and its failed checks' reasons; a warning for each allowed image with failed
// checks. `verdicts` are in the order of request.images.
nlohmann::json admission_response(const AdmissionRequest& request,
                                  const std::vector<Verdict>& verdicts);

}  // namespace hallmark::policy
