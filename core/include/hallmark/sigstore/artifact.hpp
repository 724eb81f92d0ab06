// What a signature is checked against: a file, or only its digest ("sha256:HEX"), as the
// Sigstore client spec allows.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "hallmark/crypto/digest.hpp"

namespace hallmark::sigstore {

class Artifact {
 public:
  // A path, or "sha256:HEX" (kUsage when malformed).
  static Artifact parse(std::string_view spec);
  // A file, whatever its name looks like.
  static Artifact from_file(std::string path);
  // Bytes held in memory (a signed payload fetched from a registry), named `name`.
  static Artifact from_content(std::string name, std::string content);

  const std::string& name() const { return name_; }
  bool is_file() const { return path_.has_value(); }
  // The artifact's digest (raw bytes), computed once per algorithm by reading the file; kUsage
  // when only a digest of another algorithm was given.
  const std::string& digest(crypto::DigestAlgorithm algorithm) const;
  // The whole file, for schemes that sign messages rather than digests (Ed25519).
  std::string content() const;

 private:
  std::string name_;
  std::optional<std::string> path_;
  std::optional<std::string> content_;
  mutable std::map<crypto::DigestAlgorithm, std::string> digests_;
};

}  // namespace hallmark::sigstore
