#include "hallmark/provenance/cosign_layout.hpp"

#include <filesystem>

#include <nlohmann/json.hpp>

#include "hallmark/crypto/keys.hpp"
#include "hallmark/source/oci.hpp"
#include "hallmark/util/encoding.hpp"
#include "hallmark/util/error.hpp"
#include "hallmark/util/file.hpp"

namespace hallmark::provenance {
namespace {

using nlohmann::json;

constexpr char kAttestationsKind[] = "dev.cosignproject.cosign/atts";
constexpr char kCertificateAnnotation[] = "dev.sigstore.cosign/certificate";
constexpr char kChainAnnotation[] = "dev.sigstore.cosign/chain";
constexpr char kBundleAnnotation[] = "dev.sigstore.cosign/bundle";
constexpr char kV01MediaType[] = "application/vnd.dev.sigstore.bundle+json;version=0.1";

std::string read_blob(const std::filesystem::path& layout, const crypto::Digest& digest) {
  std::string blob = util::read_file(
      layout / "blobs" / std::string(crypto::algorithm_name(digest.algorithm)) / digest.hex);
  if (crypto::Digest::of(digest.algorithm, blob) != digest)
    throw_bad_input(layout.string(), "blob " + digest.to_string() + " does not match its digest");
  return blob;
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

CosignAttestation attestation(const std::filesystem::path& layout,
                              const source::Descriptor& layer) {
  std::string name = layout.string() + ": layer " + layer.digest.to_string();
  auto annotation = [&](const char* key) -> const std::string& {
    auto found = layer.annotations.find(key);
    if (found == layer.annotations.end())
      throw_bad_input(name, std::string("no ") + key + " annotation");
    return found->second;
  };
  CosignAttestation result{name, {}};
  attest::Bundle& bundle = result.bundle;
  bundle.media_type = kV01MediaType;
  bundle.version = attest::BundleVersion::kV01;
  bundle.certificate_chain_form = true;
  bundle.certificates = pem_certificates(annotation(kCertificateAnnotation), name);
  if (bundle.certificates.size() != 1)
    throw_bad_input(name, "the certificate annotation must hold one certificate");
  if (auto chain = layer.annotations.find(kChainAnnotation); chain != layer.annotations.end())
    for (std::string& certificate : pem_certificates(chain->second, name))
      bundle.certificates.push_back(std::move(certificate));
  bundle.tlog_entries = json::array({tlog_entry(annotation(kBundleAnnotation), name)});
  json envelope = json::parse(read_blob(layout, layer.digest), nullptr, false);
  if (!envelope.is_object()) throw_bad_input(name, "the layer is not a DSSE envelope");
  bundle.envelope = attest::Envelope::from_json(envelope, name);
  return result;
}

}  // namespace

std::vector<CosignAttestation> read_cosign_attestations(const std::string& layout_path) {
  std::filesystem::path layout(layout_path);
  source::Index index = source::parse_index(util::read_file(layout / "index.json"), layout_path);
  std::vector<CosignAttestation> attestations;
  for (const source::Descriptor& descriptor : index.manifests) {
    auto kind = descriptor.annotations.find("kind");
    if (kind == descriptor.annotations.end() || kind->second != kAttestationsKind) continue;
    source::Manifest manifest = source::parse_manifest(read_blob(layout, descriptor.digest),
                                                       layout_path, descriptor.media_type);
    for (const source::Descriptor& layer : manifest.layers)
      attestations.push_back(attestation(layout, layer));
  }
  if (attestations.empty())
    throw_bad_input(layout_path, "the layout holds no cosign attestation (" +
                                     std::string(kAttestationsKind) + " manifest)");
  return attestations;
}

}  // namespace hallmark::provenance
