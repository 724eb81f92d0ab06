// The signatures of Cloud Build's provenance notes (upstream gcb/provenance.go
// verifySignatures).
#pragma once

#include <nlohmann/json.hpp>

#include "hallmark/provenance/gcb.hpp"

namespace hallmark::provenance {

inline constexpr char kSlsaProvenanceV01[] = "https://slsa.dev/provenance/v0.1";

// The statement a note's envelope signs, when one of its signatures verifies with the key its
// keyid names: ErrorInvalidDssePayload for a payload that is not in-toto (or not SLSA v0.1),
// ErrorNoValidSignature when no signature verifies. Signatures that cannot be decoded, or name
// a key Hallmark does not have, are passed over: another one may verify.
nlohmann::json verify_gcb_envelope(const nlohmann::json& envelope, const GcbKeys& keys);

}  // namespace hallmark::provenance
