#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "hallmark/attest/bundle.hpp"
#include "hallmark/attest/dsse.hpp"
#include "hallmark/attest/sign.hpp"
#include "hallmark/crypto/keys.hpp"
#include "hallmark/util/encoding.hpp"
#include "hallmark/util/error.hpp"
#include "hallmark/util/file.hpp"

#include "shared.hpp"

using namespace hallmark;

namespace {

util::Secret no_passphrase() {
  FAIL("a passphrase was asked for a key that is not encrypted");
  return util::Secret();
}

nlohmann::json dsse_vectors() {
  return nlohmann::json::parse(
      util::read_file(test::shared_path("upstream/dsse/test-vectors.json")));
}

}  // namespace

TEST_CASE("every key type signs and verifies, over messages and digests") {
  for (const char* name : {"ecdsa-p256", "ecdsa-p384", "ecdsa-p521", "ed25519", "rsa-2048"}) {
    CAPTURE(name);
    crypto::PrivateKey key = crypto::PrivateKey::generate(crypto::KeySpec::parse(name));
    crypto::PublicKey public_key = key.public_key();
    std::string signature = key.sign("message");
    CHECK(public_key.verify("message", signature));
    CHECK_FALSE(public_key.verify("messagf", signature));
    if (public_key.type() != crypto::KeyType::kEd25519) {
      std::string digest = crypto::digest(public_key.digest_algorithm(), "message");
      std::string prehashed = key.sign_digest(digest);
      CHECK(public_key.verify_digest(digest, prehashed));
      CHECK(public_key.verify("message", prehashed));  // the same scheme, either way
    }
    // Encrypted PKCS#8 round trip, and the wrong passphrase is a verification failure.
    std::string pem = key.to_encrypted_pem("pass");
    CHECK(pem.find("ENCRYPTED PRIVATE KEY") != std::string::npos);
    crypto::PrivateKey again = crypto::PrivateKey::from_pem(
        pem, [] { return util::Secret("pass"); }, "k");
    CHECK(again.public_key().spki_der() == public_key.spki_der());
    try {
      crypto::PrivateKey::from_pem(
          pem, [] { return util::Secret("wrong"); }, "k");
      FAIL("a wrong passphrase opened the key");
    } catch (const Error& error) {
      CHECK(error.kind() == ErrorKind::kVerification);
      CHECK(error.message() == "wrong passphrase");
    }
    CHECK(crypto::PublicKey::from_pem(public_key.to_pem(), "p").key_id() == public_key.key_id());
  }
  CHECK_THROWS_AS(crypto::KeySpec::parse("dsa-1024"), Error);
}

TEST_CASE("cosign's key vectors load or are refused as cases.json says") {
  nlohmann::json cases =
      nlohmann::json::parse(util::read_file(test::shared_path("upstream/cosign/cases.json")));
  for (const nlohmann::json& item : cases["import_keys"]) {
    std::string file = item["file"];
    CAPTURE(file);
    std::string pem = util::read_file(test::shared_path("upstream/cosign/" + file));
    bool loaded = true;
    try {
      crypto::PrivateKey::from_pem(pem, no_passphrase, file);
    } catch (const Error& error) {
      loaded = false;
      CHECK(error.kind() == ErrorKind::kBadInput);
    }
    CHECK(loaded == (item["expected"] == "pass"));
  }
  for (const nlohmann::json& item : cases["encrypted_keys"]) {
    std::string file = item["file"];
    CAPTURE(file);
    std::string pem = util::read_file(test::shared_path("upstream/cosign/" + file));
    std::string password = item["password"];
    if (item["expected"] == "pass") {
      crypto::PrivateKey key = crypto::PrivateKey::from_pem(
          pem, [&] { return util::Secret(password); }, file);
      CHECK(key.public_key().to_pem() == item["public_key_pem"].get<std::string>());
    } else {
      CHECK_THROWS_AS(crypto::PrivateKey::from_pem(
                          pem, [&] { return util::Secret(password); }, file),
                      Error);
    }
    try {
      crypto::PrivateKey::from_pem(
          pem, [] { return util::Secret("not hello"); }, file);
      FAIL("a wrong passphrase opened a cosign key");
    } catch (const Error& error) {
      CHECK(error.message() == "wrong passphrase");
    }
  }
}

TEST_CASE("DSSE: PAE vectors, the spec's signature in raw and DER forms, tampering") {
  nlohmann::json vectors = dsse_vectors();
  CHECK(attest::pae(vectors["payloadType"].get<std::string>(),
                    vectors["payload_utf8"].get<std::string>()) ==
        vectors["pae_utf8"].get<std::string>());
  for (const nlohmann::json& extra : vectors["extra_pae_vectors"]) {
    std::string payload =
        extra.contains("payload_hex") ? *util::hex_decode(extra["payload_hex"].get<std::string>())
        : extra.contains("payload_utf8") ? extra["payload_utf8"].get<std::string>()
                                         : std::string();
    std::string expected = extra.contains("pae_hex")
                               ? *util::hex_decode(extra["pae_hex"].get<std::string>())
                               : extra["pae_utf8"].get<std::string>();
    CHECK(attest::pae(extra["payloadType"].get<std::string>(), payload) == expected);
  }
  crypto::PublicKey key = crypto::PublicKey::from_pem(
      util::read_file(test::shared_path("upstream/dsse/hello-world.pub.pem")), "pub");
  for (const char* file : {"hello-world.envelope.json", "hello-world.envelope.keyid.json",
                           "hello-world.envelope.urlsafe-b64.json"}) {
    CAPTURE(file);
    attest::Envelope envelope = attest::Envelope::from_json(
        nlohmann::json::parse(
            util::read_file(test::shared_path(std::string("upstream/dsse/") + file))),
        file);
    CHECK(envelope.payload == "hello world");
    CHECK(attest::envelope_verifies(envelope, key));  // raw r||s signature
    attest::Envelope tampered = envelope;
    tampered.payload = "hello worle";
    CHECK_FALSE(attest::envelope_verifies(tampered, key));
    tampered = envelope;
    tampered.payload_type = "http://example.com/HelloWorle";
    CHECK_FALSE(attest::envelope_verifies(tampered, key));
  }
  std::string der = *util::base64_decode(vectors["signature"]["der_b64"].get<std::string>());
  CHECK(key.verify(vectors["pae_utf8"].get<std::string>(), der));
  CHECK_FALSE(key.verify("hello world", der));  // over the raw payload instead of the PAE
  // RFC 6979 is deterministic: the spec's private key reproduces the spec's signature.
  crypto::PrivateKey private_key = crypto::PrivateKey::from_pem(
      util::read_file(test::shared_path("upstream/dsse/hello-world.key.pem")), no_passphrase,
      "key");
  CHECK(attest::envelope_verifies(
      attest::sign_envelope("http://example.com/HelloWorld", "hello world", private_key), key));
}

TEST_CASE("bundles: v0.3 round trip; unknown versions and bad shapes are refused") {
  crypto::PrivateKey key = crypto::PrivateKey::generate({crypto::KeyType::kEcdsaP256, 0});
  attest::Statement statement;
  statement.predicate_type = attest::resolve_predicate_type("cyclonedx");
  statement.subjects.push_back(
      {.name = "app", .uri = "", .digest = {{"sha256", std::string(64, 'a')}}});
  attest::Bundle bundle = attest::sign_statement(statement, key);
  attest::Bundle parsed = attest::Bundle::parse(bundle.to_json(), "b");
  REQUIRE(parsed.envelope);
  CHECK(parsed.envelope->payload_type == attest::kInTotoPayloadType);
  CHECK(attest::envelope_verifies(*parsed.envelope, key.public_key()));
  attest::Statement back = attest::Statement::parse(parsed.envelope->payload, "s");
  CHECK(back.predicate_type == "https://cyclonedx.org/bom");
  CHECK(back.find_subject("sha256", std::string(64, 'a')) != nullptr);

  nlohmann::json document = nlohmann::json::parse(bundle.to_json());
  document["mediaType"] = "application/vnd.dev.sigstore.bundle.v0.4+json";
  CHECK_THROWS_WITH_AS(
      attest::Bundle::parse(document.dump(), "b"),
      "b: unsupported bundle media type \"application/vnd.dev.sigstore.bundle.v0.4+json\"", Error);
  document = nlohmann::json::parse(bundle.to_json());
  document["messageSignature"] = {{"signature", "AAAA"}};
  CHECK_THROWS_AS(attest::Bundle::parse(document.dump(), "b"), Error);  // two contents
  document = nlohmann::json::parse(bundle.to_json());
  document["verificationMaterial"].erase("publicKey");
  CHECK_THROWS_AS(attest::Bundle::parse(document.dump(), "b"), Error);  // no material
  CHECK_THROWS_AS(attest::Bundle::parse("{not json", "b"), Error);
  CHECK(attest::resolve_predicate_type("slsaprovenance1") == "https://slsa.dev/provenance/v1");
  CHECK_THROWS_AS(attest::resolve_predicate_type("nonsense"), Error);
}
