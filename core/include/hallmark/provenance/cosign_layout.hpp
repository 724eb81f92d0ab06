// The attestations cosign keeps beside an image in an OCI image layout (`cosign save`): the
// manifest marked kind=dev.cosignproject.cosign/atts, whose DSSE envelope layers carry the
// signing certificate, its chain and the Rekor entry with its SET in annotations. Each is
// returned as the Sigstore bundle v0.1 it is equivalent to, so that the bundle verifier checks
// it exactly as any other bundle.
#pragma once

#include <string>
#include <vector>

#include "hallmark/attest/bundle.hpp"

namespace hallmark::provenance {

struct CosignAttestation {
  std::string name;  // "LAYOUT: layer sha256:...", for messages
  attest::Bundle bundle;
};

// kBadInput for a layout that is malformed or holds no attestation manifest.
std::vector<CosignAttestation> read_cosign_attestations(const std::string& layout);

}  // namespace hallmark::provenance
