// hallmark-verify policy check: is an admission policy well formed, and what does it say?
#include <cxxopts.hpp>

#include "hallmark/policy/policy.hpp"
#include "hallmark/util/cli.hpp"
#include "hallmark/util/error.hpp"

#include "commands.hpp"
#include "options.hpp"

namespace hallmark::verify {
namespace {

std::string join(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items)
    text += (text.empty() ? "" : ", ") + item;
  return text;
}

// What a reviewer of the policy wants to see: each rule, in the order they are tried.
std::string summary(const policy::Policy& policy) {
  std::string text = policy.path + ": valid: " + std::to_string(policy.rules.size()) +
                     " rule(s), defaultAction " + (policy.default_allow ? "allow" : "deny") +
                     ", policy digest " + policy.digest + "\n";
  for (const policy::Rule& rule : policy.rules) {
    text += "  rule \"" + rule.name + "\" for " + join(rule.images) + ": " +
            (rule.warn ? "warn" : "enforce") +
            (rule.ignore_unreachable ? ", allowed when the registry is unreachable" : "") + "\n";
    if (!rule.signers.empty()) {
      std::vector<std::string> signers;
      for (const policy::Signer& signer : rule.signers)
        signers.push_back(signer.describe());
      text += std::string("    signed by ") + (rule.all_signers ? "all of: " : "any of: ") +
              join(signers) + "\n";
    }
    for (const policy::AttestationRequirement& requirement : rule.attestations)
      text += "    attestation " + requirement.predicate_type + " by " +
              requirement.signed_by.describe() +
              (requirement.provenance ? ", with provenance" : "") + "\n";
    if (rule.max_signature_age)
      text += "    signed at most " + std::to_string(rule.max_signature_age->count()) + " s ago\n";
  }
  return text;
}

}  // namespace

int policy_command(int argc, char** argv) {
  if (argc < 2 || std::string_view(argv[1]) != "check")
    throw_usage_error("usage: hallmark-verify policy check --policy FILE");
  cxxopts::Options options(
      "hallmark-verify policy check",
      "Validates an admission policy (JSON or YAML; schemas/policy.schema.json): "
      "its shape, with the line of each mistake, the names its rules use, and "
      "the keys and trusted roots it references (read relative to it).");
  options.add_options()("policy", "the policy file", cxxopts::value<std::string>());
  cxxopts::ParseResult args = util::parse_options(options, argc - 1, argv + 1);
  if (!args.count("policy")) throw_usage_error("--policy is required (see --help)");
  util::write_stdout(summary(policy::Policy::load(args["policy"].as<std::string>())));
  return 0;
}

}  // namespace hallmark::verify
