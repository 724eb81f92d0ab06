"""The CLI test harness: runs Hallmark's real executables on real inputs and checks what they
print, write and exit with. Each test file defines cases (functions named case_*); CTest runs
each case as its own test:  python3 FILE --bin-dir DIR --case NAME  (or --list).
"""
import argparse
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import traceback

import jsonschema
import jsonschema._validators

ROOT = pathlib.Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
SKIP = 77  # CTest's SKIP_RETURN_CODE for these tests


class Skip(Exception):
    pass


class Env:
    def __init__(self, bin_dir, shared_dir, tmp):
        self.bin_dir = pathlib.Path(bin_dir)
        self.shared_dir = pathlib.Path(shared_dir)
        self.tmp = pathlib.Path(tmp)

    def tool(self, name):
        for sub in ("sbom", "sign", "verify", "provenance", "tests"):
            path = self.bin_dir / sub / name
            if path.exists():
                return str(path)
        raise AssertionError(f"{name} is not built in {self.bin_dir}")

    def run(self, name, *args, expect=0, env=None, stdin=None):
        """Runs an executable; fails unless it exits with `expect`."""
        full_env = dict(os.environ)
        full_env.update(env or {})
        proc = subprocess.run([self.tool(name), *map(str, args)], capture_output=True,
                              env=full_env, input=stdin, timeout=300)
        if expect is not None and proc.returncode != expect:
            raise AssertionError(
                f"{name} {' '.join(map(str, args))}: exit {proc.returncode}, expected {expect}\n"
                f"stdout: {proc.stdout[:2000].decode(errors='replace')}\n"
                f"stderr: {proc.stderr[:2000].decode(errors='replace')}")
        return proc

    def shared(self, relative):
        """A file of ../shared; its absence fails under CI and skips loudly elsewhere."""
        path = self.shared_dir / relative
        if not path.exists():
            message = f"shared test material missing: {path} (../shared must sit beside the project)"
            if os.environ.get("CI") == "true":
                raise AssertionError(message)
            print("SKIPPED LOUDLY: " + message, file=sys.stderr)
            raise Skip(message)
        return path

    def path(self, name):
        return self.tmp / name

    def image(self, out, fmt, layers, name="test.example/hallmark/test:1.0", extra=(),
              platforms=None):
        """Builds a test image from layer folders with hallmark-testimage."""
        images = platforms or {"linux/amd64": layers}
        args = ["--out", out, "--format", fmt, "--name", name, *extra]
        for platform, folders in images.items():
            args += ["--image", platform + "=" + ",".join(str(f) for f in folders)]
        self.run("hallmark-testimage", *args)
        return str(out)

    def sbom(self, *args, fmt="cyclonedx-json", env=None):
        """hallmark-sbom's document for the input, validated against the official schema."""
        proc = self.run("hallmark-sbom", *args, "-o", fmt, env=env)
        document = json.loads(proc.stdout)
        validate(self, document, fmt)
        return document


def _extras_msg(extras):
    # Debian 12's jsonschema 4.10 sorts the extra items of an "additionalItems: false" error to
    # word its message, which raises TypeError for objects (CycloneDX's license arrays meet this
    # inside a oneOf); word it without sorting, as later jsonschema releases do.
    return ", ".join(repr(extra) for extra in extras), "was" if len(extras) == 1 else "were"


jsonschema._validators.extras_msg = _extras_msg


def _store(schema_dir):
    store = {}
    for path in schema_dir.glob("*.json"):
        schema = json.loads(path.read_text())
        if "$id" in schema:
            store[schema["$id"]] = schema
    return store


def validate(env, document, fmt):
    """Validates an SBOM against the official CycloneDX / SPDX schema of its version."""
    if fmt.startswith("cyclonedx-json"):
        version = document["specVersion"]
        schema_dir = env.shared("upstream/schemas/cyclonedx")
        schema = json.loads((schema_dir / f"bom-{version}.schema.json").read_text())
        resolver = jsonschema.RefResolver.from_schema(schema, store=_store(schema_dir))
        jsonschema.Draft7Validator(schema, resolver=resolver,
                                   format_checker=jsonschema.FormatChecker()).validate(document)
    elif fmt.startswith("spdx-json"):
        schema = json.loads(env.shared("upstream/schemas/spdx/spdx-schema-2.3.json").read_text())
        jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker()).validate(document)
        # The 2.3 text requires documentNamespace, which its schema does not enforce.
        assert document["documentNamespace"].startswith("https://"), document["documentNamespace"]
    else:
        raise AssertionError(f"no schema for {fmt}")


def components(document):
    """(name, version) -> component of a CycloneDX document, libraries only."""
    return {(c["name"], c.get("version", "")): c for c in document.get("components", [])
            if c["type"] == "library"}


def prop(component, name):
    return [p["value"] for p in component.get("properties", []) if p["name"] == name]


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def main(cases):
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin-dir")
    parser.add_argument("--shared-dir", default=str(ROOT.parent / "shared"))
    parser.add_argument("--case")
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args()
    if args.list:
        print(";".join(sorted(cases)))
        return 0
    tmp = tempfile.mkdtemp(prefix="hallmark-test-")
    try:
        cases[args.case](Env(args.bin_dir, args.shared_dir, tmp))
    except Skip:
        return SKIP
    except Exception:  # noqa: BLE001 - report every failure the same way
        traceback.print_exc()
        return 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{args.case}: ok")
    return 0


def collect(namespace):
    return {name[5:]: fn for name, fn in namespace.items() if name.startswith("case_")}
