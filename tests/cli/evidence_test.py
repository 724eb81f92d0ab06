"""hallmark-verify evidence: self-verifying evidence bundles for a file artifact (signed, with an
SBOM and provenance attested) and for an image in Debian's docker-registry (started here), then
`evidence check`: it passes; one byte changed in any file, or the manifest, fails naming it; a
file added or removed is named; an unsigned bundle says so; hostile archives are refused. The
bundle's report.html, rendered by headless Chromium, shows the digest, the verdict and every
check, and makes no network request."""
import base64
import io
import json
import tarfile

from browser import page_requests, run_chromium
import jsonschema

from harness import DATA, ROOT, check, collect, main
from registry_harness import Registry, flags_of, no_docker_config, push_archive

PASS = {"HALLMARK_PASSWORD": "correct horse"}
STAMP = {"SOURCE_DATE_EPOCH": "1764000000"}  # 2025-11-24T16:00:00Z
LAYERS = [DATA / "images" / "debian" / "base", DATA / "images" / "debian" / "app"]
TYPES = ["--attestation-type", "cyclonedx", "--attestation-type", "slsaprovenance1"]


def keygen(env, name):
    env.run("hallmark-sign", "keygen", "--output-key-prefix", env.path(name), env=PASS)
    return env.path(name + ".key"), env.path(name + ".pub")


def signed_artifact(env, key):
    """A docker-archive with a signature bundle, an SBOM attestation and signed provenance,
    as a release pipeline makes them."""
    artifact = env.image(env.path("app.tar"), "docker-archive", LAYERS)
    bundles = {name: env.path(name) for name in ("sig.json", "sbom.att.json", "prov.json")}
    env.run("hallmark-sign", "blob", "--key", key, "--bundle", bundles["sig.json"], artifact,
            env=PASS)
    sbom = env.path("sbom.cdx.json")
    env.run("hallmark-sbom", artifact, "-o", f"cyclonedx-json={sbom}")
    env.run("hallmark-sign", "attest", "--key", key, "--predicate", sbom, "--type", "cyclonedx",
            "--bundle", bundles["sbom.att.json"], artifact, env=PASS)
    env.run("hallmark-provenance", "generate", "--ci", "none", "--builder-id",
            "https://ci.example/builder@v1", "--source-uri", "git+https://github.com/acme/app",
            "--source-digest", "0" * 40, "--ref", "refs/tags/v1.0.0", "--key", key, "-o",
            bundles["prov.json"], artifact, env=PASS)
    return artifact, [arg for path in bundles.values() for arg in ("--bundle", path)]


def members(path):
    with tarfile.open(path, "r:gz") as archive:
        return {m.name: archive.extractfile(m).read() for m in archive.getmembers()}


def repack(path, files):
    """A bundle with `files` as its members (as someone editing it would)."""
    with tarfile.open(path, "w:gz") as archive:
        for name, data in sorted(files.items()):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))


def evidence_check(env, bundle, *args, expect=0):
    return env.run("hallmark-verify", "evidence", "check", bundle, *args, expect=expect)


def case_artifact_evidence_checks_and_names_every_change(env):
    key, public = keygen(env, "release")
    artifact, bundles = signed_artifact(env, key)
    out = env.path("evidence.tar.gz")
    proc = env.run("hallmark-verify", "evidence", "--artifact", artifact, *bundles,
                   "--trust-key", public, *TYPES, "--key", key, "-o", out, env={**PASS, **STAMP})
    check("the manifest, signed): allowed" in proc.stderr.decode(), proc.stderr)
    files = members(out)
    manifest = json.loads(files["manifest.json"])
    roles = {f["path"]: f["role"] for f in manifest["files"]}
    check(set(roles) | {"manifest.json", "manifest.sigstore.json"} == set(files), sorted(files))
    for role in ("policy", "trust", "signature", "attestation", "sbom", "provenance", "verdict",
                 "report"):
        check(role in roles.values(), f"no {role} file: {roles}")
    schema = json.loads((ROOT / "schemas" / "evidence.schema.json").read_text())
    jsonschema.validate(manifest, schema)
    check(manifest["created"] == "2025-11-24T16:00:00Z" and manifest["allowed"], manifest)
    subject = manifest["subjects"][0]
    check(subject["reference"] == "app.tar" and subject["digest"].startswith("sha256:"), subject)
    statement = json.loads(base64.b64decode(
        json.loads(files["manifest.sigstore.json"])["dsseEnvelope"]["payload"]))
    check(statement["predicateType"] == "https://hallmark.dev/evidence/v1" and
          statement["predicate"] == manifest, "the signed statement carries the manifest")

    proc = evidence_check(env, out, "--key", public)
    err = proc.stderr.decode()
    check("files intact; manifest signed and verified" in err and "allowed" in err, err)
    proc = evidence_check(env, out)
    check("signed, signature not checked" in proc.stderr.decode(), proc.stderr)
    _, other_public = keygen(env, "other")
    proc = evidence_check(env, out, "--key", other_public, expect=1)
    check("manifest.sigstore.json" in proc.stderr.decode(), proc.stderr)

    # One byte changed in any file, the manifest included, fails naming that file.
    for name in sorted(files):
        data = bytearray(files[name])
        data[len(data) // 2] ^= 0x01
        tampered = env.path("tampered.tar.gz")
        repack(tampered, {**files, name: bytes(data)})
        proc = evidence_check(env, tampered, "--key", public, expect=None)
        err = proc.stderr.decode()
        check(proc.returncode in (1, 3) and name in err and err.count("\n") == 1,
              f"{name} changed: exit {proc.returncode}: {err}")
    # Added and removed files are named too.
    repack(env.path("added.tar.gz"), {**files, "subjects/0/extra.json": b"{}"})
    proc = evidence_check(env, env.path("added.tar.gz"), expect=1)
    check("subjects/0/extra.json: not listed" in proc.stderr.decode(), proc.stderr)
    removed = dict(files)
    del removed["report.md"]
    repack(env.path("removed.tar.gz"), removed)
    proc = evidence_check(env, env.path("removed.tar.gz"), expect=1)
    check("report.md: listed in the manifest but missing" in proc.stderr.decode(), proc.stderr)


def case_unsigned_bundle_says_so_and_is_reproducible(env):
    key, public = keygen(env, "release")
    artifact, bundles = signed_artifact(env, key)
    made = []
    for name in ("one.tar.gz", "two.tar.gz"):
        out = env.path(name)
        env.run("hallmark-verify", "evidence", "--artifact", artifact, *bundles, "--trust-key",
                public, *TYPES, "-o", out, env=STAMP)
        made.append(out.read_bytes())
    check(made[0] == made[1], "SOURCE_DATE_EPOCH: the same inputs give different bundles")
    proc = evidence_check(env, env.path("one.tar.gz"))
    check("manifest unsigned" in proc.stderr.decode(), proc.stderr)
    proc = evidence_check(env, env.path("one.tar.gz"), "--key", public, expect=1)
    check("unsigned" in proc.stderr.decode(), proc.stderr)
    # A missing attestation: the bundle is still written, the verdict is a deny (exit 1), and
    # the check agrees with what was recorded.
    out = env.path("denied.tar.gz")
    env.run("hallmark-verify", "evidence", "--artifact", artifact, "--bundle",
            env.path("sig.json"), "--trust-key", public, *TYPES, "-o", out, expect=1)
    proc = evidence_check(env, out)
    check("denied, as recorded" in proc.stderr.decode(), proc.stderr)


def case_hostile_archives_are_refused(env):
    for name, files in (("dotdot", {"../escape.json": b"{}", "manifest.json": b"{}"}),
                        ("absolute", {"/etc/evil": b"x"}),
                        ("not-evidence", {"hello.txt": b"hi"})):
        path = env.path(name + ".tar.gz")
        repack(path, files)
        proc = evidence_check(env, path, expect=3)
        check(str(path) in proc.stderr.decode() or "manifest" in proc.stderr.decode(), proc.stderr)
    truncated = env.path("truncated.tar.gz")
    truncated.write_bytes(b"\x1f\x8b\x08\x00" + b"\x00" * 10)
    evidence_check(env, truncated, expect=3)


def case_image_evidence_and_its_html_report(env):
    """Evidence for an image in the registry (signed, SBOM- and provenance-attested), under a
    policy; report.html in Chromium shows the digest, the verdict and every check."""
    key, public = keygen(env, "release")
    archive = env.image(env.path("image.tar"), "docker-archive", LAYERS,
                        name="demo.example/hallmark/app:1.0")
    with Registry(env, "plain") as registry:
        ref = push_archive(env, registry, "team/app:1.0", archive)
        run_env = {**no_docker_config(env), **PASS}
        flags = flags_of(registry)
        env.run("hallmark-sbom", ref, *flags, "-o", "cyclonedx-json", "--attest", "--key", key,
                env=run_env)
        env.run("hallmark-sign", "image", "--key", key, *flags, ref, env=run_env)
        provenance = env.path("provenance.json")
        statement = json.loads(env.run(
            "hallmark-provenance", "generate", "--ci", "none", "--builder-id",
            "https://ci.example/builder@v1", "--source-uri", "git+https://github.com/acme/app",
            "--source-digest", "0" * 40, "--ref", "refs/tags/v1.0.0", archive).stdout)
        provenance.write_text(json.dumps(statement["predicate"]))
        env.run("hallmark-sign", "attest", "--key", key, "--predicate", provenance, "--type",
                "slsaprovenance1", *flags, "--image", ref, env=run_env)
        policy = env.path("policy.yaml")
        policy.write_text(f"""apiVersion: hallmark.dev/v1
kind: Policy
keys: {{release: release.pub}}
rules:
  - name: team
    images: ["{registry.host}/team/**"]
    signatures: {{anyOf: [{{key: release}}]}}
    attestations:
      - {{predicateType: "https://cyclonedx.org/bom", signedBy: {{key: release}}}}
      - predicateType: https://slsa.dev/provenance/v1
        signedBy: {{key: release}}
        provenance: {{builderId: "https://ci.example/*", sourceUri: "github.com/acme/*",
                      sourceRef: "refs/tags/v*"}}
""")
        out = env.path("image-evidence.tar.gz")
        env.run("hallmark-verify", "evidence", ref, *flags, "--policy", policy, "--key", key,
                "-o", out, env=run_env)
    # The registry is gone: the check needs nothing but the bundle.
    proc = evidence_check(env, out, "--key", public)
    check("allowed, as recorded" in proc.stderr.decode(), proc.stderr)
    files = members(out)
    manifest = json.loads(files["manifest.json"])
    jsonschema.validate(manifest, json.loads((ROOT / "schemas" / "evidence.schema.json").read_text()))
    check(any("payload" in claim for claim in manifest["subjects"][0]["claims"]), manifest)
    verdict = json.loads(files["verdicts.json"])[0]
    check(len(verdict["checks"]) == 3 and all(c["passed"] for c in verdict["checks"]), verdict)
    page = env.path("report.html")
    page.write_bytes(files["report.html"])
    net_log = env.path("net.json")
    dom = run_chromium(env, page, "--dump-dom", net_log=net_log).stdout.decode()
    check(verdict["digest"] in dom and "allowed" in dom, "digest and verdict in the DOM")
    for each in verdict["checks"]:
        check(each["check"] in dom, f"check {each['check']} not in the DOM")
    check("github.com/acme/app" in dom and "refs/tags/v1.0.0" in dom, "provenance facts")
    check("deb" in dom, "SBOM summary by ecosystem")
    check(page_requests(net_log) == [], f"the page made requests: {page_requests(net_log)}")


if __name__ == "__main__":
    raise SystemExit(main(collect(globals())))
