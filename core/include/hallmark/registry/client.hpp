// The OCI distribution client (libcurl): manifests and indexes checked against their digests,
// blobs streamed and verified while read, pushes, tag listing and referrers, with the auth
// registries ask for (anonymous or basic bearer tokens, basic auth) and TLS verified.
//
// Errors: a registry that cannot be reached, refuses the credentials or answers with an error is
// kIo naming it ("registry 127.0.0.1:5000: connection refused"); a malformed manifest, a digest
// mismatch or an oversized document is kBadInput. Passwords and tokens appear in no message.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hallmark/crypto/digest.hpp"
#include "hallmark/registry/credentials.hpp"
#include "hallmark/registry/oci.hpp"
#include "hallmark/registry/reference.hpp"
#include "hallmark/util/byte_stream.hpp"

namespace hallmark::registry {

// Documents are read into memory, so their size is bounded: a registry cannot make us hold more.
inline constexpr uint64_t kMaxManifestSize = 4 << 20;  // manifests and indexes
inline constexpr uint64_t kMaxConfigSize = 16 << 20;   // image configs (their history can be long)

struct ClientOptions {
  // Registries (HOST[:PORT], matched exactly against Reference::registry) reached over plain
  // HTTP. Every other registry is reached over HTTPS with its certificate verified.
  std::vector<std::string> insecure_registries;
  // PEM CA certificates to verify registries with, instead of the system's.
  std::string ca_file;
  // Credentials given by the caller, by registry; they come before config.json's.
  std::map<std::string, Credentials> credentials;
  // The folder of config.json; empty means docker_config_dir() ($DOCKER_CONFIG or ~/.docker).
  std::filesystem::path docker_config_dir;
  std::chrono::milliseconds connect_timeout{10'000};
  // A transfer that moves no byte for this long fails (kIo).
  std::chrono::seconds stall_timeout{30};
  // Tries of a request when the registry answers 429 or 5xx or cannot be reached, waiting
  // first_backoff, then twice as long each time; a Retry-After is honoured up to max_retry_after.
  int max_attempts = 4;
  std::chrono::milliseconds first_backoff{200};
  std::chrono::seconds max_retry_after{10};
};

// A manifest or index as the registry served it. Its digest is computed from `bytes` and was
// checked against the requested digest or the registry's Docker-Content-Digest.
struct FetchedManifest {
  Descriptor descriptor;  // media type, digest, size
  std::string bytes;
};

// The image a reference names for one platform.
struct Image {
  crypto::Digest digest;  // what the reference resolves to (an index's digest for an index)
  std::optional<Descriptor> index;  // the index the manifest was chosen from, if any
  Descriptor descriptor;            // the chosen manifest's
  Manifest manifest;
  std::string manifest_bytes;
  ImageConfig config;
  std::string config_bytes;  // checked against manifest.config
};

// A manifest that refers to another (its `subject`): a signature, an attestation, an SBOM.
struct Referrer {
  Descriptor descriptor;
  std::string artifact_type;  // the manifest's artifactType, else its config's media type
};

// Opens the bytes of a blob to upload, anew for each try.
using BlobOpener = std::function<std::unique_ptr<util::ByteStream>()>;

// The tag under which registries without the referrers API keep an index of a manifest's
// referrers (OCI distribution 1.1, "referrers tag schema"): "sha256-<hex>". Cosign's tags
// append ".sig" or ".att" to it.
std::string referrers_tag(const crypto::Digest& subject);

// Safe to use from several threads at once; blob streams may outlive it.
class Client {
 public:
  explicit Client(ClientOptions options = {});
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // --- reading
  // The descriptor (media type, digest, size) of what `reference` names, from a HEAD request;
  // nullopt when the registry does not have it.
  std::optional<Descriptor> head_manifest(const Reference& reference);
  // The same, failing with kIo when the registry does not have it.
  Descriptor resolve(const Reference& reference);
  // The manifest or index `reference` names, at most kMaxManifestSize bytes, checked against
  // its digest. Only OCI and Docker v2 image manifests and indexes are accepted.
  FetchedManifest get_manifest(const Reference& reference);
  // The same, nullopt when the registry does not have it (one request where HEAD then GET
  // would take two: cosign's tags are looked up for every verdict).
  std::optional<FetchedManifest> find_manifest(const Reference& reference);
  // The image for `platform`: from an index, the manifest whose platform satisfies it (without
  // a platform: linux/amd64); a single manifest is taken whatever its platform unless one is
  // given. Its config is fetched and checked too. No match is kBadInput listing what is there.
  Image get_image(const Reference& reference, const std::optional<Platform>& platform);
  // A blob's bytes as they stream from the registry, never whole in memory: checked against its
  // digest and size, and failing with kBadInput naming the repository at the end of a mismatch.
  std::unique_ptr<util::ByteStream> open_blob(const Reference& repository, const Descriptor& blob);
  // A small blob (a config, a signature) whole, verified; more than `limit` bytes is kBadInput.
  std::string get_blob(const Reference& repository, const Descriptor& blob,
                       uint64_t limit = kMaxConfigSize);
  bool blob_exists(const Reference& repository, const crypto::Digest& digest);
  // Every tag of the repository, following the registry's pages.
  std::vector<std::string> list_tags(const Reference& repository);

  // --- writing
  // Uploads a blob (POST, then PUT with its digest) unless the repository already has it; with
  // `mount_from` (another repository of the same registry) the registry is first asked to
  // mount it from there. Returns whether bytes were uploaded.
  bool push_blob(const Reference& repository, const Descriptor& blob, const BlobOpener& open,
                 const std::optional<std::string>& mount_from = {});
  // Uploads a blob held in memory; returns its descriptor (with `media_type`).
  Descriptor push_blob(const Reference& repository, std::string_view bytes, std::string media_type);
  // Puts a manifest or index under the reference's tag, or its digest when it has one (which
  // must then be the digest of `bytes`). Returns the descriptor of what was put.
  Descriptor push_manifest(const Reference& reference, std::string_view media_type,
                           std::string_view bytes);

  // --- referrers (OCI distribution 1.1)
  // Whether the registry answers the referrers API (GET /v2/<name>/referrers/<digest>).
  bool supports_referrers_api(const Reference& repository);
  // The manifests whose subject is `subject`, of `artifact_type` when it is not empty: from the
  // referrers API, or, when the registry lacks it, from the referrers tag's index.
  std::vector<Referrer> referrers(const Reference& repository, const crypto::Digest& subject,
                                  std::string_view artifact_type = "");
  // Puts an OCI image manifest that has a `subject` by its digest; when the registry does not
  // index referrers itself (no OCI-Subject header in its answer), adds it to the referrers
  // tag's index. Returns the pushed manifest's descriptor.
  Referrer push_referrer(const Reference& repository, std::string_view manifest_bytes);

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace hallmark::registry
