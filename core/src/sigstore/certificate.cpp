#include "hallmark/sigstore/certificate.hpp"

#include <openssl/asn1.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "hallmark/util/error.hpp"

namespace hallmark::sigstore {
namespace {

util::Clock::time_point to_time_point(const ASN1_TIME* time) {
  std::tm parsed{};
  ASN1_TIME_to_tm(time, &parsed);
  return util::Clock::from_time_t(timegm(&parsed));
}

std::string asn1_string(const ASN1_STRING* value) {
  return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(value)),
                     static_cast<size_t>(ASN1_STRING_length(value)));
}

// The extension with this dotted OID, or null.
X509_EXTENSION* find_extension(X509* certificate, std::string_view oid) {
  ASN1_OBJECT* object = OBJ_txt2obj(std::string(oid).c_str(), 1);
  if (object == nullptr) return nullptr;
  int index = X509_get_ext_by_OBJ(certificate, object, -1);
  ASN1_OBJECT_free(object);
  return index < 0 ? nullptr : X509_get_ext(certificate, index);
}

}  // namespace

Certificate Certificate::from_der(std::string_view der, const std::string& subject) {
  const unsigned char* cursor = reinterpret_cast<const unsigned char*>(der.data());
  X509* parsed = d2i_X509(nullptr, &cursor, static_cast<long>(der.size()));
  if (parsed == nullptr ||
      cursor != reinterpret_cast<const unsigned char*>(der.data()) + der.size()) {
    X509_free(parsed);
    ERR_clear_error();
    throw_bad_input(subject, "malformed certificate");
  }
  return Certificate(std::shared_ptr<X509>(parsed, &X509_free));
}

std::string Certificate::der() const {
  unsigned char* out = nullptr;
  int length = i2d_X509(certificate_.get(), &out);
  std::string bytes(reinterpret_cast<char*>(out), static_cast<size_t>(length > 0 ? length : 0));
  OPENSSL_free(out);
  return bytes;
}

util::Clock::time_point Certificate::not_before() const {
  return to_time_point(X509_get0_notBefore(certificate_.get()));
}

util::Clock::time_point Certificate::not_after() const {
  return to_time_point(X509_get0_notAfter(certificate_.get()));
}

bool Certificate::is_ca() const {
  return X509_check_ca(certificate_.get()) != 0;
}

bool Certificate::is_self_signed() const {
  return X509_check_issued(certificate_.get(), certificate_.get()) == X509_V_OK;
}

bool Certificate::issued(const Certificate& other) const {
  if (X509_check_issued(certificate_.get(), other.certificate_.get()) != X509_V_OK) return false;
  EVP_PKEY* key = X509_get0_pubkey(certificate_.get());
  bool verified = key != nullptr && X509_verify(other.certificate_.get(), key) == 1;
  ERR_clear_error();
  return verified;
}

bool Certificate::has_code_signing_usage() const {
  uint32_t usage = X509_get_extended_key_usage(certificate_.get());
  return usage != UINT32_MAX && (usage & XKU_CODE_SIGN) != 0;
}

std::vector<std::string> Certificate::subject_alternative_names() const {
  std::vector<std::string> names;
  auto* general = static_cast<GENERAL_NAMES*>(
      X509_get_ext_d2i(certificate_.get(), NID_subject_alt_name, nullptr, nullptr));
  if (general == nullptr) return names;
  for (int i = 0; i < sk_GENERAL_NAME_num(general); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(general, i);
    if (name->type == GEN_URI || name->type == GEN_EMAIL) names.push_back(asn1_string(name->d.ia5));
  }
  GENERAL_NAMES_free(general);
  return names;
}

std::optional<std::string> Certificate::fulcio_claim(std::string_view oid) const {
  X509_EXTENSION* extension = find_extension(certificate_.get(), oid);
  if (extension == nullptr) return std::nullopt;
  std::string value = asn1_string(X509_EXTENSION_get_data(extension));
  // Newer claims are DER UTF8Strings; the legacy ones (.1.1 to .1.6) hold the raw string.
  const unsigned char* cursor = reinterpret_cast<const unsigned char*>(value.data());
  ASN1_UTF8STRING* text = d2i_ASN1_UTF8STRING(nullptr, &cursor, static_cast<long>(value.size()));
  if (text != nullptr &&
      cursor == reinterpret_cast<const unsigned char*>(value.data()) + value.size()) {
    std::string decoded = asn1_string(text);
    ASN1_UTF8STRING_free(text);
    return decoded;
  }
  ASN1_UTF8STRING_free(text);
  ERR_clear_error();
  return value;
}

std::optional<std::string> Certificate::oidc_issuer() const {
  if (std::optional<std::string> issuer = fulcio_claim(fulcio_oid::kIssuer)) return issuer;
  return fulcio_claim(fulcio_oid::kIssuerLegacy);
}

std::string Certificate::unknown_critical_extension() const {
  for (int i = 0; i < X509_get_ext_count(certificate_.get()); ++i) {
    X509_EXTENSION* extension = X509_get_ext(certificate_.get(), i);
    if (!X509_EXTENSION_get_critical(extension)) continue;
    if (X509_supported_extension(extension)) continue;
    char oid[128];
    OBJ_obj2txt(oid, sizeof oid, X509_EXTENSION_get_object(extension), 1);
    return oid;
  }
  return "";
}

std::string Certificate::subject_name() const {
  char* text = X509_NAME_oneline(X509_get_subject_name(certificate_.get()), nullptr, 0);
  std::string name = text != nullptr ? text : "";
  OPENSSL_free(text);
  return name;
}

crypto::PublicKey Certificate::public_key(const std::string& subject) const {
  return crypto::PublicKey::from_native(X509_get0_pubkey(certificate_.get()), subject);
}

}  // namespace hallmark::sigstore
