#include "hallmark/crypto/keys.hpp"

#include <cstring>

#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>

#include "hallmark/util/encoding.hpp"
#include "hallmark/util/error.hpp"
#include "hallmark/util/file.hpp"

#include "cosign_key.hpp"
#include "md.hpp"
#include "openssl_util.hpp"

namespace hallmark::crypto {
namespace {

struct Allowed {
  KeyType type;
  const char* refusal;  // non-null: why the key is refused
};

// The keys Hallmark accepts: those Sigstore's algorithm registry and cosign accept.
Allowed classify(EVP_PKEY* key) {
  switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_EC: {
      char curve[64] = {};
      size_t length = 0;
      EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, curve, sizeof curve, &length);
      if (std::strcmp(curve, "prime256v1") == 0) return {KeyType::kEcdsaP256, nullptr};
      if (std::strcmp(curve, "secp384r1") == 0) return {KeyType::kEcdsaP384, nullptr};
      if (std::strcmp(curve, "secp521r1") == 0) return {KeyType::kEcdsaP521, nullptr};
      return {KeyType::kEcdsaP256,
              "ECDSA curves weaker or other than P-256, P-384 and P-521 are refused"};
    }
    case EVP_PKEY_ED25519:
      return {KeyType::kEd25519, nullptr};
    case EVP_PKEY_RSA: {
      int bits = EVP_PKEY_get_bits(key);
      if (bits < 2048) return {KeyType::kRsa, "RSA keys under 2048 bits are refused"};
      if (bits > 4096) return {KeyType::kRsa, "RSA keys over 4096 bits are not supported"};
      return {KeyType::kRsa, nullptr};
    }
    default:
      return {KeyType::kRsa, "unsupported key type (ECDSA, Ed25519 and RSA are supported)"};
  }
}

KeyType checked_type(EVP_PKEY* key, const std::string& subject) {
  Allowed allowed = classify(key);
  if (allowed.refusal != nullptr) {
    std::string detail = allowed.type == KeyType::kRsa && EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA
                             ? " (this one has " + std::to_string(EVP_PKEY_get_bits(key)) + ")"
                             : "";
    throw_bad_input(subject, std::string(allowed.refusal) + detail);
  }
  return allowed.type;
}

// The digest the key's signature scheme uses; null for Ed25519, which hashes internally.
const EVP_MD* scheme_md(KeyType type) {
  switch (type) {
    case KeyType::kEcdsaP384:
      return fetched_md(DigestAlgorithm::kSha384);
    case KeyType::kEcdsaP521:
      return fetched_md(DigestAlgorithm::kSha512);
    case KeyType::kEd25519:
      return nullptr;
    case KeyType::kEcdsaP256:
    case KeyType::kRsa:
      break;
  }
  return fetched_md(DigestAlgorithm::kSha256);
}

// IEEE P1363 (raw r||s) ECDSA signatures, as the DSSE spec's vector is written, in the DER form
// OpenSSL verifies. Empty when `raw` is not of the key's size.
std::string p1363_to_der(EVP_PKEY* key, std::string_view raw) {
  int field = (EVP_PKEY_get_bits(key) + 7) / 8;
  if (raw.size() != static_cast<size_t>(2 * field)) return "";
  ECDSA_SIG* sig = ECDSA_SIG_new();
  BIGNUM* r = BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data()), field, nullptr);
  BIGNUM* s = BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data()) + field, field, nullptr);
  std::string der;
  if (sig != nullptr && r != nullptr && s != nullptr && ECDSA_SIG_set0(sig, r, s) == 1) {
    r = s = nullptr;  // owned by sig now
    unsigned char* out = nullptr;
    int length = i2d_ECDSA_SIG(sig, &out);
    if (length > 0) der.assign(reinterpret_cast<char*>(out), static_cast<size_t>(length));
    OPENSSL_free(out);
  }
  BN_free(r);
  BN_free(s);
  ECDSA_SIG_free(sig);
  return der;
}

bool verify_message(EVP_PKEY* key, KeyType type, std::string_view message,
                    std::string_view signature) {
  auto attempt = [&](std::string_view sig) {
    DigestContext context;
    if (EVP_DigestVerifyInit(context.get(), nullptr, scheme_md(type), nullptr, key) != 1)
      return false;
    int result = EVP_DigestVerify(
        context.get(), reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
        reinterpret_cast<const unsigned char*>(message.data()), message.size());
    return result == 1;
  };
  bool verified = attempt(signature);
  if (!verified && type != KeyType::kEd25519 && type != KeyType::kRsa) {
    std::string der = p1363_to_der(key, signature);
    if (!der.empty()) verified = attempt(der);
  }
  ERR_clear_error();
  return verified;
}

bool verify_prehashed(EVP_PKEY* key, KeyType type, const EVP_MD* md, std::string_view digest,
                      std::string_view signature) {
  if (type == KeyType::kEd25519) return false;
  auto attempt = [&](std::string_view sig) {
    PkeyContext context(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr));
    if (!context || EVP_PKEY_verify_init(context.get()) != 1 ||
        EVP_PKEY_CTX_set_signature_md(context.get(), md) != 1)
      return false;
    return EVP_PKEY_verify(context.get(), reinterpret_cast<const unsigned char*>(sig.data()),
                           sig.size(), reinterpret_cast<const unsigned char*>(digest.data()),
                           digest.size()) == 1;
  };
  bool verified = attempt(signature);
  if (!verified && type != KeyType::kRsa) {
    std::string der = p1363_to_der(key, signature);
    if (!der.empty()) verified = attempt(der);
  }
  ERR_clear_error();
  return verified;
}

std::shared_ptr<EVP_PKEY> own(EVP_PKEY* key) {
  return std::shared_ptr<EVP_PKEY>(key, &EVP_PKEY_free);
}

// One PEM block: its type name and its decoded bytes (wiped when dropped: it may be a key).
struct SecretPemBlock {
  std::string name;
  std::string header;
  util::Secret der;
};

std::optional<SecretPemBlock> read_pem(std::string_view text) {
  Bio bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
  char* name = nullptr;
  char* header = nullptr;
  unsigned char* data = nullptr;
  long length = 0;
  if (PEM_read_bio(bio.get(), &name, &header, &data, &length) != 1) {
    ERR_clear_error();
    return std::nullopt;
  }
  SecretPemBlock block{
      name, header,
      util::Secret(std::string(reinterpret_cast<char*>(data), static_cast<size_t>(length)))};
  OPENSSL_cleanse(data, static_cast<size_t>(length));
  OPENSSL_free(name);
  OPENSSL_free(header);
  OPENSSL_free(data);
  return block;
}

const unsigned char* bytes(const util::Secret& secret) {
  return reinterpret_cast<const unsigned char*>(secret.data());
}

EVP_PKEY* pkcs8_to_key(const unsigned char* der, long length) {
  const unsigned char* cursor = der;
  PKCS8_PRIV_KEY_INFO* info = d2i_PKCS8_PRIV_KEY_INFO(nullptr, &cursor, length);
  if (info == nullptr) return nullptr;
  EVP_PKEY* key = EVP_PKCS82PKEY(info);
  PKCS8_PRIV_KEY_INFO_free(info);
  return key;
}

}  // namespace

KeySpec KeySpec::parse(std::string_view name) {
  if (name == "ecdsa-p256") return {KeyType::kEcdsaP256, 0};
  if (name == "ecdsa-p384") return {KeyType::kEcdsaP384, 0};
  if (name == "ecdsa-p521") return {KeyType::kEcdsaP521, 0};
  if (name == "ed25519") return {KeyType::kEd25519, 0};
  if (name == "rsa-2048") return {KeyType::kRsa, 2048};
  if (name == "rsa-3072") return {KeyType::kRsa, 3072};
  if (name == "rsa-4096") return {KeyType::kRsa, 4096};
  throw_usage_error(
      "unknown key type \"" + std::string(name) +
      "\" (ecdsa-p256, ecdsa-p384, ecdsa-p521, ed25519, rsa-2048, rsa-3072, rsa-4096)");
}

// ---- PublicKey ----

PublicKey PublicKey::from_native(EVP_PKEY* key, const std::string& subject) {
  EVP_PKEY_up_ref(key);
  std::shared_ptr<EVP_PKEY> owned = own(key);
  KeyType type = checked_type(key, subject);
  return PublicKey(std::move(owned), type);
}

PublicKey PublicKey::from_spki_der(std::string_view der, const std::string& subject) {
  const unsigned char* cursor = reinterpret_cast<const unsigned char*>(der.data());
  EVP_PKEY* key = d2i_PUBKEY(nullptr, &cursor, static_cast<long>(der.size()));
  if (key == nullptr) {
    ERR_clear_error();
    throw_bad_input(subject, "not a DER SubjectPublicKeyInfo");
  }
  std::shared_ptr<EVP_PKEY> owned = own(key);
  KeyType type = checked_type(key, subject);
  return PublicKey(std::move(owned), type);
}

PublicKey PublicKey::from_pkcs1_rsa_der(std::string_view der, const std::string& subject) {
  const unsigned char* cursor = reinterpret_cast<const unsigned char*>(der.data());
  EVP_PKEY* key = d2i_PublicKey(EVP_PKEY_RSA, nullptr, &cursor, static_cast<long>(der.size()));
  if (key == nullptr) {
    ERR_clear_error();
    throw_bad_input(subject, "not a DER RSAPublicKey");
  }
  std::shared_ptr<EVP_PKEY> owned = own(key);
  KeyType type = checked_type(key, subject);
  return PublicKey(std::move(owned), type);
}

PublicKey PublicKey::from_pem(std::string_view pem, const std::string& subject) {
  std::optional<SecretPemBlock> block = read_pem(pem);
  if (!block) throw_bad_input(subject, "not a PEM public key");
  const unsigned char* cursor = bytes(block->der);
  long length = static_cast<long>(block->der.size());
  EVP_PKEY* key = nullptr;
  if (block->name == "PUBLIC KEY") {
    key = d2i_PUBKEY(nullptr, &cursor, length);
  } else if (block->name == "RSA PUBLIC KEY") {
    key = d2i_PublicKey(EVP_PKEY_RSA, nullptr, &cursor, length);
  } else if (block->name == "CERTIFICATE") {
    X509* certificate = d2i_X509(nullptr, &cursor, length);
    if (certificate != nullptr) key = X509_get_pubkey(certificate);
    X509_free(certificate);
  } else if (block->name.find("PRIVATE KEY") != std::string::npos) {
    throw_bad_input(subject,
                    "this is a private key; give the public key (hallmark-sign public-key)");
  } else {
    throw_bad_input(
        subject, "unsupported PEM block \"" + block->name + "\" (want PUBLIC KEY or CERTIFICATE)");
  }
  if (key == nullptr) {
    ERR_clear_error();
    throw_bad_input(subject, "malformed " + block->name);
  }
  std::shared_ptr<EVP_PKEY> owned = own(key);
  KeyType type = checked_type(key, subject);
  return PublicKey(std::move(owned), type);
}

int PublicKey::bits() const {
  return EVP_PKEY_get_bits(key_.get());
}

std::string PublicKey::describe() const {
  switch (type_) {
    case KeyType::kEcdsaP256:
      return "ECDSA P-256";
    case KeyType::kEcdsaP384:
      return "ECDSA P-384";
    case KeyType::kEcdsaP521:
      return "ECDSA P-521";
    case KeyType::kEd25519:
      return "Ed25519";
    case KeyType::kRsa:
      return "RSA " + std::to_string(bits());
  }
  return "key";
}

std::string PublicKey::spki_der() const {
  std::call_once(encoding_->once, [this] {
    unsigned char* out = nullptr;
    int length = i2d_PUBKEY(key_.get(), &out);
    encoding_->spki_der.assign(reinterpret_cast<char*>(out),
                               static_cast<size_t>(length > 0 ? length : 0));
    OPENSSL_free(out);
  });
  return encoding_->spki_der;
}

std::string PublicKey::raw_ed25519() const {
  if (type_ != KeyType::kEd25519) return "";
  std::string raw(32, '\0');
  size_t length = raw.size();
  if (EVP_PKEY_get_raw_public_key(key_.get(), reinterpret_cast<unsigned char*>(raw.data()),
                                  &length) != 1)
    return "";
  raw.resize(length);
  return raw;
}

std::string PublicKey::to_pem() const {
  Bio bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_PUBKEY(bio.get(), key_.get());
  return bio_contents(bio.get());
}

std::string PublicKey::key_id() const {
  return util::base64_encode(digest(DigestAlgorithm::kSha256, spki_der()));
}

DigestAlgorithm PublicKey::digest_algorithm() const {
  switch (type_) {
    case KeyType::kEcdsaP384:
      return DigestAlgorithm::kSha384;
    case KeyType::kEcdsaP521:
      return DigestAlgorithm::kSha512;
    default:
      return DigestAlgorithm::kSha256;
  }
}

bool PublicKey::verify(std::string_view message, std::string_view signature) const {
  return verify_message(key_.get(), type_, message, signature);
}

bool PublicKey::verify_digest(std::string_view digest, std::string_view signature,
                              std::optional<DigestAlgorithm> algorithm) const {
  const EVP_MD* md = algorithm ? fetched_md(*algorithm) : scheme_md(type_);
  return verify_prehashed(key_.get(), type_, md, digest, signature);
}

// ---- PrivateKey ----

PrivateKey PrivateKey::generate(const KeySpec& spec) {
  EVP_PKEY* key = nullptr;
  switch (spec.type) {
    case KeyType::kEcdsaP256:
      key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
      break;
    case KeyType::kEcdsaP384:
      key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-384");
      break;
    case KeyType::kEcdsaP521:
      key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-521");
      break;
    case KeyType::kEd25519:
      key = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
      break;
    case KeyType::kRsa:
      key = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(spec.rsa_bits));
      break;
  }
  if (key == nullptr) throw Error(ErrorKind::kIo, "", "OpenSSL could not generate the key");
  return PrivateKey(own(key), checked_type(key, "generated key"));
}

PrivateKey PrivateKey::from_pem(std::string_view pem, const PassphraseProvider& passphrase,
                                const std::string& subject) {
  std::optional<SecretPemBlock> block = read_pem(pem);
  if (!block) throw_bad_input(subject, "not a PEM private key");
  long length = static_cast<long>(block->der.size());
  EVP_PKEY* key = nullptr;
  if (block->name == "PRIVATE KEY") {
    key = pkcs8_to_key(bytes(block->der), length);
  } else if (block->name == "ENCRYPTED PRIVATE KEY") {
    const unsigned char* cursor = bytes(block->der);
    std::unique_ptr<X509_SIG, decltype(&X509_SIG_free)> sealed(
        d2i_X509_SIG(nullptr, &cursor, length), &X509_SIG_free);
    if (!sealed) throw_bad_input(subject, "malformed ENCRYPTED PRIVATE KEY");
    util::Secret secret = passphrase();  // may throw: `sealed` is freed either way
    PKCS8_PRIV_KEY_INFO* info =
        PKCS8_decrypt(sealed.get(), secret.data(), static_cast<int>(secret.size()));
    if (info == nullptr) {
      ERR_clear_error();
      throw Error(ErrorKind::kVerification, subject, "wrong passphrase");
    }
    key = EVP_PKCS82PKEY(info);
    PKCS8_PRIV_KEY_INFO_free(info);
  } else if (block->name == "EC PRIVATE KEY" || block->name == "RSA PRIVATE KEY") {
    if (block->header.find("ENCRYPTED") != std::string::npos)
      throw_bad_input(subject,
                      "legacy encrypted PEM keys are not supported; convert with "
                      "`openssl pkcs8 -topk8`");
    const unsigned char* cursor = bytes(block->der);
    key = d2i_PrivateKey(block->name == "EC PRIVATE KEY" ? EVP_PKEY_EC : EVP_PKEY_RSA, nullptr,
                         &cursor, length);
  } else if (block->name == "ENCRYPTED SIGSTORE PRIVATE KEY" ||
             block->name == "ENCRYPTED COSIGN PRIVATE KEY") {
    util::Secret secret = passphrase();
    util::Secret pkcs8 = decrypt_cosign_key(block->der.view(), secret.view(), subject);
    key = pkcs8_to_key(bytes(pkcs8), static_cast<long>(pkcs8.size()));
    if (key == nullptr) {
      ERR_clear_error();
      // cosign holds PKCS#8 in its envelope and refuses anything else; so do we.
      throw_bad_input(subject, "the decrypted key is not PKCS#8");
    }
  } else if (block->name.find("PUBLIC KEY") != std::string::npos || block->name == "CERTIFICATE") {
    throw_bad_input(subject, "this is a public key, not a private key");
  } else {
    throw_bad_input(subject, "unsupported PEM block \"" + block->name + "\"");
  }
  if (key == nullptr) {
    ERR_clear_error();
    throw_bad_input(subject, "malformed " + block->name);
  }
  std::shared_ptr<EVP_PKEY> owned = own(key);
  KeyType type = checked_type(key, subject);
  return PrivateKey(std::move(owned), type);
}

std::string PrivateKey::to_encrypted_pem(std::string_view passphrase) const {
  X509_ALGOR* pbe = PKCS5_pbe2_set_scrypt(EVP_aes_256_cbc(), nullptr, 16, nullptr, 1 << 14, 8, 1);
  PKCS8_PRIV_KEY_INFO* info = EVP_PKEY2PKCS8(key_.get());
  X509_SIG* sealed = nullptr;
  if (pbe != nullptr && info != nullptr)
    sealed = PKCS8_set0_pbe(passphrase.data(), static_cast<int>(passphrase.size()), info, pbe);
  PKCS8_PRIV_KEY_INFO_free(info);
  if (sealed == nullptr) {
    X509_ALGOR_free(pbe);
    throw Error(ErrorKind::kIo, "", "OpenSSL could not encrypt the key");
  }
  Bio bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_PKCS8(bio.get(), sealed);
  X509_SIG_free(sealed);
  return bio_contents(bio.get());
}

PublicKey PrivateKey::public_key() const {
  // A copy holding only the public half, so a PublicKey never carries private material.
  unsigned char* der = nullptr;
  int length = i2d_PUBKEY(key_.get(), &der);
  std::string spki(reinterpret_cast<char*>(der), static_cast<size_t>(length > 0 ? length : 0));
  OPENSSL_free(der);
  return PublicKey::from_spki_der(spki, "key");
}

std::string PrivateKey::sign(std::string_view message) const {
  DigestContext context;
  const EVP_MD* md = scheme_md(type_);
  size_t length = 0;
  if (EVP_DigestSignInit(context.get(), nullptr, md, nullptr, key_.get()) != 1 ||
      EVP_DigestSign(context.get(), nullptr, &length,
                     reinterpret_cast<const unsigned char*>(message.data()), message.size()) != 1)
    throw Error(ErrorKind::kIo, "", "OpenSSL could not sign");
  std::string signature(length, '\0');
  if (EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                     reinterpret_cast<const unsigned char*>(message.data()), message.size()) != 1)
    throw Error(ErrorKind::kIo, "", "OpenSSL could not sign");
  signature.resize(length);
  return signature;
}

std::string PrivateKey::sign_digest(std::string_view digest) const {
  if (type_ == KeyType::kEd25519) throw_usage_error("Ed25519 signs whole messages, not digests");
  PkeyContext context(EVP_PKEY_CTX_new_from_pkey(nullptr, key_.get(), nullptr));
  size_t length = 0;
  const unsigned char* in = reinterpret_cast<const unsigned char*>(digest.data());
  if (!context || EVP_PKEY_sign_init(context.get()) != 1 ||
      EVP_PKEY_CTX_set_signature_md(context.get(), scheme_md(type_)) != 1 ||
      EVP_PKEY_sign(context.get(), nullptr, &length, in, digest.size()) != 1)
    throw Error(ErrorKind::kIo, "", "OpenSSL could not sign");
  std::string signature(length, '\0');
  if (EVP_PKEY_sign(context.get(), reinterpret_cast<unsigned char*>(signature.data()), &length, in,
                    digest.size()) != 1)
    throw Error(ErrorKind::kIo, "", "OpenSSL could not sign");
  signature.resize(length);
  return signature;
}

std::optional<PemBlock> pem_decode(std::string_view text) {
  std::optional<SecretPemBlock> block = read_pem(text);
  if (!block) return std::nullopt;
  return PemBlock{block->name, std::string(block->der.view())};
}

PrivateKey load_private_key(const std::string& path, const util::PassphraseSource& passphrase) {
  util::Secret pem(util::read_file(path));
  return PrivateKey::from_pem(
      pem.view(),
      [&] { return util::read_passphrase(passphrase, "Enter the passphrase for " + path + ": "); },
      path);
}

PublicKey load_public_key(const std::string& path) {
  return PublicKey::from_pem(util::read_file(path), path);
}

}  // namespace hallmark::crypto
