#include "hallmark/provenance/source_rules.hpp"

#include <optional>
#include <vector>

#include "hallmark/provenance/semver.hpp"
#include "hallmark/provenance/verify_error.hpp"
#include "hallmark/util/strings.hpp"

namespace hallmark::provenance {
namespace {

// The name of a "refs/KIND/NAME" ref (NAME may hold slashes).
std::string ref_name(std::string_view ref, std::string_view kind, const char* what) {
  std::string prefix = "refs/" + std::string(kind) + "/";
  if (!ref.starts_with(prefix))
    fail(Category::kInvalidRef,
         ref.empty() ? std::string("the build is not from a ") + what + ": it records no " + what
                     : std::string("the build is not from a ") + what + ": its ref is \"" +
                           util::printable(ref) + "\"");
  if (ref.size() == prefix.size()) fail(Category::kInvalidRef, std::string("empty ") + what);
  return std::string(ref.substr(prefix.size()));
}

// The dot-separated part `index` of a version, if it has one.
std::optional<std::string_view> version_part(std::string_view version, size_t index) {
  std::vector<std::string_view> parts = util::split(version, '.');
  if (index >= parts.size()) return std::nullopt;
  return parts[index];
}

}  // namespace

std::string tag_from_ref(std::string_view ref) {
  return ref_name(ref, "tags", "tag");
}

std::string branch_from_ref(std::string_view ref) {
  return ref_name(ref, "heads", "branch");
}

std::string normalize_git_uri(std::string_view uri) {
  if (uri.starts_with("git+")) return std::string(uri);
  if (uri.find("://") != std::string_view::npos) return "git+" + std::string(uri);
  return "git+https://" + std::string(uri);
}

GitUri split_git_uri(std::string_view uri) {
  if (!uri.starts_with("git+"))
    fail(Category::kMalformedUri, "source URI \"" + util::printable(uri) + "\" is not a git+ URI");
  size_t at = uri.find('@');
  if (at == std::string_view::npos) return {std::string(uri), ""};
  return {std::string(uri.substr(0, at)), std::string(uri.substr(at + 1))};
}

void check_versioned_tag(std::string_view tag, std::string_view expected) {
  std::optional<Semver> wanted = Semver::parse(expected);
  if (!wanted)
    fail(Category::kInvalidSemver,
         "expected version \"" + util::printable(expected) + "\" is not a semantic version");
  std::optional<Semver> built = Semver::parse(tag);
  if (!built)
    fail(Category::kInvalidSemver,
         "source tag \"" + util::printable(tag) + "\" is not a semantic version");
  // The tag is compared in canonical form (v14 is v14.0.0), the expectation part by part as
  // written, so that a shorter expectation is a prefix.
  std::string canonical = built->canonical();
  auto mismatch = [&] {
    fail_mismatch(Category::kMismatchVersionedTag, "source tag", tag, expected);
  };
  if (built->major != wanted->major) mismatch();
  if (std::optional<std::string_view> minor = version_part(expected, 1))
    if (version_part(canonical, 1) != minor) mismatch();
  if (std::optional<std::string_view> patch = version_part(expected, 2)) {
    // Build metadata does not take part in the comparison (the canonical tag has none).
    *patch = patch->substr(0, patch->find('+'));
    if (version_part(canonical, 2) != patch) mismatch();
  }
}

}  // namespace hallmark::provenance
