#include "hallmark/policy/policy.hpp"
#include "hallmark/util/error.hpp"

namespace hallmark::policy {

Policy single_signer_policy(const sigstore::VerifyOptions& options, const std::string& key_name,
                            std::optional<sigstore::TrustedRoot> trusted_root,
                            const std::vector<std::string>& attestation_types) {
  Policy policy;
  policy.path = "(command line)";
  Signer signer;
  if (options.key) {
    signer.key = key_name;
    policy.keys.emplace(signer.key, *options.key);
  } else if (options.identity) {
    if (!trusted_root)
      throw_usage_error(
          "keyless verification needs a trusted root: pass --trusted-root FILE or set "
          "HALLMARK_TRUSTED_ROOT");
    signer.identity = *options.identity;
  } else {
    throw_usage_error("give either --key, or the signer's identity and issuer (see --help)");
  }
  if (trusted_root) {
    signer.trusted_root = "--trusted-root";
    policy.trusted_roots.emplace(signer.trusted_root, std::move(*trusted_root));
  }

  Rule rule;
  rule.name = "command line";
  rule.images = {"**"};
  rule.signers = {signer};
  for (const std::string& type : attestation_types)
    rule.attestations.push_back({type, signer, std::nullopt});
  policy.rules.push_back(std::move(rule));
  return policy;
}

}  // namespace hallmark::policy
