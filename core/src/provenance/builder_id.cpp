#include "hallmark/provenance/builder_id.hpp"

#include <optional>

#include "hallmark/provenance/semver.hpp"
#include "hallmark/provenance/verify_error.hpp"
#include "hallmark/util/strings.hpp"

namespace hallmark::provenance {

BuilderId BuilderId::parse(std::string_view id, bool need_version) {
  std::vector<std::string_view> parts = util::split(id, '@');
  BuilderId builder;
  if (parts.size() == 2 && !parts[1].empty()) {
    builder.name_ = parts[0];
    builder.version_ = parts[1];
    return builder;
  }
  if (parts.size() == 1 && !need_version) {
    builder.name_ = parts[0];
    return builder;
  }
  fail(Category::kInvalidFormat, "builder id \"" + util::printable(id) + "\" is not NAME" +
                                     (need_version ? "" : "[") + "@VERSION" +
                                     (need_version ? "" : "]"));
}

std::string BuilderId::to_string() const {
  return version_.empty() ? name_ : name_ + "@" + version_;
}

bool BuilderId::matches(std::string_view expected, Version version, bool allow_ref) const {
  BuilderId wanted = parse(expected);
  if (wanted.name_ != name_) return false;
  if (version == Version::kIfGiven && wanted.version_.empty()) return true;
  return wanted.version_ == version_ || (allow_ref && "refs/tags/" + wanted.version_ == version_);
}

void BuilderId::check_matches(std::string_view expected, Version version, bool allow_ref) const {
  if (!matches(expected, version, allow_ref))
    fail_mismatch(Category::kMismatchBuilderId, "builder id", to_string(), expected);
}

void check_builder_tag(std::string_view ref, bool allow_prerelease) {
  constexpr std::string_view kTags = "refs/tags/";
  std::optional<Semver> version =
      ref.starts_with(kTags) ? Semver::parse(ref.substr(kTags.size())) : std::nullopt;
  bool release = version && !version->patch.empty() && version->build.empty() &&
                 (allow_prerelease || version->prerelease.empty());
  if (!release)
    fail(Category::kInvalidRef, "builder ref \"" + util::printable(ref) +
                                    "\" is not a release tag refs/tags/vX.Y.Z" +
                                    (allow_prerelease ? "[-pre]" : ""));
}

}  // namespace hallmark::provenance
