// Verifying provenance before release, with slsa-verifier v2's commands and semantics, offline:
// the signature (Sigstore bundle against a trusted root, or a key), then the builder (trusted,
// or the one the user names), the source repository, the ref, the workflow inputs, and that
// every artifact is a subject. A failure throws VerificationError naming the check, both values
// and upstream's error category.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hallmark/attest/statement.hpp"
#include "hallmark/crypto/keys.hpp"
#include "hallmark/provenance/expectations.hpp"
#include "hallmark/sigstore/trusted_root.hpp"

namespace hallmark::provenance {

// What verification trusts.
struct Trust {
  const sigstore::TrustedRoot* trusted_root = nullptr;  // keyless bundles, and log entries
  // With a key, the key is the trust anchor: no certificate, and a builder id is compared only
  // when the user gives one.
  std::optional<crypto::PublicKey> key;
  // upstream's SLSA_VERIFIER_TESTING: slsa-framework's own builders may sign from
  // refs/heads/main. Only for testing those builders; insecure otherwise.
  bool allow_builder_at_head = false;
};

struct Verified {
  std::string builder_id;  // empty for a VSA, which has no builder
  std::string summary;     // one line
  attest::Statement statement;

  nlohmann::json to_json() const;
};

// Which verifier a --builder-id selects (upstream getVerifier): GitHub ids start with
// https://github.com/, Google Cloud Build's is .../GoogleHostedWorker[@vX]. Anything else is
// ErrorVerifierNotSupported; "NAME@" is ErrorInvalidFormat.
enum class Platform { kGithubActions, kGoogleCloudBuild };
std::optional<Platform> platform_of(const Expectations& expected);

// verify-artifact: provenance from slsa-github-generator's builders (or key-signed) about each
// artifact (paths or sha256:HEX), checked in order; the first failure decides.
Verified verify_artifact(const std::vector<SubjectDigest>& artifacts,
                         const std::string& provenance_path, const Expectations& expected,
                         const Trust& trust);

// verify-image IMAGE@sha256:D: a cosign OCI layout at IMAGE (GitHub's container generator), or,
// with `provenance_path`, Google Cloud Build provenance (keys from `gcb_keys`, a folder of
// KMS public keys). An image not pinned by digest is ErrorMutableImage: offline, a tag cannot be
// resolved.
Verified verify_image(const std::string& image, const std::string& provenance_path,
                      const Expectations& expected, const Trust& trust,
                      const std::string& gcb_keys);

// verify-github-attestation: a GitHub artifact attestation (actions/attest-build-provenance)
// about the artifact; the signing workflow must be the --builder-id (no builder is trusted by
// default).
Verified verify_github_attestation(const SubjectDigest& artifact, const std::string& path,
                                   const Expectations& expected, const Trust& trust);

}  // namespace hallmark::provenance
