#include "hallmark/policy/file_material.hpp"

#include <filesystem>

#include <nlohmann/json.hpp>

#include "hallmark/attest/statement.hpp"
#include "hallmark/crypto/digest.hpp"
#include "hallmark/util/encoding.hpp"
#include "hallmark/util/file.hpp"

namespace hallmark::policy {

ImageMaterial file_material(const std::string& path, const std::vector<std::string>& bundles) {
  ImageMaterial subject;
  subject.reference = subject.repository = std::filesystem::path(path).filename().string();
  crypto::Digest digest{
      crypto::DigestAlgorithm::kSha256,
      util::hex_encode(crypto::digest_file(crypto::DigestAlgorithm::kSha256, path))};
  subject.digest = digest.to_string();
  for (const std::string& bundle_path : bundles) {
    attest::Bundle bundle = attest::Bundle::parse(util::read_file(bundle_path), bundle_path);
    std::string origin = std::filesystem::path(bundle_path).filename().string();
    if (bundle.envelope) {
      attest::Statement statement = attest::Statement::parse(bundle.envelope->payload, bundle_path);
      if (statement.find_subject("sha256", digest.hex) == nullptr) continue;
      subject.claims.attestations.push_back({std::move(bundle), "", origin});
    } else if (bundle.message_signature) {
      subject.claims.signatures.push_back({std::move(bundle), "", origin});
    }
  }
  return subject;
}

std::string key_policy_document(const std::string& key_file,
                                const std::vector<std::string>& predicate_types) {
  using nlohmann::json;
  json rule = {{"name", "command line"},
               {"images", {"**"}},
               {"signatures", {{"anyOf", {{{"key", key_file}}}}}},
               {"attestations", json::array()}};
  for (const std::string& type : predicate_types)
    rule["attestations"].push_back({{"predicateType", type}, {"signedBy", {{"key", key_file}}}});
  json document = {{"apiVersion", "hallmark.dev/v1"},
                   {"kind", "Policy"},
                   {"defaultAction", "deny"},
                   {"keys", {{key_file, key_file}}},
                   {"rules", {rule}}};
  return document.dump(2) + "\n";
}

}  // namespace hallmark::policy
