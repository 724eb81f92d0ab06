"""Conformance: every PHP case of ../shared/upstream/syft-fixtures (composer.lock, Composer 1 and
2 vendor/composer/installed.json) scanned by the real hallmark-sbom, which must give the
packages syft's tests expect."""
import shutil
import sys

from os_packages_test import by_name, check_packages, dependency_map, expected_cases, fixture_path
from harness import check, collect, main, prop


def installed(env, case):
    """A project whose vendor/composer/installed.json is the case's (syft's folder names it
    composer_1 or composer_2)."""
    source = fixture_path(env, case)
    root = env.path("installed-" + source.parent.name)
    (root / "vendor/composer").mkdir(parents=True)
    shutil.copy(source, root / "vendor/composer/installed.json")
    return root


def case_composer_lock(env):
    (case,) = [c for c in expected_cases(env, "php-composer") if "composer.lock" in c["fixture"]]
    root = env.path("project")
    root.mkdir()
    shutil.copy(fixture_path(env, case), root / "composer.lock")
    check_packages(env.sbom(f"dir:{root}"), case["expected_packages"],
                   case["expected_package_count"])
    # "packages-dev" when asked for.
    with_dev = env.sbom(f"dir:{root}", "--include-dev")
    check_packages(with_dev, case["expected_packages"] + [
        {"name": "behat/gherkin", "version": "v4.6.2", "purl": "pkg:composer/behat/gherkin@v4.6.2"},
        {"name": "codeception/codeception", "version": "4.1.6",
         "purl": "pkg:composer/codeception/codeception@4.1.6"}], 4)


def case_installed_json(env):
    for case in expected_cases(env, "php-composer"):
        if "installed.json" not in case["fixture"]:
            continue
        document = env.sbom(f"dir:{installed(env, case)}")
        check_packages(document, case["expected_packages"], case["expected_package_count"])
        for package in case["expected_packages"]:
            (_, component), = by_name(document)[package["name"]]
            found_by = prop(component, "hallmark:package:foundBy")
            check(found_by == ["php-composer-installed-cataloger"], found_by)
        # behat/mink requires symfony/css-selector, which is not installed here.
        check(dependency_map(document) == {}, dependency_map(document))


def case_only_installed_packages_in_images(env):
    cases = expected_cases(env, "php-composer")
    root = installed(env, next(c for c in cases if "composer_2" in c["fixture"]))
    shutil.copy(fixture_path(env, next(c for c in cases if "composer.lock" in c["fixture"])),
                root / "composer.lock")
    image = env.image(env.path("php.tar"), "docker-archive", [root])
    in_image = sorted(by_name(env.sbom("docker-archive:" + image)))
    check(in_image == ["asm89/stack-cors", "behat/mink"], f"not just the installed: {in_image}")
    check(len(by_name(env.sbom(f"dir:{root}"))) == 4, "a folder's include composer.lock's")


def case_dependencies_between_installed_packages(env):
    root = env.path("graph")
    (root / "vendor/composer").mkdir(parents=True)
    (root / "vendor/composer/installed.json").write_text("""{"packages": [
      {"name": "app/web", "version": "1.0.0", "require": {"php": ">=8", "Psr/Log": "^3"}},
      {"name": "psr/log", "version": "3.0.0", "license": "MIT"}]}""")
    document = env.sbom(f"dir:{root}")
    check(dependency_map(document) == {"app/web": ["psr/log"]}, dependency_map(document))


if __name__ == "__main__":
    sys.exit(main(collect(globals())))
