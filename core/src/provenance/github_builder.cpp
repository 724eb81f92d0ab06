#include "github_builder.hpp"

#include "hallmark/provenance/verify_error.hpp"
#include "hallmark/provenance/workflow_identity.hpp"
#include "hallmark/util/strings.hpp"

namespace hallmark::provenance {
namespace {

// The provenance's builder id, checked against the signer (upstream VerifyProvenance): a
// delegator's builder must be a released builder the user named (or slsa-framework's own), any
// other signer's must be the signer itself.
void check_provenance_builder(const Provenance& provenance, const BuilderId& signer, bool delegator,
                              const Expectations& expected) {
  std::string recorded = provenance.builder_id();
  if (!delegator) {
    // The builder must not claim to be anyone but the workflow that signed.
    BuilderId::parse(recorded).check_matches(signer.to_string(), BuilderId::Version::kAlways, true);
    return;
  }
  // upstream isValidDelegatorBuilderID: a delegated builder is named with its release tag.
  if (util::split(recorded, '@').size() != 2)
    fail(Category::kInvalidBuilderId,
         "the provenance's builder id \"" + util::printable(recorded) + "\" is not NAME@REF");
  BuilderId builder = BuilderId::parse(recorded, true);
  check_builder_tag(builder.version(), false);
  std::string wanted = expected.has_builder_id() ? *expected.builder_id : builder.name();
  // Without a --builder-id, only slsa-framework's own delegated builders are trusted.
  if (!expected.has_builder_id() && !builder.name().starts_with(builders::kSlsaWorkflowsPrefix))
    fail(Category::kInvalidBuilderId,
         "the delegated builder \"" + util::printable(builder.name()) +
             "\" is not one of slsa-framework's; name the builder you trust with --builder-id");
  builder.check_matches(wanted, BuilderId::Version::kIfGiven, true);
}

}  // namespace

GithubBuilt verify_github_builder(const attest::Statement& statement,
                                  const sigstore::Certificate& certificate,
                                  const Expectations& expected,
                                  const std::vector<SubjectDigest>& artifacts,
                                  const GithubBuilderPolicy& policy) {
  WorkflowIdentity workflow = WorkflowIdentity::from_certificate(certificate);
  SigningBuilder signer = verify_builder_identity(workflow, expected.builder_id, policy.trusted,
                                                  policy.allow_builder_at_head);
  verify_certificate_source(workflow, expected.source_uri);
  std::unique_ptr<Provenance> provenance = policy.build_type
                                               ? read_provenance(statement, policy.build_type)
                                               : read_provenance_of(statement, signer.id.name());
  check_provenance_builder(*provenance, signer.id, signer.delegator, expected);
  for (const SubjectDigest& artifact : artifacts)
    check_provenance_claims(*provenance, expected, artifact, true);
  std::string builder = signer.delegator ? provenance->builder_id() : signer.id.to_string();
  return {std::move(builder), std::move(provenance)};
}

}  // namespace hallmark::provenance
