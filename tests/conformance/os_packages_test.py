"""Conformance: every OS-package case of ../shared/upstream (syft's dpkg, apk and rpm fixtures
with their expected/*.json, and go-rpmdb's real databases in all three formats) scanned by the
real hallmark-sbom, which must find exactly the packages expected."""
import csv
import json
import os
import pathlib
import shutil
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "cli"))
from harness import check, collect, components, main  # noqa: E402

SYFT = "upstream/syft-fixtures"


def stage(env, source, database_path):
    """A root folder holding `source` at `database_path` (syft's parser-level fixtures)."""
    root = env.path("root-" + database_path.replace("/", "-"))
    target = root / database_path
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(source, target)
    return root


def scan(env, root):
    return env.sbom(f"dir:{root}")


def by_name(document):
    found = {}
    for (name, version), component in components(document).items():
        found.setdefault(name, []).append((version, component))
    return found


def evidence_licenses(component):
    return [entry["license"]["name"] for entry in component.get("evidence", {}).get("licenses", [])]


def dependency_map(document):
    names = {c["bom-ref"]: c["name"] for c in document["components"]}
    graph = {}
    for entry in document["dependencies"]:
        if entry["ref"] in names and entry["dependsOn"]:
            graph[names[entry["ref"]]] = sorted(names[t] for t in entry["dependsOn"])
    return graph


def check_packages(document, expected, exact_count=None):
    found = by_name(document)
    for package in expected:
        name = package.get("name") or package.get("package")
        versions = found.get(name)
        check(versions, f"{name} not found among {sorted(found)}")
        version = package.get("version", "")
        matching = [c for v, c in versions if v == version]
        check(matching, f"{name}: version {version!r} not in {[v for v, _ in versions]}")
        component = matching[0]
        if "purl" in package:
            expected_purl = package["purl"]
            # syft writes rpm purls without the namespace (the distro) when it knows no distro;
            # the purl spec requires one for rpm, so Hallmark writes no purl there, as syft itself
            # does for deb and apk.
            if expected_purl.startswith("pkg:rpm/") and "/" not in expected_purl[8:].split("@")[0]:
                expected_purl = ""
            check(component.get("purl", "") == expected_purl,
                  f"{name}: purl {component.get('purl')!r}, expected {expected_purl!r}")
        if "licenses" in package:
            check(sorted(evidence_licenses(component)) == sorted(package["licenses"]),
                  f"{name}: licenses {evidence_licenses(component)}, expected {package['licenses']}")
        arch = package.get("architecture") or package.get("metadata", {}).get("Architecture") \
            or package.get("metadata", {}).get("Arch")
        if arch:
            got = [p["value"] for p in component.get("properties", []) if p["name"] == "hallmark:package:arch"]
            check(got == [arch], f"{name}: arch {got}, expected {arch}")
    if exact_count is not None:
        total = sum(len(v) for v in found.values())
        check(total == exact_count, f"{total} packages, expected {exact_count}: {sorted(found)}")


def expected_cases(env, name):
    return json.loads(env.shared(f"{SYFT}/expected/{name}.json").read_text())["cases"]


def fixture_path(env, case):
    return env.shared(f"{SYFT}/" + case["fixture"].split(" (")[0])


def case_dpkg_image_roots(env):
    for name in ("dpkg-status-image", "dpkg-distroless-status.d"):
        for case in expected_cases(env, name):
            document = scan(env, fixture_path(env, case))
            check_packages(document, case["expected_packages"], case["expected_package_count"])


def case_dpkg_status_parser(env):
    for case in expected_cases(env, "dpkg-status-parser-cases"):
        source = fixture_path(env, case)
        root = stage(env, source, "var/lib/dpkg/status")
        if case.get("expected_result", "").startswith("error"):
            proc = env.run("hallmark-sbom", f"dir:{root}", expect=3)
            check(b"/var/lib/dpkg/status" in proc.stderr, proc.stderr)
            continue
        document = scan(env, root)
        if "expected_entries" in case:
            check_packages(document, case["expected_entries"], case["expected_entry_count"])
        dependencies = next((v for k, v in case.items() if k.startswith("expected_dependencies")), None)
        if dependencies is not None:
            graph = dependency_map(document)
            for package, depends in dependencies.items():
                check(graph.get(package) == sorted(depends),
                      f"{source.name}: {package} depends on {graph.get(package)}, expected {sorted(depends)}")
            check(set(graph) == set(dependencies), f"unexpected dependents: {set(graph) ^ set(dependencies)}")


def case_apk_installed(env):
    for case in expected_cases(env, "apk-installed-db"):
        source = fixture_path(env, case)
        root = source if source.is_dir() else stage(env, source, "lib/apk/db/installed")
        document = scan(env, root)
        if "expected_packages" in case:
            check_packages(document, case["expected_packages"], case.get("expected_package_count"))
        dependencies = next((v for k, v in case.items() if k.startswith("expected_dependencies")), None)
        if dependencies is not None:
            graph = dependency_map(document)
            for package, depends in dependencies.items():
                check(graph.get(package) == sorted(depends),
                      f"{package} depends on {graph.get(package)}, expected {sorted(depends)}")
        for relationship in case.get("expected_relationships", []):
            dependent, dependency = relationship["to"].split("@")[0], relationship["from"].split("@")[0]
            check(dependency in dependency_map(document).get(dependent, []),
                  f"{dependent} should depend on {dependency}")


def case_rpm_fixtures(env):
    for case in expected_cases(env, "rpm-db"):
        source = fixture_path(env, case)
        path = "var/lib/rpm/Packages" if source.name == "Packages" \
            else "var/lib/rpmmanifest/container-manifest-2"
        document = scan(env, stage(env, source, path))
        check_packages(document, case["expected_packages"], case["expected_package_count"])


def rpm_version(package):
    epoch = f"{package['epoch']}:" if package.get("epoch") not in (None, "(none)", "") else ""
    return f"{epoch}{package['version']}-{package['release']}"


def case_rpmdb_ndb_sle15(env):
    expected = json.loads(env.shared("upstream/rpmdb/sle15-bci/expected.json").read_text())["packages"]
    root = stage(env, env.shared("upstream/rpmdb/sle15-bci/Packages.db"), "usr/lib/sysimage/rpm/Packages.db")
    document = scan(env, root)
    check_packages(document, [{"name": p["name"], "version": rpm_version(p), "licenses": [p["license"]],
                               "architecture": p["arch"]} for p in expected], len(expected))


def case_rpmdb_sqlite_mariner(env):
    folder = env.shared("upstream/rpmdb/cbl-mariner-2.0")
    rows = list(csv.reader(open(folder / "rpm-qa.tsv"), delimiter="\t"))
    document = scan(env, stage(env, folder / "rpmdb.sqlite", "var/lib/rpm/rpmdb.sqlite"))
    expected = [{"name": r[0], "version": rpm_version({"epoch": r[1], "version": r[2], "release": r[3]}),
                 "architecture": r[4], "licenses": [r[5]]} for r in rows if r and r[0] != "gpg-pubkey"]
    check_packages(document, expected, len(expected))


def case_rpmdb_berkeley_libuuid(env):
    folder = env.shared("upstream/rpmdb/libuuid")
    expected = json.loads((folder / "expected.json").read_text())["contains"]
    document = scan(env, stage(env, folder / "Packages", "var/lib/rpm/Packages"))
    check_packages(document, [{"name": p["name"], "version": rpm_version(p), "licenses": [p["license"]]}
                              for p in expected])


if __name__ == "__main__":
    sys.exit(main(collect(globals())))
