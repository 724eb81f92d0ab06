// Packing an evidence bundle into a reproducible tar.gz, and checking one.
#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "hallmark/attest/sign.hpp"
#include "hallmark/crypto/digest.hpp"
#include "hallmark/evidence/evidence.hpp"
#include "hallmark/sigstore/verifier.hpp"
#include "hallmark/source/archive_reader.hpp"
#include "hallmark/source/image_writer.hpp"
#include "hallmark/util/error.hpp"

#include "subject_files.hpp"

namespace hallmark::evidence {
namespace {

using nlohmann::json;

// A bundle is read whole into memory to be checked; this bounds what a hostile one costs.
constexpr uint64_t kMaxBundleContent = 1ull << 30;

[[noreturn]] void changed(const std::string& path, const std::string& what) {
  throw Error(ErrorKind::kVerification, path, what);
}

// The statement the manifest signature signs: about the subjects, carrying the manifest.
attest::Statement manifest_statement(const json& manifest) {
  attest::Statement statement;
  statement.predicate_type = kPredicateType;
  statement.predicate = manifest;
  for (const json& subject : manifest.value("subjects", json::array())) {
    crypto::Digest digest = crypto::Digest::parse(subject.value("digest", ""));
    statement.subjects.push_back(
        {.name = subject.value("reference", ""),
         .uri = "",
         .digest = {{std::string(crypto::algorithm_name(digest.algorithm)), digest.hex}}});
  }
  return statement;
}

std::map<std::string, std::string> read_members(const std::string& path) {
  std::map<std::string, std::string> files;
  uint64_t total = 0;
  source::read_archive_file(path, [&](const source::Entry& entry, source::EntryContent& content) {
    if (entry.type == source::EntryType::kDirectory) return;
    if (entry.type != source::EntryType::kFile)
      throw_bad_input(path, entry.path + ": an evidence bundle holds only regular files");
    total += entry.size;
    if (entry.size > source::kMaxCapturedFileSize || total > kMaxBundleContent)
      throw_bad_input(path, entry.path + ": too large for an evidence bundle");
    if (!files.emplace(entry.path, content.read()).second)
      throw_bad_input(path, entry.path + ": appears twice");
  });
  return files;
}

// The manifest's shape, as far as checking relies on it (schemas/evidence.schema.json says it
// all): a damaged manifest is bad input, named, not a type error deep inside.
void check_shape(const json& manifest) {
  auto strings = [](const json& object, std::initializer_list<const char*> keys) {
    if (!object.is_object()) return false;
    for (const char* key : keys)
      if (!object.contains(key) || !object[key].is_string()) return false;
    return true;
  };
  bool good = manifest.is_object() && manifest.value("kind", "") == "Evidence" &&
              manifest.value("files", json()).is_array() &&
              manifest.value("subjects", json()).is_array() &&
              strings(manifest.value("policy", json()), {"path", "digest"}) &&
              strings(manifest, {"created"});
  if (good)
    for (const json& file : manifest["files"])
      good = good && strings(file, {"path", "sha256", "role"});
  if (good)
    for (const json& subject : manifest["subjects"]) {
      good = good && strings(subject, {"reference", "repository", "digest"}) &&
             subject.value("claims", json()).is_array() &&
             subject.value("unreadable", json()).is_array();
      if (good)
        for (const json& claim : subject["claims"])
          good = good && strings(claim, {"kind", "bundle", "origin"}) &&
                 (!claim.contains("payload") || claim["payload"].is_string());
    }
  if (!good)
    throw_bad_input(kManifestPath, "not an evidence manifest (schemas/evidence.schema.json)");
}

// Whether two verdicts say the same: the outcome and every check's name and result.
bool same_outcome(const policy::Verdict& a, const policy::Verdict& b) {
  if (a.allowed != b.allowed || a.rule != b.rule || a.checks.size() != b.checks.size())
    return false;
  for (size_t i = 0; i < a.checks.size(); ++i)
    if (a.checks[i].check != b.checks[i].check || a.checks[i].passed != b.checks[i].passed)
      return false;
  return true;
}

}  // namespace

std::string pack(const Evidence& evidence, const crypto::PrivateKey* key) {
  std::vector<std::pair<std::string, std::string>> members;
  for (const File& file : evidence.files)
    members.emplace_back(file.path, file.content);
  members.emplace_back(kManifestPath, evidence.manifest.dump(2) + "\n");
  if (key != nullptr)
    members.emplace_back(
        kManifestSignaturePath,
        attest::sign_statement(manifest_statement(evidence.manifest), *key).to_json());
  std::sort(members.begin(), members.end());
  return source::compress(source::tar_members(members, "evidence bundle"),
                          source::Compression::kGzip, "evidence bundle");
}

CheckResult check(const std::string& path, const std::optional<crypto::PublicKey>& key) {
  std::map<std::string, std::string> files = read_members(path);
  auto manifest_text = files.find(kManifestPath);
  if (manifest_text == files.end())
    throw_bad_input(path, "no manifest.json: not an evidence bundle");
  json manifest = json::parse(manifest_text->second, nullptr, false);
  check_shape(manifest);

  CheckResult result;
  // The signature first: everything after trusts the manifest.
  auto signature = files.find(kManifestSignaturePath);
  result.signed_manifest = signature != files.end();
  if (key && !result.signed_manifest)
    changed(kManifestPath,
            "the bundle is unsigned (made without --key), so it cannot be "
            "verified with a key");
  if (result.signed_manifest) {
    attest::Bundle bundle = attest::Bundle::parse(signature->second, kManifestSignaturePath);
    if (!bundle.envelope) throw_bad_input(kManifestSignaturePath, "not a DSSE attestation");
    attest::Statement statement =
        attest::Statement::parse(bundle.envelope->payload, kManifestSignaturePath);
    if (statement.predicate_type != kPredicateType || statement.predicate != manifest)
      changed(kManifestPath, "does not match the manifest its signature signs");
    if (key) {
      sigstore::VerifyOptions options;
      options.key = *key;
      options.predicate_type = kPredicateType;
      std::vector<sigstore::Artifact> subjects;
      for (const json& subject : manifest["subjects"])
        subjects.push_back(sigstore::Artifact::parse(subject.value("digest", "")));
      try {
        sigstore::verify_bundle(bundle, subjects, options, kManifestSignaturePath);
      } catch (const Error& error) {
        changed(kManifestSignaturePath,
                "the manifest's signature does not verify: " + error.message());
      }
      result.signature_checked = true;
    }
  }

  // Every file listed, unchanged; nothing else.
  std::set<std::string> listed = {kManifestPath, kManifestSignaturePath};
  for (const json& file : manifest["files"]) {
    std::string name = file.value("path", "");
    auto found = files.find(name);
    if (found == files.end()) changed(name, "listed in the manifest but missing");
    if (crypto::Digest::of(crypto::DigestAlgorithm::kSha256, found->second).hex !=
        file.value("sha256", ""))
      changed(name, "changed: its sha256 is not the manifest's");
    listed.insert(name);
    ++result.files;
  }
  for (const auto& [name, content] : files)
    if (!listed.count(name)) changed(name, "not listed in the manifest");

  auto member = [&](const std::string& name) -> const std::string& {
    auto found = files.find(name);
    if (found == files.end()) throw_bad_input(name, "missing from the evidence bundle");
    return found->second;
  };
  // The verdicts again, from the enclosed policy and claims, as of the recorded time.
  std::string policy_path = manifest.value("policy", json::object()).value("path", "");
  std::filesystem::path policy_folder = std::filesystem::path(policy_path).parent_path();
  policy::Policy policy =
      policy::Policy::parse(member(policy_path), policy_path, [&](const std::string& relative) {
        std::string inside = (policy_folder / relative).lexically_normal().generic_string();
        auto found = files.find(inside);
        if (found == files.end()) throw_bad_input(inside, "the policy names it; it is missing");
        return found->second;
      });
  std::optional<util::Clock::time_point> created =
      util::parse_rfc3339(manifest.value("created", ""));
  if (!created) throw_bad_input(kManifestPath, "\"created\" is not an RFC 3339 time");
  json recorded = json::parse(member(kVerdictsPath), nullptr, false);
  if (!recorded.is_array() || recorded.size() != manifest["subjects"].size())
    throw_bad_input(kVerdictsPath, "not one verdict per subject");
  for (size_t i = 0; i < recorded.size(); ++i) {
    policy::Verdict again =
        policy::evaluate(policy, read_subject(manifest["subjects"][i], files), *created);
    if (!same_outcome(again, policy::Verdict::from_json(recorded[i])))
      changed(kVerdictsPath, "subject " + again.image + ": evaluated again, the verdict is " +
                                 (again.allowed ? "allow" : "deny") + ", not what was recorded");
    result.verdicts.push_back(std::move(again));
  }
  return result;
}

}  // namespace hallmark::evidence
