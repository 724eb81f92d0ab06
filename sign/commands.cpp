#include "commands.hpp"

#include <filesystem>
#include <iostream>
#include <memory>

#include <cxxopts.hpp>

#include "hallmark/attest/image_claims.hpp"
#include "hallmark/attest/sign.hpp"
#include "hallmark/crypto/keys.hpp"
#include "hallmark/registry/cli_options.hpp"
#include "hallmark/util/cli.hpp"
#include "hallmark/util/encoding.hpp"
#include "hallmark/util/error.hpp"
#include "hallmark/util/file.hpp"
#include "hallmark/util/log.hpp"

namespace hallmark::sign {
namespace {

// Options every signing command has.
void add_key_options(cxxopts::Options& options) {
  options.add_options()("key",
                        "the private key (PKCS#8, SEC1, PKCS#1 or cosign's encrypted format)",
                        cxxopts::value<std::string>())(
      "password-stdin", "read the key's passphrase from standard input");
}

std::string required(const cxxopts::ParseResult& args, const char* name) {
  if (!args.count(name)) throw_usage_error(std::string("--") + name + " is required (see --help)");
  return args[name].as<std::string>();
}

crypto::PrivateKey private_key(const cxxopts::ParseResult& args) {
  return crypto::load_private_key(required(args, "key"),
                                  {.from_stdin = args.count("password-stdin") > 0});
}

// What storing beside an image needs: the registry flags and where referrers go.
void add_image_options(cxxopts::Options& options) {
  registry::add_cli_options(options);
  options.add_options()("referrers",
                        "also store as an OCI 1.1 referrer (a Sigstore bundle): auto (where the "
                        "registry has the referrers API), always (else by the tag-schema "
                        "fallback) or never",
                        cxxopts::value<std::string>()->default_value("auto"));
}

// The image a reference names now, and a client to its registry.
struct ImageTarget {
  registry::Reference reference;
  std::unique_ptr<registry::Client> client;
  registry::Descriptor manifest;
};

ImageTarget image_target(const cxxopts::ParseResult& args, const std::string& text) {
  ImageTarget target{registry::Reference::parse(text), nullptr, {}};
  target.client = std::make_unique<registry::Client>(
      registry::client_options(args, {target.reference.registry}));
  target.manifest = target.client->resolve(target.reference);
  return target;
}

void report_stored(const ImageTarget& target, const std::string& what,
                   const std::vector<std::string>& places) {
  std::cerr << "hallmark-sign: stored " << what << " of " << target.reference.name() << "@"
            << target.manifest.digest.to_string() << " as";
  for (size_t i = 0; i < places.size(); ++i)
    std::cerr << (i ? ", " : " ") << places[i];
  std::cerr << "\n";
}

}  // namespace

int keygen(int argc, char** argv) {
  cxxopts::Options options("hallmark-sign keygen", "Makes a key pair.");
  options.add_options()(
      "type", "ecdsa-p256, ecdsa-p384, ecdsa-p521, ed25519, rsa-2048, rsa-3072 or rsa-4096",
      cxxopts::value<std::string>()->default_value("ecdsa-p256"))(
      "output-key-prefix", "writes PREFIX.key and PREFIX.pub", cxxopts::value<std::string>())(
      "force", "overwrite existing key files")("password-stdin",
                                               "read the new key's passphrase from standard input");
  cxxopts::ParseResult args = util::parse_options(options, argc, argv);
  crypto::KeySpec spec = crypto::KeySpec::parse(args["type"].as<std::string>());
  std::string prefix = required(args, "output-key-prefix");
  std::string private_path = prefix + ".key";
  std::string public_path = prefix + ".pub";
  if (!args.count("force"))
    for (const std::string& path : {private_path, public_path})
      if (std::filesystem::exists(path))
        throw_usage_error(path + " exists; use --force to overwrite it");
  util::Secret passphrase =
      util::read_passphrase({.from_stdin = args.count("password-stdin") > 0},
                            "Enter a passphrase for the new key: ", /*confirm=*/true);
  crypto::PrivateKey key = crypto::PrivateKey::generate(spec);
  util::write_file_atomic(private_path, key.to_encrypted_pem(passphrase.view()),
                          std::filesystem::perms(0600));
  util::write_file_atomic(public_path, key.public_key().to_pem());
  util::explain("wrote " + private_path + " and " + public_path);
  std::cerr << "hallmark-sign: wrote " << private_path << " (" << key.public_key().describe()
            << ", encrypted) and " << public_path << "\n";
  return 0;
}

int public_key(int argc, char** argv) {
  cxxopts::Options options("hallmark-sign public-key", "Prints the public key of a private key.");
  add_key_options(options);
  options.add_options()("o,output", "write to FILE instead of stdout",
                        cxxopts::value<std::string>()->default_value("-"));
  cxxopts::ParseResult args = util::parse_options(options, argc, argv);
  util::write_output(args["output"].as<std::string>(), private_key(args).public_key().to_pem());
  return 0;
}

int blob(int argc, char** argv) {
  cxxopts::Options options("hallmark-sign blob", "Signs a file.");
  options.positional_help("FILE");
  add_key_options(options);
  options.add_options()("bundle", "write the Sigstore bundle v0.3 to FILE (- for stdout)",
                        cxxopts::value<std::string>())(
      "output-signature", "write the base64 detached signature (as cosign sign-blob) to FILE",
      cxxopts::value<std::string>())("file", "", cxxopts::value<std::vector<std::string>>());
  options.parse_positional({"file"});
  cxxopts::ParseResult args = util::parse_options(options, argc, argv);
  std::string file =
      util::single_operand(args, "file", "give exactly one FILE to sign (see --help)");
  crypto::PrivateKey key = private_key(args);
  attest::SignedBlob signed_blob = attest::sign_blob(file, key);
  std::string bundle_path = args.count("bundle") ? args["bundle"].as<std::string>() : "";
  if (bundle_path.empty() && !args.count("output-signature")) bundle_path = "-";
  if (!bundle_path.empty()) util::write_output(bundle_path, signed_blob.bundle.to_json());
  if (args.count("output-signature"))
    util::write_output(args["output-signature"].as<std::string>(),
                       util::base64_encode(signed_blob.signature));
  return 0;
}

int attest(int argc, char** argv) {
  cxxopts::Options options("hallmark-sign attest",
                           "Signs an in-toto statement (DSSE in a Sigstore bundle v0.3).");
  options.positional_help("SUBJECT...");
  add_key_options(options);
  options.add_options()("predicate", "the predicate (a JSON file)", cxxopts::value<std::string>())(
      "type",
      "predicate type: slsaprovenance1, cyclonedx, spdxjson, openvex, vuln, link, "
      "custom, or a URI",
      cxxopts::value<std::string>())("bundle", "write the bundle to FILE (default: stdout)",
                                     cxxopts::value<std::string>()->default_value("-"))(
      "subject-name", "a subject that is not a file: its name", cxxopts::value<std::string>())(
      "subject-digest", "... and its digest, sha256:HEX", cxxopts::value<std::string>())(
      "image",
      "the subject is this image (HOST/REPO:TAG or @sha256:...): the attestation is stored "
      "beside it in its registry, as cosign's .att and as a referrer",
      cxxopts::value<std::string>())("subject", "", cxxopts::value<std::vector<std::string>>());
  add_image_options(options);
  options.parse_positional({"subject"});
  cxxopts::ParseResult args = util::parse_options(options, argc, argv);

  attest::Statement statement;
  statement.predicate_type = attest::resolve_predicate_type(required(args, "type"));
  std::string predicate_path = required(args, "predicate");
  statement.predicate = nlohmann::json::parse(util::read_file(predicate_path), nullptr, false);
  if (statement.predicate.is_discarded() || !statement.predicate.is_object())
    throw_bad_input(predicate_path, "the predicate is not a JSON object");
  if (args.count("image")) {
    if (args.count("subject") || args.count("subject-digest"))
      throw_usage_error("--image is the subject; give no other subject");
    crypto::PrivateKey key = private_key(args);
    ImageTarget target = image_target(args, args["image"].as<std::string>());
    statement = attest::image_statement(target.reference, target.manifest.digest,
                                        statement.predicate_type, std::move(statement.predicate));
    report_stored(target, statement.predicate_type + " attestation",
                  attest::store_attestation(
                      *target.client, target.reference, target.manifest, statement, key,
                      attest::parse_referrers_mode(args["referrers"].as<std::string>())));
    return 0;
  }
  if (args.count("subject"))
    for (const std::string& path : args["subject"].as<std::vector<std::string>>())
      statement.subjects.push_back(attest::file_subject(path));
  if (args.count("subject-name") != args.count("subject-digest"))
    throw_usage_error("--subject-name and --subject-digest go together");
  if (args.count("subject-digest")) {
    crypto::Digest digest = crypto::Digest::parse(args["subject-digest"].as<std::string>());
    statement.subjects.push_back(
        {.name = args["subject-name"].as<std::string>(),
         .uri = "",
         .digest = {{std::string(crypto::algorithm_name(digest.algorithm)), digest.hex}}});
  }
  if (statement.subjects.empty())
    throw_usage_error("give SUBJECT files, or --subject-name with --subject-digest");
  attest::Bundle bundle = attest::sign_statement(statement, private_key(args));
  util::write_output(args["bundle"].as<std::string>(), bundle.to_json());
  return 0;
}

int image(int argc, char** argv) {
  cxxopts::Options options("hallmark-sign image",
                           "Signs an image in its registry, as cosign sign does: the "
                           "simple-signing payload for the digest the reference names now.");
  options.positional_help("HOST/REPO:TAG|HOST/REPO@sha256:HEX");
  add_key_options(options);
  add_image_options(options);
  options.add_options()("image", "", cxxopts::value<std::vector<std::string>>());
  options.parse_positional({"image"});
  cxxopts::ParseResult args = util::parse_options(options, argc, argv);
  std::string reference =
      util::single_operand(args, "image", "give exactly one image reference (see --help)");
  // The key first: a wrong passphrase must not cost a registry round trip.
  crypto::PrivateKey key = private_key(args);
  ImageTarget target = image_target(args, reference);
  report_stored(
      target, "a signature",
      attest::store_signature(*target.client, target.reference, target.manifest, key,
                              attest::parse_referrers_mode(args["referrers"].as<std::string>())));
  return 0;
}

}  // namespace hallmark::sign
