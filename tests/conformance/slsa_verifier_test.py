"""Conformance: slsa-verifier v2's regression cases (../shared/upstream/slsa-verifier-testdata/
cases.json) through hallmark-provenance's verify commands, offline.

Every offline-capable case runs once per builder-id variant and must give upstream's outcome, and
for failures upstream's error category (named in Hallmark's message). Cases whose proof lives
only in an online log (bare DSSE envelopes: Rekor is searched online) must fail with the offline
message, never pass; of the registry images, those pinned by digest are checked offline against
upstream's outcome and the one that is not must be refused as mutable. One CTest per case group
(upstream test function and builder folder); a group reports each mismatching case.
"""
import json
import pathlib
import re
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "cli"))
from harness import ROOT, check, main  # noqa: E402

TESTDATA = "upstream/slsa-verifier-testdata"
TRUSTED_ROOT = "upstream/trust/public-good/trusted_root.json"
NPM_KEYS = "upstream/trust/sigstore-js/npm-registry-keys.json"
GCB_KEYS = TESTDATA + "/verifiers/internal/gcb/keys/materials"
OFFLINE_MESSAGE = "cannot be verified offline"
# Upstream's regression run has SLSA_VERIFIER_TESTING=1 (set process-wide by its container-based
# test): the builders' own end-to-end repositories sign from refs/heads/main.
TESTING = ["--allow-builder-at-head"]


def load_cases(shared_dir):
    return json.loads((pathlib.Path(shared_dir) / TESTDATA / "cases.json").read_text())["cases"]


def group_of(case):
    parts = case["id"].split("/")  # "npm/NN-row", "gha-artifact/root/NN-row"
    folder = case.get("builder_dir") or (parts[1] if len(parts) > 2 else "")
    test = case["test"].removeprefix("Test_runVerify")
    return re.sub(r"[^A-Za-z0-9]+", "_", f"{test}_{folder}").strip("_")


def artifact_args(data, case, algorithm):
    """Copied files by path (Hallmark hashes them), the others by digest. One artifact is in no
    snapshot (its digest is unknown); it belongs to an online-only case, refused before any
    digest is compared, so any digest stands in for it."""
    return [str(data / a["path"]) if a["present"] and algorithm == "sha256" else
            f"{algorithm}:{a[algorithm] or '0' * 64}" for a in case["artifacts"]]


def source_args(flags):
    args = ["--source-uri", flags["source_uri"]]
    for flag in ("source_branch", "source_tag", "source_versioned_tag"):
        if flags.get(flag) is not None:
            args += ["--" + flag.replace("_", "-"), flags[flag]]
    for key, value in (flags.get("build_workflow_inputs") or {}).items():
        args += ["--build-workflow-input", f"{key}={value}"]
    return args


def command(env, case, variant):
    data = env.shared(TESTDATA)
    root = ["--trusted-root", str(env.shared(TRUSTED_ROOT))]
    flags = case["flags"]
    builder = [] if variant is None else ["--builder-id", variant]
    provenance = case["provenance"]["path"]
    kind = case["command"]
    if kind == "verify-vsa":
        args = ["--attestations-path", data / provenance, "--public-key-path",
                data / case["public_key"], "--public-key-id", flags.get("public_key_id", "")]
        for digest in flags.get("subject_digests") or []:
            args += ["--subject-digest", digest]
        for flag in ("verifier_id", "resource_uri"):
            if flags.get(flag) is not None:
                args += ["--" + flag.replace("_", "-"), flags[flag]]
        for level in flags.get("verified_levels") or []:
            args += ["--verified-levels", level]
        return [kind, *args]
    if kind == "verify-npm-package":
        args = ["--attestations-path", data / provenance, "--npm-keys", env.shared(NPM_KEYS)]
        for flag in ("package_name", "package_version"):
            if flags.get(flag) is not None:
                args += ["--" + flag.replace("_", "-"), flags[flag]]
        return [kind, *artifact_args(data, case, "sha512"), *source_args(flags), *builder, *args,
                *root, *TESTING]
    if kind == "verify-github-attestation":
        return [kind, *artifact_args(data, case, "sha256"), "--attestation-path",
                data / provenance, *source_args(flags), *builder, *root, *TESTING]
    if kind == "verify-image":
        image = case["image"] if case.get("remote_image") else str(data / case["image"])
        extra = ([] if provenance is None else
                 ["--provenance-path", data / provenance, "--gcb-keys", env.shared(GCB_KEYS)])
        return [kind, image, *source_args(flags), *builder, *extra, *root, *TESTING]
    return [kind, *artifact_args(data, case, "sha256"), "--provenance-path", data / provenance,
            *source_args(flags), *builder, *root, *TESTING]


def category_of(stderr):
    found = re.findall(r"\((Error\w+)\)\s*$", stderr.strip())
    return found[-1] if found else None


def expectation(case):
    """(expected exit code, category, message that must appear) for a case."""
    if case["offline_capable"]:
        return (0, None, None) if case["expected"] == "pass" else (1, case["expected_error"], None)
    if case.get("remote_image") and "@sha256:" in case["image"]:
        # Only the digest is needed, and it is in the reference: upstream's outcome, offline.
        return (0, None, None) if case["expected"] == "pass" else (1, case["expected_error"], None)
    if case.get("remote_image"):
        return (1, "ErrorMutableImage", "offline")
    return (1, "ErrorOfflineUnverifiable", OFFLINE_MESSAGE)


def run_case(env, case):
    """The mismatches of one case, over all its builder-id variants."""
    code, category, message = expectation(case)
    problems = []
    for variant in case.get("builder_id_variants") or [None]:
        proc = env.run("hallmark-provenance", *command(env, case, variant), expect=None)
        stderr = proc.stderr.decode(errors="replace")
        got = category_of(stderr)
        wrong = proc.returncode != code or (code == 1 and got != category) or \
            (message is not None and message not in stderr)
        builder = case.get("expected_builder_id")
        if not wrong and code == 0 and builder:
            reported = re.search(r"verified builder: (\S+)", stderr)
            wrong = reported is None or reported.group(1).split("@")[0] != builder.split("@")[0]
        if wrong:
            want = "pass" if code == 0 else f"fail {category}"
            problems.append(f"{case['id']} [builder-id {variant!r}]: expected {want}, got exit "
                            f"{proc.returncode} {got}: {stderr.strip()[-400:]}")
    return problems


def make_group(name):
    def run_group(env):
        cases = [c for c in load_cases(env.shared_dir) if group_of(c) == name]
        check(cases, f"no case of cases.json is in group {name}")
        problems = []
        for case in cases:
            problems += run_case(env, case)
        runs = sum(len(c.get("builder_id_variants") or [None]) for c in cases)
        print(f"{name}: {len(cases)} cases, {runs} runs, {len(problems)} mismatches")
        for problem in problems:
            print("MISMATCH " + problem)
        check(not problems, f"{len(problems)} of {runs} runs differ from slsa-verifier (above)")
    return run_group


def groups():
    """One test per group of the cases.json beside the project (the test run reads the
    --shared-dir given); without it, one group that reports the missing material."""
    path = ROOT.parent / "shared" / TESTDATA / "cases.json"
    if not path.exists():
        return {"all": lambda env: env.shared(TESTDATA + "/cases.json")}
    names = {group_of(case) for case in load_cases(ROOT.parent / "shared")}
    return {name: make_group(name) for name in sorted(names)}


if __name__ == "__main__":
    sys.exit(main(groups()))
