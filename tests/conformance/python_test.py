"""Conformance: every Python case of ../shared/upstream/syft-fixtures (installed dist-info and
egg-info, requirements.txt, Pipfile.lock, poetry.lock, uv.lock) scanned by the real hallmark-sbom,
which must give the packages syft's tests expect: names, versions, purls, licenses, evidence and
dependencies."""
import json
import shutil
import sys
import urllib.parse

from os_packages_test import by_name, check_packages, dependency_map, expected_cases, fixture_path
from harness import check, collect, components, main, prop

FOUND_BY = "python-package-cataloger"


def folder_of(env, case):
    """The project folder holding a case's file (syft's fixtures sit one to a folder)."""
    path = fixture_path(env, case)
    return path if path.is_dir() else path.parent


def names(document):
    return sorted(f"{name}@{version}" for name, version in components(document))


def case_installed_site_packages(env):
    (case,) = expected_cases(env, "python-site-packages")
    root = fixture_path(env, case)
    document = env.sbom(f"dir:{root}")
    # syft's packageurl-go writes ':' in a qualifier value as %3A; the purl specification leaves
    # ':' unencoded everywhere, as Hallmark writes it. The purls are the same once decoded.
    expected = [{k: v for k, v in p.items() if k != "purl"} for p in case["expected_packages"]]
    check_packages(document, expected, case["expected_package_count"])
    found = by_name(document)
    for package in case["expected_packages"]:
        (_, component), = found[package["name"]]
        check(urllib.parse.unquote(component["purl"]) == urllib.parse.unquote(package["purl"]),
              f"{package['name']}: purl {component['purl']}, expected {package['purl']}")
        check(prop(component, "hallmark:package:foundBy") == ["python-installed-package-cataloger"],
              prop(component, "hallmark:package:foundBy"))
        folder = package["metadata"]["SitePackagesRootPath"]
        info = "dist-info/METADATA" if folder == "dist-name" else "egg-info/PKG-INFO"
        check(prop(component, "hallmark:location:0:path") == [f"/{folder}/{info}"],
              f"{package['name']}: primary evidence {prop(component, 'hallmark:location:0:path')}")
        # The RECORD that lists the package's files is supporting evidence.
        paths = [p["value"] for p in component["properties"]
                 if p["name"].startswith("hallmark:location:") and p["name"].endswith(":path")]
        check(f"/{folder}/{info.split('/')[0]}/RECORD" in paths, f"{package['name']}: {paths}")
    # Pygments requires soupsieve, html5lib and lxml, none of which is installed here.
    check(dependency_map(document) == {}, dependency_map(document))


def case_requirements_txt(env):
    cases = expected_cases(env, "python-requirements-txt")
    document = env.sbom(f"dir:{folder_of(env, cases[0])}")
    pinned = next(c for c in cases if "pinned dependencies only" in c["test_function"])
    check_packages(document, pinned["expected_packages"], pinned["expected_package_count"])
    for package in pinned["expected_packages"]:
        (_, component), = [(v, c) for v, c in by_name(document)[package["name"]]
                           if v == package["version"]]
        check(prop(component, "hallmark:package:foundBy") == [FOUND_BY], package["name"])
    # syft's other case turns on its GuessUnpinnedRequirements option, which guesses the lowest
    # version a range allows; a guess is no pinned version, so Hallmark (like syft's default)
    # reports none of those requirements.
    guessed = next(c for c in cases if "guess unpinned" in c["test_function"])
    pinned_names = {(p["name"], p["version"]) for p in pinned["expected_packages"]}
    for package in guessed["expected_packages"]:
        if (package["name"], package["version"]) not in pinned_names:
            check(package["name"] not in by_name(document), f"{package['name']} was guessed")


def case_pipfile_lock(env):
    (case,) = [c for c in expected_cases(env, "python-lockfiles") if "Pipfile" in c["fixture"]]
    root = folder_of(env, case)
    check_packages(env.sbom(f"dir:{root}"), case["expected_packages"],
                   case["expected_package_count"])
    # The "develop" section is kept when asked for.
    with_dev = env.sbom(f"dir:{root}", "--include-dev")
    check_packages(with_dev, case["expected_packages"] + [
        {"name": "astroid", "version": "2.5.2", "purl": "pkg:pypi/astroid@2.5.2"},
        {"name": "autopep8", "version": "1.5.6", "purl": "pkg:pypi/autopep8@1.5.6"}], 6)


def case_poetry_lock(env):
    (case,) = [c for c in expected_cases(env, "python-lockfiles") if "poetry" in c["fixture"]]
    root = folder_of(env, case)
    # Every package of this lock is `category = "dev"`. syft reports them all; Hallmark leaves
    # the development dependencies of every lock file out unless --include-dev asks for them
    # (as syft itself does for Pipfile.lock's "develop", npm and Composer), so an SBOM of what
    # ships does not list test tools.
    document = env.sbom(f"dir:{root}")
    check(names(document) == [], f"development packages reported: {names(document)}")
    with_dev = env.sbom(f"dir:{root}", "--include-dev")
    check_packages(with_dev, case["expected_packages"], case["expected_package_count"])
    # added-value names six, sphinx, ... of which this lock holds none.
    check(dependency_map(with_dev) == {}, dependency_map(with_dev))


def case_uv_lock(env):
    (case,) = [c for c in expected_cases(env, "python-lockfiles") if "uv.lock" in c["fixture"]]
    document = env.sbom(f"dir:{folder_of(env, case)}")
    check_packages(document, case["expected_packages"], case["expected_package_count"])
    expected = {}
    for relationship in case["expected_relationships"]:  # "X DependencyOf Y": Y depends on X
        expected.setdefault(relationship["to"].split("@")[0], []).append(
            relationship["from"].split("@")[0])
    check(dependency_map(document) == {k: sorted(v) for k, v in expected.items()},
          dependency_map(document))


def case_installed_only_in_images(env):
    """In an image, installed packages are cataloged and a project's declarations are not."""
    (installed,) = expected_cases(env, "python-site-packages")
    (uv,) = [c for c in expected_cases(env, "python-lockfiles") if "uv.lock" in c["fixture"]]
    layer = env.path("layer")
    site = layer / "usr/lib/python3/dist-packages"
    shutil.copytree(fixture_path(env, installed), site)
    shutil.copytree(folder_of(env, uv), layer / "app")
    image = env.image(env.path("python.tar"), "docker-archive", [layer])
    check(names(env.sbom("docker-archive:" + image)) == ["pygments@2.6.1", "requests@2.22.0"],
          "the image's packages are the installed ones")
    check(len(names(env.sbom(f"dir:{layer}"))) == 8, "a folder's packages include uv.lock's")


def case_one_package_of_two_metadata_folders(env):
    """Debian ships some packages (python3-cryptography) with both a dist-info and an egg-info
    folder: one installed package, with both as its evidence."""
    site = env.path("root/usr/lib/python3/dist-packages")
    for folder, name in (("cryptography-38.0.4.dist-info", "METADATA"),
                         ("cryptography.egg-info", "PKG-INFO")):
        (site / folder).mkdir(parents=True)
        (site / folder / name).write_text("Name: cryptography\nVersion: 38.0.4\n"
                                          "Requires-Dist: cffi (>=1.12)\n")
    (site / "cffi-1.15.1.egg-info").write_text("Name: cffi\nVersion: 1.15.1\n")
    document = env.sbom(f"dir:{env.path('root')}")
    check(names(document) == ["cffi@1.15.1", "cryptography@38.0.4"], names(document))
    (_, component), = by_name(document)["cryptography"]
    check(prop(component, "hallmark:location:0:path") + prop(component, "hallmark:location:1:path")
          == ["/usr/lib/python3/dist-packages/cryptography-38.0.4.dist-info/METADATA",
              "/usr/lib/python3/dist-packages/cryptography.egg-info/PKG-INFO"],
          component["properties"])
    check(dependency_map(document) == {"cryptography": ["cffi"]}, dependency_map(document))


def case_malformed_files_are_warnings(env):
    root = env.path("project")
    root.mkdir()
    (root / "uv.lock").write_text("[[package]\nname = 'x'\n")
    (root / "poetry.lock").write_text("not = [toml\n")
    (root / "Pipfile.lock").write_text("{\"default\": ")
    (root / "requirements.txt").write_text("flask==2.0.1\n")
    info = root / "site-packages/bad-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Name: bad\nVersion: 1.0\n")
    (info / "direct_url.json").write_text("{")
    latin1 = root / "site-packages/latin-1.0.dist-info"
    latin1.mkdir()
    (latin1 / "METADATA").write_bytes(b"Name: latin\nVersion: 1.0\nAuthor: Andr\xe9\n")
    proc = env.run("hallmark-sbom", f"dir:{root}", "-o", "cyclonedx-json")
    stderr = proc.stderr.decode()
    for name in ("/uv.lock", "/poetry.lock", "/Pipfile.lock",
                 "/site-packages/bad-1.0.dist-info/direct_url.json"):
        check(name + ":" in stderr, f"no warning naming {name}: {stderr}")
    document = json.loads(proc.stdout)
    check(names(document) == ["bad@1.0", "flask@2.0.1", "latin@1.0"], names(document))
    # Metadata that is not UTF-8 still makes a valid document.
    (_, latin), = by_name(env.sbom(f"dir:{root}"))["latin"]
    check(latin["publisher"] == "Andr\ufffd", latin.get("publisher"))


if __name__ == "__main__":
    sys.exit(main(collect(globals())))
