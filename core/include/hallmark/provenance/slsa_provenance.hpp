// SLSA provenance as slsa-verifier v2 reads it (gha/slsaprovenance): whichever predicate version
// and builder wrote it, the same questions are asked of it: who built it, from which source
// and ref, with which workflow inputs, about which subjects. Where the answers are written
// depends on the predicate type, the build type and, for GitHub builders, on which builder
// signed; the reader is chosen from those.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "hallmark/attest/statement.hpp"
#include "hallmark/provenance/generate.hpp"  // kSlsaProvenanceV1 and Hallmark's build types

namespace hallmark::provenance {

inline constexpr char kSlsaProvenanceV02[] = "https://slsa.dev/provenance/v0.2";

class Provenance {
 public:
  explicit Provenance(attest::Statement statement) : statement_(std::move(statement)) {}
  virtual ~Provenance() = default;

  const attest::Statement& statement() const { return statement_; }
  const nlohmann::json& predicate() const { return statement_.predicate; }
  virtual std::string builder_id() const = 0;
  virtual std::string build_type() const = 0;
  // The subjects; ErrorInvalidDssePayload when there are none.
  const std::vector<attest::ResourceDescriptor>& subjects() const;

  // The repository and ref whose workflow ran the build: "git+https://github.com/o/r@refs/...".
  virtual std::string trigger_uri() const = 0;
  // The source the build resolved (its first material or resolved dependency), same form.
  virtual std::string source_uri() const = 0;
  // Whether the source may be recorded without a ref (the npm CLI and BYOB builders do that).
  virtual bool source_ref_optional() const { return false; }
  // The full ref of the branch built ("refs/heads/main"), or "" when the build did not run on
  // a branch. A tag push records the branch it was pushed from, when GitHub says.
  virtual std::string branch_ref() const = 0;
  // The full ref of the tag built ("refs/tags/v1.2.3"), or "" when it was not a tag.
  virtual std::string tag_ref() const = 0;
  // The inputs of a workflow_dispatch run, as a JSON object. ErrorMismatchWorkflowInputs when
  // the build was not a workflow_dispatch run.
  virtual nlohmann::json workflow_inputs() const = 0;

 private:
  attest::Statement statement_;
};

// The reader for the provenance `builder` writes (upstream ProvenanceFromEnvelope): `builder` is
// the signing workflow's name, or the npm CLI runner's id. ErrorInvalidDssePayload for a
// predicate that is not SLSA v0.2 or v1, ErrorInvalidBuilderID for a builder that writes no
// provenance of that version, ErrorInvalidBuildType for a build type it does not write.
std::unique_ptr<Provenance> read_provenance_of(const attest::Statement& statement,
                                               std::string_view builder);

// The reader for any known build type (key-signed provenance, whose signature says nothing
// about the builder), or only for `build_type` when given. ErrorInvalidBuildType otherwise.
std::unique_ptr<Provenance> read_provenance(
    const attest::Statement& statement, std::optional<std::string_view> build_type = std::nullopt);

}  // namespace hallmark::provenance
