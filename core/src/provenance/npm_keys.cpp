// The npm registry's key list.
#include <nlohmann/json.hpp>

#include "hallmark/provenance/npm.hpp"
#include "hallmark/util/encoding.hpp"
#include "hallmark/util/error.hpp"
#include "hallmark/util/file.hpp"

namespace hallmark::provenance {
namespace {

std::optional<util::Clock::time_point> time_at(const nlohmann::json& window, const char* key,
                                               const std::string& path) {
  auto member = window.find(key);
  if (member == window.end() || member->is_null()) return std::nullopt;
  std::optional<util::Clock::time_point> time =
      member->is_string() ? util::parse_rfc3339(member->get<std::string>()) : std::nullopt;
  if (!time) throw_bad_input(path, std::string("a key's validFor.") + key + " is not a time");
  return time;
}

}  // namespace

NpmKeys NpmKeys::load(const std::string& path) {
  nlohmann::json document = nlohmann::json::parse(util::read_file(path), nullptr, false);
  const nlohmann::json& list =
      document.is_object() ? document.value("keys", nlohmann::json()) : nlohmann::json();
  if (!list.is_array()) throw_bad_input(path, "not an npm registry key list ({\"keys\": [...]})");
  NpmKeys keys;
  for (const nlohmann::json& entry : list) {
    const nlohmann::json& public_key =
        entry.is_object() ? entry.value("publicKey", nlohmann::json()) : nlohmann::json();
    std::optional<std::string> der = public_key.is_object()
                                         ? util::base64_decode(public_key.value("rawBytes", ""))
                                         : std::nullopt;
    if (!der || !entry.value("keyId", nlohmann::json()).is_string())
      throw_bad_input(path, "a key has no keyId or publicKey.rawBytes");
    const nlohmann::json& window = public_key.value("validFor", nlohmann::json::object());
    keys.keys_.push_back({entry["keyId"].get<std::string>(), entry.value("keyUsage", ""),
                          crypto::PublicKey::from_spki_der(*der, path),
                          window.is_object() ? time_at(window, "start", path) : std::nullopt,
                          window.is_object() ? time_at(window, "end", path) : std::nullopt});
  }
  return keys;
}

const NpmKeys::Key* NpmKeys::attestation_key(std::string_view key_id) const {
  for (const Key& key : keys_)
    if (key.key_id == key_id && key.usage == "npm:attestations") return &key;
  return nullptr;
}

}  // namespace hallmark::provenance
