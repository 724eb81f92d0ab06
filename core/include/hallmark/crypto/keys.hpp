// Signing keys, OpenSSL 3 EVP behind an opaque interface (as Tink does it): key material never
// leaves the key objects; callers sign and verify. Supported: ECDSA P-256 (default), P-384 and
// P-521, Ed25519, RSA 2048 to 4096 bits. Anything weaker, or anything else, is refused.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "hallmark/crypto/digest.hpp"
#include "hallmark/util/secret.hpp"

typedef struct evp_pkey_st EVP_PKEY;

namespace hallmark::crypto {

enum class KeyType { kEcdsaP256, kEcdsaP384, kEcdsaP521, kEd25519, kRsa };

// What `keygen --type` names: ecdsa-p256, ecdsa-p384, ed25519, rsa-3072, rsa-4096.
struct KeySpec {
  KeyType type = KeyType::kEcdsaP256;
  int rsa_bits = 0;
  static KeySpec parse(std::string_view name);  // kUsage for an unknown name
};

// Signs. The signature scheme is the key's: ECDSA (DER signatures) with SHA-256/384/512 for
// P-256/384/521, Ed25519 (pure), RSA PKCS#1 v1.5 with SHA-256 (as cosign).
class Signer {
 public:
  virtual ~Signer() = default;
  virtual std::string sign(std::string_view message) const = 0;
};

// Verifies. A signature that does not verify is `false`, never an exception; malformed keys were
// refused when the key was loaded.
class Verifier {
 public:
  virtual ~Verifier() = default;
  virtual bool verify(std::string_view message, std::string_view signature) const = 0;
};

class PublicKey : public Verifier {
 public:
  // SubjectPublicKeyInfo PEM, PKCS#1 "RSA PUBLIC KEY" PEM, or an X.509 certificate PEM (its
  // key). kBadInput naming `subject` for anything else or a refused key.
  static PublicKey from_pem(std::string_view pem, const std::string& subject);
  static PublicKey from_spki_der(std::string_view der, const std::string& subject);
  // A PKCS#1 RSAPublicKey (how some trust roots hold RSA log keys).
  static PublicKey from_pkcs1_rsa_der(std::string_view der, const std::string& subject);
  // Takes a reference to an OpenSSL key (from a certificate, say), checking it is allowed.
  static PublicKey from_native(EVP_PKEY* key, const std::string& subject);

  KeyType type() const { return type_; }
  int bits() const;
  std::string describe() const;  // "ECDSA P-256", "RSA 3072", "Ed25519"
  std::string spki_der() const;
  // The 32 raw bytes of an Ed25519 key (C2SP note key IDs hash them); empty for other keys.
  std::string raw_ed25519() const;
  std::string to_pem() const;
  // base64 of SHA-256 of the SubjectPublicKeyInfo: how bundles hint at the key that signed.
  std::string key_id() const;
  // The digest the key's scheme signs (SHA-256 for Ed25519 bundles, whose scheme has none).
  DigestAlgorithm digest_algorithm() const;

  bool verify(std::string_view message, std::string_view signature) const override;
  // Verifies a signature made over a message of which only `digest` is known, computed with
  // `algorithm` (default: digest_algorithm(); some signers pair P-384 keys with SHA-256). Not
  // possible for Ed25519 (pure), which returns false.
  bool verify_digest(std::string_view digest, std::string_view signature,
                     std::optional<DigestAlgorithm> algorithm = std::nullopt) const;

  EVP_PKEY* native() const { return key_.get(); }

 private:
  // The DER encoding, made on first use and shared by copies: OpenSSL 3 encodes through its
  // provider lookup, costly enough to show in every key-based verdict of the webhook.
  struct Encoding {
    std::once_flag once;
    std::string spki_der;
  };

  PublicKey(std::shared_ptr<EVP_PKEY> key, KeyType type)
      : key_(std::move(key)), type_(type), encoding_(std::make_shared<Encoding>()) {}
  std::shared_ptr<EVP_PKEY> key_;
  KeyType type_;
  std::shared_ptr<Encoding> encoding_;
};

class PrivateKey : public Signer {
 public:
  using PassphraseProvider = std::function<util::Secret()>;

  static PrivateKey generate(const KeySpec& spec);
  // PKCS#8 (plain or encrypted), SEC1 "EC PRIVATE KEY", PKCS#1 "RSA PRIVATE KEY", and cosign's
  // "ENCRYPTED SIGSTORE PRIVATE KEY" / "ENCRYPTED COSIGN PRIVATE KEY" (scrypt + NaCl
  // secretbox). `passphrase` is asked only for an encrypted key; a wrong one is kVerification
  // "wrong passphrase". A malformed or refused key is kBadInput naming `subject`.
  static PrivateKey from_pem(std::string_view pem, const PassphraseProvider& passphrase,
                             const std::string& subject);

  // Encrypted PKCS#8 PEM: PBES2 with scrypt (N=2^14, r=8, p=1, what OpenSSL's readers accept)
  // and AES-256-CBC.
  std::string to_encrypted_pem(std::string_view passphrase) const;
  PublicKey public_key() const;

  std::string sign(std::string_view message) const override;
  // Signs a message known only by its digest (computed with public_key().digest_algorithm()),
  // so a large file is read once, streaming. Not possible for Ed25519: kUsage.
  std::string sign_digest(std::string_view digest) const;

 private:
  PrivateKey(std::shared_ptr<EVP_PKEY> key, KeyType type) : key_(std::move(key)), type_(type) {}
  std::shared_ptr<EVP_PKEY> key_;
  KeyType type_;
};

// The first PEM block of `text`: its type ("CERTIFICATE", "PUBLIC KEY") and decoded bytes;
// nullopt when there is none.
struct PemBlock {
  std::string type;
  std::string der;
};
std::optional<PemBlock> pem_decode(std::string_view text);

// Key files, as the tools take them: the passphrase is asked (util::read_passphrase) only when
// the key is encrypted.
PrivateKey load_private_key(const std::string& path, const util::PassphraseSource& passphrase);
PublicKey load_public_key(const std::string& path);

}  // namespace hallmark::crypto
