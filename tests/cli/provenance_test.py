"""hallmark-provenance generate: SLSA v1 provenance from simulated GitHub Actions and GitLab CI
environments and from flags, valid against schemas/slsa-provenance-v1.schema.json."""
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


if __name__ == "__main__":
    sys.exit(main(collect(globals())))
