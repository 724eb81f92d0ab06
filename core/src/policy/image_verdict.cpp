#include "hallmark/policy/image_verdict.hpp"

#include "hallmark/attest/image_claims.hpp"
#include "hallmark/util/error.hpp"

namespace hallmark::policy {

attest::ClaimKinds claims_needed(const Policy& policy, const std::string& repository) {
  const Rule* rule = policy.match(repository);
  if (rule == nullptr) return {false, false};  // the default action needs nothing
  return {!rule->signers.empty(), !rule->attestations.empty()};
}

ImageMaterial fetch_image_material(registry::Client& client, const std::string& reference,
                                   attest::ClaimKinds kinds) {
  registry::Reference parsed = registry::Reference::parse(reference);
  ImageMaterial material;
  material.reference = reference;
  material.repository = parsed.name();
  // The digest the reference names now: a signature for the digest a tag named yesterday says
  // nothing about what the tag names today.
  crypto::Digest digest = client.resolve(parsed).digest;
  material.digest = digest.to_string();
  material.claims = attest::find_claims(client, parsed, digest, kinds);
  return material;
}

Verdict verify_image(const Policy& policy, registry::Client& client, const std::string& reference) {
  std::string repository = registry::Reference::parse(reference).name();
  try {
    return evaluate(policy,
                    fetch_image_material(client, reference, claims_needed(policy, repository)));
  } catch (const Error& error) {
    if (error.kind() != ErrorKind::kIo) throw;
    return evaluate_unreachable(policy, reference, repository, error.what());
  }
}

}  // namespace hallmark::policy
