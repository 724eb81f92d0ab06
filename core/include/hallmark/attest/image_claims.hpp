// Signatures and attestations of an image, kept in its registry by both conventions:
// - cosign's tags, "sha256-<hex>.sig" and "sha256-<hex>.att" (cosign.hpp), which every cosign
//   and every registry understands;
// - OCI 1.1 referrers: an artifact manifest whose subject is the image and whose one layer is a
//   Sigstore bundle v0.3 (artifactType application/vnd.dev.sigstore.bundle.v0.3+json), found
//   through the referrers API or its tag-schema fallback.
// Storing appends to what is there (another signer's signatures stay); finding reads both and
// hands each claim over as a bundle for the one verifier.
#pragma once

#include <string>
#include <vector>

#include "hallmark/attest/bundle.hpp"
#include "hallmark/attest/statement.hpp"
#include "hallmark/crypto/keys.hpp"
#include "hallmark/registry/client.hpp"

namespace hallmark::attest {

// A signature or attestation found for an image.
struct ImageClaim {
  Bundle bundle;
  // Message signatures: the signed bytes (cosign's simple-signing payload naming the digest);
  // empty for a signature over the subject itself (a file's).
  std::string payload;
  std::string origin;  // where it was found: "tag sha256-<hex>.sig layer 0", "referrer sha256:..."
};

struct ImageClaims {
  std::vector<ImageClaim> signatures;
  std::vector<ImageClaim> attestations;
  // Claims that could not be read (a malformed layer or bundle), as "ORIGIN: problem". They
  // prove nothing, so they never count for an image; they are reported.
  std::vector<std::string> unreadable;
};

// Where signatures and attestations go as OCI 1.1 referrers besides cosign's tags: where the
// registry has the referrers API (auto), also through its tag-schema fallback (always), or not.
enum class ReferrersMode { kAuto, kAlways, kNever };
ReferrersMode parse_referrers_mode(std::string_view text);  // kUsage when unknown

// Signs the cosign simple-signing payload for `image` (the manifest or index `reference`
// resolved to) and stores it. Returns where it was stored ("tag sha256-<hex>.sig", "referrer
// sha256:...").
std::vector<std::string> store_signature(registry::Client& client,
                                         const registry::Reference& reference,
                                         const registry::Descriptor& image,
                                         const crypto::PrivateKey& key, ReferrersMode referrers);

// Signs `statement` (whose subject is the image) into a DSSE bundle and stores it as cosign's
// .att layer and as a referrer.
std::vector<std::string> store_attestation(registry::Client& client,
                                           const registry::Reference& reference,
                                           const registry::Descriptor& image,
                                           const Statement& statement,
                                           const crypto::PrivateKey& key, ReferrersMode referrers);

// The statement of an attestation about an image: one subject, the repository name with the
// manifest digest, as cosign writes it.
Statement image_statement(const registry::Reference& reference, const crypto::Digest& image,
                          std::string predicate_type, nlohmann::json predicate);

// Which claims to look for: a verdict whose rule asks for no attestation need not fetch them
// (each kind costs the registry requests).
struct ClaimKinds {
  bool signatures = true;
  bool attestations = true;
};

// The signatures and attestations of the image `digest` in `reference`'s repository, of the
// kinds asked for: those in cosign's tags first, then those its referrers hold. Registry
// failures are kIo; what cannot be read is listed in `unreadable`.
ImageClaims find_claims(registry::Client& client, const registry::Reference& reference,
                        const crypto::Digest& digest, ClaimKinds kinds = {});
// The two halves of find_claims, for a caller that may not need the second: the claims in
// cosign's tags, and the referrers' claims appended to them.
ImageClaims find_tag_claims(registry::Client& client, const registry::Reference& reference,
                            const crypto::Digest& digest, ClaimKinds kinds);
void add_referrer_claims(registry::Client& client, const registry::Reference& reference,
                         const crypto::Digest& digest, ClaimKinds kinds, ImageClaims& claims);

}  // namespace hallmark::attest
