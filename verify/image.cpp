// hallmark-verify image: the verdict on an image where it lives, by the trust flags or a policy.
#include <iostream>

#include <cxxopts.hpp>

#include "hallmark/attest/statement.hpp"
#include "hallmark/policy/image_verdict.hpp"
#include "hallmark/policy/policy.hpp"
#include "hallmark/registry/cli_options.hpp"
#include "hallmark/registry/reference.hpp"
#include "hallmark/util/cli.hpp"
#include "hallmark/util/error.hpp"
#include "hallmark/util/file.hpp"

#include "commands.hpp"
#include "options.hpp"

namespace hallmark::verify {
namespace {

bool uses_trust_flags(const cxxopts::ParseResult& args) {
  for (const char* flag : {"key", "certificate-identity", "certificate-identity-regexp",
                           "certificate-oidc-issuer", "certificate-oidc-issuer-regexp"})
    if (args.count(flag)) return true;
  return false;
}

// The verdict as a person reads it, on stderr: the image, the outcome, then every check.
void print_verdict(const policy::Verdict& verdict) {
  std::cerr << "hallmark-verify: " << verdict.image
            << (verdict.digest.empty() ? "" : " (" + verdict.digest + ")") << ": "
            << (verdict.allowed ? "allowed" : "denied")
            << (verdict.rule.empty() ? "" : " by rule \"" + verdict.rule + "\"")
            << (verdict.mode == "warn" ? " in warn mode" : "") << "\n";
  for (const policy::Check& check : verdict.checks)
    std::cerr << "  " << (check.passed ? "pass" : "FAIL") << "  " << check.check << ": "
              << check.reason << "\n";
}

bool registry_failed(const policy::Verdict& verdict) {
  return verdict.checks.size() == 1 && verdict.checks.front().check == "registry";
}

}  // namespace

int image(int argc, char** argv) {
  cxxopts::Options options(
      "hallmark-verify image",
      "Verifies an image in its registry: resolves the reference to the digest it names now, "
      "finds its signatures and attestations (cosign's .sig/.att tags and OCI 1.1 referrers), "
      "and verifies them by the trust flags or a policy.");
  options.positional_help("HOST/REPO:TAG|HOST/REPO@sha256:HEX");
  add_trust_options(options);
  registry::add_cli_options(options);
  // clang-format off
  options.add_options()
      ("attestation-type", "an attestation of this predicate type (a shortcut such as "
       "slsaprovenance1 or cyclonedx, or a URI), signed by the same signer, is required too "
       "(repeatable)", cxxopts::value<std::vector<std::string>>())
      ("policy", "decide by this admission policy instead of the trust flags",
       cxxopts::value<std::string>())
      ("decision-log", "append the verdict as one JSON line to FILE", cxxopts::value<std::string>())
      ("image", "", cxxopts::value<std::vector<std::string>>());
  // clang-format on
  options.parse_positional({"image"});
  cxxopts::ParseResult args = util::parse_options(options, argc, argv);
  std::string reference =
      util::single_operand(args, "image", "give exactly one image reference (see --help)");

  policy::Policy policy;
  if (args.count("policy")) {
    if (uses_trust_flags(args) || args.count("attestation-type"))
      throw_usage_error("--policy says who must have signed; leave out the trust flags");
    policy = policy::Policy::load(args["policy"].as<std::string>());
  } else {
    Trust trust;
    trust_from(args, trust);
    std::vector<std::string> types;
    if (args.count("attestation-type"))
      for (const std::string& type : args["attestation-type"].as<std::vector<std::string>>())
        types.push_back(attest::resolve_predicate_type(type));
    policy = policy::single_signer_policy(trust.options, optional_value(args, "key"),
                                          std::move(trust.root), types);
  }

  registry::Client client(
      registry::client_options(args, {registry::Reference::parse(reference).registry}));
  policy::Verdict verdict = policy::verify_image(policy, client, reference);
  if (args.count("decision-log"))
    util::append_line(args["decision-log"].as<std::string>(), verdict.to_json().dump() + "\n");
  print_verdict(verdict);
  if (args.count("json")) util::write_stdout(verdict.to_json().dump(2) + "\n");
  if (verdict.allowed) return 0;
  // A registry that cannot be reached is an I/O failure (exit 4), denied all the same.
  return registry_failed(verdict) ? exit_code(ErrorKind::kIo) : exit_code(ErrorKind::kVerification);
}

}  // namespace hallmark::verify
