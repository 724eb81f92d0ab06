#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include "hallmark/sigstore/certificate_checks.hpp"
#include "hallmark/util/error.hpp"

namespace hallmark::sigstore {
namespace {

time_t seconds_of(const ASN1_TIME* time) {
  std::tm parsed{};
  ASN1_TIME_to_tm(time, &parsed);
  return timegm(&parsed);
}

// notBefore <= when <= notAfter (X509_cmp_time cannot tell "equal" from "earlier").
bool valid_at(X509* certificate, time_t when) {
  return seconds_of(X509_get0_notBefore(certificate)) <= when &&
         when <= seconds_of(X509_get0_notAfter(certificate));
}

}  // namespace

ChainResult check_certificate_chain(const Certificate& leaf, const TrustedRoot& root,
                                    util::Clock::time_point time) {
  std::string reasons;
  time_t when = util::Clock::to_time_t(time);
  for (const CertificateAuthority& authority : root.certificate_authorities) {
    if (!authority.valid_at(time) || authority.chain.empty()) continue;
    // Every certificate of the authority is an anchor (their links were checked when the root was
    // read), so OpenSSL verifies the leaf's signature and the dates of the path it builds; the
    // dates of the certificates above the issuer are checked below.
    X509_STORE* store = X509_STORE_new();
    for (const Certificate& certificate : authority.chain)
      X509_STORE_add_cert(store, certificate.native());
    X509_STORE_CTX* context = X509_STORE_CTX_new();
    X509_STORE_CTX_init(context, store, leaf.native(), nullptr);
    X509_VERIFY_PARAM* params = X509_STORE_CTX_get0_param(context);
    // OpenSSL treats notAfter as exclusive; RFC 5280 (and every Sigstore client) as inclusive:
    // the dates are checked below, as closed intervals. (A verification time set on the
    // parameters would take precedence over NO_CHECK_TIME.)
    X509_VERIFY_PARAM_set_flags(params, X509_V_FLAG_PARTIAL_CHAIN | X509_V_FLAG_NO_CHECK_TIME);
    ChainResult result;
    if (X509_verify_cert(context) == 1) {
      STACK_OF(X509)* chain = X509_STORE_CTX_get0_chain(context);
      bool dated = true;
      for (int i = 0; i < sk_X509_num(chain); ++i)
        dated = dated && valid_at(sk_X509_value(chain, i), when);
      X509* issuer = sk_X509_num(chain) > 1 ? sk_X509_value(chain, 1) : nullptr;
      // The authority's certificate that issued the leaf, and the ones above it, at that time.
      const Certificate* signer = nullptr;
      bool above_valid = true;
      for (const Certificate& certificate : authority.chain) {
        if (signer != nullptr && !certificate.valid_at(time)) above_valid = false;
        if (signer == nullptr && issuer != nullptr && X509_cmp(certificate.native(), issuer) == 0)
          signer = &certificate;
      }
      if (!dated) {
        reasons += std::string(reasons.empty() ? "" : "; ") + "certificate not valid at that time";
      } else if (signer != nullptr && above_valid) {
        result.authority = &authority;
        result.issuer = signer;
      } else {
        reasons +=
            std::string(reasons.empty() ? "" : "; ") + "the CA chain is not valid at that time";
      }
    } else {
      reasons += std::string(reasons.empty() ? "" : "; ") +
                 X509_verify_cert_error_string(X509_STORE_CTX_get_error(context));
    }
    X509_STORE_CTX_free(context);
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
