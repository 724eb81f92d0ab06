// SLSA v1 provenance (https://slsa.dev/provenance/v1) for what a CI job built: how it was built
// (the build type, its external parameters: workflow, ref, repository; the source commit it
// resolved) and by whom (builder id, invocation). The CI system is read from its environment
// variables, as GitHub's and GitLab's own provenance generators do.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hallmark/attest/statement.hpp"

namespace hallmark::provenance {

inline constexpr char kSlsaProvenanceV1[] = "https://slsa.dev/provenance/v1";
inline constexpr char kGithubWorkflowBuildType[] =
    "https://actions.github.io/buildtypes/workflow/v1";
inline constexpr char kManualBuildType[] = "https://hallmark.dev/provenance/buildtypes/manual/v1";

enum class CiSystem { kAuto, kGithub, kGitlab, kNone };

// What is known about the build, whichever CI ran it.
struct BuildDescription {
  std::string build_type;
  nlohmann::json external_parameters = nlohmann::json::object();
  nlohmann::json internal_parameters = nlohmann::json::object();
  std::vector<attest::ResourceDescriptor> resolved_dependencies;  // the source, by uri and commit
  std::string builder_id;
  std::string invocation_id;
  std::string started_on;  // RFC 3339, or empty when the CI does not say
};

// For --ci none: what the user states.
struct ManualBuild {
  std::string builder_id;
  std::string source_uri;     // "git+https://github.com/acme/app" or "https://..."
  std::string source_digest;  // the commit ("gitCommit" hex, or "sha1:HEX")
  std::string ref;            // "refs/tags/v1.2.3"
};

// Reads the CI environment through `getenv` (a parameter, so tests can simulate CI). kAuto picks
// GitHub Actions (GITHUB_ACTIONS=true) or GitLab CI (GITLAB_CI=true), else fails. A variable the
// predicate needs that is missing is a usage error naming it.
BuildDescription describe_build(CiSystem ci, const ManualBuild& manual,
                                const std::function<const char*(const char*)>& getenv);

// The in-toto statement: SLSA v1 provenance about `subjects`, finished now (SOURCE_DATE_EPOCH).
attest::Statement make_provenance(const BuildDescription& build,
                                  std::vector<attest::ResourceDescriptor> subjects);

}  // namespace hallmark::provenance
