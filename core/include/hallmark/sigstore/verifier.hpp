// Verifying a Sigstore bundle as the Sigstore client specification says, offline, fail-closed:
// structure, transparency log entries (inclusion proof to a signed checkpoint, SET, logged body),
// timestamps, the signing certificate at every established time (chain, SCT, identity) or the
// given key, and the signature over the artifact or the DSSE envelope with its statement.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hallmark/attest/bundle.hpp"
#include "hallmark/attest/statement.hpp"
#include "hallmark/sigstore/artifact.hpp"
#include "hallmark/sigstore/certificate_checks.hpp"
#include "hallmark/sigstore/trusted_root.hpp"

namespace hallmark::sigstore {

struct VerifyOptions {
  // The trust material; without it only key-based bundles with no log entries or timestamps
  // can be verified (there is nothing to check those against).
  const TrustedRoot* trusted_root = nullptr;
  std::optional<crypto::PublicKey> key;    // key-based
  std::optional<IdentityPolicy> identity;  // keyless
  std::string predicate_type;              // DSSE: the predicate type required, if any
};

struct VerificationResult {
  std::string signer;  // the certificate's SAN, or the key's id
  std::string issuer;  // the OIDC issuer (keyless)
  struct Time {
    std::string source;  // "transparency log https://rekor.sigstore.dev", "timestamp authority ..."
    util::Clock::time_point time;
  };
  std::vector<Time> times;
  std::vector<std::string> checks;  // the checks that ran and passed, in order
  std::vector<std::string> logs;
  std::string certificate_authority;
  std::optional<attest::Statement> statement;

  nlohmann::json to_json() const;
};

// Throws hallmark::Error: kVerification naming the failed check ("tlog entry 0: checkpoint: ..."),
// kBadInput for a malformed bundle, kUsage for contradictory options.
VerificationResult verify_bundle(const attest::Bundle& bundle,
                                 const std::vector<Artifact>& artifacts,
                                 const VerifyOptions& options, const std::string& subject);

}  // namespace hallmark::sigstore
