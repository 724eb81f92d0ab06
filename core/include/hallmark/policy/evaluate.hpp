// Evaluating the admission policy for one image: the rule that matches it, each requirement
// checked against the signatures and attestations found for the image, and the verdict: one
// JSON object (DESIGN.md "A verdict") that the CLI prints, the webhook answers with, and the
// decision log records.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hallmark/attest/image_claims.hpp"
#include "hallmark/policy/policy.hpp"
#include "hallmark/util/time.hpp"

namespace hallmark::policy {

struct ImageMaterial {
  std::string reference;   // as asked ("registry.example.com/team/app:1.2")
  std::string repository;  // without tag or digest: what rules match
  std::string digest;      // the manifest digest the reference resolves to now
  attest::ImageClaims claims;
};

struct Check {
  std::string check;
  bool passed = false;
  std::string reason;
};

struct Verdict {
  std::string time;
  std::string image;
  std::string digest;
  std::string rule;  // empty when no rule matched
  std::string mode;  // "enforce", "warn", or "default"
  bool allowed = false;
  std::vector<Check> checks;
  std::string policy_digest;

  nlohmann::json to_json() const;
  static Verdict from_json(const nlohmann::json& json);
};

// `at` is the time of the verdict: what maxSignatureAge is measured from (an evidence check
// evaluates again as of the recorded time).
Verdict evaluate(const Policy& policy, const ImageMaterial& image,
                 util::Clock::time_point at = util::now());

// The verdict when the image's material could not be fetched (registry down): deny, unless the
// matching rule says failurePolicy: ignore.
Verdict evaluate_unreachable(const Policy& policy, const std::string& reference,
                             const std::string& repository, const std::string& reason);

// What an SLSA provenance statement (v0.2 or v1) says about the build, normalized for matching:
// builder id, source ("github.com/acme/app") and ref ("refs/tags/v1.2.3").
struct ProvenanceFacts {
  std::string builder_id;
  std::string source_uri;
  std::string source_ref;
};
ProvenanceFacts provenance_facts(const nlohmann::json& predicate,
                                 const std::string& predicate_type);

}  // namespace hallmark::policy
