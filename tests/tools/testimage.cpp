// hallmark-testimage: builds the images the tests and the demo scan, from folders in the repo
// (or tars the tests craft), as OCI layouts, OCI archives or docker-archives. It can also damage
// a layer on purpose, for the bad-input tests.
#include <iostream>

#include <cxxopts.hpp>

#include "hallmark/source/image_writer.hpp"
#include "hallmark/util/cli.hpp"
#include "hallmark/util/error.hpp"
#include "hallmark/util/strings.hpp"

namespace {

using hallmark::source::ImageLayout;

int run(int argc, char** argv) {
  cxxopts::Options options("hallmark-testimage", "Builds test images from folders.");
  options.add_options()("out", "where to write", cxxopts::value<std::string>())(
      "format", "oci-dir, oci-archive or docker-archive", cxxopts::value<std::string>())(
      "name", "image name and tag", cxxopts::value<std::string>()->default_value(""))(
      "compression", "gzip, zstd or none (OCI only)",
      cxxopts::value<std::string>()->default_value("gzip"))(
      "image", "PLATFORM=LAYER[,LAYER...]; repeat for a multi-platform index",
      cxxopts::value<std::vector<std::string>>())(
      "truncate-layer", "cut layer N (0-based) in half before its digest is taken",
      cxxopts::value<int>()->default_value("-1"))(
      "corrupt-layer", "flip a byte of layer N after its digest is taken",
      cxxopts::value<int>()->default_value("-1"))("h,help", "help");
  cxxopts::ParseResult args = options.parse(argc, argv);
  if (args.count("help") || !args.count("out") || !args.count("format") || !args.count("image")) {
    std::cout << options.help();
    return args.count("help") ? 0 : 2;
  }
  std::string format = args["format"].as<std::string>();
  ImageLayout layout = format == "oci-dir"       ? ImageLayout::kOciDir
                       : format == "oci-archive" ? ImageLayout::kOciArchive
                       : format == "docker-archive"
                           ? ImageLayout::kDockerArchive
                           : throw hallmark::Error(hallmark::ErrorKind::kUsage, "", "bad --format");
  std::vector<hallmark::source::ImageSpec> images;
  for (const std::string& text : args["image"].as<std::vector<std::string>>()) {
    size_t equals = text.find('=');
    if (equals == std::string::npos) hallmark::throw_usage_error("--image PLATFORM=LAYER,...");
    hallmark::source::ImageSpec spec;
    spec.platform = text.substr(0, equals);
    for (std::string_view layer :
         hallmark::util::split(std::string_view(text).substr(equals + 1), ','))
      spec.layers.emplace_back(layer);
    images.push_back(std::move(spec));
  }
  hallmark::source::ImageWriteOptions write;
  write.name = args["name"].as<std::string>();
  std::string compression = args["compression"].as<std::string>();
  write.compression = compression == "zstd"   ? hallmark::source::Compression::kZstd
                      : compression == "none" ? hallmark::source::Compression::kNone
                                              : hallmark::source::Compression::kGzip;
  int truncate = args["truncate-layer"].as<int>();
  int corrupt = args["corrupt-layer"].as<int>();
  write.before_digest = [truncate](size_t layer, std::string& blob) {
    if (static_cast<int>(layer) == truncate) blob.resize(blob.size() / 2);
  };
  write.after_digest = [corrupt](size_t layer, std::string& blob) {
    if (static_cast<int>(layer) == corrupt && !blob.empty()) blob[blob.size() / 2] ^= 0x01;
  };
  hallmark::source::write_image(args["out"].as<std::string>(), layout, images, write);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return hallmark::util::run_main("hallmark-testimage", [&] { return run(argc, argv); });
}
