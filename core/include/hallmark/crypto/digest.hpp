// Message digests (OpenSSL EVP; never a hand-written hash) and the "algorithm:hex" digest
// strings of OCI and in-toto.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace hallmark::crypto {

enum class DigestAlgorithm { kSha1, kSha256, kSha384, kSha512 };

// "sha256", as OCI digests and in-toto digest sets name it.
std::string_view algorithm_name(DigestAlgorithm algorithm);

// An incremental digest, for data that streams past (layers are hashed while they are read).
class Hasher {
 public:
  explicit Hasher(DigestAlgorithm algorithm);
  ~Hasher();
  Hasher(Hasher&&) noexcept;
  Hasher& operator=(Hasher&&) noexcept;

  void update(std::string_view data);
  // The raw digest bytes. The hasher cannot be updated afterwards.
  std::string finish();
  DigestAlgorithm algorithm() const { return algorithm_; }

 private:
  struct Context;
  DigestAlgorithm algorithm_;
  std::unique_ptr<Context> context_;
};

// The raw digest of `data`.
std::string digest(DigestAlgorithm algorithm, std::string_view data);
// The lower-case hex digest of `data`.
std::string digest_hex(DigestAlgorithm algorithm, std::string_view data);

// The raw digest of a file, read once front to back in large blocks (kIo when unreadable).
std::string digest_file(DigestAlgorithm algorithm, const std::string& path);

// "sha256:<64 hex>": the content address OCI uses for blobs.
struct Digest {
  DigestAlgorithm algorithm = DigestAlgorithm::kSha256;
  std::string hex;  // lower case

  // Accepts sha256 and sha512 (the OCI-registered algorithms) with hex of the right length.
  // Throws kBadInput naming `subject` otherwise.
  static Digest parse(std::string_view text, const std::string& subject = "");
  static Digest of(DigestAlgorithm algorithm, std::string_view data);
  std::string to_string() const;
  bool operator==(const Digest&) const = default;
};

}  // namespace hallmark::crypto
