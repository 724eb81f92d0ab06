// verify-npm-package, in upstream order (gha/verifier.go VerifyNpmPackage): the provenance's
// signature, its builder and claims, the publish attestation's signature and subject, the
// statements' types, then the package name and version.
#include "hallmark/provenance/npm.hpp"

#include <nlohmann/json.hpp>

#include "hallmark/provenance/builder_id.hpp"
#include "hallmark/provenance/signed_provenance.hpp"
#include "hallmark/provenance/verify_error.hpp"
#include "hallmark/provenance/workflow_identity.hpp"
#include "hallmark/sigstore/tlog_entry.hpp"
#include "hallmark/util/encoding.hpp"
#include "hallmark/util/file.hpp"
#include "hallmark/util/strings.hpp"

#include "npm_certificate.hpp"
#include "verdict.hpp"

namespace hallmark::provenance {
namespace {

constexpr std::string_view kPublishPredicatePrefix =
    "https://github.com/npm/attestation/tree/main/specs/publish/";
constexpr std::string_view kGithubHosted = "/github-hosted";

struct Attestations {
  ProvenanceFile provenance;
  ProvenanceFile publish;
};

// upstream extractAttestations: the last attestation of each kind counts.
Attestations read_attestations(const std::string& path) {
  nlohmann::json document = nlohmann::json::parse(util::read_file(path), nullptr, false);
  const nlohmann::json& list =
      document.is_object() ? document.value("attestations", nlohmann::json()) : nlohmann::json();
  std::optional<nlohmann::json> provenance, publish;
  for (const nlohmann::json& attestation : list.is_array() ? list : nlohmann::json::array()) {
    std::string type = attestation.is_object() ? attestation.value("predicateType", "") : "";
    if (type == kSlsaProvenanceV02 || type == kSlsaProvenanceV1)
      provenance = attestation.value("bundle", nlohmann::json());
    if (type.starts_with(kPublishPredicatePrefix))
      publish = attestation.value("bundle", nlohmann::json());
  }
  if (list.size() < 2 || !provenance || !publish)
    fail(Category::kInvalidAttestations,
         path + " does not hold an SLSA provenance and an npm publish attestation");
  auto bundle = [&](const nlohmann::json& json, const char* what) {
    std::string name = path + " (" + what + ")";
    return ProvenanceFile{name, attest::Bundle::parse(json.dump(), name), std::nullopt};
  };
  return {bundle(*provenance, "provenance"), bundle(*publish, "publish attestation")};
}

// upstream verifyNpmEnvAndCert: who built the package. Returns the builder to read the
// provenance as, and whether it is a trusted delegator.
struct NpmBuilder {
  std::string reader;
  bool trusted = false;
};
NpmBuilder npm_builder(const WorkflowIdentity& workflow, const Expectations& expected,
                       bool allow_builder_at_head) {
  std::optional<SigningBuilder> delegator;
  try {
    delegator = verify_builder_identity(workflow, std::string(builders::kLowPermsDelegator),
                                        kDelegatorWorkflows, allow_builder_at_head);
  } catch (const VerificationError& error) {
    // Not a delegator: the npm CLI, signing as the package's own workflow.
    if (error.category() != Category::kUntrustedReusableWorkflow) throw;
  }
  verify_certificate_source(workflow, expected.source_uri);
  if (!expected.has_builder_id())
    fail(Category::kInvalidBuilderId,
         "npm packages need --builder-id: https://github.com/actions/runner/github-hosted for "
         "the npm CLI on GitHub's runners, or the trusted builder's id");
  const std::string& wanted = *expected.builder_id;
  using Runner = WorkflowIdentity::Runner;
  if (delegator) {
    if (workflow.runner != Runner::kUnknown && workflow.runner != Runner::kGithubHosted)
      fail(Category::kMismatchBuilderId, "the trusted builder ran on a self-hosted runner");
    return {delegator->id.name(), true};
  }
  if (workflow.runner == Runner::kUnknown)
    fail(Category::kNotSupported, "the certificate does not say which runner built the package");
  bool hosted = wanted == builders::kNpmRunner || wanted == builders::kNpmRunnerGithubHosted;
  if (!hosted && wanted != builders::kNpmRunnerSelfHosted)
    fail(Category::kNotSupported, "builder \"" + util::printable(wanted) +
                                      "\" is not an npm CLI runner (" +
                                      std::string(builders::kNpmRunnerGithubHosted) + ", " +
                                      std::string(builders::kNpmRunnerSelfHosted) + ")");
  if (hosted != (workflow.runner == Runner::kGithubHosted))
    fail_mismatch(Category::kMismatchBuilderId, "runner",
                  workflow.runner == Runner::kGithubHosted ? "github-hosted" : "self-hosted",
                  hosted ? "github-hosted" : "self-hosted");
  return {BuilderId::parse(wanted).name(), false};
}

// The npm CLI named its runner "actions/runner" before "actions/runner/github-hosted": either
// spelling of the expected id matches either in the provenance.
void check_builder(const Provenance& provenance, const std::string& wanted) {
  BuilderId recorded = BuilderId::parse(provenance.builder_id());
  if (recorded.matches(wanted, BuilderId::Version::kIfGiven, true)) return;
  std::string other = wanted.ends_with(kGithubHosted)
                          ? wanted.substr(0, wanted.size() - kGithubHosted.size())
                          : wanted + std::string(kGithubHosted);
  if (!recorded.matches(other, BuilderId::Version::kIfGiven, true))
    fail_mismatch(Category::kMismatchBuilderId, "builder id", recorded.to_string(), wanted);
}

void check_key_window(const NpmKeys::Key& key, const attest::Bundle& bundle,
                      const std::string& name) {
  // The log's signed time (its SET was verified with the bundle) is when the registry signed.
  for (const nlohmann::json& logged : bundle.tlog_entries) {
    sigstore::TlogEntry entry = sigstore::TlogEntry::parse(logged, name);
    util::Clock::time_point time{std::chrono::seconds(entry.integrated_time)};
    if ((key.valid_from && time < *key.valid_from) || (key.valid_until && time > *key.valid_until))
      fail(Category::kInvalidSignature,
           name + ": signed when the registry key " + key.key_id + " was not valid");
  }
}

void check_publish_subject(const attest::Statement& publish, const SubjectDigest& tarball) {
  if (publish.subjects.empty())
    fail(Category::kInvalidDssePayload, "the publish attestation has no subject");
  if (!publish.find_subject("sha512", tarball.hex))
    fail(Category::kMismatchHash,
         "the publish attestation is not about " + tarball.name + " (sha512 " + tarball.hex + ")");
}

// "%40scope/name" -> "@scope/name" (package URLs percent-encode the scope's "@").
std::string percent_decoded(std::string_view text) {
  std::string decoded;
  for (size_t i = 0; i < text.size(); ++i) {
    std::optional<std::string> byte = text[i] == '%' && i + 2 < text.size()
                                          ? util::hex_decode(text.substr(i + 1, 2))
                                          : std::nullopt;
    decoded += byte ? *byte : std::string(1, text[i]);
    if (byte) i += 2;
  }
  return decoded;
}

// "@scope/name@1.0.0" -> ("@scope/name", "1.0.0") (upstream getPackageNameAndVersion).
std::pair<std::string, std::string> name_and_version(std::string_view package) {
  bool scoped = package.starts_with("@");
  std::vector<std::string_view> parts = util::split(package.substr(scoped ? 1 : 0), '@');
  if (parts.size() > 2)
    fail(Category::kInvalidPackageName, "\"" + util::printable(package) + "\" is not NAME@VERSION");
  return {(scoped ? "@" : "") + std::string(parts[0]),
          parts.size() == 2 ? std::string(parts[1]) : ""};
}

void check_package(const Provenance& provenance, const attest::Statement& publish,
                   const NpmPackage& package) {
  const std::vector<attest::ResourceDescriptor>& subjects = provenance.subjects();
  if (subjects.size() != 1 || !subjects.front().name.starts_with("pkg:npm/"))
    fail(Category::kInvalidPackageName, "the provenance's subject is not one pkg:npm/ package");
  auto [name, version] = name_and_version(percent_decoded(subjects.front().name.substr(8)));
  std::string published_name = publish.predicate.value("name", "");
  std::string published_version = publish.predicate.value("version", "");
  if (package.name) {
    if (name != *package.name)
      fail_mismatch(Category::kMismatchPackageName, "package name", name, *package.name);
    if (name_and_version(published_name).first != *package.name || published_name != *package.name)
      fail_mismatch(Category::kMismatchPackageName, "published package name", published_name,
                    *package.name);
  }
  if (package.version) {
    if (version != *package.version)
      fail_mismatch(Category::kMismatchPackageVersion, "package version", version,
                    *package.version);
    if (published_version != *package.version)
      fail_mismatch(Category::kMismatchPackageVersion, "published package version",
                    published_version, *package.version);
  }
}

}  // namespace

Verified verify_npm_package(const SubjectDigest& tarball, const std::string& attestations_path,
                            const Expectations& expected, const NpmPackage& package,
                            const Trust& trust, const NpmKeys& keys) {
  if (trust.key) throw_usage_error("--key is for verify-artifact");
  Attestations attestations = read_attestations(attestations_path);
  SignedStatement provenance_signed =
      verify_github_signature(attestations.provenance, trust.trusted_root);

  WorkflowIdentity workflow = WorkflowIdentity::from_certificate(*provenance_signed.certificate);
  NpmBuilder builder = npm_builder(workflow, expected, trust.allow_builder_at_head);
  std::unique_ptr<Provenance> provenance =
      read_provenance_of(provenance_signed.statement, builder.reader);
  check_builder(*provenance, *expected.builder_id);
  check_provenance_claims(*provenance, expected, tarball, true);
  if (!builder.trusted) check_claims_match_certificate(*provenance, workflow);

  const attest::Bundle& publish_bundle = *attestations.publish.bundle;
  if (publish_bundle.tlog_entries.empty())
    fail(Category::kInvalidSignature, attestations.publish.path + " has no transparency log entry");
  std::string key_id = publish_bundle.public_key_hint.value_or("");
  const NpmKeys::Key* key = keys.attestation_key(key_id);
  if (key == nullptr)
    fail(Category::kInvalidSignature, attestations.publish.path + " is signed by \"" +
                                          util::printable(key_id) +
                                          "\", which is not an npm registry attestation key");
  SignedStatement publish =
      verify_key_signature(attestations.publish, key->key, trust.trusted_root);
  check_key_window(*key, publish_bundle, attestations.publish.path);
  check_publish_subject(publish.statement, tarball);
  if (!publish.statement.predicate_type.starts_with(kPublishPredicatePrefix))
    fail(Category::kInvalidDssePayload, "the publish attestation's predicate type is not npm's");
  check_package(*provenance, publish.statement, package);
  return passed(provenance->builder_id(), *provenance, tarball.name);
}

}  // namespace hallmark::provenance
