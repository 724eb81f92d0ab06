// An archive of files ("file:"): a tar (plain, gzip, zstd, xz) or a zip, scanned as one layer.
#include "hallmark/source/archive_reader.hpp"
#include "hallmark/source/source.hpp"
#include "hallmark/source/stream.hpp"
#include "hallmark/util/encoding.hpp"

#include "sources.hpp"

namespace hallmark::source {
namespace {

std::string file_digest(const std::string& path) {
  crypto::Hasher hasher(crypto::DigestAlgorithm::kSha256);
  std::unique_ptr<util::ByteStream> stream = util::open_file_stream(path);
  for (std::string_view chunk = stream->next(); !chunk.empty(); chunk = stream->next())
    hasher.update(chunk);
  return crypto::Digest{crypto::DigestAlgorithm::kSha256, util::hex_encode(hasher.finish())}
      .to_string();
}

class ArchiveSource : public Source {
 public:
  ArchiveSource(std::string path, std::string input) : path_(std::move(path)) {
    info_.kind = model::SourceKind::kFile;
    info_.input = std::move(input);
    info_.name = path_;
    info_.digest = file_digest(path_);
  }
  size_t layer_count() const override { return 1; }
  void read_layer(size_t, const EntryVisitor& visit) const override {
    read_archive_file(path_, visit);
  }

 private:
  std::string path_;
};

}  // namespace

std::unique_ptr<Source> open_archive(const std::string& path, std::string input) {
  return std::make_unique<ArchiveSource>(path, std::move(input));
}

}  // namespace hallmark::source
