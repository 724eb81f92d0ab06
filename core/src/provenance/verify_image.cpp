// verify-image IMAGE@sha256:D (upstream verifiers.VerifyImage): the image's provenance from
// GitHub's container generator, as cosign stored it in an OCI layout, or Google Cloud Build's.
#include <filesystem>

#include "hallmark/provenance/cosign_layout.hpp"
#include "hallmark/provenance/gcb.hpp"
#include "hallmark/provenance/signed_provenance.hpp"
#include "hallmark/provenance/verifier.hpp"
#include "hallmark/util/error.hpp"
#include "hallmark/util/strings.hpp"

#include "github_builder.hpp"
#include "verdict.hpp"

namespace hallmark::provenance {
namespace {

// Upstream tries every attestation and returns the first that passes, or the first failure.
Verified verify_cosign_layout(const std::string& image, const std::string& layout,
                              const std::string& digest_hex, const Expectations& expected,
                              const Trust& trust) {
  if (!std::filesystem::is_directory(layout))
    fail(Category::kOfflineUnverifiable,
         "\"" + util::printable(layout) +
             "\" is not an OCI image layout; attestations are not fetched from registries "
             "offline: save the image with its attestations (cosign save) and give that folder");
  std::optional<VerificationError> first_failure;
  for (const CosignAttestation& attestation : read_cosign_attestations(layout)) {
    try {
      ProvenanceFile file{attestation.name, attestation.bundle, std::nullopt};
      SignedStatement signed_statement =
          verify_github_signature(file, trust.trusted_root, Category::kNoValidSignature);
      SubjectDigest subject{image, crypto::DigestAlgorithm::kSha256, digest_hex};
      GithubBuilt built = verify_github_builder(
          signed_statement.statement, *signed_statement.certificate, expected, {subject},
          {kImageWorkflows, trust.allow_builder_at_head, std::nullopt});
      return passed(std::move(built.builder_id), *built.provenance, image);
    } catch (const VerificationError& failure) {
      if (!first_failure) first_failure = failure;
    }
  }
  throw *first_failure;
}

}  // namespace

Verified verify_image(const std::string& image, const std::string& provenance_path,
                      const Expectations& expected, const Trust& trust,
                      const std::string& gcb_keys) {
  if (trust.key) throw_usage_error("--key is for verify-artifact");
  std::optional<Platform> platform = platform_of(expected);
  size_t at = image.rfind("@sha256:");
  if (at == std::string::npos)
    fail(Category::kMutableImage,
         "image \"" + util::printable(image) +
             "\" is not pinned by digest (IMAGE@sha256:HEX); offline, a tag cannot be resolved "
             "to the image it names");
  std::string digest_hex = crypto::Digest::parse(image.substr(at + 1), image).hex;
  std::string reference = image.substr(0, at);

  if (provenance_path.empty()) {
    if (platform == Platform::kGoogleCloudBuild)
      throw_usage_error("Cloud Build provenance is read from --provenance-path");
    return verify_cosign_layout(image, reference, digest_hex, expected, trust);
  }
  if (platform == Platform::kGithubActions)
    throw_usage_error(
        "--provenance-path is for Cloud Build provenance; GitHub's is read from the image's "
        "OCI layout");
  if (gcb_keys.empty())
    throw_usage_error(
        "Cloud Build provenance is verified with Cloud Build's public keys: pass --gcb-keys DIR "
        "or set HALLMARK_GCB_KEYS");
  return verify_gcb_provenance(provenance_path, image, digest_hex, expected, GcbKeys(gcb_keys));
}

}  // namespace hallmark::provenance
