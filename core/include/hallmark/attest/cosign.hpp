// cosign's conventions for signatures and attestations kept beside an image, so that what
// Hallmark stores cosign verifies and what cosign stores Hallmark verifies:
// - a signature is a layer of the manifest tagged "sha256-<hex>.sig": the layer is the
//   simple-signing payload naming the image digest, the signature is the annotation
//   dev.cosignproject.cosign/signature (base64);
// - an attestation is a layer of the manifest tagged "sha256-<hex>.att": the layer is a DSSE
//   envelope, its predicate type the annotation "predicateType";
// - keyless material rides in more annotations: the certificate, its chain, and the Rekor entry
//   with its signed entry timestamp ("bundle").
// Each layer is read as the Sigstore bundle it is equivalent to, so the one bundle verifier
// checks it.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "hallmark/attest/bundle.hpp"
#include "hallmark/crypto/digest.hpp"

namespace hallmark::attest::cosign {

namespace media_type {
inline constexpr char kSimpleSigning[] = "application/vnd.dev.cosign.simplesigning.v1+json";
inline constexpr char kDsseEnvelope[] = "application/vnd.dsse.envelope.v1+json";
inline constexpr char kImageConfig[] = "application/vnd.oci.image.config.v1+json";
}  // namespace media_type

namespace annotation {
inline constexpr char kSignature[] = "dev.cosignproject.cosign/signature";
inline constexpr char kCertificate[] = "dev.sigstore.cosign/certificate";
inline constexpr char kChain[] = "dev.sigstore.cosign/chain";
inline constexpr char kRekorBundle[] = "dev.sigstore.cosign/bundle";
inline constexpr char kPredicateType[] = "predicateType";
}  // namespace annotation

// The manifest `cosign save` marks as the image's attestations (annotation "kind").
inline constexpr char kAttestationsKind[] = "dev.cosignproject.cosign/atts";

// The predicate type of an image signature made as an in-toto statement (cosign's bundle
// format, and Hallmark's OCI 1.1 referrers): its subject is the signed image.
inline constexpr char kSignaturePredicateType[] = "https://sigstore.dev/cosign/sign/v1";

// "sha256-<hex>.sig" and "sha256-<hex>.att".
std::string signature_tag(const crypto::Digest& image);
std::string attestation_tag(const crypto::Digest& image);

// The simple-signing payload cosign signs for an image: {"critical": {"identity":
// {"docker-reference": REPOSITORY}, "image": {"docker-manifest-digest": DIGEST}, "type":
// "cosign container image signature"}, "optional": null}, compact, keys in cosign's order.
std::string simple_signing_payload(std::string_view repository, const crypto::Digest& image);
// The digest a simple-signing payload names ("sha256:..."), or "" when it is not one.
std::string signed_image_digest(std::string_view payload);

// The config cosign gives a signature or attestation manifest: an empty image config whose
// rootfs lists the manifest's layers, so that registries that insist on image configs take it.
std::string manifest_config(const std::vector<crypto::Digest>& layers);

// A .sig layer as a bundle: a message signature over `payload` (the layer's bytes), with the
// certificate, chain and Rekor entry when the annotations hold them. kBadInput naming `subject`
// when an annotation is malformed.
Bundle signature_bundle(const std::map<std::string, std::string>& annotations,
                        std::string_view payload, const std::string& subject);
// A .att layer (a DSSE envelope's JSON) as a bundle, with the keyless material the annotations
// hold.
Bundle attestation_bundle(const std::map<std::string, std::string>& annotations,
                          std::string_view envelope, const std::string& subject);

// The annotations a key-signed .sig layer carries.
std::map<std::string, std::string> signature_annotations(std::string_view signature);

}  // namespace hallmark::attest::cosign
