// Writing images from file trees: OCI layouts, OCI archives and docker-archives. The tests and
// `make demo` build their images with it; layers are reproducible tars (sorted entries, zero
// times and owners), so the same trees always give the same digests.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "hallmark/source/stream.hpp"

namespace hallmark::source {

struct ImageSpec {
  std::string platform = "linux/amd64";  // os/arch[/variant]
  // Each layer: a folder (its tree becomes the layer; files named .wh.* are whiteouts as they
  // are), or a ready-made .tar file used as it is.
  std::vector<std::string> layers;
};

struct ImageWriteOptions {
  std::string name;  // "example.com/demo:1.0": the tag recorded in the image
  Compression compression = Compression::kGzip;  // docker-archives are always uncompressed
  // Changes a layer blob before (`before_digest`) or after (`after_digest`) its digest is taken:
  // how the tests make truncated or corrupt layers that are otherwise well-formed.
  std::function<void(size_t layer, std::string& blob)> before_digest;
  std::function<void(size_t layer, std::string& blob)> after_digest;
};

enum class ImageLayout { kOciDir, kOciArchive, kDockerArchive };

// Writes the images (several for a multi-platform index; docker-archive takes one) to `path`.
void write_image(const std::string& path, ImageLayout layout, const std::vector<ImageSpec>& images,
                 const ImageWriteOptions& options);

// A reproducible tar of named regular files (mode 0644, zero times and owners), in the given
// order: the outer archives of OCI and docker archives, evidence bundles.
std::string tar_members(const std::vector<std::pair<std::string, std::string>>& members,
                        const std::string& subject);

// Compresses with libarchive's filters over the "raw" format (one nameless stream); gzip
// without a timestamp, so the same input always gives the same bytes.
std::string compress(const std::string& data, Compression compression, const std::string& subject);

// The reproducible tar of a folder tree.
std::string tar_folder(const std::string& folder);

}  // namespace hallmark::source
