#include "npm_certificate.hpp"

#include <optional>

#include "hallmark/provenance/verify_error.hpp"
#include "hallmark/util/strings.hpp"

#include "json_path.hpp"

namespace hallmark::provenance {
namespace {

using nlohmann::json;

// The GitHub variables the npm CLI records, and the certificate claim each must equal.
using Certified = std::optional<std::string>;
struct Claim {
  const char* variable;
  Certified (*certified)(const WorkflowIdentity& workflow);
};
constexpr Claim kClaims[] = {
    {"GITHUB_EVENT_NAME", [](const WorkflowIdentity& w) -> Certified { return w.build_trigger; }},
    {"GITHUB_REPOSITORY",
     [](const WorkflowIdentity& w) -> Certified { return w.source_repository; }},
    {"GITHUB_REF", [](const WorkflowIdentity& w) { return w.source_ref; }},
    {"GITHUB_REPOSITORY_ID", [](const WorkflowIdentity& w) { return w.source_id; }},
    {"GITHUB_REPOSITORY_OWNER_ID", [](const WorkflowIdentity& w) { return w.source_owner_id; }},
    {"GITHUB_SHA", [](const WorkflowIdentity& w) -> Certified { return w.source_sha1; }},
    {"GITHUB_WORKFLOW_REF",
     [](const WorkflowIdentity& w) -> Certified { return w.workflow_path_ref(); }},
    {"GITHUB_WORKFLOW_SHA", [](const WorkflowIdentity& w) { return w.subject_sha1; }},
};

void check_equal(const std::optional<std::string>& certified, const json& claimed,
                 const std::string& what) {
  if (!claimed.is_string())
    fail(Category::kInvalidDssePayload, "the provenance's " + what + " is not text");
  if (!certified)
    fail(Category::kMismatchCertificate, "the certificate has no value to check " + what);
  if (claimed.get<std::string>() != *certified)
    fail_mismatch(Category::kMismatchCertificate, what, claimed.get<std::string>(), *certified);
}

void check_empty_or_absent(const json& value, const char* what) {
  if (!value.is_null() && !(value.is_object() && value.empty()))
    fail(Category::kNonVerifiableClaim,
         std::string("the provenance claims ") + what + ", which nothing vouches for");
}

// The run "RUN/attempts/ATTEMPT" of the certificate, as (run, attempt).
std::pair<std::string, std::string> run_of(const WorkflowIdentity& workflow) {
  if (!workflow.run_id) return {"", ""};
  std::vector<std::string_view> parts = util::split(*workflow.run_id, '/');
  if (parts.size() != 3)
    fail(Category::kInvalidFormat,
         "the certificate's run \"" + util::printable(*workflow.run_id) + "\" is malformed");
  return {std::string(parts[0]), std::string(parts[2])};
}

void check_environment(const json& environment, const WorkflowIdentity& workflow) {
  if (environment.is_null()) return;
  if (!environment.is_object())
    fail(Category::kInvalidDssePayload, "the provenance's environment is not an object");
  for (const auto& [name, value] : environment.items()) {
    bool known = name == "GITHUB_RUN_ID" || name == "GITHUB_RUN_ATTEMPT";
    for (const Claim& claim : kClaims)
      known = known || name == claim.variable;
    if (!known)
      fail(Category::kMismatchCertificate, "the provenance records \"" + util::printable(name) +
                                               "\", which no certificate claim vouches for");
  }
  for (const Claim& claim : kClaims) {
    auto value = environment.find(claim.variable);
    if (value == environment.end()) continue;
    check_equal(claim.certified(workflow), *value, claim.variable);
  }
  bool has_run =
      environment.contains("GITHUB_RUN_ID") || environment.contains("GITHUB_RUN_ATTEMPT");
  if (!has_run) return;
  if (!workflow.run_id)
    fail(Category::kMismatchCertificate,
         "the certificate has no run to check GITHUB_RUN_* against");
  auto [run, attempt] = run_of(workflow);
  if (auto value = environment.find("GITHUB_RUN_ID"); value != environment.end())
    check_equal(run, *value, "GITHUB_RUN_ID");
  if (auto value = environment.find("GITHUB_RUN_ATTEMPT"); value != environment.end())
    check_equal(attempt, *value, "GITHUB_RUN_ATTEMPT");
}

void check_metadata(const json& metadata, const WorkflowIdentity& workflow) {
  auto [run, attempt] = run_of(workflow);
  std::string invocation = text_at(metadata, {"buildInvocationId"});
  if (!invocation.empty() && invocation != run + "-" + attempt)
    fail_mismatch(Category::kMismatchCertificate, "build invocation id", invocation,
                  run + "-" + attempt);
  for (const char* time : {"buildStartedOn", "buildFinishedOn"})
    if (!find_path(metadata, {time}).is_null())
      fail(Category::kNonVerifiableClaim,
           std::string("the provenance claims a ") + time + " time, which nothing vouches for");
  if (find_path(metadata, {"reproducible"}) == true)
    fail(Category::kNonVerifiableClaim, "the provenance claims a reproducible build");
  for (const char* part : {"parameters", "environment", "materials"})
    if (find_path(metadata, {"completeness", part}) == true)
      fail(Category::kNonVerifiableClaim, std::string("the provenance claims complete ") + part);
}

}  // namespace

void check_claims_match_certificate(const Provenance& provenance,
                                    const WorkflowIdentity& workflow) {
  if (provenance.statement().predicate_type != kSlsaProvenanceV02) return;
  const json& predicate = provenance.predicate();
  check_environment(find_path(predicate, {"invocation", "environment"}), workflow);
  check_empty_or_absent(find_path(predicate, {"invocation", "parameters"}), "parameters");
  check_metadata(find_path(predicate, {"metadata"}), workflow);
  const std::vector<attest::ResourceDescriptor>& subjects = provenance.subjects();
  if (subjects.size() != 1 || !subjects.front().digest.contains("sha512"))
    fail(Category::kNonVerifiableClaim, "the provenance must name one subject, by its sha512");
  check_equal(workflow.build_config_path,
              find_path(predicate, {"invocation", "configSource", "entryPoint"}),
              "trigger workflow");
  const json& materials = find_path(predicate, {"materials"});
  if (!materials.is_array() || materials.size() != 1)
    fail(Category::kNonVerifiableClaim, "the provenance must resolve exactly one material");
  check_empty_or_absent(find_path(predicate, {"buildConfig"}), "a build config");
}

}  // namespace hallmark::provenance
