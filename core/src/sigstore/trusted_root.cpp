#include "hallmark/sigstore/trusted_root.hpp"

#include <nlohmann/json.hpp>

#include "hallmark/util/encoding.hpp"
#include "hallmark/util/error.hpp"
#include "hallmark/util/file.hpp"

namespace hallmark::sigstore {
namespace {

using nlohmann::json;

class Reader {
 public:
  explicit Reader(const std::string& subject) : subject_(subject) {}

  [[noreturn]] void fail(const std::string& what) const {
    throw_bad_input(subject_, "trusted root: " + what);
  }

  std::string bytes(const json& holder, const char* key, const std::string& what) const {
    auto member = holder.find(key);
    if (member == holder.end() || !member->is_string()) fail(what + " has no " + key);
    std::optional<std::string> decoded = util::base64_decode_any(member->get<std::string>());
    if (!decoded || decoded->empty()) fail(what + ": " + key + " is not base64");
    return *decoded;
  }

  ValidityWindow window(const json& holder, const std::string& what) const {
    auto valid_for = holder.find("validFor");
    if (valid_for == holder.end() || !valid_for->is_object()) fail(what + " has no validFor");
    auto start = valid_for->find("start");
    if (start == valid_for->end() || !start->is_string()) fail(what + ": validFor has no start");
    ValidityWindow window;
    std::optional<util::Clock::time_point> begin = util::parse_rfc3339(start->get<std::string>());
    if (!begin) fail(what + ": validFor.start is not a time");
    window.start = *begin;
    if (auto end = valid_for->find("end"); end != valid_for->end() && !end->is_null()) {
      if (!end->is_string()) fail(what + ": validFor.end is not a time");
      window.end = util::parse_rfc3339(end->get<std::string>());
      if (!window.end) fail(what + ": validFor.end is not a time");
    }
    return window;
  }

  TransparencyLog log(const json& entry, const std::string& what) const {
    if (!entry.is_object()) fail(what + " is not an object");
    auto public_key = entry.find("publicKey");
    if (public_key == entry.end() || !public_key->is_object()) fail(what + " has no publicKey");
    auto log_id = entry.find("logId");
    if (log_id == entry.end() || !log_id->is_object()) fail(what + " has no logId");
    TransparencyLog log{entry.value("baseUrl", ""), bytes(*log_id, "keyId", what + " logId"),
                        std::nullopt, "", window(*public_key, what + " publicKey")};
    std::string raw = bytes(*public_key, "rawBytes", what + " publicKey");
    try {
      // PKIX_* details hold a SubjectPublicKeyInfo; PKCS1_RSA_* a bare RSAPublicKey.
      log.key = public_key->value("keyDetails", "").starts_with("PKCS1_")
                    ? crypto::PublicKey::from_pkcs1_rsa_der(raw, what)
                    : crypto::PublicKey::from_spki_der(raw, what);
    } catch (const Error& error) {
      // A log whose key Hallmark refuses cannot vouch for anything; the rest of the root stands.
      log.key_problem = error.message();
    }
    return log;
  }

  CertificateAuthority authority(const json& entry, const std::string& what) const {
    if (!entry.is_object()) fail(what + " is not an object");
    CertificateAuthority authority;
    authority.uri = entry.value("uri", "");
    const json& chain = entry.value("certChain", json::object());
    const json& certificates = chain.is_object() ? chain.value("certificates", json()) : json();
    if (!certificates.is_array() || certificates.empty()) fail(what + " has no certChain");
    for (const json& certificate : certificates)
      authority.chain.push_back(Certificate::from_der(
          bytes(certificate, "rawBytes", what + " certificate"), subject_ + ": " + what));
    // Trust material is checked once, here, so that verifications can anchor at any of its
    // certificates without re-checking signatures the root vouches for.
    for (size_t i = 0; i + 1 < authority.chain.size(); ++i)
      if (!authority.chain[i + 1].issued(authority.chain[i]))
        fail(what + ": certificate " + std::to_string(i + 1) + " did not issue certificate " +
             std::to_string(i));
    if (entry.contains("validFor") && !entry["validFor"].is_null())
      authority.valid_for = window(entry, what);
    return authority;
  }

  template <typename T, typename Read>
  std::vector<T> list(const json& root, const char* key, Read read) const {
    std::vector<T> items;
    auto member = root.find(key);
    if (member == root.end()) return items;
    if (!member->is_array()) fail(std::string(key) + " is not a list");
    for (size_t i = 0; i < member->size(); ++i)
      items.push_back(read((*member)[i], std::string(key) + "[" + std::to_string(i) + "]"));
    return items;
  }

 private:
  const std::string& subject_;
};

const TransparencyLog* find_log(const std::vector<TransparencyLog>& logs, std::string_view key_id) {
  for (const TransparencyLog& log : logs)
    if (log.key_id == key_id) return &log;
  return nullptr;
}

}  // namespace

std::string TransparencyLog::checkpoint_name() const {
  std::string_view name = base_url;
  if (size_t scheme = name.find("://"); scheme != std::string_view::npos)
    name.remove_prefix(scheme + 3);
  return std::string(name.substr(0, name.find('/')));
}

TrustedRoot TrustedRoot::parse(std::string_view text, const std::string& subject) {
  json document = json::parse(text, nullptr, false);
  Reader reader(subject);
  if (!document.is_object()) reader.fail("not a JSON object");
  std::string media_type = document.value("mediaType", "");
  if (!media_type.starts_with("application/vnd.dev.sigstore.trustedroot"))
    reader.fail("unsupported media type \"" + media_type + "\"");
  TrustedRoot root;
  auto log = [&](const json& entry, const std::string& what) { return reader.log(entry, what); };
  auto authority = [&](const json& entry, const std::string& what) {
    return reader.authority(entry, what);
  };
  root.tlogs = reader.list<TransparencyLog>(document, "tlogs", log);
  root.ctlogs = reader.list<TransparencyLog>(document, "ctlogs", log);
  root.certificate_authorities =
      reader.list<CertificateAuthority>(document, "certificateAuthorities", authority);
  root.timestamp_authorities =
      reader.list<CertificateAuthority>(document, "timestampAuthorities", authority);
  return root;
}

TrustedRoot TrustedRoot::load(const std::string& path) {
  return parse(util::read_file(path), path);
}

const TransparencyLog* TrustedRoot::find_tlog(std::string_view key_id) const {
  return find_log(tlogs, key_id);
}

const TransparencyLog* TrustedRoot::find_ctlog(std::string_view key_id) const {
  return find_log(ctlogs, key_id);
}

}  // namespace hallmark::sigstore
