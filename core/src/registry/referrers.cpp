// Referrers (OCI distribution 1.1): the referrers API where the registry has it, else the
// referrers tag's index ("sha256-<hex>"), which pushes keep up to date themselves.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "hallmark/util/error.hpp"
#include "hallmark/util/strings.hpp"

#include "session.hpp"

namespace hallmark::registry {
namespace {

using nlohmann::json;

constexpr int kMaxPages = 1'000;

json parse_json(std::string_view text, const std::string& subject) {
  try {
    return json::parse(text);
  } catch (const json::parse_error& error) {
    throw_bad_input(subject, std::string("malformed JSON: ") + error.what());
  }
}

std::string string_member(const json& object, const char* key) {
  auto member = object.find(key);
  return member != object.end() && member->is_string() ? member->get<std::string>() : "";
}

// The entries of a referrers index, those of `artifact_type` when it is not empty.
void add_referrers(const std::string& index, std::string_view artifact_type,
                   const std::string& subject, std::vector<Referrer>& referrers) {
  json document = parse_json(index, subject);
  auto manifests = document.find("manifests");
  if (!document.is_object() || manifests == document.end() || !manifests->is_array())
    throw_bad_input(subject, "the referrers index has no \"manifests\" array");
  for (const json& entry : *manifests) {
    Referrer referrer{parse_descriptor(entry, subject), string_member(entry, "artifactType")};
    if (artifact_type.empty() || referrer.artifact_type == artifact_type)
      referrers.push_back(std::move(referrer));
  }
}

// Whether a 404 from the referrers endpoint says the registry has no such API, rather than no
// such repository: registries answer an unknown repository with a distribution error
// ({"errors": [...]}), an unknown route with none.
bool route_missing(http::Transfer& transfer) {
  json body = json::parse(transfer.read_body(64 << 10, "a referrers answer"), nullptr, false);
  return !(body.is_object() && body.contains("errors"));
}

bool known_without_api(Client::Impl& impl, const std::string& registry) {
  std::lock_guard lock(impl.referrers_mutex);
  return impl.without_referrers_api.count(registry) > 0;
}

void note_without_api(Client::Impl& impl, const std::string& registry) {
  std::lock_guard lock(impl.referrers_mutex);
  impl.without_referrers_api.insert(registry);
}

}  // namespace

std::string referrers_tag(const crypto::Digest& subject) {
  return std::string(crypto::algorithm_name(subject.algorithm)) + "-" + subject.hex;
}

bool Client::supports_referrers_api(const Reference& repository) {
  if (known_without_api(*impl_, repository.registry)) return false;
  // Any digest will do: a registry with the API answers 200 (an empty index) for every one.
  http::Request request;
  request.url = impl_->url(
      repository,
      "referrers/" + crypto::Digest::of(crypto::DigestAlgorithm::kSha256, "").to_string());
  request.headers.push_back("Accept: " + std::string(media_type::kOciIndex));
  std::unique_ptr<http::Transfer> transfer =
      impl_->send(repository, pull_scope(repository), request);
  long status = transfer->status();
  if (status == 404) {
    if (route_missing(*transfer)) note_without_api(*impl_, repository.registry);
    return false;
  }
  if (status != 200) Impl::fail(repository.name(), *transfer, "asking for referrers");
  return true;
}

std::vector<Referrer> Client::referrers(const Reference& repository, const crypto::Digest& subject,
                                        std::string_view artifact_type) {
  std::string name = repository.name() + "@" + subject.to_string();
  std::vector<Referrer> found;
  // No referrers API: the referrers tag's index, when anyone has written one.
  auto from_referrers_tag = [&] {
    std::optional<FetchedManifest> index =
        impl_->fetch_manifest(repository.at_tag(referrers_tag(subject)));
    if (!index) return found;
    if (!is_index_media_type(index->descriptor.media_type))
      throw_bad_input(name, "the referrers tag " + referrers_tag(subject) + " is not an index");
    add_referrers(index->bytes, artifact_type, name, found);
    return found;
  };
  if (known_without_api(*impl_, repository.registry)) return from_referrers_tag();
  std::string url = impl_->url(repository, "referrers/" + subject.to_string());
  if (!artifact_type.empty()) url += "?artifactType=" + http::query_escape(artifact_type);
  for (int page = 0; page < kMaxPages; ++page) {
    http::Request request;
    request.url = url;
    request.headers.push_back("Accept: " + std::string(media_type::kOciIndex));
    std::unique_ptr<http::Transfer> transfer =
        impl_->send(repository, pull_scope(repository), request);
    long status = transfer->status();
    if (status == 404 && page == 0) {
      if (route_missing(*transfer)) note_without_api(*impl_, repository.registry);
      transfer.reset();
      return from_referrers_tag();
    }
    if (status != 200) Impl::fail(name, *transfer, "referrers");
    // A registry that did not filter (it says which filters it applied) leaves it to us.
    std::string applied = transfer->headers().get("oci-filters-applied").value_or("");
    bool filtered = applied.find("artifactType") != std::string::npos;
    add_referrers(transfer->read_body(kMaxManifestSize, "a page of referrers"),
                  filtered ? "" : artifact_type, name, found);
    std::optional<std::string> next = http::next_link(transfer->headers());
    if (!next) return found;
    url = impl_->registry_url(repository, transfer->url(), *next);
  }
  throw_io_error(Impl::subject(repository),
                 "lists referrers over more than " + std::to_string(kMaxPages) + " pages");
}

Referrer Client::push_referrer(const Reference& repository, std::string_view manifest_bytes) {
  std::string name = repository.name();
  json manifest = parse_json(manifest_bytes, name);
  if (!manifest.is_object() || string_member(manifest, "mediaType") != media_type::kOciManifest)
    throw_bad_input(name, "a referrer must be an OCI image manifest that states its media type");
  auto subject_member = manifest.find("subject");
  if (subject_member == manifest.end()) throw_bad_input(name, "the referrer has no \"subject\"");
  Descriptor subject = parse_descriptor(*subject_member, name);
  Referrer referrer;
  referrer.artifact_type = string_member(manifest, "artifactType");
  if (referrer.artifact_type.empty())
    referrer.artifact_type = parse_manifest(std::string(manifest_bytes), name).config.media_type;
  if (auto annotations = manifest.find("annotations");
      annotations != manifest.end() && annotations->is_object())
    for (const auto& [key, value] : annotations->items())
      if (value.is_string()) referrer.descriptor.annotations[key] = value.get<std::string>();
  crypto::Digest digest = crypto::Digest::of(crypto::DigestAlgorithm::kSha256, manifest_bytes);
  auto [descriptor, headers] =
      impl_->put_manifest(repository.at_digest(digest), media_type::kOciManifest, manifest_bytes);
  referrer.descriptor.media_type = descriptor.media_type;
  referrer.descriptor.digest = descriptor.digest;
  referrer.descriptor.size = descriptor.size;
  // A registry that indexes referrers itself says so; otherwise the referrers tag is ours to
  // keep up to date.
  if (headers.get("oci-subject")) return referrer;
  Reference tag = repository.at_tag(referrers_tag(subject.digest));
  std::optional<FetchedManifest> existing = impl_->fetch_manifest(tag);
  json index = existing ? parse_json(existing->bytes, name)
                        : json{{"schemaVersion", 2},
                               {"mediaType", media_type::kOciIndex},
                               {"manifests", json::array()}};
  if (existing && !is_index_media_type(existing->descriptor.media_type))
    throw_bad_input(name, "the referrers tag " + tag.tag + " is not an index");
  json& entries = index["manifests"];
  bool listed = std::any_of(entries.begin(), entries.end(), [&](const json& entry) {
    return string_member(entry, "digest") == digest.to_string();
  });
  if (!listed) {
    json entry = {{"mediaType", referrer.descriptor.media_type},
                  {"digest", digest.to_string()},
                  {"size", referrer.descriptor.size},
                  {"artifactType", referrer.artifact_type}};
    if (!referrer.descriptor.annotations.empty())
      entry["annotations"] = referrer.descriptor.annotations;
    entries.push_back(std::move(entry));
    std::string bytes = index.dump();
    impl_->put_manifest(tag, media_type::kOciIndex, bytes);
  }
  return referrer;
}

}  // namespace hallmark::registry
