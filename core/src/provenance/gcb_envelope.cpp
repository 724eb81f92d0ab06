#include "gcb_envelope.hpp"

#include <filesystem>
#include <regex>

#include "hallmark/attest/dsse.hpp"
#include "hallmark/provenance/verify_error.hpp"
#include "hallmark/util/encoding.hpp"

namespace hallmark::provenance {
namespace {

constexpr char kKeyRing[] = "projects/verified-builder/locations/global/keyRings/attestor/";

// The global keys sign the PAE: which file holds each.
struct GlobalKey {
  std::string_view keyid_suffix;
  std::string_view file;
};
constexpr GlobalKey kGlobalKeys[] = {
    {"cryptoKeys/provenanceSigner/cryptoKeyVersions/1", "global-pae-provenanceSigner_1.key"},
    {"cryptoKeys/google-hosted-worker/cryptoKeyVersions/1",
     "global-pae-google-hosted-worker_1.key"},
};

}  // namespace

std::optional<GcbKeys::Key> GcbKeys::find(std::string_view keyid) const {
  std::string file;
  bool signs_pae = false;
  for (const GlobalKey& global : kGlobalKeys)
    if (keyid == std::string(kKeyRing) + std::string(global.keyid_suffix)) {
      file = global.file;
      signs_pae = true;
    }
  static const std::regex kRegional(
      "projects/verified-builder/locations/([^/]+)/keyRings/attestor/cryptoKeys/builtByGCB/"
      "cryptoKeyVersions/1");
  std::match_results<std::string_view::const_iterator> region;
  if (file.empty() && std::regex_match(keyid.begin(), keyid.end(), region, kRegional))
    file = region[1].str() + ".key";
  std::filesystem::path path = std::filesystem::path(folder_) / file;
  if (file.empty() || !std::filesystem::is_regular_file(path)) return std::nullopt;
  return Key{crypto::load_public_key(path.string()), signs_pae};
}

nlohmann::json verify_gcb_envelope(const nlohmann::json& envelope, const GcbKeys& keys) {
  if (!envelope.is_object() || envelope.value("payloadType", "") != attest::kInTotoPayloadType)
    fail(Category::kInvalidDssePayload, "the envelope's payload type is not in-toto");
  std::optional<std::string> payload = util::base64_decode_any(envelope.value("payload", ""));
  if (!payload) fail(Category::kInvalidDssePayload, "the envelope's payload is not base64");
  const nlohmann::json& signatures = envelope.value("signatures", nlohmann::json());
  if (!signatures.is_array() || signatures.empty())
    fail(Category::kNoValidSignature, "the envelope has no signatures");
  for (const nlohmann::json& signature : signatures) {
    if (!signature.is_object()) continue;
    std::optional<GcbKeys::Key> key = keys.find(signature.value("keyid", ""));
    std::optional<std::string> bytes = util::base64_decode_any(signature.value("sig", ""));
    if (!key || !bytes || bytes->empty()) continue;
    bool verified = key->signs_pae
                        ? key->key.verify(attest::pae(attest::kInTotoPayloadType, *payload), *bytes)
                        : key->key.verify(*payload, *bytes);
    if (!verified) continue;
    nlohmann::json statement = nlohmann::json::parse(*payload, nullptr, false);
    if (!statement.is_object() || statement.value("predicateType", "") != kSlsaProvenanceV01)
      fail(Category::kInvalidDssePayload, "the signed payload is not SLSA v0.1 provenance");
    return statement;
  }
  fail(Category::kNoValidSignature, "no signature verifies with Cloud Build's keys");
}

}  // namespace hallmark::provenance
