#include "hallmark/sigstore/verifier.hpp"

#include <set>

#include "hallmark/sigstore/checks.hpp"
#include "hallmark/sigstore/timestamp.hpp"
#include "hallmark/sigstore/tlog.hpp"
#include "hallmark/util/encoding.hpp"
#include "hallmark/util/error.hpp"

namespace hallmark::sigstore {
namespace {

// Runs a check; its failure is reported about `subject`, with `context` ("tlog entry 0") in front.
template <typename Check>
auto run(const std::string& subject, const std::string& context, Check check) {
  try {
    return check();
  } catch (const Error& error) {
    Error located = context.empty() ? error : error.within(context);
    throw located.about(subject);
  }
}

[[noreturn]] void fail(const std::string& subject, const std::string& check,
                       const std::string& reason) {
  throw Error(ErrorKind::kVerification, subject, check + ": " + reason);
}

std::vector<std::string> timestamps_of(const attest::Bundle& bundle, const std::string& subject) {
  std::vector<std::string> timestamps;
  const nlohmann::json& data = bundle.timestamp_verification_data;
  auto list = data.find("rfc3161Timestamps");
  if (list == data.end() || list->is_null()) return timestamps;
  if (!list->is_array()) throw_bad_input(subject, "bundle: rfc3161Timestamps is not a list");
  std::set<std::string> seen;
  for (const nlohmann::json& item : *list) {
    std::optional<std::string> der;
    if (item.is_object() && item.value("signedTimestamp", nlohmann::json()).is_string())
      der = util::base64_decode_any(item["signedTimestamp"].get<std::string>());
    if (!der || der->empty()) throw_bad_input(subject, "bundle: a timestamp is not base64");
    // The same timestamp twice must not count as two.
    if (!seen.insert(*der).second) fail(subject, "timestamps", "the same timestamp appears twice");
    timestamps.push_back(std::move(*der));
  }
  return timestamps;
}

// Structure rules of the bundle versions (client spec, protobuf-specs): v0.1 entries carry a
// SET, v0.2 and later an inclusion proof with a checkpoint; Rekor v2 entries always a proof.
void check_entry_structure(const attest::Bundle& bundle, const TlogEntry& entry) {
  if (bundle.version == attest::BundleVersion::kV01 && entry.signed_entry_timestamp.empty())
    throw Error(ErrorKind::kVerification, "", "a v0.1 bundle's entry needs an inclusion promise");
  bool needs_proof = bundle.version != attest::BundleVersion::kV01 || entry.is_rekor_v2();
  if (needs_proof && !entry.inclusion_proof)
    throw Error(ErrorKind::kVerification, "",
                "inclusion proof: missing (it is never fetched online)");
  if (entry.inclusion_proof && entry.inclusion_proof->checkpoint.empty())
    throw Error(ErrorKind::kVerification, "", "inclusion proof: no checkpoint");
}

}  // namespace

nlohmann::json VerificationResult::to_json() const {
  nlohmann::json time_list = nlohmann::json::array();
  for (const Time& time : times)
    time_list.push_back({{"source", time.source}, {"time", util::format_rfc3339(time.time)}});
  nlohmann::json result = {{"verified", true},
                           {"signer", signer},
                           {"issuer", issuer},
                           {"times", time_list},
                           {"checks", checks},
                           {"logs", logs},
                           {"certificateAuthority", certificate_authority}};
  if (statement) {
    nlohmann::json subjects = nlohmann::json::array();
    for (const attest::ResourceDescriptor& subject : statement->subjects)
      subjects.push_back({{"name", subject.name}, {"digest", subject.digest}});
    result["predicateType"] = statement->predicate_type;
    result["subjects"] = subjects;
  }
  return result;
}

VerificationResult verify_bundle(const attest::Bundle& bundle,
                                 const std::vector<Artifact>& artifacts,
                                 const VerifyOptions& options, const std::string& subject) {
  VerificationResult result;
  bool keyless = !bundle.certificates.empty();
  if (options.key.has_value() == options.identity.has_value())
    throw_usage_error(
        "verify with a key (--key) or with an identity (--certificate-identity...), one of them");

  // The bundle's shape and the kind of verification asked for.
  if (bundle.message_signature && bundle.message_signature->signature.empty())
    fail(subject, "bundle", "the message signature is empty");
  if (bundle.message_signature && bundle.message_signature->digest.empty())
    fail(subject, "bundle", "the message signature has no message digest");
  if (bundle.message_signature && artifacts.size() != 1)
    throw_usage_error("a message signature is verified against exactly one artifact");
  if (bundle.envelope && bundle.envelope->signatures.size() != 1)
    fail(subject, "bundle", "a DSSE envelope in a bundle must have exactly one signature");
  if (bundle.version == attest::BundleVersion::kV03 && bundle.certificate_chain_form)
    fail(subject, "bundle", "a v0.3 bundle holds one certificate, not a chain");
  if (options.key && keyless)
    fail(subject, "material", "the bundle is signed with a certificate, not with a key");
  if (options.identity && !keyless)
    fail(subject, "material",
         "the bundle is signed with a key, not a certificate: verify it with --key");
  // Only the leaf of a bundle's chain is used (paths are built from the trusted root alone),
  // but a chain that does not certify its leaf is not a chain: something was spliced in.
  for (size_t i = 1; i < bundle.certificates.size(); ++i)
    if (!Certificate::from_der(bundle.certificates[i], subject)
             .issued(Certificate::from_der(bundle.certificates[i - 1], subject)))
      fail(subject, "certificate chain",
           "certificate " + std::to_string(i) +
               " of the bundle's chain did not issue certificate " + std::to_string(i - 1));
  result.checks.push_back("bundle structure");

  std::vector<TlogEntry> entries;
  for (size_t i = 0; i < bundle.tlog_entries.size(); ++i)
    entries.push_back(run(subject, "tlog entry " + std::to_string(i),
                          [&] { return TlogEntry::parse(bundle.tlog_entries[i], ""); }));
  std::vector<std::string> timestamps = timestamps_of(bundle, subject);
  if (options.trusted_root == nullptr) {
    if (keyless)
      throw_usage_error(
          "keyless verification needs a trusted root: pass --trusted-root FILE or set "
          "HALLMARK_TRUSTED_ROOT (Sigstore's public-good trusted_root.json is published at "
          "https://tuf-repo-cdn.sigstore.dev/ as targets/trusted_root.json)");
    check_no_unverifiable_material(bundle, subject);
  }

  // What the log must have recorded.
  LoggedClaim claim;
  std::optional<Certificate> leaf;
  if (keyless) {
    leaf = Certificate::from_der(bundle.certificates.front(), subject);
    claim.certificate = bundle.certificates.front();
  } else {
    claim.public_key = options.key->spki_der();
  }
  if (bundle.message_signature) {
    const attest::MessageSignature& message = *bundle.message_signature;
    claim.signature = message.signature;
    claim.digest_algorithm =
        message.digest.empty() ? crypto::DigestAlgorithm::kSha256 : message.digest_algorithm;
    if (options.trusted_root != nullptr)
      claim.digest = artifacts.front().digest(claim.digest_algorithm);
  } else {
    claim.is_dsse = true;
    claim.signature = bundle.envelope->signatures.front().sig;
    claim.dsse_payload = bundle.envelope->payload;
    claim.dsse_payload_type = bundle.envelope->payload_type;
  }

  if (options.trusted_root != nullptr) {
    const TrustedRoot& root = *options.trusted_root;
    if (entries.empty()) fail(subject, "transparency log", "the bundle has no log entry");
    std::set<std::pair<std::string, int64_t>> seen;
    for (size_t i = 0; i < entries.size(); ++i) {
      const TlogEntry& entry = entries[i];
      std::string context = "tlog entry " + std::to_string(i);
      run(subject, context, [&] {
        check_entry_structure(bundle, entry);
        if (!seen.insert({entry.log_id, entry.log_index}).second)
          throw Error(ErrorKind::kVerification, "", "the same entry appears twice");
        const TransparencyLog* log = root.find_tlog(entry.log_id);
        if (log == nullptr)
          throw Error(ErrorKind::kVerification, "",
                      "log " + util::base64_encode(entry.log_id) + " is not in the trusted root");
        if (!entry.signed_entry_timestamp.empty()) {
          check_signed_entry_timestamp(entry, *log);
          // Only a signed promise makes the integrated time a trusted time.
          result.times.push_back(
              {"transparency log " + log->base_url,
               util::Clock::time_point(std::chrono::seconds(entry.integrated_time))});
        }
        if (entry.inclusion_proof) {
          const InclusionProof& proof = *entry.inclusion_proof;
          if (entry.is_rekor_v2() && proof.log_index != entry.log_index)
            throw Error(ErrorKind::kVerification, "",
                        "inclusion proof: its index is not the entry's");
          check_inclusion_proof(entry);
          Checkpoint checkpoint = check_checkpoint(proof.checkpoint, *log, entry.is_rekor_v2());
          if (checkpoint.root_hash != proof.root_hash || checkpoint.tree_size != proof.tree_size)
            throw Error(ErrorKind::kVerification, "",
                        "inclusion proof does not reach the checkpoint root hash");
        }
        check_entry_body(entry, claim);
        result.logs.push_back(log->base_url);
      });
    }
    result.checks.push_back("transparency log entries");

    for (size_t i = 0; i < timestamps.size(); ++i) {
      util::Clock::time_point time = run(subject, "timestamp " + std::to_string(i), [&] {
        return check_timestamp(timestamps[i], claim.signature, root.timestamp_authorities);
      });
      result.times.push_back({"timestamp authority", time});
    }
    if (!timestamps.empty()) result.checks.push_back("timestamps");
    if (result.times.empty())
      fail(subject, "time",
           "no trusted time: the bundle has neither a signed entry timestamp nor a trusted RFC "
           "3161 timestamp");
  }

  crypto::PublicKey key = options.key ? *options.key : leaf->public_key(subject);
  if (keyless) {
    run(subject, "", [&] {
      for (const VerificationResult::Time& time : result.times) {
        ChainResult chain = check_certificate_chain(*leaf, *options.trusted_root, time.time);
        result.certificate_authority = chain.authority->uri;
        check_embedded_scts(*leaf, *chain.issuer, *options.trusted_root);
      }
      check_leaf_profile(*leaf);
      check_identity(*leaf, *options.identity);
    });
    result.checks.insert(result.checks.end(), {"certificate chain", "SCT", "identity"});
    std::vector<std::string> names = leaf->subject_alternative_names();
    result.signer = names.empty() ? "" : names.front();
    result.issuer = leaf->oidc_issuer().value_or("");
  } else {
    result.signer = key.describe() + " key " + key.key_id();
  }

  if (bundle.message_signature) {
    check_message_signature(*bundle.message_signature, artifacts.front(), key, subject);
    result.checks.push_back("signature");
  } else {
    check_envelope_signature(*bundle.envelope, key, subject);
    result.statement =
        check_statement(*bundle.envelope, options.predicate_type, artifacts, subject);
    result.checks.insert(result.checks.end(), {"signature", "statement"});
  }
  return result;
}

}  // namespace hallmark::sigstore
