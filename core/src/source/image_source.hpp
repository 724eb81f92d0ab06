// The Source every image form becomes: its description and one opener per layer.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "hallmark/source/source.hpp"
#include "hallmark/source/stream.hpp"

#include "blob_store.hpp"

namespace hallmark::source {

struct LayerOpener {
  std::string subject;  // for messages: "image.tar: layer sha256:..."
  std::function<std::unique_ptr<util::ByteStream>()> open_tar;  // verified, decompressed tar bytes
};

class ImageSource : public Source {
 public:
  ImageSource(model::SourceInfo info, std::vector<LayerOpener> layers);
  size_t layer_count() const override { return layers_.size(); }
  void read_layer(size_t index, const EntryVisitor& visit) const override;

 private:
  std::vector<LayerOpener> layers_;
};

// Opens a blob a manifest names, checked against its digest and size as it is read.
using BlobOpener = std::function<std::unique_ptr<util::ByteStream>(const registry::Descriptor&)>;

// The layers of an image manifest, bottom first, recorded in `info` and returned as openers.
// A layer is named by its diff_id (the digest of its uncompressed tar, as syft's layerID does),
// so an image's SBOM is the same whichever form it travels in; each layer is checked against its
// blob digest and, once decompressed, against its diff_id. `location` names the image in errors.
std::vector<LayerOpener> manifest_layers(const registry::Manifest& manifest,
                                         const registry::ImageConfig& config,
                                         const std::string& location, BlobOpener open_blob,
                                         model::SourceInfo& info);

// OCI image layout in `store` (a folder or an archive's members).
std::unique_ptr<Source> open_oci_layout(std::shared_ptr<BlobStore> store, std::string input,
                                        const OpenOptions& options);
// An image in a registry, its layers streamed from it and never stored.
std::unique_ptr<Source> open_registry_image(const std::string& reference, std::string input,
                                            const OpenOptions& options);
// `docker save` output.
std::unique_ptr<Source> open_docker_archive(const std::string& path, std::string input,
                                            const OpenOptions& options);

// The platform the user asked for, or linux/amd64 (then `explicit_choice` is false).
registry::Platform wanted_platform(const OpenOptions& options, bool& explicit_choice);

}  // namespace hallmark::source
