// RFC 6962 / RFC 9162 inclusion proofs.
#include "hallmark/crypto/digest.hpp"
#include "hallmark/sigstore/tlog.hpp"
#include "hallmark/util/error.hpp"

namespace hallmark::sigstore {
namespace {

[[noreturn]] void fail(const std::string& reason) {
  throw Error(ErrorKind::kVerification, "", "inclusion proof: " + reason);
}

std::string node_hash(std::string_view left, std::string_view right) {
  crypto::Hasher hasher(crypto::DigestAlgorithm::kSha256);
  hasher.update(std::string_view("\x01", 1));
  hasher.update(left);
  hasher.update(right);
  return hasher.finish();
}

}  // namespace

std::string merkle_leaf_hash(std::string_view leaf) {
  crypto::Hasher hasher(crypto::DigestAlgorithm::kSha256);
  hasher.update(std::string_view("\x00", 1));
  hasher.update(leaf);
  return hasher.finish();
}

void check_inclusion_proof(const TlogEntry& entry) {
  if (!entry.inclusion_proof) fail("missing");
  const InclusionProof& proof = *entry.inclusion_proof;
  if (proof.log_index >= proof.tree_size)
    fail("index " + std::to_string(proof.log_index) + " is outside a tree of size " +
         std::to_string(proof.tree_size));
  if (proof.root_hash.size() != 32) fail("the root hash is not 32 bytes");
  uint64_t index = static_cast<uint64_t>(proof.log_index);
  uint64_t last = static_cast<uint64_t>(proof.tree_size) - 1;
  std::string hash = merkle_leaf_hash(entry.canonicalized_body);
  // RFC 9162 2.1.3.2: walk from the leaf, the proof's hashes on the left or on the right.
  for (const std::string& sibling : proof.hashes) {
    if (sibling.size() != 32) fail("a proof hash is not 32 bytes");
    if (last == 0) fail("more hashes than the tree has levels");
    if ((index & 1) == 1 || index == last) {
      hash = node_hash(sibling, hash);
      while ((index & 1) == 0 && index != 0) {
        index >>= 1;
        last >>= 1;
      }
    } else {
      hash = node_hash(hash, sibling);
    }
    index >>= 1;
    last >>= 1;
  }
  if (last != 0) fail("too few hashes for the tree size");
  if (hash != proof.root_hash) fail("the hashes do not lead to the root hash");
}

}  // namespace hallmark::sigstore
