// The admission policy: reading it (with the line of each mistake), matching rules, and every
// requirement kind evaluated both ways over signed material minted here.
#include <cstdlib>

#include <doctest/doctest.h>

#include "hallmark/attest/sign.hpp"
#include "hallmark/policy/evaluate.hpp"
#include "hallmark/policy/image_verdict.hpp"
#include "hallmark/util/encoding.hpp"
#include "hallmark/util/error.hpp"

#include "sigstore_fixture.hpp"

using namespace hallmark;
namespace fixture = hallmark::test::sigstore_fixture;

namespace {

const std::string kDigest = "sha256:" + std::string(64, 'a');
const std::string kOtherDigest = "sha256:" + std::string(64, 'b');

std::string simple_signing(const std::string& digest) {
  return nlohmann::json({{"critical",
                          {{"identity", {{"docker-reference", "registry.example.com/team/app"}}},
                           {"image", {{"docker-manifest-digest", digest}}},
                           {"type", "cosign container image signature"}}},
                         {"optional", nullptr}})
      .dump();
}

// A key-signed image signature (as `hallmark-sign image` stores it): a message signature over
// the simple-signing payload.
attest::ImageClaim key_signature(const crypto::PrivateKey& key, const std::string& digest) {
  std::string payload = simple_signing(digest);
  attest::Bundle bundle;
  bundle.public_key_hint = key.public_key().key_id();
  bundle.message_signature = attest::MessageSignature{
      crypto::DigestAlgorithm::kSha256, crypto::digest(crypto::DigestAlgorithm::kSha256, payload),
      key.sign(payload)};
  return {bundle, payload, "signature"};
}

attest::ImageClaim key_attestation(const crypto::PrivateKey& key, const std::string& type,
                                   const std::string& digest,
                                   nlohmann::json predicate = nlohmann::json::object()) {
  attest::Statement statement;
  statement.predicate_type = type;
  statement.predicate = std::move(predicate);
  statement.subjects.push_back({.name = "registry.example.com/team/app",
                                .uri = "",
                                .digest = {{"sha256", digest.substr(7)}}});
  return {attest::sign_statement(statement, key), "", "attestation"};
}

// A keyless signature over the simple-signing payload, minted by the test Fulcio and Rekor.
fixture::Minted keyless_signature(const std::string& digest) {
  fixture::BundleBuilder builder;
  builder.artifact = simple_signing(digest);
  return builder.build();
}

struct Setup {
  crypto::PrivateKey release = crypto::PrivateKey::generate({crypto::KeyType::kEcdsaP256, 0});
  crypto::PrivateKey other = crypto::PrivateKey::generate({crypto::KeyType::kEcdsaP256, 0});
  fixture::Minted minted = keyless_signature(kDigest);
  policy::Policy policy;

  explicit Setup(const std::string& rules) {
    policy = policy::Policy::parse(R"({"apiVersion": "hallmark.dev/v1", "kind": "Policy",
        "keys": {"release": "release.pub", "other": "other.pub"},
        "trustedRoots": {"test": "trusted_root.json"}, "rules": )" +
                                       rules + "}",
                                   "policy.json");
    policy.keys.emplace("release", release.public_key());
    policy.keys.emplace("other", other.public_key());
    policy.trusted_roots.emplace("test",
                                 sigstore::TrustedRoot::parse(minted.trusted_root.dump(), "root"));
  }

  policy::ImageMaterial image() const {
    return {"registry.example.com/team/app:1.0", "registry.example.com/team/app", kDigest, {}};
  }
  attest::ImageClaim keyless() const {
    return {attest::Bundle::parse(minted.bundle.dump(), "bundle"), minted.artifact,
            "keyless signature"};
  }
};

bool passed(const policy::Verdict& verdict, size_t index) {
  REQUIRE(verdict.checks.size() > index);
  return verdict.checks[index].passed;
}

}  // namespace

TEST_CASE("policy: read from JSON or YAML, mistakes reported with their line") {
  std::string yaml =
      "apiVersion: hallmark.dev/v1\n"
      "kind: Policy\n"
      "keys: {release: release.pub}\n"
      "rules:\n"
      "  - name: team\n"
      "    images: [\"registry.example.com/team/**\"]\n"
      "    mode: warn\n"
      "    maxSignatureAge: 1h30m\n"
      "    signatures: {allOf: [{key: release}]}\n";
  policy::Policy parsed = policy::Policy::parse(yaml, "p.yaml");
  REQUIRE(parsed.rules.size() == 1);
  CHECK(parsed.rules[0].warn);
  CHECK(parsed.rules[0].all_signers);
  CHECK(parsed.rules[0].max_signature_age == std::chrono::seconds(5400));
  CHECK_FALSE(parsed.default_allow);
  CHECK(parsed.digest.starts_with("sha256:"));

  auto mistake = [](const std::string& text) {
    try {
      policy::Policy::parse(text, "p.yaml");
    } catch (const Error& error) {
      CHECK(error.kind() == ErrorKind::kBadInput);
      return std::string(error.what());
    }
    FAIL("accepted: " << text);
    return std::string();
  };
  std::string head = "apiVersion: hallmark.dev/v1\nkind: Policy\nkeys: {release: r.pub}\nrules:\n";
  CHECK(mistake(head + "  - name: x\n    images: [a]\n    mode: enfore\n") ==
        "p.yaml:7: rules[0].mode: \"enfore\" is not enforce or warn");
  CHECK(mistake(head + "  - name: x\n    images: [a]\n    colour: red\n") ==
        "p.yaml:7: rules[0]: unknown field \"colour\"");
  CHECK(
      mistake(head + "  - name: x\n    images: [a]\n    signatures: {anyOf: [{key: nobody}]}\n") ==
      "p.yaml: rule \"x\": key \"nobody\" is not in keys");
  CHECK(mistake(head + "  - name: x\n    images: [a]\n    maxSignatureAge: soon\n") ==
        "p.yaml:7: rules[0].maxSignatureAge: is not a duration such as \"720h\" or \"1h30m\"");
  CHECK(mistake("apiVersion: hallmark.dev/v2\nkind: Policy\nrules: []\n")
            .starts_with("p.yaml:1: apiVersion"));
  CHECK(mistake("{ \"apiVersion\": ").starts_with("p.yaml:"));
  CHECK(mistake(head + "  - name: x\n    images: [a]\n    signatures: {anyOf: [{keyless: "
                       "{trustedRoot: t, identity: i}}]}\n")
            .find("needs exactly one of issuer and issuerRegexp") != std::string::npos);
}

TEST_CASE("policy: the first matching rule decides; no match is the default action") {
  Setup setup(R"([{"name": "team", "images": ["registry.example.com/team/*"]},
                  {"name": "all", "images": ["**"]}])");
  CHECK(setup.policy.match("registry.example.com/team/app")->name == "team");
  CHECK(setup.policy.match("registry.example.com/team/app/sub")->name == "all");
  policy::Policy no_rules = policy::Policy::parse(
      R"({"apiVersion": "hallmark.dev/v1", "kind": "Policy", "defaultAction": "allow", "rules": []})",
      "p");
  policy::Verdict verdict = policy::evaluate(no_rules, setup.image());
  CHECK(verdict.allowed);
  CHECK(verdict.mode == "default");
  no_rules.default_allow = false;
  CHECK_FALSE(policy::evaluate(no_rules, setup.image()).allowed);
}

TEST_CASE("policy: key signatures, for this digest, by the right key") {
  Setup setup(R"([{"name": "team", "images": ["registry.example.com/**"],
                   "signatures": {"anyOf": [{"key": "release"}]}}])");
  policy::ImageMaterial image = setup.image();
  policy::Verdict unsigned_verdict = policy::evaluate(setup.policy, image);
  CHECK_FALSE(unsigned_verdict.allowed);
  CHECK(unsigned_verdict.checks[0].reason == "no signature found for " + kDigest);

  image.claims.signatures = {key_signature(setup.release, kDigest)};
  policy::Verdict verdict = policy::evaluate(setup.policy, image);
  CHECK(verdict.allowed);
  CHECK(verdict.rule == "team");
  CHECK(verdict.mode == "enforce");
  CHECK(verdict.policy_digest == setup.policy.digest);

  image.claims.signatures = {key_signature(setup.release, kOtherDigest)};
  verdict = policy::evaluate(setup.policy, image);
  CHECK_FALSE(verdict.allowed);
  CHECK(verdict.checks[0].reason.find("the signature is for " + kOtherDigest) != std::string::npos);

  image.claims.signatures = {key_signature(setup.other, kDigest)};
  CHECK_FALSE(policy::evaluate(setup.policy, image).allowed);
}

TEST_CASE("policy: a signature as a statement (a bundle referrer) names the image as subject") {
  Setup setup(R"([{"name": "team", "images": ["registry.example.com/**"],
                   "signatures": {"anyOf": [{"key": "release"}]}}])");
  policy::ImageMaterial image = setup.image();
  image.claims.signatures = {
      key_attestation(setup.release, "https://sigstore.dev/cosign/sign/v1", kDigest)};
  CHECK(policy::evaluate(setup.policy, image).allowed);

  image.claims.signatures = {
      key_attestation(setup.release, "https://sigstore.dev/cosign/sign/v1", kOtherDigest)};
  CHECK_FALSE(policy::evaluate(setup.policy, image).allowed);
  // Any other statement is an attestation, not a signature.
  image.claims.signatures = {
      key_attestation(setup.release, "https://slsa.dev/provenance/v1", kDigest)};
  CHECK_FALSE(policy::evaluate(setup.policy, image).allowed);
  // Unreadable claims prove nothing but are named.
  image.claims.signatures.clear();
  image.claims.unreadable = {"tag sha256-aa.sig layer 0: not base64"};
  CHECK(policy::evaluate(setup.policy, image).checks[0].reason ==
        "no signature found for " + kDigest +
            " (unreadable: tag sha256-aa.sig layer 0: not base64)");
}

TEST_CASE("policy: anyOf needs one signer, allOf every signer") {
  std::string signers = R"([{"key": "release"}, {"key": "other"}])";
  Setup any(R"([{"name": "r", "images": ["**"], "signatures": {"anyOf": )" + signers + "}}]");
  Setup all(R"([{"name": "r", "images": ["**"], "signatures": {"allOf": )" + signers + "}}]");
  policy::ImageMaterial image = any.image();
  image.claims.signatures = {key_signature(any.release, kDigest)};
  policy::Verdict one = policy::evaluate(any.policy, image);
  CHECK(one.allowed);
  CHECK(passed(one, 0));
  CHECK_FALSE(passed(one, 1));
  // The same keys in the allOf setup: sign with both of its keys, then with one.
  image.claims.signatures = {key_signature(all.release, kDigest),
                             key_signature(all.other, kDigest)};
  CHECK(policy::evaluate(all.policy, image).allowed);
  image.claims.signatures.pop_back();
  CHECK_FALSE(policy::evaluate(all.policy, image).allowed);
}

TEST_CASE("policy: keyless signers, by identity and issuer under a trusted root") {
  auto rule = [](const std::string& identity) {
    return R"([{"name": "r", "images": ["**"], "signatures": {"anyOf": [{"keyless":
      {"trustedRoot": "test", )" +
           identity + R"(, "issuer": "https://token.actions.githubusercontent.com"}}]}}])";
  };
  Setup exact(rule(std::string(R"("identity": ")") + fixture::kIdentity + "\""));
  policy::ImageMaterial image = exact.image();
  image.claims.signatures = {exact.keyless()};
  CHECK(policy::evaluate(exact.policy, image).allowed);

  Setup regex(rule(
      R"("identityRegexp": "https://github.com/acme/[^/]+/.github/workflows/release.yml@refs/tags/v.*")"));
  image.claims.signatures = {regex.keyless()};
  CHECK(policy::evaluate(regex.policy, image).allowed);

  Setup wrong(rule(
      R"("identity": "https://github.com/evil/app/.github/workflows/release.yml@refs/tags/v1.0.0")"));
  image.claims.signatures = {wrong.keyless()};
  policy::Verdict verdict = policy::evaluate(wrong.policy, image);
  CHECK_FALSE(verdict.allowed);
  CHECK(verdict.checks[0].reason.find("identity") != std::string::npos);
}

TEST_CASE("policy: maxSignatureAge, from the trusted signing time") {
  Setup setup(R"([{"name": "r", "images": ["**"], "maxSignatureAge": "2h", "signatures": {"anyOf": [
      {"keyless": {"trustedRoot": "test", "identityRegexp": ".*", "issuerRegexp": ".*"}}, {"key": "release"}]}}])");
  policy::ImageMaterial image = setup.image();
  image.claims.signatures = {setup.keyless()};
  setenv("SOURCE_DATE_EPOCH", std::to_string(fixture::kSigningTime + 3600).c_str(), 1);
  CHECK(policy::evaluate(setup.policy, image).allowed);
  setenv("SOURCE_DATE_EPOCH", std::to_string(fixture::kSigningTime + 3 * 3600).c_str(), 1);
  policy::Verdict old = policy::evaluate(setup.policy, image);
  CHECK_FALSE(old.allowed);
  CHECK(old.checks[0].reason.find("older than maxSignatureAge") != std::string::npos);
  // A key signature with no log entry or timestamp has no trusted time at all.
  image.claims.signatures = {key_signature(setup.release, kDigest)};
  CHECK(policy::evaluate(setup.policy, image).checks[1].reason.find("no trusted time") !=
        std::string::npos);
  unsetenv("SOURCE_DATE_EPOCH");
}

TEST_CASE("policy: attestations, by predicate type, signer and provenance expectations") {
  Setup setup(R"([{"name": "r", "images": ["**"], "attestations": [
      {"predicateType": "https://slsa.dev/provenance/v1", "signedBy": {"key": "release"},
       "provenance": {"builderId": "https://github.com/acme/ci/.github/workflows/build.yml@refs/tags/v*",
                      "sourceUri": "github.com/acme/*", "sourceRef": "refs/tags/v*"}},
      {"predicateType": "https://cyclonedx.org/bom", "signedBy": {"key": "release"}}]}])");
  nlohmann::json provenance = {
      {"buildDefinition",
       {{"buildType", "https://actions.github.io/buildtypes/workflow/v1"},
        {"externalParameters",
         {{"workflow",
           {{"ref", "refs/tags/v1.2.3"},
            {"repository", "https://github.com/acme/app"},
            {"path", "x"}}}}}}},
      {"runDetails",
       {{"builder",
         {{"id", "https://github.com/acme/ci/.github/workflows/build.yml@refs/tags/v2"}}}}}};
  policy::ImageMaterial image = setup.image();
  image.claims.attestations = {
      key_attestation(setup.release, "https://slsa.dev/provenance/v1", kDigest, provenance),
      key_attestation(setup.release, "https://cyclonedx.org/bom", kDigest)};
  policy::Verdict verdict = policy::evaluate(setup.policy, image);
  CHECK(verdict.allowed);
  CHECK(passed(verdict, 0));
  CHECK(passed(verdict, 1));

  // Built from a branch: the ref expectation fails and names both values.
  provenance["buildDefinition"]["externalParameters"]["workflow"]["ref"] = "refs/heads/main";
  image.claims.attestations[0] =
      key_attestation(setup.release, "https://slsa.dev/provenance/v1", kDigest, provenance);
  verdict = policy::evaluate(setup.policy, image);
  CHECK_FALSE(verdict.allowed);
  CHECK(verdict.checks[0].reason.find(
            "provenance ref \"refs/heads/main\" does not match \"refs/tags/v*\"") !=
        std::string::npos);
  // An attestation about another image, or signed by another key, or missing.
  image.claims.attestations = {
      key_attestation(setup.release, "https://cyclonedx.org/bom", kOtherDigest)};
  CHECK_FALSE(passed(policy::evaluate(setup.policy, image), 1));
  image.claims.attestations = {key_attestation(setup.other, "https://cyclonedx.org/bom", kDigest)};
  CHECK_FALSE(passed(policy::evaluate(setup.policy, image), 1));
  image.claims.attestations.clear();
  CHECK(policy::evaluate(setup.policy, image).checks[1].reason ==
        "no such attestation found for " + kDigest);
}

TEST_CASE(
    "policy: warn mode allows and reports; unreachable registries fail closed unless ignored") {
  Setup warn(
      R"([{"name": "w", "images": ["**"], "mode": "warn", "signatures": {"anyOf": [{"key": "release"}]}}])");
  policy::Verdict verdict = policy::evaluate(warn.policy, warn.image());
  CHECK(verdict.allowed);
  CHECK(verdict.mode == "warn");
  CHECK_FALSE(verdict.checks[0].passed);

  Setup fail(R"([{"name": "f", "images": ["**"], "signatures": {"anyOf": [{"key": "release"}]}}])");
  CHECK_FALSE(
      policy::evaluate_unreachable(fail.policy, "r/app:1", "r/app", "registry r: down").allowed);
  Setup ignore(
      R"([{"name": "i", "images": ["**"], "failurePolicy": "ignore", "signatures": {"anyOf": [{"key": "release"}]}}])");
  policy::Verdict ignored =
      policy::evaluate_unreachable(ignore.policy, "r/app:1", "r/app", "registry r: down");
  CHECK(ignored.allowed);
  CHECK(ignored.checks[0].reason == "registry r: down (failurePolicy: ignore)");

  // The verdict round-trips through its JSON (the decision log).
  nlohmann::json json = verdict.to_json();
  CHECK(policy::Verdict::from_json(json).to_json() == json);
  for (const char* key :
       {"time", "image", "digest", "rule", "mode", "allowed", "checks", "policyDigest"})
    CHECK(json.contains(key));
}

TEST_CASE("policy: a verdict fetches only the claims its rule asks for") {
  Setup setup(R"([{"name": "signed", "images": ["registry.example.com/signed/**"],
                   "signatures": {"anyOf": [{"key": "release"}]}},
                  {"name": "attested", "images": ["registry.example.com/attested/**"],
                   "attestations": [{"predicateType": "https://cyclonedx.org/bom",
                                     "signedBy": {"key": "release"}}]}])");
  attest::ClaimKinds signed_kinds =
      policy::claims_needed(setup.policy, "registry.example.com/signed/app");
  CHECK(signed_kinds.signatures);
  CHECK_FALSE(signed_kinds.attestations);
  attest::ClaimKinds attested_kinds =
      policy::claims_needed(setup.policy, "registry.example.com/attested/app");
  CHECK_FALSE(attested_kinds.signatures);
  CHECK(attested_kinds.attestations);
  // No rule: the default action decides, from no claim at all.
  attest::ClaimKinds none = policy::claims_needed(setup.policy, "elsewhere.example/app");
  CHECK_FALSE(none.signatures);
  CHECK_FALSE(none.attestations);
}
