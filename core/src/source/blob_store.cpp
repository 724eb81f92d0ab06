#include "blob_store.hpp"

#include <filesystem>

#include <sys/stat.h>

#include "hallmark/crypto/digest_stream.hpp"
#include "hallmark/source/tar_file.hpp"
#include "hallmark/util/error.hpp"
#include "hallmark/util/file.hpp"

namespace hallmark::source {
namespace {

class DirectoryStore : public BlobStore {
 public:
  explicit DirectoryStore(std::string folder) : folder_(std::move(folder)) {}
  const std::string& location() const override { return folder_; }

  bool has(const std::string& name) const override {
    struct stat status;
    return ::stat(full(name).c_str(), &status) == 0 && S_ISREG(status.st_mode);
  }

  uint64_t size(const std::string& name) const override {
    check_present(name);
    return std::filesystem::file_size(full(name));
  }

  std::string read(const std::string& name, uint64_t limit) const override {
    uint64_t size = this->size(name);
    if (size > limit)
      throw_bad_input(folder_, name + ": " + std::to_string(size) + " bytes, more than the " +
                                   std::to_string(limit) + " such a file may have");
    return util::read_file(full(name));
  }

  std::unique_ptr<util::ByteStream> open(const std::string& name) const override {
    check_present(name);
    return util::open_file_stream(full(name));
  }

 private:
  std::string full(const std::string& name) const { return folder_ + "/" + name; }
  void check_present(const std::string& name) const {
    if (!has(name)) throw_bad_input(folder_, "missing file \"" + name + "\"");
  }

  std::string folder_;
};

class TarStore : public BlobStore {
 public:
  explicit TarStore(const std::string& path) : tar_(path) {}
  const std::string& location() const override { return tar_.path(); }
  bool has(const std::string& name) const override { return tar_.has(name); }
  uint64_t size(const std::string& name) const override {
    auto member = tar_.members().find(name);
    if (member == tar_.members().end()) throw_bad_input(tar_.path(), "no member \"" + name + "\"");
    return member->second;
  }
  std::string read(const std::string& name, uint64_t limit) const override {
    return tar_.read(name, limit);
  }
  std::unique_ptr<util::ByteStream> open(const std::string& name) const override {
    return tar_.open(name);
  }

 private:
  TarFile tar_;
};

}  // namespace

std::shared_ptr<BlobStore> directory_store(const std::string& folder) {
  return std::make_shared<DirectoryStore>(folder);
}

std::shared_ptr<BlobStore> tar_store(const std::string& tar_path) {
  return std::make_shared<TarStore>(tar_path);
}

std::string blob_path(const crypto::Digest& digest) {
  return "blobs/" + std::string(crypto::algorithm_name(digest.algorithm)) + "/" + digest.hex;
}

std::string read_blob(const BlobStore& store, const registry::Descriptor& descriptor) {
  std::string name = blob_path(descriptor.digest);
  if (!store.has(name))
    throw_bad_input(store.location(), "blob " + descriptor.digest.to_string() +
                                          " is named by a manifest but is not in the image");
  std::string bytes = store.read(name);
  crypto::Digest actual = crypto::Digest::of(descriptor.digest.algorithm, bytes);
  if (actual != descriptor.digest)
    throw_bad_input(store.location(), "blob " + descriptor.digest.to_string() +
                                          " does not match its digest (its content hashes to " +
                                          actual.to_string() + ")");
  if (bytes.size() != descriptor.size)
    throw_bad_input(store.location(), "blob " + descriptor.digest.to_string() + " has " +
                                          std::to_string(bytes.size()) +
                                          " bytes, its descriptor says " +
                                          std::to_string(descriptor.size));
  return bytes;
}

std::unique_ptr<util::ByteStream> open_blob(const BlobStore& store,
                                            const registry::Descriptor& descriptor) {
  std::string name = blob_path(descriptor.digest);
  if (!store.has(name))
    throw_bad_input(store.location(), "blob " + descriptor.digest.to_string() +
                                          " is named by a manifest but is not in the image");
  return crypto::verify_digest(store.open(name), descriptor.digest, store.location(),
                               descriptor.size);
}

}  // namespace hallmark::source
