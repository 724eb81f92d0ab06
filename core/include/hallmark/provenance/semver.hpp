// Semantic versions as Go's golang.org/x/mod/semver reads them, because slsa-verifier's tag
// rules are defined by it: a leading "v", "vMAJOR" and "vMAJOR.MINOR" are valid shorthands
// (without pre-release or build), numbers have no leading zeros.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hallmark::provenance {

struct Semver {
  std::string major;  // digits, without the "v"
  std::string minor;  // empty in the shorthand forms
  std::string patch;
  std::string prerelease;  // with its "-", or empty
  std::string build;       // with its "+", or empty

  // nullopt when `text` is not a valid version.
  static std::optional<Semver> parse(std::string_view text);
  // "v1" -> "v1.0.0", "v1.2.3+meta" -> "v1.2.3"; the pre-release is kept.
  std::string canonical() const;
};

bool is_valid_semver(std::string_view text);

}  // namespace hallmark::provenance
