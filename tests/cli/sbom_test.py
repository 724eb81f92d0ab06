"""hallmark-sbom end to end: every input kind, scopes, platforms, formats, determinism, and
bad input. Images are built here from the trees in tests/data/images."""
import io
import json
import os
import subprocess
import sys
import tarfile
import zipfile

from harness import DATA, check, collect, components, main, prop, validate

DEBIAN = DATA / "images" / "debian"
BASE, APP, REMOVE = DEBIAN / "base", DEBIAN / "app", DEBIAN / "remove-openssl"
DEBIAN_PACKAGES = {"base-files", "gcc-12-base", "libgcc-s1", "libc6", "zlib1g", "libssl3",
                   "openssl", "tzdata"}


def names(document):
    return {name for name, _ in components(document)}


def three_layer_image(env, fmt, **kwargs):
    suffix = "" if fmt == "oci-dir" else ".tar"
    return env.image(env.path(f"three-layer-{fmt}{suffix}"), fmt, [BASE, APP, REMOVE], **kwargs)


def check_debian_squashed(document):
    check(names(document) == DEBIAN_PACKAGES - {"openssl"},
          f"squashed packages: {sorted(names(document))}")
    libc = components(document)[("libc6", next(v for n, v in components(document) if n == "libc6"))]
    check(libc["purl"].startswith("pkg:deb/debian/libc6@2.36-9") and "arch=amd64" in libc["purl"]
          and "distro=debian-12" in libc["purl"] and "upstream=glibc" in libc["purl"], libc["purl"])
    check(libc.get("cpe", "").startswith("cpe:2.3:a:"), libc.get("cpe"))
    check(libc.get("licenses"), "libc6 has its copyright licenses")
    check(prop(libc, "hallmark:location:0:path") == ["/var/lib/dpkg/status"],
          prop(libc, "hallmark:location:0:path"))
    os_component = [c for c in document["components"] if c["type"] == "operating-system"]
    check(os_component and os_component[0]["name"] == "debian" and os_component[0]["version"] == "12",
          "the distro is described")
    # libgcc-s1 depends on gcc-12-base and libc6 (Depends), whose ids are in the graph.
    ids = {c["bom-ref"]: c["name"] for c in document["components"]}
    graph = {ids[d["ref"]]: {ids[t] for t in d["dependsOn"]} for d in document["dependencies"]
             if d["ref"] in ids}
    check(graph["libgcc-s1"] == {"gcc-12-base", "libc6"}, graph["libgcc-s1"])
    check(graph["libc6"] == {"libgcc-s1"}, graph["libc6"])


def case_oci_dir_squashed(env):
    image = three_layer_image(env, "oci-dir")
    document = env.sbom("oci-dir:" + image)
    check_debian_squashed(document)
    root = document["metadata"]["component"]
    check(root["type"] == "container" and root["name"] == "test.example/hallmark/test", root)
    index = json.loads(open(os.path.join(image, "index.json")).read())
    check(root["version"] == index["manifests"][0]["digest"], "the image is named by its digest")


def case_all_layers_keeps_removed_package(env):
    image = three_layer_image(env, "oci-dir")
    manifest_digest = json.loads(open(os.path.join(image, "index.json")).read())["manifests"][0]["digest"]
    manifest = json.loads(open(os.path.join(image, "blobs/sha256", manifest_digest[7:])).read())
    config = json.loads(open(os.path.join(image, "blobs/sha256", manifest["config"]["digest"][7:])).read())
    # Layers are named by their diff_id (the digest of the uncompressed tar), as syft does, so
    # that the same image names its layers alike in every transport.
    base_layer = config["rootfs"]["diff_ids"][0]
    top_layer = config["rootfs"]["diff_ids"][2]
    document = env.sbom("oci-dir:" + image, "--scope", "all-layers")
    check(names(document) == DEBIAN_PACKAGES, sorted(names(document)))
    openssl = next(c for (n, _), c in components(document).items() if n == "openssl")
    check(prop(openssl, "hallmark:location:0:layerID") == [base_layer],
          "openssl is found in the base layer only")
    libc = next(c for (n, _), c in components(document).items() if n == "libc6")
    layers = set(prop(libc, "hallmark:location:0:layerID") + prop(libc, "hallmark:location:1:layerID")
                 + prop(libc, "hallmark:location:2:layerID"))
    check({base_layer, top_layer} <= layers, f"libc6 is in both status files: {layers}")


def case_every_image_form_gives_the_same_packages(env):
    expected = None
    for fmt, extra in [("oci-dir", ()), ("oci-archive", ()), ("docker-archive", ()),
                       ("oci-dir", ("--compression", "zstd")), ("oci-dir", ("--compression", "none"))]:
        out = env.path(f"form-{fmt}-{len(extra)}" + ("" if fmt == "oci-dir" else ".tar"))
        env.image(out, fmt, [BASE, APP, REMOVE], extra=extra)
        for reference in (f"{fmt}:{out}", str(out)):  # explicit scheme, and detected
            document = env.sbom(reference)
            found = {(c["name"], c["version"], c.get("purl")) for c in components(document).values()}
            check_debian_squashed(document)
            expected = expected or found
            check(found == expected, f"{reference}: {found ^ expected}")


def case_directory_and_archives_of_files(env):
    inputs = [f"dir:{BASE}", str(BASE)]
    for suffix, mode in [(".tar", "w"), (".tar.gz", "w:gz"), (".tar.xz", "w:xz")]:
        path = env.path("files" + suffix)
        with tarfile.open(path, mode) as tar:
            tar.add(BASE, arcname=".")
        inputs += [f"file:{path}", str(path)]
    zip_path = env.path("files.zip")
    with zipfile.ZipFile(zip_path, "w") as archive:
        for root, _, files in os.walk(BASE):
            for name in files:
                full = os.path.join(root, name)
                if not os.path.islink(full):
                    archive.write(full, os.path.relpath(full, BASE))
    inputs.append(f"file:{zip_path}")
    subprocess.run(["zstd", "-q", env.path("files.tar"), "-o", env.path("files.tar.zst")], check=True)
    inputs.append(f"file:{env.path('files.tar.zst')}")
    for reference in inputs:
        document = env.sbom(reference)
        check(names(document) == DEBIAN_PACKAGES, f"{reference}: {sorted(names(document))}")
        check(document["metadata"]["component"]["type"] == "file", reference)


def case_platform_choice(env):
    image = env.image(env.path("multi"), "oci-dir", None, platforms={
        "linux/amd64": [BASE], "linux/arm64": [DATA / "images" / "debian-arm64" / "base"]})
    default = env.sbom(image)
    check(names(default) == DEBIAN_PACKAGES, "linux/amd64 by default")
    arm = env.sbom(image, "--platform", "linux/arm64")
    arches = {prop(c, "hallmark:package:arch")[0] for c in components(arm).values()}
    check(names(arm) == {"libc6", "zlib1g"} and arches == {"arm64"}, f"arm64: {names(arm)} {arches}")
    missing = env.run("hallmark-sbom", image, "--platform", "linux/s390x", expect=3)
    error = missing.stderr.decode()
    check("linux/s390x" in error and "linux/amd64" in error and "linux/arm64" in error, error)
    check(error.count("\n") == 1, "one line")


def case_opaque_folder(env):
    distroless = DATA / "images" / "distroless"
    image = env.image(env.path("opaque.tar"), "oci-archive", [distroless / "base", distroless / "opaque"])
    check(names(env.sbom(image)) == {"tzdata"}, "the opaque folder hides the base layer's status.d")
    everything = env.sbom(image, "--scope", "all-layers")
    check(names(everything) == {"libc6", "zlib1g", "libssl3", "tzdata"}, sorted(names(everything)))
    base_only = env.sbom(env.image(env.path("base.tar"), "oci-archive", [distroless / "base"]))
    libc = next(c for (n, _), c in components(base_only).items() if n == "libc6")
    check(not libc.get("purl"), "no purl without a distro (as syft)")


def case_formats_and_versions(env):
    image = three_layer_image(env, "docker-archive")
    for fmt in ("cyclonedx-json@1.5", "cyclonedx-json@1.6", "cyclonedx-json@1.7", "spdx-json"):
        document = env.sbom(image, fmt=fmt)
        if fmt.startswith("cyclonedx"):
            check(document["specVersion"] == fmt.split("@")[1], fmt)
    spdx = env.sbom(image, fmt="spdx-json")
    packages = {p["name"] for p in spdx["packages"]}
    check(DEBIAN_PACKAGES - {"openssl"} <= packages, packages)
    kinds = {r["relationshipType"] for r in spdx["relationships"]}
    check({"DESCRIBES", "CONTAINS", "DEPENDS_ON"} <= kinds, kinds)
    # Several outputs in one run, to files.
    env.run("hallmark-sbom", image, "-o", f"cyclonedx-json={env.path('a.json')}",
            "-o", f"spdx-json={env.path('b.json')}", "-o", "table")
    for name, fmt in (("a.json", "cyclonedx-json"), ("b.json", "spdx-json")):
        validate(env, json.loads(env.path(name).read_text()), fmt)
    table = env.run("hallmark-sbom", image).stdout.decode()
    check(table.splitlines()[0].split() == ["NAME", "VERSION", "TYPE"] and "libc6" in table, table)


def case_deterministic_output(env):
    image = three_layer_image(env, "oci-archive")
    stamp = {"SOURCE_DATE_EPOCH": "1700000000"}
    for fmt in ("cyclonedx-json", "spdx-json", "table"):
        first = env.run("hallmark-sbom", image, "-o", fmt, env=stamp).stdout
        second = env.run("hallmark-sbom", image, "-o", fmt, env=stamp).stdout
        check(first == second, f"{fmt}: two runs differ")
    document = json.loads(env.run("hallmark-sbom", image, "-o", "cyclonedx-json", env=stamp).stdout)
    check(document["metadata"]["timestamp"] == "2023-11-14T22:13:20Z", document["metadata"]["timestamp"])
    other = json.loads(env.run("hallmark-sbom", f"dir:{BASE}", "-o", "cyclonedx-json", env=stamp).stdout)
    check(other["serialNumber"] != document["serialNumber"], "serial numbers follow content")


def bad_input(env, reference, *needles, extra=()):
    """A bad input: exit 3, one line naming the problem, no output file left behind."""
    out = env.path("must-not-exist.json")
    proc = env.run("hallmark-sbom", reference, "-o", f"cyclonedx-json={out}", *extra, expect=3)
    error = proc.stderr.decode()
    check(error.startswith("hallmark-sbom: ") and error.count("\n") == 1, f"one line: {error!r}")
    for needle in needles:
        check(needle in error, f"{needle!r} not in {error!r}")
    check(not out.exists(), "no output file")
    leftovers = [p for p in os.listdir(env.tmp) if p.startswith(".must-not-exist")]
    check(not leftovers, f"temporary files left: {leftovers}")


def case_bad_layers(env):
    truncated = env.image(env.path("truncated.tar"), "oci-archive", [BASE, APP],
                          extra=("--truncate-layer", "0"))
    bad_input(env, truncated, "truncated.tar", "truncated gzip")
    corrupt = env.image(env.path("corrupt"), "oci-dir", [BASE, APP], extra=("--corrupt-layer", "1"))
    bad_input(env, corrupt, "corrupt", "does not match its digest")
    corrupt_docker = env.image(env.path("corrupt-docker.tar"), "docker-archive", [BASE],
                               extra=("--corrupt-layer", "0"))
    bad_input(env, corrupt_docker, "does not match its digest")
    missing = env.image(env.path("missing"), "oci-dir", [BASE, APP])
    manifest_digest = json.loads((env.path("missing") / "index.json").read_text())["manifests"][0]["digest"]
    manifest = json.loads((env.path("missing") / "blobs/sha256" / manifest_digest[7:]).read_text())
    os.remove(env.path("missing") / "blobs/sha256" / manifest["layers"][1]["digest"][7:])
    bad_input(env, missing, manifest["layers"][1]["digest"], "not in the image")


def hostile_layer(env, name, add):
    """An image whose one layer is a tar crafted with Python's tarfile."""
    layer = env.path(name + ".layer.tar")
    with tarfile.open(layer, "w", format=tarfile.GNU_FORMAT) as tar:
        add(tar)
    return env.image(env.path(name + ".tar"), "docker-archive", [layer])


def add_file(tar, name, data=b"x"):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    tar.addfile(info, io.BytesIO(data))


def add_symlink(tar, name, target):
    info = tarfile.TarInfo(name)
    info.type = tarfile.SYMTYPE
    info.linkname = target
    tar.addfile(info)


def case_hostile_tar_entries(env):
    bad_input(env, hostile_layer(env, "dotdot", lambda t: add_file(t, "../../etc/evil")),
              "../../etc/evil", "climbs out of the root")
    bad_input(env, hostile_layer(env, "absolute", lambda t: add_file(t, "/etc/evil")),
              "/etc/evil", "absolute path")
    bad_input(env, hostile_layer(env, "symlink", lambda t: add_symlink(t, "usr/lib/evil", "../../../etc")),
              "usr/lib/evil", "points outside the root")
    bad_input(env, hostile_layer(env, "latin1", lambda t: add_file(t, "caf\udce9")),
              "not UTF-8")


def case_malformed_databases(env):
    root = env.path("bad-status")
    (root / "var/lib/dpkg").mkdir(parents=True)
    (root / "var/lib/dpkg/status").write_text("Package: ok\nStatus: install ok installed\n\n"
                                              "this line is not a field\n")
    image = env.image(env.path("bad-status.tar"), "docker-archive", [root])
    bad_input(env, image, "/var/lib/dpkg/status", "line 4")
    bad_input(env, f"dir:{root}", "/var/lib/dpkg/status", "line 4")


def case_bad_files(env):
    empty = env.path("empty.tar")
    empty.write_bytes(b"")
    bad_input(env, str(empty), "empty.tar", "empty file")
    bad_input(env, f"docker-archive:{empty}", "empty file")
    garbage = env.path("garbage.tar")
    garbage.write_bytes(b"\x00\x01not an archive at all" * 100)
    bad_input(env, f"docker-archive:{garbage}", "garbage.tar")
    bad_input(env, f"file:{garbage}", "garbage.tar")
    not_json = env.image(env.path("notjson"), "oci-dir", [BASE])
    (env.path("notjson") / "index.json").write_text("{ not json")
    bad_input(env, not_json, "index.json", "malformed JSON")


def case_usage_and_io_errors(env):
    for args in ([], ["a", "b"], [str(BASE), "-o", "yaml"], [str(BASE), "-o", "cyclonedx-json@1.2"],
                 [str(BASE), "--scope", "some"], [str(BASE), "--platform", "linux"],
                 [str(BASE), "--no-such-flag"], [str(BASE), "-o", "table", "-o", "spdx-json"]):
        proc = env.run("hallmark-sbom", *args, expect=2)
        check(proc.stderr.decode().count("\n") == 1, proc.stderr)
    proc = env.run("hallmark-sbom", env.path("no-such-file.tar"), expect=4)
    check("no-such-file.tar" in proc.stderr.decode(), proc.stderr)
    check(b"oci-dir:PATH" in env.run("hallmark-sbom", "--help").stdout, "help lists the inputs")
    check(env.run("hallmark-sbom", "--version").stdout.startswith(b"hallmark-sbom "), "version")


def case_pending_tools_refuse_commands(env):
    for tool in ("hallmark-sign", "hallmark-verify", "hallmark-provenance"):
        proc = env.run(tool, "anything", expect=2)
        check(b"usage: " + tool.encode() in proc.stderr, proc.stderr)
        env.run(tool, expect=2)
        env.run(tool, "--help")


if __name__ == "__main__":
    sys.exit(main(collect(globals())))
