#include "hallmark/sigstore/timestamp.hpp"

#include <memory>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ts.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include "hallmark/util/error.hpp"

namespace hallmark::sigstore {
namespace {

[[noreturn]] void fail(const std::string& reason) {
  throw Error(ErrorKind::kVerification, "", "timestamp: " + reason);
}

std::string openssl_reason() {
  unsigned long code = ERR_peek_last_error();
  char text[256] = "unknown error";
  if (code != 0) ERR_error_string_n(code, text, sizeof text);
  ERR_clear_error();
  return text;
}

// One authority: the token verifies with its signing certificate, chained to its anchor at the
// time of the token (a TSA certificate that expired since still vouches for its old tokens).
bool verifies_with(TS_RESP* response, std::string_view signature, time_t when,
                   const CertificateAuthority& authority, std::string& reason) {
  X509_STORE* store = X509_STORE_new();
  STACK_OF(X509)* untrusted = sk_X509_new_null();
  bool built = store != nullptr && untrusted != nullptr;
  for (size_t i = 0; built && i < authority.chain.size(); ++i) {
    X509* certificate = authority.chain[i].native();
    if (i + 1 == authority.chain.size()) {
      X509_STORE_add_cert(store, certificate);  // the anchor
    } else {
      X509_up_ref(certificate);
      sk_X509_push(untrusted, certificate);  // the signing certificate and intermediates
    }
  }
  if (!built) {
    X509_STORE_free(store);
    sk_X509_pop_free(untrusted, X509_free);
    reason = "the authority's certificates do not parse";
    return false;
  }
  X509_VERIFY_PARAM* params = X509_STORE_get0_param(store);
  X509_VERIFY_PARAM_set_time(params, when);
  X509_VERIFY_PARAM_set_flags(params, X509_V_FLAG_PARTIAL_CHAIN);

  TS_VERIFY_CTX* context = TS_VERIFY_CTX_new();
  TS_VERIFY_CTX_set_flags(context, TS_VFY_SIGNATURE | TS_VFY_VERSION | TS_VFY_DATA);
  TS_VERIFY_CTX_set_data(context,
                         BIO_new_mem_buf(signature.data(), static_cast<int>(signature.size())));
  TS_VERIFY_CTX_set_store(context, store);      // owned by the context from here
  TS_VERIFY_CTX_set_certs(context, untrusted);  // likewise
  bool verified = TS_RESP_verify_response(context, response) == 1;
  if (!verified) reason = openssl_reason();
  // The token must be signed by the authority's own signing certificate, not by another
  // certificate its CA issued (as sigstore-go requires).
  if (verified) {
    PKCS7* token = TS_RESP_get_token(response);
    STACK_OF(X509)* known = sk_X509_new_null();
    sk_X509_push(known, authority.chain.front().native());
    STACK_OF(X509)* signers = PKCS7_get0_signers(token, known, 0);
    verified = signers != nullptr && sk_X509_num(signers) == 1 &&
               X509_cmp(sk_X509_value(signers, 0), authority.chain.front().native()) == 0;
    sk_X509_free(signers);
    sk_X509_free(known);
    ERR_clear_error();
    if (!verified) reason = "not signed by the authority's signing certificate";
  }
  TS_VERIFY_CTX_free(context);
  return verified;
}

}  // namespace

util::Clock::time_point check_timestamp(std::string_view response_der, std::string_view signature,
                                        const std::vector<CertificateAuthority>& authorities) {
  const unsigned char* cursor = reinterpret_cast<const unsigned char*>(response_der.data());
  std::unique_ptr<TS_RESP, decltype(&TS_RESP_free)> response(
      d2i_TS_RESP(nullptr, &cursor, static_cast<long>(response_der.size())), &TS_RESP_free);
  if (!response) {
    ERR_clear_error();
    fail("not an RFC 3161 response");
  }
  TS_TST_INFO* info = TS_RESP_get_tst_info(response.get());
  if (info == nullptr) fail("the response holds no timestamp token");
  std::tm parsed{};
  if (ASN1_TIME_to_tm(TS_TST_INFO_get_time(info), &parsed) != 1) fail("unreadable time");
  time_t when = timegm(&parsed);
  util::Clock::time_point time = util::Clock::from_time_t(when);
  if (authorities.empty()) fail("the trusted root has no timestamp authority");

  std::string reasons;
  for (const CertificateAuthority& authority : authorities) {
    std::string reason;
    if (!verifies_with(response.get(), signature, when, authority, reason)) {
      reasons += (reasons.empty() ? "" : "; ") + reason;
      continue;
    }
    if (!authority.valid_at(time))
      fail("its time " + util::format_rfc3339(time) +
           " is outside the window its authority is trusted for");
    return time;
  }
  fail("no trusted authority vouches for it (" + reasons + ")");
}

}  // namespace hallmark::sigstore
