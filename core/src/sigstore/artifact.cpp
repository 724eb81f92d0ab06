#include "hallmark/sigstore/artifact.hpp"

#include "hallmark/util/encoding.hpp"
#include "hallmark/util/error.hpp"
#include "hallmark/util/file.hpp"

namespace hallmark::sigstore {

Artifact Artifact::parse(std::string_view spec) {
  Artifact artifact;
  artifact.name_ = spec;
  if (spec.starts_with("sha256:")) {
    crypto::Digest digest = crypto::Digest::parse(spec);
    artifact.digests_[digest.algorithm] = *util::hex_decode(digest.hex);
    return artifact;
  }
  return from_file(std::string(spec));
}

Artifact Artifact::from_file(std::string path) {
  Artifact artifact;
  artifact.name_ = path;
  artifact.path_ = std::move(path);
  return artifact;
}

Artifact Artifact::from_content(std::string name, std::string content) {
  Artifact artifact;
  artifact.name_ = std::move(name);
  artifact.content_ = std::move(content);
  return artifact;
}

const std::string& Artifact::digest(crypto::DigestAlgorithm algorithm) const {
  auto known = digests_.find(algorithm);
  if (known != digests_.end()) return known->second;
  if (content_) return digests_[algorithm] = crypto::digest(algorithm, *content_);
  if (!path_)
    throw_usage_error(name_ + ": the signature is over a " +
                      std::string(crypto::algorithm_name(algorithm)) +
                      " digest; give the file instead");
  return digests_[algorithm] = crypto::digest_file(algorithm, *path_);
}

std::string Artifact::content() const {
  if (content_) return *content_;
  if (!path_) throw_usage_error(name_ + ": Ed25519 signs the whole file; give the file instead");
  return util::read_file(*path_);
}

}  // namespace hallmark::sigstore
