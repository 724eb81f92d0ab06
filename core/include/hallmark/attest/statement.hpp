// in-toto Statements (in-toto attestation framework, spec/v1/statement.md): subjects named by
// digests, a predicate type, a predicate.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace hallmark::attest {

inline constexpr char kStatementV1[] = "https://in-toto.io/Statement/v1";
// cosign still writes v0.1 statements; they are read, never written.
inline constexpr char kStatementV01[] = "https://in-toto.io/Statement/v0.1";

struct ResourceDescriptor {
  std::string name;
  std::string uri;
  std::map<std::string, std::string> digest;  // algorithm -> lower-case hex

  nlohmann::json to_json() const;  // only the members that are set
  static ResourceDescriptor from_json(const nlohmann::json& json);
};

struct Statement {
  std::string type = kStatementV1;
  std::vector<ResourceDescriptor> subjects;
  std::string predicate_type;
  nlohmann::json predicate = nlohmann::json::object();

  std::string to_payload() const;  // the JSON the envelope signs
  // kBadInput naming `subject` unless the payload is a v1 or v0.1 statement with subjects.
  static Statement parse(std::string_view payload, const std::string& subject);
  // Whether some subject has this digest ("sha256", hex).
  const ResourceDescriptor* find_subject(std::string_view algorithm, std::string_view hex) const;
};

// cosign's --type shortcuts (slsaprovenance1, cyclonedx, spdxjson, openvex, vuln, ...) to their
// predicate type URIs; a URI is returned as it is. kUsage for an unknown shortcut.
std::string resolve_predicate_type(std::string_view type);

}  // namespace hallmark::attest
