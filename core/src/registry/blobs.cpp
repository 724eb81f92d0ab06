// Blobs: streamed down through the transfer's bounded buffer and checked against their digest
// as they pass; uploaded (POST, then PUT with the digest) unless the repository has them.
#include "hallmark/crypto/digest_stream.hpp"
#include "hallmark/util/error.hpp"
#include "hallmark/util/log.hpp"

#include "session.hpp"

namespace hallmark::registry {
namespace {

// A response body as a ByteStream: the transfer pulls from the network as the reader pulls.
class BodyStream : public util::ByteStream {
 public:
  explicit BodyStream(std::unique_ptr<http::Transfer> transfer) : transfer_(std::move(transfer)) {}
  std::string_view next() override { return transfer_->next(); }

 private:
  std::unique_ptr<http::Transfer> transfer_;
};

std::string blob_path(const crypto::Digest& digest) {
  return "blobs/" + digest.to_string();
}

// HEAD of a blob, asked with `scopes` (a push asks with its own, so one token serves it all).
bool has_blob(Client::Impl& impl, const Reference& repository, const crypto::Digest& digest,
              const Scopes& scopes) {
  http::Request request;
  request.method = "HEAD";
  request.url = impl.url(repository, blob_path(digest));
  std::unique_ptr<http::Transfer> transfer = impl.send(repository, scopes, request);
  long status = transfer->status();
  if (status == 404) return false;
  if (status != 200) Client::Impl::fail(repository.name(), *transfer, "blob " + digest.to_string());
  return true;
}

}  // namespace

std::unique_ptr<util::ByteStream> Client::open_blob(const Reference& repository,
                                                    const Descriptor& blob) {
  std::string name = repository.name();
  http::Request request;
  request.url = impl_->url(repository, blob_path(blob.digest));
  std::unique_ptr<http::Transfer> transfer =
      impl_->send(repository, pull_scope(repository), request);
  if (transfer->status() != 200) Impl::fail(name, *transfer, "blob " + blob.digest.to_string());
  return crypto::verify_digest(std::make_unique<BodyStream>(std::move(transfer)), blob.digest, name,
                               blob.size);
}

std::string Client::get_blob(const Reference& repository, const Descriptor& blob, uint64_t limit) {
  if (blob.size > limit)
    throw_bad_input(repository.name(), "blob " + blob.digest.to_string() + " is larger than " +
                                           std::to_string(limit) + " bytes");
  std::string key =
      repository.registry + "/" + repository.repository + "@" + blob.digest.to_string();
  // A size other than the cached bytes' goes to the registry, to fail as a fresh read would.
  if (std::optional<std::string> cached = impl_->blobs.find(key);
      cached && cached->size() == blob.size)
    return std::move(*cached);
  std::unique_ptr<util::ByteStream> stream = open_blob(repository, blob);
  std::string bytes;
  // The digest check refuses more bytes than the descriptor's size, so this stays bounded.
  for (std::string_view chunk = stream->next(); !chunk.empty(); chunk = stream->next())
    bytes.append(chunk);
  impl_->blobs.store(key, bytes);
  return bytes;
}

bool Client::blob_exists(const Reference& repository, const crypto::Digest& digest) {
  return has_blob(*impl_, repository, digest, pull_scope(repository));
}

bool Client::push_blob(const Reference& repository, const Descriptor& blob, const BlobOpener& open,
                       const std::optional<std::string>& mount_from) {
  std::string name = repository.name();
  std::string what = "uploading blob " + blob.digest.to_string();
  Scopes scopes = push_scope(repository);
  if (mount_from) scopes.push_back("repository:" + *mount_from + ":pull");
  if (has_blob(*impl_, repository, blob.digest, scopes)) {
    util::explain(name + ": has blob " + blob.digest.to_string() + " already");
    return false;
  }
  http::Request start;
  start.method = "POST";
  start.url = impl_->url(repository, "blobs/uploads/");
  if (mount_from) {
    start.url += "?mount=" + http::query_escape(blob.digest.to_string()) +
                 "&from=" + http::query_escape(*mount_from);
  }
  std::unique_ptr<http::Transfer> session = impl_->send(repository, scopes, start);
  long status = session->status();
  if (status == 201 && mount_from) {
    util::explain(name + ": mounted blob " + blob.digest.to_string() + " from " + *mount_from);
    return false;
  }
  if (status != 202) Impl::fail(name, *session, what);
  std::optional<std::string> location = session->headers().get("location");
  if (!location) throw_io_error(Impl::subject(repository), what + ": no upload location");
  std::string target = impl_->registry_url(repository, session->url(), *location);
  session.reset();  // its connection is free for the upload
  target += (target.find('?') == std::string::npos ? "?" : "&") + std::string("digest=") +
            http::query_escape(blob.digest.to_string());
  http::Request put;
  put.method = "PUT";
  put.url = std::move(target);
  put.headers.push_back("Content-Type: application/octet-stream");
  // What is sent is checked too: a local file that changed under us fails here, not later.
  put.body = [&] { return crypto::verify_digest(open(), blob.digest, name, blob.size); };
  put.body_size = blob.size;
  std::unique_ptr<http::Transfer> done = impl_->send(repository, scopes, put);
  if (done->status() != 201) Impl::fail(name, *done, what);
  util::explain(name + ": uploaded blob " + blob.digest.to_string());
  return true;
}

Descriptor Client::push_blob(const Reference& repository, std::string_view bytes,
                             std::string media_type) {
  Descriptor descriptor;
  descriptor.media_type = std::move(media_type);
  descriptor.digest = crypto::Digest::of(crypto::DigestAlgorithm::kSha256, bytes);
  descriptor.size = bytes.size();
  push_blob(repository, descriptor, [bytes] { return util::memory_stream(bytes); });
  return descriptor;
}

}  // namespace hallmark::registry
