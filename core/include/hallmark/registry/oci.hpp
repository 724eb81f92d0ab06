// The OCI image format's JSON documents (index, manifest, config) and platforms, as registries
// serve them and as OCI layouts, OCI archives and docker-archives hold them.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "hallmark/crypto/digest.hpp"

namespace hallmark::registry {

namespace media_type {
inline constexpr char kOciIndex[] = "application/vnd.oci.image.index.v1+json";
inline constexpr char kOciManifest[] = "application/vnd.oci.image.manifest.v1+json";
inline constexpr char kDockerManifestList[] =
    "application/vnd.docker.distribution.manifest.list.v2+json";
inline constexpr char kDockerManifest[] = "application/vnd.docker.distribution.manifest.v2+json";
}  // namespace media_type

struct Platform {
  std::string os;
  std::string architecture;
  std::string variant;

  // "linux/amd64", "linux/arm64/v8". Architecture aliases (x86_64, aarch64) are normalized.
  static Platform parse(std::string_view text);
  std::string to_string() const;
  // Whether this (an image's) platform is what `wanted` asks for; an empty wanted variant
  // accepts any variant, and arm64 without a variant is v8.
  bool satisfies(const Platform& wanted) const;
};

struct Descriptor {
  std::string media_type;
  crypto::Digest digest;
  uint64_t size = 0;
  std::optional<Platform> platform;
  std::map<std::string, std::string> annotations;
};

// The parts of OCI / Docker v2 JSON documents Hallmark reads. Malformed documents throw
// kBadInput naming `subject`.
Descriptor parse_descriptor(const nlohmann::json& json, const std::string& subject);

bool is_index_media_type(std::string_view media_type);
bool is_manifest_media_type(std::string_view media_type);

struct Index {
  std::vector<Descriptor> manifests;
};
Index parse_index(const std::string& text, const std::string& subject);

struct Manifest {
  std::string media_type;
  Descriptor config;
  std::vector<Descriptor> layers;
};
// `media_type_hint` is the descriptor's media type, for manifests that do not state their own.
Manifest parse_manifest(const std::string& text, const std::string& subject,
                        std::string_view media_type_hint = "");

struct ImageConfig {
  Platform platform;
  std::vector<crypto::Digest> diff_ids;
};
ImageConfig parse_config(const std::string& text, const std::string& subject);

// Checks a layer's media type: tar, tar+gzip or tar+zstd in its OCI or Docker spelling.
// Anything else (foreign, encrypted, unknown) is kBadInput: we do not guess at layer contents.
void check_layer_media_type(const Descriptor& layer, const std::string& subject);

// "registry.example.com/team/app:1.2" -> name and tag ("" when none; digests are kept in name).
std::pair<std::string, std::string> split_image_name(std::string_view reference);

}  // namespace hallmark::registry
