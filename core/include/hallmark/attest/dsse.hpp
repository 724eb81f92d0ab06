// DSSE, the Dead Simple Signing Envelope (secure-systems-lab/dsse, protocol v1.0.2): signatures
// over PAE(payloadType, payload), so that the type is signed with the payload.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "hallmark/crypto/keys.hpp"

namespace hallmark::attest {

inline constexpr char kInTotoPayloadType[] = "application/vnd.in-toto+json";

// "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, lengths in bytes as ASCII decimal.
std::string pae(std::string_view payload_type, std::string_view payload);

struct Envelope {
  struct Signature {
    std::string keyid;
    std::string sig;  // raw signature bytes
  };
  std::string payload_type;
  std::string payload;  // raw payload bytes
  std::vector<Signature> signatures;

  nlohmann::json to_json() const;
  // Accepts standard and URL-safe base64, as the spec asks of verifiers. kBadInput naming
  // `subject` when malformed.
  static Envelope from_json(const nlohmann::json& json, const std::string& subject);
};

Envelope sign_envelope(std::string_view payload_type, std::string payload,
                       const crypto::PrivateKey& key);

// Whether some signature of the envelope verifies with `key` over its PAE.
bool envelope_verifies(const Envelope& envelope, const crypto::Verifier& key);

}  // namespace hallmark::attest
