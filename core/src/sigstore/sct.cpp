// Embedded SCTs (RFC 6962 3.2-3.3): the CT log's signature over the precertificate, which is
// the leaf's TBSCertificate without the SCT list, bound to the issuer's key. OpenSSL parses the
// SCTs and re-encodes the TBS; the signed structure is assembled here because OpenSSL 3.0 can
// only load CT logs from a configuration file.
#include <openssl/ct.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "hallmark/sigstore/certificate_checks.hpp"
#include "hallmark/util/error.hpp"

namespace hallmark::sigstore {
namespace {

void append_number(std::string& out, uint64_t value, int bytes) {
  for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((value >> shift) & 0xff));
}

// TBSCertificate of the leaf with the SCT list extension removed: what the log signed.
std::string precertificate_tbs(X509* leaf) {
  X509* copy = X509_dup(leaf);
  if (copy == nullptr) return "";
  int index = X509_get_ext_by_NID(copy, NID_ct_precert_scts, -1);
  if (index >= 0) X509_EXTENSION_free(X509_delete_ext(copy, index));
  unsigned char* out = nullptr;
  int length = i2d_re_X509_tbs(copy, &out);
  std::string tbs(reinterpret_cast<char*>(out), static_cast<size_t>(length > 0 ? length : 0));
  OPENSSL_free(out);
  X509_free(copy);
  return tbs;
}

std::string issuer_key_hash(const Certificate& issuer) {
  unsigned char* spki = nullptr;
  int length = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(issuer.native()), &spki);
  std::string hash = crypto::digest(crypto::DigestAlgorithm::kSha256,
                                    std::string_view(reinterpret_cast<char*>(spki),
                                                     static_cast<size_t>(length > 0 ? length : 0)));
  OPENSSL_free(spki);
  return hash;
}

}  // namespace

int check_embedded_scts(const Certificate& leaf, const Certificate& issuer,
                        const TrustedRoot& root) {
  auto fail = [](const std::string& reason) {
    throw Error(ErrorKind::kVerification, "", "SCT: " + reason);
  };
  auto* scts = static_cast<STACK_OF(SCT)*>(
      X509_get_ext_d2i(leaf.native(), NID_ct_precert_scts, nullptr, nullptr));
  if (scts == nullptr) {
    ERR_clear_error();
    fail("the certificate has no embedded SCT");
  }
  std::string tbs = precertificate_tbs(leaf.native());
  std::string key_hash = issuer_key_hash(issuer);
  int verified = 0;
  for (int i = 0; i < sk_SCT_num(scts) && !tbs.empty() && !key_hash.empty(); ++i) {
    SCT* sct = sk_SCT_value(scts, i);
    if (SCT_get_version(sct) != SCT_VERSION_V1) continue;
    unsigned char* log_id = nullptr;
    size_t log_id_length = SCT_get0_log_id(sct, &log_id);
    const TransparencyLog* log =
        root.find_ctlog(std::string_view(reinterpret_cast<char*>(log_id), log_id_length));
    if (log == nullptr || !log->key) continue;  // a log this root does not trust
    uint64_t timestamp = SCT_get_timestamp(sct);
    if (!log->valid_for.contains(util::Clock::time_point(std::chrono::milliseconds(timestamp))))
      continue;
    unsigned char* extensions = nullptr;
    size_t extensions_length = SCT_get0_extensions(sct, &extensions);
    unsigned char* signature = nullptr;
    size_t signature_length = SCT_get0_signature(sct, &signature);
    std::string signed_data;
    append_number(signed_data, 0, 1);  // version v1
    append_number(signed_data, 0, 1);  // certificate_timestamp
    append_number(signed_data, timestamp, 8);
    append_number(signed_data, 1, 2);  // precert_entry
    signed_data += key_hash;
    append_number(signed_data, tbs.size(), 3);
    signed_data += tbs;
    append_number(signed_data, extensions_length, 2);
    signed_data.append(reinterpret_cast<char*>(extensions), extensions_length);
    if (log->key->verify(signed_data,
                         std::string_view(reinterpret_cast<char*>(signature), signature_length)))
      ++verified;
  }
  SCT_LIST_free(scts);
  if (verified == 0) fail("no embedded SCT verifies with a trusted CT log");
  return verified;
}

}  // namespace hallmark::sigstore
