// The checks of a Fulcio signing certificate: it chains to a trusted CA at each established
// time, carries a valid SCT from a trusted CT log, is for code signing, and names the expected
// identity. Each throws hallmark::Error (kVerification) naming the check.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "hallmark/sigstore/certificate.hpp"
#include "hallmark/sigstore/trusted_root.hpp"

namespace hallmark::sigstore {

struct ChainResult {
  const CertificateAuthority* authority = nullptr;
  const Certificate* issuer = nullptr;  // the authority's certificate that signed the leaf
};

// Path validation of `leaf` to one of the trusted CAs (their intermediates and anchor only, never
// certificates from the bundle) at `time`, with the CA trusted at that time.
ChainResult check_certificate_chain(const Certificate& leaf, const TrustedRoot& root,
                                    util::Clock::time_point time);

// At least one embedded SCT verifies with a trusted CT log (RFC 6962 precertificate signature;
// `issuer` is the DER of the certificate that signed the leaf). Returns how many verified.
int check_embedded_scts(const Certificate& leaf, const Certificate& issuer,
                        const TrustedRoot& root);

// What the certificate must say about its subject. Exact values, or regular expressions that
// must match the whole value (anchored).
struct IdentityPolicy {
  std::string identity;         // SAN, exact
  std::string identity_regexp;  // SAN, anchored regex
  std::string issuer;           // OIDC issuer extension, exact
  std::string issuer_regexp;
  // GitHub workflow claims, by flag name: repository, ref, sha, name, trigger.
  std::vector<std::pair<std::string, std::string>> github_claims;
};
void check_identity(const Certificate& leaf, const IdentityPolicy& policy);

// The leaf is for code signing and has no critical extension Hallmark does not understand.
void check_leaf_profile(const Certificate& leaf);

}  // namespace hallmark::sigstore
