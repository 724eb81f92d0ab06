// Owning handles for the OpenSSL objects the crypto area uses.
#pragma once

#include <memory>
#include <string>

#include <openssl/bio.h>
#include <openssl/evp.h>

namespace hallmark::crypto {

struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
using Bio = std::unique_ptr<BIO, BioFree>;

struct PkeyContextFree {
  void operator()(EVP_PKEY_CTX* context) const { EVP_PKEY_CTX_free(context); }
};
using PkeyContext = std::unique_ptr<EVP_PKEY_CTX, PkeyContextFree>;

class DigestContext {
 public:
  DigestContext() : context_(EVP_MD_CTX_new()) {}
  ~DigestContext() { EVP_MD_CTX_free(context_); }
  DigestContext(const DigestContext&) = delete;
  DigestContext& operator=(const DigestContext&) = delete;
  EVP_MD_CTX* get() const { return context_; }

 private:
  EVP_MD_CTX* context_;
};

inline std::string bio_contents(BIO* bio) {
  char* data = nullptr;
  long length = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(length > 0 ? length : 0));
}

}  // namespace hallmark::crypto
