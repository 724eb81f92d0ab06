#include "hallmark/provenance/expectations.hpp"

#include "hallmark/provenance/source_rules.hpp"
#include "hallmark/provenance/verify_error.hpp"
#include "hallmark/util/encoding.hpp"
#include "hallmark/util/error.hpp"
#include "hallmark/util/strings.hpp"

namespace hallmark::provenance {
namespace {

// upstream verifySourceURI: the workflow ran in the expected repository, the source it resolved
// is that repository, and both name the same ref.
void check_source(const Provenance& provenance, std::string_view expected, bool github_source) {
  std::string source = normalize_git_uri(expected);
  if (github_source && !source.starts_with("git+https://github.com/"))
    fail(Category::kMalformedUri,
         "source \"" + util::printable(expected) + "\" is not a GitHub repository");
  std::string trigger = provenance.trigger_uri();
  GitUri triggered = split_git_uri(trigger);
  if (triggered.uri != source)
    fail_mismatch(Category::kMismatchSource, "source repository of the workflow", triggered.uri,
                  source);
  if (triggered.ref.empty())
    fail(Category::kMalformedUri,
         "the workflow's source \"" + util::printable(trigger) + "\" names no ref");
  std::string resolved = provenance.source_uri();
  GitUri built = split_git_uri(resolved);
  if (built.uri != source)
    fail_mismatch(Category::kMismatchSource, "source repository built", built.uri, source);
  if (built.ref.empty()) {
    if (provenance.source_ref_optional()) return;
    fail(Category::kMalformedUri,
         "the source built \"" + util::printable(resolved) + "\" names no ref");
  }
  if (trigger != resolved)
    fail(Category::kInvalidDssePayload, "the workflow ran from \"" + util::printable(trigger) +
                                            "\" but built \"" + util::printable(resolved) + "\"");
}

void check_subject(const Provenance& provenance, const SubjectDigest& artifact) {
  std::string_view algorithm = crypto::algorithm_name(artifact.algorithm);
  for (const attest::ResourceDescriptor& subject : provenance.subjects()) {
    auto digest = subject.digest.find(std::string(algorithm));
    if (digest != subject.digest.end() && digest->second == artifact.hex) return;
  }
  std::string digest = std::string(algorithm) + ":" + artifact.hex;
  fail(Category::kMismatchHash,
       "the provenance has no subject with digest " + digest +
           (artifact.name == digest ? "" : " (" + util::printable(artifact.name) + ")"));
}

void check_inputs(const Provenance& provenance,
                  const std::vector<std::pair<std::string, std::string>>& expected) {
  nlohmann::json inputs = provenance.workflow_inputs();
  for (const auto& [name, value] : expected) {
    auto input = inputs.find(name);
    if (input == inputs.end() || !input->is_string())
      fail(Category::kMismatchWorkflowInputs,
           "the provenance records no workflow input \"" + util::printable(name) + "\"");
    if (input->get<std::string>() != value)
      fail_mismatch(Category::kMismatchWorkflowInputs, "workflow input " + name,
                    input->get<std::string>(), value);
  }
}

}  // namespace

SubjectDigest SubjectDigest::of(const std::string& spec, crypto::DigestAlgorithm algorithm) {
  std::string prefix = std::string(crypto::algorithm_name(algorithm)) + ":";
  if (spec.starts_with(prefix)) {
    crypto::Digest digest = crypto::Digest::parse(spec, spec);
    return {spec, digest.algorithm, digest.hex};
  }
  if (spec.starts_with("sha256:") || spec.starts_with("sha512:"))
    throw_usage_error(spec + ": give the " + prefix + "HEX digest or the file");
  return {spec, algorithm, util::hex_encode(crypto::digest_file(algorithm, spec))};
}

void check_provenance_claims(const Provenance& provenance, const Expectations& expected,
                             const SubjectDigest& artifact, bool github_source) {
  check_source(provenance, expected.source_uri, github_source);
  check_subject(provenance, artifact);
  if (expected.branch) {
    std::string branch = branch_from_ref(provenance.branch_ref());
    if (branch != *expected.branch)
      fail_mismatch(Category::kMismatchBranch, "source branch", branch, *expected.branch);
  }
  if (expected.tag) {
    std::string tag = tag_from_ref(provenance.tag_ref());
    if (tag != *expected.tag)
      fail_mismatch(Category::kMismatchTag, "source tag", tag, *expected.tag);
  }
  if (expected.versioned_tag)
    check_versioned_tag(tag_from_ref(provenance.tag_ref()), *expected.versioned_tag);
  if (!expected.workflow_inputs.empty()) check_inputs(provenance, expected.workflow_inputs);
}

}  // namespace hallmark::provenance
