// verify-github-attestation: GitHub artifact attestations (actions/attest-build-provenance).
// Any workflow can make one, so no builder is trusted by default: the user names the workflow
// that must have signed.
#include "hallmark/provenance/generate.hpp"
#include "hallmark/provenance/signed_provenance.hpp"
#include "hallmark/provenance/verifier.hpp"
#include "hallmark/util/error.hpp"

#include "github_builder.hpp"
#include "verdict.hpp"

namespace hallmark::provenance {

Verified verify_github_attestation(const SubjectDigest& artifact, const std::string& path,
                                   const Expectations& expected, const Trust& trust) {
  if (trust.key) throw_usage_error("GitHub attestations are keyless; --key is for verify-artifact");
  if (platform_of(expected) == Platform::kGoogleCloudBuild)
    fail(Category::kVerifierNotSupported, "a GitHub attestation is not Google Cloud Build's");
  SignedStatement signed_statement =
      verify_github_signature(ProvenanceFile::read(path), trust.trusted_root);
  GithubBuilt built = verify_github_builder(
      signed_statement.statement, *signed_statement.certificate, expected, {artifact},
      {{}, trust.allow_builder_at_head, kGithubWorkflowBuildType});
  return passed(std::move(built.builder_id), *built.provenance, artifact.name);
}

}  // namespace hallmark::provenance
