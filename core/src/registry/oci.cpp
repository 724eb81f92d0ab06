#include "hallmark/registry/oci.hpp"

#include <nlohmann/json.hpp>

#include "hallmark/util/error.hpp"

namespace hallmark::registry {
namespace {

using nlohmann::json;

std::string normalize_architecture(std::string_view architecture) {
  if (architecture == "x86_64" || architecture == "x86-64") return "amd64";
  if (architecture == "aarch64") return "arm64";
  return std::string(architecture);
}

json parse_json(const std::string& text, const std::string& subject) {
  try {
    return json::parse(text);
  } catch (const json::parse_error& error) {
    throw_bad_input(subject, std::string("malformed JSON: ") + error.what());
  }
}

// Reads a string member; `required` ones must be present.
std::string string_member(const json& object, const char* key, const std::string& subject,
                          bool required) {
  auto member = object.find(key);
  if (member == object.end() || member->is_null()) {
    if (required) throw_bad_input(subject, std::string("missing \"") + key + "\"");
    return "";
  }
  if (!member->is_string())
    throw_bad_input(subject, std::string("\"") + key + "\" is not a string");
  return member->get<std::string>();
}

const json& array_member(const json& object, const char* key, const std::string& subject) {
  auto member = object.find(key);
  if (member == object.end() || !member->is_array())
    throw_bad_input(subject, std::string("missing array \"") + key + "\"");
  return *member;
}

}  // namespace

Platform Platform::parse(std::string_view text) {
  Platform platform;
  size_t first = text.find('/');
  platform.os = text.substr(0, first);
  if (first != std::string_view::npos) {
    std::string_view rest = text.substr(first + 1);
    size_t second = rest.find('/');
    platform.architecture = normalize_architecture(rest.substr(0, second));
    if (second != std::string_view::npos) platform.variant = rest.substr(second + 1);
  }
  if (platform.os.empty() || platform.architecture.empty() ||
      platform.variant.find('/') != std::string::npos)
    throw_usage_error("platform \"" + std::string(text) + "\" is not os/arch[/variant]");
  return platform;
}

std::string Platform::to_string() const {
  std::string text = os + "/" + architecture;
  if (!variant.empty()) text += "/" + variant;
  return text;
}

bool Platform::satisfies(const Platform& wanted) const {
  if (os != wanted.os || normalize_architecture(architecture) != wanted.architecture) return false;
  if (wanted.variant.empty()) return true;
  std::string own_variant = variant.empty() && wanted.architecture == "arm64" ? "v8" : variant;
  return own_variant == wanted.variant;
}

Descriptor parse_descriptor(const json& object, const std::string& subject) {
  if (!object.is_object()) throw_bad_input(subject, "a descriptor is not a JSON object");
  Descriptor descriptor;
  descriptor.media_type = string_member(object, "mediaType", subject, true);
  descriptor.digest =
      crypto::Digest::parse(string_member(object, "digest", subject, true), subject);
  auto size = object.find("size");
  if (size == object.end() || !size->is_number_unsigned())
    throw_bad_input(subject, "descriptor " + descriptor.digest.to_string() + " has no size");
  descriptor.size = size->get<uint64_t>();
  auto platform = object.find("platform");
  if (platform != object.end() && platform->is_object()) {
    Platform parsed;
    parsed.os = string_member(*platform, "os", subject, false);
    parsed.architecture =
        normalize_architecture(string_member(*platform, "architecture", subject, false));
    parsed.variant = string_member(*platform, "variant", subject, false);
    descriptor.platform = parsed;
  }
  auto annotations = object.find("annotations");
  if (annotations != object.end() && annotations->is_object())
    for (const auto& [key, value] : annotations->items())
      if (value.is_string()) descriptor.annotations[key] = value.get<std::string>();
  return descriptor;
}

bool is_index_media_type(std::string_view media_type) {
  return media_type == media_type::kOciIndex || media_type == media_type::kDockerManifestList;
}

bool is_manifest_media_type(std::string_view media_type) {
  return media_type == media_type::kOciManifest || media_type == media_type::kDockerManifest;
}

Index parse_index(const std::string& text, const std::string& subject) {
  json document = parse_json(text, subject);
  if (!document.is_object()) throw_bad_input(subject, "the index is not a JSON object");
  Index index;
  for (const json& entry : array_member(document, "manifests", subject))
    index.manifests.push_back(parse_descriptor(entry, subject));
  return index;
}

Manifest parse_manifest(const std::string& text, const std::string& subject,
                        std::string_view media_type_hint) {
  json document = parse_json(text, subject);
  if (!document.is_object()) throw_bad_input(subject, "the manifest is not a JSON object");
  Manifest manifest;
  manifest.media_type = string_member(document, "mediaType", subject, false);
  if (manifest.media_type.empty()) manifest.media_type = media_type_hint;
  if (!is_manifest_media_type(manifest.media_type))
    throw_bad_input(subject, "unsupported manifest media type \"" + manifest.media_type + "\"");
  auto config = document.find("config");
  if (config == document.end()) throw_bad_input(subject, "the manifest has no config");
  manifest.config = parse_descriptor(*config, subject);
  for (const json& layer : array_member(document, "layers", subject))
    manifest.layers.push_back(parse_descriptor(layer, subject));
  return manifest;
}

ImageConfig parse_config(const std::string& text, const std::string& subject) {
  json document = parse_json(text, subject);
  if (!document.is_object()) throw_bad_input(subject, "the image config is not a JSON object");
  ImageConfig config;
  config.platform.os = string_member(document, "os", subject, false);
  config.platform.architecture =
      normalize_architecture(string_member(document, "architecture", subject, false));
  config.platform.variant = string_member(document, "variant", subject, false);
  auto rootfs = document.find("rootfs");
  if (rootfs == document.end() || !rootfs->is_object())
    throw_bad_input(subject, "the image config has no rootfs");
  for (const json& diff_id : array_member(*rootfs, "diff_ids", subject)) {
    if (!diff_id.is_string()) throw_bad_input(subject, "a diff_id is not a string");
    config.diff_ids.push_back(crypto::Digest::parse(diff_id.get<std::string>(), subject));
  }
  return config;
}

void check_layer_media_type(const Descriptor& layer, const std::string& subject) {
  static constexpr std::string_view kReadable[] = {
      "application/vnd.oci.image.layer.v1.tar",
      "application/vnd.oci.image.layer.v1.tar+gzip",
      "application/vnd.oci.image.layer.v1.tar+zstd",
      "application/vnd.docker.image.rootfs.diff.tar",
      "application/vnd.docker.image.rootfs.diff.tar.gzip",
      "application/vnd.docker.image.rootfs.diff.tar.zstd",
  };
  for (std::string_view readable : kReadable)
    if (layer.media_type == readable) return;
  throw_bad_input(subject, "layer " + layer.digest.to_string() + " has media type \"" +
                               layer.media_type + "\", which is not a readable tar layer");
}

std::pair<std::string, std::string> split_image_name(std::string_view reference) {
  size_t at = reference.find('@');
  std::string_view named = reference.substr(0, at);
  size_t colon = named.rfind(':');
  size_t slash = named.rfind('/');
  if (colon == std::string_view::npos || (slash != std::string_view::npos && colon < slash))
    return {std::string(named), ""};
  return {std::string(named.substr(0, colon)), std::string(named.substr(colon + 1))};
}

}  // namespace hallmark::registry
