#include "hallmark/registry/artifact.hpp"

#include <nlohmann/json.hpp>

namespace hallmark::registry {
namespace {

using ordered_json = nlohmann::ordered_json;

ordered_json descriptor_json(const Descriptor& descriptor) {
  ordered_json json = {{"mediaType", descriptor.media_type},
                       {"digest", descriptor.digest.to_string()},
                       {"size", descriptor.size}};
  if (descriptor.platform) {
    json["platform"] = {{"architecture", descriptor.platform->architecture},
                        {"os", descriptor.platform->os}};
    if (!descriptor.platform->variant.empty())
      json["platform"]["variant"] = descriptor.platform->variant;
  }
  if (!descriptor.annotations.empty()) json["annotations"] = descriptor.annotations;
  return json;
}

}  // namespace

Descriptor empty_config() {
  Descriptor descriptor;
  descriptor.media_type = media_type::kEmptyConfig;
  descriptor.digest = crypto::Digest::of(crypto::DigestAlgorithm::kSha256, "{}");
  descriptor.size = 2;
  return descriptor;
}

std::string to_json(const ArtifactManifest& manifest) {
  ordered_json json = {{"schemaVersion", 2}, {"mediaType", media_type::kOciManifest}};
  if (!manifest.artifact_type.empty()) json["artifactType"] = manifest.artifact_type;
  json["config"] = descriptor_json(manifest.config);
  json["layers"] = ordered_json::array();
  for (const Descriptor& layer : manifest.layers)
    json["layers"].push_back(descriptor_json(layer));
  if (manifest.subject) json["subject"] = descriptor_json(*manifest.subject);
  if (!manifest.annotations.empty()) json["annotations"] = manifest.annotations;
  return json.dump();
}

}  // namespace hallmark::registry
