#include "hallmark/registry/credentials.hpp"

#include <cstdlib>

#include <nlohmann/json.hpp>

#include "hallmark/registry/reference.hpp"
#include "hallmark/util/encoding.hpp"
#include "hallmark/util/error.hpp"
#include "hallmark/util/file.hpp"
#include "hallmark/util/strings.hpp"

namespace hallmark::registry {
namespace {

using nlohmann::json;

// config.json keys are written many ways: "host", "https://host", "https://host/v1/".
std::string key_host(std::string_view key) {
  for (std::string_view scheme : {"https://", "http://"})
    if (key.starts_with(scheme)) key.remove_prefix(scheme.size());
  return util::to_lower(key.substr(0, key.find('/')));
}

bool key_matches(std::string_view key, const std::string& registry) {
  std::string host = key_host(key);
  if (registry == kDockerHub)
    return host == "docker.io" || host == "index.docker.io" || host == "registry-1.docker.io";
  return host == registry;
}

[[noreturn]] void refuse_helper(const std::string& registry, const std::string& what) {
  throw_usage_error("Docker's config.json leaves the credentials for " + registry + " to " + what +
                    ", which Hallmark does not run: give a username and password instead");
}

Credentials from_entry(const json& entry, const std::string& registry, const std::string& file) {
  auto text = [&](const char* key) -> std::string {
    auto member = entry.find(key);
    if (member == entry.end() || member->is_null()) return "";
    if (!member->is_string()) throw_bad_input(file, std::string("\"") + key + "\" is not a string");
    return member->get<std::string>();
  };
  if (std::string auth = text("auth"); !auth.empty()) {
    std::optional<std::string> decoded = util::base64_decode(auth);
    util::Secret pair(std::move(decoded).value_or(""));
    size_t colon = pair.view().find(':');
    // The message names the registry, never the value: it is a password.
    if (!decoded || colon == std::string_view::npos)
      throw_bad_input(file,
                      "the \"auth\" entry for " + registry + " is not base64 of user:password");
    return {std::string(pair.view().substr(0, colon)),
            util::Secret(std::string(pair.view().substr(colon + 1)))};
  }
  if (std::string username = text("username"); !username.empty())
    return {std::move(username), util::Secret(text("password"))};
  if (!text("identitytoken").empty()) refuse_helper(registry, "an identity token (OAuth)");
  throw_bad_input(file, "the entry for " + registry + " has neither \"auth\" nor \"username\"");
}

}  // namespace

std::filesystem::path docker_config_dir() {
  if (const char* dir = std::getenv("DOCKER_CONFIG"); dir && *dir) return dir;
  if (const char* home = std::getenv("HOME"); home && *home)
    return std::filesystem::path(home) / ".docker";
  return {};
}

std::optional<Credentials> docker_config_credentials(const std::string& registry,
                                                     const std::filesystem::path& config_dir) {
  if (config_dir.empty()) return std::nullopt;
  std::filesystem::path path = config_dir / "config.json";
  std::error_code error;
  if (!std::filesystem::exists(path, error)) return std::nullopt;
  std::string file = path.string();
  json config;
  try {
    config = json::parse(util::read_file(path));
  } catch (const json::parse_error& parse_error) {
    throw_bad_input(file, std::string("malformed JSON: ") + parse_error.what());
  }
  if (!config.is_object()) throw_bad_input(file, "not a JSON object");
  if (auto helpers = config.find("credHelpers"); helpers != config.end() && helpers->is_object())
    for (const auto& [key, helper] : helpers->items())
      if (key_matches(key, registry))
        refuse_helper(registry,
                      "the credential helper \"docker-credential-" +
                          util::printable(helper.is_string() ? helper.get<std::string>() : "") +
                          "\"");
  const json* entry = nullptr;
  if (auto auths = config.find("auths"); auths != config.end() && auths->is_object())
    for (const auto& [key, value] : auths->items())
      if (key_matches(key, registry) && value.is_object()) {
        // The exact spelling wins over Docker Hub's other names.
        if (!entry || key_host(key) == registry) entry = &value;
      }
  if (!entry) return std::nullopt;
  bool empty_entry =
      !entry->contains("auth") && !entry->contains("username") && !entry->contains("identitytoken");
  if (empty_entry) {
    // `docker login` with a credsStore leaves an empty entry: the secret is in the store.
    if (auto store = config.find("credsStore"); store != config.end() && store->is_string())
      refuse_helper(registry, "the credential store \"docker-credential-" +
                                  util::printable(store->get<std::string>()) + "\"");
    return std::nullopt;
  }
  return from_entry(*entry, registry, file);
}

}  // namespace hallmark::registry
