// OCI image manifests for artifacts (signatures, attestations, SBOMs) that refer to an image:
// what pushing a referrer needs, written the same way every time for the same content.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "hallmark/registry/oci.hpp"

namespace hallmark::registry {

namespace media_type {
// The empty config of artifacts that have no config of their own (the blob "{}").
inline constexpr char kEmptyConfig[] = "application/vnd.oci.empty.v1+json";
}  // namespace media_type

// The descriptor of the empty config, "{}".
Descriptor empty_config();

struct ArtifactManifest {
  std::string artifact_type;  // "application/vnd.dev.sigstore.bundle.v0.3+json"
  Descriptor config = empty_config();
  std::vector<Descriptor> layers;
  std::optional<Descriptor> subject;
  std::map<std::string, std::string> annotations;
};

// The manifest's JSON (application/vnd.oci.image.manifest.v1+json), keys in a fixed order.
std::string to_json(const ArtifactManifest& manifest);

}  // namespace hallmark::registry
