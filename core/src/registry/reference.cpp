#include "hallmark/registry/reference.hpp"

#include <regex>

#include "hallmark/util/error.hpp"
#include "hallmark/util/strings.hpp"

namespace hallmark::registry {
namespace {

// The grammar of distribution/reference (the one Docker, containerd and cosign share).
const std::regex& host_pattern() {
  static const std::regex pattern(
      R"((?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*)"
      R"(|\[[a-fA-F0-9:]+\])(?::[0-9]{1,5})?)");
  return pattern;
}

const std::regex& path_component_pattern() {
  static const std::regex pattern(R"([a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)");
  return pattern;
}

const std::regex& tag_pattern() {
  static const std::regex pattern(R"([\w][\w.-]{0,127})");
  return pattern;
}

[[noreturn]] void refuse(std::string_view text, const std::string& why) {
  throw_usage_error("\"" + util::printable(text) + "\" is not an image reference: " + why);
}

// Docker Hub answers to several names; references use one.
std::string normalize_registry(std::string_view host) {
  std::string lower = util::to_lower(host);
  if (lower == "index.docker.io" || lower == "registry-1.docker.io") return kDockerHub;
  return lower;
}

}  // namespace

Reference Reference::parse(std::string_view text) {
  Reference reference;
  std::string_view named = text;
  if (size_t at = text.find('@'); at != std::string_view::npos) {
    named = text.substr(0, at);
    try {
      reference.digest = crypto::Digest::parse(text.substr(at + 1));
    } catch (const Error& error) {
      refuse(text, error.message());
    }
  }
  size_t slash = named.find('/');
  std::string_view first = named.substr(0, slash);
  bool has_registry =
      slash != std::string_view::npos && (first.find_first_of(".:") != std::string_view::npos ||
                                          first == "localhost" || first.front() == '[');
  std::string_view path = named;
  if (has_registry) {
    if (!std::regex_match(first.begin(), first.end(), host_pattern()))
      refuse(text, "bad registry name");
    reference.registry = normalize_registry(first);
    path = named.substr(slash + 1);
  } else {
    reference.registry = kDockerHub;
  }
  if (size_t colon = path.rfind(':'); colon != std::string_view::npos) {
    reference.tag = path.substr(colon + 1);
    path = path.substr(0, colon);
    if (!std::regex_match(reference.tag, tag_pattern())) refuse(text, "bad tag");
  }
  if (path.empty()) refuse(text, "no repository");
  for (std::string_view component : util::split(path, '/'))
    if (!std::regex_match(component.begin(), component.end(), path_component_pattern()))
      refuse(text, "bad repository name (lower-case letters, digits and . _ - only)");
  reference.repository = path;
  if (reference.registry == kDockerHub && path.find('/') == std::string_view::npos)
    reference.repository = "library/" + reference.repository;
  if (reference.registry.size() + 1 + reference.repository.size() > 255)
    refuse(text, "name longer than 255 characters");
  if (reference.tag.empty() && !reference.digest) reference.tag = "latest";
  return reference;
}

std::string Reference::name() const {
  return registry + "/" + repository;
}

std::string Reference::to_string() const {
  std::string text = name();
  if (!tag.empty()) text += ":" + tag;
  if (digest) text += "@" + digest->to_string();
  return text;
}

std::string Reference::identifier() const {
  return digest ? digest->to_string() : tag;
}

std::string Reference::api_host() const {
  return registry == kDockerHub ? "registry-1.docker.io" : registry;
}

Reference Reference::at_digest(const crypto::Digest& new_digest) const {
  Reference reference = *this;
  reference.digest = new_digest;
  return reference;
}

Reference Reference::at_tag(std::string new_tag) const {
  Reference reference = *this;
  reference.tag = std::move(new_tag);
  reference.digest.reset();
  return reference;
}

}  // namespace hallmark::registry
