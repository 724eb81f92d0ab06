// The verify commands of hallmark-provenance, with slsa-verifier v2's flags; each parses its
// options and calls core/provenance.
#include <cstdlib>
#include <iostream>

#include <cxxopts.hpp>

#include "hallmark/crypto/keys.hpp"
#include "hallmark/provenance/gcb.hpp"
#include "hallmark/provenance/npm.hpp"
#include "hallmark/provenance/verifier.hpp"
#include "hallmark/provenance/vsa.hpp"
#include "hallmark/sigstore/trusted_root.hpp"
#include "hallmark/util/cli.hpp"
#include "hallmark/util/error.hpp"
#include "hallmark/util/log.hpp"
#include "hallmark/util/strings.hpp"

#include "commands.hpp"

namespace hallmark::provenance_cli {
namespace {

using provenance::Expectations;
using provenance::SubjectDigest;
using provenance::Trust;
using provenance::Verified;

std::optional<std::string> given(const cxxopts::ParseResult& args, const char* name) {
  if (!args.count(name)) return std::nullopt;
  return args[name].as<std::string>();
}

std::string text(const cxxopts::ParseResult& args, const char* name) {
  return given(args, name).value_or("");
}

// A flag that may come from the environment instead.
std::string flag_or_env(const cxxopts::ParseResult& args, const char* name, const char* variable) {
  if (args.count(name)) return args[name].as<std::string>();
  const char* value = std::getenv(variable);
  return value == nullptr ? "" : value;
}

std::vector<std::string> list(const cxxopts::ParseResult& args, const char* name) {
  return args.count(name) ? args[name].as<std::vector<std::string>>() : std::vector<std::string>{};
}

cxxopts::ParseResult parse(cxxopts::Options& options, int argc, char** argv) {
  options.add_options()("q,quiet", "no warnings");
  cxxopts::ParseResult args = util::parse_options(options, argc, argv);
  if (args.count("quiet")) util::set_verbosity(util::Verbosity::kQuiet);
  return args;
}

// What every provenance command expects of the source and builder (slsa-verifier's
// VerifyOptions).
void add_expectation_options(cxxopts::Options& options) {
  // clang-format off
  options.add_options()
      ("source-uri", "the source repository that must have been built: github.com/ORG/REPO",
       cxxopts::value<std::string>())
      ("source-branch", "the branch it must have been built from", cxxopts::value<std::string>())
      ("source-tag", "the tag it must have been built from, exactly", cxxopts::value<std::string>())
      ("source-versioned-tag", "a semantic version the tag must match: v1, v1.2 or v1.2.3",
       cxxopts::value<std::string>())
      ("builder-id", "the builder that must have built it: NAME, NAME@vX.Y.Z or "
       "NAME@refs/tags/vX.Y.Z (default: the command's trusted builders)",
       cxxopts::value<std::string>())
      ("build-workflow-input", "KEY=VALUE: a workflow_dispatch input it must have been built "
       "with; repeatable", cxxopts::value<std::vector<std::string>>())
      ("trusted-root", "Sigstore trusted_root.json (default: $HALLMARK_TRUSTED_ROOT)",
       cxxopts::value<std::string>())
      ("allow-builder-at-head", "TESTING ONLY, insecure: trust slsa-framework's builders at "
       "refs/heads/main and pre-release tags (slsa-verifier's SLSA_VERIFIER_TESTING)")
      ("print-provenance", "print the verified statement on stdout")
      ("json", "print the verification result as JSON on stdout");
  // clang-format on
}

Expectations expectations_from(const cxxopts::ParseResult& args) {
  Expectations expected;
  std::optional<std::string> source = given(args, "source-uri");
  if (!source) throw_usage_error("--source-uri is required (see --help)");
  expected.source_uri = *source;
  expected.builder_id = given(args, "builder-id");
  expected.branch = given(args, "source-branch");
  expected.tag = given(args, "source-tag");
  expected.versioned_tag = given(args, "source-versioned-tag");
  if (expected.tag && expected.versioned_tag)
    throw_usage_error("--source-tag and --source-versioned-tag exclude each other");
  for (const std::string& input : list(args, "build-workflow-input")) {
    std::vector<std::string_view> parts = util::split(input, '=');
    if (parts.size() != 2) throw_usage_error("--build-workflow-input is KEY=VALUE, not " + input);
    expected.workflow_inputs.emplace_back(parts[0], parts[1]);
  }
  return expected;
}

// The trust material; the trusted root is owned here and outlives verification.
struct TrustOptions {
  std::optional<sigstore::TrustedRoot> root;
  Trust trust;
};

TrustOptions trust_from(const cxxopts::ParseResult& args) {
  TrustOptions options;
  std::string root = flag_or_env(args, "trusted-root", "HALLMARK_TRUSTED_ROOT");
  if (!root.empty()) {
    options.root = sigstore::TrustedRoot::load(root);
    options.trust.trusted_root = &*options.root;
  }
  if (args.count("key")) options.trust.key = crypto::load_public_key(text(args, "key"));
  if (args.count("allow-builder-at-head")) {
    util::warn(
        "--allow-builder-at-head: slsa-framework's builders are trusted at refs/heads/main and "
        "at pre-release tags; this is for testing those builders and is insecure otherwise");
    options.trust.allow_builder_at_head = true;
  }
  return options;
}

std::vector<std::string> positionals(const cxxopts::ParseResult& args, const char* what,
                                     bool several) {
  std::vector<std::string> values = list(args, "positional");
  if (values.empty() || (!several && values.size() != 1))
    throw_usage_error(std::string("give ") + (several ? "the " : "one ") + what + " (see --help)");
  return values;
}

std::string required(const cxxopts::ParseResult& args, const char* name) {
  std::optional<std::string> value = given(args, name);
  if (!value) throw_usage_error(std::string("--") + name + " is required (see --help)");
  return *value;
}

int report(const cxxopts::ParseResult& args, const Verified& verified, const char* print_flag) {
  if (!verified.builder_id.empty())
    std::cerr << "hallmark-provenance: verified builder: " << verified.builder_id << "\n";
  std::cerr << "hallmark-provenance: PASSED: " << verified.summary << "\n";
  if (args.count(print_flag)) util::write_stdout(verified.statement.to_payload() + "\n");
  if (args.count("json")) util::write_stdout(verified.to_json().dump(2) + "\n");
  return 0;
}

cxxopts::Options command_options(const char* name, const char* description, const char* what) {
  cxxopts::Options options(std::string("hallmark-provenance ") + name, description);
  options.positional_help(what);
  options.add_options()("positional", "", cxxopts::value<std::vector<std::string>>());
  options.parse_positional({"positional"});
  return options;
}

}  // namespace

int verify_artifact(int argc, char** argv) {
  cxxopts::Options options = command_options(
      "verify-artifact", "Verifies the SLSA provenance of files, as slsa-verifier does, offline.",
      "ARTIFACT... (paths or sha256:HEX)");
  add_expectation_options(options);
  // clang-format off
  options.add_options()
      ("provenance-path", "the provenance (a Sigstore bundle, or with --key a DSSE envelope)",
       cxxopts::value<std::string>())
      ("key", "a public key that signed the provenance: the key is the trust anchor",
       cxxopts::value<std::string>());
  // clang-format on
  cxxopts::ParseResult args = parse(options, argc, argv);
  Expectations expected = expectations_from(args);
  std::string provenance = required(args, "provenance-path");
  std::vector<SubjectDigest> artifacts;
  for (const std::string& spec : positionals(args, "ARTIFACTs", true))
    artifacts.push_back(SubjectDigest::of(spec, crypto::DigestAlgorithm::kSha256));
  TrustOptions trust = trust_from(args);
  return report(args, provenance::verify_artifact(artifacts, provenance, expected, trust.trust),
                "print-provenance");
}

int verify_image(int argc, char** argv) {
  cxxopts::Options options = command_options(
      "verify-image",
      "Verifies the SLSA provenance of an image: GitHub's container generator (a cosign OCI "
      "layout at IMAGE) or Google Cloud Build (--provenance-path).",
      "IMAGE@sha256:HEX");
  add_expectation_options(options);
  // clang-format off
  options.add_options()
      ("provenance-path", "Google Cloud Build provenance (gcloud artifacts docker images "
       "describe --show-provenance)", cxxopts::value<std::string>())
      ("gcb-keys", "folder of Cloud Build's public keys (default: $HALLMARK_GCB_KEYS)",
       cxxopts::value<std::string>());
  // clang-format on
  cxxopts::ParseResult args = parse(options, argc, argv);
  std::string image = positionals(args, "IMAGE@sha256:HEX", false).front();
  Expectations expected = expectations_from(args);
  TrustOptions trust = trust_from(args);
  return report(
      args,
      provenance::verify_image(image, text(args, "provenance-path"), expected, trust.trust,
                               flag_or_env(args, "gcb-keys", "HALLMARK_GCB_KEYS")),
      "print-provenance");
}

int verify_npm_package(int argc, char** argv) {
  cxxopts::Options options = command_options(
      "verify-npm-package",
      "Verifies an npm package's provenance and publish attestation, as slsa-verifier does.",
      "TARBALL (a path or sha512:HEX)");
  add_expectation_options(options);
  // clang-format off
  options.add_options()
      ("attestations-path", "the registry's attestations of the package",
       cxxopts::value<std::string>())
      ("package-name", "the package's name", cxxopts::value<std::string>())
      ("package-version", "the package's version", cxxopts::value<std::string>())
      ("npm-keys", "the npm registry's keys (/-/npm/v1/keys; default: $HALLMARK_NPM_KEYS)",
       cxxopts::value<std::string>());
  // clang-format on
  cxxopts::ParseResult args = parse(options, argc, argv);
  Expectations expected = expectations_from(args);
  std::string attestations = required(args, "attestations-path");
  SubjectDigest tarball = SubjectDigest::of(positionals(args, "TARBALL", false).front(),
                                            crypto::DigestAlgorithm::kSha512);
  std::string keys = flag_or_env(args, "npm-keys", "HALLMARK_NPM_KEYS");
  if (keys.empty())
    throw_usage_error(
        "the publish attestation is verified with the npm registry's keys: pass --npm-keys FILE "
        "or set HALLMARK_NPM_KEYS");
  TrustOptions trust = trust_from(args);
  provenance::NpmPackage package{given(args, "package-name"), given(args, "package-version")};
  return report(args,
                provenance::verify_npm_package(tarball, attestations, expected, package,
                                               trust.trust, provenance::NpmKeys::load(keys)),
                "print-provenance");
}

int verify_github_attestation(int argc, char** argv) {
  cxxopts::Options options = command_options(
      "verify-github-attestation",
      "Verifies a GitHub artifact attestation (actions/attest-build-provenance) of a file.",
      "ARTIFACT (a path or sha256:HEX)");
  add_expectation_options(options);
  options.add_options()("attestation-path", "the attestation (a Sigstore bundle)",
                        cxxopts::value<std::string>());
  cxxopts::ParseResult args = parse(options, argc, argv);
  Expectations expected = expectations_from(args);
  std::string attestation = required(args, "attestation-path");
  SubjectDigest artifact = SubjectDigest::of(positionals(args, "ARTIFACT", false).front(),
                                             crypto::DigestAlgorithm::kSha256);
  TrustOptions trust = trust_from(args);
  return report(args,
                provenance::verify_github_attestation(artifact, attestation, expected, trust.trust),
                "print-provenance");
}

int verify_vsa(int argc, char** argv) {
  cxxopts::Options options("hallmark-provenance verify-vsa",
                           "Verifies a key-signed SLSA Verification Summary Attestation.");
  // clang-format off
  options.add_options()
      ("attestations-path", "the VSA (a DSSE envelope)", cxxopts::value<std::string>())
      ("subject-digest", "ALGORITHM:VALUE a subject must have; repeatable",
       cxxopts::value<std::vector<std::string>>())
      ("verifier-id", "the verifier that must have issued it", cxxopts::value<std::string>())
      ("resource-uri", "the resource it must be about", cxxopts::value<std::string>())
      ("verified-levels", "levels it must verify (SLSA_BUILD_LEVEL_2 is a minimum); repeatable "
       "or comma-separated", cxxopts::value<std::vector<std::string>>())
      ("public-key-path", "the verifier's public key (PEM)", cxxopts::value<std::string>())
      ("public-key-id", "the key's id in the signatures (default: SHA-256 of the key)",
       cxxopts::value<std::string>())
      ("public-key-hash-algo", "SHA256, SHA384 or SHA512",
       cxxopts::value<std::string>()->default_value("SHA256"))
      ("print-attestation", "print the verified statement on stdout")
      ("json", "print the verification result as JSON on stdout");
  // clang-format on
  cxxopts::ParseResult args = parse(options, argc, argv);
  std::string path = required(args, "attestations-path");
  std::string algorithm = args["public-key-hash-algo"].as<std::string>();
  provenance::VsaKey key{
      crypto::load_public_key(required(args, "public-key-path")), text(args, "public-key-id"),
      algorithm == "SHA256"   ? crypto::DigestAlgorithm::kSha256
      : algorithm == "SHA384" ? crypto::DigestAlgorithm::kSha384
      : algorithm == "SHA512" ? crypto::DigestAlgorithm::kSha512
                              : throw Error(ErrorKind::kUsage, "",
                                            "--public-key-hash-algo is SHA256, SHA384 or SHA512")};
  provenance::VsaExpectations expected{
      list(args, "subject-digest"), text(args, "verifier-id"), text(args, "resource-uri"), {}};
  for (const std::string& levels : list(args, "verified-levels"))
    for (std::string_view level : util::split(levels, ','))
      if (!level.empty()) expected.verified_levels.emplace_back(level);
  return report(args, provenance::verify_vsa(path, key, expected), "print-attestation");
}

}  // namespace hallmark::provenance_cli
