// Where registry credentials come from: Docker's config.json (`auths` entries), as `docker login`
// writes it. Passwords are held as util::Secret and never printed.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "hallmark/util/secret.hpp"

namespace hallmark::registry {

struct Credentials {
  std::string username;
  util::Secret password;
};

// The folder of config.json: $DOCKER_CONFIG, else ~/.docker (empty when neither is set).
std::filesystem::path docker_config_dir();

// The credentials config.json in `config_dir` holds for `registry` (a Reference::registry:
// "docker.io" also matches Docker Hub's legacy keys such as "https://index.docker.io/v1/"), from
// an `auth` (base64 user:password) or `username` + `password` entry. nullopt when the file or
// the entry is missing. An entry that only a credential helper (`credsStore`, `credHelpers`) or
// an identity token can fill is refused with kUsage: Hallmark runs no helper programs. A
// malformed file is kBadInput.
std::optional<Credentials> docker_config_credentials(const std::string& registry,
                                                     const std::filesystem::path& config_dir);

}  // namespace hallmark::registry
