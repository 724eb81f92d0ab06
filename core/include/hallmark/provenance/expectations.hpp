// What the user expects of provenance (slsa-verifier v2's flags), and the checks every builder's
// provenance goes through once its signer is trusted (upstream VerifyProvenanceCommonOptions):
// source, subject digest, branch, tag, versioned tag, workflow inputs, in that order, the first
// failing one deciding the verdict.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "hallmark/crypto/digest.hpp"
#include "hallmark/provenance/slsa_provenance.hpp"

namespace hallmark::provenance {

struct Expectations {
  std::string source_uri;  // github.com/o/r, https://..., git+https://...
  // Not given (nullopt or ""): the commands' trusted builders decide.
  std::optional<std::string> builder_id;
  std::optional<std::string> branch;
  std::optional<std::string> tag;            // exact
  std::optional<std::string> versioned_tag;  // a semantic-version prefix (vX, vX.Y, vX.Y.Z)
  std::vector<std::pair<std::string, std::string>> workflow_inputs;

  bool has_builder_id() const { return builder_id && !builder_id->empty(); }
};

// An artifact as the provenance must name it among its subjects.
struct SubjectDigest {
  std::string name;  // what the user gave: a path or "sha256:HEX"
  crypto::DigestAlgorithm algorithm = crypto::DigestAlgorithm::kSha256;
  std::string hex;

  // A path (hashed with `algorithm`) or "ALGORITHM:HEX" of that algorithm. kUsage otherwise.
  static SubjectDigest of(const std::string& spec, crypto::DigestAlgorithm algorithm);
};

// The checks, in upstream order. `github_source`: the source must be a GitHub repository
// (provenance from GitHub builders); key-signed provenance may come from anywhere.
void check_provenance_claims(const Provenance& provenance, const Expectations& expected,
                             const SubjectDigest& artifact, bool github_source);

}  // namespace hallmark::provenance
