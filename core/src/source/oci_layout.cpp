// The OCI image layout (image-spec, image-layout.md): oci-layout, index.json, blobs/<alg>/<hex>.
// The same reader serves a layout folder and an OCI archive (a tar of one).
#include <nlohmann/json.hpp>

#include "hallmark/util/error.hpp"

#include "image_source.hpp"

namespace hallmark::source {
namespace {

constexpr int kMaxIndexDepth = 4;  // nested indexes deeper than any real tool writes

struct Candidate {
  registry::Descriptor manifest;
  std::string reference;  // the ref.name annotation that led to it
};

void collect(const BlobStore& store, const registry::Index& index, const std::string& reference,
             int depth, std::vector<Candidate>& out) {
  for (const registry::Descriptor& descriptor : index.manifests) {
    std::string ref = reference;
    if (auto name = descriptor.annotations.find("io.containerd.image.name");
        name != descriptor.annotations.end())
      ref = name->second;
    else if (auto tag = descriptor.annotations.find("org.opencontainers.image.ref.name");
             tag != descriptor.annotations.end())
      ref = tag->second;
    if (registry::is_manifest_media_type(descriptor.media_type)) {
      out.push_back({descriptor, ref});
    } else if (registry::is_index_media_type(descriptor.media_type)) {
      if (depth >= kMaxIndexDepth)
        throw_bad_input(store.location(), "image indexes nested more than " +
                                              std::to_string(kMaxIndexDepth) + " deep");
      collect(store, registry::parse_index(read_blob(store, descriptor), store.location()), ref,
              depth + 1, out);
    }
    // Other artifacts in an index (attestations, signatures) are not images.
  }
}

// The platform of a candidate: its descriptor's, or else its config's.
registry::Platform platform_of(const BlobStore& store, const Candidate& candidate) {
  if (candidate.manifest.platform) return *candidate.manifest.platform;
  registry::Manifest manifest = registry::parse_manifest(
      read_blob(store, candidate.manifest), store.location(), candidate.manifest.media_type);
  return registry::parse_config(read_blob(store, manifest.config), store.location()).platform;
}

const Candidate& choose(const BlobStore& store, const std::vector<Candidate>& candidates,
                        const OpenOptions& options) {
  if (candidates.empty()) throw_bad_input(store.location(), "index.json names no image manifest");
  bool explicit_choice;
  registry::Platform wanted = wanted_platform(options, explicit_choice);
  if (candidates.size() == 1 && !explicit_choice) return candidates.front();
  std::string present;
  for (const Candidate& candidate : candidates) {
    registry::Platform platform = platform_of(store, candidate);
    if (platform.satisfies(wanted)) return candidate;
    present += (present.empty() ? "" : ", ") + platform.to_string();
  }
  throw_bad_input(store.location(),
                  "no image for platform " + wanted.to_string() + " (present: " + present + ")");
}

}  // namespace

std::unique_ptr<Source> open_oci_layout(std::shared_ptr<BlobStore> store, std::string input,
                                        const OpenOptions& options) {
  if (!store->has("oci-layout"))
    throw_bad_input(store->location(), "not an OCI image layout (no oci-layout file)");
  registry::Index index =
      registry::parse_index(store->read("index.json"), store->location() + ": index.json");
  std::vector<Candidate> candidates;
  collect(*store, index, "", 0, candidates);
  const Candidate& chosen = choose(*store, candidates, options);

  registry::Manifest manifest = registry::parse_manifest(
      read_blob(*store, chosen.manifest), store->location(), chosen.manifest.media_type);
  registry::ImageConfig config =
      registry::parse_config(read_blob(*store, manifest.config), store->location());
  bool explicit_choice;
  registry::Platform wanted = wanted_platform(options, explicit_choice);
  if (explicit_choice && !config.platform.satisfies(wanted))
    throw_bad_input(store->location(), "no image for platform " + wanted.to_string() +
                                           " (present: " + config.platform.to_string() + ")");

  model::SourceInfo info;
  info.kind = model::SourceKind::kImage;
  info.input = std::move(input);
  // A ref.name is a tag ("1.0") or a whole reference ("example.com/app:1.0").
  if (chosen.reference.find_first_of("/:") != std::string::npos) {
    std::tie(info.name, info.tag) = registry::split_image_name(chosen.reference);
  } else {
    info.name = store->location();
    info.tag = chosen.reference;
  }
  info.digest = chosen.manifest.digest.to_string();
  info.config_digest = manifest.config.digest.to_string();
  info.os = config.platform.os;
  info.architecture = config.platform.architecture;
  info.variant = config.platform.variant;

  for (const registry::Descriptor& layer : manifest.layers)
    if (!store->has(blob_path(layer.digest)))
      throw_bad_input(store->location(), "layer " + layer.digest.to_string() +
                                             " is named by the manifest but is not in the image");
  std::vector<LayerOpener> layers = manifest_layers(
      manifest, config, store->location(),
      [store](const registry::Descriptor& layer) { return open_blob(*store, layer); }, info);
  return std::make_unique<ImageSource>(std::move(info), std::move(layers));
}

}  // namespace hallmark::source
