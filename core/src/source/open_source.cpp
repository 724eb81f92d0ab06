// From the user's reference to a Source: the scheme, or the kind detected from the path.
#include <cerrno>
#include <cstring>

#include <sys/stat.h>

#include "hallmark/registry/reference.hpp"
#include "hallmark/source/source.hpp"
#include "hallmark/source/tar_file.hpp"
#include "hallmark/util/error.hpp"

#include "image_source.hpp"
#include "sources.hpp"

namespace hallmark::source {
namespace {

enum class Kind { kDetect, kRegistry, kOciDir, kOciArchive, kDockerArchive, kDir, kFile };

struct Scheme {
  std::string_view prefix;
  Kind kind;
};
constexpr Scheme kSchemes[] = {
    {"registry:", Kind::kRegistry},
    {"oci-dir:", Kind::kOciDir},
    {"oci-archive:", Kind::kOciArchive},
    {"docker-archive:", Kind::kDockerArchive},
    {"dir:", Kind::kDir},
    {"file:", Kind::kFile},
};

struct stat status_of(const std::string& path) {
  struct stat status;
  if (::stat(path.c_str(), &status) != 0)
    throw_io_error(path, std::string("cannot open: ") + std::strerror(errno));
  return status;
}

void require_folder(const std::string& path, const struct stat& status) {
  if (!S_ISDIR(status.st_mode)) throw_bad_input(path, "not a folder");
}

void require_file(const std::string& path, const struct stat& status) {
  if (!S_ISREG(status.st_mode)) throw_bad_input(path, "not a regular file");
  if (status.st_size == 0) throw_bad_input(path, "empty file");
}

// What a tar holds decides its kind; a file libarchive cannot read as tar is an archive of
// files in another format (zip, say).
Kind detect_file(const std::string& path) {
  try {
    TarFile tar(path);
    if (tar.has("manifest.json")) return Kind::kDockerArchive;
    if (tar.has("oci-layout")) return Kind::kOciArchive;
  } catch (const Error&) {
  }
  return Kind::kFile;
}

// Whether an input that is no path should be read as an image reference: it names a tag or a
// digest, or starts with a registry host. A bare word ("app.tar") stays a missing file rather
// than a request to Docker Hub.
bool looks_like_image_reference(const std::string& text) {
  if (text.starts_with('/') || text.starts_with('.') || text.starts_with('~')) return false;
  size_t slash = text.find('/');
  bool has_host = slash != std::string::npos &&
                  (text.substr(0, slash).find_first_of(".:") != std::string::npos ||
                   text.substr(0, slash) == "localhost");
  if (!has_host && text.find_first_of(":@") == std::string::npos) return false;
  try {
    registry::Reference::parse(text);
    return true;
  } catch (const Error&) {
    return false;
  }
}

}  // namespace

std::unique_ptr<Source> open_source(std::string_view reference, const OpenOptions& options) {
  Kind kind = Kind::kDetect;
  std::string path(reference);
  for (const Scheme& scheme : kSchemes) {
    if (reference.starts_with(scheme.prefix)) {
      kind = scheme.kind;
      path = reference.substr(scheme.prefix.size());
      break;
    }
  }
  if (path.empty()) throw_usage_error("no path in \"" + std::string(reference) + "\"");
  if (!options.platform.empty())
    registry::Platform::parse(options.platform);  // a usage error, for any input
  std::string input(reference);
  struct stat status;
  if (kind == Kind::kDetect && ::stat(path.c_str(), &status) != 0 &&
      looks_like_image_reference(path))
    kind = Kind::kRegistry;
  if (kind == Kind::kRegistry) return open_registry_image(path, input, options);
  status = status_of(path);
  if (kind == Kind::kDetect) {
    if (S_ISDIR(status.st_mode)) {
      struct stat layout;
      kind = ::stat((path + "/oci-layout").c_str(), &layout) == 0 ? Kind::kOciDir : Kind::kDir;
    } else {
      require_file(path, status);
      kind = detect_file(path);
    }
  }
  switch (kind) {
    case Kind::kOciDir:
      require_folder(path, status);
      return open_oci_layout(directory_store(path), input, options);
    case Kind::kDir:
      require_folder(path, status);
      return open_directory(path, input);
    case Kind::kOciArchive:
      require_file(path, status);
      return open_oci_layout(tar_store(path), input, options);
    case Kind::kDockerArchive:
      require_file(path, status);
      return open_docker_archive(path, input, options);
    case Kind::kFile:
    case Kind::kDetect:
    case Kind::kRegistry:
      require_file(path, status);
      return open_archive(path, input);
  }
  throw_usage_error("cannot open \"" + input + "\"");
}

}  // namespace hallmark::source
