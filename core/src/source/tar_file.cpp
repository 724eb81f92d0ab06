#include "hallmark/source/tar_file.hpp"

#include <archive.h>
#include <archive_entry.h>

#include "hallmark/source/path.hpp"
#include "hallmark/util/error.hpp"
#include "hallmark/util/strings.hpp"

namespace hallmark::source {
namespace {

using ArchivePtr = std::unique_ptr<archive, decltype(&archive_read_free)>;

std::string problem_of(archive* reader) {
  const char* text = archive_error_string(reader);
  return text != nullptr ? text : "unreadable archive";
}

ArchivePtr open_reader(const std::string& path) {
  ArchivePtr reader(archive_read_new(), &archive_read_free);
  if (!reader) throw Error(ErrorKind::kIo, path, "libarchive: out of memory");
  // The outer archive is a plain tar as docker save and skopeo write it; a compressed one is
  // read too (slower: members cannot be skipped by seeking).
  archive_read_support_filter_all(reader.get());
  archive_read_support_format_tar(reader.get());
  if (archive_read_open_filename(reader.get(), path.c_str(), 1 << 20) != ARCHIVE_OK)
    throw_bad_input(path, problem_of(reader.get()));
  return reader;
}

// Calls `found` with each regular member's normalized name until it returns true.
template <typename Found>
void scan(archive* reader, const std::string& path, Found found) {
  archive_entry* entry;
  while (true) {
    int status = archive_read_next_header(reader, &entry);
    if (status == ARCHIVE_EOF) return;
    if (status < ARCHIVE_WARN) throw_bad_input(path, problem_of(reader));
    if (archive_entry_filetype(entry) != AE_IFREG) continue;
    const char* raw = archive_entry_pathname(entry);
    std::string problem;
    std::optional<std::string> name = normalize_entry_path(raw ? raw : "", problem);
    if (!name)
      throw_bad_input(path, "member \"" + util::printable(raw ? raw : "") + "\": " + problem);
    if (found(*name, static_cast<uint64_t>(archive_entry_size(entry)))) return;
  }
}

class MemberStream : public util::ByteStream {
 public:
  MemberStream(ArchivePtr reader, std::string subject)
      : reader_(std::move(reader)), subject_(std::move(subject)) {}

  std::string_view next() override {
    const void* block;
    size_t size;
    la_int64_t offset;
    int status = archive_read_data_block(reader_.get(), &block, &size, &offset);
    if (status == ARCHIVE_EOF) return {};
    if (status < ARCHIVE_WARN) throw_bad_input(subject_, problem_of(reader_.get()));
    if (static_cast<uint64_t>(offset) != position_)
      throw_bad_input(subject_, "sparse archive members are not image blobs");
    position_ += size;
    return {static_cast<const char*>(block), size};
  }

 private:
  ArchivePtr reader_;
  std::string subject_;
  uint64_t position_ = 0;
};

}  // namespace

TarFile::TarFile(std::string path) : path_(std::move(path)) {
  ArchivePtr reader = open_reader(path_);
  scan(reader.get(), path_, [&](const std::string& name, uint64_t size) {
    members_[name] = size;
    return false;
  });
}

std::unique_ptr<util::ByteStream> TarFile::open(const std::string& name) const {
  ArchivePtr reader = open_reader(path_);
  bool found = false;
  scan(reader.get(), path_,
       [&](const std::string& member, uint64_t) { return found = member == name; });
  if (!found) throw_bad_input(path_, "no member \"" + name + "\"");
  return std::make_unique<MemberStream>(std::move(reader), path_ + ": " + name);
}

std::string TarFile::read(const std::string& name, uint64_t limit) const {
  auto size = members_.find(name);
  if (size == members_.end()) throw_bad_input(path_, "no member \"" + name + "\"");
  if (size->second > limit)
    throw_bad_input(path_, name + ": " + std::to_string(size->second) + " bytes, more than the " +
                               std::to_string(limit) + " such a file may have");
  std::unique_ptr<util::ByteStream> stream = open(name);
  std::string content;
  for (std::string_view chunk = stream->next(); !chunk.empty(); chunk = stream->next())
    content.append(chunk);
  return content;
}

}  // namespace hallmark::source
