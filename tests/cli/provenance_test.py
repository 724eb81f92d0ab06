"""hallmark-provenance generate: SLSA v1 provenance from simulated GitHub Actions and GitLab CI
environments and from flags, valid against schemas/slsa-provenance-v1.schema.json; and the round
trip: provenance generated and signed with a key verifies with verify-artifact --key when the
expectations match, and fails naming the mismatch when one differs."""
import base64
import hashlib
import json
import os
import sys

import jsonschema

from harness import ROOT, check, collect, main

SCHEMA = json.loads((ROOT / "schemas" / "slsa-provenance-v1.schema.json").read_text())
COMMIT = "0123456789abcdef0123456789abcdef01234567"
GITHUB = {
    "GITHUB_ACTIONS": "true", "GITHUB_SERVER_URL": "https://github.com",
    "GITHUB_REPOSITORY": "acme/app", "GITHUB_REF": "refs/tags/v1.2.3",
    "GITHUB_WORKFLOW_REF": "acme/app/.github/workflows/release.yml@refs/tags/v1.2.3",
    "GITHUB_SHA": COMMIT, "GITHUB_RUN_ID": "4242", "GITHUB_RUN_ATTEMPT": "1",
    "GITHUB_EVENT_NAME": "push", "GITHUB_REPOSITORY_ID": "1001",
    "GITHUB_REPOSITORY_OWNER_ID": "2002", "RUNNER_ENVIRONMENT": "github-hosted",
}
GITLAB = {
    "GITLAB_CI": "true", "CI_SERVER_URL": "https://gitlab.example", "CI_PROJECT_PATH": "acme/app",
    "CI_PROJECT_URL": "https://gitlab.example/acme/app", "CI_COMMIT_SHA": COMMIT,
    "CI_COMMIT_REF_NAME": "main", "CI_COMMIT_TAG": "v1.2.3", "CI_JOB_NAME": "release",
    "CI_PROJECT_ID": "7", "CI_PIPELINE_ID": "8", "CI_JOB_ID": "9",
    "CI_JOB_URL": "https://gitlab.example/acme/app/-/jobs/9", "CI_RUNNER_ID": "11",
    "CI_RUNNER_VERSION": "16.11.0", "CI_JOB_STARTED_AT": "2026-11-29T08:00:00Z",
    "CI_CONFIG_PATH": ".gitlab-ci.yml", "CI_PIPELINE_SOURCE": "push",
}


def clean_env(extra):
    """The process environment without any CI variables, plus `extra`."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GITHUB_", "GITLAB_", "CI_", "RUNNER_"))}
    env.update(extra)
    return env


def generate(env, ci_env, *args, expect=0):
    import subprocess
    proc = subprocess.run([env.tool("hallmark-provenance"), "generate", *map(str, args)],
                          capture_output=True, env=clean_env(ci_env))
    check(proc.returncode == expect, f"exit {proc.returncode}: {proc.stderr.decode()}")
    return proc


def artifact(env):
    path = env.path("app.tar")
    path.write_bytes(b"release build\n" * 100)
    return path


def case_github_actions(env):
    path = artifact(env)
    statement = json.loads(generate(env, GITHUB, path).stdout)
    jsonschema.validate(statement, SCHEMA)
    predicate = statement["predicate"]
    check(predicate["buildDefinition"]["buildType"] == "https://actions.github.io/buildtypes/workflow/v1", predicate)
    check(predicate["buildDefinition"]["externalParameters"]["workflow"] ==
          {"ref": "refs/tags/v1.2.3", "repository": "https://github.com/acme/app",
           "path": ".github/workflows/release.yml"}, predicate)
    check(predicate["buildDefinition"]["resolvedDependencies"] ==
          [{"uri": "git+https://github.com/acme/app@refs/tags/v1.2.3", "digest": {"gitCommit": COMMIT}}],
          predicate)
    check(predicate["runDetails"]["metadata"]["invocationId"] ==
          "https://github.com/acme/app/actions/runs/4242/attempts/1", predicate)
    check(statement["subject"] == [{"name": "app.tar", "digest": {
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}}], statement["subject"])
    # Every variable the predicate needs is named when missing.
    for name in ("GITHUB_SHA", "GITHUB_REF", "GITHUB_WORKFLOW_REF"):
        partial = {k: v for k, v in GITHUB.items() if k != name}
        proc = generate(env, partial, path, expect=2)
        check(name.encode() in proc.stderr, proc.stderr)


def case_gitlab_ci(env):
    path = artifact(env)
    statement = json.loads(generate(env, GITLAB, path, "--subject-digest",
                                    "registry.example/app=sha256:" + "ab" * 32).stdout)
    jsonschema.validate(statement, SCHEMA)
    predicate = statement["predicate"]
    check(predicate["runDetails"]["builder"]["id"] == "https://gitlab.example/acme/app/-/runners/11", predicate)
    check(predicate["runDetails"]["metadata"]["startedOn"] == "2026-11-29T08:00:00Z", predicate)
    check(predicate["buildDefinition"]["externalParameters"]["ref"] == "refs/tags/v1.2.3", predicate)
    check(len(statement["subject"]) == 2, statement["subject"])


def case_no_ci_and_signing(env):
    path = artifact(env)
    generate(env, {}, path, expect=2)
    args = ["--ci", "none", "--builder-id", "https://ci.example/builder@v1", "--source-uri",
            "https://github.com/acme/app", "--source-digest", "sha1:" + COMMIT, "--ref",
            "refs/tags/v1.2.3"]
    statement = json.loads(generate(env, {}, *args, path).stdout)
    jsonschema.validate(statement, SCHEMA)
    generate(env, {}, *args[:-2], path, expect=2)  # --ref missing
    # Signed directly into a DSSE bundle.
    env.run("hallmark-sign", "keygen", "--output-key-prefix", env.path("k"),
            env={"HALLMARK_PASSWORD": "p"})
    bundle = env.path("prov.sigstore.json")
    generate(env, {"HALLMARK_PASSWORD": "p"}, *args, "--key", env.path("k.key"), "-o", bundle, path)
    env.run("hallmark-verify", "attestation", "--key", env.path("k.pub"), "--bundle", bundle,
            "--type", "slsaprovenance1", path)
    payload = json.loads(base64.b64decode(json.loads(bundle.read_text())["dsseEnvelope"]["payload"]))
    jsonschema.validate(payload, SCHEMA)


def keypair(env, name):
    env.run("hallmark-sign", "keygen", "--output-key-prefix", env.path(name),
            env={"HALLMARK_PASSWORD": "p"})
    return env.path(name + ".key"), env.path(name + ".pub")


def verify(env, path, bundle, public_key, *expectations, expect=0):
    proc = env.run("hallmark-provenance", "verify-artifact", path, "--provenance-path", bundle,
                   "--key", public_key, *expectations, expect=expect)
    return proc.stderr.decode()


def check_round_trip(env, ci_env, source, builder, tag):
    """Signed provenance of a tag build verifies with matching expectations; each single
    mismatch fails with its category and both values."""
    path = artifact(env)
    key, public_key = keypair(env, "release")
    bundle = env.path("app.provenance.sigstore.json")
    generate(env, dict(ci_env, HALLMARK_PASSWORD="p"), "--key", key, "-o", bundle, path)
    matching = ["--source-uri", source, "--source-tag", tag, "--builder-id", builder]
    stderr = verify(env, path, bundle, public_key, *matching)
    check("verified builder: " + builder in stderr, stderr)
    # Without --builder-id the key vouches for the builder, which is reported.
    stderr = verify(env, path, bundle, public_key, "--source-uri", source,
                    "--source-versioned-tag", tag.rsplit(".", 1)[0])
    check("verified builder: " + builder in stderr, stderr)
    mismatches = [
        (["--source-uri", source + "-fork", "--source-tag", tag], "ErrorMismatchSource", source),
        (["--source-uri", source, "--source-tag", tag + "9"], "ErrorMismatchTag",
         f'source tag "{tag}" does not match expected "{tag}9"'),
        (["--source-uri", source, "--source-versioned-tag", "v2"], "ErrorMismatchVersionedTag",
         '"v2"'),
        (["--source-uri", source, "--source-branch", "main"], "ErrorInvalidRef",
         "not from a branch"),
        (["--source-uri", source, "--builder-id", builder + "-other"], "ErrorMismatchBuilderID",
         builder + "-other"),
    ]
    for args, category, reason in mismatches:
        stderr = verify(env, path, bundle, public_key, *args, expect=1)
        check(category in stderr and reason in stderr, f"{args}: {stderr}")
    # One byte of the artifact changed: it is no longer the subject.
    data = bytearray(path.read_bytes())
    data[0] ^= 1
    changed = env.path("changed.tar")
    changed.write_bytes(bytes(data))
    stderr = verify(env, changed, bundle, public_key, *matching, expect=1)
    check("ErrorMismatchHash" in stderr and "changed.tar" in stderr, stderr)
    # Another key did not sign it.
    _, other_key = keypair(env, "other")
    stderr = verify(env, path, bundle, other_key, *matching, expect=1)
    check("ErrorInvalidSignature" in stderr, stderr)


def check_branch_round_trip(env, ci_env, source):
    """A branch build: the branch is checked, and a tag cannot be asked of it."""
    path = artifact(env)
    key, public_key = keypair(env, "branch")
    bundle = env.path("branch.provenance.sigstore.json")
    generate(env, dict(ci_env, HALLMARK_PASSWORD="p"), "--key", key, "-o", bundle, path)
    verify(env, path, bundle, public_key, "--source-uri", source, "--source-branch", "main")
    stderr = verify(env, path, bundle, public_key, "--source-uri", source, "--source-branch",
                    "release", expect=1)
    check('source branch "main" does not match expected "release"' in stderr and
          "ErrorMismatchBranch" in stderr, stderr)
    stderr = verify(env, path, bundle, public_key, "--source-uri", source, "--source-tag", "v1",
                    expect=1)
    check("ErrorInvalidRef" in stderr, stderr)


def case_round_trip_github_actions(env):
    check_round_trip(env, GITHUB, "github.com/acme/app",
                     "https://github.com/actions/runner/github-hosted", "v1.2.3")
    check_branch_round_trip(env, dict(GITHUB, GITHUB_REF="refs/heads/main", GITHUB_WORKFLOW_REF=
                                      "acme/app/.github/workflows/release.yml@refs/heads/main"),
                            "github.com/acme/app")


def case_round_trip_gitlab_ci(env):
    check_round_trip(env, GITLAB, "gitlab.example/acme/app",
                     "https://gitlab.example/acme/app/-/runners/11", "v1.2.3")
    check_branch_round_trip(env, dict(GITLAB, CI_COMMIT_TAG=""), "https://gitlab.example/acme/app")


def case_bare_envelope(env):
    """A key-signed bare DSSE envelope verifies offline with its key; without a key its proof
    would be in an online log, so it is refused, never passed."""
    path = artifact(env)
    key, public_key = keypair(env, "release")
    bundle = env.path("app.provenance.sigstore.json")
    generate(env, dict(GITHUB, HALLMARK_PASSWORD="p"), "--key", key, "-o", bundle, path)
    envelope = env.path("app.intoto.jsonl")
    envelope.write_text(json.dumps(json.loads(bundle.read_text())["dsseEnvelope"]) + "\n")
    verify(env, path, envelope, public_key, "--source-uri", "github.com/acme/app")
    proc = env.run("hallmark-provenance", "verify-artifact", path, "--provenance-path", envelope,
                   "--source-uri", "github.com/acme/app", expect=1)
    stderr = proc.stderr.decode()
    check("cannot be verified offline" in stderr and "ErrorOfflineUnverifiable" in stderr, stderr)


if __name__ == "__main__":
    sys.exit(main(collect(globals())))
