// Tag listing, page by page as the registry links them.
#include <nlohmann/json.hpp>

#include "hallmark/util/error.hpp"

#include "session.hpp"

namespace hallmark::registry {
namespace {

// Pages are followed this many times at most: a registry that links in circles cannot keep
// the client busy forever.
constexpr int kMaxPages = 10'000;

}  // namespace

std::vector<std::string> Client::list_tags(const Reference& repository) {
  std::string name = repository.name();
  std::vector<std::string> tags;
  std::string url = impl_->url(repository, "tags/list?n=1000");
  for (int page = 0; page < kMaxPages; ++page) {
    http::Request request;
    request.url = url;
    request.headers.push_back("Accept: application/json");
    std::unique_ptr<http::Transfer> transfer =
        impl_->send(repository, pull_scope(repository), request);
    if (transfer->status() != 200) Impl::fail(name, *transfer, "listing tags");
    std::string body = transfer->read_body(kMaxManifestSize, "a page of tags");
    try {
      nlohmann::json document = nlohmann::json::parse(body);
      const nlohmann::json& page_tags = document.at("tags");
      if (!page_tags.is_null())
        for (const nlohmann::json& tag : page_tags)
          tags.push_back(tag.get<std::string>());
    } catch (const nlohmann::json::exception& error) {
      throw_bad_input(name, std::string("malformed tag list: ") + error.what());
    }
    std::optional<std::string> next = http::next_link(transfer->headers());
    if (!next) return tags;
    url = impl_->registry_url(repository, transfer->url(), *next);
  }
  throw_io_error(Impl::subject(repository),
                 "lists tags over more than " + std::to_string(kMaxPages) + " pages");
}

}  // namespace hallmark::registry
