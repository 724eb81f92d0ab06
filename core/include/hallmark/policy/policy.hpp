// The admission policy (schemas/policy.schema.json): which images may run, signed by whom, with
// which attestations, built from where. JSON or YAML; validated with the line of each mistake;
// the keys and trusted roots it names are loaded, relative to the policy file.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hallmark/crypto/keys.hpp"
#include "hallmark/sigstore/certificate_checks.hpp"
#include "hallmark/sigstore/trusted_root.hpp"
#include "hallmark/sigstore/verifier.hpp"

namespace hallmark::policy {

// Who must have signed: a named key, or a keyless identity under a named trusted root.
struct Signer {
  std::string key;           // name in Policy::keys; empty for keyless
  std::string trusted_root;  // name in Policy::trusted_roots; keyless only
  sigstore::IdentityPolicy identity;

  std::string describe() const;  // "key release", "keyless https://github.com/... (issuer ...)"
};

// SLSA provenance expectations, as globs (`*` within a segment, `**` across segments).
struct ProvenanceExpectations {
  std::string builder_id, source_uri, source_ref;
};

struct AttestationRequirement {
  std::string predicate_type;
  Signer signed_by;
  std::optional<ProvenanceExpectations> provenance;
};

struct Rule {
  std::string name;
  std::vector<std::string> images;  // globs over repository names ("registry.example.com/team/**")
  bool warn = false;                // mode: warn (allow, and report what failed)
  bool ignore_unreachable = false;  // failurePolicy: ignore (allow when the registry is down)
  bool all_signers = false;         // signatures.allOf rather than anyOf
  std::vector<Signer> signers;
  std::vector<AttestationRequirement> attestations;
  std::optional<std::chrono::seconds> max_signature_age;
};

struct Policy {
  std::string path;
  std::string digest;  // sha256:HEX of the policy file, recorded in every verdict
  bool default_allow = false;
  std::map<std::string, crypto::PublicKey> keys;
  std::map<std::string, sigstore::TrustedRoot> trusted_roots;
  std::vector<Rule> rules;

  // The files the policy references (keys, trusted roots) as read: path relative to the policy
  // -> content. Evidence bundles keep them beside the policy, so it can be evaluated again.
  std::map<std::string, std::string> references;

  // Reads and validates a policy. A mistake is kBadInput "FILE:LINE: where: what is wrong".
  static Policy load(const std::string& path);
  // Reads the referenced files through `read` (given the path relative to the policy).
  using ReferenceReader = std::function<std::string(const std::string& relative)>;
  static Policy parse(std::string_view text, const std::string& path, const ReferenceReader& read);
  // The reader of the files beside the policy at `path` (what load() reads them with).
  static ReferenceReader files_beside(const std::string& path);
  // Validates only (the referenced files are not read).
  static Policy parse(std::string_view text, const std::string& path);

  // The first rule whose image globs match `repository` (a name without tag or digest).
  const Rule* match(std::string_view repository) const;
};

// `hallmark-verify image` without --policy: one rule for every image that asks for a signature,
// and an attestation of each of `attestation_types`, by the key or identity of `signer` (as the
// trust flags give it), so that the one evaluator decides and the verdict reads the same. The
// key is named `key_name` (its file) in the verdict.
Policy single_signer_policy(const sigstore::VerifyOptions& signer, const std::string& key_name,
                            std::optional<sigstore::TrustedRoot> trusted_root,
                            const std::vector<std::string>& attestation_types);

// "720h", "1h30m", "45s".
std::optional<std::chrono::seconds> parse_duration(std::string_view text);

}  // namespace hallmark::policy
