"""Signing and verifying images where they live: hallmark-sign image / attest --image and
hallmark-verify image against Debian's docker-registry (started here on 127.0.0.1), images
pushed with skopeo. What is stored is read back over the registry's HTTP API and checked for
cosign's layout, and the signature checked with the openssl CLI."""
import base64
import json
import subprocess

from harness import check, collect, main
from registry_harness import (APP, BASE, OCI_MANIFEST, PASSWORD, USER, Registry, digest_of,
                              flags_of, keygen, push, registry_api, run_env)

def sign(env, registry, key, ref, *extra, expect=0):
    return env.run("hallmark-sign", "image", "--key", key, *flags_of(registry), *extra, ref,
                   expect=expect, env=run_env(env))


def verify(env, registry, public, ref, *extra, expect=0):
    """hallmark-verify image's verdict (--json) and its stderr."""
    proc = env.run("hallmark-verify", "image", "--key", public, *flags_of(registry), "--json",
                   *extra, ref, expect=expect, env=run_env(env))
    return json.loads(proc.stdout), proc.stderr.decode()


def sig_tag(digest):
    return digest.replace(":", "-") + ".sig"


def case_sign_then_verify_as_cosign_stores_it(env):
    """The signature is where and as cosign keeps it: tag sha256-<hex>.sig, a simple-signing
    layer naming the digest, the base64 signature in the layer annotation; openssl verifies it
    over the payload with the public key; hallmark-verify image allows the image."""
    key, public = keygen(env, "release")
    with Registry(env, "plain") as registry:
        ref = push(env, registry, "team/app:1.0", APP, "app")
        digest = digest_of(registry, "team/app", "1.0")
        proc = sign(env, registry, key, ref)
        check(sig_tag(digest) in proc.stderr.decode(), proc.stderr)

        manifest = json.loads(registry_api(registry, f"team/app/manifests/{sig_tag(digest)}")[0])
        check(len(manifest["layers"]) == 1, manifest)
        layer = manifest["layers"][0]
        check(layer["mediaType"] == "application/vnd.dev.cosign.simplesigning.v1+json", layer)
        payload = registry_api(registry, f"team/app/blobs/{layer['digest']}", accept="*/*")[0]
        critical = json.loads(payload)["critical"]
        check(critical["image"]["docker-manifest-digest"] == digest, critical)
        check(critical["type"] == "cosign container image signature", critical)
        signature = base64.b64decode(layer["annotations"]["dev.cosignproject.cosign/signature"])
        env.path("payload").write_bytes(payload)
        env.path("signature.der").write_bytes(signature)
        subprocess.run(["openssl", "dgst", "-sha256", "-verify", str(public), "-signature",
                        str(env.path("signature.der")), str(env.path("payload"))],
                       check=True, capture_output=True)

        verdict, err = verify(env, registry, public, ref)
        check(verdict["allowed"] and verdict["digest"] == digest, verdict)
        check(verdict["checks"][0]["passed"] and sig_tag(digest) in verdict["checks"][0]["reason"],
              verdict)
        check("allowed" in err, err)
        # A second signer's signature is kept beside the first.
        other_key, other_public = keygen(env, "other")
        sign(env, registry, other_key, ref)
        manifest = json.loads(registry_api(registry, f"team/app/manifests/{sig_tag(digest)}")[0])
        check(len(manifest["layers"]) == 2, manifest)
        verify(env, registry, public, ref)
        verify(env, registry, other_public, ref)


def case_unsigned_and_other_key_are_denied(env):
    key, public = keygen(env, "release")
    other_key, _ = keygen(env, "other")
    with Registry(env, "plain") as registry:
        ref = push(env, registry, "team/app:1.0", APP, "app")
        digest = digest_of(registry, "team/app", "1.0")
        verdict, err = verify(env, registry, public, ref, expect=1)
        check(not verdict["allowed"], verdict)
        check(verdict["checks"][0]["reason"] == "no signature found for " + digest, verdict)
        check("denied" in err and "FAIL" in err, err)

        sign(env, registry, other_key, ref)
        verdict, _ = verify(env, registry, public, ref, expect=1)
        reason = verdict["checks"][0]["reason"]
        check(sig_tag(digest) in reason and "signature" in reason, reason)


def case_signature_for_another_digest_is_denied(env):
    """A signature copied beside another image still names the image it was made for."""
    key, public = keygen(env, "release")
    with Registry(env, "plain") as registry:
        ref = push(env, registry, "team/app:1.0", APP, "app")
        other = push(env, registry, "team/app:base", BASE, "base")
        signed = digest_of(registry, "team/app", "1.0")
        unsigned = digest_of(registry, "team/app", "base")
        sign(env, registry, key, ref)
        manifest = registry_api(registry, f"team/app/manifests/{sig_tag(signed)}")[0]
        registry_api(registry, f"team/app/manifests/{sig_tag(unsigned)}", method="PUT", body=manifest,
             content_type=OCI_MANIFEST)
        verdict, _ = verify(env, registry, public, other, expect=1)
        reason = verdict["checks"][0]["reason"]
        check(f"the signature is for {signed}, not {unsigned}" in reason, reason)


def case_moved_tag_is_denied(env):
    """The signature is for the digest the tag named when it was signed; once the tag moves,
    the image it names now is unsigned. The old digest still verifies."""
    key, public = keygen(env, "release")
    with Registry(env, "plain") as registry:
        ref = push(env, registry, "team/app:1.0", APP, "app")
        signed = digest_of(registry, "team/app", "1.0")
        sign(env, registry, key, ref)
        verify(env, registry, public, ref)
        push(env, registry, "team/app:1.0", BASE, "base")
        moved = digest_of(registry, "team/app", "1.0")
        check(moved != signed, "the tag did not move")
        verdict, _ = verify(env, registry, public, ref, expect=1)
        check(verdict["digest"] == moved, verdict)
        check(verdict["checks"][0]["reason"] == "no signature found for " + moved, verdict)
        verify(env, registry, public, f"{registry.host}/team/app@{signed}")


def case_required_attestation(env):
    """--attestation-type requires an attestation of that type by the same signer; attest
    --image stores it as cosign's .att (a DSSE envelope with the predicateType annotation)."""
    key, public = keygen(env, "release")
    other_key, _ = keygen(env, "other")
    predicate = env.path("provenance.json")
    predicate.write_text(json.dumps({"buildDefinition": {"buildType": "https://example.com/b"},
                                     "runDetails": {"builder": {"id": "https://ci.example"}}}))
    with Registry(env, "plain") as registry:
        ref = push(env, registry, "team/app:1.0", APP, "app")
        digest = digest_of(registry, "team/app", "1.0")
        sign(env, registry, key, ref)
        verdict, _ = verify(env, registry, public, ref, "--attestation-type", "slsaprovenance1",
                            expect=1)
        check(verdict["checks"][0]["passed"], verdict)
        check(verdict["checks"][1]["reason"] == "no such attestation found for " + digest, verdict)

        attest = ["hallmark-sign", "attest", "--predicate", predicate, "--type",
                  "slsaprovenance1", *flags_of(registry), "--image", ref]
        env.run(*attest[:1], *attest[1:], "--key", other_key, env=run_env(env))
        verdict, _ = verify(env, registry, public, ref, "--attestation-type", "slsaprovenance1",
                            expect=1)
        check(not verdict["checks"][1]["passed"], verdict)

        env.run(*attest[:1], *attest[1:], "--key", key, env=run_env(env))
        verdict, _ = verify(env, registry, public, ref, "--attestation-type", "slsaprovenance1")
        check(all(c["passed"] for c in verdict["checks"]), verdict)
        att = json.loads(registry_api(registry, f"team/app/manifests/{digest.replace(':', '-')}.att")[0])
        layer = att["layers"][-1]
        check(layer["mediaType"] == "application/vnd.dsse.envelope.v1+json", layer)
        check(layer["annotations"]["predicateType"] == "https://slsa.dev/provenance/v1", layer)
        envelope = json.loads(registry_api(registry, f"team/app/blobs/{layer['digest']}", accept="*/*")[0])
        statement = json.loads(base64.b64decode(envelope["payload"]))
        check(statement["subject"][0]["digest"]["sha256"] == digest[7:], statement)
        # Another type is still missing.
        verify(env, registry, public, ref, "--attestation-type", "cyclonedx", expect=1)


def case_sbom_attested_in_one_step(env):
    """hallmark-sbom --attest: the SBOM written is the predicate of a signed CycloneDX
    attestation about the scanned digest, which verify image then requires and finds."""
    key, public = keygen(env, "release")
    with Registry(env, "plain") as registry:
        ref = push(env, registry, "team/app:1.0", APP, "app")
        digest = digest_of(registry, "team/app", "1.0")
        out = env.path("app.cdx.json")
        env.run("hallmark-sbom", ref, *flags_of(registry), "-o", f"cyclonedx-json={out}",
                "--attest", "--key", key, env=run_env(env))
        written = json.loads(out.read_text())
        sign(env, registry, key, ref)
        verdict, _ = verify(env, registry, public, ref, "--attestation-type", "cyclonedx")
        check(verdict["allowed"] and verdict["checks"][1]["passed"], verdict)
        att = json.loads(registry_api(registry, f"team/app/manifests/{digest.replace(':', '-')}.att")[0])
        envelope = json.loads(registry_api(registry, f"team/app/blobs/{att['layers'][0]['digest']}",
                                   accept="*/*")[0])
        statement = json.loads(base64.b64decode(envelope["payload"]))
        check(statement["predicateType"] == "https://cyclonedx.org/bom", statement)
        check(statement["predicate"] == written, "the predicate is not the SBOM written")
        # Only images in registries can carry attestations; nothing is written then.
        archive = env.path("app.tar")
        proc = env.run("hallmark-sbom", archive, "-o", f"cyclonedx-json={env.path('x.json')}",
                       "--attest", "--key", key, expect=2, env=run_env(env))
        check("not an image in a registry" in proc.stderr.decode(), proc.stderr)
        check(not env.path("x.json").exists(), "an output was written")


def case_signature_found_as_referrer(env):
    """--referrers always stores the signature as an OCI 1.1 referrer (a Sigstore bundle)
    through the tag-schema fallback too; with the cosign tag emptied, the referrer alone
    verifies."""
    key, public = keygen(env, "release")
    with Registry(env, "plain") as registry:
        ref = push(env, registry, "team/app:1.0", APP, "app")
        digest = digest_of(registry, "team/app", "1.0")
        proc = sign(env, registry, key, ref, "--referrers", "always")
        check("referrer sha256:" in proc.stderr.decode(), proc.stderr)
        index = json.loads(registry_api(registry, f"team/app/manifests/{digest.replace(':', '-')}",
                                accept="application/vnd.oci.image.index.v1+json")[0])
        check(index["manifests"][0]["artifactType"] ==
              "application/vnd.dev.sigstore.bundle.v0.3+json", index)
        empty = json.dumps({"schemaVersion": 2, "mediaType": OCI_MANIFEST,
                            "config": {"mediaType": "application/vnd.oci.empty.v1+json",
                                       "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
                                       "size": 2},
                            "layers": []}).encode()
        registry_api(registry, "team/app/blobs/uploads/?digest=sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
             method="POST", body=b"{}", content_type="application/octet-stream")
        registry_api(registry, f"team/app/manifests/{sig_tag(digest)}", method="PUT", body=empty,
             content_type=OCI_MANIFEST)
        verdict, _ = verify(env, registry, public, ref)
        check(verdict["checks"][0]["reason"].startswith("referrer sha256:"), verdict)


POLICY = """apiVersion: hallmark.dev/v1
kind: Policy
defaultAction: deny
keys:
  release: release.pub
rules:
  - name: team images
    images: ["{host}/team/**"]
    signatures:
      anyOf: [{{key: release}}]
    attestations:
      - predicateType: https://cyclonedx.org/bom
        signedBy: {{key: release}}
  - name: legacy
    images: ["{host}/legacy/*"]
    mode: warn
    signatures:
      anyOf: [{{key: release}}]
"""


def case_policy_file_decides(env):
    """verify image --policy: the first matching rule decides, warn mode allows and says what
    failed, no rule is defaultAction; each verdict is one decision log line that
    `hallmark-verify report` reads. policy check validates and names the line of a mistake."""
    key, public = keygen(env, "release")
    with Registry(env, "plain") as registry:
        good = push(env, registry, "team/app:1.0", APP, "app")
        bad = push(env, registry, "team/other:1.0", BASE, "base")
        legacy = push(env, registry, "legacy/tool:7", BASE, "base")
        stray = push(env, registry, "stray/x:1", BASE, "base")
        env.run("hallmark-sbom", good, *flags_of(registry), "-o", "cyclonedx-json",
                "--attest", "--key", key, env=run_env(env))
        sign(env, registry, key, good)
        policy = env.path("policy.yaml")
        policy.write_text(POLICY.format(host=registry.host))
        proc = env.run("hallmark-verify", "policy", "check", "--policy", policy)
        out = proc.stdout.decode()
        check("valid: 2 rule(s), defaultAction deny" in out and 'rule "legacy"' in out, out)

        log = env.path("decisions.jsonl")
        def decide(ref, expect):
            proc = env.run("hallmark-verify", "image", "--policy", policy, *flags_of(registry),
                           "--decision-log", log, "--json", ref, expect=expect, env=run_env(env))
            return json.loads(proc.stdout)
        verdict = decide(good, 0)
        check(verdict["rule"] == "team images" and verdict["mode"] == "enforce", verdict)
        check(len(verdict["checks"]) == 2 and all(c["passed"] for c in verdict["checks"]), verdict)
        check(verdict["policyDigest"].startswith("sha256:"), verdict)
        verdict = decide(bad, 1)
        check([c["passed"] for c in verdict["checks"]] == [False, False], verdict)
        verdict = decide(legacy, 0)
        check(verdict["mode"] == "warn" and verdict["allowed"] and
              not verdict["checks"][0]["passed"], verdict)
        verdict = decide(stray, 1)
        check(verdict["mode"] == "default" and verdict["rule"] == "", verdict)
        lines = [json.loads(line) for line in log.read_text().splitlines()]
        check([line["allowed"] for line in lines] == [True, False, True, False], lines)

        proc = env.run("hallmark-verify", "report", "--decision-log", log, "--json", "-q")
        report = json.loads(proc.stdout)
        check(report["warnModePasses"]["total"] == 1, report["warnModePasses"])

        # The trust flags and a policy do not mix; a mistake is named with its line.
        env.run("hallmark-verify", "image", "--policy", policy, "--key", public, good, expect=2)
        policy.write_text(POLICY.format(host=registry.host).replace("mode: warn", "mode: loud"))
        proc = env.run("hallmark-verify", "policy", "check", "--policy", policy, expect=3)
        err = proc.stderr.decode()
        check(f"{policy}:16: rules[1].mode" in err, err)


def case_registry_password_and_outage(env):
    """A wrong registry password is exit 4 "authentication failed" with the password printed
    nowhere; a stopped registry is exit 4 naming it, and verify denies (fail closed)."""
    key, public = keygen(env, "release")
    with Registry(env, "tls", tls=True) as registry:
        ref = push(env, registry, "team/app:1.0", APP, "app")
        creds = ["--registry-username", USER]
        env.run("hallmark-sign", "image", "--key", key, *flags_of(registry), *creds, ref,
                env={**run_env(env), "HALLMARK_REGISTRY_PASSWORD": PASSWORD})
        wrong = "not-" + PASSWORD
        for tool in (["hallmark-sign", "image", "--key", key],
                     ["hallmark-verify", "image", "--key", public]):
            proc = env.run(*tool, *flags_of(registry), *creds, ref, expect=4,
                           env={**run_env(env), "HALLMARK_REGISTRY_PASSWORD": wrong})
            out = proc.stderr.decode() + proc.stdout.decode()
            check("authentication failed" in out, out)
            check(wrong not in out, "the password is printed")
        proc = env.run("hallmark-verify", "image", "--key", public, *flags_of(registry), *creds,
                       ref, env={**run_env(env), "HALLMARK_REGISTRY_PASSWORD": PASSWORD})
        check("allowed" in proc.stderr.decode(), proc.stderr)
        registry.stop()
        proc = env.run("hallmark-verify", "image", "--key", public, *flags_of(registry), *creds,
                       "--json", ref, expect=4,
                       env={**run_env(env), "HALLMARK_REGISTRY_PASSWORD": PASSWORD})
        verdict = json.loads(proc.stdout)
        check(not verdict["allowed"] and registry.host in verdict["checks"][0]["reason"], verdict)


if __name__ == "__main__":
    raise SystemExit(main(collect(globals())))
