"""Conformance: every go.mod case of ../shared/upstream/syft-fixtures (replace and exclude
directives, comments, go.sum hashes) scanned by the real hallmark-sbom as a project folder, which
must give exactly the modules syft's tests expect: names, versions, purls and h1 digests."""
import json
import shutil
import sys

from os_packages_test import by_name, check_packages, expected_cases, fixture_path
from harness import check, collect, components, main, prop, validate

CATALOGER = "go-module-file-cataloger"


def project(env, case):
    """The case's folder as a project: a go.mod fixture alone, or its folder with go.sum."""
    source = fixture_path(env, case)
    if source.is_dir():
        return source
    root = env.path("project-" + case["fixture"].replace("/", "-"))
    root.mkdir()
    shutil.copy(source, root / "go.mod")
    return root


def case_go_mod_fixtures(env):
    for case in expected_cases(env, "go-mod"):
        root = project(env, case)
        document = env.sbom(f"dir:{root}")
        check_packages(document, case["expected_packages"], case["expected_package_count"])
        found = by_name(document)
        for package in case["expected_packages"]:
            component = next(c for v, c in found[package["name"]] if v == package["version"])
            check(prop(component, "hallmark:package:foundBy") == [CATALOGER],
                  f"{package['name']}: found by {prop(component, 'hallmark:package:foundBy')}")
            digest = package.get("metadata", {}).get("H1Digest")
            got = prop(component, "hallmark:metadata:h1Digest")
            check(got == ([digest] if digest else []), f"{package['name']}: h1 {got}, expected {digest}")
            # go.mod is the evidence; go.sum supports it where it gave the digest.
            paths = [prop(component, f"hallmark:location:{i}:path") for i in range(2)]
            want = [["/go.mod"], ["/go.sum"] if digest else []]
            check(paths == want, f"{package['name']}: locations {paths}, expected {want}")
        if case["fixture"].endswith("many-packages/go.mod"):
            # Replaced modules keep what they replace, and the "// indirect" mark is kept.
            doublestar = components(document)[("github.com/bmatcuk/doublestar", "v8.8.8")]
            replaces = prop(doublestar, "hallmark:metadata:replaces")
            check(replaces == ["github.com/bmatcuk/doublestar@v1.3.1"], replaces)
            check(prop(doublestar, "hallmark:metadata:indirect") == ["true"], "doublestar is indirect")
            deep = components(document)[("github.com/go-test/deep", "v1.0.6")]
            check(prop(deep, "hallmark:metadata:indirect") == [], "deep is direct")


def case_go_mod_is_not_cataloged_in_images(env):
    # A go.mod in an image describes a project, not what is installed (as syft's go-module-file
    # cataloger, it runs on folders and archives only).
    case = expected_cases(env, "go-mod")[1]
    image = env.image(env.path("image"), "oci-dir", [fixture_path(env, case)])
    document = env.sbom(f"oci-dir:{image}")
    check(not components(document), f"components: {sorted(components(document))}")


def case_malformed_go_mod_is_a_warning(env):
    root = env.path("malformed")
    (root / "good").mkdir(parents=True)
    (root / "bad").mkdir()
    (root / "good" / "go.mod").write_text("module example.com/good\n\nrequire example.com/dep v1.0.0\n")
    (root / "bad" / "go.mod").write_text("module example.com/bad\n\nrequire example.com/dep\n")
    proc = env.run("hallmark-sbom", f"dir:{root}", "-o", "cyclonedx-json")
    check(b"/bad/go.mod: line 3: usage: require module/path v1.2.3; skipped" in proc.stderr,
          proc.stderr)
    check(b"good" not in proc.stderr, proc.stderr)
    # The good file's module is still reported, in a valid document.
    document = json.loads(proc.stdout)
    validate(env, document, "cyclonedx-json")
    check(set(components(document)) == {("example.com/dep", "v1.0.0")}, components(document))


if __name__ == "__main__":
    sys.exit(main(collect(globals())))
