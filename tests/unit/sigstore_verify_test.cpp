// Sigstore bundle verification on bundles minted here (sigstore_fixture.hpp): each failure
// category of the client spec (and of /work/notes/sigstore-verify-spec.md, cited as "spec §")
// gets a minimal mutation of a bundle that verifies, and the error must name the check.
#include <filesystem>
#include <fstream>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <openssl/ct.h>
#include <unistd.h>

#include "hallmark/attest/bundle.hpp"
#include "hallmark/crypto/keys.hpp"
#include "hallmark/sigstore/verifier.hpp"
#include "hallmark/util/encoding.hpp"
#include "hallmark/util/error.hpp"

#include "sigstore_fixture.hpp"

using namespace hallmark;
namespace fx = hallmark::test::sigstore_fixture;
using fx::BundleBuilder;
using fx::json;
using fx::Pki;

namespace {

sigstore::IdentityPolicy expected_identity() {
  sigstore::IdentityPolicy policy;
  policy.identity = fx::kIdentity;
  policy.issuer = fx::kIssuer;
  return policy;
}

// How a test verifies: keyless with the expected identity unless it says otherwise.
struct How {
  std::optional<sigstore::IdentityPolicy> identity = expected_identity();
  std::optional<crypto::PublicKey> key;
  std::string predicate_type;
  bool with_trusted_root = true;
  bool artifact_as_file = false;  // PATH mode; the default is DIGEST mode ("sha256:HEX")
};

How with_key(const fx::Key& key) {
  How how;
  how.identity.reset();
  how.key = crypto::PublicKey::from_spki_der(fx::spki(key), "key.pub");
  return how;
}

How with_identity(sigstore::IdentityPolicy policy) {
  How how;
  how.identity = std::move(policy);
  return how;
}

// Parses what was minted, as the CLI would read it, and verifies.
sigstore::VerificationResult verify(const fx::Minted& minted, const How& how = {}) {
  attest::Bundle bundle = attest::Bundle::parse(minted.bundle.dump(), "bundle.json");
  sigstore::TrustedRoot root =
      sigstore::TrustedRoot::parse(minted.trusted_root.dump(), "trusted_root.json");
  sigstore::VerifyOptions options{how.with_trusted_root ? &root : nullptr, how.key, how.identity,
                                  how.predicate_type};
  std::vector<sigstore::Artifact> artifacts;
  if (how.artifact_as_file) {
    std::filesystem::path path =
        std::filesystem::temp_directory_path() / ("hallmark-sigstore-" + std::to_string(getpid()));
    std::ofstream(path, std::ios::binary) << minted.artifact;
    artifacts.push_back(sigstore::Artifact::from_file(path.string()));
    sigstore::VerificationResult result =
        sigstore::verify_bundle(bundle, artifacts, options, "bundle.json");
    std::filesystem::remove(path);
    return result;
  }
  artifacts.push_back(
      sigstore::Artifact::parse("sha256:" + util::hex_encode(fx::sha256(minted.artifact))));
  return sigstore::verify_bundle(bundle, artifacts, options, "bundle.json");
}

// Verification fails with `kind`, and the message names the check (`names` is in it).
void expect_failure(const fx::Minted& minted, ErrorKind kind, const std::string& names,
                    const How& how = {}) {
  try {
    verify(minted, how);
    // Not fatal: doctest would skip the test case's remaining subcases.
    FAIL_CHECK("the bundle verified; expected a failure naming \"" << names << "\"");
  } catch (const Error& error) {
    INFO("error: " << std::string(error.what()));
    CHECK(error.kind() == kind);
    CHECK(error.message().find(names) != std::string::npos);
  }
}

void expect_rejected(const fx::Minted& minted, const std::string& names, const How& how = {}) {
  expect_failure(minted, ErrorKind::kVerification, names, how);
}

json& first_entry(json& bundle) {
  return bundle["verificationMaterial"]["tlogEntries"][0];
}

}  // namespace

// ---- the fixture itself ----------------------------------------------------------------------

TEST_CASE("sigstore fixture: the minted SCT validates with OpenSSL's own CT code") {
  // The verifier assembles the RFC 6962 precertificate input itself, and so does the fixture; an
  // independent check that the fixture's SCT is right keeps the two from agreeing on a mistake.
  const Pki& pki = Pki::trusted();
  fx::Minted minted = BundleBuilder().build();
  std::filesystem::path config =
      std::filesystem::temp_directory_path() / ("hallmark-ctlogs-" + std::to_string(getpid()));
  std::ofstream(config) << "enabled_logs = test\n[test]\ndescription = ctfe.test\nkey = "
                        << util::base64_encode(fx::spki(pki.ct_log)) << "\n";
  CTLOG_STORE* store = CTLOG_STORE_new();
  REQUIRE(CTLOG_STORE_load_file(store, config.string().c_str()) == 1);
  std::filesystem::remove(config);
  CT_POLICY_EVAL_CTX* context = CT_POLICY_EVAL_CTX_new();
  CT_POLICY_EVAL_CTX_set1_cert(context, minted.leaf.get());
  CT_POLICY_EVAL_CTX_set1_issuer(context, pki.fulcio.get());
  CT_POLICY_EVAL_CTX_set_shared_CTLOG_STORE(context, store);
  auto* scts = static_cast<STACK_OF(SCT)*>(
      X509_get_ext_d2i(minted.leaf.get(), NID_ct_precert_scts, nullptr, nullptr));
  REQUIRE(scts != nullptr);
  CHECK(SCT_LIST_validate(scts, context) == 1);
  CHECK(SCT_get_validation_status(sk_SCT_value(scts, 0)) == SCT_VALIDATION_STATUS_VALID);
  SCT_LIST_free(scts);
  CT_POLICY_EVAL_CTX_free(context);
  CTLOG_STORE_free(store);
}

// ---- bundles that verify ---------------------------------------------------------------------

TEST_CASE("sigstore verify: minted bundles of every shape verify") {
  const Pki& pki = Pki::trusted();
  BundleBuilder builder;

  SUBCASE("v0.3 message signature, Rekor v1 with SET and proof: what the result reports") {
    fx::Minted minted = builder.build();
    sigstore::VerificationResult result = verify(minted);
    CHECK(result.signer == fx::kIdentity);
    CHECK(result.issuer == fx::kIssuer);
    CHECK(result.certificate_authority == "https://fulcio.test");
    REQUIRE(result.times.size() == 1);
    CHECK(result.times[0].time == util::Clock::from_time_t(fx::kSigningTime));
    CHECK(result.logs == std::vector<std::string>{fx::kRekorUrl});
    How path_mode;
    path_mode.artifact_as_file = true;
    CHECK_NOTHROW(verify(minted, path_mode));
  }
  SUBCASE("v0.1 with a certificate chain and an inclusion promise only") {
    builder.media_type = fx::kV01;
    builder.chain_form = true;
    builder.proof = false;
    CHECK_NOTHROW(verify(builder.build()));
  }
  SUBCASE("v0.2 whose chain carries the intermediate that issued the leaf") {
    builder.media_type = fx::kV02;
    builder.chain_form = true;
    builder.chain_extra = {pki.fulcio};
    CHECK_NOTHROW(verify(builder.build()));
  }
  SUBCASE("an RFC 3161 timestamp beside the SET: both times count") {
    builder.timestamp = true;
    CHECK(verify(builder.build()).times.size() == 2);
  }
  SUBCASE("DSSE in-toto attestation, logged as dsse 0.0.1") {
    builder.content = fx::Content::kDsse;
    How how;
    how.predicate_type = fx::kPredicateType;
    sigstore::VerificationResult result = verify(builder.build(), how);
    REQUIRE(result.statement.has_value());
    CHECK(result.statement->predicate_type == fx::kPredicateType);
  }
  SUBCASE("Rekor v2: hashedrekord 0.0.2, Ed25519 checkpoint, time from the TSA") {
    builder.log = fx::Log::kRekorV2;
    builder.timestamp = true;
    sigstore::VerificationResult result = verify(builder.build());
    REQUIRE(result.times.size() == 1);
    CHECK(result.times[0].time == util::Clock::from_time_t(builder.timestamp_time));
  }
  SUBCASE("Rekor v2 DSSE: a hashedrekord over SHA-256(PAE)") {
    builder.log = fx::Log::kRekorV2;
    builder.content = fx::Content::kDsse;
    builder.timestamp = true;
    CHECK_NOTHROW(verify(builder.build()));
  }
  SUBCASE("key-based, Rekor v1 and v2") {
    builder.keyless = false;
    CHECK_NOTHROW(verify(builder.build(), with_key(pki.signer)));
    builder.log = fx::Log::kRekorV2;
    builder.timestamp = true;
    CHECK_NOTHROW(verify(builder.build(), with_key(pki.signer)));
  }
  SUBCASE("an e-mail SAN") {
    builder.leaf.subject_alt_name = "email:signer@example.com";
    sigstore::IdentityPolicy policy = expected_identity();
    policy.identity = "signer@example.com";
    CHECK_NOTHROW(verify(builder.build(), with_identity(policy)));
  }
  SUBCASE("identity and issuer by anchored regexps, and GitHub workflow claims") {
    sigstore::IdentityPolicy policy;
    policy.identity_regexp =
        R"(https://github\.com/acme/[^/]+/\.github/workflows/.*@refs/tags/v.*)";
    policy.issuer_regexp = R"(https://token\.actions\.githubusercontent\.com)";
    policy.github_claims = {{"repository", "acme/widget"}, {"ref", "refs/tags/v1.0.0"}};
    CHECK_NOTHROW(verify(builder.build(), with_identity(policy)));
  }
  SUBCASE("validity windows are closed: an integrated time equal to the log key's end is in") {
    builder.on_root = [](json& root) {
      root["tlogs"][0]["publicKey"]["validFor"] =
          fx::window(fx::kSigningTime - 86400, fx::kSigningTime);
    };
    CHECK_NOTHROW(verify(builder.build()));
  }
}

// ---- bundle structure (spec §2.1, §8.1, §8.4) ------------------------------------------------

TEST_CASE("sigstore verify: bundle structure") {
  const Pki& pki = Pki::trusted();
  BundleBuilder builder;

  SUBCASE("an unknown media type is refused, never guessed") {
    builder.media_type = "application/vnd.dev.sigstore.bundle+json;version=99.9";
    expect_failure(builder.build(), ErrorKind::kBadInput, "unsupported bundle media type");
  }
  SUBCASE("a v0.1 entry without an inclusion promise") {
    builder.media_type = fx::kV01;
    builder.set = false;
    expect_rejected(builder.build(),
                    "tlog entry 0: a v0.1 bundle's entry needs an inclusion promise");
  }
  SUBCASE("a v0.2 entry without an inclusion proof (never fetched online)") {
    builder.media_type = fx::kV02;
    builder.proof = false;
    expect_rejected(builder.build(), "tlog entry 0: inclusion proof: missing");
  }
  SUBCASE("an inclusion proof without a checkpoint") {
    builder.on_bundle = [](json& bundle) {
      first_entry(bundle)["inclusionProof"].erase("checkpoint");
    };
    expect_rejected(builder.build(), "inclusion proof: no checkpoint");
  }
  SUBCASE("a DSSE envelope with two signatures") {
    builder.content = fx::Content::kDsse;
    builder.on_bundle = [](json& bundle) {
      json& signatures = bundle["dsseEnvelope"]["signatures"];
      signatures.push_back(signatures[0]);
    };
    expect_rejected(builder.build(),
                    "bundle: a DSSE envelope in a bundle must have exactly one signature");
  }
  SUBCASE("a v0.3 bundle with a certificate chain") {
    builder.chain_form = true;
    expect_rejected(builder.build(), "bundle: a v0.3 bundle holds one certificate, not a chain");
  }
  SUBCASE("a chain whose second certificate did not issue the first") {
    builder.media_type = fx::kV02;
    builder.chain_form = true;
    builder.chain_extra = {pki.fulcio_root};  // the root issued the intermediate, not the leaf
    expect_rejected(builder.build(), "certificate chain");
  }
  SUBCASE("a well-linked chain from a Fulcio the root does not trust is not trusted") {
    // Paths are built from the trusted root alone; what the bundle's chain says is no trust.
    const Pki& stranger = Pki::stranger();
    builder.media_type = fx::kV02;
    builder.chain_form = true;
    builder.leaf.fulcio = &stranger;
    builder.chain_extra = {stranger.fulcio, stranger.fulcio_root};
    expect_rejected(builder.build(), "certificate chain: no trusted CA");
  }
  SUBCASE("a well-linked chain up to the root, as GitHub's v0.1 bundles carry, verifies") {
    // Spec §8.4 says to reject roots in bundles, but slsa-verifier's valid.intoto.sigstore and
    // attestation.intoto.sigstore (expected to pass) carry [leaf, intermediate, root]; the
    // bundle proto allows ignoring them, which is what building paths from the trusted root does.
    builder.media_type = fx::kV01;
    builder.chain_form = true;
    builder.chain_extra = {pki.fulcio, pki.fulcio_root};
    CHECK_NOTHROW(verify(builder.build()));
  }
}

// ---- trust root (spec §1.2) ------------------------------------------------------------------

TEST_CASE("sigstore verify: trust root") {
  BundleBuilder builder;

  SUBCASE("a log key window without a start makes the whole root malformed") {
    builder.on_root = [](json& root) { root["tlogs"][0]["publicKey"]["validFor"].erase("start"); };
    expect_failure(builder.build(), ErrorKind::kBadInput, "validFor has no start");
  }
  SUBCASE("a CT log key window without a start, likewise") {
    builder.on_root = [](json& root) {
      root["ctlogs"][0]["publicKey"]["validFor"] = json::object();
    };
    expect_failure(builder.build(), ErrorKind::kBadInput, "validFor has no start");
  }
  SUBCASE("the CA is not trusted at the signing time") {
    builder.on_root = [](json& root) {
      root["certificateAuthorities"][0]["validFor"] =
          fx::window(fx::kSigningTime - 2 * 86400, fx::kSigningTime - 86400);
    };
    expect_rejected(builder.build(), "certificate chain: no trusted CA");
  }
}

// ---- transparency log (spec §3-§6) -----------------------------------------------------------

TEST_CASE("sigstore verify: transparency log entry") {
  const Pki& pki = Pki::trusted();
  const Pki& stranger = Pki::stranger();
  BundleBuilder builder;

  SUBCASE("an unknown log ID") {
    builder.on_bundle = [](json& bundle) {
      first_entry(bundle)["logId"]["keyId"] = util::base64_encode(fx::sha256("another log"));
    };
    expect_rejected(builder.build(), "is not in the trusted root");
  }
  SUBCASE("a negative log index is malformed") {
    builder.on_bundle = [](json& bundle) { first_entry(bundle)["logIndex"] = "-1"; };
    expect_failure(builder.build(), ErrorKind::kBadInput, "logIndex is negative");
  }
  // The body hooks change what the log recorded, and the log's SET and proof cover the change:
  // only the comparison of body and bundle can catch these.
  SUBCASE("the logged signature is not the bundle's") {
    builder.on_body = [&](json& body) {
      body["spec"]["signature"]["content"] = util::base64_encode(fx::sign(pki.signer, "other"));
    };
    expect_rejected(builder.build(),
                    "tlog entry 0: body: the logged signature is not the bundle's");
  }
  SUBCASE("the logged certificate is not the bundle's") {
    builder.on_body = [&](json& body) {
      body["spec"]["signature"]["publicKey"]["content"] =
          util::base64_encode(fx::pem(stranger.fulcio));
    };
    expect_rejected(builder.build(), "body: the logged certificate or key is not the bundle's");
  }
  SUBCASE("the logged digest is of another artifact") {
    builder.on_body = [](json& body) {
      body["spec"]["data"]["hash"]["value"] = util::hex_encode(fx::sha256("another artifact"));
    };
    expect_rejected(builder.build(), "body: the logged artifact digest is not the bundle's");
  }
  SUBCASE("Rekor v2: the logged digest is of another artifact") {
    builder.log = fx::Log::kRekorV2;
    builder.timestamp = true;
    builder.on_body = [](json& body) {
      body["spec"]["hashedRekordV002"]["data"]["digest"] =
          util::base64_encode(fx::sha256("another artifact"));
    };
    expect_rejected(builder.build(), "body: the logged artifact digest is not the bundle's");
  }
  SUBCASE("an entry kind Hallmark does not know fails closed") {
    builder.on_body = [](json& body) { body["kind"] = "rekord"; };
    expect_rejected(builder.build(), "body: unsupported entry kind rekord 0.0.1");
  }
  SUBCASE("a body whose kind is not the entry's kindVersion") {
    builder.on_bundle = [](json& bundle) { first_entry(bundle)["kindVersion"]["kind"] = "dsse"; };
    expect_rejected(builder.build(), "body: its kind and version are not the entry's");
  }
  SUBCASE("the same entry twice counts once: rejected") {
    builder.on_bundle = [](json& bundle) {
      json& entries = bundle["verificationMaterial"]["tlogEntries"];
      entries.push_back(entries[0]);
    };
    expect_rejected(builder.build(), "tlog entry 1: the same entry appears twice");
  }
  SUBCASE("Rekor v2: the proof's index is the entry's (spec §2.2)") {
    builder.log = fx::Log::kRekorV2;
    builder.timestamp = true;
    builder.on_bundle = [](json& bundle) { first_entry(bundle)["logIndex"] = "4"; };
    expect_rejected(builder.build(), "inclusion proof: its index is not the entry's");
  }
  SUBCASE("a flipped bit in an inclusion proof hash") {
    builder.on_bundle = [](json& bundle) {
      json& hash = first_entry(bundle)["inclusionProof"]["hashes"][1];
      std::string bytes = *util::base64_decode(hash.get<std::string>());
      bytes[0] ^= 0x01;
      hash = util::base64_encode(bytes);
    };
    expect_rejected(builder.build(), "inclusion proof: the hashes do not lead to the root hash");
  }
  SUBCASE("a validly signed checkpoint of another root hash") {
    builder.on_checkpoint = [](fx::Note& note) { note.root_hash = fx::sha256("another tree"); };
    expect_rejected(builder.build(), "inclusion proof does not reach the checkpoint root hash");
  }
  SUBCASE("a validly signed checkpoint of another tree size") {
    builder.on_checkpoint = [](fx::Note& note) { note.size += 1; };
    expect_rejected(builder.build(), "inclusion proof does not reach the checkpoint root hash");
  }
  SUBCASE("a checkpoint signed by another key, with that key's hint") {
    builder.on_checkpoint = [&](fx::Note& note) {
      note.key = stranger.rekor;
      note.key_id = fx::rekor_log_id(stranger.rekor).substr(0, 4);
    };
    expect_rejected(builder.build(), "checkpoint: no signature by the log rekor.test");
  }
  SUBCASE("the log's valid signature under another key hint") {
    builder.on_checkpoint = [](fx::Note& note) { note.key_id[0] ^= 0x04; };
    expect_rejected(builder.build(), "checkpoint: no signature by the log rekor.test");
  }
  SUBCASE("altered checkpoint signature bytes") {
    builder.on_checkpoint = [](fx::Note& note) { note.alter_signature = true; };
    expect_rejected(builder.build(), "checkpoint: the signature by rekor.test does not verify");
  }
  SUBCASE("a checkpoint of another origin") {
    builder.on_checkpoint = [](fx::Note& note) {
      note.origin = "rekor.other - 1193050959916656506";
    };
    expect_rejected(builder.build(), "checkpoint: origin");
  }
  SUBCASE("witness cosignatures and other keys under the log's name are ignored (C2SP)") {
    fx::Key witness = fx::ed25519_key();
    builder.on_checkpoint = [&](fx::Note& note) {
      note.more_signatures = {
          fx::witness_cosignature(note.text(), "witness.test", witness, fx::kSigningTime + 60),
          "\xe2\x80\x94 rekor.test " +
              util::base64_encode(fx::rekor_log_id(stranger.rekor).substr(0, 4) +
                                  fx::sign(stranger.rekor, note.text())) +
              "\n"};
    };
    CHECK_NOTHROW(verify(builder.build()));
    builder.log = fx::Log::kRekorV2;  // and a cosignature before the log's own line
    builder.timestamp = true;
    builder.on_checkpoint = [&](fx::Note& note) {
      std::string cosignature =
          fx::witness_cosignature(note.text(), "witness.test", witness, fx::kSigningTime + 60);
      note.more_signatures = {cosignature};
      note.others_first = true;
    };
    CHECK_NOTHROW(verify(builder.build()));
  }
  SUBCASE("a SET signed by another key") {
    builder.set_key = stranger.rekor;
    expect_rejected(builder.build(), "signed entry timestamp: does not verify with the log's key");
  }
  SUBCASE("an integrated time other than the promised one") {
    builder.on_bundle = [](json& bundle) {
      first_entry(bundle)["integratedTime"] = std::to_string(fx::kSigningTime + 1);
    };
    expect_rejected(builder.build(), "signed entry timestamp: does not verify");
  }
  SUBCASE("an integrated time outside the log key's window") {
    builder.on_root = [](json& root) {
      root["tlogs"][0]["publicKey"]["validFor"] = fx::window(fx::kSigningTime + 86400);
    };
    expect_rejected(builder.build(), "signed entry timestamp: integrated time");
  }
}

// ---- time (spec §7, §8.2) --------------------------------------------------------------------

TEST_CASE("sigstore verify: trusted time") {
  BundleBuilder builder;

  SUBCASE("no SET and no timestamp: an integrated time alone is not trusted") {
    builder.media_type = fx::kV02;
    builder.set = false;
    expect_rejected(builder.build(), "time: no trusted time");
  }
  SUBCASE("Rekor v2 without a timestamp") {
    builder.log = fx::Log::kRekorV2;
    expect_rejected(builder.build(), "time: no trusted time");
  }
  SUBCASE("a timestamp from a TSA the root does not trust fails, even beside a valid SET") {
    builder.timestamp = true;
    builder.tsa = &Pki::stranger();
    expect_rejected(builder.build(), "timestamp 0: timestamp: no trusted authority vouches for it");
  }
  SUBCASE("a timestamp over another signature") {
    builder.timestamp = true;
    builder.timestamp_over = "another signature";
    expect_rejected(builder.build(), "imprint");
  }
  SUBCASE("the same timestamp twice") {
    builder.timestamp = true;
    builder.on_bundle = [](json& bundle) {
      json& list = bundle["verificationMaterial"]["timestampVerificationData"]["rfc3161Timestamps"];
      list.push_back(list[0]);
    };
    expect_rejected(builder.build(), "timestamps: the same timestamp appears twice");
  }
  SUBCASE("a timestamp outside the TSA's window") {
    builder.timestamp = true;
    builder.on_root = [](json& root) {
      root["timestampAuthorities"][0]["validFor"] =
          fx::window(fx::kSigningTime - 86400, fx::kSigningTime);  // stamped 5 s later
    };
    expect_rejected(builder.build(), "is outside the window its authority is trusted for");
  }
}

// ---- certificate (spec §8.3, §9) -------------------------------------------------------------

TEST_CASE("sigstore verify: signing certificate") {
  BundleBuilder builder;

  SUBCASE("the leaf had expired at the integrated time") {
    builder.leaf.not_before = fx::kSigningTime - 600;
    builder.leaf.not_after = fx::kSigningTime - 1;
    expect_rejected(builder.build(),
                    "certificate chain: no trusted CA issued the signing certificate");
  }
  SUBCASE("the leaf is checked at every trusted time: a TSA time after it expired") {
    builder.timestamp = true;
    builder.timestamp_time = fx::kSigningTime + 600;  // the leaf ends at +540; the SET is fine
    expect_rejected(builder.build(), "certificate chain");
  }
  SUBCASE("no embedded SCT") {
    builder.leaf.sct = false;
    expect_rejected(builder.build(), "SCT: the certificate has no embedded SCT");
  }
  SUBCASE("an SCT from a CT log the root does not trust") {
    builder.leaf.ct_log = Pki::stranger().ct_log;
    expect_rejected(builder.build(), "SCT: no embedded SCT verifies with a trusted CT log");
  }
  SUBCASE("an SCT issued before the CT log's key window") {
    builder.on_root = [](json& root) {
      root["ctlogs"][0]["publicKey"]["validFor"] = fx::window(fx::kSigningTime);
    };
    expect_rejected(builder.build(), "SCT: no embedded SCT verifies");
  }
  SUBCASE("an unknown critical extension fails closed") {
    builder.leaf.more_extensions = {{"1.3.6.1.4.1.99999.1", fx::der_utf8("?"), true}};
    expect_rejected(builder.build(), "critical extension");
  }
  SUBCASE("no code-signing extended key usage") {
    builder.leaf.extended_key_usage = "emailProtection";
    expect_rejected(builder.build(), "certificate: not a code-signing certificate");
  }
}

// ---- identity (spec §9.1) --------------------------------------------------------------------

TEST_CASE("sigstore verify: identity") {
  fx::Minted minted = BundleBuilder().build();
  REQUIRE_NOTHROW(verify(minted));
  sigstore::IdentityPolicy policy = expected_identity();

  SUBCASE("another SAN, exactly") {
    policy.identity =
        "https://github.com/acme/widget/.github/workflows/release.yml@refs/tags/v2.0.0";
    expect_rejected(minted, "identity: certificate SAN", with_identity(policy));
  }
  SUBCASE("a SAN prefix is not the SAN") {
    policy.identity = "https://github.com/acme/widget/";
    expect_rejected(minted, "identity: certificate SAN", with_identity(policy));
  }
  SUBCASE("a SAN regexp that does not match") {
    policy.identity.clear();
    policy.identity_regexp = R"(https://github\.com/acme/gadget/.*)";
    expect_rejected(minted, "identity: certificate SAN", with_identity(policy));
  }
  SUBCASE("a SAN regexp matching only a substring: regexps are anchored") {
    policy.identity.clear();
    policy.identity_regexp = R"(github\.com/acme/widget)";
    expect_rejected(minted, "identity: certificate SAN", with_identity(policy));
  }
  SUBCASE("another issuer") {
    policy.issuer = "https://accounts.google.com";
    expect_rejected(minted, "identity: certificate issuer", with_identity(policy));
  }
  SUBCASE("an issuer regexp matching only a substring") {
    policy.issuer.clear();
    policy.issuer_regexp = R"(token\.actions\.githubusercontent)";
    expect_rejected(minted, "identity: certificate issuer", with_identity(policy));
  }
  SUBCASE("a GitHub workflow claim that differs") {
    policy.github_claims = {{"repository", "acme/gadget"}};
    expect_rejected(minted, "identity: GitHub workflow repository", with_identity(policy));
  }
  SUBCASE("a GitHub workflow claim the certificate does not have") {
    policy.github_claims = {{"sha", "0123456789abcdef0123456789abcdef01234567"}};
    expect_rejected(minted, "identity: the certificate has no GitHub workflow sha",
                    with_identity(policy));
  }
}

// ---- signature and statement (spec §8.5, §8.6) -----------------------------------------------

TEST_CASE("sigstore verify: signature and statement") {
  BundleBuilder builder;

  SUBCASE("the bundle's message digest is not the artifact's") {
    builder.on_bundle = [](json& bundle) {
      bundle["messageSignature"]["messageDigest"]["digest"] =
          util::base64_encode(fx::sha256("another artifact"));
    };
    expect_rejected(builder.build(), "artifact digest:");
  }
  SUBCASE("a signature over other data (logged as it is)") {
    builder.signed_instead = "another artifact";
    expect_rejected(builder.build(), "signature: does not verify");
  }
  SUBCASE("a DSSE signature over another payload (logged as it is)") {
    builder.content = fx::Content::kDsse;
    builder.signed_instead = "another payload";
    expect_rejected(builder.build(), "signature: the DSSE envelope does not verify");
  }
  SUBCASE("a statement that does not name the artifact") {
    builder.content = fx::Content::kDsse;
    builder.subject_digest = fx::sha256("another artifact");
    expect_rejected(builder.build(), "subject:");
  }
  SUBCASE("a statement of another predicate type") {
    builder.content = fx::Content::kDsse;
    How how;
    how.predicate_type = "https://cyclonedx.org/bom";
    expect_rejected(builder.build(), "predicate type:", how);
  }
}

// ---- key-based (spec §8.7) -------------------------------------------------------------------

TEST_CASE("sigstore verify: key-based") {
  const Pki& pki = Pki::trusted();
  BundleBuilder builder;

  SUBCASE("a certificate bundle verified with a key") {
    expect_rejected(builder.build(), "material: the bundle is signed with a certificate",
                    with_key(pki.signer));
  }
  SUBCASE("a key bundle verified with an identity") {
    builder.keyless = false;
    expect_rejected(builder.build(), "material: the bundle is signed with a key");
  }
  SUBCASE("the wrong key: the log recorded another") {
    builder.keyless = false;
    expect_rejected(builder.build(), "body: the logged certificate or key is not the bundle's",
                    with_key(Pki::stranger().signer));
  }
  SUBCASE("log entries that cannot be checked without a trusted root fail closed") {
    builder.keyless = false;
    How how = with_key(pki.signer);
    how.with_trusted_root = false;
    expect_rejected(builder.build(), "transparency log:", how);
  }
}

// ---- where the verifier departs from the specs -----------------------------------------------
// These assert what the specs say and fail against the verifier as it is (reported, not fixed
// here: core code belongs to its owner).

TEST_CASE("sigstore verify: closed validity at notAfter, exact Rekor v2 checkpoint origins") {
  BundleBuilder builder;

  SUBCASE("Rekor v2: the origin is the key name exactly (spec §5.2)") {
    // rekor-tiles passes the verifier's name as the expected origin; only v1 shards append
    // " - <tree ID>".
    builder.log = fx::Log::kRekorV2;
    builder.timestamp = true;
    builder.on_checkpoint = [](fx::Note& note) { note.origin += " - 1"; };
    expect_rejected(builder.build(), "checkpoint: origin");
  }
  SUBCASE("a leaf valid through the integrated time is valid at it (RFC 5280 4.1.2.5)") {
    // notAfter is inclusive in RFC 5280 ("notBefore through notAfter, inclusive"), Go and the
    // proto's windows; spec §9.5 notes OpenSSL's X509_verify_cert treats t == notAfter as expired.
    builder.leaf.not_after = fx::kSigningTime;
    CHECK_NOTHROW(verify(builder.build()));
  }
}
