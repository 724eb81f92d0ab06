// HTTP over libcurl for the registry client. Each Transfer is driven through curl's multi
// interface by whoever reads it: a response body is pulled chunk by chunk through a bounded
// buffer (the transfer pauses while the reader is busy), so a layer is never whole in memory,
// and an upload is pulled from a ByteStream as curl sends it.
#pragma once

#include <chrono>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <curl/curl.h>

#include "hallmark/util/byte_stream.hpp"
#include "hallmark/util/error.hpp"

namespace hallmark::registry::http {

// Response header fields, names lower-cased; a name may repeat (WWW-Authenticate, Link).
class Headers {
 public:
  void add(std::string name, std::string value);
  void clear() { fields_.clear(); }
  std::optional<std::string> get(std::string_view name) const;
  std::vector<std::string> all(std::string_view name) const;

 private:
  std::vector<std::pair<std::string, std::string>> fields_;
};

struct Request {
  std::string method = "GET";  // GET, HEAD, POST (without a body) or PUT
  std::string url;
  std::vector<std::string> headers;  // "Name: value"
  // The body of a PUT, `body_size` bytes, opened anew for each try.
  std::function<std::unique_ptr<util::ByteStream>()> body;
  uint64_t body_size = 0;
  // Plain HTTP is refused (for the URL and any redirect) unless the caller allows it.
  bool allow_http = false;
};

struct Settings {
  std::string ca_file;  // empty: the system's CAs
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::seconds stall_timeout{30};
};

// No HTTP answer at all (connection refused, TLS refused, timed out): kIo naming the server.
// `retryable` when trying again later may help.
class Failure : public Error {
 public:
  Failure(std::string subject, std::string message, bool retryable)
      : Error(ErrorKind::kIo, std::move(subject), std::move(message)), retryable_(retryable) {}
  bool retryable() const { return retryable_; }

 private:
  bool retryable_;
};

class Pool;

// One request and its response. Not for two threads at once, but may move between threads.
class Transfer {
 public:
  Transfer(std::shared_ptr<Pool> pool, const Settings& settings, const Request& request,
           std::string subject);
  ~Transfer();
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;

  // The final response's status (after redirects), waiting for its head. Throws Failure.
  long status();
  const Headers& headers();
  // The body, chunk by chunk (valid until the next call); empty at its end.
  std::string_view next();
  // The rest of the body, at most `limit` bytes; a longer one is kBadInput naming `what`.
  std::string read_body(uint64_t limit, const std::string& what);
  // The URL of the final response, for resolving relative Location and Link URLs.
  std::string url() const;

 private:
  static size_t on_header(char* data, size_t size, size_t count, void* self);
  static size_t on_body(char* data, size_t size, size_t count, void* self);
  static size_t on_upload(char* data, size_t size, size_t count, void* self);
  // Runs curl until `enough` holds or the transfer ends; rethrows failures.
  void drive(const std::function<bool()>& enough);
  [[noreturn]] void fail(CURLcode code);

  std::shared_ptr<Pool> pool_;
  std::string subject_;
  CURLM* multi_ = nullptr;
  CURL* easy_ = nullptr;
  curl_slist* header_list_ = nullptr;
  std::unique_ptr<util::ByteStream> upload_;
  std::string_view upload_left_;
  std::exception_ptr upload_error_;
  Headers headers_;
  long status_ = 0;
  std::string body_;
  bool handed_out_ = false;
  bool paused_ = false;
  bool body_started_ = false;
  bool done_ = false;
  CURLcode result_ = CURLE_OK;
  char error_[CURL_ERROR_SIZE] = {};
};

// Starts transfers; reuses connections from one transfer to the next.
class Transport {
 public:
  explicit Transport(Settings settings);
  // Sends `request` to `subject` ("registry HOST", for messages).
  std::unique_ptr<Transfer> start(const Request& request, const std::string& subject) const;

 private:
  Settings settings_;
  std::shared_ptr<Pool> pool_;
};

// The "next" target of RFC 8288 Link header fields (how registries page lists), if any.
std::optional<std::string> next_link(const Headers& headers);

// `reference` (absolute, or relative as in Location and Link) resolved against `base`; nullopt
// when either is not a URL.
std::optional<std::string> resolve_url(const std::string& base, const std::string& reference);

// The scheme and HOST[:PORT] of an absolute URL: {"https", "auth.docker.io"}; nullopt when it
// is not one.
std::optional<std::pair<std::string, std::string>> url_origin(const std::string& url);

// `text` percent-encoded for a query value.
std::string query_escape(std::string_view text);

}  // namespace hallmark::registry::http
