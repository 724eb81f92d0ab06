#include "hallmark/attest/cosign.hpp"

#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "hallmark/crypto/keys.hpp"
#include "hallmark/util/encoding.hpp"
#include "hallmark/util/error.hpp"

namespace hallmark::attest::cosign {
namespace {

using nlohmann::json;
using Annotations = std::map<std::string, std::string>;

constexpr char kV01MediaType[] = "application/vnd.dev.sigstore.bundle+json;version=0.1";
constexpr char kSimpleSigningType[] = "cosign container image signature";

std::string tag(const crypto::Digest& image, std::string_view suffix) {
  return std::string(crypto::algorithm_name(image.algorithm)) + "-" + image.hex +
         std::string(suffix);
}

// Every certificate of a PEM bundle, in order, as DER.
std::vector<std::string> pem_certificates(std::string_view pem, const std::string& subject) {
  std::vector<std::string> certificates;
  constexpr std::string_view kBegin = "-----BEGIN CERTIFICATE-----";
  for (size_t start = pem.find(kBegin); start != std::string_view::npos;
       start = pem.find(kBegin, start + kBegin.size())) {
    std::optional<crypto::PemBlock> block = crypto::pem_decode(pem.substr(start));
    if (!block) throw_bad_input(subject, "a certificate annotation is not PEM");
    certificates.push_back(std::move(block->der));
  }
  return certificates;
}

// cosign's bundle annotation {SignedEntryTimestamp, Payload {body, integratedTime, logIndex,
// logID}} as a bundle's tlog entry; the kind and version are the logged body's.
json tlog_entry(const std::string& annotation, const std::string& subject) {
  json rekor = json::parse(annotation, nullptr, false);
  const json& payload = rekor.is_object() ? rekor.value("Payload", json()) : json();
  if (!payload.is_object() || !payload.value("body", json()).is_string() ||
      !rekor.value("SignedEntryTimestamp", json()).is_string())
    throw_bad_input(subject, "the Rekor bundle annotation is malformed");
  std::optional<std::string> body = util::base64_decode_any(payload["body"].get<std::string>());
  json logged = body ? json::parse(*body, nullptr, false) : json();
  std::optional<std::string> log_id = util::hex_decode(payload.value("logID", ""));
  if (!logged.is_object() || !log_id)
    throw_bad_input(subject, "the Rekor bundle annotation's body or log id is malformed");
  return {{"logIndex", payload.value("logIndex", json())},
          {"logId", {{"keyId", util::base64_encode(*log_id)}}},
          {"kindVersion",
           {{"kind", logged.value("kind", "")}, {"version", logged.value("apiVersion", "")}}},
          {"integratedTime", payload.value("integratedTime", json())},
          {"inclusionPromise", {{"signedEntryTimestamp", rekor["SignedEntryTimestamp"]}}},
          {"canonicalizedBody", payload["body"]}};
}

// The verification material the annotations hold: a certificate (and chain) for keyless
// signatures, and the Rekor entry with its SET. Such a bundle is what a v0.1 bundle is (an
// inclusion promise, a chain); one without is a key-signed bundle with no log entry.
Bundle bundle_from(const Annotations& annotations, const std::string& subject) {
  Bundle bundle;
  if (auto certificate = annotations.find(annotation::kCertificate);
      certificate != annotations.end() && !certificate->second.empty()) {
    bundle.certificates = pem_certificates(certificate->second, subject);
    if (bundle.certificates.size() != 1)
      throw_bad_input(subject, "the certificate annotation must hold one certificate");
    if (auto chain = annotations.find(annotation::kChain); chain != annotations.end())
      for (std::string& der : pem_certificates(chain->second, subject))
        bundle.certificates.push_back(std::move(der));
    bundle.certificate_chain_form = true;
  }
  if (auto rekor = annotations.find(annotation::kRekorBundle); rekor != annotations.end())
    bundle.tlog_entries = json::array({tlog_entry(rekor->second, subject)});
  // Without a certificate it was signed with a key, which the layer does not name.
  if (bundle.certificates.empty()) bundle.public_key_hint = "";
  if (!bundle.certificates.empty() || !bundle.tlog_entries.empty()) {
    bundle.media_type = kV01MediaType;
    bundle.version = BundleVersion::kV01;
  }
  return bundle;
}

}  // namespace

std::string signature_tag(const crypto::Digest& image) {
  return tag(image, ".sig");
}
std::string attestation_tag(const crypto::Digest& image) {
  return tag(image, ".att");
}

std::string simple_signing_payload(std::string_view repository, const crypto::Digest& image) {
  nlohmann::ordered_json payload = {{"critical",
                                     {{"identity", {{"docker-reference", repository}}},
                                      {"image", {{"docker-manifest-digest", image.to_string()}}},
                                      {"type", kSimpleSigningType}}},
                                    {"optional", nullptr}};
  return payload.dump();
}

std::string signed_image_digest(std::string_view payload) {
  json document = json::parse(payload, nullptr, false);
  if (!document.is_object()) return "";
  const json& critical = document.value("critical", json::object());
  if (!critical.is_object() || critical.value("type", "") != kSimpleSigningType) return "";
  const json& image = critical.value("image", json::object());
  if (!image.is_object() || !image.value("docker-manifest-digest", json()).is_string()) return "";
  return image["docker-manifest-digest"].get<std::string>();
}

std::string manifest_config(const std::vector<crypto::Digest>& layers) {
  json diff_ids = json::array();
  for (const crypto::Digest& layer : layers)
    diff_ids.push_back(layer.to_string());
  nlohmann::ordered_json config = {{"architecture", ""},
                                   {"created", "0001-01-01T00:00:00Z"},
                                   {"history", {{{"created", "0001-01-01T00:00:00Z"}}}},
                                   {"os", ""},
                                   {"rootfs", {{"type", "layers"}, {"diff_ids", diff_ids}}},
                                   {"config", json::object()}};
  return config.dump();
}

Bundle signature_bundle(const Annotations& annotations, std::string_view payload,
                        const std::string& subject) {
  auto signature = annotations.find(annotation::kSignature);
  if (signature == annotations.end())
    throw_bad_input(subject, std::string("no ") + annotation::kSignature + " annotation");
  std::optional<std::string> raw = util::base64_decode_any(signature->second);
  if (!raw || raw->empty())
    throw_bad_input(subject, std::string(annotation::kSignature) + " is not base64");
  Bundle bundle = bundle_from(annotations, subject);
  MessageSignature message;
  message.digest_algorithm = crypto::DigestAlgorithm::kSha256;
  message.digest = crypto::digest(message.digest_algorithm, payload);
  message.signature = std::move(*raw);
  bundle.message_signature = std::move(message);
  return bundle;
}

Bundle attestation_bundle(const Annotations& annotations, std::string_view envelope,
                          const std::string& subject) {
  json document = json::parse(envelope, nullptr, false);
  if (!document.is_object()) throw_bad_input(subject, "the layer is not a DSSE envelope");
  Bundle bundle = bundle_from(annotations, subject);
  bundle.envelope = Envelope::from_json(document, subject);
  return bundle;
}

Annotations signature_annotations(std::string_view signature) {
  return {{annotation::kSignature, util::base64_encode(signature)}};
}

}  // namespace hallmark::attest::cosign
