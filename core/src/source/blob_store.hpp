// Where an image's files live: a folder (OCI layout) or the members of a tar (OCI archive,
// docker-archive). The image readers see only this interface.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "hallmark/registry/oci.hpp"
#include "hallmark/source/stream.hpp"

namespace hallmark::source {

class BlobStore {
 public:
  virtual ~BlobStore() = default;
  // The folder or archive, for messages.
  virtual const std::string& location() const = 0;
  virtual bool has(const std::string& name) const = 0;
  virtual uint64_t size(const std::string& name) const = 0;
  // A whole (small) file; more than `limit` bytes is kBadInput.
  virtual std::string read(const std::string& name, uint64_t limit = 16 << 20) const = 0;
  virtual std::unique_ptr<util::ByteStream> open(const std::string& name) const = 0;
};

std::shared_ptr<BlobStore> directory_store(const std::string& folder);
std::shared_ptr<BlobStore> tar_store(const std::string& tar_path);

// "blobs/sha256/<hex>": where an OCI layout keeps the blob with this digest.
std::string blob_path(const crypto::Digest& digest);

// A small blob (manifest, index, config), checked against its descriptor's digest and size.
std::string read_blob(const BlobStore& store, const registry::Descriptor& descriptor);

// A (large) blob as it is read, checked against its descriptor's digest and size.
std::unique_ptr<util::ByteStream> open_blob(const BlobStore& store,
                                            const registry::Descriptor& descriptor);

}  // namespace hallmark::source
