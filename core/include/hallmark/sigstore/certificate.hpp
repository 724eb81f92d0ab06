// X.509 certificates as Sigstore uses them: Fulcio's short-lived signing certificates (identity
// in the SAN, OIDC issuer and workflow claims in extensions, SCTs embedded) and the CA and TSA
// chains of the trusted root. OpenSSL parses; nothing here reads ASN.1 by hand.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hallmark/crypto/keys.hpp"
#include "hallmark/util/time.hpp"

typedef struct x509_st X509;

namespace hallmark::sigstore {

// Fulcio's certificate extensions (sigstore-fulcio docs/oid-info.md).
namespace fulcio_oid {
inline constexpr char kIssuerLegacy[] = "1.3.6.1.4.1.57264.1.1";  // raw string
inline constexpr char kIssuer[] = "1.3.6.1.4.1.57264.1.8";        // DER UTF8String
inline constexpr char kGithubTrigger[] = "1.3.6.1.4.1.57264.1.2";
inline constexpr char kGithubSha[] = "1.3.6.1.4.1.57264.1.3";
inline constexpr char kGithubWorkflowName[] = "1.3.6.1.4.1.57264.1.4";
inline constexpr char kGithubRepository[] = "1.3.6.1.4.1.57264.1.5";
inline constexpr char kGithubRef[] = "1.3.6.1.4.1.57264.1.6";
inline constexpr char kBuildSignerUri[] = "1.3.6.1.4.1.57264.1.9";
inline constexpr char kBuildSignerDigest[] = "1.3.6.1.4.1.57264.1.10";
inline constexpr char kRunnerEnvironment[] = "1.3.6.1.4.1.57264.1.11";
inline constexpr char kSourceRepositoryUri[] = "1.3.6.1.4.1.57264.1.12";
inline constexpr char kSourceRepositoryDigest[] = "1.3.6.1.4.1.57264.1.13";
inline constexpr char kSourceRepositoryRef[] = "1.3.6.1.4.1.57264.1.14";
inline constexpr char kSourceRepositoryIdentifier[] = "1.3.6.1.4.1.57264.1.15";
inline constexpr char kSourceRepositoryOwnerIdentifier[] = "1.3.6.1.4.1.57264.1.17";
inline constexpr char kBuildConfigUri[] = "1.3.6.1.4.1.57264.1.18";
inline constexpr char kBuildConfigDigest[] = "1.3.6.1.4.1.57264.1.19";
inline constexpr char kBuildTrigger[] = "1.3.6.1.4.1.57264.1.20";
inline constexpr char kRunInvocationUri[] = "1.3.6.1.4.1.57264.1.21";
}  // namespace fulcio_oid

class Certificate {
 public:
  // kBadInput naming `subject` when `der` is not one whole DER certificate.
  static Certificate from_der(std::string_view der, const std::string& subject);

  std::string der() const;
  util::Clock::time_point not_before() const;
  util::Clock::time_point not_after() const;
  bool valid_at(util::Clock::time_point time) const {
    return time >= not_before() && time <= not_after();
  }
  bool is_ca() const;
  bool is_self_signed() const;
  // Whether this certificate issued `other` (names, key identifiers and signature).
  bool issued(const Certificate& other) const;
  bool has_code_signing_usage() const;
  // The URI and e-mail SANs, as written.
  std::vector<std::string> subject_alternative_names() const;
  // The value of a Fulcio claim: a DER UTF8String extension, or a legacy one holding the raw
  // string. nullopt when absent.
  std::optional<std::string> fulcio_claim(std::string_view oid) const;
  // The OIDC issuer: extension .1.8, else the legacy .1.1.
  std::optional<std::string> oidc_issuer() const;
  // A critical extension the verifier does not know (fail closed), or empty.
  std::string unknown_critical_extension() const;
  std::string subject_name() const;
  crypto::PublicKey public_key(const std::string& subject) const;

  X509* native() const { return certificate_.get(); }

 private:
  explicit Certificate(std::shared_ptr<X509> certificate) : certificate_(std::move(certificate)) {}
  std::shared_ptr<X509> certificate_;
};

}  // namespace hallmark::sigstore
