// Manifests and indexes: HEAD to resolve, GET checked against the digest, the platform's image
// chosen from an index, PUT.
#include <charconv>

#include <nlohmann/json.hpp>

#include "hallmark/util/error.hpp"
#include "hallmark/util/strings.hpp"

#include "session.hpp"

namespace hallmark::registry {
namespace {

// "application/json; charset=utf-8" -> "application/json".
std::string media_type_of(const http::Headers& headers) {
  std::string type = headers.get("content-type").value_or("");
  return std::string(util::trim(std::string_view(type).substr(0, type.find(';'))));
}

std::optional<crypto::Digest> header_digest(const http::Headers& headers,
                                            const std::string& subject) {
  std::optional<std::string> value = headers.get("docker-content-digest");
  if (!value) return std::nullopt;
  return crypto::Digest::parse(*value, subject);
}

// The media type a manifest states, else the one it was served as; only image manifests and
// indexes are accepted, and they must parse.
std::string checked_media_type(const std::string& bytes, const std::string& served,
                               const std::string& subject) {
  std::string stated;
  try {
    nlohmann::json document = nlohmann::json::parse(bytes);
    if (auto member = document.find("mediaType");
        document.is_object() && member != document.end() && member->is_string())
      stated = member->get<std::string>();
  } catch (const nlohmann::json::parse_error& error) {
    throw_bad_input(subject, std::string("malformed JSON: ") + error.what());
  }
  std::string type = stated.empty() ? served : stated;
  if (is_index_media_type(type))
    parse_index(bytes, subject);
  else if (is_manifest_media_type(type))
    parse_manifest(bytes, subject, type);
  else
    throw_bad_input(subject, "unsupported manifest media type \"" + util::printable(type) + "\"");
  return type;
}

}  // namespace

std::optional<FetchedManifest> Client::Impl::fetch_manifest(const Reference& reference) {
  std::string name = reference.to_string();
  http::Request request;
  request.url = url(reference, "manifests/" + reference.identifier());
  request.headers.push_back(accept::kManifests);
  std::unique_ptr<http::Transfer> transfer = send(reference, pull_scope(reference), request);
  long status = transfer->status();
  if (status == 404) return std::nullopt;
  if (status != 200) fail(name, *transfer, "manifest");
  FetchedManifest fetched;
  fetched.bytes = transfer->read_body(kMaxManifestSize, "the manifest of " + name);
  // Digests are taken of the bytes received: neither the tag nor the registry is trusted.
  std::optional<crypto::Digest> served = header_digest(transfer->headers(), name);
  const std::optional<crypto::Digest>& expected = reference.digest ? reference.digest : served;
  crypto::DigestAlgorithm algorithm =
      expected ? expected->algorithm : crypto::DigestAlgorithm::kSha256;
  fetched.descriptor.digest = crypto::Digest::of(algorithm, fetched.bytes);
  if (expected && fetched.descriptor.digest != *expected)
    throw_bad_input(
        name, std::string("the manifest does not match ") +
                  (reference.digest ? "the digest asked for" : "the registry's digest") + " " +
                  expected->to_string() + " (its content hashes to " +
                  fetched.descriptor.digest.to_string() + ")");
  fetched.descriptor.size = fetched.bytes.size();
  fetched.descriptor.media_type =
      checked_media_type(fetched.bytes, media_type_of(transfer->headers()), name);
  return fetched;
}

std::pair<Descriptor, http::Headers> Client::Impl::put_manifest(const Reference& reference,
                                                                std::string_view media_type,
                                                                std::string_view bytes) {
  std::string name = reference.to_string();
  if (bytes.size() > kMaxManifestSize)
    throw_bad_input(name, "the manifest is larger than " + std::to_string(kMaxManifestSize) +
                              " bytes, which registries refuse");
  Descriptor descriptor;
  descriptor.media_type = media_type;
  descriptor.size = bytes.size();
  descriptor.digest = crypto::Digest::of(
      reference.digest ? reference.digest->algorithm : crypto::DigestAlgorithm::kSha256, bytes);
  if (reference.digest && descriptor.digest != *reference.digest)
    throw_bad_input(name, "the manifest to push hashes to " + descriptor.digest.to_string() +
                              ", not to the digest it is pushed under");
  http::Request request;
  request.method = "PUT";
  request.url = url(reference, "manifests/" + reference.identifier());
  request.headers.push_back("Content-Type: " + std::string(media_type));
  request.body = [bytes] { return util::memory_stream(bytes); };
  request.body_size = bytes.size();
  std::unique_ptr<http::Transfer> transfer = send(reference, push_scope(reference), request);
  long status = transfer->status();
  if (status != 201 && status != 200) fail(name, *transfer, "pushing the manifest");
  http::Headers headers = transfer->headers();
  if (std::optional<crypto::Digest> stored = header_digest(headers, name);
      stored && stored->algorithm == descriptor.digest.algorithm && *stored != descriptor.digest)
    throw_io_error(Impl::subject(reference), "stored the manifest as " + stored->to_string() +
                                                 ", not as " + descriptor.digest.to_string());
  return {descriptor, headers};
}

std::optional<Descriptor> Client::head_manifest(const Reference& reference) {
  std::string name = reference.to_string();
  http::Request request;
  request.method = "HEAD";
  request.url = impl_->url(reference, "manifests/" + reference.identifier());
  request.headers.push_back(accept::kManifests);
  std::unique_ptr<http::Transfer> transfer = impl_->send(reference, pull_scope(reference), request);
  long status = transfer->status();
  if (status == 404) return std::nullopt;
  if (status != 200) Impl::fail(name, *transfer, "manifest");
  const http::Headers& headers = transfer->headers();
  std::optional<crypto::Digest> digest = header_digest(headers, name);
  if (digest && reference.digest && *digest != *reference.digest)
    throw_bad_input(name, "the registry says the manifest's digest is " + digest->to_string() +
                              ", not the one asked for");
  if (!digest) digest = reference.digest;
  // A registry that does not say the digest: it is computed from the manifest itself.
  if (!digest) return get_manifest(reference).descriptor;
  Descriptor descriptor;
  descriptor.digest = *digest;
  descriptor.media_type = media_type_of(headers);
  std::string length = headers.get("content-length").value_or("0");
  std::from_chars(length.data(), length.data() + length.size(), descriptor.size);
  return descriptor;
}

Descriptor Client::resolve(const Reference& reference) {
  std::optional<Descriptor> descriptor = head_manifest(reference);
  if (!descriptor) throw_io_error(reference.to_string(), "not found in the registry");
  return *descriptor;
}

std::optional<FetchedManifest> Client::find_manifest(const Reference& reference) {
  return impl_->fetch_manifest(reference);
}

FetchedManifest Client::get_manifest(const Reference& reference) {
  std::optional<FetchedManifest> fetched = impl_->fetch_manifest(reference);
  if (!fetched) throw_io_error(reference.to_string(), "not found in the registry");
  return *std::move(fetched);
}

Image Client::get_image(const Reference& reference, const std::optional<Platform>& platform) {
  std::string name = reference.to_string();
  FetchedManifest top = get_manifest(reference);
  Image image;
  image.digest = top.descriptor.digest;
  Platform wanted = platform.value_or(Platform::parse("linux/amd64"));
  std::optional<FetchedManifest> chosen;
  if (is_index_media_type(top.descriptor.media_type)) {
    image.index = top.descriptor;
    std::string present;
    for (const Descriptor& entry : parse_index(top.bytes, name).manifests) {
      // Other entries (nested indexes, attestation manifests) are not images of a platform.
      if (!is_manifest_media_type(entry.media_type)) continue;
      std::optional<FetchedManifest> candidate;
      Platform entry_platform;
      if (entry.platform) {
        entry_platform = *entry.platform;
      } else {
        // An entry that does not say its platform: its config does.
        candidate = get_manifest(reference.at_digest(entry.digest));
        Manifest manifest =
            parse_manifest(candidate->bytes, name, candidate->descriptor.media_type);
        entry_platform = parse_config(get_blob(reference, manifest.config), name).platform;
      }
      if (entry_platform.satisfies(wanted)) {
        chosen = candidate ? std::move(candidate) : get_manifest(reference.at_digest(entry.digest));
        break;
      }
      present += (present.empty() ? "" : ", ") + entry_platform.to_string();
    }
    if (!chosen)
      throw_bad_input(name, "no image for platform " + wanted.to_string() +
                                " (present: " + (present.empty() ? "none" : present) + ")");
    if (!is_manifest_media_type(chosen->descriptor.media_type))
      throw_bad_input(name, "the index entry for " + wanted.to_string() + " is not a manifest");
  } else {
    chosen = std::move(top);
  }
  image.descriptor = chosen->descriptor;
  image.manifest = parse_manifest(chosen->bytes, name, chosen->descriptor.media_type);
  image.manifest_bytes = std::move(chosen->bytes);
  image.config_bytes = get_blob(reference, image.manifest.config, kMaxConfigSize);
  image.config = parse_config(image.config_bytes, name);
  if (!image.index && platform && !image.config.platform.satisfies(wanted))
    throw_bad_input(name, "no image for platform " + wanted.to_string() +
                              " (present: " + image.config.platform.to_string() + ")");
  return image;
}

Descriptor Client::push_manifest(const Reference& reference, std::string_view media_type,
                                 std::string_view bytes) {
  return impl_->put_manifest(reference, media_type, bytes).first;
}

}  // namespace hallmark::registry
