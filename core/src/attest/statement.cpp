#include "hallmark/attest/statement.hpp"

#include "hallmark/util/error.hpp"

namespace hallmark::attest {

using nlohmann::json;

json ResourceDescriptor::to_json() const {
  json descriptor = json::object();
  if (!name.empty()) descriptor["name"] = name;
  if (!uri.empty()) descriptor["uri"] = uri;
  if (!digest.empty()) descriptor["digest"] = digest;
  return descriptor;
}

ResourceDescriptor ResourceDescriptor::from_json(const json& object) {
  ResourceDescriptor descriptor;
  if (!object.is_object()) return descriptor;
  descriptor.name = object.value("name", "");
  descriptor.uri = object.value("uri", "");
  if (auto digests = object.find("digest"); digests != object.end() && digests->is_object())
    for (const auto& [algorithm, hex] : digests->items())
      if (hex.is_string()) descriptor.digest[algorithm] = hex.get<std::string>();
  return descriptor;
}

std::string Statement::to_payload() const {
  json subject_list = json::array();
  for (const ResourceDescriptor& subject : subjects) {
    // Subjects always carry a name, even an empty one, as the in-toto spec's examples do.
    json item = subject.to_json();
    item["name"] = subject.name;
    subject_list.push_back(item);
  }
  json statement = {{"_type", type},
                    {"subject", subject_list},
                    {"predicateType", predicate_type},
                    {"predicate", predicate}};
  return statement.dump();
}

Statement Statement::parse(std::string_view payload, const std::string& subject) {
  json document = json::parse(payload, nullptr, false);
  if (!document.is_object()) throw_bad_input(subject, "the payload is not a JSON object");
  Statement statement;
  statement.type = document.value("_type", "");
  if (statement.type != kStatementV1 && statement.type != kStatementV01)
    throw_bad_input(subject,
                    "the payload is not an in-toto Statement (_type \"" + statement.type + "\")");
  // Real statements with an empty predicateType exist (older slsa-github-generator runs); a
  // verifier that requires a type checks it against --type.
  statement.predicate_type = document.value("predicateType", "");
  if (auto predicate = document.find("predicate"); predicate != document.end())
    statement.predicate = *predicate;
  auto subjects = document.find("subject");
  if (subjects == document.end() || !subjects->is_array() || subjects->empty())
    throw_bad_input(subject, "the statement has no subjects");
  for (const json& item : *subjects) {
    if (!item.is_object()) throw_bad_input(subject, "a statement subject is not an object");
    statement.subjects.push_back(ResourceDescriptor::from_json(item));
  }
  return statement;
}

const ResourceDescriptor* Statement::find_subject(std::string_view algorithm,
                                                  std::string_view hex) const {
  for (const ResourceDescriptor& subject : subjects) {
    auto digest = subject.digest.find(std::string(algorithm));
    if (digest != subject.digest.end() && digest->second == hex) return &subject;
  }
  return nullptr;
}

std::string resolve_predicate_type(std::string_view type) {
  static constexpr std::pair<std::string_view, std::string_view> kShortcuts[] = {
      {"slsaprovenance", "https://slsa.dev/provenance/v0.2"},
      {"slsaprovenance02", "https://slsa.dev/provenance/v0.2"},
      {"slsaprovenance1", "https://slsa.dev/provenance/v1"},
      {"link", "https://in-toto.io/Link/v1"},
      {"spdx", "https://spdx.dev/Document"},
      {"spdxjson", "https://spdx.dev/Document"},
      {"cyclonedx", "https://cyclonedx.org/bom"},
      {"vuln", "https://cosign.sigstore.dev/attestation/vuln/v1"},
      {"openvex", "https://openvex.dev/ns"},
      {"custom", "https://cosign.sigstore.dev/attestation/v1"},
  };
  for (const auto& [shortcut, uri] : kShortcuts)
    if (type == shortcut) return std::string(uri);
  if (type.find("://") != std::string_view::npos) return std::string(type);
  throw_usage_error(
      "unknown predicate type \"" + std::string(type) +
      "\" (slsaprovenance1, cyclonedx, spdxjson, openvex, vuln, link, custom, or a URI)");
}

}  // namespace hallmark::attest
