"""The registry client (core/registry, through hallmark-registry-test) against a real registry
server: Debian's docker-registry, started by the test on 127.0.0.1, plain HTTP and TLS with
htpasswd basic auth. Round trips, digests checked while streaming, auth and TLS refusals, a dead
registry, and referrers."""
import base64
import hashlib
import http.server
import json
import os
import subprocess
import threading
import time

from harness import DATA, check, collect, main
from registry_harness import PASSWORD, USER, Registry, require

BASE = DATA / "images" / "debian" / "base"
ARM64_BASE = DATA / "images" / "debian-arm64" / "base"
TOOL = "hallmark-registry-test"


def no_docker_config(env):
    """An empty DOCKER_CONFIG, so that the machine's own ~/.docker plays no part."""
    folder = env.path("no-docker-config")
    folder.mkdir(exist_ok=True)
    return {"DOCKER_CONFIG": str(folder)}


def docker_config(env, registry, password=PASSWORD, form="auth"):
    folder = env.path(f"docker-config-{form}")
    folder.mkdir(exist_ok=True)
    if form == "auth":
        entry = {"auth": base64.b64encode(f"{USER}:{password}".encode()).decode()}
    else:
        entry = {"username": USER, "password": password}
    (folder / "config.json").write_text(json.dumps({"auths": {registry.host: entry}}))
    return {"DOCKER_CONFIG": str(folder)}


def flags_of(registry):
    return ["--ca-file", registry.ca] if registry.tls else ["--insecure-registry", registry.host]


def run(env, registry, command, *args, expect=0, auth=None, stdin=None, flags=None):
    """hallmark-registry-test COMMAND with the registry's flags: --insecure-registry for the
    plain one, --ca-file for the TLS one. `auth` is the environment (a DOCKER_CONFIG)."""
    if flags is None:
        flags = flags_of(registry)
    return env.run(TOOL, command, *flags, *args, expect=expect, stdin=stdin,
                   env=auth or no_docker_config(env))


def layout(env, name, platforms=None):
    env.image(env.path(name), "oci-dir", [BASE], platforms=platforms)
    return env.path(name)


def read_json(path):
    return json.loads(path.read_text())


def layout_blob(folder, digest):
    return (folder / "blobs" / "sha256" / digest.split(":", 1)[1]).read_bytes()


def round_trip(env, registry, repository, auth=None, stdin=None, credentials=(), push_extra=()):
    """Pushes an image, then reads everything back: tag, digest, manifest, each layer."""
    folder = layout(env, f"layout-{repository.replace('/', '-')}")
    ref = f"{registry.host}/{repository}:1.0"
    kwargs = dict(auth=auth, stdin=stdin, flags=flags_of(registry) + list(credentials))
    pushed = run(env, registry, "push-layout", *push_extra, "--layout", folder, ref, **kwargs)
    digest = pushed.stdout.decode().strip()
    wanted = read_json(folder / "index.json")["manifests"][0]["digest"]
    check(digest == wanted, f"pushed {digest}, the layout's manifest is {wanted}")
    resolved = run(env, registry, "resolve", ref, **kwargs).stdout.decode().split()
    check(resolved == [digest, "application/vnd.oci.image.manifest.v1+json"], resolved)
    image = json.loads(run(env, registry, "manifest", ref, **kwargs).stdout)
    check(image["digest"] == digest and image["index"] is None, image)
    check(image["platform"] == "linux/amd64", image)
    manifest = json.loads(layout_blob(folder, digest))
    check([layer["digest"] for layer in image["layers"]] ==
          [layer["digest"] for layer in manifest["layers"]], image)
    for layer in manifest["layers"]:
        streamed = run(env, registry, "blob", f"{registry.host}/{repository}@{layer['digest']}",
                       "--size", layer["size"], **kwargs).stdout
        check(streamed == layout_blob(folder, layer["digest"]), f"layer {layer['digest']} differs")
    tags = run(env, registry, "tags", f"{registry.host}/{repository}", **kwargs).stdout.decode()
    check(tags.split() == ["1.0"], tags)
    # By digest, the same manifest.
    by_digest = json.loads(run(env, registry, "manifest", f"{registry.host}/{repository}@{digest}",
                               **kwargs).stdout)
    check(by_digest["manifest"] == image["manifest"], by_digest)
    return digest


def no_secret(proc, *secrets):
    for secret in secrets:
        for stream in (proc.stdout, proc.stderr):
            check(secret.encode() not in stream, f"a password was printed: {stream[:500]!r}")


def case_push_pull_plain_http(env):
    with Registry(env, "plain") as registry:
        round_trip(env, registry, "hallmark/plain")
        # Blobs already there are not uploaded again; mounting from another repository works.
        round_trip(env, registry, "hallmark/mounted", push_extra=("--mount-from", "hallmark/plain"))
        folder = env.path("layout-hallmark-plain")
        proc = run(env, registry, "push-layout", "-v", "--mount-from", "hallmark/plain",
                   "--layout", folder, f"{registry.host}/hallmark/third:1")
        check(proc.stderr.count(b"mounted blob") == 2, proc.stderr)
        proc = run(env, registry, "push-layout", "-v", "--layout", folder,
                   f"{registry.host}/hallmark/third:1")
        check(proc.stderr.count(b"has blob") == 2 and b"uploaded" not in proc.stderr, proc.stderr)


def case_skopeo_interop(env):
    """Debian's skopeo reads what Hallmark pushed, byte for byte; Hallmark reads what skopeo
    pushed in Docker's v2 media types."""
    skopeo = require("/usr/bin/skopeo")
    with Registry(env, "plain") as registry:
        digest = round_trip(env, registry, "hallmark/pushed")
        raw = subprocess.run([skopeo, "--insecure-policy", "inspect", "--raw", "--tls-verify=false",
                              f"docker://{registry.host}/hallmark/pushed:1.0"],
                             capture_output=True, check=True).stdout
        check("sha256:" + hashlib.sha256(raw).hexdigest() == digest, "skopeo sees another manifest")
        archive = env.image(env.path("image.tar"), "docker-archive", [BASE])
        subprocess.run([skopeo, "--insecure-policy", "copy", "--format", "v2s2",
                        "--dest-tls-verify=false", f"docker-archive:{archive}",
                        f"docker://{registry.host}/skopeo/app:v2s2"],
                       capture_output=True, check=True)
        ref = f"{registry.host}/skopeo/app:v2s2"
        image = json.loads(run(env, registry, "manifest", ref).stdout)
        docker = "application/vnd.docker."
        check(image["manifest"]["mediaType"] == docker + "distribution.manifest.v2+json", image)
        check(image["config"]["mediaType"] == docker + "container.image.v1+json", image)
        for layer in image["layers"]:
            check(layer["mediaType"] == "application/vnd.docker.image.rootfs.diff.tar.gzip", layer)
            run(env, registry, "blob", "--size", layer["size"],
                f"{registry.host}/skopeo/app@{layer['digest']}")


def case_push_pull_tls_with_docker_config(env):
    with Registry(env, "tls", tls=True) as registry:
        round_trip(env, registry, "hallmark/auth", auth=docker_config(env, registry))
        round_trip(env, registry, "hallmark/userpass",
                   auth=docker_config(env, registry, form="userpass"))


def case_push_pull_tls_with_password_on_stdin(env):
    with Registry(env, "tls", tls=True) as registry:
        round_trip(env, registry, "hallmark/stdin", stdin=(PASSWORD + "\n").encode(),
                   credentials=("--username", USER, "--password-stdin"))


def case_bearer_tokens_anonymous_and_with_credentials(env):
    """A registry behind a token service, as Docker Hub: the client follows the Bearer
    challenge, asks anonymously or with the user's credentials, and reuses a token per scope."""
    with Registry(env, "token", tls=True, auth="token") as registry:
        round_trip(env, registry, "hallmark/bearer", auth=docker_config(env, registry))
        tokens = registry.tokens.requests
        check(tokens and all(user == USER for user, _ in tokens), tokens)
        # The push asked for one token with push rights, and used it for every request.
        check(sum("repository:hallmark/bearer:pull,push" in scopes for _, scopes in tokens) == 1,
              tokens)
        # Anonymous pulls get a token of their own, one for the manifest and its config.
        before = len(tokens)
        run(env, registry, "manifest", f"{registry.host}/hallmark/bearer:1.0")
        check(tokens[before:] == [(None, ["repository:hallmark/bearer:pull"])], tokens[before:])
        # Anonymous pushes are refused by the registry: the token does not grant push.
        folder = layout(env, "anonymous")
        proc = run(env, registry, "push-layout", "--layout", folder,
                   f"{registry.host}/hallmark/anonymous:1", expect=4)
        check(f"registry {registry.host}: authentication required for hallmark/anonymous"
              in proc.stderr.decode(), proc.stderr)
        # A wrong password: the token service refuses it.
        wrong = "not-the-Password-42"
        proc = run(env, registry, "resolve", f"{registry.host}/hallmark/bearer:1.0",
                   auth=docker_config(env, registry, password=wrong), expect=4)
        check(f"registry {registry.host}: authentication failed" in proc.stderr.decode(),
              proc.stderr)
        no_secret(proc, wrong, PASSWORD)


def case_wrong_password_is_authentication_failed(env):
    wrong = "not-the-Password-42"
    with Registry(env, "tls", tls=True) as registry:
        ref = f"{registry.host}/hallmark/app:1.0"
        for auth, stdin, flags in [
                (docker_config(env, registry, password=wrong), None, []),
                (None, (wrong + "\n").encode(), ["--username", USER, "--password-stdin"])]:
            proc = run(env, registry, "resolve", *flags, ref, auth=auth, stdin=stdin, expect=4)
            error = proc.stderr.decode()
            check(f"registry {registry.host}: authentication failed" in error, error)
            check(error.count("\n") == 1, error)
            no_secret(proc, wrong, PASSWORD)
        # No credentials at all: said so.
        proc = run(env, registry, "resolve", ref, expect=4)
        check("authentication required" in proc.stderr.decode(), proc.stderr)


def case_credential_helpers_are_refused_clearly(env):
    with Registry(env, "tls", tls=True) as registry:
        folder = env.path("helper-config")
        folder.mkdir()
        (folder / "config.json").write_text(json.dumps(
            {"auths": {registry.host: {}}, "credsStore": "desktop"}))
        proc = run(env, registry, "resolve", f"{registry.host}/hallmark/app:1.0",
                   auth={"DOCKER_CONFIG": str(folder)}, expect=2)
        check("docker-credential-desktop" in proc.stderr.decode() and
              "username and password" in proc.stderr.decode(), proc.stderr)


def case_tls_without_the_ca_is_refused(env):
    with Registry(env, "tls", tls=True) as registry:
        proc = run(env, registry, "resolve", f"{registry.host}/hallmark/app:1.0",
                   auth=docker_config(env, registry), flags=[], expect=4)
        error = proc.stderr.decode()
        check(f"registry {registry.host}: TLS certificate not trusted" in error, error)


def case_plain_http_only_for_registries_listed_insecure(env):
    with Registry(env, "plain") as registry:
        ref = f"{registry.host}/hallmark/app:1.0"
        other_port = f"127.0.0.1:{registry.port + 1}"
        for flags in ([], ["--insecure-registry", "127.0.0.1"],
                      ["--insecure-registry", other_port]):
            proc = run(env, registry, "resolve", ref, flags=flags, expect=4)
            error = proc.stderr.decode()
            check(f"registry {registry.host}: TLS handshake failed" in error and
                  "plain HTTP" in error, error)


def case_retries_honour_retry_after(env):
    """A registry that answers 503 with Retry-After: the client waits as told and tries again,
    a bounded number of times. (docker-registry never answers 503 on demand, so a few lines of
    Python stand in for it.)"""
    manifest = json.dumps({"schemaVersion": 2,
                           "mediaType": "application/vnd.oci.image.manifest.v1+json",
                           "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                                      "digest": "sha256:" + "0" * 64, "size": 2},
                           "layers": []}).encode()
    digest = "sha256:" + hashlib.sha256(manifest).hexdigest()
    state = {"failures": 0, "requests": []}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_HEAD(self):
            state["requests"].append(time.monotonic())
            if len(state["requests"]) <= state["failures"]:
                self.send_response(503)
                self.send_header("Retry-After", "1")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
            self.send_header("Docker-Content-Digest", digest)
            self.send_header("Content-Length", str(len(manifest)))
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host = f"127.0.0.1:{server.server_address[1]}"
    try:
        for failures, expect in [(1, 0), (5, 4)]:
            state.update(failures=failures, requests=[])
            proc = env.run(TOOL, "resolve", "--insecure-registry", host, f"{host}/flaky/app:1",
                           expect=expect, env=no_docker_config(env))
            times = state["requests"]
            # hallmark-registry-test tries twice.
            check(len(times) == 2 and times[1] - times[0] >= 0.9, times)
            if expect == 0:
                check(proc.stdout.decode().split()[0] == digest, proc.stdout)
            else:
                check(f"{host}/flaky/app:1: manifest: HTTP 503" in proc.stderr.decode(),
                      proc.stderr)
    finally:
        server.shutdown()
        server.server_close()


def case_registry_stopped_names_it(env):
    registry = Registry(env, "plain")
    with registry:
        digest = round_trip(env, registry, "hallmark/app")
    proc = run(env, registry, "resolve", f"{registry.host}/hallmark/app:1.0", expect=4)
    check(proc.stderr.decode().strip() ==
          f"hallmark-registry-test: registry {registry.host}: connection refused", proc.stderr)
    run(env, registry, "blob", f"{registry.host}/hallmark/app@{digest}", expect=4)


def case_multi_platform_index(env):
    platforms = {"linux/amd64": [BASE], "linux/arm64": [ARM64_BASE]}
    with Registry(env, "plain") as registry:
        folder = layout(env, "multi", platforms=platforms)
        ref = f"{registry.host}/hallmark/multi:2.0"
        index_digest = run(env, registry, "push-layout", "--layout", folder,
                           ref).stdout.decode().strip()
        index_bytes = (folder / "index.json").read_bytes()
        check(index_digest == "sha256:" + hashlib.sha256(index_bytes).hexdigest(),
              "the tag names the index")
        resolved = run(env, registry, "resolve", ref).stdout.decode().split()
        check(resolved == [index_digest, "application/vnd.oci.image.index.v1+json"], resolved)
        entries = {f"{m['platform']['os']}/{m['platform']['architecture']}": m["digest"]
                   for m in read_json(folder / "index.json")["manifests"]}
        for platform, extra in [("linux/amd64", []), ("linux/amd64", ["--platform", "linux/amd64"]),
                                ("linux/arm64", ["--platform", "linux/arm64"]),
                                ("linux/arm64", ["--platform", "linux/aarch64"])]:
            image = json.loads(run(env, registry, "manifest", *extra, ref).stdout)
            check(image["digest"] == index_digest, image)
            check(image["index"]["digest"] == index_digest, image)
            check(image["manifest"]["digest"] == entries[platform], (platform, image))
            check(image["platform"] == platform, image)
        proc = run(env, registry, "manifest", "--platform", "linux/s390x", ref, expect=3)
        check("no image for platform linux/s390x (present: linux/amd64, linux/arm64)"
              in proc.stderr.decode(), proc.stderr)


def peak_rss_streaming(env, registry, reference, size, out):
    """Streams a blob to `out`; the tool's peak resident memory in MiB. (ru_maxrss also counts
    this Python process, which forked the tool: both runs compared below share that floor.)"""
    with open(out, "wb") as sink:
        proc = subprocess.Popen([env.tool(TOOL), "blob", "--insecure-registry", registry.host,
                                 "--size", str(size), reference], stdout=sink,
                                stderr=subprocess.PIPE, env={**os.environ, **no_docker_config(env)})
        _, status, usage = os.wait4(proc.pid, 0)
    check(os.waitstatus_to_exitcode(status) == 0, proc.stderr.read())
    return usage.ru_maxrss / 1024


def case_large_blob_streams_in_bounded_memory(env):
    """A 128 MiB layer streams through with its digest checked, and the tool grows by a small
    fraction of that over streaming a tiny blob (under ASan too): it is never whole in memory."""
    tree = env.path("big-tree")
    (tree / "data").mkdir(parents=True)
    with open(tree / "data" / "random.bin", "wb") as big:
        for _ in range(128):
            big.write(os.urandom(1 << 20))
    folder = env.path("big")
    env.run("hallmark-testimage", "--out", folder, "--format", "oci-dir", "--compression", "none",
            "--image", f"linux/amd64={tree}")
    with Registry(env, "plain") as registry:
        repository = f"{registry.host}/hallmark/big"
        digest = run(env, registry, "push-layout", "--layout", folder,
                     f"{repository}:1").stdout.decode().strip()
        manifest = json.loads(layout_blob(folder, digest))
        layer, config = manifest["layers"][0], manifest["config"]
        check(layer["size"] > 128 << 20, layer)
        small = peak_rss_streaming(env, registry, f"{repository}@{config['digest']}",
                                   config["size"], env.path("config.json"))
        out = env.path("streamed.bin")
        large = peak_rss_streaming(env, registry, f"{repository}@{layer['digest']}",
                                   layer["size"], out)
        check("sha256:" + hashlib.sha256(out.read_bytes()).hexdigest() == layer["digest"],
              "the streamed bytes are the layer")
        check(large - small < 24, f"streaming 128 MiB took {large - small:.0f} MiB more memory "
                                  f"than streaming {config['size']} bytes ({small:.0f} MiB)")


def flip_byte(path, offset=None):
    data = bytearray(path.read_bytes())
    offset = len(data) // 2 if offset is None else offset
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


def case_corruption_in_the_registry_is_a_digest_mismatch(env):
    with Registry(env, "plain") as registry:
        digest = round_trip(env, registry, "hallmark/app")
        repository = f"{registry.host}/hallmark/app"
        manifest = json.loads(registry.blob_file(digest).read_bytes())
        layer = manifest["layers"][0]
        flip_byte(registry.blob_file(layer["digest"]))
        proc = run(env, registry, "blob", "--size", layer["size"],
                   f"{repository}@{layer['digest']}", expect=3)
        check(f"{repository}: blob {layer['digest']} does not match its digest"
              in proc.stderr.decode(), proc.stderr)
        # The manifest itself: one hex digit of its config digest changed, still valid JSON.
        text = registry.blob_file(digest).read_text()
        config_hex = manifest["config"]["digest"].split(":")[1]
        changed = ("0" if config_hex[0] != "0" else "1") + config_hex[1:]
        registry.blob_file(digest).write_text(text.replace(config_hex, changed))
        proc = run(env, registry, "manifest", f"{repository}:1.0", expect=3)
        check("the manifest does not match the registry's digest" in proc.stderr.decode(),
              proc.stderr)
        proc = run(env, registry, "manifest", f"{repository}@{digest}", expect=3)
        check("the manifest does not match the digest asked for" in proc.stderr.decode(),
              proc.stderr)


def case_referrers_through_the_tag_schema_fallback(env):
    """Debian's docker-registry 2.8 has no referrers API (it answers 404), so referrers live in
    the "sha256-<hex>" tag's index, which pushing a referrer keeps up to date."""
    with Registry(env, "plain") as registry:
        digest = round_trip(env, registry, "hallmark/app")
        subject = f"{registry.host}/hallmark/app@{digest}"
        listed = json.loads(run(env, registry, "referrers", subject).stdout)
        check(listed == {"referrersApi": False, "referrers": []}, listed)
        signature = env.path("signature.json")
        signature.write_text('{"signature": "not really"}')
        sbom = env.path("sbom.json")
        sbom.write_text('{"bomFormat": "CycloneDX"}')
        pushed = {}
        for artifact_type, path in [("application/vnd.dev.sigstore.bundle.v0.3+json", signature),
                                    ("application/vnd.cyclonedx+json", sbom)]:
            pushed[artifact_type] = run(env, registry, "push-referrer", "--subject", subject,
                                        "--artifact-type", artifact_type,
                                        "--file", path).stdout.decode().strip()
        # Pushing one again does not list it twice.
        run(env, registry, "push-referrer", "--subject", subject, "--artifact-type",
            "application/vnd.cyclonedx+json", "--file", sbom)
        listed = json.loads(run(env, registry, "referrers", subject).stdout)
        check(not listed["referrersApi"], listed)
        check({r["artifactType"]: r["digest"] for r in listed["referrers"]} == pushed, listed)
        check(len(listed["referrers"]) == 2, listed)
        only = json.loads(run(env, registry, "referrers", "--artifact-type",
                              "application/vnd.cyclonedx+json", subject).stdout)
        sbom_digest = pushed["application/vnd.cyclonedx+json"]
        check([r["digest"] for r in only["referrers"]] == [sbom_digest], only)
        tags = run(env, registry, "tags", f"{registry.host}/hallmark/app").stdout.decode().split()
        check(sorted(tags) == sorted(["1.0", "sha256-" + digest.split(":")[1]]), tags)
        # What was pushed: OCI manifests whose subject is the image.
        for artifact_type, referrer_digest in pushed.items():
            referrer = json.loads(registry.blob_file(referrer_digest).read_bytes())
            check(referrer["subject"]["digest"] == digest, referrer)
            check(referrer["artifactType"] == artifact_type, referrer)

if __name__ == "__main__":
    raise SystemExit(main(collect(globals())))
