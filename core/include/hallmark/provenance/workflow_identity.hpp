// Who signed GitHub Actions provenance, from the claims Fulcio wrote into the signing
// certificate (sigstore-fulcio docs/oid-info.md), and whether that signer is a builder the user
// trusts (slsa-verifier v2 gha/builder.go). The certificate must already be verified: this reads
// what it says, it does not check who said it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "hallmark/provenance/builder_id.hpp"
#include "hallmark/sigstore/certificate.hpp"

namespace hallmark::provenance {

// The OIDC issuer of GitHub Actions' workflow identities.
inline constexpr std::string_view kGithubActionsIssuer =
    "https://token.actions.githubusercontent.com";

struct WorkflowIdentity {
  enum class Runner { kUnknown, kGithubHosted, kSelfHosted };

  std::string issuer;
  // The certificate's SAN: the workflow that signed, "https://github.com/o/r/PATH@REF".
  std::string subject_workflow;
  std::string source_repository;  // "o/r"
  std::string source_sha1;
  std::string build_trigger;  // the event ("push", "workflow_dispatch")
  std::optional<std::string> source_ref;
  std::optional<std::string> source_id;
  std::optional<std::string> source_owner_id;
  std::optional<std::string> subject_sha1;  // the signing workflow's commit
  std::optional<std::string> build_config_path;
  std::optional<std::string> run_id;  // "RUN/attempts/ATTEMPT"
  Runner runner = Runner::kUnknown;

  // ErrorInvalidFormat / ErrorInvalidCertificate when claims are missing or contradict their
  // deprecated twins.
  static WorkflowIdentity from_certificate(const sigstore::Certificate& certificate);
  // The SAN without its "@REF", and the REF.
  std::string workflow_name() const;
  std::string workflow_ref() const;
  // The SAN without "https://github.com/": what the workflow sees as GITHUB_WORKFLOW_REF.
  std::string workflow_path_ref() const;
};

// The builder that signed, as a certificate names it (NAME@REF), and whether it is a trusted
// BYOB delegator, in which case the provenance names the builder that delegated.
struct SigningBuilder {
  BuilderId id;
  bool delegator = false;
};

// upstream VerifyBuilderIdentity: the issuer is GitHub Actions; the signing workflow is one of
// `trusted` (no `expected` id) or is what `expected` names, unless it is a trusted delegator;
// and it ran from a release tag (ErrorInvalidRef). With `allow_builder_at_head` (upstream's
// SLSA_VERIFIER_TESTING), slsa-framework's own repositories may sign from refs/heads/main or a
// pre-release. ErrorUntrustedReusableWorkflow when the workflow is not trusted.
SigningBuilder verify_builder_identity(const WorkflowIdentity& workflow,
                                       const std::optional<std::string>& expected,
                                       TrustedWorkflows trusted, bool allow_builder_at_head);

// The certificate's source repository is `source_uri` (github.com/o/r, https://github.com/o/r
// or git+https://github.com/o/r), exactly: ErrorMismatchSource otherwise.
void verify_certificate_source(const WorkflowIdentity& workflow, std::string_view source_uri);

}  // namespace hallmark::provenance
