// verify-artifact (upstream verifiers.VerifyArtifact, gha VerifyArtifact), and its key-signed
// form: provenance about files, from a trusted GitHub builder or signed with the user's key.
#include "hallmark/provenance/signed_provenance.hpp"
#include "hallmark/provenance/verifier.hpp"
#include "hallmark/util/error.hpp"

#include "github_builder.hpp"
#include "verdict.hpp"

namespace hallmark::provenance {
namespace {

std::string describe(const std::vector<SubjectDigest>& artifacts) {
  std::string names;
  for (const SubjectDigest& artifact : artifacts)
    names += (names.empty() ? "" : ", ") + artifact.name;
  return names;
}

// The key is the trust anchor: whoever holds it vouches for the builder, so the builder id is
// compared only with one the user names.
Verified verify_key_signed(const std::vector<SubjectDigest>& artifacts, const ProvenanceFile& file,
                           const Expectations& expected, const Trust& trust) {
  SignedStatement signed_statement = verify_key_signature(file, *trust.key, trust.trusted_root);
  std::unique_ptr<Provenance> provenance = read_provenance(signed_statement.statement);
  BuilderId builder = BuilderId::parse(provenance->builder_id());
  if (expected.has_builder_id())
    builder.check_matches(*expected.builder_id, BuilderId::Version::kIfGiven, true);
  for (const SubjectDigest& artifact : artifacts)
    check_provenance_claims(*provenance, expected, artifact, false);
  return passed(builder.to_string(), *provenance, describe(artifacts));
}

}  // namespace

Verified verify_artifact(const std::vector<SubjectDigest>& artifacts,
                         const std::string& provenance_path, const Expectations& expected,
                         const Trust& trust) {
  if (artifacts.empty()) throw_usage_error("give the ARTIFACTs the provenance is about");
  if (trust.key)
    return verify_key_signed(artifacts, ProvenanceFile::read(provenance_path), expected, trust);
  if (platform_of(expected) == Platform::kGoogleCloudBuild)
    fail(Category::kVerifierNotSupported,
         "Google Cloud Build provenance is about images: use verify-image");
  ProvenanceFile file = ProvenanceFile::read(provenance_path);
  SignedStatement signed_statement = verify_github_signature(file, trust.trusted_root);
  GithubBuilt built = verify_github_builder(
      signed_statement.statement, *signed_statement.certificate, expected, artifacts,
      {kArtifactWorkflows, trust.allow_builder_at_head, std::nullopt});
  return passed(std::move(built.builder_id), *built.provenance, describe(artifacts));
}

}  // namespace hallmark::provenance
