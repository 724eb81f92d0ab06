"""Conformance: every Ruby case of ../shared/upstream/syft-fixtures (a Rails application's
Gemfile.lock, RubyGems' specifications of bundler and formatador) scanned by the real
hallmark-sbom, which must give the gems syft's tests expect."""
import shutil
import sys

from os_packages_test import by_name, check_packages, dependency_map, expected_cases, fixture_path
from harness import check, collect, main, prop

# Where RubyGems keeps the specifications of installed gems (syft's fixtures are loose files).
SPECIFICATIONS = "usr/lib/ruby/gems/3.1.0/specifications"


def installed(env, cases):
    """A root holding each case's gemspec where RubyGems installs it."""
    root = env.path("installed")
    (root / SPECIFICATIONS).mkdir(parents=True)
    for case in cases:
        source = fixture_path(env, case)
        shutil.copy(source, root / SPECIFICATIONS / source.name)
    return root


def case_gemfile_lock(env):
    (case,) = [c for c in expected_cases(env, "ruby-gems") if "Gemfile.lock" in c["fixture"]]
    document = env.sbom(f"dir:{fixture_path(env, case).parent}")
    check_packages(document, case["expected_packages"], case["expected_package_count"])
    graph = dependency_map(document)
    check(graph["turbolinks"] == ["coffee-rails"], graph.get("turbolinks"))
    check(graph["rails"] == sorted(["actionmailer", "actionpack", "actionview", "activemodel",
                                    "activerecord", "activesupport", "railties",
                                    "sprockets-rails"]), graph.get("rails"))


def case_installed_gemspecs(env):
    cases = [c for c in expected_cases(env, "ruby-gems") if c["fixture"].endswith(".gemspec")]
    root = installed(env, cases)
    expected = [p for c in cases for p in c["expected_packages"]]
    document = env.sbom(f"dir:{root}")
    check_packages(document, expected, len(expected))
    for package in expected:
        (_, component), = by_name(document)[package["name"]]
        check(prop(component, "hallmark:package:foundBy") == ["ruby-installed-gemspec-cataloger"],
              prop(component, "hallmark:package:foundBy"))
        check(prop(component, "hallmark:location:0:path") ==
              [f"/{SPECIFICATIONS}/{package['name']}.gemspec"], package["name"])
    # formatador's homepage is "https://github.com/geemus/#{s.name}".
    (_, formatador), = by_name(document)["formatador"]
    homepage = prop(formatador, "hallmark:metadata:homepage")
    check(homepage == ["https://github.com/geemus/formatador"], homepage)


def case_only_installed_gems_in_images(env):
    cases = expected_cases(env, "ruby-gems")
    root = installed(env, [c for c in cases if c["fixture"].endswith(".gemspec")])
    lock = next(c for c in cases if "Gemfile.lock" in c["fixture"])
    (root / "app").mkdir()
    shutil.copy(fixture_path(env, lock), root / "app/Gemfile.lock")
    image = env.image(env.path("ruby.tar"), "docker-archive", [root])
    check(sorted(by_name(env.sbom("docker-archive:" + image))) == ["bundler", "formatador"],
          "an image's gems are the installed ones")


def case_malformed_gemspec_is_skipped(env):
    root = env.path("broken")
    (root / SPECIFICATIONS).mkdir(parents=True)
    (root / SPECIFICATIONS / "x-1.gemspec").write_text("s.name = \"x\n\0\xff")
    check(by_name(env.sbom(f"dir:{root}")) == {}, "a gemspec without name and version is no gem")


if __name__ == "__main__":
    sys.exit(main(collect(globals())))
