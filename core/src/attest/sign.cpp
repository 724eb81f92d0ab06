#include "hallmark/attest/sign.hpp"

#include <filesystem>

#include "hallmark/util/encoding.hpp"
#include "hallmark/util/file.hpp"

namespace hallmark::attest {

SignedBlob sign_blob(const std::string& path, const crypto::PrivateKey& key) {
  crypto::PublicKey public_key = key.public_key();
  MessageSignature message;
  if (public_key.type() == crypto::KeyType::kEd25519) {
    std::string content = util::read_file(path);
    message.digest_algorithm = crypto::DigestAlgorithm::kSha256;
    message.digest = crypto::digest(message.digest_algorithm, content);
    message.signature = key.sign(content);
  } else {
    message.digest_algorithm = public_key.digest_algorithm();
    message.digest = crypto::digest_file(message.digest_algorithm, path);
    message.signature = key.sign_digest(message.digest);
  }
  SignedBlob signed_blob;
  signed_blob.signature = message.signature;
  signed_blob.bundle.public_key_hint = public_key.key_id();
  signed_blob.bundle.message_signature = std::move(message);
  return signed_blob;
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
