#include "hallmark/sigstore/tlog_entry.hpp"

#include <charconv>

#include <nlohmann/json.hpp>

#include "hallmark/util/encoding.hpp"
#include "hallmark/util/error.hpp"

namespace hallmark::sigstore {
namespace {

using nlohmann::json;

class Reader {
 public:
  explicit Reader(const std::string& subject) : subject_(subject) {}

  [[noreturn]] void fail(const std::string& what) const { throw_bad_input(subject_, what); }

  const json& object(const json& holder, const char* key, bool required) const {
    static const json kEmpty = json::object();
    auto member = holder.find(key);
    if (member == holder.end() || member->is_null()) {
      if (required) fail(std::string("missing ") + key);
      return kEmpty;
    }
    if (!member->is_object()) fail(std::string(key) + " is not an object");
    return *member;
  }

  // protobuf JSON writes int64 as a decimal string; a number is accepted too.
  int64_t integer(const json& holder, const char* key, bool required) const {
    auto member = holder.find(key);
    if (member == holder.end() || member->is_null()) {
      if (required) fail(std::string("missing ") + key);
      return 0;
    }
    int64_t value = 0;
    if (member->is_number_integer()) {
      value = member->get<int64_t>();
    } else if (member->is_string()) {
      const std::string& text = member->get_ref<const std::string&>();
      auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
      if (error != std::errc() || end != text.data() + text.size())
        fail(std::string(key) + " is not an integer");
    } else {
      fail(std::string(key) + " is not an integer");
    }
    if (value < 0) fail(std::string(key) + " is negative");
    return value;
  }

  std::string bytes(const json& holder, const char* key, bool required) const {
    auto member = holder.find(key);
    if (member == holder.end() || member->is_null()) {
      if (required) fail(std::string("missing ") + key);
      return "";
    }
    if (!member->is_string()) fail(std::string(key) + " is not base64");
    std::optional<std::string> decoded = util::base64_decode_any(member->get<std::string>());
    if (!decoded) fail(std::string(key) + " is not base64");
    return *decoded;
  }

 private:
  const std::string& subject_;
};

}  // namespace

TlogEntry TlogEntry::parse(const json& object, const std::string& subject) {
  Reader reader(subject);
  if (!object.is_object()) reader.fail("not an object");
  TlogEntry entry;
  entry.log_index = reader.integer(object, "logIndex", true);
  entry.log_id = reader.bytes(reader.object(object, "logId", true), "keyId", true);
  const json& kind_version = reader.object(object, "kindVersion", true);
  entry.kind = kind_version.value("kind", "");
  entry.version = kind_version.value("version", "");
  if (entry.kind.empty() || entry.version.empty()) reader.fail("kindVersion is incomplete");
  entry.integrated_time = reader.integer(object, "integratedTime", false);
  entry.signed_entry_timestamp =
      reader.bytes(reader.object(object, "inclusionPromise", false), "signedEntryTimestamp", false);
  const json& proof = reader.object(object, "inclusionProof", false);
  if (!proof.empty()) {
    InclusionProof parsed;
    parsed.log_index = reader.integer(proof, "logIndex", true);
    parsed.root_hash = reader.bytes(proof, "rootHash", true);
    parsed.tree_size = reader.integer(proof, "treeSize", true);
    if (auto hashes = proof.find("hashes"); hashes != proof.end()) {
      if (!hashes->is_array()) reader.fail("inclusionProof.hashes is not a list");
      for (const json& hash : *hashes) {
        std::optional<std::string> decoded =
            hash.is_string() ? util::base64_decode_any(hash.get<std::string>()) : std::nullopt;
        if (!decoded) reader.fail("an inclusion proof hash is not base64");
        parsed.hashes.push_back(*decoded);
      }
    }
    const json& checkpoint = reader.object(proof, "checkpoint", false);
    parsed.checkpoint = checkpoint.value("envelope", "");
    entry.inclusion_proof = std::move(parsed);
  }
  entry.canonicalized_body = reader.bytes(object, "canonicalizedBody", true);
  return entry;
}

}  // namespace hallmark::sigstore
