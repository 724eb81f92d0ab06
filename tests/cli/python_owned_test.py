"""A Python package that a deb ships is one component, with its ownership: an image made at test
time from Debian's real python3-six (its egg-info inside /usr/lib/python3/dist-packages), with
the dpkg database dpkg itself would write for it."""
import os
import re
import shutil
import subprocess
import sys

from harness import DATA, Skip, check, collect, components, main, prop

DEBIAN_OS_RELEASE = DATA / "images" / "debian" / "base" / "etc" / "os-release"


def download(env, package):
    """The .deb of `package` from Debian's registry; failing fails under CI, skips loudly else."""
    folder = env.path("download")
    folder.mkdir()
    try:
        proc = subprocess.run(["apt-get", "download", package], cwd=folder, capture_output=True,
                              timeout=180)
        debs = list(folder.glob(f"{package}_*.deb"))
        failure = None if proc.returncode == 0 and len(debs) == 1 else \
            f"exit {proc.returncode}: {proc.stderr.decode(errors='replace')[-500:]}"
    except (OSError, subprocess.TimeoutExpired) as error:
        failure = str(error)
    if failure is not None:
        message = f"apt-get download {package} failed ({failure})"
        if os.environ.get("CI") == "true":
            raise AssertionError(message)
        print("SKIPPED LOUDLY: " + message, file=sys.stderr)
        raise Skip(message)
    return debs[0]


def dpkg_deb(*args):
    return subprocess.run(["dpkg-deb", *map(str, args)], capture_output=True, check=True,
                          text=True).stdout


def installed_root(env, deb, package):
    """A root folder holding the deb's files and the dpkg database of it being installed."""
    root = env.path("root")
    dpkg_deb("-x", deb, root)
    info = root / "var/lib/dpkg/info"
    info.mkdir(parents=True)
    control = dpkg_deb("-f", deb).rstrip("\n").split("\n")
    check(control[0].startswith("Package: "), control[0])
    status = [control[0], "Status: install ok installed", *control[1:]]
    (root / "var/lib/dpkg/status").write_text("\n".join(status) + "\n")
    # dpkg -c lists "./usr/lib/x" (folders with a trailing '/', symlinks as "a -> b"); dpkg's
    # own .list names the root "/." and every other entry by its absolute path.
    owned = []
    for line in dpkg_deb("-c", deb).splitlines():
        name = line.split(None, 5)[5].split(" -> ")[0].rstrip("/")
        owned.append("/." if name == "." else name[1:])
    (info / f"{package}.list").write_text("\n".join(owned) + "\n")
    (root / "etc").mkdir(exist_ok=True)
    shutil.copy(DEBIAN_OS_RELEASE, root / "etc/os-release")
    return root


def case_deb_shipping_egg_info(env):
    deb = download(env, "python3-six")
    root = installed_root(env, deb, "python3-six")
    metadata = list(root.glob("usr/lib/python3/dist-packages/six-*.*-info/*"))
    pkg_info = next(p for p in metadata if p.name in ("PKG-INFO", "METADATA"))
    version = re.search(r"^Version: (.+)$", pkg_info.read_text(), re.M).group(1).strip()
    image = env.image(env.path("six.tar"), "docker-archive", [root])

    document = env.sbom("docker-archive:" + image)
    found = components(document)
    sixes = [c for (name, _), c in found.items() if name == "six"]
    check(len(sixes) == 1, f"one six component: {sixes}")
    six = sixes[0]
    check(prop(six, "hallmark:package:type") == ["python"], prop(six, "hallmark:package:type"))
    check(six["purl"] == f"pkg:pypi/six@{version}", six["purl"])
    check(prop(six, "hallmark:location:0:path") == ["/" + str(pkg_info.relative_to(root))],
          prop(six, "hallmark:location:0:path"))
    debs = [c for (name, _), c in found.items() if name == "python3-six"]
    check(len(debs) == 1, f"one python3-six component: {debs}")
    owner = debs[0]
    check(owner["purl"].startswith("pkg:deb/debian/python3-six@"), owner["purl"])
    check(prop(six, "hallmark:owned-by") == [owner["bom-ref"]],
          f"six owned by {prop(six, 'hallmark:owned-by')}, python3-six is {owner['bom-ref']}")
    graph = {d["ref"]: d["dependsOn"] for d in document["dependencies"]}
    check(six["bom-ref"] in graph[owner["bom-ref"]], "python3-six leads to six in the graph")

    spdx = env.sbom("docker-archive:" + image, fmt="spdx-json")
    ids = {p["name"]: p["SPDXID"] for p in spdx["packages"]}
    check(list(p["name"] for p in spdx["packages"]).count("six") == 1, "one six package")
    contains = [(r["spdxElementId"], r["relatedSpdxElement"]) for r in spdx["relationships"]
                if r["relationshipType"] == "CONTAINS"]
    check((ids["python3-six"], ids["six"]) in contains,
          f"python3-six CONTAINS six: {[c for c in contains if ids['six'] in c]}")


if __name__ == "__main__":
    sys.exit(main(collect(globals())))
