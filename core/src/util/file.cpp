#include "hallmark/util/file.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hallmark/util/error.hpp"

namespace hallmark::util {
namespace {

std::string errno_text() {
  return std::strerror(errno);
}

// A name beside the target (same folder, so rename() is atomic) that no other run picks.
std::filesystem::path temporary_name(const std::filesystem::path& target) {
  std::random_device random;
  char suffix[32];
  std::snprintf(suffix, sizeof suffix, ".tmp-%d-%08x", static_cast<int>(getpid()), random());
  std::filesystem::path name = target;
  name += suffix;
  // A leading dot keeps the partial file out of globs such as *.json.
  return name.parent_path() / ("." + name.filename().string());
}

}  // namespace

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw_io_error(path.string(), "cannot open: " + errno_text());
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw_io_error(path.string(), "read failed: " + errno_text());
  return data;
}

void write_file_atomic(const std::filesystem::path& path, std::string_view data,
                       std::filesystem::perms mode) {
  AtomicFile file(path, mode);
  file.write(data);
  file.commit();
}

void append_line(const std::filesystem::path& path, std::string_view line) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) throw_io_error(path.string(), "cannot open for appending: " + errno_text());
  ssize_t written = ::write(fd, line.data(), line.size());
  std::string reason = errno_text();
  ::close(fd);
  if (written != static_cast<ssize_t>(line.size()))
    throw_io_error(path.string(), "cannot append: " + (written < 0 ? reason : "short write"));
}

AtomicFile::AtomicFile(std::filesystem::path target, std::filesystem::perms mode)
    : target_(std::move(target)), temporary_(temporary_name(target_)) {
  struct stat existing {};
  if (::stat(target_.c_str(), &existing) == 0 && !S_ISREG(existing.st_mode) &&
      !S_ISDIR(existing.st_mode)) {
    in_place_ = true;
    fd_ = ::open(target_.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd_ < 0) throw_io_error(target_.string(), "cannot open: " + errno_text());
    return;
  }
  // O_EXCL: never follow or reuse a file someone planted under the temporary name.
  fd_ = ::open(temporary_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
               static_cast<mode_t>(mode));
  if (fd_ < 0) throw_io_error(target_.string(), "cannot create: " + errno_text());
  // The umask may have narrowed the mode; keys need exactly 0600, outputs exactly what was asked.
  if (::fchmod(fd_, static_cast<mode_t>(mode)) != 0) {
    std::string reason = errno_text();
    ::close(fd_);
    ::unlink(temporary_.c_str());
    throw_io_error(target_.string(), "cannot set permissions: " + reason);
  }
}

AtomicFile::~AtomicFile() {
  if (fd_ >= 0) {
    ::close(fd_);
    if (!in_place_) ::unlink(temporary_.c_str());
  }
}

void AtomicFile::write(std::string_view data) {
  while (!data.empty()) {
    ssize_t written = ::write(fd_, data.data(), data.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      throw_io_error(target_.string(), "write failed: " + errno_text());
    }
    data.remove_prefix(static_cast<size_t>(written));
  }
}

void AtomicFile::commit() {
  int fd = fd_;
  if (in_place_) {
    fd_ = -1;
    if (::close(fd) != 0) throw_io_error(target_.string(), "write failed: " + errno_text());
    return;
  }
  if (::fsync(fd) != 0) throw_io_error(target_.string(), "write failed: " + errno_text());
  fd_ = -1;
  if (::close(fd) != 0) {
    std::string reason = errno_text();
    ::unlink(temporary_.c_str());
    throw_io_error(target_.string(), "write failed: " + reason);
  }
  if (::rename(temporary_.c_str(), target_.c_str()) != 0) {
    std::string reason = errno_text();
    ::unlink(temporary_.c_str());
    throw_io_error(target_.string(), "cannot rename into place: " + reason);
  }
}

}  // namespace hallmark::util
