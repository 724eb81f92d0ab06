// Opening what the user wants scanned: an image (OCI layout, OCI archive, docker-archive), a
// folder or an archive of files. Every kind is a list of layers read as entry streams; a folder
// or a plain archive is one layer.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "hallmark/model/sbom.hpp"
#include "hallmark/registry/client.hpp"
#include "hallmark/source/entry.hpp"

namespace hallmark::source {

struct OpenOptions {
  // "os/arch[/variant]" to pick from a multi-platform image; empty means linux/amd64, and an
  // image with a single platform is then taken whatever its platform.
  std::string platform;
  // The client for "registry:" inputs (how to reach registries: TLS, insecure hosts,
  // credentials); one with default options when null.
  std::shared_ptr<registry::Client> registry;
};

class Source {
 public:
  virtual ~Source() = default;

  const model::SourceInfo& info() const { return info_; }
  // Layers apply whiteouts (`.wh.NAME`, `.wh..wh..opq`); in folders and archives of files such
  // names are ordinary files.
  bool layered() const { return info_.kind == model::SourceKind::kImage; }

  virtual size_t layer_count() const = 0;
  // Streams the entries of layer `index` (0 is the bottom layer) to `visit`, checking the layer's
  // digest as it goes. Safe to call for two layers at once from different threads.
  virtual void read_layer(size_t index, const EntryVisitor& visit) const = 0;

 protected:
  model::SourceInfo info_;
};

// Opens `reference`: "registry:HOST/REPO[:TAG][@DIGEST]", "oci-dir:PATH", "oci-archive:PATH",
// "docker-archive:PATH", "dir:PATH", "file:PATH", or a bare path whose kind is detected (a folder
// with an oci-layout file, a tar holding manifest.json or oci-layout, another folder, another
// file). A bare input that is no path but reads as an image reference with a tag, a digest or a
// registry host ("debian:12", "ghcr.io/acme/app") is a registry image, as in syft. Throws kUsage
// for an unknown scheme, kBadInput for a malformed input, kIo when it cannot be read.
std::unique_ptr<Source> open_source(std::string_view reference, const OpenOptions& options = {});

}  // namespace hallmark::source
