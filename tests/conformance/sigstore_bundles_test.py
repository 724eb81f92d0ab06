"""Conformance: real Sigstore bundles from other projects verify (or fail) as those projects
expect: the bundle-shaped unit_file_cases of slsa-verifier's test data (GitHub Actions provenance
bundles, public-good root; identity unconstrained, as slsa-verifier checks the builder
afterwards), and cosign's OCI attestation bundle with its cases."""
import json
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "cli"))
from harness import check, collect, main  # noqa: E402

PUBLIC_GOOD = "upstream/trust/public-good/trusted_root.json"


def verify(env, bundle, *args, artifacts=()):
    return env.run("hallmark-verify", "attestation", "--bundle", bundle, "--trusted-root",
                   env.shared(PUBLIC_GOOD), *args, *artifacts, expect=None)


def is_keyless_bundle(path):
    try:
        document = json.loads(path.read_text())
    except (ValueError, UnicodeDecodeError):
        return False
    material = document.get("verificationMaterial", {}) if isinstance(document, dict) else {}
    return str(document.get("mediaType", "")).startswith("application/vnd.dev.sigstore.bundle") \
        and ("x509CertificateChain" in material or "certificate" in material)


def case_slsa_verifier_bundles(env):
    folder = env.shared("upstream/slsa-verifier-testdata")
    cases = json.loads((folder / "cases.json").read_text())["unit_file_cases"]
    checked = 0
    for case in cases:
        path = folder / case["file"]
        if not is_keyless_bundle(path):
            continue  # npm attestation sets and GCB provenance: the provenance tests cover them
        proc = verify(env, path, "--certificate-identity-regexp", ".*",
                      "--certificate-oidc-issuer-regexp", ".*")
        error = proc.stderr.decode()
        if case["expected"] == "pass":
            check(proc.returncode == 0, f"{case['file']} must verify: {error}")
        else:
            check(proc.returncode == 1, f"{case['file']} must be rejected: exit {proc.returncode} {error}")
        checked += 1
    check(checked == 6, f"{checked} keyless bundles among the unit file cases, expected 6")


def case_cosign_oci_attestation(env):
    cosign = env.shared("upstream/cosign")
    expectations = json.loads((cosign / "cases.json").read_text())["oci_attestation_bundle"]
    bundle = cosign / expectations["file"]
    for case in expectations["cases"]:
        args = []
        if "certificate_identity" in case:
            args += ["--certificate-identity", case["certificate_identity"],
                     "--certificate-oidc-issuer", case["certificate_oidc_issuer"]]
        else:
            args += ["--certificate-identity-regexp", case["identity_regexp"],
                     "--certificate-oidc-issuer-regexp", case["issuer_regexp"]]
        digest = case["artifact_digest"]
        if not digest.startswith("sha256:"):
            digest = "sha256:" + "0" * 64  # "any other digest"
        for root in (PUBLIC_GOOD, "upstream/trust/cosign/trusted_root_pgi.json"):
            proc = env.run("hallmark-verify", "attestation", "--bundle", bundle, "--trusted-root",
                           env.shared(root), *args, digest, expect=None)
            expected = 0 if case["expected"] == "pass" else 1
            check(proc.returncode == expected,
                  f"{case['id']} with {root}: exit {proc.returncode}: {proc.stderr.decode()}")


if __name__ == "__main__":
    sys.exit(main(collect(globals())))
