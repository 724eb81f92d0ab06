// An image where it lives in a registry: the manifest (chosen from an index for the platform)
// and config fetched and checked, the layers streamed from the registry into the same single
// pass as every other image form, never stored.
#include "hallmark/registry/client.hpp"
#include "hallmark/registry/reference.hpp"

#include "image_source.hpp"

namespace hallmark::source {

std::unique_ptr<Source> open_registry_image(const std::string& reference, std::string input,
                                            const OpenOptions& options) {
  registry::Reference ref = registry::Reference::parse(reference);
  std::shared_ptr<registry::Client> client =
      options.registry ? options.registry : std::make_shared<registry::Client>();
  std::optional<registry::Platform> platform;
  if (!options.platform.empty()) platform = registry::Platform::parse(options.platform);
  registry::Image image = client->get_image(ref, platform);

  model::SourceInfo info;
  info.kind = model::SourceKind::kImage;
  info.input = std::move(input);
  info.name = ref.name();
  info.tag = ref.tag;
  info.digest = image.digest.to_string();
  info.config_digest = image.manifest.config.digest.to_string();
  info.os = image.config.platform.os;
  info.architecture = image.config.platform.architecture;
  info.variant = image.config.platform.variant;
  info.in_registry = true;
  std::vector<LayerOpener> layers = manifest_layers(
      image.manifest, image.config, ref.to_string(),
      [client, ref](const registry::Descriptor& layer) { return client->open_blob(ref, layer); },
      info);
  return std::make_unique<ImageSource>(std::move(info), std::move(layers));
}

}  // namespace hallmark::source
