// A transparency log entry as a bundle carries it (sigstore_rekor.proto TransparencyLogEntry):
// the logged body, where it sits in the log, and the proofs of it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace hallmark::sigstore {

struct InclusionProof {
  int64_t log_index = 0;  // inside the tree the root hash covers (Rekor v1: the shard's index)
  std::string root_hash;  // raw bytes
  int64_t tree_size = 0;
  std::vector<std::string> hashes;  // raw bytes, leaf to root
  std::string checkpoint;           // the signed note text
};

struct TlogEntry {
  int64_t log_index = 0;  // Rekor v1: the global index (as the SET signs it)
  std::string log_id;     // raw bytes
  std::string kind;
  std::string version;
  int64_t integrated_time = 0;         // Unix seconds; 0 for Rekor v2
  std::string signed_entry_timestamp;  // the SET, raw; empty when absent
  std::optional<InclusionProof> inclusion_proof;
  std::string canonicalized_body;  // raw bytes: the Merkle leaf's preimage

  // Rekor v2 entries (hashedrekord/dsse 0.0.2) have no integrated time and no SET.
  bool is_rekor_v2() const { return version == "0.0.2" && kind != "intoto"; }

  // kBadInput naming `subject` (with "tlog entry N") for malformed entries: missing fields,
  // negative indexes, bad base64.
  static TlogEntry parse(const nlohmann::json& json, const std::string& subject);
};

}  // namespace hallmark::sigstore
