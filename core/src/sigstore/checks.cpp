#include "hallmark/sigstore/checks.hpp"

#include "hallmark/util/encoding.hpp"
#include "hallmark/util/error.hpp"

namespace hallmark::sigstore {
namespace {

[[noreturn]] void fail(const std::string& subject, const std::string& check,
                       const std::string& reason) {
  throw Error(ErrorKind::kVerification, subject, check + ": " + reason);
}

// Over the artifact's digest with `algorithm` (the bundle's message digest algorithm when it
// states one), or over the whole artifact for Ed25519.
bool signature_verifies(std::string_view signature, const Artifact& artifact,
                        const crypto::PublicKey& key,
                        std::optional<crypto::DigestAlgorithm> algorithm = std::nullopt) {
  if (key.type() == crypto::KeyType::kEd25519) return key.verify(artifact.content(), signature);
  crypto::DigestAlgorithm used = algorithm.value_or(key.digest_algorithm());
  return key.verify_digest(artifact.digest(used), signature, used);
}

}  // namespace

void check_message_signature(const attest::MessageSignature& message, const Artifact& artifact,
                             const crypto::PublicKey& key, const std::string& subject) {
  if (!message.digest.empty() && artifact.digest(message.digest_algorithm) != message.digest)
    fail(subject, "artifact digest",
         artifact.name() + " does not match the bundle's " +
             std::string(crypto::algorithm_name(message.digest_algorithm)) + " digest");
  std::optional<crypto::DigestAlgorithm> algorithm;
  if (!message.digest.empty()) algorithm = message.digest_algorithm;
  if (!signature_verifies(message.signature, artifact, key, algorithm))
    fail(subject, "signature", "does not verify with the " + key.describe() + " key");
}

void check_detached_signature(std::string_view signature, const Artifact& artifact,
                              const crypto::PublicKey& key, const std::string& subject) {
  if (!signature_verifies(signature, artifact, key))
    fail(subject, "signature",
         "does not verify over " + artifact.name() + " with the " + key.describe() + " key");
}

void check_envelope_signature(const attest::Envelope& envelope, const crypto::PublicKey& key,
                              const std::string& subject) {
  if (!attest::envelope_verifies(envelope, key))
    fail(subject, "signature",
         "the DSSE envelope does not verify with the " + key.describe() + " key");
}

attest::Statement check_statement(const attest::Envelope& envelope,
                                  const std::string& predicate_type,
                                  const std::vector<Artifact>& artifacts,
                                  const std::string& subject) {
  if (envelope.payload_type != attest::kInTotoPayloadType)
    fail(subject, "payload type",
         "\"" + envelope.payload_type + "\" is not " + attest::kInTotoPayloadType);
  attest::Statement statement;
  try {
    statement = attest::Statement::parse(envelope.payload, subject);
  } catch (const Error& error) {
    fail(subject, "statement", error.message());
  }
  if (!predicate_type.empty() && statement.predicate_type != predicate_type)
    fail(subject, "predicate type",
         "the statement's is \"" + statement.predicate_type + "\", not \"" + predicate_type + "\"");
  for (const Artifact& artifact : artifacts) {
    std::string hex = util::hex_encode(artifact.digest(crypto::DigestAlgorithm::kSha256));
    if (statement.find_subject("sha256", hex) == nullptr)
      fail(subject, "subject",
           artifact.name() + " (sha256:" + hex + ") is not a subject of the statement");
  }
  return statement;
}

void check_no_unverifiable_material(const attest::Bundle& bundle, const std::string& subject) {
  if (!bundle.tlog_entries.empty())
    fail(subject, "transparency log",
         "the bundle's log entries cannot be checked without a trusted root");
  if (!bundle.timestamp_verification_data.empty() &&
      !bundle.timestamp_verification_data.value("rfc3161Timestamps", nlohmann::json::array())
           .empty())
    fail(subject, "timestamps", "the bundle's timestamps cannot be checked without a trusted root");
}

}  // namespace hallmark::sigstore
