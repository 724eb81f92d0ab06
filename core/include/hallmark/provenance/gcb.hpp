// Google Cloud Build provenance, as `gcloud artifacts docker images describe IMAGE
// --show-provenance --format json` prints it: an image summary and provenance notes, each an
// unsigned copy of the statement (build.intotoStatement) beside a DSSE envelope signed with one
// of Cloud Build's KMS keys. Verified as slsa-verifier v2 does it (verifiers/internal/gcb): the
// first note whose envelope verifies is the provenance, and the unsigned copy must say the same.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "hallmark/crypto/keys.hpp"
#include "hallmark/provenance/expectations.hpp"
#include "hallmark/provenance/verifier.hpp"

namespace hallmark::provenance {

// Cloud Build's public keys, from a folder of PEM files named as slsa-verifier ships them
// (verifiers/internal/gcb/keys/materials): REGION.key for the regional builtByGCB keys, which
// sign SHA-256 of the payload, and global-pae-*.key for the global keys, which sign the DSSE PAE.
class GcbKeys {
 public:
  explicit GcbKeys(std::string folder) : folder_(std::move(folder)) {}

  struct Key {
    crypto::PublicKey key;
    bool signs_pae = false;
  };
  // The key a signature's keyid names; nullopt for an unknown keyid or a key the folder lacks.
  std::optional<Key> find(std::string_view keyid) const;

 private:
  std::string folder_;
};

// The provenance in `path` is Cloud Build's, signed, about the image with sha256 `digest_hex`,
// and says what the user expects (builder version, source, tag; a branch cannot be checked:
// Cloud Build does not record it, ErrorNotSupported).
Verified verify_gcb_provenance(const std::string& path, const std::string& image,
                               std::string_view digest_hex, const Expectations& expected,
                               const GcbKeys& keys);

}  // namespace hallmark::provenance
