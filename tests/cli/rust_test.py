"""hallmark-sbom on Rust: a workspace of three crates (path dependencies, so nothing comes from
crates.io) built here with Debian's cargo, offline; its folder is compared with its Cargo.lock
(read with Python's tomllib). Its executable then gets a ".dep-v0" section with binutils'
objcopy, holding cargo-auditable's zlib-compressed JSON written here (crates.io, git, local and
build-time crates); an image holding it is compared with that JSON. A corrupt section is a
warning naming the file."""
import json
import sys
import tomllib
import zlib

from harness import check, collect, main, prop, validate
import toolchains

AUDIT = {"format": 1, "packages": [
    {"name": "app", "version": "0.3.1", "source": "local", "dependencies": [1, 2, 4], "root": True},
    {"name": "lib-a", "version": "1.2.0", "source": "local", "dependencies": [3]},
    {"name": "serde", "version": "1.0.197", "source": "crates.io", "dependencies": [5]},
    {"name": "lib-b", "version": "0.0.7", "source": "local", "kind": "runtime"},
    {"name": "regex", "version": "1.11.1", "source": "git"},
    {"name": "serde_derive", "version": "1.0.197", "source": "crates.io", "kind": "build",
     "dependencies": [6]},
    {"name": "proc-macro2", "version": "1.0.79", "source": "crates.io", "kind": "build"},
]}


def write_crate(folder, name, version, dependency=None, binary=False):
    (folder / "src").mkdir(parents=True)
    manifest = f'[package]\nname = "{name}"\nversion = "{version}"\nedition = "2021"\n'
    if dependency:
        manifest += f'\n[dependencies]\n{dependency} = {{ path = "../{dependency}" }}\n'
    (folder / "Cargo.toml").write_text(manifest)
    code = {"app": 'fn main() { println!("{}", lib_a::greet()); }\n',
            "lib-a": 'pub fn greet() -> String { format!("hello {}", lib_b::name()) }\n',
            "lib-b": 'pub fn name() -> &\'static str { "world" }\n'}[name]
    (folder / "src" / ("main.rs" if binary else "lib.rs")).write_text(code)


def build_workspace(env):
    """The workspace built in release mode; returns its folder and its executable."""
    cargo = toolchains.require("cargo", "cargo")
    root = env.path("workspace")
    root.mkdir()
    (root / "Cargo.toml").write_text(
        '[workspace]\nmembers = ["app", "lib-a", "lib-b"]\nresolver = "2"\n')
    write_crate(root / "app", "app", "0.3.1", "lib-a", binary=True)
    write_crate(root / "lib-a", "lib-a", "1.2.0", "lib-b")
    write_crate(root / "lib-b", "lib-b", "0.0.7")
    toolchains.run([cargo, "build", "--offline", "--release"], root,
                   {"CARGO_HOME": str(env.path("cargo-home"))})
    return root, root / "target" / "release" / "app"


def with_section(env, binary, name, payload):
    """A copy of `binary` with a .dep-v0 section holding `payload`, added by objcopy."""
    objcopy = toolchains.require("objcopy", "binutils")
    section = env.path(name + ".dep-v0")
    section.write_bytes(payload)
    target = env.path(name)
    toolchains.run([objcopy, "--add-section", f".dep-v0={section}", binary, target], env.tmp)
    return target


def crates_at(document, path):
    """(name, version) -> component of the rust crates found in the file at `path`."""
    return {(c["name"], c["version"]): c for c in document.get("components", [])
            if prop(c, "hallmark:package:type") == ["rust-crate"]
            and prop(c, "hallmark:location:0:path") == [path]}


def edges(document, found):
    """(dependent, dependency) name pairs among `found`."""
    names = {c["bom-ref"]: name for (name, _), c in found.items()}
    return {(names[d["ref"]], names[t]) for d in document.get("dependencies", [])
            if d["ref"] in names for t in d.get("dependsOn", []) if t in names}


def check_lock(document, path, lock):
    """The crates of a Cargo.lock (every package is a path crate here) and its dependencies."""
    found = crates_at(document, path)
    expected = {(p["name"], p["version"]) for p in lock["package"]}
    check(set(found) == expected, f"{path}: {sorted(found)}, expected {sorted(expected)}")
    for key, component in found.items():
        check(prop(component, "hallmark:package:foundBy") == ["rust-cargo-lock-cataloger"], key)
        # Path crates have no source, and no purl: crates.io does not describe them.
        check("purl" not in component and not prop(component, "hallmark:metadata:source"), key)
    want = {(p["name"], d.split()[0]) for p in lock["package"] for d in p.get("dependencies", [])}
    check(want and edges(document, found) == want, f"{path}: {edges(document, found)}, expected {want}")


def case_cargo_lock_of_the_workspace(env):
    root, binary = build_workspace(env)
    lock = tomllib.loads((root / "Cargo.lock").read_text())
    check(len(lock["package"]) == 3 and lock.get("version", 1) >= 3, lock)
    document = env.sbom(f"dir:{root}")
    check_lock(document, "/Cargo.lock", lock)
    # cargo's own executable has no .dep-v0 section: the lock is all there is.
    check(len(document["components"]) == 3, [c["name"] for c in document["components"]])


def case_auditable_binary_in_an_image(env):
    root, binary = build_workspace(env)
    layer = env.path("layer")
    bin_dir = layer / "usr" / "local" / "bin"
    bin_dir.mkdir(parents=True)
    audited = with_section(env, binary, "audited", zlib.compress(json.dumps(AUDIT).encode()))
    broken = with_section(env, binary, "broken", zlib.compress(json.dumps(AUDIT).encode())[:-9])
    for source, name in ((audited, "app"), (broken, "broken"), (binary, "plain")):
        (bin_dir / name).write_bytes(source.read_bytes())
    (layer / "src").mkdir()
    (layer / "src" / "Cargo.lock").write_bytes((root / "Cargo.lock").read_bytes())
    image = env.image(env.path("image"), "oci-dir", [layer])

    proc = env.run("hallmark-sbom", f"oci-dir:{image}", "-o", "cyclonedx-json")
    check(b"/usr/local/bin/broken: " in proc.stderr and b"; skipped" in proc.stderr, proc.stderr)
    document = json.loads(proc.stdout)
    validate(env, document, "cyclonedx-json")

    packages = AUDIT["packages"]
    runtime = [p for p in packages if p.get("kind", "runtime") == "runtime"]
    found = crates_at(document, "/usr/local/bin/app")
    check(set(found) == {(p["name"], p["version"]) for p in runtime},
          f"{sorted(found)}: build-time crates are not in the program")
    for package in runtime:
        component = found[(package["name"], package["version"])]
        where = package["name"]
        check(prop(component, "hallmark:package:foundBy") == ["cargo-auditable-binary-cataloger"],
              where)
        check(prop(component, "hallmark:metadata:source") == [package["source"]], where)
        # A local crate is not the crates.io crate of its name; a git crate's URL is not in the
        # data, so it keeps the plain purl syft gives it.
        want = (None if package["source"] == "local"
                else f"pkg:cargo/{package['name']}@{package['version']}")
        check(component.get("purl") == want, f"{where}: purl {component.get('purl')}, expected {want}")
    want_edges = {(p["name"], packages[d]["name"]) for p in runtime for d in p.get("dependencies", [])
                  if packages[d].get("kind", "runtime") == "runtime"}
    check(edges(document, found) == want_edges, f"{edges(document, found)}, expected {want_edges}")
    check(("serde", "serde_derive") not in edges(document, found), "no edge to a build-time crate")

    # A Cargo.lock in an image is still evidence of what was built there; the other executables
    # (no section, a corrupt one) add nothing.
    check_lock(document, "/src/Cargo.lock", tomllib.loads((root / "Cargo.lock").read_text()))
    for name in ("broken", "plain"):
        check(not crates_at(document, f"/usr/local/bin/{name}"), f"{name}: no readable audit data")
    check(len(document["components"]) == len(runtime) + 3, [c["name"] for c in document["components"]])


if __name__ == "__main__":
    sys.exit(main(collect(globals())))
