"""Conformance: every key vector of ../shared/upstream/cosign/cases.json through the real
hallmark-sign: the ones cosign loads load (the encrypted ones with password "hello", giving the
expected public key), the ones it refuses are refused as bad input."""
import json
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "cli"))
from harness import check, collect, main  # noqa: E402


def public_key(env, file, password="hello"):
    return env.run("hallmark-sign", "public-key", "--key", env.shared(f"upstream/cosign/{file}"),
                   env={"HALLMARK_PASSWORD": password}, expect=None)


def case_import_keys(env):
    cases = json.loads(env.shared("upstream/cosign/cases.json").read_text())
    for case in cases["import_keys"]:
        proc = public_key(env, case["file"])
        expected = 0 if case["expected"] == "pass" else 3
        check(proc.returncode == expected,
              f"{case['id']}: exit {proc.returncode}, expected {expected}: {proc.stderr!r}")
        if expected == 3:
            check(proc.stderr.count(b"\n") == 1 and case["file"].encode() in proc.stderr, proc.stderr)


def case_encrypted_keys(env):
    cases = json.loads(env.shared("upstream/cosign/cases.json").read_text())
    for case in cases["encrypted_keys"]:
        proc = public_key(env, case["file"], case["password"])
        if case["expected"] == "pass":
            check(proc.returncode == 0, f"{case['id']}: {proc.stderr!r}")
            check(proc.stdout.decode() == case["public_key_pem"], f"{case['id']}: public key differs")
        else:
            check(proc.returncode == 3, f"{case['id']}: exit {proc.returncode}: {proc.stderr!r}")
        wrong = public_key(env, case["file"], "not-" + case["password"])
        check(wrong.returncode == 1 and b"wrong passphrase" in wrong.stderr, wrong.stderr)


if __name__ == "__main__":
    sys.exit(main(collect(globals())))
