#include "commands.hpp"

#include <iostream>

#include <cxxopts.hpp>

#include "hallmark/attest/bundle.hpp"
#include "hallmark/crypto/keys.hpp"
#include "hallmark/sigstore/checks.hpp"
#include "hallmark/util/cli.hpp"
#include "hallmark/util/encoding.hpp"
#include "hallmark/util/error.hpp"
#include "hallmark/util/file.hpp"
#include "hallmark/util/strings.hpp"

namespace hallmark::verify {
namespace {

cxxopts::ParseResult parse(cxxopts::Options& options, int argc, char** argv) {
  options.add_options()("h,help", "print this help");
  cxxopts::ParseResult args = options.parse(argc, argv);
  if (args.count("help")) {
    util::write_stdout(options.help());
    std::exit(0);
  }
  return args;
}

std::string required(const cxxopts::ParseResult& args, const char* name) {
  if (!args.count(name)) throw_usage_error(std::string("--") + name + " is required (see --help)");
  return args[name].as<std::string>();
}

std::vector<sigstore::Artifact> artifacts(const cxxopts::ParseResult& args) {
  std::vector<sigstore::Artifact> list;
  if (args.count("artifact"))
    for (const std::string& spec : args["artifact"].as<std::vector<std::string>>())
      list.push_back(sigstore::Artifact::parse(spec));
  return list;
}

// A success is one line, on stderr with the other human messages (as cosign's "Verified OK").
void verified(const std::string& what) {
  std::cerr << "hallmark-verify: verified " << what << "\n";
}

}  // namespace

int blob(int argc, char** argv) {
  cxxopts::Options options("hallmark-verify blob", "Verifies a file's signature.");
  options.positional_help("FILE|sha256:HEX");
  options.add_options()("key", "the public key (SPKI PEM, PKCS#1 RSA, or a certificate)",
                        cxxopts::value<std::string>())("bundle", "a Sigstore bundle (v0.1-v0.3)",
                                                       cxxopts::value<std::string>())(
      "signature", "a detached signature, base64 (as cosign sign-blob writes it)",
      cxxopts::value<std::string>())("artifact", "", cxxopts::value<std::vector<std::string>>());
  options.parse_positional({"artifact"});
  cxxopts::ParseResult args = parse(options, argc, argv);
  std::vector<sigstore::Artifact> targets = artifacts(args);
  if (targets.size() != 1) throw_usage_error("give exactly one FILE or sha256:HEX (see --help)");
  if (args.count("bundle") == args.count("signature"))
    throw_usage_error("give one of --bundle and --signature");
  crypto::PublicKey key = crypto::load_public_key(required(args, "key"));

  if (args.count("signature")) {
    std::string path = args["signature"].as<std::string>();
    std::string text = util::read_file(path);
    std::optional<std::string> signature = util::base64_decode(util::trim(text));
    // cosign writes base64; a raw DER signature is read as it is.
    sigstore::check_detached_signature(signature ? *signature : text, targets.front(), key, path);
  } else {
    std::string path = args["bundle"].as<std::string>();
    attest::Bundle bundle = attest::Bundle::parse(util::read_file(path), path);
    if (!bundle.message_signature)
      throw Error(ErrorKind::kVerification, path,
                  "content: the bundle holds a DSSE envelope; verify it with `hallmark-verify "
                  "attestation`");
    sigstore::check_no_unverifiable_material(bundle, path);
    sigstore::check_message_signature(*bundle.message_signature, targets.front(), key, path);
  }
  verified(targets.front().name() + ": signed by the " + key.describe() + " key " + key.key_id());
  return 0;
}

int attestation(int argc, char** argv) {
  cxxopts::Options options("hallmark-verify attestation", "Verifies an in-toto attestation.");
  options.positional_help("FILE|sha256:HEX...");
  options.add_options()("key", "the public key (SPKI PEM, PKCS#1 RSA, or a certificate)",
                        cxxopts::value<std::string>())(
      "bundle", "a Sigstore bundle holding a DSSE envelope, or a bare DSSE envelope",
      cxxopts::value<std::string>())(
      "type", "the predicate type it must have (a shortcut or a URI)",
      cxxopts::value<std::string>())("artifact", "", cxxopts::value<std::vector<std::string>>());
  options.parse_positional({"artifact"});
  cxxopts::ParseResult args = parse(options, argc, argv);
  std::vector<sigstore::Artifact> targets = artifacts(args);
  crypto::PublicKey key = crypto::load_public_key(required(args, "key"));
  std::string path = required(args, "bundle");
  std::string predicate_type =
      args.count("type") ? attest::resolve_predicate_type(args["type"].as<std::string>()) : "";

  std::string text = util::read_file(path);
  nlohmann::json document = nlohmann::json::parse(text, nullptr, false);
  attest::Envelope envelope;
  if (document.is_object() && document.contains("payloadType")) {
    envelope = attest::Envelope::from_json(document, path);
  } else {
    attest::Bundle bundle = attest::Bundle::parse(text, path);
    if (!bundle.envelope)
      throw Error(
          ErrorKind::kVerification, path,
          "content: the bundle holds a message signature; verify it with `hallmark-verify blob`");
    sigstore::check_no_unverifiable_material(bundle, path);
    envelope = std::move(*bundle.envelope);
  }
  sigstore::check_envelope_signature(envelope, key, path);
  attest::Statement statement = sigstore::check_statement(envelope, predicate_type, targets, path);
  verified(path + ": " + statement.predicate_type + " attestation about " +
           std::to_string(statement.subjects.size()) + " subject(s), signed by the " +
           key.describe() + " key " + key.key_id());
  return 0;
}

}  // namespace hallmark::verify
