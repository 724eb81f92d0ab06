#include "hallmark/provenance/signed_provenance.hpp"

#include <nlohmann/json.hpp>

#include "hallmark/provenance/workflow_identity.hpp"
#include "hallmark/sigstore/checks.hpp"
#include "hallmark/sigstore/verifier.hpp"
#include "hallmark/util/error.hpp"
#include "hallmark/util/file.hpp"
#include "hallmark/util/strings.hpp"

namespace hallmark::provenance {
namespace {

// The bundle's proof failing is the verdict `on_failure`; a usage error (no trusted root) stays
// one.
template <typename Check>
auto signature_check(Category on_failure, Check check) {
  try {
    return check();
  } catch (const VerificationError&) {
    throw;
  } catch (const Error& error) {
    if (error.kind() == ErrorKind::kUsage || error.kind() == ErrorKind::kIo) throw;
    fail(on_failure, "signature: " + std::string(error.what()));
  }
}

SignedStatement verify_bundle(const ProvenanceFile& file, const sigstore::VerifyOptions& options,
                              Category on_failure) {
  return signature_check(on_failure, [&] {
    sigstore::VerificationResult result =
        sigstore::verify_bundle(*file.bundle, {}, options, file.path);
    SignedStatement signed_statement{*result.statement, std::nullopt};
    if (!file.bundle->certificates.empty())
      // verify_bundle verified this very certificate (the bundle's leaf).
      signed_statement.certificate =
          sigstore::Certificate::from_der(file.bundle->certificates.front(), file.path);
    return signed_statement;
  });
}

}  // namespace

ProvenanceFile ProvenanceFile::read(const std::string& path) {
  std::string text = util::read_file(path);
  std::string_view json_text = text;
  nlohmann::json document = nlohmann::json::parse(json_text, nullptr, false);
  if (document.is_discarded()) {
    // JSON Lines (.intoto.jsonl): one document per line; provenance files hold one.
    std::vector<std::string_view> lines = util::lines(text);
    if (!lines.empty()) json_text = lines.front();
    document = nlohmann::json::parse(json_text, nullptr, false);
  }
  ProvenanceFile file;
  file.path = path;
  if (document.is_object() && document.contains("mediaType") &&
      document.contains("verificationMaterial")) {
    file.bundle = attest::Bundle::parse(json_text, path);
  } else if (document.is_object() && document.contains("payloadType") &&
             document.contains("signatures")) {
    file.envelope = attest::Envelope::from_json(document, path);
  } else {
    throw_bad_input(path, "neither a Sigstore bundle nor a DSSE envelope");
  }
  return file;
}

SignedStatement verify_github_signature(const ProvenanceFile& file,
                                        const sigstore::TrustedRoot* trusted_root,
                                        Category on_failure) {
  if (file.envelope)
    fail(Category::kOfflineUnverifiable,
         file.path +
             " is a bare DSSE envelope: its signing certificate and transparency-log proof "
             "exist only in Rekor, which cannot be asked offline, so it cannot be verified "
             "offline; verify the Sigstore bundle of this provenance (.sigstore, .sigstore.json, "
             ".build.slsa) instead, or a key-signed envelope with --key");
  sigstore::VerifyOptions options;
  options.trusted_root = trusted_root;
  // Any GitHub workflow: which workflows are trusted builders is decided from the claims.
  options.identity = sigstore::IdentityPolicy{.identity = "",
                                              .identity_regexp = "https://github\\.com/.*",
                                              .issuer = std::string(kGithubActionsIssuer),
                                              .issuer_regexp = "",
                                              .github_claims = {}};
  return verify_bundle(file, options, on_failure);
}

SignedStatement verify_key_signature(const ProvenanceFile& file, const crypto::PublicKey& key,
                                     const sigstore::TrustedRoot* trusted_root,
                                     Category on_failure) {
  if (file.envelope)
    return signature_check(on_failure, [&] {
      sigstore::check_envelope_signature(*file.envelope, key, file.path);
      return SignedStatement{sigstore::check_statement(*file.envelope, "", {}, file.path),
                             std::nullopt};
    });
  sigstore::VerifyOptions options;
  options.key = key;
  // A key-signed bundle needs no log; one that has entries has them checked.
  const nlohmann::json& timestamps = file.bundle->timestamp_verification_data;
  bool has_proofs = !file.bundle->tlog_entries.empty() ||
                    (timestamps.is_object() &&
                     !timestamps.value("rfc3161Timestamps", nlohmann::json::array()).empty());
  if (has_proofs) options.trusted_root = trusted_root;
  return verify_bundle(file, options, on_failure);
}

}  // namespace hallmark::provenance
