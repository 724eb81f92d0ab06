"""Conformance: every JavaScript lock-file case of ../shared/upstream/syft-fixtures
(package-lock.json v1-v3, yarn.lock classic and berry, pnpm-lock.yaml 9) scanned by the real
hallmark-sbom as a project folder, which must give exactly the packages syft's tests expect:
names, versions, purls, licenses, and the resolved URL and integrity they record."""
import shutil
import sys

from os_packages_test import by_name, check_packages, dependency_map, expected_cases, fixture_path
from harness import check, collect, main, prop

# The file name each fixture has in a real project (syft's test files carry suffixes).
LOCK_NAMES = {"package-lock": "package-lock.json", "yarn": "yarn.lock",
              "pnpm-lock": "pnpm-lock.yaml"}


def project(env, case):
    """A project folder holding the case's fixture under its real name."""
    source = fixture_path(env, case)
    lock_name = next(name for prefix, name in LOCK_NAMES.items() if source.name.startswith(prefix))
    root = env.path("project-" + case["fixture"].replace("/", "-"))
    root.mkdir()
    shutil.copy(source, root / lock_name)
    return root


def check_case(env, case, root):
    document = env.sbom(f"dir:{root}")
    check_packages(document, case["expected_packages"], case["expected_package_count"])
    found = by_name(document)
    for package in case["expected_packages"]:
        component = next(c for v, c in found[package["name"]] if v == package["version"])
        check(prop(component, "hallmark:package:foundBy") == ["javascript-lock-cataloger"],
              f"{package['name']}: found by {prop(component, 'hallmark:package:foundBy')}")
        # syft's pnpm test asserts no metadata; the others assert what they record.
        metadata = package.get("metadata")
        if metadata is None:
            continue
        for key, name in (("Resolved", "resolved"), ("Integrity", "integrity")):
            got = prop(component, "hallmark:metadata:" + name)
            want = [metadata[key]] if metadata.get(key) else []
            check(got == want, f"{package['name']}: {name} {got}, expected {want}")
    return document


def case_package_lock_v1_v2_v3(env):
    for case in expected_cases(env, "npm-package-lock"):
        root = project(env, case)
        document = check_case(env, case, root)
        # Each fixture has a development dependency, async 3.2.4, left out unless asked for.
        check("async" not in by_name(document), f"{case['fixture']}: dev dependency async reported")
        with_dev = env.sbom(f"dir:{root}", "--include-dev")
        check([v for v, _ in by_name(with_dev).get("async", [])] == ["3.2.4"],
              f"{case['fixture']}: --include-dev keeps async 3.2.4")
        if case["fixture"].endswith("pkg-lock/package-lock.json"):
            # The v1 "requires" graph, resolved within the lock (@actions/http-client is not in it).
            check(dependency_map(document) == {
                "cowsay": ["get-stdin", "optimist", "string-width", "strip-eof"],
                "optimist": ["minimist", "wordwrap"],
                "string-width": ["is-fullwidth-code-point", "strip-ansi"],
                "strip-ansi": ["ansi-regex"]}, dependency_map(document))
        if case["fixture"].endswith("package-lock-3.json"):
            check(dependency_map(document) == {
                "lock-v3-fixture": ["@types/react"],
                "@types/react": ["@types/prop-types", "@types/scheduler", "csstype"]},
                dependency_map(document))


def case_yarn_and_pnpm(env):
    for case in expected_cases(env, "yarn-pnpm-lock"):
        check_case(env, case, project(env, case))


def case_lock_inside_node_modules_is_not_the_project(env):
    case = expected_cases(env, "npm-package-lock")[2]
    root = env.path("nested")
    (root / "node_modules" / "some-tool").mkdir(parents=True)
    shutil.copy(fixture_path(env, case), root / "node_modules" / "some-tool" / "package-lock.json")
    document = env.sbom(f"dir:{root}")
    check(not document.get("components"), f"components: {document.get('components')}")


def case_malformed_lock_is_a_warning(env):
    case = expected_cases(env, "yarn-pnpm-lock")[0]
    root = project(env, case)
    broken = root / "tools"
    broken.mkdir()
    (broken / "package-lock.json").write_text('{"lockfileVersion": 3, "packages": {')
    (broken / "pnpm-lock.yaml").write_text("lockfileVersion: '9.0'\npackages: [\n")
    proc = env.run("hallmark-sbom", f"dir:{root}", "-o", "table")
    stderr = proc.stderr.decode()
    check("/tools/package-lock.json: not valid JSON" in stderr, stderr)
    check("/tools/pnpm-lock.yaml: not valid YAML" in stderr, stderr)
    check(b"jhipster-core" in proc.stdout, "the good lock file is still reported")


if __name__ == "__main__":
    sys.exit(main(collect(globals())))
