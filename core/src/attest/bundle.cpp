#include "hallmark/attest/bundle.hpp"

#include "hallmark/util/encoding.hpp"
#include "hallmark/util/error.hpp"

namespace hallmark::attest {

using nlohmann::json;

namespace {

struct KnownMediaType {
  std::string_view media_type;
  BundleVersion version;
};
constexpr KnownMediaType kMediaTypes[] = {
    {"application/vnd.dev.sigstore.bundle+json;version=0.1", BundleVersion::kV01},
    {"application/vnd.dev.sigstore.bundle+json;version=0.2", BundleVersion::kV02},
    {"application/vnd.dev.sigstore.bundle+json;version=0.3", BundleVersion::kV03},
    {kBundleV03MediaType, BundleVersion::kV03},
};

std::string b64(const json& holder, const char* key, const std::string& subject, const char* what) {
  auto member = holder.find(key);
  if (member == holder.end() || !member->is_string())
    throw_bad_input(subject, std::string("bundle: missing ") + what);
  std::optional<std::string> bytes = util::base64_decode_any(member->get<std::string>());
  if (!bytes) throw_bad_input(subject, std::string("bundle: ") + what + " is not base64");
  return *bytes;
}

crypto::DigestAlgorithm parse_hash_algorithm(std::string_view name, const std::string& subject) {
  if (name == "SHA2_256") return crypto::DigestAlgorithm::kSha256;
  if (name == "SHA2_384") return crypto::DigestAlgorithm::kSha384;
  if (name == "SHA2_512") return crypto::DigestAlgorithm::kSha512;
  throw_bad_input(subject,
                  "bundle: unsupported message digest algorithm \"" + std::string(name) + "\"");
}

}  // namespace

std::string_view hash_algorithm_name(crypto::DigestAlgorithm algorithm) {
  switch (algorithm) {
    case crypto::DigestAlgorithm::kSha384:
      return "SHA2_384";
    case crypto::DigestAlgorithm::kSha512:
      return "SHA2_512";
    default:
      return "SHA2_256";
  }
}

std::string Bundle::to_json() const {
  json material = json::object();
  if (public_key_hint) material["publicKey"] = {{"hint", *public_key_hint}};
  if (!certificates.empty()) {
    if (!certificate_chain_form) {
      material["certificate"] = {{"rawBytes", util::base64_encode(certificates.front())}};
    } else {
      json chain = json::array();
      for (const std::string& der : certificates)
        chain.push_back({{"rawBytes", util::base64_encode(der)}});
      material["x509CertificateChain"] = {{"certificates", chain}};
    }
  }
  material["tlogEntries"] = tlog_entries;
  if (!timestamp_verification_data.empty())
    material["timestampVerificationData"] = timestamp_verification_data;
  json bundle = {{"mediaType", media_type}, {"verificationMaterial", material}};
  if (message_signature)
    bundle["messageSignature"] = {
        {"messageDigest",
         {{"algorithm", hash_algorithm_name(message_signature->digest_algorithm)},
          {"digest", util::base64_encode(message_signature->digest)}}},
        {"signature", util::base64_encode(message_signature->signature)}};
  if (envelope) bundle["dsseEnvelope"] = envelope->to_json();
  return bundle.dump(2) + "\n";
}

Bundle Bundle::parse(std::string_view text, const std::string& subject) {
  json document = json::parse(text, nullptr, false);
  if (document.is_discarded()) throw_bad_input(subject, "malformed JSON");
  if (!document.is_object()) throw_bad_input(subject, "a bundle is a JSON object");
  Bundle bundle;
  bundle.media_type = document.value("mediaType", "");
  bool known = false;
  for (const KnownMediaType& entry : kMediaTypes) {
    if (bundle.media_type == entry.media_type) {
      bundle.version = entry.version;
      known = true;
    }
  }
  if (!known)
    throw_bad_input(subject, "unsupported bundle media type \"" + bundle.media_type + "\"");

  auto material = document.find("verificationMaterial");
  if (material == document.end() || !material->is_object())
    throw_bad_input(subject, "bundle: no verificationMaterial");
  int kinds = 0;
  if (auto key = material->find("publicKey"); key != material->end()) {
    ++kinds;
    bundle.public_key_hint = key->is_object() ? key->value("hint", "") : "";
  }
  if (auto chain = material->find("x509CertificateChain"); chain != material->end()) {
    ++kinds;
    auto certificates = chain->is_object() ? chain->find("certificates") : chain->end();
    if (certificates == chain->end() || !certificates->is_array() || certificates->empty())
      throw_bad_input(subject, "bundle: empty x509CertificateChain");
    bundle.certificate_chain_form = true;
    for (const json& certificate : *certificates)
      bundle.certificates.push_back(b64(certificate, "rawBytes", subject, "certificate bytes"));
  }
  if (auto certificate = material->find("certificate"); certificate != material->end()) {
    ++kinds;
    bundle.certificates.push_back(b64(*certificate, "rawBytes", subject, "certificate bytes"));
  }
  if (kinds != 1)
    throw_bad_input(subject,
                    "bundle: verificationMaterial needs exactly one of publicKey, "
                    "x509CertificateChain and certificate");
  if (auto entries = material->find("tlogEntries"); entries != material->end()) {
    if (!entries->is_array()) throw_bad_input(subject, "bundle: tlogEntries is not an array");
    bundle.tlog_entries = *entries;
  }
  if (auto timestamps = material->find("timestampVerificationData"); timestamps != material->end())
    bundle.timestamp_verification_data = *timestamps;

  auto message = document.find("messageSignature");
  auto dsse = document.find("dsseEnvelope");
  if ((message == document.end()) == (dsse == document.end()))
    throw_bad_input(subject, "bundle: needs exactly one of messageSignature and dsseEnvelope");
  if (message != document.end()) {
    MessageSignature signature;
    auto digest = message->find("messageDigest");
    if (digest != message->end() && digest->is_object()) {
      signature.digest_algorithm = parse_hash_algorithm(digest->value("algorithm", ""), subject);
      signature.digest = b64(*digest, "digest", subject, "message digest");
    }
    signature.signature = b64(*message, "signature", subject, "signature");
    bundle.message_signature = std::move(signature);
  } else {
    bundle.envelope = Envelope::from_json(*dsse, subject);
  }
  return bundle;
}

}  // namespace hallmark::attest
