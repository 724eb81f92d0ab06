// Message digest implementations, fetched from OpenSSL's default provider once per process.
// OpenSSL 3 otherwise fetches them again, under a lock, every time a digest or signature starts
// (EVP_sha256() is such an implicit fetch): measurable when thousands of bundles are verified.
#pragma once

#include <openssl/evp.h>

#include "hallmark/crypto/digest.hpp"

namespace hallmark::crypto {

const EVP_MD* fetched_md(DigestAlgorithm algorithm);

}  // namespace hallmark::crypto
