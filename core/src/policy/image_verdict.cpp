#include "hallmark/policy/image_verdict.hpp"

#include <algorithm>

#include "hallmark/attest/image_claims.hpp"
#include "hallmark/util/error.hpp"

namespace hallmark::policy {

attest::ClaimKinds claims_needed(const Policy& policy, const std::string& repository) {
  const Rule* rule = policy.match(repository);
  if (rule == nullptr) return {false, false};  // the default action needs nothing
  return {!rule->signers.empty(), !rule->attestations.empty()};
}

namespace {

// An image's material before its claims are found: the reference and the digest it names now.
// A signature for the digest a tag named yesterday says nothing about what the tag names today.
std::pair<ImageMaterial, crypto::Digest> resolve_image(registry::Client& client,
                                                       const registry::Reference& parsed,
                                                       const std::string& reference) {
  ImageMaterial material;
  material.reference = reference;
  material.repository = parsed.name();
  crypto::Digest digest = client.resolve(parsed).digest;
  material.digest = digest.to_string();
  return {std::move(material), std::move(digest)};
}

}  // namespace

ImageMaterial fetch_image_material(registry::Client& client, const std::string& reference,
                                   attest::ClaimKinds kinds) {
  registry::Reference parsed = registry::Reference::parse(reference);
  auto [material, digest] = resolve_image(client, parsed, reference);
  material.claims = attest::find_claims(client, parsed, digest, kinds);
  return material;
}

Verdict verify_image(const Policy& policy, registry::Client& client, const std::string& reference) {
  registry::Reference parsed = registry::Reference::parse(reference);
  std::string repository = parsed.name();
  try {
    attest::ClaimKinds kinds = claims_needed(policy, repository);
    auto [material, digest] = resolve_image(client, parsed, reference);
    // Cosign's tags first; the referrers only when what the tags hold does not pass every check.
    // A check passes on its first verifying claim and tag claims come first, so a verdict that
    // passes on the tags alone is the one all the claims give: one registry request fewer for
    // every image signed the cosign way.
    material.claims = attest::find_tag_claims(client, parsed, digest, kinds);
    Verdict verdict = evaluate(policy, material);
    if (std::all_of(verdict.checks.begin(), verdict.checks.end(),
                    [](const Check& check) { return check.passed; }))
      return verdict;
    attest::add_referrer_claims(client, parsed, digest, kinds, material.claims);
    return evaluate(policy, material);
  } catch (const Error& error) {
    if (error.kind() != ErrorKind::kIo) throw;
    return evaluate_unreachable(policy, reference, repository, error.what());
  }
}

}  // namespace hallmark::policy
