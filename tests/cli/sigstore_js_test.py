"""Interop with sigstore-js, the npm packages pinned in tests/interop/sigstore-js/package-lock.json
and installed into BIN_DIR/interop/sigstore-js by `make test` (npm ci): sigstore-js verifies
Hallmark's key-based bundles offline with only the public key (verify.mjs: @sigstore/verify's
Verifier, thresholds 0, no trusted root), and Hallmark verifies the bundles sigstore-js builds with
a local key (sign.mjs: @sigstore/sign's bundle builders with a node:crypto signer, no witnesses).

Two things Hallmark writes correctly are refused by sigstore-js (@sigstore/verify 3.1.1 as
pinned, and still 4.1.3, the latest): a pure Ed25519 message signature (it hashes with the
messageDigest's algorithm, which Ed25519 cannot take), and a P-384 DSSE signature (it verifies
DSSE with node's default SHA-256, where the algorithm registry's ecdsa-sha2-384-nistp384 signs
with SHA-384). Those cases assert that refusal and check the signature independently with
openssl, so that a sigstore-js upgrade that fixes either shows up here.
"""
import base64
import hashlib
import json
import os
import pathlib
import shutil
import subprocess
import sys

from harness import ROOT, Skip, check, collect, main

SCRIPTS = ROOT / "tests" / "interop" / "sigstore-js"
PASS = {"HALLMARK_PASSWORD": "correct horse"}
IN_TOTO = "application/vnd.in-toto+json"
PREDICATE_TYPE = "https://example.com/hallmark/interop-test/v1"


# --- sigstore-js ----------------------------------------------------------------------------

def sigstore_js(env):
    """A folder holding verify.mjs and sign.mjs beside the installed node_modules."""
    node = shutil.which("node")
    modules = env.bin_dir / "interop" / "sigstore-js" / "node_modules"
    missing = [str(modules / p) for p in ("@sigstore/verify", "@sigstore/sign", "@sigstore/bundle")
               if not (modules / p / "package.json").exists()]
    if node is None or missing:
        what = "node is not on PATH" if node is None else "sigstore-js is not installed: " + ", ".join(missing)
        message = f"{what} (`make test` installs tests/interop/sigstore-js with npm ci into {modules.parent})"
        if os.environ.get("CI") == "true":
            raise AssertionError(message)
        print("SKIPPED LOUDLY: " + message, file=sys.stderr)
        raise Skip(message)
    work = env.path("sigstore-js")
    if not work.exists():
        work.mkdir()
        for script in ("verify.mjs", "sign.mjs"):
            shutil.copy(SCRIPTS / script, work / script)
        # Node resolves the scripts' imports from the node_modules beside them.
        (work / "node_modules").symlink_to(modules.resolve(), target_is_directory=True)
    return node, work


def node_run(env, script, *args):
    node, work = sigstore_js(env)
    return subprocess.run([node, str(work / script), *map(str, args)], capture_output=True,
                          text=True, timeout=120)


def js_verifies(env, bundle, public, path):
    proc = node_run(env, "verify.mjs", bundle, public, path)
    check(proc.returncode == 0,
          f"sigstore-js rejects {bundle}: exit {proc.returncode}: {proc.stderr.strip()}")


def js_rejects(env, bundle, public, path, reason):
    proc = node_run(env, "verify.mjs", bundle, public, path)
    check(proc.returncode == 1 and reason in proc.stderr,
          f"sigstore-js should reject {bundle} with {reason!r}: exit {proc.returncode}: "
          f"{proc.stdout.strip()} {proc.stderr.strip()}")


def js_sign(env, private_pem, path, out, payload_type=None):
    extra = ["--dsse", payload_type] if payload_type else []
    proc = node_run(env, "sign.mjs", private_pem, path, out, *extra)
    check(proc.returncode == 0, f"sign.mjs: exit {proc.returncode}: {proc.stderr.strip()}")
    return json.loads(pathlib.Path(out).read_text())


# --- Hallmark -------------------------------------------------------------------------------

def keygen(env, key_type):
    """Hallmark's key pair, and the private key unencrypted for node (openssl pkey)."""
    prefix = env.path(key_type)
    env.run("hallmark-sign", "keygen", "--type", key_type, "--output-key-prefix", prefix, env=PASS)
    plain = env.path(f"{key_type}.plain.pem")
    proc = subprocess.run(["openssl", "pkey", "-in", f"{prefix}.key", "-passin",
                           "env:HALLMARK_PASSWORD", "-out", str(plain)],
                          capture_output=True, text=True, env={**os.environ, **PASS})
    check(proc.returncode == 0, f"openssl cannot open {prefix}.key: {proc.stderr}")
    return f"{prefix}.key", f"{prefix}.pub", plain


def artifact(env, name="artifact.bin", data=b"release artifact\n" * 1000):
    path = env.path(name)
    path.write_bytes(data)
    return path


def hallmark_rejects(env, check_name, *args):
    proc = env.run("hallmark-verify", *args, expect=1)
    error = proc.stderr.decode()
    check(error.count("\n") == 1 and f": {check_name}: " in error,
          f"hallmark-verify should name {check_name!r}: {error!r}")


def rewrite(env, bundle, name, change):
    document = json.loads(pathlib.Path(bundle).read_text())
    change(document)
    out = env.path(name)
    out.write_text(json.dumps(document))
    return out


def flip_payload_byte(document):
    envelope = document["dsseEnvelope"]
    payload = bytearray(base64.b64decode(envelope["payload"]))
    payload[10] ^= 1
    envelope["payload"] = base64.b64encode(bytes(payload)).decode()


def flip_digest_byte(document):
    digest = document["messageSignature"]["messageDigest"]
    changed = bytearray(base64.b64decode(digest["digest"]))
    changed[0] ^= 1
    digest["digest"] = base64.b64encode(bytes(changed)).decode()


def change_payload_type(document):
    document["dsseEnvelope"]["payloadType"] = "application/vnd.in-toto+jsoN"


def openssl_verifies(public, signature, data, digest):
    """The signature checked with openssl (digest None: pure Ed25519), outside sigstore-js."""
    sig = public + ".sig.der"
    message = public + ".message"
    pathlib.Path(sig).write_bytes(signature)
    pathlib.Path(message).write_bytes(data)
    if digest is None:
        command = ["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", public, "-rawin",
                   "-in", message, "-sigfile", sig]
    else:
        command = ["openssl", "dgst", "-" + digest, "-verify", public, "-signature", sig, message]
    return subprocess.run(command, capture_output=True).returncode == 0


def pae(payload_type, payload):
    kind = payload_type.encode()
    return b"DSSEv1 %d %s %d %s" % (len(kind), kind, len(payload), payload)


# --- Hallmark's bundles, verified by sigstore-js --------------------------------------------

def case_hallmark_blob_bundles_verify_with_sigstore_js(env):
    path = artifact(env)
    changed = artifact(env, "changed.bin", b"X" + path.read_bytes()[1:])
    for key_type in ("ecdsa-p256", "ecdsa-p384", "ecdsa-p521", "rsa-3072"):
        private, public, _ = keygen(env, key_type)
        bundle = env.path(f"{key_type}.sigstore.json")
        env.run("hallmark-sign", "blob", "--key", private, "--bundle", bundle, path, env=PASS)
        js_verifies(env, bundle, public, path)
        js_rejects(env, bundle, public, changed, "SIGNATURE_ERROR")
        # The messageDigest must be the artifact's (verify.mjs checks it after the signature).
        js_rejects(env, rewrite(env, bundle, "digest.json", flip_digest_byte), public, path,
                   "message digest")
    # A different key.
    js_rejects(env, env.path("ecdsa-p256.sigstore.json"), env.path("rsa-3072.pub"), path,
               "SIGNATURE_ERROR")


def case_hallmark_ed25519_blob_bundle_and_sigstore_js(env):
    """Hallmark's Ed25519 message signature is pure Ed25519 over the file (algorithm registry:
    ed25519; sigstore_common.proto: the messageDigest only identifies the artifact and MUST NOT
    be used to verify the signature). @sigstore/verify's MessageSignatureContent passes the
    messageDigest's algorithm ("sha256") to crypto.verify, which Ed25519 refuses, so sigstore-js
    rejects every Ed25519 message-signature bundle, its own too. Asserted as that known refusal."""
    path = artifact(env)
    _, public, _ = keygen(env, "ed25519")
    private = env.path("ed25519.key")
    bundle = env.path("ed25519.sigstore.json")
    env.run("hallmark-sign", "blob", "--key", private, "--bundle", bundle, path, env=PASS)
    message = json.loads(bundle.read_text())["messageSignature"]
    check(message["messageDigest"] == {"algorithm": "SHA2_256", "digest": base64.b64encode(
        hashlib.sha256(path.read_bytes()).digest()).decode()}, message["messageDigest"])
    check(openssl_verifies(public, base64.b64decode(message["signature"]), path.read_bytes(), None),
          "openssl rejects Hallmark's Ed25519 signature over the file")
    js_rejects(env, bundle, public, path, "SIGNATURE_ERROR: signature verification failed")
    print("KNOWN sigstore-js LIMITATION: it cannot verify pure Ed25519 message signatures; "
          "the signature was checked with openssl instead", file=sys.stderr)


def case_hallmark_attestations_verify_with_sigstore_js(env):
    path = artifact(env)
    predicate = env.path("predicate.json")
    predicate.write_text(json.dumps({"bomFormat": "CycloneDX", "specVersion": "1.6"}))
    other = artifact(env, "other.bin", b"something else")
    for key_type in ("ecdsa-p256", "rsa-3072", "ed25519"):
        private, public, _ = keygen(env, key_type)
        bundle = env.path(f"{key_type}.att.sigstore.json")
        env.run("hallmark-sign", "attest", "--key", private, "--predicate", predicate, "--type",
                "cyclonedx", "--bundle", bundle, path, env=PASS)
        js_verifies(env, bundle, public, path)
        js_rejects(env, bundle, public, other, "subject")
        js_rejects(env, rewrite(env, bundle, "payload.json", flip_payload_byte), public, path,
                   "SIGNATURE_ERROR")
        js_rejects(env, rewrite(env, bundle, "type.json", change_payload_type), public, path,
                   "SIGNATURE_ERROR")
    js_rejects(env, env.path("ecdsa-p256.att.sigstore.json"), env.path("ed25519.pub"), path,
               "SIGNATURE_ERROR")


def case_hallmark_p384_attestation_and_sigstore_js(env):
    """Hallmark signs a P-384 DSSE envelope with SHA-384 (algorithm registry:
    ecdsa-sha2-384-nistp384). @sigstore/verify's DSSESignatureContent calls crypto.verify without
    a digest, which for an EC key is SHA-256, so sigstore-js rejects it. Asserted as that known
    refusal; the signature is checked with openssl over the PAE instead."""
    path = artifact(env)
    predicate = env.path("predicate.json")
    predicate.write_text(json.dumps({"bomFormat": "CycloneDX", "specVersion": "1.6"}))
    private, public, _ = keygen(env, "ecdsa-p384")
    bundle = env.path("p384.att.sigstore.json")
    env.run("hallmark-sign", "attest", "--key", private, "--predicate", predicate, "--type",
            "cyclonedx", "--bundle", bundle, path, env=PASS)
    envelope = json.loads(bundle.read_text())["dsseEnvelope"]
    signed = pae(envelope["payloadType"], base64.b64decode(envelope["payload"]))
    signature = base64.b64decode(envelope["signatures"][0]["sig"])
    check(openssl_verifies(public, signature, signed, "sha384"),
          "openssl rejects Hallmark's P-384 DSSE signature (SHA-384 over the PAE)")
    js_rejects(env, bundle, public, path, "SIGNATURE_ERROR: signature verification failed")
    print("KNOWN sigstore-js LIMITATION: it verifies DSSE signatures of P-384 keys with SHA-256; "
          "the SHA-384 signature was checked with openssl instead", file=sys.stderr)


# --- sigstore-js's bundles, verified by Hallmark --------------------------------------------

SIGSTORE_JS_KEYS = ("ecdsa-p256", "rsa-3072", "ed25519")


def case_sigstore_js_blob_bundles_verify_with_hallmark(env):
    path = artifact(env)
    changed = artifact(env, "changed.bin", b"X" + path.read_bytes()[1:])
    for key_type in SIGSTORE_JS_KEYS:
        _, public, plain = keygen(env, key_type)
        bundle = env.path(f"{key_type}.js.sigstore.json")
        document = js_sign(env, plain, path, bundle)
        # What sigstore-js's MessageSignatureBundleBuilder writes: a v0.2 bundle with the key hint.
        check(document["mediaType"] == "application/vnd.dev.sigstore.bundle+json;version=0.2",
              document["mediaType"])
        check("publicKey" in document["verificationMaterial"], document["verificationMaterial"])
        check(not document["verificationMaterial"].get("tlogEntries"), "no witnesses, no tlog entries")
        if key_type != "ed25519":  # sigstore-js cannot verify pure Ed25519 message signatures
            js_verifies(env, bundle, public, path)
        env.run("hallmark-verify", "blob", "--key", public, "--bundle", bundle, path)
        hallmark_rejects(env, "artifact digest", "blob", "--key", public, "--bundle", bundle, changed)
    hallmark_rejects(env, "signature", "blob", "--key", env.path("rsa-3072.pub"), "--bundle",
                     env.path("ecdsa-p256.js.sigstore.json"), path)


def case_sigstore_js_attestations_verify_with_hallmark(env):
    path = artifact(env)
    statement = env.path("statement.json")
    statement.write_text(json.dumps({
        "_type": "https://in-toto.io/Statement/v1",
        "subject": [{"name": path.name,
                     "digest": {"sha256": hashlib.sha256(path.read_bytes()).hexdigest()}}],
        "predicateType": PREDICATE_TYPE,
        "predicate": {"note": "signed by sigstore-js"},
    }))
    other = artifact(env, "other.bin", b"something else")
    for key_type in SIGSTORE_JS_KEYS:
        _, public, plain = keygen(env, key_type)
        bundle = env.path(f"{key_type}.js.att.sigstore.json")
        document = js_sign(env, plain, statement, bundle, IN_TOTO)
        check(document["mediaType"] == "application/vnd.dev.sigstore.bundle.v0.3+json",
              document["mediaType"])
        check(document["dsseEnvelope"]["payloadType"] == IN_TOTO, document["dsseEnvelope"])
        js_verifies(env, bundle, public, path)
        env.run("hallmark-verify", "attestation", "--key", public, "--bundle", bundle, "--type",
                PREDICATE_TYPE, path)
        hallmark_rejects(env, "subject", "attestation", "--key", public, "--bundle", bundle, other)
        hallmark_rejects(env, "predicate type", "attestation", "--key", public, "--bundle", bundle,
                         "--type", "slsaprovenance1", path)
        hallmark_rejects(env, "signature", "attestation", "--key", public, "--bundle",
                         rewrite(env, bundle, "payload.json", flip_payload_byte), path)
        hallmark_rejects(env, "signature", "attestation", "--key", public, "--bundle",
                         rewrite(env, bundle, "type.json", change_payload_type), path)
    hallmark_rejects(env, "signature", "attestation", "--key", env.path("ed25519.pub"),
                     "--bundle", env.path("ecdsa-p256.js.att.sigstore.json"), path)


if __name__ == "__main__":
    sys.exit(main(collect(globals())))
