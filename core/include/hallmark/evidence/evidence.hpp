// Evidence bundles: what an auditor needs, months later and offline, to see that what was
// shipped was inventoried, signed and built from the right source. One .tar.gz holding, for each
// subject (an image, or a file), the signatures and attestations as found, the SBOMs and
// provenance they carry, the policy with the keys and trusted roots it names, the verdict with
// every check, a report for people (report.html, report.md), and manifest.json listing every
// file with its sha256 and role (schemas/evidence.schema.json). With a key, the manifest is also
// signed: manifest.sigstore.json, a DSSE attestation (predicate type
// https://hallmark.dev/evidence/v1) whose predicate is the manifest.
//
// check() re-verifies a bundle from its own content alone: the manifest's signature, every
// file's digest (a file changed, added or missing is named), and the verdicts, evaluated again
// from the enclosed policy and claims as of the recorded time.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hallmark/crypto/keys.hpp"
#include "hallmark/policy/evaluate.hpp"
#include "hallmark/policy/policy.hpp"
#include "hallmark/util/time.hpp"

namespace hallmark::evidence {

inline constexpr char kPredicateType[] = "https://hallmark.dev/evidence/v1";
inline constexpr char kManifestPath[] = "manifest.json";
inline constexpr char kManifestSignaturePath[] = "manifest.sigstore.json";

struct File {
  std::string path;  // inside the bundle, "/"-separated, relative
  std::string role;  // "policy", "trust", "signature", "attestation", "sbom", "provenance", ...
  std::string content;
};

struct Evidence {
  util::Clock::time_point created;
  nlohmann::json manifest;  // as written to manifest.json
  std::vector<policy::Verdict> verdicts;
  std::vector<File> files;  // every file but the manifest and its signature
};

// Evaluates `policy` (read from `policy_text` at `policy_path`) for every subject as of
// `created`, and gathers the evidence.
Evidence collect(const policy::Policy& policy, const std::string& policy_text,
                 const std::vector<policy::ImageMaterial>& subjects,
                 util::Clock::time_point created);

// The bundle's bytes (a reproducible tar.gz); signed with `key` when given.
std::string pack(const Evidence& evidence, const crypto::PrivateKey* key);

struct CheckResult {
  bool signed_manifest = false;           // manifest.sigstore.json is there
  bool signature_checked = false;         // ... and verified with the given key
  std::vector<policy::Verdict> verdicts;  // evaluated again
  size_t files = 0;
};

// Re-verifies the bundle at `path`. kVerification naming the file for a digest mismatch, an
// unlisted or missing file, a bad manifest signature, a verdict that comes out otherwise;
// kBadInput for what is not an evidence bundle (hostile paths, links, oversized). With `key`,
// an unsigned bundle fails.
CheckResult check(const std::string& path, const std::optional<crypto::PublicKey>& key);

}  // namespace hallmark::evidence
