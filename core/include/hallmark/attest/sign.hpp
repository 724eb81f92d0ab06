// Making what `hallmark-sign` writes: Sigstore bundles v0.3 for blobs (messageSignature) and
// for in-toto attestations (DSSE), and cosign-style detached signatures.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "hallmark/attest/bundle.hpp"
#include "hallmark/attest/statement.hpp"
#include "hallmark/crypto/keys.hpp"

namespace hallmark::attest {

struct SignedBlob {
  Bundle bundle;
  std::string signature;  // raw signature bytes; base64 of them is the detached .sig cosign writes
};

// Signs a file: its digest is computed in one streaming read (the whole file is read only for
// Ed25519, whose scheme signs messages, not digests).
SignedBlob sign_blob(const std::string& path, const crypto::PrivateKey& key);
// The same over bytes in memory (a simple-signing payload).
SignedBlob sign_message(std::string_view content, const crypto::PrivateKey& key);

// A bundle holding `statement` in a DSSE envelope signed by `key`.
Bundle sign_statement(const Statement& statement, const crypto::PrivateKey& key);

// The statement's subject for a file: its name (as given) and SHA-256.
ResourceDescriptor file_subject(const std::string& path);

}  // namespace hallmark::attest
