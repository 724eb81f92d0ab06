// WWW-Authenticate challenges (RFC 7235): how a registry says which credentials it wants, as
// `Bearer realm="https://auth.example/token",service="registry",scope="repository:a:pull"` or
// `Basic realm="Registry"`.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace hallmark::registry {

struct Challenge {
  std::string scheme;                         // lower case: "bearer", "basic"
  std::map<std::string, std::string> params;  // names lower case: "realm", "service", "scope"
};

// Every challenge of one header field; what cannot be parsed ends the list.
std::vector<Challenge> parse_challenges(std::string_view field);

}  // namespace hallmark::registry
