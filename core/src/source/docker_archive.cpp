// `docker save` archives: manifest.json names each image's config and layer tars. Older Docker
// writes <id>/layer.tar and <hex>.json; Docker 25+ writes an OCI layout inside with blobs/.
// Layers are checked against the config's diff_ids (the digests of the uncompressed tars), and
// a layer stored under blobs/ also against the digest in its name.
#include <nlohmann/json.hpp>

#include "hallmark/crypto/digest_stream.hpp"
#include "hallmark/util/error.hpp"

#include "image_source.hpp"

namespace hallmark::source {
namespace {

using nlohmann::json;

struct ArchiveImage {
  std::string config;
  std::vector<std::string> repo_tags;
  std::vector<std::string> layers;
};

std::vector<ArchiveImage> parse_archive_manifest(const std::string& text,
                                                 const std::string& subject) {
  json document;
  try {
    document = json::parse(text);
  } catch (const json::parse_error& error) {
    throw_bad_input(subject, std::string("malformed JSON: ") + error.what());
  }
  if (!document.is_array()) throw_bad_input(subject, "manifest.json is not a JSON array");
  std::vector<ArchiveImage> images;
  for (const json& entry : document) {
    ArchiveImage image;
    auto config = entry.find("Config");
    auto layers = entry.find("Layers");
    if (!entry.is_object() || config == entry.end() || !config->is_string() ||
        layers == entry.end() || !layers->is_array())
      throw_bad_input(subject, "manifest.json: an image without Config and Layers");
    image.config = config->get<std::string>();
    for (const json& layer : *layers) {
      if (!layer.is_string()) throw_bad_input(subject, "manifest.json: a layer is not a string");
      image.layers.push_back(layer.get<std::string>());
    }
    if (auto tags = entry.find("RepoTags"); tags != entry.end() && tags->is_array())
      for (const json& tag : *tags)
        if (tag.is_string()) image.repo_tags.push_back(tag.get<std::string>());
    images.push_back(std::move(image));
  }
  if (images.empty()) throw_bad_input(subject, "manifest.json lists no image");
  return images;
}

// The digest a member's name states: "blobs/sha256/<hex>" or "<hex>.json".
std::optional<crypto::Digest> digest_in_name(const std::string& name) {
  std::string hex;
  if (name.rfind("blobs/sha256/", 0) == 0)
    hex = name.substr(13);
  else if (name.size() == 69 && name.ends_with(".json"))
    hex = name.substr(0, 64);
  else
    return std::nullopt;
  if (hex.size() != 64 || hex.find_first_not_of("0123456789abcdef") != std::string::npos)
    return std::nullopt;
  return crypto::Digest{crypto::DigestAlgorithm::kSha256, hex};
}

// The manifest digest, which only the OCI index of a Docker 25+ archive records.
std::string manifest_digest(const BlobStore& store, const ArchiveImage& image) {
  if (!store.has("index.json")) return "";
  registry::Index index =
      registry::parse_index(store.read("index.json"), store.location() + ": index.json");
  for (const registry::Descriptor& descriptor : index.manifests) {
    if (!registry::is_manifest_media_type(descriptor.media_type) ||
        !store.has(blob_path(descriptor.digest)))
      continue;
    registry::Manifest manifest = registry::parse_manifest(read_blob(store, descriptor),
                                                           store.location(), descriptor.media_type);
    if (blob_path(manifest.config.digest) == image.config) return descriptor.digest.to_string();
  }
  return "";
}

}  // namespace

std::unique_ptr<Source> open_docker_archive(const std::string& path, std::string input,
                                            const OpenOptions& options) {
  std::shared_ptr<BlobStore> store = tar_store(path);
  if (!store->has("manifest.json"))
    throw_bad_input(path, "not a docker-archive (no manifest.json)");
  std::vector<ArchiveImage> images =
      parse_archive_manifest(store->read("manifest.json"), path + ": manifest.json");

  bool explicit_choice;
  registry::Platform wanted = wanted_platform(options, explicit_choice);
  const ArchiveImage* chosen = nullptr;
  registry::ImageConfig config;
  std::string config_text;
  std::string present;
  for (const ArchiveImage& image : images) {
    if (!store->has(image.config))
      throw_bad_input(
          path, "manifest.json names config \"" + image.config + "\", which is not in the archive");
    config_text = store->read(image.config);
    if (std::optional<crypto::Digest> named = digest_in_name(image.config)) {
      crypto::Digest actual = crypto::Digest::of(named->algorithm, config_text);
      if (actual != *named)
        throw_bad_input(path, "config \"" + image.config + "\" does not match its digest");
    }
    config = registry::parse_config(config_text, path + ": " + image.config);
    if (!explicit_choice || config.platform.satisfies(wanted)) {
      chosen = &image;
      break;
    }
    present += (present.empty() ? "" : ", ") + config.platform.to_string();
  }
  if (chosen == nullptr)
    throw_bad_input(path,
                    "no image for platform " + wanted.to_string() + " (present: " + present + ")");
  if (config.diff_ids.size() != chosen->layers.size())
    throw_bad_input(path, "manifest.json lists " + std::to_string(chosen->layers.size()) +
                              " layers, the config " + std::to_string(config.diff_ids.size()));

  model::SourceInfo info;
  info.kind = model::SourceKind::kImage;
  info.input = std::move(input);
  if (!chosen->repo_tags.empty())
    std::tie(info.name, info.tag) = registry::split_image_name(chosen->repo_tags[0]);
  else
    info.name = path;
  info.digest = manifest_digest(*store, *chosen);
  info.config_digest =
      crypto::Digest::of(crypto::DigestAlgorithm::kSha256, config_text).to_string();
  info.os = config.platform.os;
  info.architecture = config.platform.architecture;
  info.variant = config.platform.variant;

  std::vector<LayerOpener> layers;
  for (size_t i = 0; i < chosen->layers.size(); ++i) {
    const std::string& member = chosen->layers[i];
    const crypto::Digest& diff_id = config.diff_ids[i];
    if (!store->has(member))
      throw_bad_input(path,
                      "manifest.json names layer \"" + member + "\", which is not in the archive");
    // Layers are described by their diff_id: the digest of the tar that was scanned.
    info.layers.push_back(
        {diff_id.to_string(), "application/vnd.docker.image.rootfs.diff.tar", store->size(member)});
    std::string subject = path + ": layer " + diff_id.to_string();
    std::optional<crypto::Digest> named = digest_in_name(member);
    layers.push_back({subject, [store, member, diff_id, named, subject, path] {
                        std::unique_ptr<util::ByteStream> raw = store->open(member);
                        // Uncompressed layers are named by their diff_id: one check covers both.
                        if (named && *named != diff_id)
                          raw = crypto::verify_digest(std::move(raw), *named, path);
                        return crypto::verify_digest(decompress(std::move(raw), subject), diff_id,
                                                     path);
                      }});
  }
  return std::make_unique<ImageSource>(std::move(info), std::move(layers));
}

}  // namespace hallmark::source
