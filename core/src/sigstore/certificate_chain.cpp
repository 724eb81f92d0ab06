#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include "hallmark/sigstore/certificate_checks.hpp"
#include "hallmark/util/error.hpp"

namespace hallmark::sigstore {
namespace {

X509* parse(const std::string& der) {
  const unsigned char* cursor = reinterpret_cast<const unsigned char*>(der.data());
  return d2i_X509(nullptr, &cursor, static_cast<long>(der.size()));
}

std::string der_of(X509* certificate) {
  unsigned char* out = nullptr;
  int length = i2d_X509(certificate, &out);
  std::string bytes(reinterpret_cast<char*>(out), static_cast<size_t>(length > 0 ? length : 0));
  OPENSSL_free(out);
  return bytes;
}

}  // namespace

ChainResult check_certificate_chain(const Certificate& leaf, const TrustedRoot& root,
                                    util::Clock::time_point time) {
  std::string reasons;
  for (const CertificateAuthority& authority : root.certificate_authorities) {
    if (!authority.valid_at(time) || authority.chain.empty()) continue;
    X509_STORE* store = X509_STORE_new();
    STACK_OF(X509)* intermediates = sk_X509_new_null();
    for (size_t i = 0; i < authority.chain.size(); ++i) {
      X509* certificate = parse(authority.chain[i]);
      if (certificate == nullptr) continue;
      if (i + 1 == authority.chain.size()) {
        X509_STORE_add_cert(store, certificate);
        X509_free(certificate);
      } else {
        sk_X509_push(intermediates, certificate);
      }
    }
    X509_STORE_CTX* context = X509_STORE_CTX_new();
    X509_STORE_CTX_init(context, store, leaf.native(), intermediates);
    X509_VERIFY_PARAM* params = X509_STORE_CTX_get0_param(context);
    X509_VERIFY_PARAM_set_time(params, util::Clock::to_time_t(time));
    // The trusted root's last certificate is the anchor, even when it is not self-signed.
    X509_VERIFY_PARAM_set_flags(params, X509_V_FLAG_PARTIAL_CHAIN);
    ChainResult result;
    if (X509_verify_cert(context) == 1) {
      STACK_OF(X509)* chain = X509_STORE_CTX_get0_chain(context);
      result.authority = &authority;
      if (sk_X509_num(chain) > 1) result.issuer = der_of(sk_X509_value(chain, 1));
    } else {
      reasons += std::string(reasons.empty() ? "" : "; ") +
                 X509_verify_cert_error_string(X509_STORE_CTX_get_error(context));
    }
    X509_STORE_CTX_free(context);
    sk_X509_pop_free(intermediates, X509_free);
    X509_STORE_free(store);
    ERR_clear_error();
    if (result.authority != nullptr) return result;
  }
  throw Error(ErrorKind::kVerification, "",
              "certificate chain: no trusted CA issued the signing certificate valid at " +
                  util::format_rfc3339(time) + (reasons.empty() ? "" : " (" + reasons + ")"));
}

void check_leaf_profile(const Certificate& leaf) {
  if (!leaf.has_code_signing_usage())
    throw Error(ErrorKind::kVerification, "", "certificate: not a code-signing certificate");
  std::string unknown = leaf.unknown_critical_extension();
  if (!unknown.empty())
    throw Error(ErrorKind::kVerification, "", "certificate: unknown critical extension " + unknown);
}

}  // namespace hallmark::sigstore
