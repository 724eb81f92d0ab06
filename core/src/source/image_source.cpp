#include "image_source.hpp"

#include "hallmark/crypto/digest_stream.hpp"
#include "hallmark/source/archive_reader.hpp"
#include "hallmark/util/error.hpp"

namespace hallmark::source {

ImageSource::ImageSource(model::SourceInfo info, std::vector<LayerOpener> layers)
    : layers_(std::move(layers)) {
  info_ = std::move(info);
}

void ImageSource::read_layer(size_t index, const EntryVisitor& visit) const {
  const LayerOpener& layer = layers_.at(index);
  // Reading, hashing and inflating run ahead on their own thread while this one parses the tar.
  std::unique_ptr<util::ByteStream> stream = read_ahead(layer.open_tar());
  read_tar_stream(*stream, layer.subject, visit);
}

std::vector<LayerOpener> manifest_layers(const registry::Manifest& manifest,
                                         const registry::ImageConfig& config,
                                         const std::string& location, BlobOpener open_blob,
                                         model::SourceInfo& info) {
  if (config.diff_ids.size() != manifest.layers.size())
    throw_bad_input(location, "the manifest lists " + std::to_string(manifest.layers.size()) +
                                  " layers, the config " + std::to_string(config.diff_ids.size()));
  auto shared_open = std::make_shared<BlobOpener>(std::move(open_blob));
  std::vector<LayerOpener> layers;
  for (size_t i = 0; i < manifest.layers.size(); ++i) {
    const registry::Descriptor& layer = manifest.layers[i];
    const crypto::Digest& diff_id = config.diff_ids[i];
    registry::check_layer_media_type(layer, location);
    info.layers.push_back({diff_id.to_string(), layer.media_type, layer.size});
    std::string subject = location + ": layer " + diff_id.to_string();
    layers.push_back({subject, [shared_open, layer, diff_id, subject, location] {
                        return crypto::verify_digest(decompress((*shared_open)(layer), subject),
                                                     diff_id, location);
                      }});
  }
  return layers;
}

registry::Platform wanted_platform(const OpenOptions& options, bool& explicit_choice) {
  explicit_choice = !options.platform.empty();
  return registry::Platform::parse(explicit_choice ? options.platform : "linux/amd64");
}

}  // namespace hallmark::source
