#include "hallmark/source/image_writer.hpp"

#include <algorithm>
#include <filesystem>
#include <map>

#include <archive.h>
#include <archive_entry.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include "hallmark/crypto/digest.hpp"
#include "hallmark/registry/oci.hpp"
#include "hallmark/util/error.hpp"
#include "hallmark/util/file.hpp"

namespace hallmark::source {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using ArchiveWriter = std::unique_ptr<archive, decltype(&archive_write_free)>;

ArchiveWriter new_writer() {
  ArchiveWriter writer(archive_write_new(), &archive_write_free);
  if (!writer) throw Error(ErrorKind::kIo, "", "libarchive: out of memory");
  return writer;
}

la_ssize_t append_to_string(archive*, void* out, const void* data, size_t size) {
  static_cast<std::string*>(out)->append(static_cast<const char*>(data), size);
  return static_cast<la_ssize_t>(size);
}

void check(archive* writer, int status, const std::string& subject) {
  if (status < ARCHIVE_WARN) {
    const char* text = archive_error_string(writer);
    throw_io_error(subject, text != nullptr ? text : "archive write failed");
  }
}

// Adds one member with fixed times and owners, so that layers are reproducible.
void add_entry(archive* writer, const std::string& name, mode_t type, unsigned mode,
               const std::string& data, const std::string& link, const std::string& subject) {
  std::unique_ptr<archive_entry, decltype(&archive_entry_free)> entry(archive_entry_new(),
                                                                      &archive_entry_free);
  archive_entry_set_pathname(entry.get(), name.c_str());
  archive_entry_set_filetype(entry.get(), type);
  archive_entry_set_perm(entry.get(), mode);
  archive_entry_set_mtime(entry.get(), 0, 0);
  archive_entry_set_uid(entry.get(), 0);
  archive_entry_set_gid(entry.get(), 0);
  if (type == AE_IFLNK) archive_entry_set_symlink(entry.get(), link.c_str());
  archive_entry_set_size(entry.get(), type == AE_IFREG ? static_cast<la_int64_t>(data.size()) : 0);
  check(writer, archive_write_header(writer, entry.get()), subject);
  if (type == AE_IFREG && !data.empty())
    if (archive_write_data(writer, data.data(), data.size()) < 0)
      check(writer, ARCHIVE_FATAL, subject);
}

std::string digest_of(const std::string& data) {
  return crypto::Digest::of(crypto::DigestAlgorithm::kSha256, data).to_string();
}

struct Blob {
  std::string digest;
  std::string data;
};

struct BuiltImage {
  std::string manifest_digest;
  std::string manifest;
  registry::Platform platform;
  std::vector<Blob> blobs;                      // config and layers
  std::vector<std::string> layer_tars_digests;  // diff_ids
  std::string config_digest;
};

std::string layer_tar(const std::string& layer) {
  if (fs::is_directory(layer)) return tar_folder(layer);
  return util::read_file(layer);
}

BuiltImage build(const ImageSpec& spec, const ImageWriteOptions& options, Compression compression,
                 size_t& layer_counter) {
  BuiltImage image;
  image.platform = registry::Platform::parse(spec.platform);
  json layers = json::array();
  json diff_ids = json::array();
  const char* layer_media_type =
      compression == Compression::kGzip   ? "application/vnd.oci.image.layer.v1.tar+gzip"
      : compression == Compression::kZstd ? "application/vnd.oci.image.layer.v1.tar+zstd"
                                          : "application/vnd.oci.image.layer.v1.tar";
  for (const std::string& layer : spec.layers) {
    std::string tar = layer_tar(layer);
    std::string blob = compress(tar, compression, layer);
    size_t index = layer_counter++;
    if (options.before_digest) options.before_digest(index, blob);
    std::string digest = digest_of(blob);
    std::string diff_id = compression == Compression::kNone ? digest : digest_of(tar);
    size_t size = blob.size();
    if (options.after_digest) options.after_digest(index, blob);
    diff_ids.push_back(diff_id);
    image.layer_tars_digests.push_back(diff_id);
    layers.push_back({{"mediaType", layer_media_type}, {"digest", digest}, {"size", size}});
    image.blobs.push_back({digest, std::move(blob)});
  }
  json platform = {{"os", image.platform.os}, {"architecture", image.platform.architecture}};
  json config = {
      {"architecture", image.platform.architecture},
      {"os", image.platform.os},
      {"rootfs", {{"type", "layers"}, {"diff_ids", diff_ids}}},
      {"config", json::object()},
      {"created", "1970-01-01T00:00:00Z"},
  };
  if (!image.platform.variant.empty()) config["variant"] = image.platform.variant;
  std::string config_text = config.dump();
  image.config_digest = digest_of(config_text);
  image.blobs.insert(image.blobs.begin(), {image.config_digest, config_text});
  json manifest = {
      {"schemaVersion", 2},
      {"mediaType", registry::media_type::kOciManifest},
      {"config",
       {{"mediaType", "application/vnd.oci.image.config.v1+json"},
        {"digest", image.config_digest},
        {"size", config_text.size()}}},
      {"layers", layers},
  };
  image.manifest = manifest.dump();
  image.manifest_digest = digest_of(image.manifest);
  return image;
}

std::string blob_name(const std::string& digest) {
  return "blobs/sha256/" + digest.substr(7);
}

std::vector<std::pair<std::string, std::string>> oci_files(const std::vector<BuiltImage>& images,
                                                           const ImageWriteOptions& options) {
  std::map<std::string, std::string> blobs;
  json manifests = json::array();
  for (const BuiltImage& image : images) {
    for (const Blob& blob : image.blobs)
      blobs[blob_name(blob.digest)] = blob.data;
    blobs[blob_name(image.manifest_digest)] = image.manifest;
    json descriptor = {{"mediaType", registry::media_type::kOciManifest},
                       {"digest", image.manifest_digest},
                       {"size", image.manifest.size()}};
    if (images.size() > 1) {
      json platform = {{"os", image.platform.os}, {"architecture", image.platform.architecture}};
      if (!image.platform.variant.empty()) platform["variant"] = image.platform.variant;
      descriptor["platform"] = platform;
    }
    if (!options.name.empty())
      descriptor["annotations"] = {
          {"io.containerd.image.name", options.name},
          {"org.opencontainers.image.ref.name", registry::split_image_name(options.name).second}};
    manifests.push_back(descriptor);
  }
  json index = {{"schemaVersion", 2},
                {"mediaType", registry::media_type::kOciIndex},
                {"manifests", manifests}};
  std::vector<std::pair<std::string, std::string>> files = {
      {"oci-layout", R"({"imageLayoutVersion":"1.0.0"})"}, {"index.json", index.dump()}};
  for (auto& [name, data] : blobs)
    files.emplace_back(name, data);
  return files;
}

}  // namespace

std::string tar_members(const std::vector<std::pair<std::string, std::string>>& members,
                        const std::string& subject) {
  std::string out;
  ArchiveWriter writer = new_writer();
  archive_write_set_format_pax_restricted(writer.get());
  archive_write_set_bytes_in_last_block(writer.get(), 1);
  check(writer.get(), archive_write_open(writer.get(), &out, nullptr, append_to_string, nullptr),
        subject);
  for (const auto& [name, data] : members)
    add_entry(writer.get(), name, AE_IFREG, 0644, data, "", subject);
  check(writer.get(), archive_write_close(writer.get()), subject);
  return out;
}

std::string compress(const std::string& data, Compression compression, const std::string& subject) {
  if (compression == Compression::kNone) return data;
  std::string out;
  ArchiveWriter writer = new_writer();
  archive_write_set_format_raw(writer.get());
  if (compression == Compression::kGzip) {
    archive_write_add_filter_gzip(writer.get());
    // No timestamp in the gzip header: the same layer always compresses to the same bytes.
    archive_write_set_filter_option(writer.get(), "gzip", "timestamp", nullptr);
  } else {
    archive_write_add_filter_zstd(writer.get());
  }
  archive_write_set_bytes_in_last_block(writer.get(), 1);
  check(writer.get(), archive_write_open(writer.get(), &out, nullptr, append_to_string, nullptr),
        subject);
  std::unique_ptr<archive_entry, decltype(&archive_entry_free)> entry(archive_entry_new(),
                                                                      &archive_entry_free);
  archive_entry_set_filetype(entry.get(), AE_IFREG);
  archive_entry_set_size(entry.get(), static_cast<la_int64_t>(data.size()));
  check(writer.get(), archive_write_header(writer.get(), entry.get()), subject);
  if (!data.empty() && archive_write_data(writer.get(), data.data(), data.size()) < 0)
    check(writer.get(), ARCHIVE_FATAL, subject);
  check(writer.get(), archive_write_close(writer.get()), subject);
  return out;
}

std::string tar_folder(const std::string& folder) {
  if (!fs::is_directory(folder)) throw_io_error(folder, "not a folder");
  std::vector<fs::path> paths;
  for (const fs::directory_entry& entry : fs::recursive_directory_iterator(folder))
    paths.push_back(entry.path());
  std::sort(paths.begin(), paths.end());
  std::string out;
  ArchiveWriter writer = new_writer();
  archive_write_set_format_pax_restricted(writer.get());
  archive_write_set_bytes_in_last_block(writer.get(), 1);
  check(writer.get(), archive_write_open(writer.get(), &out, nullptr, append_to_string, nullptr),
        folder);
  for (const fs::path& path : paths) {
    std::string name = path.lexically_relative(folder).generic_string();
    fs::file_status status = fs::symlink_status(path);
    unsigned mode = static_cast<unsigned>(status.permissions()) & 07777;
    if (fs::is_symlink(status))
      add_entry(writer.get(), name, AE_IFLNK, 0777, "", fs::read_symlink(path).string(), folder);
    else if (fs::is_directory(status))
      add_entry(writer.get(), name + "/", AE_IFDIR, mode, "", "", folder);
    else if (fs::is_regular_file(status))
      add_entry(writer.get(), name, AE_IFREG, mode, util::read_file(path), "", folder);
  }
  check(writer.get(), archive_write_close(writer.get()), folder);
  return out;
}

void write_image(const std::string& path, ImageLayout layout, const std::vector<ImageSpec>& images,
                 const ImageWriteOptions& options) {
  if (images.empty()) throw_usage_error("an image needs at least one platform");
  size_t layer_counter = 0;
  if (layout == ImageLayout::kDockerArchive) {
    if (images.size() != 1) throw_usage_error("a docker-archive holds one platform");
    BuiltImage image = build(images.front(), options, Compression::kNone, layer_counter);
    // The layout of `docker save` before Docker 25: <hex>.json, <hex>/layer.tar, manifest.json.
    std::vector<std::pair<std::string, std::string>> members;
    std::string config_name = image.config_digest.substr(7) + ".json";
    members.emplace_back(config_name, image.blobs.front().data);
    json layers = json::array();
    for (size_t i = 1; i < image.blobs.size(); ++i) {
      std::string name = image.blobs[i].digest.substr(7) + "/layer.tar";
      layers.push_back(name);
      members.emplace_back(name, image.blobs[i].data);
    }
    json manifest = json::array(
        {{{"Config", config_name},
          {"RepoTags", options.name.empty() ? json::array() : json::array({options.name})},
          {"Layers", layers}}});
    members.emplace_back("manifest.json", manifest.dump());
    util::write_file_atomic(path, tar_members(members, path));
    return;
  }
  std::vector<BuiltImage> built;
  for (const ImageSpec& spec : images)
    built.push_back(build(spec, options, options.compression, layer_counter));
  std::vector<std::pair<std::string, std::string>> files = oci_files(built, options);
  if (layout == ImageLayout::kOciArchive) {
    util::write_file_atomic(path, tar_members(files, path));
    return;
  }
  fs::create_directories(fs::path(path) / "blobs" / "sha256");
  for (const auto& [name, data] : files)
    util::write_file_atomic(fs::path(path) / name, data);
}

}  // namespace hallmark::source
