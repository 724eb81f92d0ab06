// The GitHub context a workflow records in its provenance: the lower-case github_* variables of
// slsa-github-generator's v0.2 provenance, the upper-case GITHUB_* ones of BYOB builders and the
// npm CLI. Read as slsa-verifier v2 reads them (slsaprovenance/common.go).
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace hallmark::provenance {

class GithubContext {
 public:
  enum class Case { kLower, kUpper };
  // `values` is the object holding the variables; ErrorInvalidDssePayload when it is not one.
  GithubContext(const nlohmann::json& values, Case spelling);

  // The branch built: GITHUB_REF for a branch run; for a tag, the branch it was based on or
  // pushed from (base ref, push payload, release target), "" when GitHub did not say.
  std::string branch_ref() const;
  // The tag built: GITHUB_REF for a tag run, "" for a branch run.
  std::string tag_ref() const;
  // The event payload's inputs of a workflow_dispatch run.
  nlohmann::json workflow_inputs() const;
  // A variable that must be a string; ErrorInvalidDssePayload otherwise.
  std::string text(std::string_view name) const;

 private:
  std::string key(std::string_view name) const;
  const nlohmann::json& event_payload() const;

  const nlohmann::json& values_;
  Case spelling_;
};

// BYOB builders record the ref they built in the source URI ("git+https://...@refs/tags/v1"):
// the tag is that ref; the branch is that ref, or for a tag the branch from the context.
// ErrorInvalidDssePayload for a source URI without a ref or with a ref of another kind.
std::string branch_of_source_ref(std::string_view source_uri, const GithubContext& context);
std::string tag_of_source_ref(std::string_view source_uri);

// Builds that record only the ref they built: it is the branch, or the tag, when it is one
// ("refs/heads/", "refs/tags/"); "" otherwise.
std::string ref_of_kind(std::string ref, std::string_view kind);

}  // namespace hallmark::provenance
