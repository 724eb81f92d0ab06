#include "http.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <mutex>
#include <new>

#include "hallmark/util/strings.hpp"

namespace hallmark::registry::http {

// Idle multi handles, each keeping its connections open for the next transfer. Transfers that
// run at once (layers read in parallel) each take their own: curl handles are not for two
// threads at once.
class Pool {
 public:
  Pool() = default;
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;
  ~Pool() {
    for (CURLM* multi : idle_)
      curl_multi_cleanup(multi);
  }

  CURLM* take() {
    {
      std::lock_guard lock(mutex_);
      if (!idle_.empty()) {
        CURLM* multi = idle_.back();
        idle_.pop_back();
        return multi;
      }
    }
    CURLM* multi = curl_multi_init();
    if (!multi) throw std::bad_alloc();
    return multi;
  }

  void give(CURLM* multi) {
    std::lock_guard lock(mutex_);
    if (idle_.size() < kMaxIdle) {
      idle_.push_back(multi);
      return;
    }
    curl_multi_cleanup(multi);
  }

 private:
  // As many as the webhook's workers verify at once, so that none opens a new connection.
  static constexpr size_t kMaxIdle = 64;
  std::mutex mutex_;
  std::vector<CURLM*> idle_;
};

namespace {

// How much of a body may wait for its reader before the transfer pauses.
constexpr size_t kMaxBuffered = 1 << 20;
// curl's receive buffer: reads large enough for few callbacks, small enough that the copy curl
// keeps of the bytes it could not hand over while paused stays small.
constexpr long kReceiveBuffer = 64 << 10;

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace

void Headers::add(std::string name, std::string value) {
  fields_.emplace_back(std::move(name), std::move(value));
}

std::optional<std::string> Headers::get(std::string_view name) const {
  for (const auto& [field, value] : fields_)
    if (field == name) return value;
  return std::nullopt;
}

std::vector<std::string> Headers::all(std::string_view name) const {
  std::vector<std::string> values;
  for (const auto& [field, value] : fields_)
    if (field == name) values.push_back(value);
  return values;
}

Transfer::Transfer(std::shared_ptr<Pool> pool, const Settings& settings, const Request& request,
                   std::string subject)
    : pool_(std::move(pool)), subject_(std::move(subject)) {
  // Opened before any curl handle exists, so that a failure here leaks nothing.
  if (request.method == "PUT") upload_ = request.body ? request.body() : util::memory_stream("");
  multi_ = pool_->take();
  easy_ = curl_easy_init();
  if (!easy_) {
    pool_->give(multi_);
    throw std::bad_alloc();
  }
  const char* protocols = request.allow_http ? "http,https" : "https";
  curl_easy_setopt(easy_, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(easy_, CURLOPT_PROTOCOLS_STR, protocols);
  curl_easy_setopt(easy_, CURLOPT_REDIR_PROTOCOLS_STR, protocols);
  curl_easy_setopt(easy_, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy_, CURLOPT_ERRORBUFFER, error_);
  curl_easy_setopt(easy_, CURLOPT_HEADERFUNCTION, &Transfer::on_header);
  curl_easy_setopt(easy_, CURLOPT_HEADERDATA, this);
  curl_easy_setopt(easy_, CURLOPT_WRITEFUNCTION, &Transfer::on_body);
  curl_easy_setopt(easy_, CURLOPT_WRITEDATA, this);
  curl_easy_setopt(easy_, CURLOPT_BUFFERSIZE, kReceiveBuffer);
  curl_easy_setopt(easy_, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(settings.connect_timeout.count()));
  curl_easy_setopt(easy_, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(easy_, CURLOPT_LOW_SPEED_TIME,
                   static_cast<long>(settings.stall_timeout.count()));
  curl_easy_setopt(easy_, CURLOPT_USERAGENT, "hallmark/" HALLMARK_VERSION);
  if (!settings.ca_file.empty()) curl_easy_setopt(easy_, CURLOPT_CAINFO, settings.ca_file.c_str());
  // Blob downloads may be redirected to storage; curl drops our Authorization header when a
  // redirect leaves the host.
  curl_easy_setopt(easy_, CURLOPT_FOLLOWLOCATION, request.method == "GET" ? 1L : 0L);
  curl_easy_setopt(easy_, CURLOPT_MAXREDIRS, 5L);
  for (const std::string& header : request.headers)
    header_list_ = curl_slist_append(header_list_, header.c_str());
  // No "Expect: 100-continue" wait before large uploads.
  header_list_ = curl_slist_append(header_list_, "Expect:");
  curl_easy_setopt(easy_, CURLOPT_HTTPHEADER, header_list_);
  if (request.method == "HEAD") {
    curl_easy_setopt(easy_, CURLOPT_NOBODY, 1L);
  } else if (request.method == "POST") {
    curl_easy_setopt(easy_, CURLOPT_POST, 1L);
    curl_easy_setopt(easy_, CURLOPT_POSTFIELDS, "");
    curl_easy_setopt(easy_, CURLOPT_POSTFIELDSIZE, 0L);
  } else if (request.method == "PUT") {
    curl_easy_setopt(easy_, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(easy_, CURLOPT_READFUNCTION, &Transfer::on_upload);
    curl_easy_setopt(easy_, CURLOPT_READDATA, this);
    curl_easy_setopt(easy_, CURLOPT_INFILESIZE_LARGE,
                     static_cast<curl_off_t>(request.body ? request.body_size : 0));
  }
  curl_multi_add_handle(multi_, easy_);
}

Transfer::~Transfer() {
  curl_multi_remove_handle(multi_, easy_);
  curl_easy_cleanup(easy_);
  curl_slist_free_all(header_list_);
  pool_->give(multi_);
}

size_t Transfer::on_header(char* data, size_t size, size_t count, void* self_pointer) {
  auto* self = static_cast<Transfer*>(self_pointer);
  std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) {
    // A new response (after a redirect or a 100 Continue): its fields replace the last ones.
    self->headers_.clear();
    self->status_ = 0;
    size_t space = line.find(' ');
    if (space != std::string_view::npos)
      std::from_chars(line.data() + space + 1, line.data() + line.size(), self->status_);
  } else if (size_t colon = line.find(':'); colon != std::string_view::npos) {
    self->headers_.add(util::to_lower(util::trim(line.substr(0, colon))),
                       std::string(util::trim(line.substr(colon + 1))));
  }
  return size * count;
}

size_t Transfer::on_body(char* data, size_t size, size_t count, void* self_pointer) {
  auto* self = static_cast<Transfer*>(self_pointer);
  size_t length = size * count;
  // The body of a redirect being followed is not the response's.
  if (self->status_ >= 300 && self->status_ < 400) return length;
  if (!self->body_.empty() && self->body_.size() + length > kMaxBuffered) {
    self->paused_ = true;  // curl hands these bytes again once next() resumes the transfer
    return CURL_WRITEFUNC_PAUSE;
  }
  self->body_.append(data, length);
  self->body_started_ = true;
  return length;
}

size_t Transfer::on_upload(char* data, size_t size, size_t count, void* self_pointer) {
  auto* self = static_cast<Transfer*>(self_pointer);
  try {
    if (self->upload_left_.empty()) self->upload_left_ = self->upload_->next();
  } catch (...) {
    // Exceptions must not cross curl's C frames: drive() rethrows it.
    self->upload_error_ = std::current_exception();
    return CURL_READFUNC_ABORT;
  }
  size_t length = std::min(size * count, self->upload_left_.size());
  std::memcpy(data, self->upload_left_.data(), length);
  self->upload_left_.remove_prefix(length);
  return length;
}

void Transfer::drive(const std::function<bool()>& enough) {
  while (!done_ && !enough()) {
    int running = 0;
    CURLMcode code = curl_multi_perform(multi_, &running);
    if (code != CURLM_OK) throw Failure(subject_, curl_multi_strerror(code), false);
    int queued = 0;
    while (CURLMsg* message = curl_multi_info_read(multi_, &queued))
      if (message->msg == CURLMSG_DONE && message->easy_handle == easy_) {
        done_ = true;
        result_ = message->data.result;
      }
    if (done_ || enough()) break;
    code = curl_multi_poll(multi_, nullptr, 0, 1000, nullptr);
    if (code != CURLM_OK) throw Failure(subject_, curl_multi_strerror(code), false);
  }
  if (upload_error_) std::rethrow_exception(upload_error_);
  if (done_ && result_ != CURLE_OK) fail(result_);
}

void Transfer::fail(CURLcode code) {
  long os_error = 0;
  curl_easy_getinfo(easy_, CURLINFO_OS_ERRNO, &os_error);
  std::string detail = util::printable(error_[0] ? error_ : curl_easy_strerror(code));
  switch (code) {
    case CURLE_COULDNT_CONNECT:
      if (os_error == ECONNREFUSED) throw Failure(subject_, "connection refused", true);
      throw Failure(subject_, "cannot connect: " + detail, true);
    case CURLE_COULDNT_RESOLVE_HOST:
      throw Failure(subject_, "cannot resolve the host name: " + detail, false);
    case CURLE_OPERATION_TIMEDOUT:
      throw Failure(subject_, "timed out: " + detail, true);
    case CURLE_PEER_FAILED_VERIFICATION:
      throw Failure(
          subject_,
          "TLS certificate not trusted (" + detail + "); give the CA that signed it as the CA file",
          false);
    case CURLE_SSL_CACERT_BADFILE:
      throw Failure(subject_, "cannot use the CA file: " + detail, false);
    case CURLE_SSL_CONNECT_ERROR:
      throw Failure(subject_,
                    "TLS handshake failed (" + detail + ")" +
                        (detail.find("wrong version number") != std::string::npos
                             ? "; it may be a plain HTTP registry, which is only used when "
                               "listed as insecure"
                             : ""),
                    false);
    case CURLE_UNSUPPORTED_PROTOCOL:
      throw Failure(
          subject_,
          "refused (" + detail + "): plain HTTP is only used for registries listed as insecure",
          false);
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      throw Failure(subject_, "connection lost: " + detail, true);
    default:
      throw Failure(subject_, detail, false);
  }
}

long Transfer::status() {
  drive([this] { return body_started_; });
  return status_;
}

const Headers& Transfer::headers() {
  status();
  return headers_;
}

std::string_view Transfer::next() {
  if (handed_out_) {
    body_.clear();
    handed_out_ = false;
  }
  if (paused_) {
    paused_ = false;
    curl_easy_pause(easy_, CURLPAUSE_CONT);
  }
  drive([this] { return !body_.empty(); });
  if (body_.empty()) return {};
  handed_out_ = true;
  return body_;
}

std::string Transfer::read_body(uint64_t limit, const std::string& what) {
  auto too_large = [&] {
    throw_bad_input(subject_, what + " is larger than " + std::to_string(limit) + " bytes");
  };
  if (std::optional<std::string> length = headers().get("content-length")) {
    uint64_t declared = 0;
    std::from_chars(length->data(), length->data() + length->size(), declared);
    if (declared > limit) too_large();
  }
  std::string all;
  for (std::string_view chunk = next(); !chunk.empty(); chunk = next()) {
    if (all.size() + chunk.size() > limit) too_large();
    all.append(chunk);
  }
  return all;
}

std::string Transfer::url() const {
  char* url = nullptr;
  curl_easy_getinfo(easy_, CURLINFO_EFFECTIVE_URL, &url);
  return url ? url : "";
}

Transport::Transport(Settings settings)
    : settings_(std::move(settings)), pool_((global_init(), std::make_shared<Pool>())) {}

std::unique_ptr<Transfer> Transport::start(const Request& request,
                                           const std::string& subject) const {
  return std::make_unique<Transfer>(pool_, settings_, request, subject);
}

std::optional<std::string> next_link(const Headers& headers) {
  for (const std::string& field : headers.all("link"))
    for (std::string_view link : util::split(field, ',')) {
      size_t open = link.find('<');
      size_t close = link.find('>', open);
      if (open == std::string_view::npos || close == std::string_view::npos) continue;
      std::string params(link.substr(close + 1));
      params.erase(
          std::remove_if(params.begin(), params.end(), [](char c) { return c == ' ' || c == '"'; }),
          params.end());
      if (params.find(";rel=next") != std::string::npos)
        return std::string(link.substr(open + 1, close - open - 1));
    }
  return std::nullopt;
}

namespace {

// A CURLU handle, freed when dropped.
struct Url {
  CURLU* handle = curl_url();
  Url() {
    if (!handle) throw std::bad_alloc();
  }
  ~Url() { curl_url_cleanup(handle); }
  Url(const Url&) = delete;
  Url& operator=(const Url&) = delete;

  std::optional<std::string> part(CURLUPart which) const {
    char* text = nullptr;
    if (curl_url_get(handle, which, &text, 0) != CURLUE_OK) return std::nullopt;
    std::string copy(text);
    curl_free(text);
    return copy;
  }
};

}  // namespace

std::optional<std::string> resolve_url(const std::string& base, const std::string& reference) {
  Url url;
  if (curl_url_set(url.handle, CURLUPART_URL, base.c_str(), 0) != CURLUE_OK) return std::nullopt;
  // A relative URL set on a handle that holds one is resolved against it.
  if (curl_url_set(url.handle, CURLUPART_URL, reference.c_str(), 0) != CURLUE_OK)
    return std::nullopt;
  return url.part(CURLUPART_URL);
}

std::optional<std::pair<std::string, std::string>> url_origin(const std::string& absolute) {
  Url url;
  if (curl_url_set(url.handle, CURLUPART_URL, absolute.c_str(), 0) != CURLUE_OK)
    return std::nullopt;
  std::optional<std::string> scheme = url.part(CURLUPART_SCHEME);
  std::optional<std::string> host = url.part(CURLUPART_HOST);
  if (!scheme || !host) return std::nullopt;
  std::string origin = util::to_lower(*host);
  if (std::optional<std::string> port = url.part(CURLUPART_PORT)) origin += ":" + *port;
  return std::pair{util::to_lower(*scheme), origin};
}

std::string query_escape(std::string_view text) {
  char* escaped = curl_easy_escape(nullptr, text.data(), static_cast<int>(text.size()));
  if (!escaped) throw std::bad_alloc();
  std::string copy(escaped);
  curl_free(escaped);
  return copy;
}

}  // namespace hallmark::registry::http
