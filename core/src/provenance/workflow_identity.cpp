#include "hallmark/provenance/workflow_identity.hpp"

#include <algorithm>

#include "hallmark/provenance/verify_error.hpp"
#include "hallmark/util/strings.hpp"

namespace hallmark::provenance {
namespace {

constexpr std::string_view kGithub = "https://github.com/";
// The repositories whose end-to-end tests sign from refs/heads/main (upstream's testing mode).
constexpr std::string_view kBuilderRepositories[] = {"slsa-framework/slsa-github-generator",
                                                     "slsa-framework/example-package"};

std::string claim(const sigstore::Certificate& certificate, const char* oid) {
  return certificate.fulcio_claim(oid).value_or("");
}

std::optional<std::string> optional_claim(const sigstore::Certificate& certificate,
                                          const char* oid) {
  std::string value = claim(certificate, oid);
  return value.empty() ? std::nullopt : std::optional<std::string>(value);
}

// A claim Fulcio writes twice (deprecated raw, and DER): they must agree, and not both be empty.
void check_claims_agree(const std::string& deprecated, const std::string& current,
                        const char* what) {
  if (!deprecated.empty() && !current.empty() && deprecated != current)
    fail(Category::kInvalidFormat, std::string("the certificate's ") + what + " claims differ: \"" +
                                       util::printable(deprecated) + "\" and \"" +
                                       util::printable(current) + "\"");
  if (deprecated.empty() && current.empty())
    fail(Category::kInvalidFormat, std::string("the certificate has no ") + what + " claim");
}

std::string paired_claim(const sigstore::Certificate& certificate, const char* deprecated_oid,
                         const char* oid, const char* what) {
  std::string deprecated = claim(certificate, deprecated_oid);
  std::string current = claim(certificate, oid);
  check_claims_agree(deprecated, current, what);
  return current.empty() ? deprecated : current;
}

bool trusted(TrustedWorkflows workflows, std::string_view name) {
  return std::find(workflows.begin(), workflows.end(), name) != workflows.end();
}

// upstream isTrustedDelegatorBuilder: the signer is a BYOB delegator the caller trusts.
bool is_trusted_delegator(const BuilderId& signer, TrustedWorkflows workflows) {
  for (std::string_view delegator : kDelegatorWorkflows)
    if (signer.matches(delegator, BuilderId::Version::kIfGiven, true))
      return trusted(workflows, delegator);
  return false;
}

// upstream verifyTrustedBuilderRef.
void check_signer_ref(const WorkflowIdentity& workflow, std::string_view ref,
                      bool allow_builder_at_head) {
  bool own_repository = std::find(std::begin(kBuilderRepositories), std::end(kBuilderRepositories),
                                  workflow.source_repository) != std::end(kBuilderRepositories);
  bool testing = allow_builder_at_head && own_repository;
  if (testing && ref == "refs/heads/main") return;
  check_builder_tag(ref, testing);
}

}  // namespace

WorkflowIdentity WorkflowIdentity::from_certificate(const sigstore::Certificate& certificate) {
  namespace oid = sigstore::fulcio_oid;
  WorkflowIdentity identity;
  for (const std::string& name : certificate.subject_alternative_names())
    if (identity.subject_workflow.empty() && name.find("://") != std::string::npos)
      identity.subject_workflow = name;
  if (identity.subject_workflow.empty())
    fail(Category::kInvalidFormat, "the certificate names no workflow (no URI SAN)");
  size_t scheme_end = identity.subject_workflow.find("://") + 3;
  size_t path = identity.subject_workflow.find('/', scheme_end);
  if (path == std::string::npos || identity.subject_workflow.find('@', scheme_end) < path)
    fail(Category::kInvalidFormat, "the certificate's workflow \"" +
                                       util::printable(identity.subject_workflow) +
                                       "\" has no path");

  identity.build_trigger =
      paired_claim(certificate, oid::kGithubTrigger, oid::kBuildTrigger, "build trigger");
  identity.source_sha1 =
      paired_claim(certificate, oid::kGithubSha, oid::kSourceRepositoryDigest, "source digest");
  std::string config_digest = claim(certificate, oid::kBuildConfigDigest);
  if (!config_digest.empty()) check_claims_agree(identity.source_sha1, config_digest, "digest");
  identity.issuer = paired_claim(certificate, oid::kIssuerLegacy, oid::kIssuer, "issuer");

  std::string deprecated_repository = claim(certificate, oid::kGithubRepository);
  std::string repository_uri = claim(certificate, oid::kSourceRepositoryUri);
  if (!deprecated_repository.empty() && !repository_uri.empty() &&
      std::string(kGithub) + deprecated_repository != repository_uri)
    fail(Category::kInvalidFormat, "the certificate's repository claims differ: \"" +
                                       util::printable(deprecated_repository) + "\" and \"" +
                                       util::printable(repository_uri) + "\"");
  identity.source_repository =
      repository_uri.starts_with(kGithub) ? repository_uri.substr(kGithub.size()) : repository_uri;
  if (identity.source_repository.empty()) identity.source_repository = deprecated_repository;

  identity.subject_sha1 = optional_claim(certificate, oid::kBuildSignerDigest);
  std::string runner = claim(certificate, oid::kRunnerEnvironment);
  identity.runner = runner == "github-hosted" ? Runner::kGithubHosted
                    : runner == "self-hosted" ? Runner::kSelfHosted
                                              : Runner::kUnknown;
  identity.source_ref = optional_claim(certificate, oid::kSourceRepositoryRef);
  identity.source_id = optional_claim(certificate, oid::kSourceRepositoryIdentifier);
  identity.source_owner_id = optional_claim(certificate, oid::kSourceRepositoryOwnerIdentifier);

  if (std::string config = claim(certificate, oid::kBuildConfigUri); !config.empty()) {
    std::vector<std::string_view> parts = util::split(config, '@');
    std::string prefix = std::string(kGithub) + identity.source_repository + "/";
    if (parts.size() != 2 || !parts[0].starts_with(prefix))
      fail(Category::kInvalidFormat, "the certificate's build config \"" + util::printable(config) +
                                         "\" is not in " + prefix);
    identity.build_config_path = std::string(parts[0].substr(prefix.size()));
  }
  std::string run = claim(certificate, oid::kRunInvocationUri);
  std::string runs = std::string(kGithub) + identity.source_repository + "/actions/runs/";
  if (run.starts_with(runs)) run.erase(0, runs.size());
  if (!run.empty()) identity.run_id = run;
  return identity;
}

std::string WorkflowIdentity::workflow_name() const {
  return subject_workflow.substr(0, subject_workflow.find('@'));
}

std::string WorkflowIdentity::workflow_ref() const {
  size_t at = subject_workflow.find('@');
  return at == std::string::npos ? "" : subject_workflow.substr(at + 1);
}

std::string WorkflowIdentity::workflow_path_ref() const {
  return subject_workflow.starts_with(kGithub) ? subject_workflow.substr(kGithub.size())
                                               : subject_workflow;
}

SigningBuilder verify_builder_identity(const WorkflowIdentity& workflow,
                                       const std::optional<std::string>& expected,
                                       TrustedWorkflows trusted_workflows,
                                       bool allow_builder_at_head) {
  if (workflow.issuer != kGithubActionsIssuer)
    fail_mismatch(Category::kInvalidOidcIssuer, "certificate issuer", workflow.issuer,
                  kGithubActionsIssuer);
  std::string name = workflow.workflow_name();
  std::string ref = workflow.workflow_ref();
  if (name.empty() || ref.empty())
    fail(Category::kMalformedUri, "the certificate's workflow \"" +
                                      util::printable(workflow.subject_workflow) +
                                      "\" is not NAME@REF");
  SigningBuilder signer{BuilderId::parse(name + "@" + ref, true), false};
  bool delegator = is_trusted_delegator(signer.id, trusted_workflows);
  if (!expected || expected->empty()) {
    if (!trusted(trusted_workflows, name))
      fail(Category::kUntrustedReusableWorkflow,
           "the signing workflow \"" + util::printable(name) +
               "\" is not a trusted builder (name the builder you trust with --builder-id)");
  } else if (!delegator && !signer.id.matches(*expected, BuilderId::Version::kIfGiven, true)) {
    // A delegator signs for other builders: their id is checked against the provenance.
    fail_mismatch(Category::kUntrustedReusableWorkflow, "signing workflow", signer.id.to_string(),
                  *expected);
  }
  signer.delegator = delegator;
  check_signer_ref(workflow, ref, allow_builder_at_head);
  return signer;
}

void verify_certificate_source(const WorkflowIdentity& workflow, std::string_view source_uri) {
  std::string_view repository = source_uri;
  for (std::string_view prefix : {"git+", "https://", "github.com/"})
    if (repository.starts_with(prefix)) repository.remove_prefix(prefix.size());
  if (repository != workflow.source_repository)
    fail_mismatch(Category::kMismatchSource, "source repository", workflow.source_repository,
                  repository);
}

}  // namespace hallmark::provenance
