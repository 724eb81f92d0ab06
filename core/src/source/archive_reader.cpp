#include "hallmark/source/archive_reader.hpp"

#include <memory>

#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>

#include "hallmark/source/path.hpp"
#include "hallmark/util/error.hpp"
#include "hallmark/util/strings.hpp"

namespace hallmark::source {
namespace {

using ArchivePtr = std::unique_ptr<archive, decltype(&archive_read_free)>;

ArchivePtr new_reader() {
  ArchivePtr reader(archive_read_new(), &archive_read_free);
  if (!reader) throw Error(ErrorKind::kIo, "", "libarchive: out of memory");
  return reader;
}

std::string archive_problem(archive* reader) {
  const char* text = archive_error_string(reader);
  return text != nullptr ? text : "unreadable archive";
}

class ArchiveContent : public EntryContent {
 public:
  ArchiveContent(archive* reader, const Entry& entry, const std::string& subject)
      : reader_(reader), entry_(entry), subject_(subject) {}

  std::string_view peek(size_t size) override {
    while (content_.size() < size && !finished_)
      next_block();
    return std::string_view(content_).substr(0, size);
  }

  std::string read() override {
    if (entry_.size > kMaxCapturedFileSize)
      throw_bad_input(subject_, entry_.path + ": " + std::to_string(entry_.size) +
                                    " bytes, more than a package database may have");
    content_.reserve(static_cast<size_t>(entry_.size));
    while (!finished_)
      next_block();
    return std::move(content_);
  }

 private:
  void next_block() {
    const void* block;
    size_t size;
    la_int64_t offset;
    int status = archive_read_data_block(reader_, &block, &size, &offset);
    if (status == ARCHIVE_EOF) {
      finished_ = true;
      return;
    }
    if (status < ARCHIVE_WARN)
      throw_bad_input(subject_, entry_.path + ": " + archive_problem(reader_));
    // Sparse members leave holes, which read as zero bytes.
    if (static_cast<uint64_t>(offset) > content_.size()) {
      if (static_cast<uint64_t>(offset) > entry_.size)
        throw_bad_input(subject_, entry_.path + ": data past the member's size");
      content_.resize(static_cast<size_t>(offset), '\0');
    }
    content_.append(static_cast<const char*>(block), size);
    if (content_.size() > entry_.size)
      throw_bad_input(subject_, entry_.path + ": more data than the member's size");
  }

  archive* reader_;
  const Entry& entry_;
  const std::string& subject_;
  std::string content_;
  bool finished_ = false;
};

EntryType entry_type(archive_entry* entry) {
  if (archive_entry_hardlink(entry) != nullptr) return EntryType::kHardlink;
  switch (archive_entry_filetype(entry)) {
    case AE_IFREG:
      return EntryType::kFile;
    case AE_IFDIR:
      return EntryType::kDirectory;
    case AE_IFLNK:
      return EntryType::kSymlink;
    default:
      return EntryType::kOther;
  }
}

// Reads every entry of an opened reader; the one mechanism behind layers and archive files.
void walk(archive* reader, const std::string& subject, const EntryVisitor& visit) {
  archive_entry* raw;
  while (true) {
    int status = archive_read_next_header(reader, &raw);
    if (status == ARCHIVE_EOF) return;
    if (status < ARCHIVE_WARN) throw_bad_input(subject, archive_problem(reader));

    const char* name = archive_entry_pathname(raw);
    if (name == nullptr) throw_bad_input(subject, "an entry without a usable name");
    std::string problem;
    std::optional<std::string> path = normalize_entry_path(name, problem);
    if (!path) throw_bad_input(subject, "entry \"" + util::printable(name) + "\": " + problem);
    if (path->empty()) continue;  // "./": the root itself

    Entry entry;
    entry.path = std::move(*path);
    entry.type = entry_type(raw);
    entry.mode = static_cast<uint32_t>(archive_entry_perm(raw));
    entry.size =
        archive_entry_size_is_set(raw) ? static_cast<uint64_t>(archive_entry_size(raw)) : 0;
    if (entry.type == EntryType::kHardlink) {
      std::optional<std::string> target =
          normalize_entry_path(archive_entry_hardlink(raw), problem);
      if (!target || target->empty())
        throw_bad_input(subject, "hard link \"" + entry.path + "\": target " + problem);
      entry.link_target = std::move(*target);
    } else if (entry.type == EntryType::kSymlink) {
      const char* target = archive_entry_symlink(raw);
      entry.link_target = target != nullptr ? target : "";
      if (symlink_escapes_root(entry.path, entry.link_target))
        throw_bad_input(subject, "symlink \"" + entry.path + "\" points outside the root (\"" +
                                     util::printable(entry.link_target) + "\")");
    }
    ArchiveContent content(reader, entry, subject);
    visit(entry, content);
  }
}

struct StreamSource {
  util::ByteStream* stream;
  std::string error;
  std::exception_ptr exception;
};

// libarchive's read callback: the buffer stays valid until the next call, as next() promises.
la_ssize_t read_from_stream(archive*, void* opaque, const void** buffer) {
  auto* source = static_cast<StreamSource*>(opaque);
  try {
    std::string_view chunk = source->stream->next();
    *buffer = chunk.data();
    return static_cast<la_ssize_t>(chunk.size());
  } catch (...) {
    // Errors of the stream (a digest mismatch, a corrupt gzip member) must reach the caller as
    // they are, not as libarchive's "truncated archive".
    source->exception = std::current_exception();
    return -1;
  }
}

}  // namespace

void read_tar_stream(util::ByteStream& stream, const std::string& subject,
                     const EntryVisitor& visit) {
  ArchivePtr reader = new_reader();
  archive_read_support_format_tar(reader.get());
  archive_read_support_format_empty(reader.get());
  StreamSource source{&stream, {}, nullptr};
  try {
    if (archive_read_open(reader.get(), &source, nullptr, read_from_stream, nullptr) != ARCHIVE_OK)
      throw_bad_input(subject, archive_problem(reader.get()));
    walk(reader.get(), subject, visit);
  } catch (const Error&) {
    if (source.exception) std::rethrow_exception(source.exception);
    throw;
  }
  if (source.exception) std::rethrow_exception(source.exception);
  // The end-of-archive marker may come before the end of the blob: read the rest, so that the
  // digest check at the end of the stream covers every byte.
  stream.drain();
}

void read_archive_file(const std::string& path, const EntryVisitor& visit) {
  ArchivePtr reader = new_reader();
  archive_read_support_filter_all(reader.get());
  archive_read_support_format_all(reader.get());
  if (archive_read_open_filename(reader.get(), path.c_str(), 1 << 20) != ARCHIVE_OK)
    throw_bad_input(path, archive_problem(reader.get()));
  walk(reader.get(), path, visit);
}

}  // namespace hallmark::source
