#include "commands.hpp"

#include <cstdlib>
#include <iostream>

#include <cxxopts.hpp>
#include <sys/stat.h>

#include "hallmark/attest/bundle.hpp"
#include "hallmark/crypto/keys.hpp"
#include "hallmark/sigstore/checks.hpp"
#include "hallmark/sigstore/verifier.hpp"
#include "hallmark/util/cli.hpp"
#include "hallmark/util/encoding.hpp"
#include "hallmark/util/error.hpp"
#include "hallmark/util/file.hpp"
#include "hallmark/util/strings.hpp"

#include "options.hpp"

namespace hallmark::verify {
namespace {

std::vector<sigstore::Artifact> artifacts(const cxxopts::ParseResult& args) {
  std::vector<sigstore::Artifact> list;
  if (args.count("artifact"))
    for (const std::string& spec : args["artifact"].as<std::vector<std::string>>())
      list.push_back(sigstore::Artifact::parse(spec));
  return list;
}

// Success: one line on stderr (as cosign's "Verified OK"), and the JSON result on request.
void report(const cxxopts::ParseResult& args, const std::string& what,
            const sigstore::VerificationResult& result) {
  std::cerr << "hallmark-verify: verified " << what << ": signed by " << result.signer
            << (result.issuer.empty() ? "" : " (issuer " + result.issuer + ")") << "\n";
  if (args.count("json")) util::write_stdout(result.to_json().dump(2) + "\n");
}

// A bundle file, or (for attestations) a bare DSSE envelope wrapped as a key-based bundle.
attest::Bundle load_bundle(const std::string& path, bool envelope_allowed) {
  std::string text = util::read_file(path);
  if (envelope_allowed) {
    nlohmann::json document = nlohmann::json::parse(text, nullptr, false);
    if (document.is_object() && document.contains("payloadType")) {
      attest::Bundle bundle;
      bundle.public_key_hint = "";
      bundle.envelope = attest::Envelope::from_json(document, path);
      return bundle;
    }
  }
  return attest::Bundle::parse(text, path);
}

}  // namespace

int blob(int argc, char** argv) {
  cxxopts::Options options("hallmark-verify blob", "Verifies a file's signature.");
  options.positional_help("FILE|sha256:HEX");
  add_trust_options(options);
  options.add_options()("bundle", "a Sigstore bundle (v0.1-v0.3)", cxxopts::value<std::string>())(
      "signature", "a detached signature, base64 (as cosign sign-blob writes it); with --key",
      cxxopts::value<std::string>())("artifact", "", cxxopts::value<std::vector<std::string>>());
  options.parse_positional({"artifact"});
  cxxopts::ParseResult args = util::parse_options(options, argc, argv);
  std::vector<sigstore::Artifact> targets = artifacts(args);
  if (targets.size() != 1) throw_usage_error("give exactly one FILE or sha256:HEX (see --help)");
  if (args.count("bundle") == args.count("signature"))
    throw_usage_error("give one of --bundle and --signature");
  Trust trust;
  trust_from(args, trust);

  if (args.count("signature")) {
    if (!trust.options.key) throw_usage_error("a detached signature is verified with --key");
    std::string path = args["signature"].as<std::string>();
    std::string text = util::read_file(path);
    std::optional<std::string> signature = util::base64_decode(util::trim(text));
    // cosign writes base64; a raw DER signature is read as it is.
    sigstore::check_detached_signature(signature ? *signature : text, targets.front(),
                                       *trust.options.key, path);
    sigstore::VerificationResult result;
    result.signer = trust.options.key->describe() + " key " + trust.options.key->key_id();
    result.checks = {"signature"};
    report(args, targets.front().name(), result);
    return 0;
  }
  std::string path = args["bundle"].as<std::string>();
  attest::Bundle bundle = load_bundle(path, false);
  if (!bundle.message_signature)
    throw Error(
        ErrorKind::kVerification, path,
        "content: the bundle holds a DSSE envelope; verify it with `hallmark-verify attestation`");
  report(args, targets.front().name(),
         sigstore::verify_bundle(bundle, targets, trust.options, path));
  return 0;
}

int attestation(int argc, char** argv) {
  cxxopts::Options options("hallmark-verify attestation", "Verifies an in-toto attestation.");
  options.positional_help("FILE|sha256:HEX...");
  add_trust_options(options);
  options.add_options()("bundle",
                        "a Sigstore bundle holding a DSSE envelope, or a bare DSSE envelope",
                        cxxopts::value<std::string>())(
      "type", "the predicate type it must have (a shortcut or a URI)",
      cxxopts::value<std::string>())("artifact", "", cxxopts::value<std::vector<std::string>>());
  options.parse_positional({"artifact"});
  cxxopts::ParseResult args = util::parse_options(options, argc, argv);
  if (!args.count("bundle")) throw_usage_error("--bundle is required (see --help)");
  Trust trust;
  trust_from(args, trust);
  if (args.count("type"))
    trust.options.predicate_type = attest::resolve_predicate_type(args["type"].as<std::string>());
  std::string path = args["bundle"].as<std::string>();
  attest::Bundle bundle = load_bundle(path, true);
  if (!bundle.envelope)
    throw Error(
        ErrorKind::kVerification, path,
        "content: the bundle holds a message signature; verify it with `hallmark-verify blob`");
  sigstore::VerificationResult result =
      sigstore::verify_bundle(bundle, artifacts(args), trust.options, path);
  report(args,
         path + ": " + result.statement->predicate_type + " attestation about " +
             std::to_string(result.statement->subjects.size()) + " subject(s)",
         result);
  return 0;
}

int verify_bundle(int argc, char** argv) {
  // The Sigstore conformance client protocol (sigstore-conformance docs/cli_protocol.md), so the
  // upstream suite drives Hallmark as it is.
  cxxopts::Options options("hallmark-verify verify-bundle",
                           "Verifies a bundle as the Sigstore conformance suite asks.");
  options.positional_help("FILE_OR_DIGEST");
  options.add_options()(
      "staging",
      "use the staging trusted root ($HALLMARK_TRUSTED_ROOT_STAGING, else $HALLMARK_TRUSTED_ROOT)")(
      "bundle", "the bundle", cxxopts::value<std::string>())("certificate-identity",
                                                             "the signer's identity (SAN), exactly",
                                                             cxxopts::value<std::string>())(
      "certificate-oidc-issuer", "the OIDC issuer, exactly", cxxopts::value<std::string>())(
      "key", "the public key", cxxopts::value<std::string>())("trusted-root", "trusted_root.json",
                                                              cxxopts::value<std::string>())(
      "json", "print the result as JSON")("artifact", "",
                                          cxxopts::value<std::vector<std::string>>());
  options.parse_positional({"artifact"});
  cxxopts::ParseResult args = util::parse_options(options, argc, argv);
  const std::string usage =
      "verify-bundle --bundle B (--certificate-identity ID --certificate-oidc-issuer URL | --key "
      "KEY) FILE_OR_DIGEST";
  if (!args.count("bundle")) throw_usage_error(usage);
  std::string spec = util::single_operand(args, "artifact", usage);
  const char* root_variable =
      args.count("staging") && std::getenv("HALLMARK_TRUSTED_ROOT_STAGING") != nullptr
          ? "HALLMARK_TRUSTED_ROOT_STAGING"
          : "HALLMARK_TRUSTED_ROOT";
  Trust trust;
  trust_from(args, trust, root_variable);
  if (!trust.root)
    throw_usage_error("no trusted root: pass --trusted-root or set " + std::string(root_variable));
  // The protocol's FILE_OR_DIGEST: a digest only when it is one and no such file exists.
  struct stat status;
  bool is_digest =
      spec.starts_with("sha256:") && spec.size() == 71 && ::stat(spec.c_str(), &status) != 0;
  sigstore::Artifact artifact =
      is_digest ? sigstore::Artifact::parse(spec) : sigstore::Artifact::from_file(spec);
  std::string path = args["bundle"].as<std::string>();
  attest::Bundle bundle = attest::Bundle::parse(util::read_file(path), path);
  report(args, spec, sigstore::verify_bundle(bundle, {artifact}, trust.options, path));
  return 0;
}

}  // namespace hallmark::verify
