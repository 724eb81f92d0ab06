#include "hallmark/attest/dsse.hpp"

#include <nlohmann/json.hpp>

#include "hallmark/util/encoding.hpp"
#include "hallmark/util/error.hpp"

namespace hallmark::attest {

using nlohmann::json;

std::string pae(std::string_view payload_type, std::string_view payload) {
  std::string encoded = "DSSEv1 ";
  encoded += std::to_string(payload_type.size());
  encoded += ' ';
  encoded += payload_type;
  encoded += ' ';
  encoded += std::to_string(payload.size());
  encoded += ' ';
  encoded += payload;
  return encoded;
}

json Envelope::to_json() const {
  json signatures_json = json::array();
  for (const Signature& signature : signatures)
    signatures_json.push_back(
        {{"keyid", signature.keyid}, {"sig", util::base64_encode(signature.sig)}});
  return {{"payloadType", payload_type},
          {"payload", util::base64_encode(payload)},
          {"signatures", signatures_json}};
}

Envelope Envelope::from_json(const json& object, const std::string& subject) {
  auto text = [&](const json& holder, const char* key) -> std::string {
    auto member = holder.find(key);
    if (member == holder.end() || !member->is_string())
      throw_bad_input(subject, std::string("DSSE envelope: missing \"") + key + "\"");
    return member->get<std::string>();
  };
  auto bytes = [&](const std::string& value, const char* what) {
    std::optional<std::string> decoded = util::base64_decode_any(value);
    if (!decoded)
      throw_bad_input(subject, std::string("DSSE envelope: ") + what + " is not base64");
    return *decoded;
  };
  if (!object.is_object()) throw_bad_input(subject, "DSSE envelope: not a JSON object");
  Envelope envelope;
  envelope.payload_type = text(object, "payloadType");
  envelope.payload = bytes(text(object, "payload"), "payload");
  auto signatures = object.find("signatures");
  if (signatures == object.end() || !signatures->is_array() || signatures->empty())
    throw_bad_input(subject, "DSSE envelope: no signatures");
  for (const json& signature : *signatures) {
    if (!signature.is_object())
      throw_bad_input(subject, "DSSE envelope: a signature is not an object");
    Signature parsed;
    if (auto keyid = signature.find("keyid"); keyid != signature.end() && keyid->is_string())
      parsed.keyid = keyid->get<std::string>();
    parsed.sig = bytes(text(signature, "sig"), "signature");
    envelope.signatures.push_back(std::move(parsed));
  }
  return envelope;
}

Envelope sign_envelope(std::string_view payload_type, std::string payload,
                       const crypto::PrivateKey& key) {
  Envelope envelope;
  envelope.payload_type = payload_type;
  envelope.payload = std::move(payload);
  envelope.signatures.push_back({"", key.sign(pae(envelope.payload_type, envelope.payload))});
  return envelope;
}

bool envelope_verifies(const Envelope& envelope, const crypto::Verifier& key) {
  std::string encoded = pae(envelope.payload_type, envelope.payload);
  for (const Envelope::Signature& signature : envelope.signatures)
    if (key.verify(encoded, signature.sig)) return true;
  return false;
}

}  // namespace hallmark::attest
