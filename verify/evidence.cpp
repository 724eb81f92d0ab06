// hallmark-verify evidence: collect a self-verifying evidence bundle for an image or files, and
// `evidence check` it again, offline.
#include "hallmark/evidence/evidence.hpp"

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include <cxxopts.hpp>

#include "hallmark/attest/statement.hpp"
#include "hallmark/policy/file_material.hpp"
#include "hallmark/policy/image_verdict.hpp"
#include "hallmark/registry/cli_options.hpp"
#include "hallmark/registry/reference.hpp"
#include "hallmark/util/cli.hpp"
#include "hallmark/util/error.hpp"
#include "hallmark/util/file.hpp"

#include "commands.hpp"
#include "options.hpp"

namespace hallmark::verify {
namespace {

// SOURCE_DATE_EPOCH makes the bundle reproducible: it is the recorded time.
util::Clock::time_point recorded_time() {
  const char* epoch = std::getenv("SOURCE_DATE_EPOCH");
  if (epoch == nullptr || *epoch == '\0') return util::now();
  char* end = nullptr;
  long long seconds = std::strtoll(epoch, &end, 10);
  if (*end != '\0' || seconds < 0)
    throw_usage_error("SOURCE_DATE_EPOCH is not a number of seconds");
  return util::Clock::time_point(std::chrono::seconds(seconds));
}

// --trust-key and --attestation-type as a policy file of its own, so that the bundle always
// holds the policy its verdict came from.
struct PolicySource {
  std::string text;
  std::string path;
  policy::Policy policy;
};

PolicySource policy_source(const cxxopts::ParseResult& args) {
  if (args.count("policy")) {
    if (args.count("trust-key") || args.count("attestation-type"))
      throw_usage_error("--policy says what is checked; leave out --trust-key");
    // Read once: the text kept in the bundle is the text evaluated.
    std::string path = args["policy"].as<std::string>();
    std::string text = util::read_file(path);
    policy::Policy parsed = policy::Policy::parse(text, path, policy::Policy::files_beside(path));
    return {std::move(text), path, std::move(parsed)};
  }
  if (!args.count("trust-key"))
    throw_usage_error("say what to check: --policy P, or --trust-key PUB (see --help)");
  std::string key_path = args["trust-key"].as<std::string>();
  std::vector<std::string> types;
  if (args.count("attestation-type"))
    for (const std::string& type : args["attestation-type"].as<std::vector<std::string>>())
      types.push_back(attest::resolve_predicate_type(type));
  PolicySource source{
      policy::key_policy_document(std::filesystem::path(key_path).filename().string(), types),
      "policy.json",
      {}};
  std::string pem = util::read_file(key_path);
  source.policy =
      policy::Policy::parse(source.text, source.path, [&](const std::string&) { return pem; });
  return source;
}

int check_command(int argc, char** argv) {
  cxxopts::Options options("hallmark-verify evidence check",
                           "Re-verifies an evidence bundle offline: the manifest's signature, "
                           "every file's digest, and the verdicts evaluated again from the "
                           "enclosed policy and claims as of the recorded time.");
  options.positional_help("EVIDENCE.tar.gz");
  // clang-format off
  options.add_options()
      ("key", "the public key the manifest must be signed with", cxxopts::value<std::string>())
      ("bundle", "", cxxopts::value<std::vector<std::string>>());
  // clang-format on
  options.parse_positional({"bundle"});
  cxxopts::ParseResult args = util::parse_options(options, argc, argv);
  std::string path = util::single_operand(args, "bundle", "give one evidence bundle (see --help)");
  std::optional<crypto::PublicKey> key;
  if (args.count("key")) key = crypto::load_public_key(args["key"].as<std::string>());
  evidence::CheckResult result = evidence::check(path, key);
  std::cerr << "hallmark-verify: " << path << ": " << result.files << " files intact; manifest "
            << (result.signature_checked ? "signed and verified"
                : result.signed_manifest ? "signed, signature not checked (give --key)"
                                         : "unsigned")
            << "\n";
  for (const policy::Verdict& verdict : result.verdicts)
    std::cerr << "  " << verdict.image << " (" << verdict.digest
              << "): " << (verdict.allowed ? "allowed" : "denied")
              << ", as recorded, evaluated again as of " << verdict.time << "\n";
  return 0;
}

}  // namespace

int evidence_command(int argc, char** argv) {
  if (argc > 1 && std::string_view(argv[1]) == "check") return check_command(argc - 1, argv + 1);
  cxxopts::Options options(
      "hallmark-verify evidence",
      "Collects a self-verifying evidence bundle for an image in its registry or for files: the "
      "signatures and attestations found, the SBOMs and provenance they carry, the policy and its "
      "trust material, the verdict with every check, report.html and report.md, and "
      "manifest.json (every file's sha256 and role), signed with --key.");
  options.positional_help("IMAGE_REF | --artifact FILE...");
  registry::add_cli_options(options);
  // clang-format off
  options.add_options()
      ("policy", "the admission policy to check by", cxxopts::value<std::string>())
      ("trust-key", "instead of a policy: the public key the subject must be signed with",
       cxxopts::value<std::string>())
      ("attestation-type", "with --trust-key: an attestation of this type is required too "
       "(repeatable)", cxxopts::value<std::vector<std::string>>())
      ("artifact", "a file to collect evidence for (repeatable)",
       cxxopts::value<std::vector<std::string>>())
      ("bundle", "with --artifact: a Sigstore bundle of a file (signature or attestation; "
       "repeatable)", cxxopts::value<std::vector<std::string>>())
      ("key", "sign the manifest with this private key", cxxopts::value<std::string>())
      ("password-stdin", "read the key's passphrase from standard input")
      ("o,output", "the bundle to write (.tar.gz)", cxxopts::value<std::string>())
      ("image", "", cxxopts::value<std::vector<std::string>>());
  // clang-format on
  options.parse_positional({"image"});
  cxxopts::ParseResult args = util::parse_options(options, argc, argv);
  if (!args.count("output")) throw_usage_error("-o EVIDENCE.tar.gz is required");
  if (args.count("image") == args.count("artifact") ||
      (args.count("image") && args["image"].as<std::vector<std::string>>().size() != 1))
    throw_usage_error("give one image reference, or --artifact FILE... (see --help)");
  PolicySource source = policy_source(args);
  std::optional<crypto::PrivateKey> key;
  if (args.count("key"))
    key = crypto::load_private_key(args["key"].as<std::string>(),
                                   {.from_stdin = args.count("password-stdin") > 0});

  std::vector<policy::ImageMaterial> subjects;
  if (args.count("image")) {
    std::string reference = args["image"].as<std::vector<std::string>>().front();
    registry::Client client(
        registry::client_options(args, {registry::Reference::parse(reference).registry}));
    subjects.push_back(policy::fetch_image_material(client, reference));
  } else {
    std::vector<std::string> bundles;
    if (args.count("bundle")) bundles = args["bundle"].as<std::vector<std::string>>();
    for (const std::string& file : args["artifact"].as<std::vector<std::string>>())
      subjects.push_back(policy::file_material(file, bundles));
  }

  evidence::Evidence collected =
      evidence::collect(source.policy, source.text, subjects, recorded_time());
  std::string output = args["output"].as<std::string>();
  util::write_file_atomic(output, evidence::pack(collected, key ? &*key : nullptr));
  bool allowed = collected.manifest.value("allowed", false);
  std::cerr << "hallmark-verify: wrote " << output << " (" << collected.files.size()
            << " files and the manifest, " << (key ? "signed" : "unsigned")
            << "): " << (allowed ? "allowed" : "denied") << "\n";
  for (const policy::Verdict& verdict : collected.verdicts)
    for (const policy::Check& check : verdict.checks)
      std::cerr << "  " << (check.passed ? "pass" : "FAIL") << "  " << verdict.image << ": "
                << check.check << ": " << check.reason << "\n";
  return allowed ? 0 : exit_code(ErrorKind::kVerification);
}

}  // namespace hallmark::verify
