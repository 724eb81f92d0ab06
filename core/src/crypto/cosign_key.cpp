#include "cosign_key.hpp"

#include <nlohmann/json.hpp>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <sodium.h>

#include "hallmark/util/encoding.hpp"
#include "hallmark/util/error.hpp"

namespace hallmark::crypto {
namespace {

using nlohmann::json;

// Bounds on the scrypt cost a key file may ask for: cosign writes N=2^15, and N=2^16 is seen in
// the wild; a hostile file must not make us spend gigabytes or minutes.
constexpr uint64_t kMaxN = 1 << 20;
constexpr uint64_t kMaxR = 32;
constexpr uint64_t kMaxP = 16;
constexpr uint64_t kMaxScryptMemory = 1ull << 30;

std::string decoded(const json& object, const char* key, const std::string& subject) {
  auto member = object.find(key);
  if (member == object.end() || !member->is_string())
    throw_bad_input(subject, std::string("encrypted key: missing \"") + key + "\"");
  std::optional<std::string> bytes = util::base64_decode(member->get<std::string>());
  if (!bytes) throw_bad_input(subject, std::string("encrypted key: \"") + key + "\" is not base64");
  return *bytes;
}

uint64_t parameter(const json& params, const char* key, uint64_t limit,
                   const std::string& subject) {
  auto member = params.find(key);
  if (member == params.end() || !member->is_number_unsigned() || member->get<uint64_t>() == 0 ||
      member->get<uint64_t>() > limit)
    throw_bad_input(subject, std::string("encrypted key: scrypt parameter ") + key +
                                 " is missing or out of bounds");
  return member->get<uint64_t>();
}

}  // namespace

util::Secret decrypt_cosign_key(std::string_view envelope_json, std::string_view passphrase,
                                const std::string& subject) {
  json envelope = json::parse(envelope_json, nullptr, false);
  if (!envelope.is_object()) throw_bad_input(subject, "encrypted key: not a JSON object");
  const json& kdf = envelope.value("kdf", json::object());
  const json& cipher = envelope.value("cipher", json::object());
  if (kdf.value("name", "") != "scrypt")
    throw_bad_input(subject, "encrypted key: unsupported key derivation (want scrypt)");
  if (cipher.value("name", "") != "nacl/secretbox")
    throw_bad_input(subject, "encrypted key: unsupported cipher (want nacl/secretbox)");
  const json& params = kdf.value("params", json::object());
  uint64_t n = parameter(params, "N", kMaxN, subject);
  uint64_t r = parameter(params, "r", kMaxR, subject);
  uint64_t p = parameter(params, "p", kMaxP, subject);
  std::string salt = decoded(kdf, "salt", subject);
  std::string nonce = decoded(cipher, "nonce", subject);
  std::string ciphertext = decoded(envelope, "ciphertext", subject);
  if (nonce.size() != crypto_secretbox_NONCEBYTES || ciphertext.size() < crypto_secretbox_MACBYTES)
    throw_bad_input(subject, "encrypted key: malformed nonce or ciphertext");

  static const bool sodium_ready = sodium_init() >= 0;
  if (!sodium_ready) throw Error(ErrorKind::kIo, subject, "libsodium could not start");
  unsigned char key[crypto_secretbox_KEYBYTES];
  if (EVP_PBE_scrypt(passphrase.data(), passphrase.size(),
                     reinterpret_cast<const unsigned char*>(salt.data()), salt.size(), n, r, p,
                     kMaxScryptMemory, key, sizeof key) != 1)
    throw_bad_input(subject, "encrypted key: scrypt failed for these parameters");
  std::string plaintext(ciphertext.size() - crypto_secretbox_MACBYTES, '\0');
  int opened = crypto_secretbox_open_easy(
      reinterpret_cast<unsigned char*>(plaintext.data()),
      reinterpret_cast<const unsigned char*>(ciphertext.data()), ciphertext.size(),
      reinterpret_cast<const unsigned char*>(nonce.data()), key);
  OPENSSL_cleanse(key, sizeof key);
  if (opened != 0) {
    OPENSSL_cleanse(plaintext.data(), plaintext.size());
    throw Error(ErrorKind::kVerification, subject, "wrong passphrase");
  }
  return util::Secret(std::move(plaintext));
}

}  // namespace hallmark::crypto
