#include "image_source.hpp"

#include "hallmark/source/archive_reader.hpp"

namespace hallmark::source {

ImageSource::ImageSource(model::SourceInfo info, std::vector<LayerOpener> layers)
    : layers_(std::move(layers)) {
  info_ = std::move(info);
}

void ImageSource::read_layer(size_t index, const EntryVisitor& visit) const {
  const LayerOpener& layer = layers_.at(index);
  // Reading, hashing and inflating run ahead on their own thread while this one parses the tar.
  std::unique_ptr<ByteStream> stream = read_ahead(layer.open_tar());
  read_tar_stream(*stream, layer.subject, visit);
}

Platform wanted_platform(const OpenOptions& options, bool& explicit_choice) {
  explicit_choice = !options.platform.empty();
  return Platform::parse(explicit_choice ? options.platform : "linux/amd64");
}

}  // namespace hallmark::source
