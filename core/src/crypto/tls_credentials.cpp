#include "hallmark/crypto/tls_credentials.hpp"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sys/stat.h>

#include "hallmark/util/error.hpp"
#include "hallmark/util/file.hpp"
#include "hallmark/util/log.hpp"

#include "openssl_util.hpp"

namespace hallmark::crypto {

struct TlsCredentials::Pair {
  std::shared_ptr<X509> leaf;
  std::shared_ptr<STACK_OF(X509)> chain;  // the intermediates after the leaf, in file order
  std::shared_ptr<EVP_PKEY> key;
};

namespace {

Bio memory_bio(const std::string& data) {
  return Bio(BIO_new_mem_buf(data.data(), static_cast<int>(data.size())));
}

}  // namespace

TlsCredentials::TlsCredentials(std::filesystem::path certificate, std::filesystem::path key)
    : certificate_(std::move(certificate)), key_(std::move(key)) {
  seen_ = stamp();
  pair_ = load();
}

TlsCredentials::Stamp TlsCredentials::stamp() const {
  Stamp stamp;
  for (const std::filesystem::path& path : {certificate_, key_}) {
    struct stat status {};
    if (::stat(path.c_str(), &status) != 0) {
      stamp += "missing;";
      continue;
    }
    stamp += std::to_string(status.st_dev) + ":" + std::to_string(status.st_ino) + ":" +
             std::to_string(status.st_size) + ":" + std::to_string(status.st_mtim.tv_sec) + "." +
             std::to_string(status.st_mtim.tv_nsec) + ";";
  }
  return stamp;
}

std::shared_ptr<const TlsCredentials::Pair> TlsCredentials::load() const {
  std::string certificate_pem = util::read_file(certificate_);
  std::string key_pem = util::read_file(key_);
  auto pair = std::make_shared<Pair>();
  Bio certificates = memory_bio(certificate_pem);
  pair->leaf.reset(PEM_read_bio_X509(certificates.get(), nullptr, nullptr, nullptr), X509_free);
  if (!pair->leaf) throw_bad_input(certificate_.string(), "no PEM certificate in it");
  pair->chain.reset(sk_X509_new_null(),
                    [](STACK_OF(X509) * chain) { sk_X509_pop_free(chain, X509_free); });
  while (X509* next = PEM_read_bio_X509(certificates.get(), nullptr, nullptr, nullptr))
    sk_X509_push(pair->chain.get(), next);
  ERR_clear_error();  // the end of the file reads as an error
  // No passphrase callback: a server key is read unattended, so an encrypted one is refused.
  Bio key = memory_bio(key_pem);
  pair->key.reset(PEM_read_bio_PrivateKey(key.get(), nullptr, nullptr, const_cast<char*>("")),
                  EVP_PKEY_free);
  ERR_clear_error();
  if (!pair->key) throw_bad_input(key_.string(), "no unencrypted PEM private key in it");
  if (X509_check_private_key(pair->leaf.get(), pair->key.get()) != 1) {
    ERR_clear_error();
    throw_bad_input(certificate_.string(),
                    "its certificate does not match the key " + key_.string());
  }
  return pair;
}

std::shared_ptr<const TlsCredentials::Pair> TlsCredentials::current() {
  std::lock_guard lock(mutex_);
  Stamp now = stamp();
  if (now == seen_) return pair_;
  seen_ = now;
  try {
    pair_ = load();
    util::warn("TLS certificate reloaded from " + certificate_.string());
  } catch (const Error& error) {
    util::warn(std::string(error.what()) + "; still serving the previous certificate");
  }
  return pair_;
}

int TlsCredentials::on_handshake(SSL* ssl, void* self) {
  std::shared_ptr<const Pair> pair = static_cast<TlsCredentials*>(self)->current();
  if (SSL_use_certificate(ssl, pair->leaf.get()) != 1 ||
      SSL_use_PrivateKey(ssl, pair->key.get()) != 1 || SSL_set1_chain(ssl, pair->chain.get()) != 1)
    return 0;  // the handshake fails rather than going on without a certificate
  return 1;
}

void TlsCredentials::attach(SSL_CTX* context) {
  SSL_CTX_set_cert_cb(context, &TlsCredentials::on_handshake, this);
}

}  // namespace hallmark::crypto
