// Builder ids and which builders are trusted, as slsa-verifier v2 has them
// (verifiers/utils/builder.go, gha/slsaprovenance/common/builders.go). An id is NAME or
// NAME@VERSION; the builders of slsa-github-generator sign as
// "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/W@refs/tags/vX.Y.Z",
// and users may name them as NAME, NAME@vX.Y.Z or NAME@refs/tags/vX.Y.Z.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace hallmark::provenance {

namespace builders {
inline constexpr std::string_view kGenericGenerator =
    "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/"
    "generator_generic_slsa3.yml";
inline constexpr std::string_view kGoBuilder =
    "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/"
    "builder_go_slsa3.yml";
inline constexpr std::string_view kContainerBasedBuilder =
    "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/"
    "builder_container-based_slsa3.yml";
inline constexpr std::string_view kContainerGenerator =
    "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/"
    "generator_container_slsa3.yml";
// The delegators of the "bring your own builder" framework (BYOB): they sign for the builder
// that called them, whose id the provenance records.
inline constexpr std::string_view kGenericDelegator =
    "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/"
    "delegator_generic_slsa3.yml";
inline constexpr std::string_view kLowPermsDelegator =
    "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/"
    "delegator_lowperms-generic_slsa3.yml";
// Where the slsa-framework's own BYOB builders live (maven, gradle, nodejs).
inline constexpr std::string_view kSlsaWorkflowsPrefix =
    "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/";
// The npm CLI's builders: the GitHub runner that ran `npm publish --provenance`.
inline constexpr std::string_view kNpmRunner = "https://github.com/actions/runner";
inline constexpr std::string_view kNpmRunnerGithubHosted =
    "https://github.com/actions/runner/github-hosted";
inline constexpr std::string_view kNpmRunnerSelfHosted =
    "https://github.com/actions/runner/self-hosted";
inline constexpr std::string_view kGcbWorker =
    "https://cloudbuild.googleapis.com/GoogleHostedWorker";
}  // namespace builders

// Who a command trusts when the user names no builder (upstream's default maps).
using TrustedWorkflows = std::span<const std::string_view>;
inline constexpr std::string_view kArtifactWorkflows[] = {
    builders::kGenericGenerator, builders::kGoBuilder, builders::kContainerBasedBuilder,
    builders::kGenericDelegator, builders::kLowPermsDelegator};
inline constexpr std::string_view kImageWorkflows[] = {builders::kContainerGenerator};
inline constexpr std::string_view kDelegatorWorkflows[] = {builders::kGenericDelegator,
                                                           builders::kLowPermsDelegator};

class BuilderId {
 public:
  // NAME or NAME@VERSION; `need_version` requires the version. ErrorInvalidFormat for "NAME@",
  // two "@" or a missing required version.
  static BuilderId parse(std::string_view id, bool need_version = false);

  const std::string& name() const { return name_; }
  const std::string& version() const { return version_; }
  std::string to_string() const;

  // Whether `expected` (what the user asked for) names this builder: the same name, and the
  // same version when `expected` gives one (MatchesLoose) or always (MatchesFull). With
  // `allow_ref`, an expected "vX.Y.Z" also matches the version "refs/tags/vX.Y.Z".
  // ErrorMismatchBuilderID with both ids otherwise; ErrorInvalidFormat for a malformed id.
  enum class Version { kIfGiven, kAlways };
  void check_matches(std::string_view expected, Version version, bool allow_ref) const;
  bool matches(std::string_view expected, Version version, bool allow_ref) const;

 private:
  std::string name_;
  std::string version_;
};

// A builder's ref must be a release: "refs/tags/vX.Y.Z" with a full semantic version and no
// build metadata; a pre-release only with `allow_prerelease`. ErrorInvalidRef otherwise.
void check_builder_tag(std::string_view ref, bool allow_prerelease);

}  // namespace hallmark::provenance
