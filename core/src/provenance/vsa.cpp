#include "hallmark/provenance/vsa.hpp"

#include <map>
#include <set>

#include "hallmark/attest/dsse.hpp"
#include "hallmark/provenance/verify_error.hpp"
#include "hallmark/util/encoding.hpp"
#include "hallmark/util/error.hpp"
#include "hallmark/util/file.hpp"
#include "hallmark/util/strings.hpp"

#include "json_path.hpp"

namespace hallmark::provenance {
namespace {

constexpr std::string_view kSlsaLevelPrefix = "SLSA_";

attest::Envelope read_envelope(const std::string& path) {
  std::string text = util::read_file(path);
  std::vector<std::string_view> lines = util::lines(text);
  // A .jsonl holds the envelope on its first line.
  nlohmann::json document =
      nlohmann::json::parse(lines.empty() ? std::string_view(text) : lines.front(), nullptr, false);
  if (!document.is_object()) throw_bad_input(path, "not a DSSE envelope");
  return attest::Envelope::from_json(document, path);
}

// go-securesystemslib's verifier: a signature naming another key is not this key's to check.
void check_signature(const attest::Envelope& envelope, const VsaKey& key) {
  std::string key_id = !key.key_id.empty() ? key.key_id
                                           : crypto::digest_hex(crypto::DigestAlgorithm::kSha256,
                                                                key.key.spki_der());
  std::string signed_bytes = attest::pae(envelope.payload_type, envelope.payload);
  // A hash other than the key's own scheme's is asked for with --public-key-hash-algo.
  bool own_hash = key.hash == key.key.digest_algorithm();
  std::string digest = own_hash ? "" : crypto::digest(key.hash, signed_bytes);
  for (const attest::Envelope::Signature& signature : envelope.signatures) {
    if (!signature.keyid.empty() && signature.keyid != key_id) continue;
    bool verified = own_hash ? key.key.verify(signed_bytes, signature.sig)
                             : key.key.verify_digest(digest, signature.sig, key.hash);
    if (verified) return;
  }
  fail(Category::kNoValidSignature, "no signature of the VSA verifies with key \"" + key_id + "\"");
}

void check_required(const std::string& value, const char* what) {
  if (value.empty()) fail(Category::kEmptyRequiredField, std::string("no ") + what + " to check");
}

void check_subjects(const attest::Statement& statement, const std::vector<std::string>& digests) {
  if (digests.empty()) fail(Category::kEmptyRequiredField, "no subject digest to check");
  for (const std::string& digest : digests) {
    size_t colon = digest.find(':');
    if (colon == std::string::npos)
      fail(Category::kInvalidDssePayload,
           "subject digest \"" + util::printable(digest) + "\" is not ALGORITHM:VALUE");
    if (!statement.find_subject(digest.substr(0, colon), digest.substr(colon + 1)))
      fail(Category::kMissingSubjectDigest,
           "the VSA has no subject with digest " + util::printable(digest));
  }
}

// The highest level per track of SLSA_<TRACK>_LEVEL_<N> levels.
std::map<std::string, int> slsa_levels(const std::vector<std::string>& levels) {
  std::map<std::string, int> highest;
  for (const std::string& level : levels) {
    if (!level.starts_with(kSlsaLevelPrefix)) continue;
    std::vector<std::string_view> parts = util::split(level, '_');
    bool numeric = parts.size() == 4 && !parts[3].empty() &&
                   parts[3].find_first_not_of("0123456789") == std::string_view::npos;
    if (!numeric || parts[2] != "LEVEL")
      fail(Category::kInvalidSlsaLevel,
           "\"" + util::printable(level) + "\" is not SLSA_<TRACK>_LEVEL_<N>");
    int& value = highest[std::string(parts[1])];
    value = std::max(value, std::stoi(std::string(parts[3])));
  }
  return highest;
}

void check_levels(const nlohmann::json& predicate, const std::vector<std::string>& expected) {
  std::vector<std::string> verified;
  const nlohmann::json& listed = find_path(predicate, {"verifiedLevels"});
  for (const nlohmann::json& level : listed.is_array() ? listed : nlohmann::json::array())
    if (level.is_string()) verified.push_back(level.get<std::string>());
  std::map<std::string, int> have = slsa_levels(verified);
  for (const auto& [track, minimum] : slsa_levels(expected))
    if (!have.contains(track) || have[track] < minimum)
      fail(Category::kMismatchVerifiedLevels,
           "the VSA does not verify SLSA " + track + " level " + std::to_string(minimum));
  std::set<std::string> listed_levels(verified.begin(), verified.end());
  for (const std::string& level : expected)
    if (!level.starts_with(kSlsaLevelPrefix) && !listed_levels.contains(level))
      fail(Category::kMismatchVerifiedLevels,
           "the VSA does not list the level \"" + util::printable(level) + "\"");
}

}  // namespace

Verified verify_vsa(const std::string& path, const VsaKey& key, const VsaExpectations& expected) {
  attest::Envelope envelope = read_envelope(path);
  check_signature(envelope, key);
  if (envelope.payload_type != attest::kInTotoPayloadType)
    fail(Category::kInvalidDssePayload, "the VSA's payload is not an in-toto statement");
  attest::Statement statement = attest::Statement::parse(envelope.payload, path);
  if (statement.predicate_type != kVerificationSummaryV1)
    fail_mismatch(Category::kInvalidDssePayload, "predicate type", statement.predicate_type,
                  kVerificationSummaryV1);
  check_subjects(statement, expected.subject_digests);
  const nlohmann::json& predicate = statement.predicate;
  std::string verifier = text_at(predicate, {"verifier", "id"});
  check_required(verifier, "verifier id in the VSA");
  check_required(expected.verifier_id, "expected verifier id (--verifier-id)");
  if (verifier != expected.verifier_id)
    fail_mismatch(Category::kMismatchVerifierId, "verifier id", verifier, expected.verifier_id);
  std::string resource = text_at(predicate, {"resourceUri"});
  check_required(resource, "resource URI in the VSA");
  check_required(expected.resource_uri, "expected resource URI (--resource-uri)");
  if (resource != expected.resource_uri)
    fail_mismatch(Category::kMismatchResourceUri, "resource URI", resource, expected.resource_uri);
  std::string result = text_at(predicate, {"verificationResult"});
  if (result != "PASSED")
    fail_mismatch(Category::kInvalidVerificationResult, "verification result", result, "PASSED");
  check_levels(predicate, expected.verified_levels);
  // A VSA has no builder: it is the verifier's word.
  return {"", resource + ": verification " + result + " by " + verifier, std::move(statement)};
}

}  // namespace hallmark::provenance
