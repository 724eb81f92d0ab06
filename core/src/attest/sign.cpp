#include "hallmark/attest/sign.hpp"

#include <filesystem>

#include "hallmark/util/encoding.hpp"
#include "hallmark/util/file.hpp"

namespace hallmark::attest {

namespace {

SignedBlob signed_blob(const crypto::PrivateKey& key, MessageSignature message) {
  SignedBlob result;
  result.signature = message.signature;
  result.bundle.public_key_hint = key.public_key().key_id();
  result.bundle.message_signature = std::move(message);
  return result;
}

// Ed25519 signs messages, not digests: the bundle still records the message's SHA-256.
bool signs_messages(const crypto::PrivateKey& key) {
  return key.public_key().type() == crypto::KeyType::kEd25519;
}

}  // namespace

SignedBlob sign_message(std::string_view content, const crypto::PrivateKey& key) {
  MessageSignature message;
  if (signs_messages(key)) {
    message.digest_algorithm = crypto::DigestAlgorithm::kSha256;
    message.digest = crypto::digest(message.digest_algorithm, content);
    message.signature = key.sign(content);
  } else {
    message.digest_algorithm = key.public_key().digest_algorithm();
    message.digest = crypto::digest(message.digest_algorithm, content);
    message.signature = key.sign_digest(message.digest);
  }
  return signed_blob(key, std::move(message));
}

SignedBlob sign_blob(const std::string& path, const crypto::PrivateKey& key) {
  if (signs_messages(key)) return sign_message(util::read_file(path), key);
  MessageSignature message;
  message.digest_algorithm = key.public_key().digest_algorithm();
  message.digest = crypto::digest_file(message.digest_algorithm, path);
  message.signature = key.sign_digest(message.digest);
  return signed_blob(key, std::move(message));
}

Bundle sign_statement(const Statement& statement, const crypto::PrivateKey& key) {
  Bundle bundle;
  bundle.public_key_hint = key.public_key().key_id();
  bundle.envelope = sign_envelope(kInTotoPayloadType, statement.to_payload(), key);
  return bundle;
}

ResourceDescriptor file_subject(const std::string& path) {
  ResourceDescriptor subject;
  // The file name, not the path: where the file sat on the build machine is not part of it.
  subject.name = std::filesystem::path(path).filename().string();
  subject.digest["sha256"] =
      util::hex_encode(crypto::digest_file(crypto::DigestAlgorithm::kSha256, path));
  return subject;
}

}  // namespace hallmark::attest
