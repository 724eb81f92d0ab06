#include "hallmark/attest/image_claims.hpp"

#include <algorithm>
#include <functional>
#include <iterator>
#include <optional>

#include <nlohmann/json.hpp>

#include "hallmark/attest/cosign.hpp"
#include "hallmark/attest/sign.hpp"
#include "hallmark/registry/artifact.hpp"
#include "hallmark/util/error.hpp"

namespace hallmark::attest {
namespace {

using registry::Client;
using registry::Reference;
using Annotations = std::map<std::string, std::string>;

// Annotations of a bundle referrer, as cosign writes them: what the bundle holds, so that
// clients can pick referrers without fetching every bundle.
constexpr char kBundleContentAnnotation[] = "dev.sigstore.bundle.content";
constexpr char kBundlePredicateTypeAnnotation[] = "dev.sigstore.bundle.predicateType";

// A cosign tag's manifest, if the repository has one.
std::optional<registry::Manifest> cosign_manifest(Client& client, const Reference& at_tag) {
  std::optional<registry::FetchedManifest> fetched = client.find_manifest(at_tag);
  if (!fetched) return std::nullopt;
  return registry::parse_manifest(fetched->bytes, at_tag.to_string(),
                                  fetched->descriptor.media_type);
}

// Adds a layer to the cosign tag's manifest (made when there is none), keeping the layers that
// are there: other signers' signatures and attestations stay. The same layer twice (the same
// signature stored again) is stored once.
void append_to_cosign_tag(Client& client, const Reference& at_tag, registry::Descriptor layer) {
  std::vector<registry::Descriptor> layers;
  if (std::optional<registry::Manifest> existing = cosign_manifest(client, at_tag))
    layers = existing->layers;
  bool present = std::any_of(layers.begin(), layers.end(), [&](const registry::Descriptor& other) {
    return other.digest == layer.digest && other.annotations == layer.annotations;
  });
  if (!present) layers.push_back(std::move(layer));

  std::vector<crypto::Digest> digests;
  for (const registry::Descriptor& each : layers)
    digests.push_back(each.digest);
  registry::ArtifactManifest manifest;
  manifest.config =
      client.push_blob(at_tag, cosign::manifest_config(digests), cosign::media_type::kImageConfig);
  manifest.layers = std::move(layers);
  client.push_manifest(at_tag, registry::media_type::kOciManifest, registry::to_json(manifest));
}

bool wants_referrer(Client& client, const Reference& repository, ReferrersMode mode) {
  switch (mode) {
    case ReferrersMode::kAlways:
      return true;
    case ReferrersMode::kNever:
      return false;
    case ReferrersMode::kAuto:
      return client.supports_referrers_api(repository);
  }
  return false;
}

// Stores a DSSE bundle as an OCI 1.1 referrer of `image`.
std::string push_bundle_referrer(Client& client, const Reference& repository,
                                 const registry::Descriptor& image, const Bundle& bundle,
                                 const std::string& predicate_type) {
  registry::ArtifactManifest manifest;
  manifest.artifact_type = kBundleV03MediaType;
  manifest.config = client.push_blob(repository, "{}", registry::media_type::kEmptyConfig);
  manifest.layers = {client.push_blob(repository, bundle.to_json(), kBundleV03MediaType)};
  registry::Descriptor subject = image;
  subject.annotations.clear();
  subject.platform.reset();
  manifest.subject = subject;
  manifest.annotations = {{kBundleContentAnnotation, "dsse-envelope"},
                          {kBundlePredicateTypeAnnotation, predicate_type}};
  registry::Referrer pushed = client.push_referrer(repository, registry::to_json(manifest));
  return "referrer " + pushed.descriptor.digest.to_string();
}

// Runs `read` for one claim; what it cannot read goes to `unreadable` with the claim's origin.
void read_claim(ImageClaims& claims, const std::string& origin, const std::function<void()>& read) {
  try {
    read();
  } catch (const Error& error) {
    if (error.kind() != ErrorKind::kBadInput && error.kind() != ErrorKind::kVerification) throw;
    claims.unreadable.push_back(origin + ": " + error.message());
  }
}

// Every layer of a cosign tag's manifest as a claim: `to_bundle` reads one layer's bytes and
// annotations; signatures keep their payload (the bytes signed), attestations carry it inside.
void find_cosign_claims(Client& client, const Reference& reference, const std::string& tag,
                        bool keep_payload,
                        Bundle (*to_bundle)(const Annotations&, std::string_view,
                                            const std::string&),
                        std::vector<ImageClaim>& found, ImageClaims& claims) {
  std::optional<registry::Manifest> manifest;
  read_claim(claims, "tag " + tag,
             [&] { manifest = cosign_manifest(client, reference.at_tag(tag)); });
  if (!manifest) return;
  for (size_t i = 0; i < manifest->layers.size(); ++i) {
    const registry::Descriptor& layer = manifest->layers[i];
    std::string origin = "tag " + tag + " layer " + std::to_string(i);
    read_claim(claims, origin, [&] {
      std::string bytes = client.get_blob(reference, layer);
      Bundle bundle = to_bundle(layer.annotations, bytes, origin);
      found.push_back({std::move(bundle), keep_payload ? std::move(bytes) : "", origin});
    });
  }
}

void find_referrers(Client& client, const Reference& reference, const crypto::Digest& digest,
                    ImageClaims& claims) {
  for (const registry::Referrer& referrer :
       client.referrers(reference, digest, kBundleV03MediaType)) {
    std::string origin = "referrer " + referrer.descriptor.digest.to_string();
    read_claim(claims, origin, [&] {
      Reference at = reference.at_digest(referrer.descriptor.digest);
      registry::FetchedManifest fetched = client.get_manifest(at);
      registry::Manifest manifest =
          registry::parse_manifest(fetched.bytes, origin, fetched.descriptor.media_type);
      if (manifest.layers.size() != 1)
        throw_bad_input(origin, "a bundle referrer must have exactly one layer");
      Bundle bundle = Bundle::parse(client.get_blob(at, manifest.layers.front()), origin);
      // An image signature as a bundle is a statement about the image with cosign's signature
      // predicate type; every other bundle is an attestation.
      bool is_signature = false;
      if (bundle.envelope)
        is_signature = Statement::parse(bundle.envelope->payload, origin).predicate_type ==
                       cosign::kSignaturePredicateType;
      (is_signature ? claims.signatures : claims.attestations)
          .push_back({std::move(bundle), "", origin});
    });
  }
}

}  // namespace

ReferrersMode parse_referrers_mode(std::string_view text) {
  if (text == "auto") return ReferrersMode::kAuto;
  if (text == "always") return ReferrersMode::kAlways;
  if (text == "never") return ReferrersMode::kNever;
  throw_usage_error("--referrers is auto, always or never, not \"" + std::string(text) + "\"");
}

Statement image_statement(const Reference& reference, const crypto::Digest& image,
                          std::string predicate_type, nlohmann::json predicate) {
  Statement statement;
  statement.subjects.push_back(
      {.name = reference.name(),
       .uri = "",
       .digest = {{std::string(crypto::algorithm_name(image.algorithm)), image.hex}}});
  statement.predicate_type = std::move(predicate_type);
  statement.predicate = std::move(predicate);
  return statement;
}

std::vector<std::string> store_signature(Client& client, const Reference& reference,
                                         const registry::Descriptor& image,
                                         const crypto::PrivateKey& key, ReferrersMode referrers) {
  std::vector<std::string> stored;
  std::string payload = cosign::simple_signing_payload(reference.name(), image.digest);
  SignedBlob signed_payload = sign_message(payload, key);
  registry::Descriptor layer =
      client.push_blob(reference, payload, cosign::media_type::kSimpleSigning);
  layer.annotations = cosign::signature_annotations(signed_payload.signature);
  std::string tag = cosign::signature_tag(image.digest);
  append_to_cosign_tag(client, reference.at_tag(tag), std::move(layer));
  stored.push_back("tag " + tag);

  if (wants_referrer(client, reference, referrers)) {
    Statement statement =
        image_statement(reference, image.digest, cosign::kSignaturePredicateType, {});
    stored.push_back(push_bundle_referrer(client, reference, image, sign_statement(statement, key),
                                          cosign::kSignaturePredicateType));
  }
  return stored;
}

std::vector<std::string> store_attestation(Client& client, const Reference& reference,
                                           const registry::Descriptor& image,
                                           const Statement& statement,
                                           const crypto::PrivateKey& key, ReferrersMode referrers) {
  std::vector<std::string> stored;
  Bundle bundle = sign_statement(statement, key);
  registry::Descriptor layer = client.push_blob(reference, bundle.envelope->to_json().dump(),
                                                cosign::media_type::kDsseEnvelope);
  layer.annotations = {{cosign::annotation::kPredicateType, statement.predicate_type}};
  std::string tag = cosign::attestation_tag(image.digest);
  append_to_cosign_tag(client, reference.at_tag(tag), std::move(layer));
  stored.push_back("tag " + tag);
  if (wants_referrer(client, reference, referrers))
    stored.push_back(
        push_bundle_referrer(client, reference, image, bundle, statement.predicate_type));
  return stored;
}

ImageClaims find_tag_claims(Client& client, const Reference& reference,
                            const crypto::Digest& digest, ClaimKinds kinds) {
  ImageClaims claims;
  if (kinds.signatures)
    find_cosign_claims(client, reference, cosign::signature_tag(digest), true,
                       cosign::signature_bundle, claims.signatures, claims);
  if (kinds.attestations)
    find_cosign_claims(client, reference, cosign::attestation_tag(digest), false,
                       cosign::attestation_bundle, claims.attestations, claims);
  return claims;
}

void add_referrer_claims(Client& client, const Reference& reference, const crypto::Digest& digest,
                         ClaimKinds kinds, ImageClaims& claims) {
  if (!kinds.signatures && !kinds.attestations) return;
  // A referrer's kind is known only once its bundle is read: those of the other kind go.
  ImageClaims found;
  find_referrers(client, reference, digest, found);
  if (kinds.signatures)
    std::move(found.signatures.begin(), found.signatures.end(),
              std::back_inserter(claims.signatures));
  if (kinds.attestations)
    std::move(found.attestations.begin(), found.attestations.end(),
              std::back_inserter(claims.attestations));
  std::move(found.unreadable.begin(), found.unreadable.end(),
            std::back_inserter(claims.unreadable));
}

ImageClaims find_claims(Client& client, const Reference& reference, const crypto::Digest& digest,
                        ClaimKinds kinds) {
  ImageClaims claims = find_tag_claims(client, reference, digest, kinds);
  add_referrer_claims(client, reference, digest, kinds, claims);
  return claims;
}

}  // namespace hallmark::attest
