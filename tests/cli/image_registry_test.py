"""Images where they live: hallmark-sbom, hallmark-sign and hallmark-verify against a real
registry server (Debian's docker-registry, started on 127.0.0.1 by registry_harness), images
pushed with Debian's skopeo."""
import json

from harness import DATA, check, collect, main
from registry_harness import PASSWORD, USER, Registry, no_docker_config, push_archive

IMAGE_LAYERS = [DATA / "images" / "debian" / "base", DATA / "images" / "debian" / "app"]


def sample_archive(env):
    return env.image(env.path("image.tar"), "docker-archive", IMAGE_LAYERS,
                     name="demo.example/hallmark/app:1.0")


def layer_ids(document):
    return [p["value"] for p in document["metadata"]["component"].get("properties", [])
            if p["name"].startswith("hallmark:image:layer:")]


def case_sbom_from_registry_equals_docker_archive(env):
    """The layers stream from the registry into the same pass: the same packages, with the same
    layer digests (diff_ids) as evidence, as from the docker-archive of the same image."""
    archive = sample_archive(env)
    expected = env.sbom(archive)
    check(len(expected["components"]) >= 8, "the sample image has packages")
    with Registry(env, "plain") as registry:
        for fmt in ("v2s2", "oci"):
            ref = push_archive(env, registry, f"team/app-{fmt}:1.0", archive, fmt=fmt)
            actual = env.sbom("registry:" + ref, "--insecure-registry", registry.host,
                              env=no_docker_config(env))
            check(actual["components"] == expected["components"],
                  f"{fmt}: the registry's SBOM lists other components than the archive's")
            check(layer_ids(actual) == layer_ids(expected) and len(layer_ids(actual)) == 2,
                  f"{fmt}: layers {layer_ids(actual)} vs {layer_ids(expected)}")
            component = actual["metadata"]["component"]
            check(component["name"] == f"{registry.host}/team/app-{fmt}", component)
            # A bare reference with a registry host is read from the registry too, and the
            # digest form gives the same packages.
            digest = env.run("hallmark-registry-test", "resolve", "--insecure-registry",
                             registry.host, ref).stdout.decode().split()[0]
            pinned = env.sbom(f"{registry.host}/team/app-{fmt}@{digest}", "--insecure-registry",
                              registry.host, env=no_docker_config(env))
            check(pinned["components"] == expected["components"], "pinned by digest")


def case_sbom_from_tls_registry_with_credentials(env):
    """TLS verified against --ca-file, basic auth with the password on stdin; a wrong password
    is exit 4 "authentication failed" and the password appears nowhere."""
    archive = sample_archive(env)
    with Registry(env, "tls", tls=True) as registry:
        ref = push_archive(env, registry, "team/app:1.0", archive)
        proc = env.run("hallmark-sbom", "registry:" + ref, "--ca-file", registry.ca,
                       "--registry-username", USER, "--registry-password-stdin", "-o",
                       "cyclonedx-json", stdin=PASSWORD.encode(), env=no_docker_config(env))
        check(len(json.loads(proc.stdout)["components"]) >= 8, "packages from the TLS registry")
        wrong = "not-" + PASSWORD
        proc = env.run("hallmark-sbom", "registry:" + ref, "--ca-file", registry.ca,
                       "--registry-username", USER, "--registry-password-stdin",
                       stdin=wrong.encode(), expect=4, env=no_docker_config(env))
        err = proc.stderr.decode()
        check("authentication failed" in err and err.count("\n") == 1, err)
        check(wrong not in err and wrong not in proc.stdout.decode(), "the password is printed")
        # From the environment instead of stdin.
        env.run("hallmark-sbom", "registry:" + ref, "--ca-file", registry.ca,
                "--registry-username", USER,
                env={**no_docker_config(env), "HALLMARK_REGISTRY_PASSWORD": PASSWORD})
        # Without the CA the certificate is not trusted.
        proc = env.run("hallmark-sbom", "registry:" + ref, expect=4, env=no_docker_config(env))
        check("TLS" in proc.stderr.decode(), proc.stderr)


def case_sbom_registry_stopped_leaves_no_output(env):
    archive = sample_archive(env)
    with Registry(env, "plain") as registry:
        ref = push_archive(env, registry, "team/app:1.0", archive)
        registry.stop()
        out = env.path("sbom.json")
        proc = env.run("hallmark-sbom", "registry:" + ref, "--insecure-registry", registry.host,
                       "-o", f"cyclonedx-json={out}", expect=4, env=no_docker_config(env))
        err = proc.stderr.decode()
        check(f"registry {registry.host}: connection refused" in err and err.count("\n") == 1,
              err)
        check(not out.exists() and not list(env.tmp.glob("sbom.json*")), "an output was written")


if __name__ == "__main__":
    raise SystemExit(main(collect(globals())))
