#include "hallmark/policy/evaluate.hpp"

#include <algorithm>

#include "hallmark/attest/cosign.hpp"
#include "hallmark/sigstore/verifier.hpp"
#include "hallmark/util/error.hpp"
#include "hallmark/util/glob.hpp"
#include "hallmark/util/time.hpp"

namespace hallmark::policy {
namespace {

using nlohmann::json;

sigstore::VerifyOptions options_for(const Policy& policy, const Signer& signer) {
  sigstore::VerifyOptions options;
  // A key signer may name a trusted root too: then its log entries and timestamps are checked.
  if (!signer.trusted_root.empty())
    options.trusted_root = &policy.trusted_roots.at(signer.trusted_root);
  if (!signer.key.empty())
    options.key = policy.keys.at(signer.key);
  else
    options.identity = signer.identity;
  return options;
}

// What could not be read, said when nothing usable was found: it may be why.
std::string unreadable_note(const ImageMaterial& image) {
  if (image.claims.unreadable.empty()) return "";
  return " (unreadable: " + image.claims.unreadable.front() +
         (image.claims.unreadable.size() > 1
              ? " and " + std::to_string(image.claims.unreadable.size() - 1) + " more"
              : "") +
         ")";
}

// One signer against every signature found: passes when one of them verifies, names this image's
// digest, and is young enough.
Check check_signer(const Policy& policy, const Rule& rule, const Signer& signer,
                   const ImageMaterial& image, util::Clock::time_point at) {
  Check check{"signature by " + signer.describe(), false, ""};
  if (image.claims.signatures.empty()) {
    check.reason = "no signature found for " + image.digest + unreadable_note(image);
    return check;
  }
  for (const attest::ImageClaim& claim : image.claims.signatures) {
    try {
      sigstore::VerifyOptions options = options_for(policy, signer);
      sigstore::VerificationResult result;
      if (claim.bundle.envelope) {
        // A statement about the image: the verifier checks that the digest is its subject.
        options.predicate_type = attest::cosign::kSignaturePredicateType;
        result = sigstore::verify_bundle(claim.bundle, {sigstore::Artifact::parse(image.digest)},
                                         options, claim.origin);
      } else if (claim.payload.empty()) {
        // A signature over the subject itself (a file): its digest is the subject's digest.
        result = sigstore::verify_bundle(claim.bundle, {sigstore::Artifact::parse(image.digest)},
                                         options, claim.origin);
      } else {
        result = sigstore::verify_bundle(
            claim.bundle, {sigstore::Artifact::from_content("signature payload", claim.payload)},
            options, claim.origin);
        std::string digest = attest::cosign::signed_image_digest(claim.payload);
        if (digest != image.digest) {
          check.reason = claim.origin + ": the signature is for " +
                         (digest.empty() ? "no image" : digest) + ", not " + image.digest;
          continue;
        }
      }
      if (rule.max_signature_age) {
        if (result.times.empty()) {
          check.reason = claim.origin + ": no trusted time says when it was signed";
          continue;
        }
        util::Clock::time_point signed_at =
            std::min_element(result.times.begin(), result.times.end(), [](auto& a, auto& b) {
              return a.time < b.time;
            })->time;
        if (at - signed_at > *rule.max_signature_age) {
          check.reason = claim.origin + ": signed " + util::format_rfc3339(signed_at) +
                         ", older than maxSignatureAge";
          continue;
        }
      }
      check.passed = true;
      check.reason = claim.origin + ": verified, signed by " + result.signer;
      return check;
    } catch (const Error& error) {
      check.reason = error.what();
    }
  }
  return check;
}

std::string normalized_source(std::string uri) {
  if (uri.starts_with("git+")) uri.erase(0, 4);
  if (size_t scheme = uri.find("://"); scheme != std::string::npos) uri.erase(0, scheme + 3);
  if (size_t at = uri.find('@'); at != std::string::npos) uri.resize(at);
  if (uri.ends_with(".git")) uri.resize(uri.size() - 4);
  return uri;
}

std::string ref_of(const std::string& uri) {
  size_t at = uri.rfind('@');
  return at == std::string::npos ? "" : uri.substr(at + 1);
}

// The predicate type an attestation declares, read before verifying it only to choose which
// attestations a requirement concerns (so that the reason reported is about those); the
// verification that follows still checks it.
std::string declared_predicate_type(const attest::ImageClaim& claim) {
  if (!claim.bundle.envelope) return "";
  json statement = json::parse(claim.bundle.envelope->payload, nullptr, false);
  return statement.is_object() ? statement.value("predicateType", "") : "";
}

Check check_attestation(const Policy& policy, const AttestationRequirement& requirement,
                        const ImageMaterial& image) {
  Check check{
      "attestation " + requirement.predicate_type + " by " + requirement.signed_by.describe(),
      false, "no such attestation found for " + image.digest + unreadable_note(image)};
  for (const attest::ImageClaim& claim : image.claims.attestations) {
    std::string declared = declared_predicate_type(claim);
    if (!declared.empty() && declared != requirement.predicate_type) continue;
    try {
      sigstore::VerifyOptions options = options_for(policy, requirement.signed_by);
      options.predicate_type = requirement.predicate_type;
      sigstore::VerificationResult result = sigstore::verify_bundle(
          claim.bundle, {sigstore::Artifact::parse(image.digest)}, options, claim.origin);
      if (requirement.provenance) {
        ProvenanceFacts facts =
            provenance_facts(result.statement->predicate, result.statement->predicate_type);
        const ProvenanceExpectations& expected = *requirement.provenance;
        auto mismatch = [&](const char* what, const std::string& glob, const std::string& value) {
          if (glob.empty() || util::glob_match(glob, value)) return false;
          check.reason = claim.origin + ": provenance " + what + " \"" + value +
                         "\" does not match \"" + glob + "\"";
          return true;
        };
        if (mismatch("builder id", expected.builder_id, facts.builder_id) ||
            mismatch("source", expected.source_uri, facts.source_uri) ||
            mismatch("ref", expected.source_ref, facts.source_ref))
          continue;
      }
      check.passed = true;
      check.reason = claim.origin + ": verified, signed by " + result.signer;
      return check;
    } catch (const Error& error) {
      check.reason = error.what();
    }
  }
  return check;
}

Verdict base_verdict(const Policy& policy, util::Clock::time_point at, const std::string& reference,
                     const std::string& digest) {
  Verdict verdict;
  verdict.time = util::format_rfc3339(at);
  verdict.image = reference;
  verdict.digest = digest;
  verdict.policy_digest = policy.digest;
  return verdict;
}

}  // namespace

ProvenanceFacts provenance_facts(const json& predicate, const std::string& predicate_type) {
  ProvenanceFacts facts;
  if (!predicate.is_object()) return facts;
  auto at = [](const json& value, std::initializer_list<const char*> path) -> std::string {
    const json* current = &value;
    for (const char* key : path) {
      if (!current->is_object() || !current->contains(key)) return "";
      current = &(*current)[key];
    }
    return current->is_string() ? current->get<std::string>() : "";
  };
  if (predicate_type == "https://slsa.dev/provenance/v1") {
    facts.builder_id = at(predicate, {"runDetails", "builder", "id"});
    std::string repository =
        at(predicate, {"buildDefinition", "externalParameters", "workflow", "repository"});
    facts.source_ref = at(predicate, {"buildDefinition", "externalParameters", "workflow", "ref"});
    const json& dependencies = predicate.value("buildDefinition", json::object())
                                   .value("resolvedDependencies", json::array());
    std::string first =
        dependencies.is_array() && !dependencies.empty() && dependencies[0].is_object()
            ? dependencies[0].value("uri", "")
            : "";
    facts.source_uri = normalized_source(repository.empty() ? first : repository);
    if (facts.source_ref.empty()) facts.source_ref = ref_of(first);
    if (facts.source_ref.empty())
      facts.source_ref = at(predicate, {"buildDefinition", "externalParameters", "ref"});
  } else {  // v0.2
    facts.builder_id = at(predicate, {"builder", "id"});
    std::string config = at(predicate, {"invocation", "configSource", "uri"});
    facts.source_uri = normalized_source(config);
    facts.source_ref = ref_of(config);
  }
  return facts;
}

json Verdict::to_json() const {
  json check_list = json::array();
  for (const Check& check : checks)
    check_list.push_back(
        {{"check", check.check}, {"passed", check.passed}, {"reason", check.reason}});
  return {{"time", time},         {"image", image},
          {"digest", digest},     {"rule", rule},
          {"mode", mode},         {"allowed", allowed},
          {"checks", check_list}, {"policyDigest", policy_digest}};
}

Verdict Verdict::from_json(const json& object) {
  Verdict verdict;
  verdict.time = object.value("time", "");
  verdict.image = object.value("image", "");
  verdict.digest = object.value("digest", "");
  verdict.rule = object.value("rule", "");
  verdict.mode = object.value("mode", "");
  verdict.allowed = object.value("allowed", false);
  verdict.policy_digest = object.value("policyDigest", "");
  for (const json& check : object.value("checks", json::array()))
    if (check.is_object())
      verdict.checks.push_back(
          {check.value("check", ""), check.value("passed", false), check.value("reason", "")});
  return verdict;
}

Verdict evaluate(const Policy& policy, const ImageMaterial& image, util::Clock::time_point at) {
  Verdict verdict = base_verdict(policy, at, image.reference, image.digest);
  const Rule* rule = policy.match(image.repository);
  if (rule == nullptr) {
    verdict.mode = "default";
    verdict.allowed = policy.default_allow;
    verdict.checks.push_back({"rule", policy.default_allow,
                              "no rule matches " + image.repository + ": defaultAction " +
                                  (policy.default_allow ? "allow" : "deny")});
    return verdict;
  }
  verdict.rule = rule->name;
  verdict.mode = rule->warn ? "warn" : "enforce";
  bool passed = true;
  if (!rule->signers.empty()) {
    std::vector<Check> signer_checks;
    for (const Signer& signer : rule->signers)
      signer_checks.push_back(check_signer(policy, *rule, signer, image, at));
    auto ok = [](const Check& check) { return check.passed; };
    bool signatures_pass = rule->all_signers
                               ? std::all_of(signer_checks.begin(), signer_checks.end(), ok)
                               : std::any_of(signer_checks.begin(), signer_checks.end(), ok);
    passed = passed && signatures_pass;
    for (Check& check : signer_checks)
      verdict.checks.push_back(std::move(check));
  }
  for (const AttestationRequirement& requirement : rule->attestations) {
    Check check = check_attestation(policy, requirement, image);
    passed = passed && check.passed;
    verdict.checks.push_back(std::move(check));
  }
  // Warn mode lets the image through and records what failed.
  verdict.allowed = passed || rule->warn;
  return verdict;
}

Verdict evaluate_unreachable(const Policy& policy, const std::string& reference,
                             const std::string& repository, const std::string& reason) {
  Verdict verdict = base_verdict(policy, util::now(), reference, "");
  const Rule* rule = policy.match(repository);
  verdict.rule = rule != nullptr ? rule->name : "";
  verdict.mode = rule == nullptr ? "default" : rule->warn ? "warn" : "enforce";
  bool ignore = rule != nullptr && rule->ignore_unreachable;
  verdict.allowed = rule == nullptr ? policy.default_allow : ignore;
  verdict.checks.push_back(
      {"registry", false, reason + (ignore ? " (failurePolicy: ignore)" : " (fail closed)")});
  return verdict;
}

}  // namespace hallmark::policy
