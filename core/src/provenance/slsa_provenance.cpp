// Which reader reads which provenance: upstream's buildTypeMap (slsaprovenance/v0.2 and v1.0
// New), keyed by predicate type, the builder that writes it and its build type, plus Hallmark's
// own build types.
#include "hallmark/provenance/slsa_provenance.hpp"

#include <vector>

#include "hallmark/provenance/builder_id.hpp"
#include "hallmark/provenance/generate.hpp"
#include "hallmark/provenance/verify_error.hpp"
#include "hallmark/util/strings.hpp"

#include "json_path.hpp"
#include "readers.hpp"

namespace hallmark::provenance {
namespace {

enum class Match { kExact, kPrefix };

struct KnownBuild {
  std::string_view predicate_type;
  std::string_view build_type;
  Match match;
  // The builders known to write it; empty when any signer may (GitHub artifact attestations,
  // Hallmark's own).
  std::vector<std::string_view> builders;
  std::unique_ptr<Provenance> (*read)(attest::Statement);

  bool has_build_type(std::string_view type) const {
    return match == Match::kPrefix ? type.starts_with(build_type) : type == build_type;
  }
  bool written_by(std::string_view builder) const {
    for (std::string_view known : builders)
      if (known == builder) return true;
    return false;
  }
};

const std::vector<KnownBuild>& known_builds() {
  using namespace builders;
  namespace types = build_types;
  constexpr std::string_view kV02 = kSlsaProvenanceV02, kV1 = kSlsaProvenanceV1;
  constexpr Match kExact = Match::kExact;
  // clang-format off
  static const std::vector<KnownBuild> builds = {
      {kV02, types::kDelegator, kExact, {kGenericDelegator, kLowPermsDelegator},
       read_delegator_v02},
      {kV02, types::kGo, kExact, {kGoBuilder}, read_generator_v02},
      {kV02, types::kLegacy, kExact, {kGoBuilder}, read_generator_v02},
      {kV02, types::kLegacyGo, kExact, {kGoBuilder}, read_generator_v02},
      {kV02, types::kGeneric, kExact, {kGenericGenerator}, read_generator_v02},
      {kV02, types::kContainer, kExact, {kContainerGenerator}, read_generator_v02},
      // The self-hosted runner arrived with v1 provenance: v0.2 knows only these two.
      {kV02, types::kNpmCliV02, kExact, {kNpmRunner, kNpmRunnerGithubHosted}, read_npm_cli_v02},
      {kV1, types::kDelegator, kExact, {kGenericDelegator, kLowPermsDelegator}, read_delegator_v1},
      {kV1, types::kContainerBased, kExact, {kContainerBasedBuilder}, read_delegator_v1},
      // Not the legacy runner id: v1 provenance names the runner's environment.
      {kV1, types::kNpmCliV1, kExact, {kNpmRunnerGithubHosted, kNpmRunnerSelfHosted},
       read_workflow_v1},
      {kV1, kGithubWorkflowBuildType, kExact, {}, read_workflow_v1},
      {kV1, kManualBuildType, kExact, {}, read_source_ref_v1},
      {kV1, types::kGitlabRunnerPrefix, Match::kPrefix, {}, read_source_ref_v1},
  };
  // clang-format on
  return builds;
}

void check_predicate_type(const attest::Statement& statement) {
  if (statement.predicate_type != kSlsaProvenanceV02 &&
      statement.predicate_type != kSlsaProvenanceV1)
    fail(Category::kInvalidDssePayload, "predicate type \"" +
                                            util::printable(statement.predicate_type) +
                                            "\" is not SLSA provenance v0.2 or v1");
}

std::string build_type_of(const attest::Statement& statement) {
  return statement.predicate_type == kSlsaProvenanceV1
             ? text_at(statement.predicate, {"buildDefinition", "buildType"})
             : text_at(statement.predicate, {"buildType"});
}

[[noreturn]] void unknown_build_type(const std::string& type, const std::string& by) {
  fail(Category::kInvalidBuildType,
       "build type \"" + util::printable(type) + "\" is not one " + by);
}

}  // namespace

const std::vector<attest::ResourceDescriptor>& Provenance::subjects() const {
  if (statement_.subjects.empty())
    fail(Category::kInvalidDssePayload, "the provenance has no subjects");
  return statement_.subjects;
}

std::unique_ptr<Provenance> read_provenance_of(const attest::Statement& statement,
                                               std::string_view builder) {
  check_predicate_type(statement);
  std::string type = build_type_of(statement);
  bool builder_known = false;
  for (const KnownBuild& build : known_builds()) {
    if (build.predicate_type != statement.predicate_type || !build.written_by(builder)) continue;
    builder_known = true;
    if (build.has_build_type(type)) return build.read(statement);
  }
  if (!builder_known)
    fail(Category::kInvalidBuilderId, "builder \"" + util::printable(builder) + "\" writes no " +
                                          statement.predicate_type + " provenance");
  unknown_build_type(type, "builder \"" + util::printable(builder) + "\" writes");
}

std::unique_ptr<Provenance> read_provenance(const attest::Statement& statement,
                                            std::optional<std::string_view> build_type) {
  check_predicate_type(statement);
  std::string type = build_type_of(statement);
  for (const KnownBuild& build : known_builds()) {
    if (build.predicate_type != statement.predicate_type) continue;
    if (build_type && build.build_type != *build_type) continue;
    if (build.has_build_type(type)) return build.read(statement);
  }
  unknown_build_type(type, build_type ? "this command accepts" : "a known builder writes");
}

}  // namespace hallmark::provenance
