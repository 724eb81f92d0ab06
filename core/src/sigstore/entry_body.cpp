// The logged body must be the bundle's: the same signature, the same certificate or key, the
// digest of the same artifact. The log's proofs cover the body, so this is what binds them to
// the bundle. Kinds: hashedrekord 0.0.1 and 0.0.2 (Rekor v2; DSSE is logged there as a
// hashedrekord over SHA-256(PAE)), dsse 0.0.1, intoto 0.0.2. Anything else is refused.
#include <nlohmann/json.hpp>

#include "hallmark/attest/dsse.hpp"
#include "hallmark/sigstore/tlog.hpp"
#include "hallmark/util/encoding.hpp"
#include "hallmark/util/error.hpp"

namespace hallmark::sigstore {
namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& reason) {
  throw Error(ErrorKind::kVerification, "", "body: " + reason);
}

const json& member(const json& holder, std::initializer_list<const char*> path) {
  const json* current = &holder;
  std::string walked;
  for (const char* key : path) {
    walked += walked.empty() ? key : std::string(".") + key;
    if (!current->is_object() || !current->contains(key)) fail("no " + walked);
    current = &(*current)[key];
  }
  return *current;
}

std::string text(const json& holder, std::initializer_list<const char*> path) {
  const json& value = member(holder, path);
  if (!value.is_string()) fail("a field is not a string");
  return value.get<std::string>();
}

std::string decoded(const std::string& base64, const char* what) {
  std::optional<std::string> bytes = util::base64_decode_any(base64);
  if (!bytes) fail(std::string(what) + " is not base64");
  return *bytes;
}

void same_signature(const std::string& logged, const LoggedClaim& claim) {
  if (logged != claim.signature) fail("the logged signature is not the bundle's");
}

// The logged key material: a PEM certificate or public key (Rekor v1 writes base64 of the PEM).
void same_pem_material(const std::string& pem, const LoggedClaim& claim) {
  std::optional<crypto::PemBlock> block = crypto::pem_decode(pem);
  if (!block) fail("the logged key material is not PEM");
  bool same =
      block->type == "CERTIFICATE"  ? block->der == claim.certificate && !claim.certificate.empty()
      : block->type == "PUBLIC KEY" ? block->der == claim.public_key && !claim.public_key.empty()
                                    : false;
  if (!same) fail("the logged certificate or key is not the bundle's");
}

void same_hex_digest(const json& hash, const std::string& expected, const char* what) {
  if (!hash.is_object() || hash.value("algorithm", "") != "sha256")
    fail(std::string(what) + " is not a sha256 digest");
  if (hash.value("value", "") != util::hex_encode(expected))
    fail(std::string("the logged ") + what + " is not the bundle's");
}

std::string sha256(std::string_view data) {
  return crypto::digest(crypto::DigestAlgorithm::kSha256, data);
}

void hashedrekord_v1(const json& spec, const LoggedClaim& claim) {
  if (claim.is_dsse) fail("a DSSE envelope is not logged as a hashedrekord 0.0.1 entry");
  same_signature(decoded(text(spec, {"signature", "content"}), "the signature"), claim);
  same_pem_material(decoded(text(spec, {"signature", "publicKey", "content"}), "the key"), claim);
  if (claim.digest_algorithm != crypto::DigestAlgorithm::kSha256)
    fail("only sha256 artifact digests are logged");
  same_hex_digest(member(spec, {"data", "hash"}), claim.digest, "artifact digest");
}

void hashedrekord_v2(const json& spec, const LoggedClaim& claim) {
  const json& entry = member(spec, {"hashedRekordV002"});
  // Rekor v2 logs a DSSE envelope as a signature over the digest of its PAE.
  std::string digest = claim.is_dsse
                           ? sha256(attest::pae(claim.dsse_payload_type, claim.dsse_payload))
                           : claim.digest;
  if (text(entry, {"data", "algorithm"}) != "SHA2_256") fail("the logged digest is not SHA2_256");
  if (decoded(text(entry, {"data", "digest"}), "the digest") != digest)
    fail(claim.is_dsse ? "the logged digest is not that of the envelope's PAE"
                       : "the logged artifact digest is not the bundle's");
  same_signature(decoded(text(entry, {"signature", "content"}), "the signature"), claim);
  const json& verifier = member(entry, {"signature", "verifier"});
  if (verifier.contains("x509Certificate")) {
    if (claim.certificate.empty() || decoded(text(verifier, {"x509Certificate", "rawBytes"}),
                                             "the certificate") != claim.certificate)
      fail("the logged certificate is not the bundle's");
  } else if (verifier.contains("publicKey")) {
    if (claim.public_key.empty() ||
        decoded(text(verifier, {"publicKey", "rawBytes"}), "the key") != claim.public_key)
      fail("the logged key is not the bundle's");
  } else {
    fail("no verifier");
  }
}

void dsse_v1(const json& spec, const LoggedClaim& claim) {
  if (!claim.is_dsse) fail("a dsse entry does not log a message signature");
  same_hex_digest(member(spec, {"payloadHash"}), sha256(claim.dsse_payload), "payload digest");
  const json& signatures = member(spec, {"signatures"});
  if (!signatures.is_array() || signatures.size() != 1) fail("not exactly one logged signature");
  same_signature(decoded(text(signatures[0], {"signature"}), "the signature"), claim);
  same_pem_material(decoded(text(signatures[0], {"verifier"}), "the verifier"), claim);
}

void intoto_v2(const json& spec, const LoggedClaim& claim) {
  if (!claim.is_dsse) fail("an intoto entry does not log a message signature");
  same_hex_digest(member(spec, {"content", "payloadHash"}), sha256(claim.dsse_payload),
                  "payload digest");
  const json& signatures = member(spec, {"content", "envelope", "signatures"});
  if (!signatures.is_array() || signatures.size() != 1) fail("not exactly one logged signature");
  // intoto 0.0.2 base64-encodes the envelope's (already base64) signature once more.
  same_signature(decoded(decoded(text(signatures[0], {"sig"}), "the signature"), "the signature"),
                 claim);
  same_pem_material(decoded(text(signatures[0], {"publicKey"}), "the key"), claim);
}

}  // namespace

void check_entry_body(const TlogEntry& entry, const LoggedClaim& claim) {
  json body = json::parse(entry.canonicalized_body, nullptr, false);
  if (!body.is_object()) fail("not a JSON object");
  if (body.value("kind", "") != entry.kind || body.value("apiVersion", "") != entry.version)
    fail("its kind and version are not the entry's " + entry.kind + " " + entry.version);
  const json& spec = member(body, {"spec"});
  if (entry.kind == "hashedrekord" && entry.version == "0.0.1") return hashedrekord_v1(spec, claim);
  if (entry.kind == "hashedrekord" && entry.version == "0.0.2") return hashedrekord_v2(spec, claim);
  if (entry.kind == "dsse" && entry.version == "0.0.1") return dsse_v1(spec, claim);
  if (entry.kind == "intoto" && entry.version == "0.0.2") return intoto_v2(spec, claim);
  fail("unsupported entry kind " + entry.kind + " " + entry.version);
}

}  // namespace hallmark::sigstore
