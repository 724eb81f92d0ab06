#include "hallmark/crypto/digest.hpp"

#include <cerrno>
#include <cstring>
#include <memory>
#include <vector>

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include "hallmark/util/encoding.hpp"
#include "hallmark/util/error.hpp"

#include "md.hpp"

namespace hallmark::crypto {
namespace {

const EVP_MD* evp_md(DigestAlgorithm algorithm) {
  return fetched_md(algorithm);
}

}  // namespace

const EVP_MD* fetched_md(DigestAlgorithm algorithm) {
  static EVP_MD* const kFetched[] = {
      EVP_MD_fetch(nullptr, "SHA1", nullptr),
      EVP_MD_fetch(nullptr, "SHA256", nullptr),
      EVP_MD_fetch(nullptr, "SHA384", nullptr),
      EVP_MD_fetch(nullptr, "SHA512", nullptr),
  };
  return kFetched[static_cast<int>(algorithm)];
}

std::string_view algorithm_name(DigestAlgorithm algorithm) {
  switch (algorithm) {
    case DigestAlgorithm::kSha1:
      return "sha1";
    case DigestAlgorithm::kSha256:
      return "sha256";
    case DigestAlgorithm::kSha384:
      return "sha384";
    case DigestAlgorithm::kSha512:
      return "sha512";
  }
  return "unknown";
}

struct Hasher::Context {
  EVP_MD_CTX* md = nullptr;
  ~Context() { EVP_MD_CTX_free(md); }
};

Hasher::Hasher(DigestAlgorithm algorithm)
    : algorithm_(algorithm), context_(std::make_unique<Context>()) {
  context_->md = EVP_MD_CTX_new();
  if (context_->md == nullptr || EVP_DigestInit_ex(context_->md, evp_md(algorithm), nullptr) != 1)
    throw Error(ErrorKind::kIo, "", "OpenSSL cannot start a digest");
}

Hasher::~Hasher() = default;
Hasher::Hasher(Hasher&&) noexcept = default;
Hasher& Hasher::operator=(Hasher&&) noexcept = default;

void Hasher::update(std::string_view data) {
  EVP_DigestUpdate(context_->md, data.data(), data.size());
}

std::string Hasher::finish() {
  unsigned char bytes[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(context_->md, bytes, &length);
  return std::string(reinterpret_cast<char*>(bytes), length);
}

std::string digest(DigestAlgorithm algorithm, std::string_view data) {
  Hasher hasher(algorithm);
  hasher.update(data);
  return hasher.finish();
}

std::string digest_hex(DigestAlgorithm algorithm, std::string_view data) {
  return util::hex_encode(digest(algorithm, data));
}

std::string digest_file(DigestAlgorithm algorithm, const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw_io_error(path, std::string("cannot open: ") + std::strerror(errno));
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  Hasher hasher(algorithm);
  // Not a std::vector: zero-filling a megabyte costs more than hashing a small file.
  constexpr size_t kBufferSize = 1 << 20;
  std::unique_ptr<char[]> buffer(new char[kBufferSize]);
  while (true) {
    ssize_t got = ::read(fd, buffer.get(), kBufferSize);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      std::string reason = std::strerror(errno);
      ::close(fd);
      throw_io_error(path, "read failed: " + reason);
    }
    if (got == 0) break;
    hasher.update(std::string_view(buffer.get(), static_cast<size_t>(got)));
  }
  ::close(fd);
  return hasher.finish();
}

Digest Digest::parse(std::string_view text, const std::string& subject) {
  size_t colon = text.find(':');
  std::string_view name = text.substr(0, colon);
  Digest parsed;
  size_t hex_length;
  if (name == "sha256") {
    parsed.algorithm = DigestAlgorithm::kSha256;
    hex_length = 64;
  } else if (name == "sha512") {
    parsed.algorithm = DigestAlgorithm::kSha512;
    hex_length = 128;
  } else {
    throw_bad_input(subject, "unsupported digest \"" + std::string(text.substr(0, 80)) +
                                 "\" (want sha256:HEX or sha512:HEX)");
  }
  std::string_view hex = colon == std::string_view::npos ? "" : text.substr(colon + 1);
  bool lower_hex = hex.find_first_not_of("0123456789abcdef") == std::string_view::npos;
  if (hex.size() != hex_length || !lower_hex)
    throw_bad_input(subject, "malformed digest \"" + std::string(text.substr(0, 140)) + "\"");
  parsed.hex = hex;
  return parsed;
}

Digest Digest::of(DigestAlgorithm algorithm, std::string_view data) {
  return Digest{algorithm, digest_hex(algorithm, data)};
}

std::string Digest::to_string() const {
  return std::string(algorithm_name(algorithm)) + ":" + hex;
}

}  // namespace hallmark::crypto
