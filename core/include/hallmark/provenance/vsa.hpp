// SLSA Verification Summary Attestations (https://slsa.dev/verification_summary/v1): a
// verifier's signed statement that it checked a resource and found it at some SLSA levels.
// Key-signed DSSE, checked as slsa-verifier v2 does it (verifiers/internal/vsa): the signature
// first, then each expectation.
#pragma once

#include <string>
#include <vector>

#include "hallmark/crypto/keys.hpp"
#include "hallmark/provenance/verifier.hpp"

namespace hallmark::provenance {

inline constexpr char kVerificationSummaryV1[] = "https://slsa.dev/verification_summary/v1";

struct VsaExpectations {
  std::vector<std::string> subject_digests;  // "ALGORITHM:VALUE", each must be a subject's
  std::string verifier_id;
  std::string resource_uri;
  // SLSA_<TRACK>_LEVEL_<N> are minimums per track; any other level must be listed verbatim.
  std::vector<std::string> verified_levels;
};

struct VsaKey {
  crypto::PublicKey key;
  // Which signatures are the key's: those with this keyid or none. Empty: the key's own id,
  // hex SHA-256 of its SubjectPublicKeyInfo (as go-securesystemslib names keys).
  std::string key_id;
  crypto::DigestAlgorithm hash = crypto::DigestAlgorithm::kSha256;
};

// An expectation left empty fails when it is reached (ErrorEmptyRequiredField), after the
// signature, as upstream's checks do.
Verified verify_vsa(const std::string& path, const VsaKey& key, const VsaExpectations& expected);

}  // namespace hallmark::provenance
