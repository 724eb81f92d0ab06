// Provenance signed by a GitHub Actions workflow (upstream gha/verifier.go verifyEnvAndCert and
// gha/provenance.go VerifyProvenance): the signer is a trusted builder for the expected
// source, the provenance's builder id is the signer's (or, for a BYOB delegator, the builder the
// user expects), and its claims are what the user expects for each artifact.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hallmark/provenance/builder_id.hpp"
#include "hallmark/provenance/expectations.hpp"
#include "hallmark/sigstore/certificate.hpp"

namespace hallmark::provenance {

struct GithubBuilderPolicy {
  TrustedWorkflows trusted;
  bool allow_builder_at_head = false;
  // The provenance is read by this build type, whoever signed (GitHub artifact attestations),
  // rather than by what the signing builder is known to write.
  std::optional<std::string_view> build_type;
};

// What passed: the builder id to report (the signing workflow, or for a delegator the
// provenance's builder) and the provenance as its builder's reader reads it.
struct GithubBuilt {
  std::string builder_id;
  std::unique_ptr<Provenance> provenance;
};

// The certificate is the statement's verified signer.
GithubBuilt verify_github_builder(const attest::Statement& statement,
                                  const sigstore::Certificate& certificate,
                                  const Expectations& expected,
                                  const std::vector<SubjectDigest>& artifacts,
                                  const GithubBuilderPolicy& policy);

}  // namespace hallmark::provenance
