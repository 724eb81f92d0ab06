// cosign's encrypted private key envelope (pkg/cosign/keys.go, go-securesystemslib/encrypted):
// PEM "ENCRYPTED SIGSTORE PRIVATE KEY" (or the legacy "ENCRYPTED COSIGN PRIVATE KEY") around
// JSON {kdf: scrypt N/r/p + salt, cipher: nacl/secretbox + nonce, ciphertext}.
#pragma once

#include <string>
#include <string_view>

#include "hallmark/util/secret.hpp"

namespace hallmark::crypto {

// The PKCS#8 DER the envelope holds. A wrong passphrase is kVerification "wrong passphrase";
// a malformed envelope kBadInput naming `subject`.
util::Secret decrypt_cosign_key(std::string_view envelope_json, std::string_view passphrase,
                                const std::string& subject);

}  // namespace hallmark::crypto
