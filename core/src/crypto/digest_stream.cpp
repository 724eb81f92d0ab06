#include "hallmark/crypto/digest_stream.hpp"

#include "hallmark/util/encoding.hpp"
#include "hallmark/util/error.hpp"

namespace hallmark::crypto {
namespace {

using util::ByteStream;

class DigestCheckStream : public ByteStream {
 public:
  DigestCheckStream(std::unique_ptr<ByteStream> upstream, Digest expected, std::string subject,
                    uint64_t expected_size)
      : upstream_(std::move(upstream)),
        expected_(std::move(expected)),
        subject_(std::move(subject)),
        expected_size_(expected_size),
        hasher_(expected_.algorithm) {}

  std::string_view next() override {
    if (done_) return {};
    std::string_view chunk = upstream_->next();
    if (!chunk.empty()) {
      hasher_.update(chunk);
      seen_ += chunk.size();
      if (expected_size_ != UINT64_MAX && seen_ > expected_size_)
        throw_bad_input(subject_, "blob " + expected_.to_string() + " is larger than the " +
                                      std::to_string(expected_size_) +
                                      " bytes its descriptor says");
      return chunk;
    }
    done_ = true;
    Digest actual{expected_.algorithm, util::hex_encode(hasher_.finish())};
    if (actual != expected_)
      throw_bad_input(subject_, "blob " + expected_.to_string() +
                                    " does not match its digest (its content hashes to " +
                                    actual.to_string() + ")");
    if (expected_size_ != UINT64_MAX && seen_ != expected_size_)
      throw_bad_input(subject_, "blob " + expected_.to_string() + " has " + std::to_string(seen_) +
                                    " bytes, its descriptor says " +
                                    std::to_string(expected_size_));
    return {};
  }

 private:
  std::unique_ptr<ByteStream> upstream_;
  Digest expected_;
  std::string subject_;
  uint64_t expected_size_;
  uint64_t seen_ = 0;
  Hasher hasher_;
  bool done_ = false;
};

}  // namespace

std::unique_ptr<ByteStream> verify_digest(std::unique_ptr<ByteStream> upstream, Digest expected,
                                          std::string subject, uint64_t expected_size) {
  return std::make_unique<DigestCheckStream>(std::move(upstream), std::move(expected),
                                             std::move(subject), expected_size);
}

}  // namespace hallmark::crypto
