#include "hallmark/policy/admission.hpp"

#include <set>
#include <stdexcept>

#include "hallmark/util/error.hpp"
#include "hallmark/util/strings.hpp"

namespace hallmark::policy {
namespace {

using nlohmann::json;

[[noreturn]] void malformed(const std::string& where, const std::string& what) {
  throw_bad_input("AdmissionReview", where + ": " + what);
}

// The kinds that run images, and where their object keeps the pod spec they run. The group
// is part of the match: a custom resource that happens to be called "Deployment" is not read
// as one.
struct Workload {
  std::string_view group;
  std::string_view kind;
  std::string_view pod_spec;  // a dotted path from the object
};
constexpr Workload kWorkloads[] = {
    {"", "Pod", "spec"},
    {"", "ReplicationController", "spec.template.spec"},
    {"apps", "Deployment", "spec.template.spec"},
    {"apps", "ReplicaSet", "spec.template.spec"},
    {"apps", "StatefulSet", "spec.template.spec"},
    {"apps", "DaemonSet", "spec.template.spec"},
    {"batch", "Job", "spec.template.spec"},
    {"batch", "CronJob", "spec.jobTemplate.spec.template.spec"},
};

constexpr const char* kContainerLists[] = {"containers", "initContainers", "ephemeralContainers"};

const json& object_at(const json& parent, std::string_view key, const std::string& where) {
  auto found = parent.find(key);
  if (found == parent.end()) malformed(where, "is missing");
  if (!found->is_object()) malformed(where, "must be an object");
  return *found;
}

std::string text_at(const json& parent, std::string_view key, const std::string& where) {
  auto found = parent.find(key);
  if (found == parent.end() || !found->is_string() || found->get_ref<const std::string&>().empty())
    malformed(where, "must be a non-empty string");
  return found->get<std::string>();
}

// The API group of request.kind: empty for the core group, where Kubernetes may leave it out.
std::string group_at(const json& kind) {
  auto found = kind.find("group");
  if (found == kind.end()) return "";
  if (!found->is_string()) malformed("request.kind.group", "must be a string");
  return found->get<std::string>();
}

const Workload* workload(std::string_view group, std::string_view kind) {
  for (const Workload& candidate : kWorkloads)
    if (candidate.group == group && candidate.kind == kind) return &candidate;
  return nullptr;
}

void collect_images(const json& object, const Workload& workload, AdmissionRequest& request) {
  const json* spec = &object;
  std::string path;
  for (std::string_view key : util::split(workload.pod_spec, '.')) {
    path += (path.empty() ? "" : ".") + std::string(key);
    spec = &object_at(*spec, key, "request.object." + path);
  }
  std::set<std::string> seen;
  for (const char* list : kContainerLists) {
    auto containers = spec->find(list);
    if (containers == spec->end()) continue;
    std::string where = path + "." + list;
    if (!containers->is_array()) malformed("request.object." + where, "must be an array");
    for (size_t index = 0; index < containers->size(); ++index) {
      std::string location = where + "[" + std::to_string(index) + "]";
      const json& container = (*containers)[index];
      if (!container.is_object()) malformed("request.object." + location, "must be an object");
      std::string reference = text_at(container, "image", "request.object." + location + ".image");
      if (seen.insert(reference).second) request.images.push_back({reference, location});
    }
  }
}

std::string failed_checks(const Verdict& verdict) {
  std::string text;
  for (const Check& check : verdict.checks)
    if (!check.passed) text += (text.empty() ? "" : "; ") + check.check + ": " + check.reason;
  return text;
}

std::string by_rule(const Verdict& verdict) {
  return verdict.rule.empty() ? "" : " by rule \"" + verdict.rule + "\"";
}

}  // namespace

AdmissionRequest parse_admission_review(std::string_view body) {
  json review;
  try {
    review = json::parse(body);
  } catch (const json::parse_error& error) {
    // nlohmann's message starts with its own tag ("[json.exception.parse_error.101] "): drop it.
    std::string what = error.what();
    malformed("body", "not JSON: " + what.substr(what.find("] ") + 2));
  }
  if (!review.is_object()) malformed("body", "must be a JSON object");
  std::string api_version = text_at(review, "apiVersion", "apiVersion");
  if (api_version != "admission.k8s.io/v1")
    malformed("apiVersion", "\"" + api_version +
                                "\" is not admission.k8s.io/v1 (register the webhook with "
                                "admissionReviewVersions: [v1])");
  if (text_at(review, "kind", "kind") != "AdmissionReview")
    malformed("kind", "must be AdmissionReview");
  const json& request_json = object_at(review, "request", "request");

  AdmissionRequest request;
  request.uid = text_at(request_json, "uid", "request.uid");
  const json& kind = object_at(request_json, "kind", "request.kind");
  request.kind = text_at(kind, "kind", "request.kind.kind");
  std::string group = group_at(kind);
  request.operation = text_at(request_json, "operation", "request.operation");
  // A deletion starts nothing: there is no image to check, and its object is null.
  if (request.operation == "DELETE") return request;

  const Workload* found = workload(group, request.kind);
  if (found == nullptr) {
    request.refusal = "Hallmark does not read the images of kind " +
                      (group.empty() ? "" : group + "/") + request.kind +
                      "; register the webhook only for pods, replicationcontrollers, deployments, "
                      "replicasets, statefulsets, daemonsets, jobs and cronjobs";
    return request;
  }
  collect_images(object_at(request_json, "object", "request.object"), *found, request);
  return request;
}

json admission_response(const AdmissionRequest& request, const std::vector<Verdict>& verdicts) {
  if (verdicts.size() != request.images.size())
    throw std::invalid_argument("admission_response: one verdict per image");
  std::vector<std::string> denials;
  if (!request.refusal.empty()) denials.push_back(request.refusal);
  json warnings = json::array();
  for (size_t index = 0; index < verdicts.size(); ++index) {
    const Verdict& verdict = verdicts[index];
    std::string image =
        request.images[index].reference + " (" + request.images[index].location + ")";
    std::string failed = failed_checks(verdict);
    if (!verdict.allowed)
      denials.push_back(image + " denied" + by_rule(verdict) + ": " + failed);
    else if (!failed.empty())
      warnings.push_back("hallmark: " + image + " allowed" +
                         (verdict.mode == "warn" ? " in warn mode" : "") + by_rule(verdict) + ": " +
                         failed);
  }
  json response = {{"uid", request.uid}, {"allowed", denials.empty()}};
  if (!denials.empty()) {
    std::string message = "hallmark: ";
    for (size_t index = 0; index < denials.size(); ++index)
      message += (index == 0 ? "" : " | ") + denials[index];
    response["status"] = {{"code", 403}, {"reason", "Forbidden"}, {"message", message}};
  }
  if (!warnings.empty()) response["warnings"] = std::move(warnings);
  return {{"apiVersion", "admission.k8s.io/v1"},
          {"kind", "AdmissionReview"},
          {"response", std::move(response)}};
}

}  // namespace hallmark::policy
