// Who the client is to each registry. A registry's first 401 answer says how it wants to be
// spoken to: Basic (credentials on every request) or Bearer (a token from its token service,
// asked for with the credentials, or anonymously without any). The answer is remembered per
// registry, and tokens per scope until they expire.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "hallmark/registry/client.hpp"
#include "hallmark/util/secret.hpp"

#include "http.hpp"

namespace hallmark::registry {

// "repository:team/app:pull" and the like, the token scopes of the distribution spec.
using Scopes = std::vector<std::string>;

class Authenticator {
 public:
  // Sends a request to the token service (with the client's retries); `subject` names the
  // registry whose token it is.
  using Send =
      std::function<std::unique_ptr<http::Transfer>(const http::Request&, const std::string&)>;
  // `options` (credentials, config.json's folder, insecure registries) must outlive this.
  Authenticator(const ClientOptions& options, Send send);

  // The Authorization header field for a request to `registry` that needs `scopes`, once the
  // registry has said what it wants and it is at hand.
  std::optional<std::string> authorization(const std::string& registry, const Scopes& scopes);
  // Answers a 401: gets what the response's challenge asks for (a token for `scopes`, or
  // basic credentials), so that the request can be tried again. Throws kIo when it cannot.
  void answer(const std::string& registry, const http::Headers& headers, const Scopes& scopes);
  // Whether there are credentials for `registry` (which tells "authentication failed" from
  // "authentication required" in messages).
  bool has_credentials(const std::string& registry);

 private:
  struct Token {
    util::Secret value;
    std::chrono::steady_clock::time_point expires;
  };
  enum class Scheme { kBasic, kBearer };

  // The caller's credentials for `registry`, else config.json's; nullptr when there are none.
  const Credentials* credentials(const std::string& registry);
  std::string basic_authorization(const Credentials& credentials) const;
  Token fetch_token(const std::string& registry, const std::map<std::string, std::string>& params,
                    const Scopes& scopes);

  const ClientOptions& options_;
  Send send_;
  std::mutex mutex_;  // everything below
  std::map<std::string, Scheme> schemes_;
  std::map<std::string, std::optional<Credentials>> config_credentials_;
  std::map<std::string, Token> tokens_;  // by registry and scopes
};

}  // namespace hallmark::registry
