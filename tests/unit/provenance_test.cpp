// The rules of provenance verification (slsa-verifier v2's semantics): builder ids, semantic
// versions and versioned tags, git refs and source URIs, which signers are trusted.
#include <functional>
#include <optional>

#include <doctest/doctest.h>

#include "hallmark/provenance/builder_id.hpp"
#include "hallmark/provenance/expectations.hpp"
#include "hallmark/provenance/semver.hpp"
#include "hallmark/provenance/slsa_provenance.hpp"
#include "hallmark/provenance/source_rules.hpp"
#include "hallmark/provenance/verify_error.hpp"
#include "hallmark/provenance/workflow_identity.hpp"

using namespace hallmark;
using namespace hallmark::provenance;

namespace {

// The category `check` fails with; nullopt when it passes.
std::optional<Category> failure(const std::function<void()>& check) {
  try {
    check();
  } catch (const VerificationError& error) {
    return error.category();
  }
  return std::nullopt;
}

std::string message_of(const std::function<void()>& check) {
  try {
    check();
  } catch (const VerificationError& error) {
    return error.what();
  }
  return "";
}

constexpr char kGoBuilder[] =
    "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/"
    "builder_go_slsa3.yml";

WorkflowIdentity workflow(std::string san, std::string repository = "acme/app") {
  WorkflowIdentity identity;
  identity.issuer = "https://token.actions.githubusercontent.com";
  identity.subject_workflow = std::move(san);
  identity.source_repository = std::move(repository);
  return identity;
}

}  // namespace

TEST_CASE("builder ids: NAME, NAME@vX.Y.Z and NAME@refs/tags/vX.Y.Z name the same release") {
  BuilderId signer = BuilderId::parse(std::string(kGoBuilder) + "@refs/tags/v2.1.0", true);
  CHECK(signer.name() == kGoBuilder);
  CHECK(signer.version() == "refs/tags/v2.1.0");
  using V = BuilderId::Version;
  CHECK(signer.matches(kGoBuilder, V::kIfGiven, true));
  CHECK(signer.matches(std::string(kGoBuilder) + "@v2.1.0", V::kIfGiven, true));
  CHECK(signer.matches(std::string(kGoBuilder) + "@refs/tags/v2.1.0", V::kIfGiven, true));
  CHECK_FALSE(signer.matches(std::string(kGoBuilder) + "@v2.1.0", V::kIfGiven, false));
  CHECK_FALSE(signer.matches(std::string(kGoBuilder) + "@v2.1", V::kIfGiven, true));
  CHECK_FALSE(signer.matches(std::string(kGoBuilder) + "@v2.0.0", V::kIfGiven, true));
  CHECK_FALSE(signer.matches("https://github.com/acme/builder.yml", V::kIfGiven, true));
  // A full match compares the version even when the expectation has none.
  CHECK_FALSE(signer.matches(kGoBuilder, V::kAlways, true));
  CHECK(signer.matches(std::string(kGoBuilder) + "@v2.1.0", V::kAlways, true));

  std::string message = message_of(
      [&] { signer.check_matches(std::string(kGoBuilder) + "@v2.0.0", V::kIfGiven, true); });
  CHECK(message.find("refs/tags/v2.1.0") != std::string::npos);
  CHECK(message.find("@v2.0.0\"") != std::string::npos);
  CHECK(message.find("(ErrorMismatchBuilderID)") != std::string::npos);

  CHECK(failure([] { BuilderId::parse("https://x/b@"); }) == Category::kInvalidFormat);
  CHECK(failure([] { BuilderId::parse("https://x/b@v1@v2"); }) == Category::kInvalidFormat);
  CHECK(failure([] { BuilderId::parse("https://x/b", true); }) == Category::kInvalidFormat);
  CHECK(BuilderId::parse("https://x/b").to_string() == "https://x/b");
}

TEST_CASE("builder refs: a release tag vX.Y.Z; pre-releases only at head") {
  CHECK_FALSE(failure([] { check_builder_tag("refs/tags/v1.2.3", false); }));
  CHECK(failure([] { check_builder_tag("refs/tags/v1.2", false); }) == Category::kInvalidRef);
  CHECK(failure([] { check_builder_tag("refs/tags/v1.2.3-rc.1", false); }) ==
        Category::kInvalidRef);
  CHECK_FALSE(failure([] { check_builder_tag("refs/tags/v1.2.3-rc.1", true); }));
  CHECK(failure([] { check_builder_tag("refs/tags/v1.2.3+build", true); }) ==
        Category::kInvalidRef);
  CHECK(failure([] { check_builder_tag("refs/heads/main", false); }) == Category::kInvalidRef);
  CHECK(failure([] { check_builder_tag("refs/tags/", false); }) == Category::kInvalidRef);
}

TEST_CASE("semantic versions as Go's x/mod/semver reads them") {
  CHECK(is_valid_semver("v1"));
  CHECK(is_valid_semver("v1.2"));
  CHECK(is_valid_semver("v1.2.3-rc.1+build.5"));
  CHECK_FALSE(is_valid_semver("1.2.3"));
  CHECK_FALSE(is_valid_semver("v01.2.3"));
  CHECK_FALSE(is_valid_semver("v1.2-rc"));  // shorthands take no pre-release
  CHECK_FALSE(is_valid_semver("v1.2.3-01"));
  CHECK_FALSE(is_valid_semver("v1.2.3."));
  CHECK(Semver::parse("v14")->canonical() == "v14.0.0");
  CHECK(Semver::parse("v14.2")->canonical() == "v14.2.0");
  CHECK(Semver::parse("v1.2.3-rc.1+meta")->canonical() == "v1.2.3-rc.1");
}

TEST_CASE("versioned tags: the expectation is a semantic-version prefix of the tag") {
  auto outcome = [](const char* tag, const char* expected) {
    return failure([&] { check_versioned_tag(tag, expected); });
  };
  for (const char* expected : {"v13", "v13.0", "v13.0.30"})
    CHECK_FALSE(outcome("v13.0.30", expected));
  for (const char* expected : {"v2", "v0", "v13.1", "v12.9", "v13.0.29", "v13.0.31"})
    CHECK(outcome("v13.0.30", expected) == Category::kMismatchVersionedTag);
  for (const char* expected : {"v14", "v14.0"})
    CHECK_FALSE(outcome("v14", expected));
  for (const char* expected : {"v14.1", "v13", "v15", "v13.2", "v0"})
    CHECK(outcome("v14", expected) == Category::kMismatchVersionedTag);
  for (const char* expected : {"v14", "v14.2"})
    CHECK_FALSE(outcome("v14.2", expected));
  for (const char* expected : {"v14.2.1", "v14.2.3", "v14.1", "v14.1.1", "v14.3.1", "v15.1"})
    CHECK(outcome("v14.2", expected) == Category::kMismatchVersionedTag);
  CHECK(outcome("v13.0.30", "13") == Category::kInvalidSemver);
  CHECK(outcome("release-7", "v7") == Category::kInvalidSemver);
  CHECK(message_of([] {
          check_versioned_tag("v1.2.3", "v1.3");
        }).starts_with("source tag \"v1.2.3\" does not match expected \"v1.3\""));
}

TEST_CASE("git refs: a tag flag against a branch build is an invalid ref, not a mismatch") {
  CHECK(tag_from_ref("refs/tags/v1.2.3") == "v1.2.3");
  CHECK(branch_from_ref("refs/heads/feature/x") == "feature/x");
  CHECK(failure([] { tag_from_ref("refs/heads/main"); }) == Category::kInvalidRef);
  CHECK(failure([] { tag_from_ref(""); }) == Category::kInvalidRef);
  CHECK(failure([] { branch_from_ref("refs/tags/v1"); }) == Category::kInvalidRef);
  CHECK(failure([] { branch_from_ref("refs/heads/"); }) == Category::kInvalidRef);
}

TEST_CASE("source URIs: user forms normalize to provenance's git+ form; refs split off") {
  CHECK(normalize_git_uri("github.com/o/r") == "git+https://github.com/o/r");
  CHECK(normalize_git_uri("https://github.com/o/r") == "git+https://github.com/o/r");
  CHECK(normalize_git_uri("git+https://github.com/o/r") == "git+https://github.com/o/r");
  GitUri split = split_git_uri("git+https://github.com/o/r@refs/tags/v1");
  CHECK(split.uri == "git+https://github.com/o/r");
  CHECK(split.ref == "refs/tags/v1");
  CHECK(split_git_uri("git+https://github.com/o/r").ref.empty());
  CHECK(failure([] { split_git_uri("https://github.com/o/r"); }) == Category::kMalformedUri);
}

TEST_CASE("the certificate's source repository must be the expected one exactly") {
  WorkflowIdentity identity = workflow(std::string(kGoBuilder) + "@refs/tags/v2.1.0");
  for (const char* same :
       {"github.com/acme/app", "https://github.com/acme/app", "git+https://github.com/acme/app"})
    CHECK_FALSE(failure([&] { verify_certificate_source(identity, same); }));
  for (const char* other : {"github.com/acme/appA", "github.com/acme/ap", "Agithub.com/acme/app",
                            "github.com/Aacme/app", "gitlab.com/acme/app"})
    CHECK(failure([&] { verify_certificate_source(identity, other); }) ==
          Category::kMismatchSource);
}

TEST_CASE("signing workflows: trusted by default, named by --builder-id, delegators, at head") {
  std::optional<std::string> none;
  WorkflowIdentity go = workflow(std::string(kGoBuilder) + "@refs/tags/v2.1.0");
  SigningBuilder signer = verify_builder_identity(go, none, kArtifactWorkflows, false);
  CHECK(signer.id.to_string() == std::string(kGoBuilder) + "@refs/tags/v2.1.0");
  CHECK_FALSE(signer.delegator);
  // Trusted for artifacts, not for images.
  CHECK(failure([&] { verify_builder_identity(go, none, kImageWorkflows, false); }) ==
        Category::kUntrustedReusableWorkflow);
  CHECK(failure([&] {
          verify_builder_identity(go, std::string(kGoBuilder) + "@v2.0.0", kArtifactWorkflows,
                                  false);
        }) == Category::kUntrustedReusableWorkflow);
  // A workflow nobody trusts by default, named by the user.
  WorkflowIdentity own =
      workflow("https://github.com/acme/app/.github/workflows/b.yml@refs/tags/v1.0.0");
  CHECK(failure([&] { verify_builder_identity(own, none, kArtifactWorkflows, false); }) ==
        Category::kUntrustedReusableWorkflow);
  CHECK_FALSE(failure([&] {
    verify_builder_identity(own, std::string("https://github.com/acme/app/.github/workflows/b.yml"),
                            {}, false);
  }));
  // A delegator signs for the builder the user names; that is checked against the provenance.
  WorkflowIdentity delegator =
      workflow(std::string(builders::kLowPermsDelegator) + "@refs/tags/v2.1.0");
  CHECK(verify_builder_identity(delegator, std::string("https://github.com/x/y/b.yml"),
                                kArtifactWorkflows, false)
            .delegator);
  // Signed at refs/heads/main: only slsa-framework's own repositories, only in testing mode.
  WorkflowIdentity head =
      workflow(std::string(kGoBuilder) + "@refs/heads/main", "slsa-framework/example-package");
  CHECK(failure([&] { verify_builder_identity(head, none, kArtifactWorkflows, false); }) ==
        Category::kInvalidRef);
  CHECK_FALSE(failure([&] { verify_builder_identity(head, none, kArtifactWorkflows, true); }));
  WorkflowIdentity other_head = workflow(std::string(kGoBuilder) + "@refs/heads/main");
  CHECK(failure([&] { verify_builder_identity(other_head, none, kArtifactWorkflows, true); }) ==
        Category::kInvalidRef);
  WorkflowIdentity gitlab = go;
  gitlab.issuer = "https://gitlab.com";
  CHECK(failure([&] { verify_builder_identity(gitlab, none, kArtifactWorkflows, false); }) ==
        Category::kInvalidOidcIssuer);
}

TEST_CASE("provenance readers: branch and tag of a tag push, from the GitHub context") {
  attest::Statement statement;
  statement.type = attest::kStatementV01;
  statement.predicate_type = kSlsaProvenanceV02;
  statement.subjects = {{.name = "app", .uri = "", .digest = {{"sha256", std::string(64, 'a')}}}};
  std::string source = "git+https://github.com/acme/app@refs/tags/v1.2.3";
  statement.predicate = {
      {"builder", {{"id", std::string(kGoBuilder) + "@refs/tags/v2.1.0"}}},
      {"buildType", "https://github.com/slsa-framework/slsa-github-generator/go@v1"},
      {"invocation",
       {{"configSource", {{"uri", source}}},
        {"environment",
         {{"github_ref_type", "tag"},
          {"github_ref", "refs/tags/v1.2.3"},
          {"github_base_ref", ""},
          {"github_event_name", "push"},
          {"github_event_payload", {{"base_ref", "refs/heads/main"}}}}}}},
      {"materials", {{{"uri", source}}}}};
  std::unique_ptr<Provenance> provenance = read_provenance_of(statement, kGoBuilder);
  CHECK(provenance->tag_ref() == "refs/tags/v1.2.3");
  CHECK(provenance->branch_ref() == "refs/heads/main");
  CHECK(failure([&] { provenance->workflow_inputs(); }) == Category::kMismatchWorkflowInputs);

  Expectations expected{.source_uri = "github.com/acme/app",
                        .builder_id = std::nullopt,
                        .branch = "main",
                        .tag = "v1.2.3",
                        .versioned_tag = std::nullopt,
                        .workflow_inputs = {}};
  SubjectDigest digest{"app", crypto::DigestAlgorithm::kSha256, std::string(64, 'a')};
  CHECK_FALSE(failure([&] { check_provenance_claims(*provenance, expected, digest, true); }));
  expected.tag = "v1.2.4";
  CHECK(failure([&] { check_provenance_claims(*provenance, expected, digest, true); }) ==
        Category::kMismatchTag);
  expected.tag.reset();
  digest.hex = std::string(64, 'b');
  CHECK(failure([&] { check_provenance_claims(*provenance, expected, digest, true); }) ==
        Category::kMismatchHash);

  // The builder decides which build types are read; another builder's are refused.
  CHECK(failure([&] { read_provenance_of(statement, builders::kGenericGenerator); }) ==
        Category::kInvalidBuildType);
  CHECK(failure([&] { read_provenance_of(statement, "https://github.com/acme/b.yml"); }) ==
        Category::kInvalidBuilderId);
}
