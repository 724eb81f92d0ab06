// A tar file whose members are read by name: the outer archive of a docker-archive or an
// OCI archive. Members are streamed from the file, never extracted.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "hallmark/source/stream.hpp"

namespace hallmark::source {

class TarFile {
 public:
  // Lists the members (one pass over the headers; data is skipped by seeking).
  explicit TarFile(std::string path);

  const std::string& path() const { return path_; }
  // Regular files only, by normalized name, with their sizes.
  const std::map<std::string, uint64_t>& members() const { return members_; }
  bool has(const std::string& name) const { return members_.count(name) != 0; }

  // The bytes of member `name`. Safe to call from several threads: each stream reads the file
  // through a reader of its own.
  std::unique_ptr<util::ByteStream> open(const std::string& name) const;
  // The whole member, which must be at most `limit` bytes (metadata: manifests, configs).
  std::string read(const std::string& name, uint64_t limit = 16 << 20) const;

 private:
  std::string path_;
  std::map<std::string, uint64_t> members_;
};

}  // namespace hallmark::source
