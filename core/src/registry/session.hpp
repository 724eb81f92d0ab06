// What every request of the client goes through: the registry's URL (HTTPS, or HTTP for hosts
// listed as insecure), the credentials it asks for, retries with backoff, and the errors that
// name the registry.
#pragma once

#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>

#include "hallmark/registry/client.hpp"

#include "auth.hpp"
#include "content_cache.hpp"
#include "http.hpp"

namespace hallmark::registry {

namespace accept {
// Every manifest and index media type the client reads.
inline constexpr char kManifests[] =
    "Accept: application/vnd.oci.image.index.v1+json, "
    "application/vnd.oci.image.manifest.v1+json, "
    "application/vnd.docker.distribution.manifest.list.v2+json, "
    "application/vnd.docker.distribution.manifest.v2+json";
}  // namespace accept

Scopes pull_scope(const Reference& repository);
Scopes push_scope(const Reference& repository);

struct Client::Impl {
  explicit Impl(ClientOptions client_options);

  // "registry HOST", the subject of every error about the registry itself.
  static std::string subject(const Reference& reference);
  bool insecure(const std::string& registry) const;
  // "https://HOST/v2/REPOSITORY/" followed by `path`.
  std::string url(const Reference& repository, std::string_view path) const;
  // A URL the registry gave (Location, Link) resolved against `base`; it must stay on the
  // registry's scheme and host, where the client's credentials may go.
  std::string registry_url(const Reference& repository, const std::string& base,
                           const std::string& location) const;

  // Sends `request`, trying again on 429, 5xx and connection errors; no credentials.
  std::unique_ptr<http::Transfer> start(const http::Request& request,
                                        const std::string& subject) const;
  // Sends `request` to the repository's registry with the credentials it asks for (a 401 is
  // answered once); 401 and 403 are errors. The caller checks other statuses.
  std::unique_ptr<http::Transfer> send(const Reference& repository, const Scopes& scopes,
                                       const http::Request& request);
  // The kIo error for an unexpected answer about `what`, with the registry's own error code.
  [[noreturn]] static void fail(const std::string& subject, http::Transfer& transfer,
                                const std::string& what);

  // The manifest or index `reference` names, checked against its digest; nullopt on 404.
  std::optional<FetchedManifest> fetch_manifest(const Reference& reference);
  // PUTs a manifest; returns its descriptor and the registry's answer's header fields.
  std::pair<Descriptor, http::Headers> put_manifest(const Reference& reference,
                                                    std::string_view media_type,
                                                    std::string_view bytes);

  ClientOptions options;
  http::Transport transport;
  Authenticator auth;

  // Registries seen to lack the referrers API (a 404 that is no distribution error: the route
  // does not exist). Listing referrers there goes straight to the referrers tag, a request
  // fewer for every verdict of a long-running webhook.
  std::mutex referrers_mutex;
  std::set<std::string> without_referrers_api;

  // Small blobs by registry, repository and digest: a verdict reads the same signature and
  // attestation blobs as the last one did for the image.
  ContentCache blobs{32 << 20};
};

}  // namespace hallmark::registry
