// The identity policy: who the certificate says signed (SAN), who vouched for it (the OIDC
// issuer), and for GitHub Actions which workflow run. Regular expressions match whole values.
#include <regex>

#include "hallmark/sigstore/certificate_checks.hpp"
#include "hallmark/util/error.hpp"
#include "hallmark/util/strings.hpp"

namespace hallmark::sigstore {
namespace {

[[noreturn]] void fail(const std::string& reason) {
  throw Error(ErrorKind::kVerification, "", "identity: " + reason);
}

bool regex_matches(const std::string& pattern, const std::string& value) {
  try {
    return std::regex_match(value, std::regex(pattern, std::regex::ECMAScript));
  } catch (const std::regex_error&) {
    throw_usage_error("\"" + pattern + "\" is not a regular expression");
  }
}

struct Claim {
  std::string_view flag;
  const char* legacy_oid;   // cosign's --certificate-github-workflow-* read these
  const char* oid;          // the newer claim, with its value spelled as the legacy one would be
  std::string_view prefix;  // what the newer value has in front ("https://github.com/")
};
constexpr Claim kClaims[] = {
    {"repository", fulcio_oid::kGithubRepository, fulcio_oid::kSourceRepositoryUri,
     "https://github.com/"},
    {"ref", fulcio_oid::kGithubRef, fulcio_oid::kSourceRepositoryRef, ""},
    {"sha", fulcio_oid::kGithubSha, fulcio_oid::kSourceRepositoryDigest, ""},
    {"name", fulcio_oid::kGithubWorkflowName, nullptr, ""},
    {"trigger", fulcio_oid::kGithubTrigger, fulcio_oid::kBuildTrigger, ""},
};

std::optional<std::string> claim_value(const Certificate& leaf, const Claim& claim) {
  if (std::optional<std::string> value = leaf.fulcio_claim(claim.legacy_oid)) return value;
  if (claim.oid == nullptr) return std::nullopt;
  std::optional<std::string> value = leaf.fulcio_claim(claim.oid);
  if (value && value->starts_with(claim.prefix)) value->erase(0, claim.prefix.size());
  return value;
}

}  // namespace

void check_identity(const Certificate& leaf, const IdentityPolicy& policy) {
  // A policy without an identity or an issuer would accept anyone a trusted CA certified.
  if (policy.identity.empty() == policy.identity_regexp.empty())
    throw_usage_error("an identity policy needs exactly one of an identity and an identity regexp");
  if (policy.issuer.empty() == policy.issuer_regexp.empty())
    throw_usage_error("an identity policy needs exactly one of an issuer and an issuer regexp");
  std::vector<std::string> names = leaf.subject_alternative_names();
  if (names.empty()) fail("the certificate names no identity (no URI or e-mail SAN)");
  bool identity_matched = false;
  for (const std::string& name : names)
    identity_matched = identity_matched ||
                       (!policy.identity.empty() ? name == policy.identity
                                                 : regex_matches(policy.identity_regexp, name));
  if (!identity_matched)
    fail("certificate SAN \"" + util::printable(names.front()) + "\" does not " +
         (policy.identity.empty() ? "match " + policy.identity_regexp
                                  : "equal the expected identity " + policy.identity));
  std::optional<std::string> issuer = leaf.oidc_issuer();
  if (!issuer) fail("the certificate names no OIDC issuer");
  bool issuer_matched = !policy.issuer.empty() ? *issuer == policy.issuer
                                               : regex_matches(policy.issuer_regexp, *issuer);
  if (!issuer_matched)
    fail("certificate issuer \"" + util::printable(*issuer) + "\" does not " +
         (policy.issuer.empty() ? "match " + policy.issuer_regexp
                                : "equal the expected issuer " + policy.issuer));
  for (const auto& [flag, expected] : policy.github_claims) {
    const Claim* claim = nullptr;
    for (const Claim& known : kClaims)
      if (known.flag == flag) claim = &known;
    if (claim == nullptr) throw_usage_error("unknown GitHub workflow claim \"" + flag + "\"");
    std::optional<std::string> value = claim_value(leaf, *claim);
    if (!value) fail("the certificate has no GitHub workflow " + flag);
    if (*value != expected)
      fail("GitHub workflow " + flag + " \"" + util::printable(*value) + "\" is not \"" + expected +
           "\"");
  }
}

}  // namespace hallmark::sigstore
