// How a subject's material sits in an evidence bundle, written by collect() and read back by
// check(): the one place that knows the layout.
//   subjects/<i>/signature-<n>.sigstore.json  (+ .payload: the bytes a message signature signs)
//   subjects/<i>/attestation-<n>.sigstore.json
//   subjects/<i>/sbom-<n>.json, subjects/<i>/provenance-<n>.json  (predicates, for people)
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hallmark/evidence/evidence.hpp"

namespace hallmark::evidence {

inline constexpr char kPolicyFolder[] = "policy";
inline constexpr char kVerdictsPath[] = "verdicts.json";

// What the attestations of a subject carry, for the report.
struct Carried {
  std::vector<nlohmann::json> sboms;  // CycloneDX or SPDX documents
  struct Provenance {
    std::string predicate_type;
    nlohmann::json predicate;
  };
  std::vector<Provenance> provenance;
};

// Adds the subject's files under `folder` to `files`, and what its attestations carry to
// `carried` (which starts empty); returns its manifest entry.
nlohmann::json add_subject(const policy::ImageMaterial& subject, const policy::Verdict& verdict,
                           const std::string& folder, std::vector<File>& files, Carried& carried);

// The subject as the manifest entry and the bundle's files describe it (kBadInput naming the
// file when one is missing or malformed).
policy::ImageMaterial read_subject(const nlohmann::json& entry,
                                   const std::map<std::string, std::string>& files);

}  // namespace hallmark::evidence
