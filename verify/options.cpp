#include "options.hpp"

#include <cstdlib>

#include "hallmark/crypto/keys.hpp"
#include "hallmark/util/error.hpp"

namespace hallmark::verify {
namespace {

constexpr const char* kGithubClaims[] = {"repository", "ref", "sha", "name", "trigger"};

}  // namespace

std::string optional_value(const cxxopts::ParseResult& args, const char* name) {
  return args.count(name) ? args[name].as<std::string>() : "";
}

// Who may have signed, and what is trusted.
void add_trust_options(cxxopts::Options& options) {
  options.add_options()(
      "key", "the public key (SPKI PEM, PKCS#1 RSA, or a certificate): key-based verification",
      cxxopts::value<std::string>())("certificate-identity",
                                     "keyless: the signer's identity (certificate SAN), exactly",
                                     cxxopts::value<std::string>())(
      "certificate-identity-regexp", "keyless: a regular expression the SAN must match whole",
      cxxopts::value<std::string>())("certificate-oidc-issuer", "keyless: the OIDC issuer, exactly",
                                     cxxopts::value<std::string>())(
      "certificate-oidc-issuer-regexp", "keyless: a regular expression the issuer must match whole",
      cxxopts::value<std::string>())(
      "trusted-root", "Sigstore trusted_root.json (default: $HALLMARK_TRUSTED_ROOT)",
      cxxopts::value<std::string>())("json", "print the verification result as JSON on stdout");
  for (const char* claim : kGithubClaims)
    options.add_options()(std::string("certificate-github-workflow-") + claim,
                          std::string("keyless: the GitHub workflow ") + claim + " it must have",
                          cxxopts::value<std::string>());
}

void trust_from(const cxxopts::ParseResult& args, Trust& trust, const char* root_variable) {
  std::string root_path = optional_value(args, "trusted-root");
  if (root_path.empty())
    if (const char* from_env = std::getenv(root_variable)) root_path = from_env;
  if (!root_path.empty()) trust.root = sigstore::TrustedRoot::load(root_path);
  if (args.count("key")) trust.options.key = crypto::load_public_key(args["key"].as<std::string>());
  sigstore::IdentityPolicy identity;
  identity.identity = optional_value(args, "certificate-identity");
  identity.identity_regexp = optional_value(args, "certificate-identity-regexp");
  identity.issuer = optional_value(args, "certificate-oidc-issuer");
  identity.issuer_regexp = optional_value(args, "certificate-oidc-issuer-regexp");
  for (const char* claim : kGithubClaims) {
    std::string value =
        optional_value(args, (std::string("certificate-github-workflow-") + claim).c_str());
    if (!value.empty()) identity.github_claims.emplace_back(claim, value);
  }
  bool any_identity = !identity.identity.empty() || !identity.identity_regexp.empty() ||
                      !identity.issuer.empty() || !identity.issuer_regexp.empty() ||
                      !identity.github_claims.empty();
  if (any_identity) {
    // Keyless without an identity and an issuer would accept anyone Fulcio vouches for.
    if (identity.identity.empty() == identity.identity_regexp.empty())
      throw_usage_error("give one of --certificate-identity and --certificate-identity-regexp");
    if (identity.issuer.empty() == identity.issuer_regexp.empty())
      throw_usage_error(
          "give one of --certificate-oidc-issuer and --certificate-oidc-issuer-regexp");
    trust.options.identity = identity;
  }
  if (trust.options.key.has_value() == any_identity)
    throw_usage_error("give either --key, or the signer's identity and issuer (see --help)");
  if (trust.root) trust.options.trusted_root = &*trust.root;
}

}  // namespace hallmark::verify
