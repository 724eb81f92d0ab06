// A folder scanned as a root file system ("dir:"). Symlinks are recorded, never followed, so the
// walk stays inside the folder. Unlike archives, a folder is the user's own file system: a name
// we cannot represent or a file we cannot read is skipped with a warning instead of failing.
#include <filesystem>
#include <fstream>

#include "hallmark/source/path.hpp"
#include "hallmark/source/source.hpp"
#include "hallmark/util/error.hpp"
#include "hallmark/util/file.hpp"
#include "hallmark/util/log.hpp"
#include "hallmark/util/strings.hpp"

#include "sources.hpp"

namespace hallmark::source {
namespace {

namespace fs = std::filesystem;

class FileContent : public EntryContent {
 public:
  FileContent(const fs::path& path, const Entry& entry) : path_(path), entry_(entry) {}

  std::string_view peek(size_t size) override {
    if (head_.size() < size && !read_whole_) {
      std::ifstream in(path_, std::ios::binary);
      head_.resize(size);
      in.read(head_.data(), static_cast<std::streamsize>(size));
      head_.resize(static_cast<size_t>(in.gcount()));
    }
    return std::string_view(head_).substr(0, size);
  }

  std::string read() override {
    if (entry_.size > kMaxCapturedFileSize)
      throw_bad_input(path_.string(), std::to_string(entry_.size) +
                                          " bytes, more than a package database may have");
    read_whole_ = true;
    return util::read_file(path_);
  }

 private:
  const fs::path& path_;
  const Entry& entry_;
  std::string head_;
  bool read_whole_ = false;
};

class DirectorySource : public Source {
 public:
  DirectorySource(std::string folder, std::string input) : folder_(std::move(folder)) {
    info_.kind = model::SourceKind::kDirectory;
    info_.input = std::move(input);
    info_.name = folder_;
  }

  size_t layer_count() const override { return 1; }

  void read_layer(size_t, const EntryVisitor& visit) const override {
    std::error_code error;
    fs::recursive_directory_iterator walk(folder_, fs::directory_options::skip_permission_denied,
                                          error);
    if (error) throw_io_error(folder_, "cannot read the folder: " + error.message());
    for (; walk != fs::recursive_directory_iterator(); walk.increment(error)) {
      if (error) {
        util::warn(folder_ + ": " + error.message());
        error.clear();
        continue;
      }
      const fs::directory_entry& item = *walk;
      std::string relative = item.path().lexically_relative(folder_).generic_string();
      std::string problem;
      std::optional<std::string> path = normalize_entry_path(relative, problem);
      if (!path) {
        util::warn(util::printable(item.path().string()) + ": skipped: " + problem);
        if (item.is_directory(error)) walk.disable_recursion_pending();
        continue;
      }
      Entry entry;
      entry.path = std::move(*path);
      fs::file_status status = item.symlink_status(error);
      if (error) continue;
      entry.mode = static_cast<uint32_t>(status.permissions()) & 07777;
      if (fs::is_symlink(status)) {
        entry.type = EntryType::kSymlink;
        entry.link_target = fs::read_symlink(item.path(), error).string();
      } else if (fs::is_directory(status)) {
        entry.type = EntryType::kDirectory;
      } else if (fs::is_regular_file(status)) {
        entry.type = EntryType::kFile;
        entry.size = item.file_size(error);
      } else {
        entry.type = EntryType::kOther;
      }
      FileContent content(item.path(), entry);
      visit(entry, content);
    }
  }

 private:
  std::string folder_;
};

}  // namespace

std::unique_ptr<Source> open_directory(const std::string& folder, std::string input) {
  return std::make_unique<DirectorySource>(folder, std::move(input));
}

}  // namespace hallmark::source
