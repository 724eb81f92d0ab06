// The checks of a transparency log entry (Sigstore client spec; one file each, as sigstore-js
// has them): the inclusion proof, the checkpoint it ends in, the signed entry timestamp, and
// the logged body against what the bundle claims. Each throws hallmark::Error (kVerification)
// whose message names the check; the caller puts "tlog entry N" in front.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "hallmark/attest/bundle.hpp"
#include "hallmark/sigstore/tlog_entry.hpp"
#include "hallmark/sigstore/trusted_root.hpp"

namespace hallmark::sigstore {

// RFC 6962 hashing: H(0x00 || leaf) and H(0x01 || left || right), SHA-256.
std::string merkle_leaf_hash(std::string_view leaf);

// The proof recomputes, from the entry's body, to the proof's root hash (RFC 9162 2.1.3.2).
void check_inclusion_proof(const TlogEntry& entry);

// A checkpoint: a C2SP signed note over "origin\nsize\nbase64(root)\n[extensions\n]".
struct Checkpoint {
  std::string origin;
  int64_t tree_size = 0;
  std::string root_hash;
};
// Parses the note, finds the log's signature line by (name, key ID) among any others (witness
// cosignatures are ignored), verifies it, and checks the origin belongs to the log: its name
// for a Rekor v2 log, "<name> - <tree ID>" for a Rekor v1 shard.
Checkpoint check_checkpoint(std::string_view note, const TransparencyLog& log, bool rekor_v2);

// The SET: the log's signature over the canonical JSON of body, integrated time, log ID and
// index; and the integrated time within the log key's validity.
void check_signed_entry_timestamp(const TlogEntry& entry, const TransparencyLog& log);

// What the logged body must match: the bundle's signature and key material, and the digest.
struct LoggedClaim {
  std::string signature;    // raw signature bytes (message signature, or the DSSE signature)
  std::string certificate;  // DER leaf certificate, or empty
  std::string public_key;   // DER SPKI of the key, when key-based
  crypto::DigestAlgorithm digest_algorithm = crypto::DigestAlgorithm::kSha256;
  std::string digest;        // message signatures: the artifact digest (raw)
  std::string dsse_payload;  // DSSE: the payload, and its type, for payload and PAE hashes
  std::string dsse_payload_type;
  bool is_dsse = false;
};
void check_entry_body(const TlogEntry& entry, const LoggedClaim& claim);

}  // namespace hallmark::sigstore
