// Reading and writing files. Every output file is written to a temporary name beside it and
// renamed into place, so a reader never sees a half-written file.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace hallmark::util {

// The whole file; an error names the file (kIo when it cannot be read).
std::string read_file(const std::filesystem::path& path);

// Writes `data` to `path` atomically with the given permission bits (0644 for public
// outputs, 0600 for private keys). The temporary file is removed if anything fails.
void write_file_atomic(const std::filesystem::path& path, std::string_view data,
                       std::filesystem::perms mode = std::filesystem::perms(0644));

// Appends `line` (which ends with a newline) to the file at `path`, made if missing, with one
// write(2) under O_APPEND: lines of concurrent writers interleave whole, never mixed. For logs
// such as the decision log.
void append_line(const std::filesystem::path& path, std::string_view line);

// An output file being written: bytes go to a temporary name in the target's folder; commit()
// renames it into place. Destroyed without commit(), it removes the temporary file, so a
// failed run leaves nothing behind. A target that exists and is not a regular file (/dev/stdout,
// a pipe, /dev/null) is written in place: renaming over it would replace the device or pipe
// with a plain file (as root, /dev/null itself).
class AtomicFile {
 public:
  explicit AtomicFile(std::filesystem::path target,
                      std::filesystem::perms mode = std::filesystem::perms(0644));
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(std::string_view data);
  void commit();

 private:
  std::filesystem::path target_;
  std::filesystem::path temporary_;
  int fd_ = -1;
  bool in_place_ = false;
};

}  // namespace hallmark::util
