#include "session.hpp"

#include <algorithm>
#include <charconv>
#include <thread>

#include <nlohmann/json.hpp>

#include "hallmark/util/error.hpp"
#include "hallmark/util/log.hpp"
#include "hallmark/util/strings.hpp"

namespace hallmark::registry {
namespace {

// Error bodies are a few JSON lines; more is not read.
constexpr uint64_t kMaxErrorBody = 64 << 10;

bool retryable_status(long status) {
  return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

// The distribution spec's error body, {"errors":[{"code","message"}]}, as "CODE: message".
std::string registry_error(http::Transfer& transfer) {
  try {
    nlohmann::json body =
        nlohmann::json::parse(transfer.read_body(kMaxErrorBody, "the error response"));
    const nlohmann::json& first = body.at("errors").at(0);
    std::string text = first.value("code", "");
    if (std::string message = first.value("message", ""); !message.empty())
      text += (text.empty() ? "" : ": ") + message;
    return util::printable(text.substr(0, 200));
  } catch (const std::exception&) {
    return "";  // not the spec's error body: the status says enough
  }
}

}  // namespace

Scopes pull_scope(const Reference& repository) {
  return {"repository:" + repository.repository + ":pull"};
}

Scopes push_scope(const Reference& repository) {
  return {"repository:" + repository.repository + ":pull,push"};
}

Client::Impl::Impl(ClientOptions client_options)
    : options(std::move(client_options)),
      transport(http::Settings{options.ca_file, options.connect_timeout, options.stall_timeout}),
      auth(options, [this](const http::Request& request, const std::string& subject) {
        return start(request, subject);
      }) {}

std::string Client::Impl::subject(const Reference& reference) {
  return "registry " + reference.registry;
}

bool Client::Impl::insecure(const std::string& registry) const {
  const auto& hosts = options.insecure_registries;
  return std::find(hosts.begin(), hosts.end(), registry) != hosts.end();
}

std::string Client::Impl::url(const Reference& repository, std::string_view path) const {
  return (insecure(repository.registry) ? "http://" : "https://") + repository.api_host() + "/v2/" +
         repository.repository + "/" + std::string(path);
}

std::string Client::Impl::registry_url(const Reference& repository, const std::string& base,
                                       const std::string& location) const {
  std::optional<std::string> resolved = http::resolve_url(base, location);
  std::optional<std::pair<std::string, std::string>> origin;
  if (resolved) origin = http::url_origin(*resolved);
  if (!origin) throw_io_error(subject(repository), "answered with a malformed URL");
  std::string scheme = insecure(repository.registry) ? "http" : "https";
  if (origin->first != scheme || origin->second != repository.api_host())
    throw_io_error(subject(repository), "sent the client to another host (" +
                                            util::printable(origin->second) +
                                            "), which it does not follow with credentials");
  return *resolved;
}

std::unique_ptr<http::Transfer> Client::Impl::start(const http::Request& request,
                                                    const std::string& subject) const {
  std::chrono::milliseconds wait = options.first_backoff;
  for (int attempt = 1;; ++attempt, wait *= 2) {
    std::string why;
    try {
      std::unique_ptr<http::Transfer> transfer = transport.start(request, subject);
      long status = transfer->status();
      if (!retryable_status(status) || attempt >= options.max_attempts) return transfer;
      why = "HTTP " + std::to_string(status);
      if (std::optional<std::string> after = transfer->headers().get("retry-after")) {
        // Only the delay-seconds form; an HTTP date keeps our own backoff.
        long seconds = -1;
        std::from_chars(after->data(), after->data() + after->size(), seconds);
        if (seconds >= 0)
          wait = std::min<std::chrono::milliseconds>(std::chrono::seconds(seconds),
                                                     options.max_retry_after);
      }
    } catch (const http::Failure& failure) {
      if (!failure.retryable() || attempt >= options.max_attempts) throw;
      why = failure.message();
    }
    util::explain(subject + ": " + why + "; trying again in " + std::to_string(wait.count()) +
                  " ms");
    std::this_thread::sleep_for(wait);
  }
}

std::unique_ptr<http::Transfer> Client::Impl::send(const Reference& repository,
                                                   const Scopes& scopes,
                                                   const http::Request& request) {
  std::string registry_subject = subject(repository);
  for (bool answered = false;; answered = true) {
    http::Request attempt = request;
    attempt.allow_http = insecure(repository.registry);
    if (std::optional<std::string> authorization = auth.authorization(repository.registry, scopes))
      attempt.headers.push_back(std::move(*authorization));
    std::unique_ptr<http::Transfer> transfer = start(attempt, registry_subject);
    long status = transfer->status();
    if (status == 401 && !answered) {
      auth.answer(repository.registry, transfer->headers(), scopes);
      continue;
    }
    if (status == 401 || status == 403) {
      std::string code = registry_error(*transfer);
      std::string detail =
          " (HTTP " + std::to_string(status) + (code.empty() ? "" : " " + code) + ")";
      if (!auth.has_credentials(repository.registry))
        throw_io_error(registry_subject, "authentication required for " + repository.repository +
                                             ", and there are no credentials for it" + detail);
      throw_io_error(registry_subject,
                     "authentication failed for " + repository.repository + detail);
    }
    return transfer;
  }
}

void Client::Impl::fail(const std::string& subject, http::Transfer& transfer,
                        const std::string& what) {
  long status = transfer.status();
  std::string code = registry_error(transfer);
  std::string message =
      what + ": " + (status == 404 ? "not found" : "HTTP " + std::to_string(status));
  if (!code.empty()) message += " (" + code + ")";
  throw_io_error(subject, message);
}

Client::Client(ClientOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

Client::~Client() = default;

}  // namespace hallmark::registry
