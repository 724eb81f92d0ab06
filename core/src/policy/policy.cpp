// Reading a policy: yaml-cpp parses both JSON and YAML and keeps the line of every node, so each
// mistake is reported where it is. The checks mirror schemas/policy.schema.json.
#include "hallmark/policy/policy.hpp"

#include <filesystem>

#include <yaml-cpp/yaml.h>

#include "hallmark/util/error.hpp"
#include "hallmark/util/file.hpp"
#include "hallmark/util/glob.hpp"

namespace hallmark::policy {
namespace {

class Reader {
 public:
  explicit Reader(const std::string& path) : path_(path) {}

  [[noreturn]] void fail(const YAML::Node& node, const std::string& where,
                         const std::string& what) const {
    std::string line = node.Mark().line >= 0 ? ":" + std::to_string(node.Mark().line + 1) : "";
    throw_bad_input(path_ + line, where + ": " + what);
  }

  void only_keys(const YAML::Node& node, const std::string& where,
                 std::initializer_list<std::string_view> allowed) const {
    if (!node.IsMap()) fail(node, where, "must be a mapping");
    for (const auto& item : node) {
      std::string key = item.first.as<std::string>();
      bool known = false;
      for (std::string_view name : allowed)
        known = known || key == name;
      if (!known) fail(item.first, where, "unknown field \"" + key + "\"");
    }
  }

  std::string text(const YAML::Node& node, const std::string& where, bool required = true) const {
    if (!node) {
      if (required) fail(node, where, "is required");
      return "";
    }
    if (!node.IsScalar() || node.Scalar().empty()) fail(node, where, "must be a non-empty string");
    return node.Scalar();
  }

  std::string choice(const YAML::Node& node, const std::string& where,
                     std::initializer_list<std::string_view> values, std::string fallback) const {
    if (!node) return fallback;
    std::string value = text(node, where);
    for (std::string_view allowed : values)
      if (value == allowed) return value;
    std::string list;
    for (std::string_view allowed : values)
      list += (list.empty() ? "" : " or ") + std::string(allowed);
    fail(node, where, "\"" + value + "\" is not " + list);
  }

  Signer signer(const YAML::Node& node, const std::string& where) const {
    only_keys(node, where, {"key", "keyless"});
    if (node.size() != 1) fail(node, where, "needs exactly one of key and keyless");
    Signer parsed;
    if (node["key"]) {
      parsed.key = text(node["key"], where + ".key");
      return parsed;
    }
    const YAML::Node keyless = node["keyless"];
    std::string at = where + ".keyless";
    only_keys(keyless, at, {"trustedRoot", "identity", "identityRegexp", "issuer", "issuerRegexp"});
    parsed.trusted_root = text(keyless["trustedRoot"], at + ".trustedRoot");
    parsed.identity.identity = text(keyless["identity"], at + ".identity", false);
    parsed.identity.identity_regexp =
        text(keyless["identityRegexp"], at + ".identityRegexp", false);
    parsed.identity.issuer = text(keyless["issuer"], at + ".issuer", false);
    parsed.identity.issuer_regexp = text(keyless["issuerRegexp"], at + ".issuerRegexp", false);
    if (parsed.identity.identity.empty() == parsed.identity.identity_regexp.empty())
      fail(keyless, at, "needs exactly one of identity and identityRegexp");
    if (parsed.identity.issuer.empty() == parsed.identity.issuer_regexp.empty())
      fail(keyless, at, "needs exactly one of issuer and issuerRegexp");
    return parsed;
  }

  Rule rule(const YAML::Node& node, const std::string& where) const {
    only_keys(node, where,
              {"name", "images", "mode", "failurePolicy", "signatures", "attestations",
               "maxSignatureAge"});
    Rule parsed;
    parsed.name = text(node["name"], where + ".name");
    const YAML::Node images = node["images"];
    if (!images || !images.IsSequence() || images.size() == 0)
      fail(node, where + ".images", "needs at least one image glob");
    for (size_t i = 0; i < images.size(); ++i)
      parsed.images.push_back(text(images[i], where + ".images[" + std::to_string(i) + "]"));
    parsed.warn = choice(node["mode"], where + ".mode", {"enforce", "warn"}, "enforce") == "warn";
    parsed.ignore_unreachable = choice(node["failurePolicy"], where + ".failurePolicy",
                                       {"fail", "ignore"}, "fail") == "ignore";
    if (const YAML::Node signatures = node["signatures"]) {
      std::string at = where + ".signatures";
      only_keys(signatures, at, {"anyOf", "allOf"});
      if (signatures.size() != 1) fail(signatures, at, "needs exactly one of anyOf and allOf");
      parsed.all_signers = static_cast<bool>(signatures["allOf"]);
      const YAML::Node list = parsed.all_signers ? signatures["allOf"] : signatures["anyOf"];
      std::string list_at = at + (parsed.all_signers ? ".allOf" : ".anyOf");
      if (!list.IsSequence() || list.size() == 0) fail(list, list_at, "needs at least one signer");
      for (size_t i = 0; i < list.size(); ++i)
        parsed.signers.push_back(signer(list[i], list_at + "[" + std::to_string(i) + "]"));
    }
    if (const YAML::Node attestations = node["attestations"]) {
      if (!attestations.IsSequence()) fail(attestations, where + ".attestations", "must be a list");
      for (size_t i = 0; i < attestations.size(); ++i)
        parsed.attestations.push_back(
            attestation(attestations[i], where + ".attestations[" + std::to_string(i) + "]"));
    }
    if (const YAML::Node age = node["maxSignatureAge"]) {
      parsed.max_signature_age = parse_duration(text(age, where + ".maxSignatureAge"));
      if (!parsed.max_signature_age)
        fail(age, where + ".maxSignatureAge", "is not a duration such as \"720h\" or \"1h30m\"");
    }
    return parsed;
  }

  AttestationRequirement attestation(const YAML::Node& node, const std::string& where) const {
    only_keys(node, where, {"predicateType", "signedBy", "provenance"});
    AttestationRequirement parsed;
    parsed.predicate_type = text(node["predicateType"], where + ".predicateType");
    if (!node["signedBy"]) fail(node, where + ".signedBy", "is required");
    parsed.signed_by = signer(node["signedBy"], where + ".signedBy");
    if (const YAML::Node provenance = node["provenance"]) {
      std::string at = where + ".provenance";
      only_keys(provenance, at, {"builderId", "sourceUri", "sourceRef"});
      if (provenance.size() == 0) fail(provenance, at, "needs at least one expectation");
      parsed.provenance =
          ProvenanceExpectations{text(provenance["builderId"], at + ".builderId", false),
                                 text(provenance["sourceUri"], at + ".sourceUri", false),
                                 text(provenance["sourceRef"], at + ".sourceRef", false)};
    }
    return parsed;
  }

  std::map<std::string, std::string> named_paths(const YAML::Node& node,
                                                 const std::string& where) const {
    std::map<std::string, std::string> paths;
    if (!node) return paths;
    if (!node.IsMap()) fail(node, where, "must be a mapping of names to paths");
    for (const auto& item : node)
      paths[item.first.as<std::string>()] =
          text(item.second, where + "." + item.first.as<std::string>());
    return paths;
  }

 private:
  const std::string& path_;
};

}  // namespace

std::optional<std::chrono::seconds> parse_duration(std::string_view text) {
  if (text.empty()) return std::nullopt;
  long long total = 0;
  long long number = -1;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      number = (number < 0 ? 0 : number) * 10 + (c - '0');
      if (number > 100'000'000) return std::nullopt;
      continue;
    }
    if (number < 0) return std::nullopt;
    if (c == 'h')
      total += number * 3600;
    else if (c == 'm')
      total += number * 60;
    else if (c == 's')
      total += number;
    else
      return std::nullopt;
    number = -1;
  }
  if (number >= 0) return std::nullopt;  // a number without a unit
  return std::chrono::seconds(total);
}

std::string Signer::describe() const {
  if (!key.empty()) return "key " + key;
  std::string who = identity.identity.empty() ? "identity matching " + identity.identity_regexp
                                              : identity.identity;
  std::string by =
      identity.issuer.empty() ? "issuer matching " + identity.issuer_regexp : identity.issuer;
  return "keyless " + who + " (" + by + ")";
}

Policy Policy::parse(std::string_view text, const std::string& path, const ReferenceReader& read) {
  YAML::Node document;
  try {
    document = YAML::Load(std::string(text));
  } catch (const YAML::Exception& error) {
    throw_bad_input(path + ":" + std::to_string(error.mark.line + 1), error.msg);
  }
  Reader reader(path);
  reader.only_keys(document, "policy",
                   {"apiVersion", "kind", "defaultAction", "trustedRoots", "keys", "rules"});
  if (reader.text(document["apiVersion"], "apiVersion") != "hallmark.dev/v1")
    reader.fail(document["apiVersion"], "apiVersion", "must be hallmark.dev/v1");
  if (reader.text(document["kind"], "kind") != "Policy")
    reader.fail(document["kind"], "kind", "must be Policy");

  Policy policy;
  policy.path = path;
  policy.digest = crypto::Digest::of(crypto::DigestAlgorithm::kSha256, text).to_string();
  policy.default_allow = reader.choice(document["defaultAction"], "defaultAction",
                                       {"deny", "allow"}, "deny") == "allow";
  std::map<std::string, std::string> keys = reader.named_paths(document["keys"], "keys");
  std::map<std::string, std::string> roots =
      reader.named_paths(document["trustedRoots"], "trustedRoots");
  const YAML::Node rules = document["rules"];
  if (!rules || !rules.IsSequence()) reader.fail(document, "rules", "must be a list");
  for (size_t i = 0; i < rules.size(); ++i)
    policy.rules.push_back(reader.rule(rules[i], "rules[" + std::to_string(i) + "]"));

  // Every name a signer uses is defined.
  auto check_signer = [&](const Signer& signer, const std::string& rule) {
    if (!signer.key.empty() && !keys.count(signer.key))
      throw_bad_input(path, "rule \"" + rule + "\": key \"" + signer.key + "\" is not in keys");
    if (signer.key.empty() && !roots.count(signer.trusted_root))
      throw_bad_input(path, "rule \"" + rule + "\": trusted root \"" + signer.trusted_root +
                                "\" is not in trustedRoots");
  };
  for (const Rule& rule : policy.rules) {
    for (const Signer& signer : rule.signers)
      check_signer(signer, rule.name);
    for (const AttestationRequirement& requirement : rule.attestations)
      check_signer(requirement.signed_by, rule.name);
  }
  if (read) {
    auto reference = [&](const std::string& relative) -> const std::string& {
      return policy.references.emplace(relative, read(relative)).first->second;
    };
    for (const auto& [name, file] : keys)
      policy.keys.emplace(name, crypto::PublicKey::from_pem(reference(file), file));
    for (const auto& [name, file] : roots)
      policy.trusted_roots.emplace(name, sigstore::TrustedRoot::parse(reference(file), file));
  }
  return policy;
}

Policy Policy::parse(std::string_view text, const std::string& path) {
  return parse(text, path, ReferenceReader());
}

Policy::ReferenceReader Policy::files_beside(const std::string& path) {
  std::filesystem::path base = std::filesystem::path(path).parent_path();
  return [base](const std::string& relative) { return util::read_file(base / relative); };
}

Policy Policy::load(const std::string& path) {
  return parse(util::read_file(path), path, files_beside(path));
}

const Rule* Policy::match(std::string_view repository) const {
  for (const Rule& rule : rules)
    for (const std::string& glob : rule.images)
      if (util::glob_match(glob, repository)) return &rule;
  return nullptr;
}

}  // namespace hallmark::policy
