#include "auth.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "hallmark/util/encoding.hpp"
#include "hallmark/util/error.hpp"
#include "hallmark/util/log.hpp"
#include "hallmark/util/strings.hpp"

#include "challenge.hpp"

namespace hallmark::registry {
namespace {

// Token responses are a token and a few numbers; anything larger is not one.
constexpr uint64_t kMaxTokenResponse = 256 << 10;

std::string token_key(const std::string& registry, Scopes scopes) {
  std::sort(scopes.begin(), scopes.end());
  std::string key = registry;
  for (const std::string& scope : scopes)
    key += " " + scope;
  return key;
}

std::string subject_of(const std::string& registry) {
  return "registry " + registry;
}

}  // namespace

Authenticator::Authenticator(const ClientOptions& options, Send send)
    : options_(options), send_(std::move(send)) {}

const Credentials* Authenticator::credentials(const std::string& registry) {
  if (auto given = options_.credentials.find(registry); given != options_.credentials.end())
    return &given->second;
  auto cached = config_credentials_.find(registry);
  if (cached == config_credentials_.end()) {
    std::filesystem::path dir =
        options_.docker_config_dir.empty() ? docker_config_dir() : options_.docker_config_dir;
    cached = config_credentials_.emplace(registry, docker_config_credentials(registry, dir)).first;
  }
  return cached->second ? &*cached->second : nullptr;
}

bool Authenticator::has_credentials(const std::string& registry) {
  std::lock_guard lock(mutex_);
  return credentials(registry) != nullptr;
}

std::string Authenticator::basic_authorization(const Credentials& credentials) const {
  util::Secret pair(credentials.username + ":" + std::string(credentials.password.view()));
  return "Authorization: Basic " + util::base64_encode(pair.view());
}

std::optional<std::string> Authenticator::authorization(const std::string& registry,
                                                        const Scopes& scopes) {
  std::lock_guard lock(mutex_);
  auto scheme = schemes_.find(registry);
  if (scheme == schemes_.end()) return std::nullopt;
  if (scheme->second == Scheme::kBasic) {
    const Credentials* given = credentials(registry);
    return given ? std::optional(basic_authorization(*given)) : std::nullopt;
  }
  auto token = tokens_.find(token_key(registry, scopes));
  if (token == tokens_.end() || token->second.expires <= std::chrono::steady_clock::now())
    return std::nullopt;
  return "Authorization: Bearer " + std::string(token->second.value.view());
}

void Authenticator::answer(const std::string& registry, const http::Headers& headers,
                           const Scopes& scopes) {
  std::vector<Challenge> challenges;
  for (const std::string& field : headers.all("www-authenticate"))
    for (Challenge& challenge : parse_challenges(field))
      challenges.push_back(std::move(challenge));
  auto find = [&](std::string_view scheme) {
    return std::find_if(challenges.begin(), challenges.end(),
                        [&](const Challenge& challenge) { return challenge.scheme == scheme; });
  };
  std::lock_guard lock(mutex_);
  if (auto bearer = find("bearer"); bearer != challenges.end()) {
    Token token = fetch_token(registry, bearer->params, scopes);
    schemes_[registry] = Scheme::kBearer;
    tokens_.insert_or_assign(token_key(registry, scopes), std::move(token));
    return;
  }
  if (find("basic") != challenges.end()) {
    if (!credentials(registry))
      throw_io_error(subject_of(registry),
                     "authentication required, and there are no credentials for it");
    schemes_[registry] = Scheme::kBasic;
    return;
  }
  throw_io_error(subject_of(registry),
                 challenges.empty() ? "answered 401 without a WWW-Authenticate challenge"
                                    : "asks for \"" + util::printable(challenges.front().scheme) +
                                          "\" authentication, which Hallmark does not speak");
}

Authenticator::Token Authenticator::fetch_token(const std::string& registry,
                                                const std::map<std::string, std::string>& params,
                                                const Scopes& scopes) {
  std::string subject = subject_of(registry);
  auto realm = params.find("realm");
  if (realm == params.end()) throw_io_error(subject, "its Bearer challenge names no realm");
  std::optional<std::pair<std::string, std::string>> origin = http::url_origin(realm->second);
  if (!origin || (origin->first != "https" && origin->first != "http"))
    throw_io_error(subject, "its token realm is not an HTTP(S) URL");
  http::Request request;
  // Credentials go to the token service only over TLS, unless its host is listed as insecure.
  const auto& insecure = options_.insecure_registries;
  request.allow_http =
      std::find(insecure.begin(), insecure.end(), origin->second) != insecure.end();
  if (origin->first == "http" && !request.allow_http)
    throw_io_error(subject, "its token service " + origin->second +
                                " is plain HTTP, which is only used for hosts listed as insecure");
  Scopes wanted = scopes;
  if (auto scope = params.find("scope"); scope != params.end())
    if (std::find(wanted.begin(), wanted.end(), scope->second) == wanted.end())
      wanted.push_back(scope->second);
  request.url = realm->second;
  char separator = request.url.find('?') == std::string::npos ? '?' : '&';
  if (auto service = params.find("service"); service != params.end()) {
    request.url += separator + std::string("service=") + http::query_escape(service->second);
    separator = '&';
  }
  for (const std::string& scope : wanted) {
    request.url += separator + std::string("scope=") + http::query_escape(scope);
    separator = '&';
  }
  const Credentials* given = credentials(registry);
  if (given) request.headers.push_back(basic_authorization(*given));
  request.headers.push_back("Accept: application/json");
  util::explain(subject + ": asking " + origin->second + " for a token" +
                (given ? " as " + util::printable(given->username) : " anonymously"));
  std::unique_ptr<http::Transfer> transfer;
  long status = 0;
  try {
    transfer = send_(request, subject);
    status = transfer->status();
  } catch (const http::Failure& failure) {
    // Said so, or it reads as if the registry itself could not be reached.
    throw_io_error(subject, "its token service " + origin->second + ": " + failure.message());
  }
  if (status == 401 || status == 403) {
    if (given)
      throw_io_error(subject, "authentication failed (the token service refused the credentials)");
    throw_io_error(subject, "authentication required, and there are no credentials for it");
  }
  if (status != 200)
    throw_io_error(subject, "its token service answered HTTP " + std::to_string(status));
  nlohmann::json response;
  try {
    response = nlohmann::json::parse(transfer->read_body(kMaxTokenResponse, "the token response"));
  } catch (const nlohmann::json::exception&) {
    throw_io_error(subject, "its token service answered with malformed JSON");
  }
  std::string value;
  for (const char* key : {"token", "access_token"})
    if (auto member = response.find(key);
        value.empty() && member != response.end() && member->is_string())
      value = member->get<std::string>();
  if (value.empty()) throw_io_error(subject, "its token service answered without a token");
  // The spec's default lifetime is 60 s; a few seconds are kept in hand for the request.
  long lifetime = 60;
  if (auto expires = response.find("expires_in");
      expires != response.end() && expires->is_number_integer())
    lifetime = std::max(expires->get<long>(), 10L);
  return {util::Secret(std::move(value)),
          std::chrono::steady_clock::now() + std::chrono::seconds(lifetime - 5)};
}

}  // namespace hallmark::registry
