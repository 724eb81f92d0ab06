// Layer decompression. gzip goes through ISA-L's inflate, about four times faster than zlib on
// these machines (DESIGN.md, "Performance"); zstd through libzstd's streaming decoder.
#include <algorithm>
#include <vector>

#include <isa-l/igzip_lib.h>
#include <zstd.h>

#include "hallmark/source/stream.hpp"
#include "hallmark/util/error.hpp"

namespace hallmark::source {
namespace {

constexpr size_t kOutputSize = 1 << 20;

// Damaged compressed data is often the symptom of a blob that does not match its digest: the
// rest of the blob is read first, so that the digest check, where there is one, names the cause.
[[noreturn]] void fail(util::ByteStream& upstream, const std::string& subject,
                       const std::string& problem) {
  upstream.drain();
  throw_bad_input(subject, problem);
}

// Serves bytes already pulled from upstream (to sniff the magic number) before the rest.
class Rewound : public util::ByteStream {
 public:
  Rewound(std::string head, std::unique_ptr<util::ByteStream> upstream)
      : head_(std::move(head)), upstream_(std::move(upstream)) {}
  std::string_view next() override {
    if (!head_served_) {
      head_served_ = true;
      if (!head_.empty()) return head_;
    }
    return upstream_->next();
  }

 private:
  std::string head_;
  bool head_served_ = false;
  std::unique_ptr<util::ByteStream> upstream_;
};

class GzipStream : public util::ByteStream {
 public:
  GzipStream(std::unique_ptr<util::ByteStream> upstream, std::string subject)
      : upstream_(std::move(upstream)), subject_(std::move(subject)), output_(kOutputSize) {
    start_member();
  }

  std::string_view next() override {
    while (true) {
      if (state_.block_state == ISAL_BLOCK_FINISH && !next_member()) return {};
      if (state_.avail_in == 0) {
        std::string_view chunk = upstream_->next();
        if (chunk.empty()) fail(*upstream_, subject_, "truncated gzip stream");
        state_.next_in = reinterpret_cast<uint8_t*>(const_cast<char*>(chunk.data()));
        state_.avail_in = static_cast<uint32_t>(chunk.size());
      }
      state_.next_out = reinterpret_cast<uint8_t*>(output_.data());
      state_.avail_out = static_cast<uint32_t>(output_.size());
      int status = isal_inflate(&state_);
      if (status < 0) fail(*upstream_, subject_, "corrupt gzip stream (" + reason(status) + ")");
      size_t produced = output_.size() - state_.avail_out;
      if (produced > 0) return {output_.data(), produced};
    }
  }

 private:
  void start_member() {
    isal_inflate_init(&state_);
    state_.crc_flag = ISAL_GZIP;  // parse the gzip header and check the CRC of every member
  }

  // After a member ends: another member may follow (gzip streams may be concatenated); zero
  // padding after the last member is tolerated, as gzip(1) does.
  bool next_member() {
    std::string_view rest(reinterpret_cast<char*>(state_.next_in), state_.avail_in);
    while (true) {
      size_t data = rest.find_first_not_of('\0');
      if (data != std::string_view::npos) {
        rest.remove_prefix(data);
        break;
      }
      rest = upstream_->next();
      if (rest.empty()) return false;
    }
    start_member();
    state_.next_in = reinterpret_cast<uint8_t*>(const_cast<char*>(rest.data()));
    state_.avail_in = static_cast<uint32_t>(rest.size());
    return true;
  }

  static std::string reason(int status) {
    switch (status) {
      case ISAL_INVALID_BLOCK:
        return "invalid deflate block";
      case ISAL_INVALID_SYMBOL:
        return "invalid deflate symbol";
      case ISAL_INVALID_LOOKBACK:
        return "invalid lookback distance";
      case ISAL_INVALID_WRAPPER:
        return "invalid gzip header";
      case ISAL_UNSUPPORTED_METHOD:
        return "unsupported compression method";
      case ISAL_INCORRECT_CHECKSUM:
        return "CRC mismatch";
      default:
        return "error " + std::to_string(status);
    }
  }

  std::unique_ptr<util::ByteStream> upstream_;
  std::string subject_;
  inflate_state state_{};
  std::vector<char> output_;
};

class ZstdStream : public util::ByteStream {
 public:
  ZstdStream(std::unique_ptr<util::ByteStream> upstream, std::string subject)
      : upstream_(std::move(upstream)),
        subject_(std::move(subject)),
        context_(ZSTD_createDStream()),
        output_(kOutputSize) {
    if (context_ == nullptr) throw Error(ErrorKind::kIo, subject_, "out of memory");
    // A bounded window: a hostile frame must not make us allocate gigabytes.
    ZSTD_DCtx_setParameter(context_, ZSTD_d_windowLogMax, 27);
  }
  ~ZstdStream() override { ZSTD_freeDStream(context_); }

  std::string_view next() override {
    while (true) {
      if (input_.pos == input_.size) {
        std::string_view chunk = upstream_->next();
        if (chunk.empty()) {
          if (frame_open_) fail(*upstream_, subject_, "truncated zstd stream");
          return {};
        }
        input_ = {chunk.data(), chunk.size(), 0};
      }
      ZSTD_outBuffer output{output_.data(), output_.size(), 0};
      size_t status = ZSTD_decompressStream(context_, &output, &input_);
      if (ZSTD_isError(status))
        fail(*upstream_, subject_,
             std::string("corrupt zstd stream (") + ZSTD_getErrorName(status) + ")");
      frame_open_ = status != 0;
      if (output.pos > 0) return {output_.data(), output.pos};
    }
  }

 private:
  std::unique_ptr<util::ByteStream> upstream_;
  std::string subject_;
  ZSTD_DStream* context_;
  ZSTD_inBuffer input_{nullptr, 0, 0};
  bool frame_open_ = false;
  std::vector<char> output_;
};

}  // namespace

Compression detect_compression(std::string_view first_bytes) {
  if (first_bytes.size() >= 2 && first_bytes[0] == '\x1f' && first_bytes[1] == '\x8b')
    return Compression::kGzip;
  if (first_bytes.size() >= 4 && first_bytes.substr(0, 4) == std::string_view("\x28\xb5\x2f\xfd"))
    return Compression::kZstd;
  return Compression::kNone;
}

std::unique_ptr<util::ByteStream> decompress(std::unique_ptr<util::ByteStream> upstream,
                                             std::string subject) {
  std::string head;
  while (head.size() < 4) {
    std::string_view chunk = upstream->next();
    if (chunk.empty()) break;
    head.append(chunk);
  }
  Compression compression = detect_compression(head);
  auto stream = std::make_unique<Rewound>(std::move(head), std::move(upstream));
  switch (compression) {
    case Compression::kGzip:
      return std::make_unique<GzipStream>(std::move(stream), std::move(subject));
    case Compression::kZstd:
      return std::make_unique<ZstdStream>(std::move(stream), std::move(subject));
    case Compression::kNone:
      break;
  }
  return stream;
}

}  // namespace hallmark::source
