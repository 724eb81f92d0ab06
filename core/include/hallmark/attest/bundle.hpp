// Sigstore bundles (protobuf-specs sigstore_bundle.proto, JSON form): a signature or a DSSE
// envelope with the material to verify it. Versions 0.1, 0.2 and 0.3 are read; 0.3 is written.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "hallmark/attest/dsse.hpp"
#include "hallmark/crypto/digest.hpp"

namespace hallmark::attest {

inline constexpr char kBundleV03MediaType[] = "application/vnd.dev.sigstore.bundle.v0.3+json";

enum class BundleVersion { kV01, kV02, kV03 };

struct MessageSignature {
  crypto::DigestAlgorithm digest_algorithm = crypto::DigestAlgorithm::kSha256;
  std::string digest;     // raw bytes of the artifact's digest
  std::string signature;  // raw signature bytes
};

struct Bundle {
  std::string media_type = kBundleV03MediaType;
  BundleVersion version = BundleVersion::kV03;

  // Verification material: a public key hint, or certificates (DER, leaf first; v0.3 has only
  // the leaf).
  std::optional<std::string> public_key_hint;
  std::vector<std::string> certificates;
  bool certificate_chain_form = false;  // given as x509CertificateChain (v0.1/v0.2 style)
  // Transparency log entries and timestamps, as the bundle holds them (checked by
  // core/sigstore).
  nlohmann::json tlog_entries = nlohmann::json::array();
  nlohmann::json timestamp_verification_data = nlohmann::json::object();

  // The content: exactly one of these.
  std::optional<MessageSignature> message_signature;
  std::optional<Envelope> envelope;

  std::string to_json() const;
  // kBadInput naming `subject` for malformed JSON, an unknown media type (unknown versions are
  // refused, never guessed), missing material, or no (or two) contents.
  static Bundle parse(std::string_view text, const std::string& subject);
};

// The algorithm names of sigstore_common.proto HashAlgorithm.
std::string_view hash_algorithm_name(crypto::DigestAlgorithm algorithm);

}  // namespace hallmark::attest
