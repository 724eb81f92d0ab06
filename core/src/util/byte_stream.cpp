#include "hallmark/util/byte_stream.hpp"

#include <cerrno>
#include <cstring>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

#include "hallmark/util/error.hpp"

namespace hallmark::util {

void ByteStream::drain() {
  while (!next().empty()) {
  }
}

namespace {

constexpr size_t kChunkSize = 1 << 20;

class FileStream : public ByteStream {
 public:
  FileStream(const std::string& path, uint64_t offset, uint64_t length)
      : path_(path), offset_(offset), left_(length), buffer_(kChunkSize) {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) throw_io_error(path, std::string("cannot open: ") + std::strerror(errno));
    // The whole file is read once, front to back: let the kernel read ahead generously.
    ::posix_fadvise(fd_, static_cast<off_t>(offset), 0, POSIX_FADV_SEQUENTIAL);
  }
  ~FileStream() override { ::close(fd_); }

  std::string_view next() override {
    if (left_ == 0) return {};
    size_t want = left_ < buffer_.size() ? static_cast<size_t>(left_) : buffer_.size();
    ssize_t got;
    do {
      got = ::pread(fd_, buffer_.data(), want, static_cast<off_t>(offset_));
    } while (got < 0 && errno == EINTR);
    if (got < 0) throw_io_error(path_, std::string("read failed: ") + std::strerror(errno));
    if (got == 0) {
      // A member that claims more bytes than the file has: the file was cut short.
      if (left_ != UINT64_MAX) throw_bad_input(path_, "unexpected end of file");
      left_ = 0;
      return {};
    }
    offset_ += static_cast<uint64_t>(got);
    if (left_ != UINT64_MAX) left_ -= static_cast<uint64_t>(got);
    return {buffer_.data(), static_cast<size_t>(got)};
  }

 private:
  std::string path_;
  int fd_ = -1;
  uint64_t offset_;
  uint64_t left_;
  std::vector<char> buffer_;
};

class MemoryStream : public ByteStream {
 public:
  explicit MemoryStream(std::string_view bytes) : bytes_(bytes) {}
  std::string_view next() override {
    std::string_view chunk = bytes_.substr(0, kChunkSize);
    bytes_.remove_prefix(chunk.size());
    return chunk;
  }

 private:
  std::string_view bytes_;
};

}  // namespace

std::unique_ptr<ByteStream> open_file_stream(const std::string& path, uint64_t offset,
                                             uint64_t length) {
  return std::make_unique<FileStream>(path, offset, length);
}

std::unique_ptr<ByteStream> memory_stream(std::string_view bytes) {
  return std::make_unique<MemoryStream>(bytes);
}

}  // namespace hallmark::util
