// npm packages published with provenance (`npm publish --provenance`), with the attestations the
// registry serves for them (GET /-/npm/v1/attestations/NAME@VERSION): an SLSA provenance bundle
// signed by the publishing workflow, and a publish attestation signed by the registry's key.
// Both name the tarball by its sha512. Verified as slsa-verifier v2 does it (gha/npm.go,
// gha/verifier.go VerifyNpmPackage).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "hallmark/crypto/keys.hpp"
#include "hallmark/provenance/expectations.hpp"
#include "hallmark/provenance/verifier.hpp"
#include "hallmark/util/time.hpp"

namespace hallmark::provenance {

// The npm registry's signing keys, as GET https://registry.npmjs.org/-/npm/v1/keys returns them
// (and sigstore-js ships them): {"keys": [{keyId, keyUsage, publicKey {rawBytes, validFor}}]}.
class NpmKeys {
 public:
  struct Key {
    std::string key_id;  // "SHA256:..."
    std::string usage;   // "npm:attestations", "npm:signatures"
    crypto::PublicKey key;
    std::optional<util::Clock::time_point> valid_from;
    std::optional<util::Clock::time_point> valid_until;
  };
  // kBadInput for a malformed file.
  static NpmKeys load(const std::string& path);
  // The key for publish attestations with this id, or nullptr.
  const Key* attestation_key(std::string_view key_id) const;

 private:
  std::vector<Key> keys_;
};

struct NpmPackage {
  std::optional<std::string> name;  // "@scope/name" or "name"
  std::optional<std::string> version;
};

// `tarball` is the package's tarball (a path, or sha512:HEX). A --builder-id is required: npm
// packages are built by the npm CLI on a GitHub runner (https://github.com/actions/runner/
// github-hosted) or by a trusted BYOB builder.
Verified verify_npm_package(const SubjectDigest& tarball, const std::string& attestations_path,
                            const Expectations& expected, const NpmPackage& package,
                            const Trust& trust, const NpmKeys& keys);

}  // namespace hallmark::provenance
