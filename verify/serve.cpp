// hallmark-verify serve: the admission policy as a Kubernetes validating admission webhook
// (AdmissionReview v1) over HTTPS. cpp-httplib serves HTTP; the review is core's
// (policy/admission_reviewer.hpp).
#include <atomic>
#include <chrono>
#include <iostream>
#include <thread>

#include <cxxopts.hpp>
#include <httplib.h>
#include <pthread.h>
#include <signal.h>

#include "hallmark/crypto/tls_credentials.hpp"
#include "hallmark/policy/admission_reviewer.hpp"
#include "hallmark/policy/policy.hpp"
#include "hallmark/policy/verdict_cache.hpp"
#include "hallmark/registry/cli_options.hpp"
#include "hallmark/util/cli.hpp"
#include "hallmark/util/error.hpp"

#include "commands.hpp"
#include "options.hpp"

namespace hallmark::verify {
namespace {

using namespace std::chrono_literals;

// A Kubernetes object is at most about 1.5 MiB (etcd's limit), and an update's review carries
// the old object too.
constexpr size_t kMaxReviewSize = 8 << 20;
constexpr int kMaxWorkers = 256;
// A moved tag or a revoked signature must be seen within the hour whatever the flag says.
constexpr std::chrono::seconds kMaxCacheTtl = 1h;
constexpr size_t kCacheCapacity = 10'000;

struct Address {
  std::string host;
  int port = 0;
};

// "127.0.0.1:8443", "[::1]:8443", ":8443" (every IPv4 address); port 0 takes a free one.
Address parse_listen(const std::string& text) {
  size_t colon = text.rfind(':');
  std::string port = colon == std::string::npos ? "" : text.substr(colon + 1);
  if (port.empty() || port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string::npos || std::stoi(port) > 65535)
    throw_usage_error("--listen \"" + text + "\" is not ADDRESS:PORT");
  Address address{text.substr(0, colon), std::stoi(port)};
  if (address.host.size() >= 2 && address.host.front() == '[' && address.host.back() == ']')
    address.host = address.host.substr(1, address.host.size() - 2);
  if (address.host.empty()) address.host = "0.0.0.0";
  return address;
}

// Explicit registry credentials go to the registries the policy's rules name (the host of each
// image glob), never to whatever registry an admission request happens to name.
std::vector<std::string> policy_registries(const policy::Policy& policy) {
  std::vector<std::string> hosts;
  for (const policy::Rule& rule : policy.rules)
    for (const std::string& glob : rule.images) {
      std::string host = glob.substr(0, glob.find('/'));
      if (host.size() < glob.size() && host.find_first_of("*?") == std::string::npos)
        hosts.push_back(host);
    }
  return hosts;
}

void answer_error(httplib::Response& response, int status, const std::string& reason) {
  response.status = status;
  response.set_content(reason + "\n", "text/plain");
  if (status >= 500) std::cerr << "hallmark-verify: " << reason << "\n";
}

// The server, and the certificate it serves when over HTTPS (read again when its files change).
struct Listener {
  std::unique_ptr<crypto::TlsCredentials> credentials;
  std::unique_ptr<httplib::Server> server;
};

Listener make_listener(const cxxopts::ParseResult& args) {
  bool has_tls = args.count("tls-cert") || args.count("tls-key");
  if (args.count("insecure-listen")) {
    if (has_tls) throw_usage_error("--insecure-listen serves plain HTTP: leave out --tls-*");
    std::cerr << "hallmark-verify: serving plain HTTP (--insecure-listen): Kubernetes calls "
                 "webhooks over HTTPS only\n";
    return {nullptr, std::make_unique<httplib::Server>()};
  }
  if (!args.count("tls-cert") || !args.count("tls-key"))
    throw_usage_error(
        "give --tls-cert and --tls-key (Kubernetes calls webhooks over HTTPS only), or "
        "--insecure-listen for plain HTTP");
  Listener listener;
  listener.credentials = std::make_unique<crypto::TlsCredentials>(
      args["tls-cert"].as<std::string>(), args["tls-key"].as<std::string>());
  listener.server = std::make_unique<httplib::SSLServer>([&](SSL_CTX& context) {
    // The API server speaks TLS 1.2 or 1.3.
    SSL_CTX_set_min_proto_version(&context, TLS1_2_VERSION);
    SSL_CTX_set_options(&context, SSL_OP_NO_COMPRESSION);
    listener.credentials->attach(&context);
    return true;
  });
  if (!listener.server->is_valid()) throw Error(ErrorKind::kIo, "", "OpenSSL could not set up TLS");
  return listener;
}

void configure(httplib::Server& server, int workers, policy::AdmissionReviewer& reviewer) {
  server.new_task_queue = [workers] { return new httplib::ThreadPool(workers); };
  server.set_payload_max_length(kMaxReviewSize);
  // The API server keeps its connections to a webhook open: a TLS handshake every 5 reviews
  // (httplib's default) would cost more than a cached verdict.
  server.set_keep_alive_max_count(1000);
  // An answer leaves in more than one write (headers, body): without TCP_NODELAY the last waits
  // for the client's delayed ACK, 40 ms on Linux.
  server.set_tcp_nodelay(true);
  server.Get("/healthz", [](const httplib::Request&, httplib::Response& response) {
    response.set_content("ok\n", "text/plain");
  });
  server.Get("/metrics", [&reviewer](const httplib::Request&, httplib::Response& response) {
    response.set_content(reviewer.metrics().exposition(),
                         "text/plain; version=0.0.4; charset=utf-8");
  });
  server.Post(
      "/validate", [&reviewer](const httplib::Request& request, httplib::Response& response) {
        try {
          response.set_content(reviewer.review(request.body)
                                   .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                               "application/json");
        } catch (const Error& error) {
          answer_error(response, error.kind() == ErrorKind::kBadInput ? 400 : 500, error.what());
        } catch (const std::exception& error) {
          answer_error(response, 500, error.what());
        }
      });
}

// Serves until SIGTERM or SIGINT (blocked in every thread) arrives, then lets the workers answer
// what they have. False when the server ended by itself.
bool serve_until_signalled(httplib::Server& server, const sigset_t& stop_signals) {
  std::atomic<bool> finished = false;
  std::atomic<bool> signalled = false;
  std::thread stopper([&] {
    int received = 0;
    sigwait(&stop_signals, &received);
    if (finished) return;  // woken by the main thread: the server ended by itself
    signalled = true;
    std::cerr << "hallmark-verify: " << (received == SIGTERM ? "SIGTERM" : "SIGINT")
              << ": answering the requests in flight, then stopping" << std::endl;
    // stop() ends only a running accept loop: a signal that came while it was starting waits.
    while (!finished && !server.is_running())
      std::this_thread::sleep_for(1ms);
    server.stop();
  });
  // Returns once stop() closed the socket and the workers answered what they had.
  server.listen_after_bind();
  finished = true;
  pthread_kill(stopper.native_handle(), SIGTERM);
  stopper.join();
  return signalled;
}

}  // namespace

int serve(int argc, char** argv) {
  // Every thread started from here on inherits this mask, so that the signals reach only the
  // thread that sigwait()s for them. A client gone mid-answer is a failed write, not SIGPIPE.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  cxxopts::Options options(
      "hallmark-verify serve",
      "Serves the admission policy as a Kubernetes validating admission webhook (AdmissionReview "
      "v1): POST /validate decides on every container, init container and ephemeral container "
      "image of Pods, ReplicationControllers, Deployments, ReplicaSets, StatefulSets, "
      "DaemonSets, Jobs and CronJobs; GET /healthz; GET /metrics (Prometheus). Stops on SIGTERM "
      "or SIGINT once the requests in flight are answered.\n\nExample:\n"
      "  hallmark-verify serve --policy policy.yaml --listen 0.0.0.0:8443 --tls-cert tls.crt "
      "--tls-key tls.key --decision-log decisions.jsonl\n");
  registry::add_cli_options(options);
  // clang-format off
  options.add_options()
      ("policy", "the admission policy (JSON or YAML)", cxxopts::value<std::string>())
      ("listen", "ADDRESS:PORT to serve on (\":8443\" is every address; port 0 takes a free one, "
       "printed on stderr)", cxxopts::value<std::string>()->default_value("127.0.0.1:8443"))
      ("tls-cert", "the server's PEM certificate (chain); both files are read again when "
       "they change (a rotation)", cxxopts::value<std::string>())
      ("tls-key", "its PEM private key (unencrypted)", cxxopts::value<std::string>())
      ("insecure-listen", "serve plain HTTP without --tls-cert/--tls-key (tests, or behind a "
       "TLS-terminating proxy)")
      ("decision-log", "append every image verdict as one JSON line to FILE",
       cxxopts::value<std::string>())
      ("workers", "connections served at once (1-256): at least as many as the API servers keep "
       "open", cxxopts::value<int>()->default_value("64"))
      ("registry-concurrency", "verifications one registry is asked for at once (1-256); the "
       "others wait their turn in the order they came, for at most 1 s",
       cxxopts::value<int>()->default_value("4"))
      ("cache-ttl", "how long a verdict is reused, as \"30s\" or \"5m\" (at most 1h; \"0s\" "
       "caches nothing)", cxxopts::value<std::string>()->default_value("30s"));
  // clang-format on
  cxxopts::ParseResult args = util::parse_options(options, argc, argv);
  if (!args.count("policy")) throw_usage_error("give --policy (see --help)");
  std::string listen = args["listen"].as<std::string>();
  Address address = parse_listen(listen);
  int workers = args["workers"].as<int>();
  if (workers < 1 || workers > kMaxWorkers) throw_usage_error("--workers must be 1 to 256");
  int registry_concurrency = args["registry-concurrency"].as<int>();
  if (registry_concurrency < 1 || registry_concurrency > kMaxWorkers)
    throw_usage_error("--registry-concurrency must be 1 to 256");
  std::string ttl_text = args["cache-ttl"].as<std::string>();
  std::optional<std::chrono::seconds> ttl = policy::parse_duration(ttl_text);
  if (!ttl || *ttl > kMaxCacheTtl)
    throw_usage_error("--cache-ttl \"" + ttl_text + "\" is not a duration of at most 1h");

  policy::Policy policy = policy::Policy::load(args["policy"].as<std::string>());
  registry::ClientOptions client_options =
      registry::client_options(args, policy_registries(policy));
  // Kubernetes gives a webhook 10 s by default: a registry that does not answer must fail well
  // within that, so that the verdict (deny, or failurePolicy: ignore) is ours and not the API
  // server's timeout.
  client_options.connect_timeout = 2s;
  client_options.stall_timeout = 3s;
  client_options.max_attempts = 2;
  registry::Client client(std::move(client_options));
  policy::VerdictCache cache(*ttl, kCacheCapacity);
  policy::AdmissionReviewer reviewer(
      policy, client, cache,
      args.count("decision-log") ? args["decision-log"].as<std::string>() : std::string(),
      {.per_registry = static_cast<size_t>(registry_concurrency)});

  Listener listener = make_listener(args);
  httplib::Server* server = listener.server.get();
  configure(*server, workers, reviewer);
  if (address.port == 0)
    address.port = server->bind_to_any_port(address.host);
  else if (!server->bind_to_port(address.host, address.port))
    address.port = -1;
  if (address.port < 0)
    throw_io_error(listen,
                   "cannot listen there (the port is taken, or the address is not this "
                   "machine's)");
  std::cerr << "hallmark-verify: serving " << (args.count("insecure-listen") ? "http" : "https")
            << "://"
            << (address.host.find(':') != std::string::npos ? "[" + address.host + "]"
                                                            : address.host)
            << ":" << address.port << " (POST /validate, GET /healthz, GET /metrics) with "
            << workers << " workers" << std::endl;
  if (!serve_until_signalled(*server, stop_signals))
    throw_io_error(listen, "the server stopped accepting connections");
  std::cerr << "hallmark-verify: stopped" << std::endl;
  return 0;
}

}  // namespace hallmark::verify
