// The checks of the Sigstore client specification that do not involve trust roots: the
// signature over the artifact or over the DSSE envelope, the in-toto statement and its subjects.
// Each check either passes or throws hallmark::Error of kind kVerification whose message starts
// with the check's name ("signature: ...", "subject: ..."), as sigstore-js names its checks.
#pragma once

#include <string>
#include <vector>

#include "hallmark/attest/bundle.hpp"
#include "hallmark/attest/statement.hpp"
#include "hallmark/crypto/keys.hpp"
#include "hallmark/sigstore/artifact.hpp"

namespace hallmark::sigstore {

// messageSignature: the bundle's digest is the artifact's, and the signature verifies with `key`.
void check_message_signature(const attest::MessageSignature& message, const Artifact& artifact,
                             const crypto::PublicKey& key, const std::string& subject);

// A detached signature (cosign sign-blob's .sig) over the artifact.
void check_detached_signature(std::string_view signature, const Artifact& artifact,
                              const crypto::PublicKey& key, const std::string& subject);

// DSSE: some signature verifies over PAE(payloadType, payload) with `key`.
void check_envelope_signature(const attest::Envelope& envelope, const crypto::PublicKey& key,
                              const std::string& subject);

// The envelope holds an in-toto statement (payload type and content), of `predicate_type` when
// that is not empty, naming every artifact as a subject by its SHA-256.
attest::Statement check_statement(const attest::Envelope& envelope,
                                  const std::string& predicate_type,
                                  const std::vector<Artifact>& artifacts,
                                  const std::string& subject);

// Fail closed on what key-based verification cannot check: transparency log entries and
// timestamps need a trusted root.
void check_no_unverifiable_material(const attest::Bundle& bundle, const std::string& subject);

}  // namespace hallmark::sigstore
