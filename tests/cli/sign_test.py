"""hallmark-sign and hallmark-verify (key-based) end to end: keys, detached signatures that
openssl verifies, bundles and attestations that hallmark-verify checks, every tampering
rejected with its own reason, and passphrase handling."""
import base64
import hashlib
import json
import os
import stat
import subprocess
import sys

from harness import check, collect, main

KEY_TYPES = ["ecdsa-p256", "ecdsa-p384", "ecdsa-p521", "ed25519", "rsa-2048", "rsa-3072",
             "rsa-4096"]
PASS = {"HALLMARK_PASSWORD": "correct horse"}


def keygen(env, key_type="ecdsa-p256", name=None):
    prefix = env.path(name or key_type)
    env.run("hallmark-sign", "keygen", "--type", key_type, "--output-key-prefix", prefix, env=PASS)
    return f"{prefix}.key", f"{prefix}.pub"


def artifact(env, name="artifact.bin", data=b"release artifact\n" * 1000):
    path = env.path(name)
    path.write_bytes(data)
    return path


def openssl_verifies(key_type, public, signature_b64_file, path):
    der = base64.b64decode(open(signature_b64_file).read())
    sig = str(signature_b64_file) + ".der"
    open(sig, "wb").write(der)
    if key_type == "ed25519":
        command = ["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", public, "-rawin", "-in",
                   path, "-sigfile", sig]
    else:
        digest = {"ecdsa-p384": "-sha384", "ecdsa-p521": "-sha512"}.get(key_type, "-sha256")
        command = ["openssl", "dgst", digest, "-verify", public, "-signature", sig, path]
    return subprocess.run(command, capture_output=True).returncode == 0


def verify_fails(env, check_name, *args):
    proc = env.run("hallmark-verify", *args, expect=1)
    error = proc.stderr.decode()
    check(error.count("\n") == 1 and f": {check_name}: " in error, f"{check_name!r} not named: {error!r}")
    return error


def case_keygen_files_and_refusals(env):
    private, public = keygen(env)
    check(stat.S_IMODE(os.stat(private).st_mode) == 0o600, "private key mode 0600")
    check(open(private).read().startswith("-----BEGIN ENCRYPTED PRIVATE KEY-----"), "encrypted PKCS#8")
    check(open(public).read().startswith("-----BEGIN PUBLIC KEY-----"), "SPKI")
    proc = subprocess.run(["openssl", "asn1parse", "-in", private], capture_output=True, text=True)
    check(":scrypt" in proc.stdout, "PBES2 with scrypt")
    # openssl reads the key with the passphrase, and gets the same public key.
    proc = subprocess.run(["openssl", "pkey", "-in", private, "-passin", "env:HALLMARK_PASSWORD",
                           "-pubout"], capture_output=True, text=True, env={**os.environ, **PASS})
    check(proc.stdout == open(public).read(), "openssl opens the key")
    env.run("hallmark-sign", "keygen", "--output-key-prefix", env.path("ecdsa-p256"), env=PASS,
            expect=2)
    env.run("hallmark-sign", "keygen", "--output-key-prefix", env.path("ecdsa-p256"), "--force",
            env=PASS)
    printed = env.run("hallmark-sign", "public-key", "--key", private, env=PASS).stdout.decode()
    check(printed == open(public).read(), "public-key prints the public key")
    env.run("hallmark-sign", "keygen", "--type", "dsa-1024", "--output-key-prefix", env.path("x"),
            env=PASS, expect=2)


def case_detached_signatures_verify_with_openssl(env):
    path = artifact(env)
    for key_type in KEY_TYPES:
        private, public = keygen(env, key_type)
        sig = env.path(f"{key_type}.sig")
        env.run("hallmark-sign", "blob", "--key", private, "--output-signature", sig, path, env=PASS)
        check(openssl_verifies(key_type, public, sig, path), f"openssl rejects the {key_type} signature")
        env.run("hallmark-verify", "blob", "--key", public, "--signature", sig, path)
        tampered = artifact(env, "tampered.bin", path.read_bytes() + b"x")
        check(not openssl_verifies(key_type, public, sig, tampered), "openssl accepts a tampered file")
        verify_fails(env, "signature", "blob", "--key", public, "--signature", sig, tampered)


def case_bundles_verify_and_tampering_is_named(env):
    path = artifact(env)
    for key_type in KEY_TYPES:
        private, public = keygen(env, key_type)
        bundle = env.path(f"{key_type}.sigstore.json")
        env.run("hallmark-sign", "blob", "--key", private, "--bundle", bundle, path, env=PASS)
        document = json.loads(bundle.read_text())
        check(document["mediaType"] == "application/vnd.dev.sigstore.bundle.v0.3+json", document)
        proc = env.run("hallmark-verify", "blob", "--key", public, "--bundle", bundle, path)
        check(b"verified" in proc.stderr and proc.stderr.count(b"\n") == 1, proc.stderr)
        # The artifact as a digest: enough where the key signs SHA-256 digests; P-384 and
        # P-521 sign SHA-384/512 digests, and Ed25519 the whole file, so those need the file.
        signs_sha256 = key_type in ("ecdsa-p256", "rsa-2048", "rsa-3072", "rsa-4096")
        env.run("hallmark-verify", "blob", "--key", public, "--bundle", bundle,
                "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest(),
                expect=0 if signs_sha256 else 2)
        # One changed byte in the artifact.
        changed = artifact(env, "changed.bin", b"X" + path.read_bytes()[1:])
        verify_fails(env, "artifact digest", "blob", "--key", public, "--bundle", bundle, changed)
        # One changed byte in the signature.
        signature = bytearray(base64.b64decode(document["messageSignature"]["signature"]))
        signature[len(signature) // 2] ^= 1
        document["messageSignature"]["signature"] = base64.b64encode(bytes(signature)).decode()
        bad = env.path("bad-signature.json")
        bad.write_text(json.dumps(document))
        verify_fails(env, "signature", "blob", "--key", public, "--bundle", bad, path)
    # A different key.
    _, other = keygen(env, "ecdsa-p256", "other")
    verify_fails(env, "signature", "blob", "--key", other, "--bundle",
                 env.path("ecdsa-p256.sigstore.json"), path)


def case_attestations(env):
    private, public = keygen(env)
    path = artifact(env)
    predicate = env.path("predicate.json")
    predicate.write_text(json.dumps({"bomFormat": "CycloneDX", "specVersion": "1.6"}))
    bundle = env.path("att.json")
    env.run("hallmark-sign", "attest", "--key", private, "--predicate", predicate, "--type",
            "cyclonedx", "--bundle", bundle, path, env=PASS)
    document = json.loads(bundle.read_text())
    envelope = document["dsseEnvelope"]
    check(envelope["payloadType"] == "application/vnd.in-toto+json", envelope["payloadType"])
    statement = json.loads(base64.b64decode(envelope["payload"]))
    check(statement["_type"] == "https://in-toto.io/Statement/v1", statement["_type"])
    check(statement["predicateType"] == "https://cyclonedx.org/bom", statement["predicateType"])
    check(statement["subject"] == [{"name": "artifact.bin", "digest": {
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}}], statement["subject"])
    env.run("hallmark-verify", "attestation", "--key", public, "--bundle", bundle, "--type",
            "cyclonedx", path)
    digest = "sha256:" + statement["subject"][0]["digest"]["sha256"]
    env.run("hallmark-verify", "attestation", "--key", public, "--bundle", bundle, digest)
    verify_fails(env, "predicate type", "attestation", "--key", public, "--bundle", bundle,
                 "--type", "slsaprovenance1", path)
    other = artifact(env, "other.bin", b"something else")
    verify_fails(env, "subject", "attestation", "--key", public, "--bundle", bundle, other)

    def tampered(change):
        copy = json.loads(bundle.read_text())
        change(copy["dsseEnvelope"])
        out = env.path("tampered.json")
        out.write_text(json.dumps(copy))
        return out

    def renamed_subject(envelope):
        body = json.loads(base64.b64decode(envelope["payload"]))
        body["subject"][0]["name"] = "renamed.bin"
        envelope["payload"] = base64.b64encode(json.dumps(body).encode()).decode()

    def changed_payload_byte(envelope):
        payload = bytearray(base64.b64decode(envelope["payload"]))
        payload[10] ^= 1
        envelope["payload"] = base64.b64encode(bytes(payload)).decode()

    def changed_type(envelope):
        envelope["payloadType"] = "application/vnd.in-toto+jsoN"

    for change in (renamed_subject, changed_payload_byte, changed_type):
        verify_fails(env, "signature", "attestation", "--key", public, "--bundle", tampered(change), path)
    _, other_key = keygen(env, "ed25519", "other")
    verify_fails(env, "signature", "attestation", "--key", other_key, "--bundle", bundle, path)
    # An image digest as the subject.
    image_bundle = env.path("image-att.json")
    env.run("hallmark-sign", "attest", "--key", private, "--predicate", predicate, "--type",
            "https://example.com/custom/v1", "--subject-name", "registry.example/app",
            "--subject-digest", "sha256:" + "ab" * 32, "--bundle", image_bundle, env=PASS)
    env.run("hallmark-verify", "attestation", "--key", public, "--bundle", image_bundle,
            "sha256:" + "ab" * 32, "--type", "https://example.com/custom/v1")
    # A message-signature bundle is not an attestation, and the reverse.
    blob_bundle = env.path("blob.json")
    env.run("hallmark-sign", "blob", "--key", private, "--bundle", blob_bundle, path, env=PASS)
    verify_fails(env, "content", "attestation", "--key", public, "--bundle", blob_bundle, path)
    verify_fails(env, "content", "blob", "--key", public, "--bundle", bundle, path)


def case_passphrases(env):
    private, _ = keygen(env)
    path = artifact(env)
    wrong = env.run("hallmark-sign", "blob", "--key", private, path,
                    env={"HALLMARK_PASSWORD": "wrong"}, expect=1)
    check(b"wrong passphrase" in wrong.stderr and wrong.stderr.count(b"\n") == 1, wrong.stderr)
    no_env = {k: v for k, v in os.environ.items() if k != "HALLMARK_PASSWORD"}
    proc = subprocess.run([env.tool("hallmark-sign"), "blob", "--key", private, "--password-stdin",
                           str(path)], input=b"correct horse\n", capture_output=True, env=no_env)
    check(proc.returncode == 0 and b"messageSignature" in proc.stdout, proc.stderr)
    # No terminal, no variable, no --password-stdin: a usage error that says how to give one.
    proc = subprocess.run([env.tool("hallmark-sign"), "blob", "--key", private, str(path)],
                          capture_output=True, env=no_env, stdin=subprocess.DEVNULL,
                          start_new_session=True)
    check(proc.returncode == 2 and b"HALLMARK_PASSWORD" in proc.stderr, proc.stderr)
    # There is no option that takes a passphrase on the command line.
    help_text = env.run("hallmark-sign", "blob", "--help").stdout.decode()
    check("--password " not in help_text and "--passphrase" not in help_text, help_text)


def case_cosign_keys_sign(env):
    """cosign's encrypted key (password "hello") signs; its public key verifies."""
    key = env.shared("upstream/cosign/pkg/cosign/keys_test-pem/pemsigstorekey.pem")
    cases = json.loads(env.shared("upstream/cosign/cases.json").read_text())
    public = env.path("cosign.pub")
    public.write_text(next(c["public_key_pem"] for c in cases["encrypted_keys"]
                           if c["id"] == "pemsigstorekey"))
    path = artifact(env)
    bundle = env.path("cosign-key.json")
    env.run("hallmark-sign", "blob", "--key", key, "--bundle", bundle, path,
            env={"HALLMARK_PASSWORD": "hello"})
    env.run("hallmark-verify", "blob", "--key", public, "--bundle", bundle, path)


def case_bad_input(env):
    _, public = keygen(env)
    path = artifact(env)
    garbage = env.path("garbage.json")
    garbage.write_text("{ nope")
    proc = env.run("hallmark-verify", "blob", "--key", public, "--bundle", garbage, path, expect=3)
    check(b"garbage.json" in proc.stderr and proc.stderr.count(b"\n") == 1, proc.stderr)
    future = env.path("future.json")
    future.write_text(json.dumps({"mediaType": "application/vnd.dev.sigstore.bundle.v0.9+json",
                                  "verificationMaterial": {"publicKey": {"hint": "x"}},
                                  "messageSignature": {"signature": "AAAA"}}))
    proc = env.run("hallmark-verify", "blob", "--key", public, "--bundle", future, path, expect=3)
    check(b"unsupported bundle media type" in proc.stderr, proc.stderr)
    env.run("hallmark-verify", "blob", "--key", env.path("missing.pub"), "--bundle", future, path,
            expect=4)
    env.run("hallmark-verify", "blob", "--key", public, path, expect=2)
    env.run("hallmark-verify", "nonsense", expect=2)


if __name__ == "__main__":
    sys.exit(main(collect(globals())))
