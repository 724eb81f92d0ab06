"""Conformance: every Cargo.lock case of ../shared/upstream/syft-fixtures (formats 2 and 3, two
versions of one crate, one crate from crates.io and from git) scanned by the real hallmark-sbom
as a project folder, which must give exactly the crates syft's tests expect, with their sources,
checksums and the dependencies between them."""
import json
import shutil
import sys
import urllib.parse

from os_packages_test import expected_cases, fixture_path
from harness import check, collect, main, prop, validate

CATALOGER = "rust-cargo-lock-cataloger"


def project(env, case):
    root = env.path("project-" + case["fixture"].replace("/", "-"))
    root.mkdir()
    shutil.copy(fixture_path(env, case), root / "Cargo.lock")
    return root


def crates(document):
    """(name, version, source) -> component, for the rust crates of a document."""
    found = {}
    for component in document.get("components", []):
        if prop(component, "hallmark:package:type") != ["rust-crate"]:
            continue
        source = (prop(component, "hallmark:metadata:source") or [""])[0]
        key = (component["name"], component.get("version", ""), source)
        check(key not in found, f"{key} reported twice")
        found[key] = component
    return found


def label(key, keys):
    """syft's test names: name@version, and the source in brackets when that is ambiguous."""
    name, version, source = key
    twins = [k for k in keys if k[:2] == key[:2]]
    return f"{name}@{version}" + (f" [{source}]" if len(twins) > 1 else "")


def check_case(env, case):
    document = env.sbom(f"dir:{project(env, case)}")
    found = crates(document)
    check(len(found) == case["expected_package_count"],
          f"{len(found)} crates, expected {case['expected_package_count']}: {sorted(found)}")
    for package in case["expected_packages"]:
        metadata = package.get("metadata", {})
        key = (package["name"], package["version"], metadata.get("Source", ""))
        check(key in found, f"{key} not found among {sorted(found)}")
        component = found[key]
        check(prop(component, "hallmark:package:foundBy") == [CATALOGER], key)
        checksum = metadata.get("Checksum")
        got = prop(component, "hallmark:metadata:checksum")
        check(got == ([checksum] if checksum else []), f"{key}: checksum {got}, expected {checksum}")
        purl = component.get("purl", "")
        if key[2].startswith("git+"):
            # syft gives a git checkout the purl of the crates.io crate of that name and version,
            # which names a different package (and makes the two regex@1.11.1 of this lock one
            # purl). Hallmark qualifies it with where it came from: purl's vcs_url, SPDX's form
            # git+URL@REVISION.
            base, _, qualifiers = purl.partition("?")
            check(base == package["purl"], f"{key}: purl {purl}")
            repository, _, revision = key[2].partition("#")
            check(urllib.parse.parse_qs(qualifiers) == {"vcs_url": [f"{repository}@{revision}"]},
                  f"{key}: purl {purl}")
        else:
            check(purl == package["purl"], f"{key}: purl {purl!r}, expected {package['purl']!r}")
    # The whole dependency graph, as syft's DependencyOf relationships (from is a dependency of to).
    names = {c["bom-ref"]: label(k, found) for k, c in found.items()}
    edges = {(names[d["ref"]], names[t]) for d in document.get("dependencies", [])
             if d["ref"] in names for t in d.get("dependsOn", []) if t in names}
    expected = {(r["to"], r["from"]) for r in case["expected_relationships"]}
    check(edges == expected, f"extra {sorted(edges - expected)}, missing {sorted(expected - edges)}")


def case_cargo_lock_fixtures(env):
    for case in expected_cases(env, "cargo-lock"):
        check_case(env, case)


def case_malformed_cargo_lock_is_a_warning(env):
    root = env.path("malformed")
    (root / "bad").mkdir(parents=True)
    (root / "good").mkdir()
    (root / "bad" / "Cargo.lock").write_text("version = 3\n\n[[package]\nname = \"x\"\n")
    (root / "good" / "Cargo.lock").write_text(
        "version = 3\n\n[[package]]\nname = \"ok\"\nversion = \"1.0.0\"\n"
        "source = \"registry+https://github.com/rust-lang/crates.io-index\"\n")
    proc = env.run("hallmark-sbom", f"dir:{root}", "-o", "cyclonedx-json")
    check(b"/bad/Cargo.lock: line 3: " in proc.stderr and b"; skipped" in proc.stderr, proc.stderr)
    document = json.loads(proc.stdout)
    validate(env, document, "cyclonedx-json")
    crates_io = "registry+https://github.com/rust-lang/crates.io-index"
    check(set(crates(document)) == {("ok", "1.0.0", crates_io)}, sorted(crates(document)))


if __name__ == "__main__":
    sys.exit(main(collect(globals())))
