// Sigstore bundles minted in memory for the verifier's unit tests. A test Fulcio (root and
// intermediate), a CT log, a Rekor v1 log (ECDSA P-256, SETs and checkpoints), a Rekor v2 log
// (Ed25519 checkpoints, no SETs) and an RFC 3161 timestamp authority, all made with OpenSSL 3;
// a BundleBuilder signs an artifact, logs it in a small Merkle tree and writes the bundle with the
// trusted_root.json that trusts all of it. Its fields and hooks break one thing at a time, so each
// failure test starts from a bundle that verifies and changes only what it is about.
//
// Nothing here is hand-made crypto or ASN.1: keys, signatures, digests, certificates, SCT lists
// and timestamp responses come from OpenSSL. Only the byte strings that are *signed* are assembled
// here (RFC 6962 SCT input, checkpoint text, SET JSON), since that is what the specs define.
#pragma once

#include <cstdint>
#include <ctime>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/ct.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/ts.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "hallmark/util/encoding.hpp"

namespace hallmark::test::sigstore_fixture {

using Key = std::shared_ptr<EVP_PKEY>;
using Cert = std::shared_ptr<X509>;
using nlohmann::json;
using util::base64_encode;
using util::hex_encode;

// 2023-11-14T22:13:20Z: when the test signer signs, the log integrates and the TSA stamps.
inline constexpr time_t kSigningTime = 1700000000;
inline constexpr char kIdentity[] =
    "https://github.com/acme/widget/.github/workflows/release.yml@refs/tags/v1.0.0";
inline constexpr char kIssuer[] = "https://token.actions.githubusercontent.com";
inline constexpr char kPredicateType[] = "https://slsa.dev/provenance/v1";
inline constexpr char kRekorUrl[] = "https://rekor.test";
inline constexpr char kRekorOrigin[] = "rekor.test - 1193050959916656506";  // "<name> - <tree ID>"
inline constexpr char kRekor2Url[] = "https://log2025-1.rekor.test";
inline constexpr char kV01[] = "application/vnd.dev.sigstore.bundle+json;version=0.1";
inline constexpr char kV02[] = "application/vnd.dev.sigstore.bundle+json;version=0.2";
inline constexpr char kV03[] = "application/vnd.dev.sigstore.bundle.v0.3+json";

// A failing OpenSSL call while minting is a fixture bug, never a verifier finding.
inline void openssl(long result, const char* what) {
  if (result > 0) return;
  char reason[256] = "";
  ERR_error_string_n(ERR_get_error(), reason, sizeof reason);
  throw std::runtime_error(std::string("fixture: OpenSSL ") + what + " failed: " + reason);
}

inline std::string bytes(const unsigned char* data, int length) {
  return std::string(reinterpret_cast<const char*>(data), static_cast<size_t>(length));
}
inline const unsigned char* uchars(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

// ---- keys, digests, signatures ---------------------------------------------------------------

inline Key ec_key() {
  return Key(EVP_EC_gen("P-256"), EVP_PKEY_free);
}
inline Key ed25519_key() {
  return Key(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"), EVP_PKEY_free);
}

inline std::string sha256(std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  openssl(EVP_Digest(data.data(), data.size(), out, &length, EVP_sha256(), nullptr), "digest");
  return bytes(out, static_cast<int>(length));
}

// ECDSA with SHA-256 (DER signature), or pure Ed25519: what Sigstore's logs and signers use.
inline std::string sign(const Key& key, std::string_view message) {
  bool ed25519 = EVP_PKEY_get_base_id(key.get()) == EVP_PKEY_ED25519;
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(),
                                                                  &EVP_MD_CTX_free);
  openssl(EVP_DigestSignInit(context.get(), nullptr, ed25519 ? nullptr : EVP_sha256(), nullptr,
                             key.get()),
          "sign init");
  size_t length = 0;
  openssl(EVP_DigestSign(context.get(), nullptr, &length, uchars(message), message.size()), "sign");
  std::string signature(length, '\0');
  openssl(EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                         uchars(message), message.size()),
          "sign");
  signature.resize(length);
  return signature;
}

// DER SubjectPublicKeyInfo of the key's public half.
inline std::string spki(const Key& key) {
  unsigned char* out = nullptr;
  int length = i2d_PUBKEY(key.get(), &out);
  openssl(length, "i2d_PUBKEY");
  std::string der = bytes(out, length);
  OPENSSL_free(out);
  return der;
}

inline std::string raw_ed25519(const Key& key) {
  std::string raw(32, '\0');
  size_t length = raw.size();
  openssl(
      EVP_PKEY_get_raw_public_key(key.get(), reinterpret_cast<unsigned char*>(raw.data()), &length),
      "raw public key");
  return raw;
}

inline std::string public_key_pem(const Key& key) {
  std::unique_ptr<BIO, decltype(&BIO_free)> out(BIO_new(BIO_s_mem()), &BIO_free);
  openssl(PEM_write_bio_PUBKEY(out.get(), key.get()), "PEM public key");
  char* data = nullptr;
  long length = BIO_get_mem_data(out.get(), &data);
  return std::string(data, static_cast<size_t>(length));
}

// ---- certificates ----------------------------------------------------------------------------

inline std::string der(const Cert& certificate) {
  unsigned char* out = nullptr;
  int length = i2d_X509(certificate.get(), &out);
  openssl(length, "i2d_X509");
  std::string encoded = bytes(out, length);
  OPENSSL_free(out);
  return encoded;
}

inline std::string pem(const Cert& certificate) {
  std::unique_ptr<BIO, decltype(&BIO_free)> out(BIO_new(BIO_s_mem()), &BIO_free);
  openssl(PEM_write_bio_X509(out.get(), certificate.get()), "PEM certificate");
  char* data = nullptr;
  long length = BIO_get_mem_data(out.get(), &data);
  return std::string(data, static_cast<size_t>(length));
}

// The DER of a UTF8String, as the newer Fulcio extensions (.1.8 onwards) hold their values.
inline std::string der_utf8(std::string_view text) {
  std::unique_ptr<ASN1_UTF8STRING, decltype(&ASN1_UTF8STRING_free)> value(ASN1_UTF8STRING_new(),
                                                                          &ASN1_UTF8STRING_free);
  openssl(ASN1_STRING_set(value.get(), text.data(), static_cast<int>(text.size())), "UTF8String");
  unsigned char* out = nullptr;
  int length = i2d_ASN1_UTF8STRING(value.get(), &out);
  openssl(length, "i2d_ASN1_UTF8STRING");
  std::string encoded = bytes(out, length);
  OPENSSL_free(out);
  return encoded;
}

// An extension by dotted OID, with the bytes of its extnValue (the Fulcio claims).
struct Extension {
  std::string oid;
  std::string value;
  bool critical = false;
};

struct CertificateSpec {
  std::string common_name;  // empty for Fulcio leaves, whose subject is empty
  time_t not_before = kSigningTime - 3 * 365 * 86400;
  time_t not_after = kSigningTime + 10 * 365 * 86400;
  bool ca = false;
  std::string extended_key_usage;  // OpenSSL's syntax: "codeSigning", "critical,timeStamping"
  std::string subject_alt_name;    // "URI:https://..." or "email:..."
  std::vector<Extension> extensions;
};

// The SCT a CT log issues for a precertificate (RFC 6962 3.2).
struct SctSpec {
  Key log_key;
  uint64_t timestamp_ms = static_cast<uint64_t>(kSigningTime - 30) * 1000;
};

inline void append_number(std::string& out, uint64_t value, int length) {
  for (int shift = (length - 1) * 8; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((value >> shift) & 0xff));
}

// The embedded SCT: the CT log signs the TBSCertificate as it is *before* the SCT list is added
// (RFC 6962 3.2, the precertificate's TBS without poison or SCT extensions), bound to the hash of
// the issuer's key. The list goes in with the ct_precert_scts extension and the certificate is
// signed again.
inline void embed_sct(X509* certificate, const Key& issuer_key, const SctSpec& spec) {
  unsigned char* tbs = nullptr;
  int tbs_length = i2d_re_X509_tbs(certificate, &tbs);
  openssl(tbs_length, "i2d_re_X509_tbs");
  std::string signed_data;
  append_number(signed_data, 0, 1);  // sct_version v1
  append_number(signed_data, 0, 1);  // signature_type certificate_timestamp
  append_number(signed_data, spec.timestamp_ms, 8);
  append_number(signed_data, 1, 2);  // entry_type precert_entry
  signed_data += sha256(spki(issuer_key));
  append_number(signed_data, static_cast<uint64_t>(tbs_length), 3);
  signed_data += bytes(tbs, tbs_length);
  append_number(signed_data, 0, 2);  // no CtExtensions
  OPENSSL_free(tbs);
  std::string signature = sign(spec.log_key, signed_data);
  std::string log_id = sha256(spki(spec.log_key));  // RFC 6962 3.2: SHA-256 of the log's key

  SCT* sct = SCT_new();
  openssl(SCT_set_version(sct, SCT_VERSION_V1), "SCT version");
  openssl(SCT_set_log_entry_type(sct, CT_LOG_ENTRY_TYPE_PRECERT), "SCT entry type");
  openssl(SCT_set1_log_id(sct, uchars(log_id), log_id.size()), "SCT log id");
  SCT_set_timestamp(sct, spec.timestamp_ms);
  openssl(SCT_set_signature_nid(sct, NID_ecdsa_with_SHA256), "SCT signature algorithm");
  openssl(SCT_set1_signature(sct, uchars(signature), signature.size()), "SCT signature");
  STACK_OF(SCT)* list = sk_SCT_new_null();
  sk_SCT_push(list, sct);
  int added = X509_add1_ext_i2d(certificate, NID_ct_precert_scts, list, 0, X509V3_ADD_DEFAULT);
  SCT_LIST_free(list);
  openssl(added, "add the SCT list");
  openssl(X509_sign(certificate, issuer_key.get(), EVP_sha256()), "X509_sign");
}

// A certificate for `key` issued by `issuer` (null: self-signed with `issuer_key`).
inline Cert mint_certificate(const CertificateSpec& spec, const Key& key, const Cert& issuer,
                             const Key& issuer_key, const std::optional<SctSpec>& sct = {}) {
  static long serial = 1;
  Cert certificate(X509_new(), X509_free);
  X509* x = certificate.get();
  openssl(X509_set_version(x, X509_VERSION_3), "version");
  openssl(ASN1_INTEGER_set(X509_get_serialNumber(x), serial++), "serial");
  X509_NAME* subject = X509_get_subject_name(x);
  if (!spec.common_name.empty())
    openssl(X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8, uchars(spec.common_name), -1,
                                       -1, 0),
            "subject");
  openssl(X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer.get()) : subject),
          "issuer");
  openssl(ASN1_TIME_set(X509_getm_notBefore(x), spec.not_before) != nullptr, "notBefore");
  openssl(ASN1_TIME_set(X509_getm_notAfter(x), spec.not_after) != nullptr, "notAfter");
  openssl(X509_set_pubkey(x, key.get()), "public key");

  X509V3_CTX context;
  X509V3_set_ctx(&context, issuer ? issuer.get() : x, x, nullptr, nullptr, 0);
  auto add = [&](int nid, const std::string& value) {
    X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value.c_str());
    openssl(extension != nullptr, value.c_str());
    openssl(X509_add_ext(x, extension, -1), "add extension");
    X509_EXTENSION_free(extension);
  };
  add(NID_basic_constraints, spec.ca ? "critical,CA:TRUE" : "critical,CA:FALSE");
  add(NID_key_usage, spec.ca ? "critical,keyCertSign,cRLSign" : "critical,digitalSignature");
  add(NID_subject_key_identifier, "hash");
  add(NID_authority_key_identifier, "keyid:always");
  if (!spec.extended_key_usage.empty()) add(NID_ext_key_usage, spec.extended_key_usage);
  if (!spec.subject_alt_name.empty())
    add(NID_subject_alt_name, "critical," + spec.subject_alt_name);  // Fulcio: the only name
  for (const Extension& added : spec.extensions) {
    ASN1_OBJECT* object = OBJ_txt2obj(added.oid.c_str(), 1);
    ASN1_OCTET_STRING* data = ASN1_OCTET_STRING_new();
    openssl(ASN1_OCTET_STRING_set(data, uchars(added.value), static_cast<int>(added.value.size())),
            added.oid.c_str());
    X509_EXTENSION* extension =
        X509_EXTENSION_create_by_OBJ(nullptr, object, added.critical ? 1 : 0, data);
    openssl(extension != nullptr && X509_add_ext(x, extension, -1), added.oid.c_str());
    X509_EXTENSION_free(extension);
    ASN1_OCTET_STRING_free(data);
    ASN1_OBJECT_free(object);
  }
  openssl(X509_sign(x, issuer_key.get(), EVP_sha256()), "X509_sign");
  if (sct) embed_sct(x, issuer_key, *sct);
  return certificate;
}

// ---- the trust material ----------------------------------------------------------------------

// One set of Sigstore services. Pki::trusted() is what the minted trusted_root.json names;
// Pki::stranger() is the same kind of material that no root trusts (another TSA, CT log or log
// key, a certificate the log never saw).
struct Pki {
  Key fulcio_root_key = ec_key(), fulcio_key = ec_key();
  Cert fulcio_root, fulcio;  // the root, and the intermediate that issues signing certificates
  Key ct_log = ec_key();
  Key rekor = ec_key();        // Rekor v1: ECDSA P-256, signs SETs and checkpoints
  Key rekor2 = ed25519_key();  // Rekor v2: Ed25519, signs checkpoints only
  Key tsa_root_key = ec_key(), tsa_key = ec_key();
  Cert tsa_root, tsa;
  Key signer = ec_key();  // the keyless signer's ephemeral key, or the managed key

  Pki() {
    fulcio_root =
        mint_certificate(ca("fulcio.test root"), fulcio_root_key, nullptr, fulcio_root_key);
    fulcio =
        mint_certificate(ca("fulcio.test intermediate"), fulcio_key, fulcio_root, fulcio_root_key);
    tsa_root = mint_certificate(ca("tsa.test root"), tsa_root_key, nullptr, tsa_root_key);
    // RFC 3161 2.3: the TSA's certificate has the timeStamping EKU, critical, and nothing else.
    CertificateSpec tsa_spec;
    tsa_spec.common_name = "tsa.test";
    tsa_spec.extended_key_usage = "critical,timeStamping";
    tsa = mint_certificate(tsa_spec, tsa_key, tsa_root, tsa_root_key);
  }
  static CertificateSpec ca(const char* name) {
    CertificateSpec spec;
    spec.common_name = name;
    spec.ca = true;
    return spec;
  }
  static const Pki& trusted() {
    static const Pki pki;
    return pki;
  }
  static const Pki& stranger() {
    static const Pki pki;
    return pki;
  }
};

// The log ID a trusted root and an entry name a log by: SHA-256 of the DER key for Rekor v1 (and
// CT logs); for Rekor v2 the C2SP note key hash H(name || 0x0A || 0x01 || raw Ed25519 key).
inline std::string rekor_log_id(const Key& key) {
  return sha256(spki(key));
}
inline std::string rekor2_name() {
  return std::string(kRekor2Url).substr(8);
}
inline std::string rekor2_log_id(const Key& key) {
  return sha256(rekor2_name() + "\n\x01" + raw_ed25519(key));
}

inline std::string rfc3339(time_t time) {
  char text[32];
  std::tm parts{};
  gmtime_r(&time, &parts);
  strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

inline json window(time_t start, std::optional<time_t> end = {}) {
  json valid_for = {{"start", rfc3339(start)}};
  if (end) valid_for["end"] = rfc3339(*end);
  return valid_for;
}

inline json chain_json(const std::vector<Cert>& certificates) {
  json list = json::array();
  for (const Cert& certificate : certificates)
    list.push_back({{"rawBytes", base64_encode(der(certificate))}});
  return {{"certificates", list}};
}

// trusted_root.json (protobuf-specs sigstore_trustroot.proto) trusting `pki`, everything valid
// from a year before the signing time on.
inline json trusted_root_json(const Pki& pki) {
  time_t start = kSigningTime - 365 * 86400;
  auto log = [&](const char* url, const Key& key, const char* details, const std::string& id) {
    return json{{"baseUrl", url},
                {"hashAlgorithm", "SHA2_256"},
                {"publicKey",
                 {{"rawBytes", base64_encode(spki(key))},
                  {"keyDetails", details},
                  {"validFor", window(start)}}},
                {"logId", {{"keyId", base64_encode(id)}}}};
  };
  return {
      {"mediaType", "application/vnd.dev.sigstore.trustedroot+json;version=0.1"},
      {"tlogs",
       {log(kRekorUrl, pki.rekor, "PKIX_ECDSA_P256_SHA_256", rekor_log_id(pki.rekor)),
        log(kRekor2Url, pki.rekor2, "PKIX_ED25519", rekor2_log_id(pki.rekor2))}},
      {"ctlogs",
       {log("https://ctfe.test", pki.ct_log, "PKIX_ECDSA_P256_SHA_256", sha256(spki(pki.ct_log)))}},
      {"certificateAuthorities",
       {{{"subject", {{"organization", "fulcio.test"}, {"commonName", "fulcio.test"}}},
         {"uri", "https://fulcio.test"},
         {"certChain", chain_json({pki.fulcio, pki.fulcio_root})},
         {"validFor", window(start)}}}},
      {"timestampAuthorities",
       {{{"subject", {{"organization", "tsa.test"}, {"commonName", "tsa.test"}}},
         {"uri", "https://tsa.test"},
         {"certChain", chain_json({pki.tsa, pki.tsa_root})},
         {"validFor", window(start)}}}},
  };
}

// ---- the transparency log --------------------------------------------------------------------

// RFC 6962 2.1: leaf and interior node hashes, the tree hash and an inclusion path (leaf to root).
inline std::string leaf_hash(std::string_view leaf) {
  return sha256(std::string(1, '\0') + std::string(leaf));
}
inline std::string node_hash(std::string_view left, std::string_view right) {
  return sha256("\x01" + std::string(left) + std::string(right));
}
inline size_t split_point(size_t size) {  // the largest power of two smaller than size
  size_t k = 1;
  while (k * 2 < size)
    k *= 2;
  return k;
}
inline std::string tree_hash(const std::vector<std::string>& leaves, size_t begin, size_t end) {
  if (end - begin == 1) return leaf_hash(leaves[begin]);
  size_t k = split_point(end - begin);
  return node_hash(tree_hash(leaves, begin, begin + k), tree_hash(leaves, begin + k, end));
}
inline void inclusion_path(const std::vector<std::string>& leaves, size_t index, size_t begin,
                           size_t end, std::vector<std::string>& path) {
  if (end - begin == 1) return;
  size_t k = split_point(end - begin);
  if (index < begin + k) {
    inclusion_path(leaves, index, begin, begin + k, path);
    path.push_back(tree_hash(leaves, begin + k, end));
  } else {
    inclusion_path(leaves, index, begin + k, end, path);
    path.push_back(tree_hash(leaves, begin, begin + k));
  }
}

// A checkpoint before it is signed (C2SP tlog-checkpoint, signed-note): hooks change any part.
struct Note {
  std::string origin;
  int64_t size = 0;
  std::string root_hash;
  std::vector<std::string> extensions;  // extra note lines ("Timestamp: ..." in Rekor v1)
  std::string name;                     // the signature line's key name
  Key key;
  std::string key_id;  // 4 bytes
  bool alter_signature = false;
  std::vector<std::string> more_signatures;  // whole lines ("— witness ...\n")
  bool others_first = false;                 // put them before the log's line

  std::string text() const {
    std::string body =
        origin + "\n" + std::to_string(size) + "\n" + base64_encode(root_hash) + "\n";
    for (const std::string& line : extensions)
      body += line + "\n";
    return body;
  }
  std::string envelope() const {
    std::string body = text();
    std::string signature = sign(key, body);
    if (alter_signature) signature.back() ^= 0x01;
    std::string own = "\xe2\x80\x94 " + name + " " + base64_encode(key_id + signature) + "\n";
    std::string others;
    for (const std::string& line : more_signatures)
      others += line;
    return body + "\n" + (others_first ? others + own : own + others);
  }
};

// A witness cosignature line (C2SP tlog-cosignature v1): key ID H(name || 0x0A || 0x04 || key),
// signature over "cosignature/v1\ntime T\n" and the checkpoint text, with the time in front.
inline std::string witness_cosignature(const std::string& checkpoint_text, const std::string& name,
                                       const Key& key, uint64_t time) {
  std::string key_id = sha256(name + "\n\x04" + raw_ed25519(key)).substr(0, 4);
  std::string signature =
      sign(key, "cosignature/v1\ntime " + std::to_string(time) + "\n" + checkpoint_text);
  std::string timestamp;
  append_number(timestamp, time, 8);
  return "\xe2\x80\x94 " + name + " " + base64_encode(key_id + timestamp + signature) + "\n";
}

// ---- RFC 3161 --------------------------------------------------------------------------------

// A DER TimeStampResp from `pki`'s TSA over SHA-256(`data`), stamped at `time`, the TSA's
// certificate embedded (certReq), as Sigstore's TSA answers.
inline std::string timestamp_response(const Pki& pki, std::string_view data, time_t time) {
  std::string digest = sha256(data);
  TS_REQ* request = TS_REQ_new();
  TS_MSG_IMPRINT* imprint = TS_MSG_IMPRINT_new();
  X509_ALGOR* algorithm = X509_ALGOR_new();
  X509_ALGOR_set0(algorithm, OBJ_nid2obj(NID_sha256), V_ASN1_NULL, nullptr);
  openssl(TS_MSG_IMPRINT_set_algo(imprint, algorithm), "imprint algorithm");
  openssl(TS_MSG_IMPRINT_set_msg(imprint, const_cast<unsigned char*>(uchars(digest)),
                                 static_cast<int>(digest.size())),
          "imprint");
  openssl(TS_REQ_set_version(request, 1), "request version");
  openssl(TS_REQ_set_msg_imprint(request, imprint), "request imprint");
  openssl(TS_REQ_set_cert_req(request, 1), "certReq");
  BIO* request_bio = BIO_new(BIO_s_mem());
  openssl(i2d_TS_REQ_bio(request_bio, request), "i2d_TS_REQ");
  X509_ALGOR_free(algorithm);
  TS_MSG_IMPRINT_free(imprint);
  TS_REQ_free(request);

  TS_RESP_CTX* context = TS_RESP_CTX_new();
  openssl(TS_RESP_CTX_set_signer_cert(context, pki.tsa.get()), "TSA certificate");
  openssl(TS_RESP_CTX_set_signer_key(context, pki.tsa_key.get()), "TSA key");
  openssl(TS_RESP_CTX_set_signer_digest(context, EVP_sha256()), "TSA digest");
  ASN1_OBJECT* policy = OBJ_txt2obj("1.3.6.1.4.1.57264.2", 1);
  openssl(TS_RESP_CTX_set_def_policy(context, policy), "TSA policy");
  ASN1_OBJECT_free(policy);
  openssl(TS_RESP_CTX_add_md(context, EVP_sha256()), "TSA digests");
  TS_RESP_CTX_set_time_cb(
      context,
      [](TS_RESP_CTX*, void* data, long* seconds, long* microseconds) {
        *seconds = static_cast<long>(*static_cast<time_t*>(data));
        *microseconds = 0;
        return 1;
      },
      &time);
  TS_RESP* response = TS_RESP_create_response(context, request_bio);
  openssl(response != nullptr, "TS_RESP_create_response");
  openssl(ASN1_INTEGER_get(TS_STATUS_INFO_get0_status(TS_RESP_get_status_info(response))) ==
              TS_STATUS_GRANTED,
          "timestamp granted");
  unsigned char* out = nullptr;
  int length = i2d_TS_RESP(response, &out);
  openssl(length, "i2d_TS_RESP");
  std::string encoded = bytes(out, length);
  OPENSSL_free(out);
  TS_RESP_free(response);
  TS_RESP_CTX_free(context);
  BIO_free(request_bio);
  return encoded;
}

// ---- the bundle ------------------------------------------------------------------------------

inline std::string pae(std::string_view type, std::string_view payload) {  // DSSE v1.0 PAE
  return "DSSEv1 " + std::to_string(type.size()) + " " + std::string(type) + " " +
         std::to_string(payload.size()) + " " + std::string(payload);
}

enum class Content { kMessageSignature, kDsse };
enum class Log { kRekorV1, kRekorV2 };

// What `build()` made: the bundle and trusted root as JSON (for last-minute edits), the artifact.
struct Minted {
  json bundle;
  json trusted_root;
  std::string artifact;
  std::string signature;  // the raw signature the bundle carries
  Cert leaf;              // null for key-based bundles
};

// The Fulcio signing certificate of a keyless signer.
struct LeafSpec {
  std::string subject_alt_name = std::string("URI:") + kIdentity;
  std::string issuer = kIssuer;
  std::string extended_key_usage = "codeSigning";
  time_t not_before = kSigningTime - 60;  // Fulcio: ten minutes of validity
  time_t not_after = kSigningTime + 540;
  bool sct = true;
  Key ct_log;                   // who issues the SCT; default the trusted CT log
  const Pki* fulcio = nullptr;  // whose intermediate issues it; default the trusted Fulcio
  std::vector<Extension> more_extensions;
};

struct BundleBuilder {
  std::string media_type = kV03;
  Content content = Content::kMessageSignature;
  Log log = Log::kRekorV1;
  bool keyless = true;  // false: the managed key Pki::signer, bundle material "publicKey"
  LeafSpec leaf;
  // v0.1/v0.2 form: x509CertificateChain holding the leaf and then these.
  bool chain_form = false;
  std::vector<Cert> chain_extra;

  std::string artifact = "hallmark test artifact\n";
  std::string signed_instead;  // when set, the signature is over these bytes: a wrong signature
  std::string subject_digest;  // DSSE: the statement subject's sha256 (raw), default the artifact's
  std::string predicate_type = kPredicateType;
  json predicate = json::object();

  bool set = true;    // Rekor v1: an inclusion promise
  bool proof = true;  // an inclusion proof with its checkpoint
  Key set_key;        // who signs the SET; default the trusted Rekor v1 key
  int64_t integrated_time = kSigningTime;
  bool timestamp = false;    // an RFC 3161 timestamp over the signature
  const Pki* tsa = nullptr;  // default the trusted TSA
  time_t timestamp_time = kSigningTime + 5;
  std::string timestamp_over;  // default the bundle's signature

  // Hooks, applied in this order: the body before it is logged (so the log's proofs cover the
  // change), the checkpoint before it is signed, then the finished bundle and trusted root.
  std::function<void(json& body)> on_body;
  std::function<void(Note& note)> on_checkpoint;
  std::function<void(json& bundle)> on_bundle;
  std::function<void(json& root)> on_root;

  Minted build() const {
    const Pki& pki = Pki::trusted();
    Minted minted;
    minted.artifact = artifact;
    minted.trusted_root = trusted_root_json(pki);

    // The signing certificate (keyless), issued by the trusted Fulcio intermediate.
    if (keyless) {
      CertificateSpec spec;
      spec.not_before = leaf.not_before;
      spec.not_after = leaf.not_after;
      spec.extended_key_usage = leaf.extended_key_usage;
      spec.subject_alt_name = leaf.subject_alt_name;
      // Fulcio's claims (docs/oid-info.md): the issuer as .1.8 (DER UTF8String) and as the
      // legacy .1.1 (raw bytes); GitHub's repository and ref, legacy and new.
      spec.extensions = {{"1.3.6.1.4.1.57264.1.1", leaf.issuer},
                         {"1.3.6.1.4.1.57264.1.8", der_utf8(leaf.issuer)},
                         {"1.3.6.1.4.1.57264.1.5", "acme/widget"},
                         {"1.3.6.1.4.1.57264.1.6", "refs/tags/v1.0.0"},
                         {"1.3.6.1.4.1.57264.1.12", der_utf8("https://github.com/acme/widget")},
                         {"1.3.6.1.4.1.57264.1.14", der_utf8("refs/tags/v1.0.0")}};
      spec.extensions.insert(spec.extensions.end(), leaf.more_extensions.begin(),
                             leaf.more_extensions.end());
      std::optional<SctSpec> sct;
      if (leaf.sct) sct = SctSpec{leaf.ct_log ? leaf.ct_log : pki.ct_log};
      const Pki& ca = leaf.fulcio ? *leaf.fulcio : pki;
      minted.leaf = mint_certificate(spec, pki.signer, ca.fulcio, ca.fulcio_key, sct);
    }

    // The content, signed by the signer's key.
    std::string artifact_digest = sha256(artifact);
    json content_json;
    std::string payload, payload_type = "application/vnd.in-toto+json";
    if (content == Content::kMessageSignature) {
      minted.signature = sign(pki.signer, signed_instead.empty() ? artifact : signed_instead);
      content_json = {{"messageDigest",
                       {{"algorithm", "SHA2_256"}, {"digest", base64_encode(artifact_digest)}}},
                      {"signature", base64_encode(minted.signature)}};
    } else {
      json statement = {{"_type", "https://in-toto.io/Statement/v1"},
                        {"subject",
                         {{{"name", "artifact.txt"},
                           {"digest",
                            {{"sha256", hex_encode(subject_digest.empty() ? artifact_digest
                                                                          : subject_digest)}}}}}},
                        {"predicateType", predicate_type},
                        {"predicate", predicate}};
      payload = statement.dump();
      minted.signature =
          sign(pki.signer, pae(payload_type, signed_instead.empty() ? payload : signed_instead));
      content_json = {{"payload", base64_encode(payload)},
                      {"payloadType", payload_type},
                      {"signatures", {{{"keyid", ""}, {"sig", base64_encode(minted.signature)}}}}};
    }

    // The logged body (rekor-types schemas; Rekor v2: protobuf JSON, canonical).
    json body;
    std::string key_pem = keyless ? pem(minted.leaf) : public_key_pem(pki.signer);
    if (log == Log::kRekorV2) {
      json verifier = {{"keyDetails", "PKIX_ECDSA_P256_SHA_256"}};
      if (keyless)
        verifier["x509Certificate"] = {{"rawBytes", base64_encode(der(minted.leaf))}};
      else
        verifier["publicKey"] = {{"rawBytes", base64_encode(spki(pki.signer))}};
      // Rekor v2 logs DSSE as a hashedrekord over SHA-256(PAE) (rekor-v2-spec 6.1.4).
      std::string digest =
          content == Content::kDsse ? sha256(pae(payload_type, payload)) : artifact_digest;
      body = {{"apiVersion", "0.0.2"},
              {"kind", "hashedrekord"},
              {"spec",
               {{"hashedRekordV002",
                 {{"data", {{"algorithm", "SHA2_256"}, {"digest", base64_encode(digest)}}},
                  {"signature",
                   {{"content", base64_encode(minted.signature)}, {"verifier", verifier}}}}}}}};
    } else if (content == Content::kMessageSignature) {
      body = {
          {"apiVersion", "0.0.1"},
          {"kind", "hashedrekord"},
          {"spec",
           {{"data", {{"hash", {{"algorithm", "sha256"}, {"value", hex_encode(artifact_digest)}}}}},
            {"signature",
             {{"content", base64_encode(minted.signature)},
              {"publicKey", {{"content", base64_encode(key_pem)}}}}}}}};
    } else {
      body = {{"apiVersion", "0.0.1"},
              {"kind", "dsse"},
              {"spec",
               {{"envelopeHash",
                 {{"algorithm", "sha256"}, {"value", hex_encode(sha256(content_json.dump()))}}},
                {"payloadHash", {{"algorithm", "sha256"}, {"value", hex_encode(sha256(payload))}}},
                {"signatures",
                 {{{"signature", base64_encode(minted.signature)},
                   {"verifier", base64_encode(key_pem)}}}}}}};
    }
    if (on_body) on_body(body);
    std::string canonical = body.dump();  // sorted keys, no spaces: RFC 8785 for this content

    // Logged at index 3 of a tree of 6, so the proof has hashes on both sides.
    std::vector<std::string> leaves = {"leaf 0", "leaf 1", "leaf 2", canonical, "leaf 4", "leaf 5"};
    const int64_t index = 3;
    std::vector<std::string> path;
    inclusion_path(leaves, index, 0, leaves.size(), path);
    std::string root_hash = tree_hash(leaves, 0, leaves.size());
    bool v2 = log == Log::kRekorV2;
    std::string log_id = v2 ? rekor2_log_id(pki.rekor2) : rekor_log_id(pki.rekor);
    // Rekor v1 entries carry the global index (the SET signs it), their proofs the shard's.
    int64_t log_index = v2 ? index : index + 100000;

    json entry = {{"logIndex", std::to_string(log_index)},
                  {"logId", {{"keyId", base64_encode(log_id)}}},
                  {"kindVersion", {{"kind", body["kind"]}, {"version", body["apiVersion"]}}},
                  {"canonicalizedBody", base64_encode(canonical)}};
    if (!v2) entry["integratedTime"] = std::to_string(integrated_time);
    if (!v2 && set) {
      // RFC 8785 canonical JSON of the four members (nlohmann keeps keys sorted: logID first).
      json promise = {{"body", base64_encode(canonical)},
                      {"integratedTime", integrated_time},
                      {"logID", hex_encode(log_id)},
                      {"logIndex", log_index}};
      entry["inclusionPromise"] = {
          {"signedEntryTimestamp",
           base64_encode(sign(set_key ? set_key : pki.rekor, promise.dump()))}};
    }
    if (proof) {
      Note note;
      note.origin = v2 ? rekor2_name() : kRekorOrigin;
      note.size = static_cast<int64_t>(leaves.size());
      note.root_hash = root_hash;
      if (!v2) note.extensions = {"Timestamp: " + std::to_string(integrated_time) + "000000000"};
      note.name = v2 ? rekor2_name() : "rekor.test";
      note.key = v2 ? pki.rekor2 : pki.rekor;
      note.key_id = log_id.substr(0, 4);
      if (on_checkpoint) on_checkpoint(note);
      json hashes = json::array();
      for (const std::string& hash : path)
        hashes.push_back(base64_encode(hash));
      entry["inclusionProof"] = {{"logIndex", std::to_string(index)},
                                 {"rootHash", base64_encode(root_hash)},
                                 {"treeSize", std::to_string(leaves.size())},
                                 {"hashes", hashes},
                                 {"checkpoint", {{"envelope", note.envelope()}}}};
    }

    json material = {{"tlogEntries", json::array({entry})}};
    if (!keyless) {
      material["publicKey"] = {{"hint", base64_encode(sha256(spki(pki.signer)))}};
    } else if (chain_form) {
      std::vector<Cert> chain = {minted.leaf};
      chain.insert(chain.end(), chain_extra.begin(), chain_extra.end());
      material["x509CertificateChain"] = chain_json(chain);
    } else {
      material["certificate"] = {{"rawBytes", base64_encode(der(minted.leaf))}};
    }
    if (timestamp) {
      std::string stamped = timestamp_over.empty() ? minted.signature : timestamp_over;
      material["timestampVerificationData"] = {
          {"rfc3161Timestamps",
           {{{"signedTimestamp",
              base64_encode(timestamp_response(tsa ? *tsa : pki, stamped, timestamp_time))}}}}};
    }
    minted.bundle = {{"mediaType", media_type}, {"verificationMaterial", material}};
    minted.bundle[content == Content::kDsse ? "dsseEnvelope" : "messageSignature"] = content_json;
    if (on_bundle) on_bundle(minted.bundle);
    if (on_root) on_root(minted.trusted_root);
    return minted;
  }
};

}  // namespace hallmark::test::sigstore_fixture
