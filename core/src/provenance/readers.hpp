// The provenance readers, one per way of writing provenance; slsa_provenance.cpp chooses.
#pragma once

#include <memory>
#include <string_view>

#include "hallmark/provenance/slsa_provenance.hpp"

namespace hallmark::provenance {

// The build types the readers know (besides those of generate.hpp, Hallmark's own).
namespace build_types {
inline constexpr std::string_view kDelegator =
    "https://github.com/slsa-framework/slsa-github-generator/delegator-generic@v0";
inline constexpr std::string_view kContainerBased =
    "https://slsa.dev/container-based-build/v0.1?draft";
inline constexpr std::string_view kGo =
    "https://github.com/slsa-framework/slsa-github-generator/go@v1";
inline constexpr std::string_view kGeneric =
    "https://github.com/slsa-framework/slsa-github-generator/generic@v1";
inline constexpr std::string_view kContainer =
    "https://github.com/slsa-framework/slsa-github-generator/container@v1";
// What the Go builder wrote before its build type had a name of its own.
inline constexpr std::string_view kLegacy =
    "https://github.com/slsa-framework/slsa-github-generator@v1";
inline constexpr std::string_view kLegacyGo =
    "https://github.com/slsa-framework/slsa-github-generator-go@v1";
inline constexpr std::string_view kNpmCliV02 = "https://github.com/npm/cli/gha/v2";
inline constexpr std::string_view kNpmCliV1 =
    "https://slsa-framework.github.io/github-actions-buildtypes/workflow/v1";
// GitLab's runner names its build type by the runner version: .../blob/v16.11.0/PROVENANCE.md.
inline constexpr std::string_view kGitlabRunnerPrefix =
    "https://gitlab.com/gitlab-org/gitlab-runner/-/blob/";
}  // namespace build_types

// SLSA v0.2 from slsa-github-generator's generic, Go and container builders (lower-case
// github_* environment).
std::unique_ptr<Provenance> read_generator_v02(attest::Statement statement);
// SLSA v0.2 from a BYOB delegator (upper-case environment; the ref in the first material).
std::unique_ptr<Provenance> read_delegator_v02(attest::Statement statement);
// SLSA v0.2 from `npm publish --provenance` (upper-case environment, GITHUB_REF).
std::unique_ptr<Provenance> read_npm_cli_v02(attest::Statement statement);
// SLSA v1 from a BYOB delegator or the container-based builder (GITHUB_* internal parameters).
std::unique_ptr<Provenance> read_delegator_v1(attest::Statement statement);
// SLSA v1 with the GitHub Actions workflow build types (externalParameters.workflow): the npm
// CLI, GitHub artifact attestations, Hallmark's own GitHub provenance.
std::unique_ptr<Provenance> read_workflow_v1(attest::Statement statement);
// SLSA v1 that records its source and ref as externalParameters.source and .ref: Hallmark's
// GitLab CI and manual provenance.
std::unique_ptr<Provenance> read_source_ref_v1(attest::Statement statement);

}  // namespace hallmark::provenance
