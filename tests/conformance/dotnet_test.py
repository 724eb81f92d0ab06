"""Conformance: every .NET case of ../shared/upstream/syft-fixtures (packages.lock.json of two
target frameworks, a deps.json with reference assemblies) scanned by the real hallmark-sbom,
which must give the packages syft's tests expect."""
import shutil
import sys

from os_packages_test import by_name, check_packages, dependency_map, expected_cases, fixture_path
from harness import check, collect, components, main


def case_packages_lock(env):
    (case,) = [c for c in expected_cases(env, "dotnet") if "packages.lock" in c["fixture"]]
    root = env.path("project")  # syft's folder also holds the deps.json case
    root.mkdir()
    shutil.copy(fixture_path(env, case), root)
    document = env.sbom(f"dir:{root}")
    check_packages(document, case["expected_packages"], case["expected_package_count"])
    check(dependency_map(document) == {
        "AutoMapper": ["Microsoft.Extensions.Options"],
        "Microsoft.Extensions.Logging": ["Microsoft.Extensions.Options"],
        "Microsoft.Extensions.Options": ["Microsoft.Extensions.DependencyInjection.Abstractions",
                                         "Microsoft.Extensions.Primitives"],
        "Microsoft.Extensions.Primitives": ["System.Runtime.CompilerServices.Unsafe"]},
        dependency_map(document))


def case_deps_json_reference_assemblies(env):
    (case,) = [c for c in expected_cases(env, "dotnet") if "deps.json" in c["fixture"]]
    document = env.sbom(f"dir:{fixture_path(env, case).parent}")
    found = by_name(document)
    # The case's assertions: Newtonsoft.Json 13.0.3 present; the two reference assemblies and
    # any 10.0.0.0 version absent. The application itself (MyApp, a "project") is no package.
    versions = [v for v, _ in found.get("Newtonsoft.Json", [])]
    check(versions == ["13.0.3"], versions)
    check(sorted(found) == ["Newtonsoft.Json"], sorted(found))
    check(all(v != "10.0.0.0" for _, v in components(document)), "a 10.0.0.0 version")
    check_packages(document, [{"name": "Newtonsoft.Json", "version": "13.0.3",
                               "purl": "pkg:nuget/Newtonsoft.Json@13.0.3"}], 1)


def case_only_deps_json_in_images(env):
    cases = expected_cases(env, "dotnet")
    root = env.path("app")
    root.mkdir()
    for case in cases:
        shutil.copy(fixture_path(env, case), root)
    image = env.image(env.path("dotnet.tar"), "docker-archive", [root])
    check(sorted(by_name(env.sbom("docker-archive:" + image))) == ["Newtonsoft.Json"],
          "an image's packages are those its deps.json names")
    check(len(components(env.sbom(f"dir:{root}"))) == 10, "a folder's include packages.lock.json's")


if __name__ == "__main__":
    sys.exit(main(collect(globals())))
