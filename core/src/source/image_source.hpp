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
  std::function<std::unique_ptr<ByteStream>()> open_tar;  // verified, decompressed tar bytes
};

class ImageSource : public Source {
 public:
  ImageSource(model::SourceInfo info, std::vector<LayerOpener> layers);
  size_t layer_count() const override { return layers_.size(); }
  void read_layer(size_t index, const EntryVisitor& visit) const override;

 private:
  std::vector<LayerOpener> layers_;
};

// OCI image layout in `store` (a folder or an archive's members).
std::unique_ptr<Source> open_oci_layout(std::shared_ptr<BlobStore> store, std::string input,
                                        const OpenOptions& options);
// `docker save` output.
std::unique_ptr<Source> open_docker_archive(const std::string& path, std::string input,
                                            const OpenOptions& options);

// The platform the user asked for, or linux/amd64 (then `explicit_choice` is false).
Platform wanted_platform(const OpenOptions& options, bool& explicit_choice);

}  // namespace hallmark::source
