// Provenance files as builders publish them, and their signatures. A file holds a Sigstore bundle
// (v0.1 to v0.3; a .jsonl holds it on its first line) or a bare DSSE envelope. A bundle carries
// its own proof (log entry with SET or inclusion proof, certificate), so it is verified offline
// as hallmark-verify does; a bare envelope signed with a short-lived certificate is proven only
// by an entry in an online log, so it is refused, never passed.
#pragma once

#include <optional>
#include <string>

#include "hallmark/attest/bundle.hpp"
#include "hallmark/attest/statement.hpp"
#include "hallmark/crypto/keys.hpp"
#include "hallmark/provenance/verify_error.hpp"
#include "hallmark/sigstore/certificate.hpp"
#include "hallmark/sigstore/trusted_root.hpp"

namespace hallmark::provenance {

struct ProvenanceFile {
  std::string path;
  std::optional<attest::Bundle> bundle;
  std::optional<attest::Envelope> envelope;  // a bare envelope

  // kBadInput for a file that is neither.
  static ProvenanceFile read(const std::string& path);
};

// A statement whose signature verified, with the certificate that signed it (keyless).
struct SignedStatement {
  attest::Statement statement;
  std::optional<sigstore::Certificate> certificate;
};

// Keyless: the bundle verifies against `trusted_root` with a certificate that GitHub Actions'
// OIDC issuer vouched for, for any workflow (the builder is judged afterwards, from the
// certificate's claims). Any failure of the bundle's proof is `on_failure`; a bare envelope is
// ErrorOfflineUnverifiable.
SignedStatement verify_github_signature(const ProvenanceFile& file,
                                        const sigstore::TrustedRoot* trusted_root,
                                        Category on_failure = Category::kInvalidSignature);

// Key-based: the key is the trust anchor. A bundle's log entries and timestamps, when it has
// any, are checked against `trusted_root` (they cannot be ignored); a bare envelope needs no log.
SignedStatement verify_key_signature(const ProvenanceFile& file, const crypto::PublicKey& key,
                                     const sigstore::TrustedRoot* trusted_root,
                                     Category on_failure = Category::kInvalidSignature);

}  // namespace hallmark::provenance
