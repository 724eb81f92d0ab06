// Image references as people write them, HOST[:PORT]/REPO[:TAG][@DIGEST], with Docker's
// defaults filled in, and the one canonical spelling Hallmark prints and matches policies on.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "hallmark/crypto/digest.hpp"

namespace hallmark::registry {

// Docker Hub's name in references; its API is served by registry-1.docker.io.
inline constexpr char kDockerHub[] = "docker.io";

struct Reference {
  std::string registry;    // "docker.io", "ghcr.io", "localhost:5000", "[::1]:5000"
  std::string repository;  // "library/debian", "team/app"
  std::string tag;         // empty only when a digest is given
  std::optional<crypto::Digest> digest;

  // "debian" is docker.io/library/debian:latest; "localhost:5000/app@sha256:..." has no tag. The
  // first path component is a registry when it has a dot or a port, or is "localhost". Throws
  // kUsage naming the text when it is not a valid reference.
  static Reference parse(std::string_view text);

  // Everything spelled out: "docker.io/library/debian:12@sha256:...".
  std::string to_string() const;
  // The registry and repository: "docker.io/library/debian".
  std::string name() const;
  // What a manifest is fetched by: the digest when there is one, else the tag.
  std::string identifier() const;
  // The HOST[:PORT] that serves the distribution API.
  std::string api_host() const;

  // The same repository at `digest` (the tag is kept, for messages).
  Reference at_digest(const crypto::Digest& digest) const;
  // The same repository at `tag`, without a digest.
  Reference at_tag(std::string tag) const;
};

}  // namespace hallmark::registry
