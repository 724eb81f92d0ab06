#include "hallmark/provenance/cosign_layout.hpp"

#include <filesystem>

#include "hallmark/attest/cosign.hpp"
#include "hallmark/registry/oci.hpp"
#include "hallmark/util/error.hpp"
#include "hallmark/util/file.hpp"

namespace hallmark::provenance {
namespace {

std::string read_blob(const std::filesystem::path& layout, const crypto::Digest& digest) {
  std::string blob = util::read_file(
      layout / "blobs" / std::string(crypto::algorithm_name(digest.algorithm)) / digest.hex);
  if (crypto::Digest::of(digest.algorithm, blob) != digest)
    throw_bad_input(layout.string(), "blob " + digest.to_string() + " does not match its digest");
  return blob;
}

}  // namespace

std::vector<CosignAttestation> read_cosign_attestations(const std::string& layout_path) {
  std::filesystem::path layout(layout_path);
  registry::Index index =
      registry::parse_index(util::read_file(layout / "index.json"), layout_path);
  std::vector<CosignAttestation> attestations;
  for (const registry::Descriptor& descriptor : index.manifests) {
    auto kind = descriptor.annotations.find("kind");
    if (kind == descriptor.annotations.end() || kind->second != attest::cosign::kAttestationsKind)
      continue;
    registry::Manifest manifest = registry::parse_manifest(read_blob(layout, descriptor.digest),
                                                           layout_path, descriptor.media_type);
    for (const registry::Descriptor& layer : manifest.layers) {
      std::string name = layout_path + ": layer " + layer.digest.to_string();
      attestations.push_back({name, attest::cosign::attestation_bundle(
                                        layer.annotations, read_blob(layout, layer.digest), name)});
    }
  }
  if (attestations.empty())
    throw_bad_input(layout_path, "the layout holds no cosign attestation (" +
                                     std::string(attest::cosign::kAttestationsKind) + " manifest)");
  return attestations;
}

}  // namespace hallmark::provenance
