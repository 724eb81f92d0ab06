"""hallmark-sbom on Go executables built here with Debian's go, offline: a module with vendored
dependencies (one required as is, one replaced by another module version, one replaced by a
folder; served by a file:// module proxy written here and vendored with `go mod vendor`), built
plain, with -trimpath, with and without VCS information, with -ldflags, from a modified checkout,
and with its section headers removed. Every module, version, sum and build setting is compared
with what `go version -m` prints, and the project's go.mod with what `go mod edit -json` reads."""
import datetime
import json
import re
import shutil
import sys
import urllib.parse
import zipfile

from harness import check, collect, main, prop
import toolchains

MAIN = "example.com/hello"
GIT_TIME = "2024-03-04T05:06:07Z"
# syft's patterns for a main module version given to the linker (parse_go_binary.go).
LDFLAGS_VERSION = [
    re.compile(r"(?m)\.([gG]it)?([bB]uild)?[vV]er(sion)?=(\S+/)*(?P<version>v?\d+.\d+.\d+[-\w]*)"),
    re.compile(r"(?m)\.([tT]ag)=(\S+/)*(?P<version>v?\d+.\d+.\d+[-\w]*)"),
]

MAIN_GO = """package main

import (
\t"fmt"

\t"example.com/color"
\t"example.com/greet"
\t"example.com/local"
)

var version = "unset"

func main() { fmt.Println(greet.Hello(), color.Red(), local.Answer(), version) }
"""

GO_MOD = """module example.com/hello

go 1.19

require (
\texample.com/color v0.1.0
\texample.com/greet v1.2.3
\texample.com/local v0.0.0
)

replace example.com/greet v1.2.3 => example.com/greetfork v1.2.4

replace example.com/local => ../local
"""


class Go:
    """Debian's go, offline, with its caches, module cache and HOME in the test's folder."""

    def __init__(self, env):
        self.go = toolchains.require("go", "golang-go")
        self.git = toolchains.require("git", "git")
        self.root = env.path("go")
        self.env = {"HOME": self.root / "home", "GOCACHE": self.root / "cache",
                    "GOMODCACHE": self.root / "modcache", "GOPATH": self.root / "gopath",
                    "GOTOOLCHAIN": "local", "GOPROXY": "off", "GOFLAGS": "-mod=vendor",
                    "GOSUMDB": "off", "GIT_CONFIG_NOSYSTEM": "1"}
        self.env = {k: str(v) for k, v in self.env.items()}

    def __call__(self, *args, cwd, **extra):
        return toolchains.run([self.go, *args], cwd, {**self.env, **extra})


def publish(proxy, path, version, files):
    """A module version on a file:// module proxy (the GOPROXY protocol as files)."""
    folder = proxy / path / "@v"
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "list", "a") as f:
        f.write(version + "\n")
    (folder / f"{version}.info").write_text(json.dumps({"Version": version, "Time": GIT_TIME}))
    (folder / f"{version}.mod").write_text(files["go.mod"])
    with zipfile.ZipFile(folder / f"{version}.zip", "w") as archive:
        for name, text in files.items():
            archive.writestr(f"{path}@{version}/{name}", text)


def make_project(env, go):
    """The example.com/hello module with its dependencies vendored; returns its folder."""
    root = go.root
    proxy = root / "proxy"
    publish(proxy, "example.com/color", "v0.1.0", {
        "go.mod": "module example.com/color\n\ngo 1.19\n",
        "color.go": "package color\n\nfunc Red() string { return \"red\" }\n"})
    publish(proxy, "example.com/greetfork", "v1.2.4", {
        "go.mod": "module example.com/greetfork\n\ngo 1.19\n",
        "greet.go": "package greet\n\nfunc Hello() string { return \"hi\" }\n"})
    local = root / "local"
    local.mkdir()
    (local / "go.mod").write_text("module example.com/local\n\ngo 1.19\n")
    (local / "local.go").write_text("package local\n\nfunc Answer() int { return 42 }\n")
    hello = root / "hello"
    hello.mkdir()
    (hello / "go.mod").write_text(GO_MOD)
    (hello / "main.go").write_text(MAIN_GO)
    # Downloading from the file:// proxy writes go.sum; vendoring and building need no network.
    go("mod", "download", "all", cwd=hello, GOPROXY=proxy.as_uri(), GOFLAGS="-mod=mod")
    go("mod", "tidy", cwd=hello, GOPROXY=proxy.as_uri(), GOFLAGS="-mod=mod")
    go("mod", "vendor", cwd=hello)
    check((hello / "vendor" / "modules.txt").exists(), "vendored")
    return hello


def git(go, *args, cwd):
    return toolchains.run([go.git, "-c", "user.name=Test", "-c", "user.email=test@example.com",
                           *args], cwd, {**go.env, "GIT_AUTHOR_DATE": GIT_TIME,
                                         "GIT_COMMITTER_DATE": GIT_TIME})


def build_all(env, go, hello, out):
    """Every variant of the program in `out`: name -> path."""
    out.mkdir(parents=True, exist_ok=True)
    built = {}

    def build(name, *flags):
        go("build", *flags, "-o", out / name, ".", cwd=hello)
        built[name] = out / name

    build("plain")  # no repository yet: no VCS information
    build("trimpath", "-trimpath")
    git(go, "init", "-q", ".", cwd=hello)
    git(go, "add", "-A", cwd=hello)
    git(go, "commit", "-q", "-m", "hello", cwd=hello)
    build("vcs", "-buildvcs=true")
    build("novcs", "-buildvcs=false")
    build("ldflags", "-buildvcs=true", "-ldflags=-s -w -X main.version=1.4.2")
    with open(hello / "main.go", "a") as f:
        f.write("\n// a change that is not committed\n")
    build("dirty", "-buildvcs=true", "-trimpath")
    return built


def strip_section_headers(source, target):
    """A copy of an ELF64 executable without section headers (as sstrip or packers leave one):
    only its program headers lead to the build information."""
    data = bytearray(source.read_bytes())
    data[0x28:0x30] = bytes(8)  # e_shoff
    data[0x3c:0x40] = bytes(4)  # e_shnum, e_shstrndx
    target.write_bytes(bytes(data))
    target.chmod(0o755)


def go_version_m(go, path):
    """What `go version -m` prints of an executable, as a dict."""
    text = toolchains.run([go.go, "version", "-m", path], path.parent, go.env)
    lines = text.splitlines()
    info = {"go": lines[0].split(": ", 1)[1], "path": "", "main": None, "deps": [], "settings": []}
    last = None
    for line in lines[1:]:
        fields = line.split("\t")[1:]
        if not fields or fields == [""]:
            continue
        if fields[0] in ("mod", "dep", "=>"):
            module = {"path": fields[1], "version": fields[2],
                      "sum": fields[3] if len(fields) > 3 else "", "replace": None}
            if fields[0] == "mod":
                info["main"] = last = module
            elif fields[0] == "dep":
                info["deps"].append(module)
                last = module
            else:
                last["replace"] = module
        elif fields[0] == "path":
            info["path"] = fields[1]
        elif fields[0] == "build":
            key, _, value = fields[1].partition("=")
            info["settings"].append((key, json.loads(value) if value.startswith('"') else value))
    return info


def expected_main_version(info):
    """syft's version for a main module Go calls (devel)."""
    version = info["main"]["version"]
    if version != "(devel)":
        return version
    settings = dict(info["settings"])
    for pattern in LDFLAGS_VERSION:
        match = pattern.search(settings.get("-ldflags", ""))
        if match:
            found = match.group("version")
            return found if found.startswith("v") else "v" + found
    if "vcs.revision" in settings and "vcs.time" in settings:
        when = datetime.datetime.fromisoformat(settings["vcs.time"].replace("Z", "+00:00"))
        stamp = when.astimezone(datetime.timezone.utc).strftime("%Y%m%d%H%M%S")
        return f"v0.0.0-{stamp}-{settings['vcs.revision'][:12]}"
    return version


def go_purl(path, version):
    if path.startswith((".", "/")):
        return None  # a folder replacement is no module a purl can name
    return f"pkg:golang/{path}@{urllib.parse.quote(version, safe='')}"


def at(document, path):
    """The components found in the file at `path`."""
    return [c for c in document.get("components", [])
            if prop(c, "hallmark:location:0:path") == [path]]


def check_binary(document, path, info):
    """The components of one executable against `go version -m`."""
    found = {c["name"]: c for c in at(document, path)}
    settings = dict(info["settings"])
    check(info["main"] is not None, f"{path}: built as a module")
    main_name = info["main"]["path"]
    expected_names = {main_name, "stdlib"}
    for dep in info["deps"]:
        used = dep["replace"] or dep
        expected_names.add(used["path"])
        component = found.get(used["path"])
        check(component is not None, f"{path}: {used['path']} missing from {sorted(found)}")
        where = f"{path}: {used['path']}"
        check(component["version"] == used["version"], f"{where}: version {component['version']}")
        check(component.get("purl") == go_purl(used["path"], used["version"]),
              f"{where}: purl {component.get('purl')}")
        check(prop(component, "hallmark:metadata:h1Digest") == ([used["sum"]] if used["sum"] else []),
              f"{where}: h1 {prop(component, 'hallmark:metadata:h1Digest')}, expected {used['sum']!r}")
        replaces = [f"{dep['path']}@{dep['version']}"] if dep["replace"] else []
        check(prop(component, "hallmark:metadata:replaces") == replaces, f"{where}: replaces")
        check(prop(component, "hallmark:metadata:mainModule") == [main_name], f"{where}: main module")
        check(prop(component, "hallmark:metadata:goCompiledVersion") == [info["go"]], where)
        check(prop(component, "hallmark:package:arch") == [settings["GOARCH"]], where)
        check(not [p for p in component.get("properties", []) if "goBuildSetting" in p["name"]],
              f"{where}: build settings belong to the main module")
    check(set(found) == expected_names, f"{path}: {sorted(found)}, expected {sorted(expected_names)}")

    main = found[main_name]
    version = expected_main_version(info)
    check(main["version"] == version, f"{path}: main version {main['version']}, expected {version}")
    check(main.get("purl") == go_purl(main_name, version), f"{path}: main purl {main.get('purl')}")
    # Every build setting, as a property; the encoders leave out properties with empty values
    # (CGO_CFLAGS= and the like), so those are asserted absent.
    for key, value in info["settings"]:
        got = prop(main, "hallmark:metadata:goBuildSetting:" + key)
        check(got == ([value] if value else []), f"{path}: setting {key} is {got}, expected {value!r}")
    recorded = [p["name"] for p in main.get("properties", []) if "goBuildSetting:" in p["name"]]
    check(len(recorded) == len([1 for _, v in info["settings"] if v]), f"{path}: {recorded}")

    stdlib = found["stdlib"]
    check(stdlib["version"] == info["go"], f"{path}: stdlib {stdlib['version']}")
    release = info["go"][2:]
    check(stdlib.get("cpe") == f"cpe:2.3:a:golang:go:{release}:-:*:*:*:*:*:*", stdlib.get("cpe"))
    check([entry["license"].get("id") for entry in stdlib.get("licenses", [])] == ["BSD-3-Clause"],
          stdlib.get("licenses"))
    # syft writes pkg:golang/stdlib@1.x.y, but the purl-spec golang type requires a namespace and
    # model::Purl enforces the specification: the stdlib is named by its CPE instead.
    check("purl" not in stdlib, f"{path}: stdlib purl {stdlib.get('purl')}")

    # The main module depends on each module and on the standard library.
    refs = {c["bom-ref"] for c in found.values()}
    graph = {d["ref"]: set(d.get("dependsOn", [])) for d in document.get("dependencies", [])}
    check(graph.get(main["bom-ref"]) == refs - {main["bom-ref"]},
          f"{path}: main depends on {graph.get(main['bom-ref'])}")


def case_go_binaries_match_go_version(env):
    go = Go(env)
    hello = make_project(env, go)
    layer = env.path("layer")
    built = build_all(env, go, hello, layer / "usr" / "local" / "bin")
    # Beside them: an executable Go did not build, and the project's go.mod, which in an image
    # describes no installed module.
    shutil.copy("/bin/true", layer / "usr" / "local" / "bin" / "true")
    (layer / "src").mkdir()
    shutil.copy(hello / "go.mod", layer / "src" / "go.mod")
    shutil.copy(hello / "go.sum", layer / "src" / "go.sum")
    image = env.image(env.path("image"), "oci-dir", [layer])
    document = env.sbom(f"oci-dir:{image}")

    infos = {name: go_version_m(go, path) for name, path in built.items()}
    for name, info in infos.items():
        check_binary(document, f"/usr/local/bin/{name}", info)
    check(not at(document, "/usr/local/bin/true"), "a C program has no Go modules")
    check(not at(document, "/src/go.mod"), "go.mod is not cataloged in images")
    check(len(document["components"]) == sum(len(at(document, f"/usr/local/bin/{n}")) for n in built),
          "every component comes from one of the executables")

    # The variants differ as their build information says.
    plain, trimpath, vcs = dict(infos["plain"]["settings"]), dict(infos["trimpath"]["settings"]), \
        dict(infos["vcs"]["settings"])
    check("vcs.revision" not in plain and trimpath.get("-trimpath") == "true", "plain, trimpath")
    check(vcs.get("vcs") == "git" and vcs.get("vcs.modified") == "false", vcs)
    check(dict(infos["dirty"]["settings"]).get("vcs.modified") == "true", "dirty")
    check("vcs.revision" not in dict(infos["novcs"]["settings"]), "-buildvcs=false")
    check(dict(infos["ldflags"]["settings"]).get("-ldflags") == "-s -w -X main.version=1.4.2",
          "a quoted setting")
    versions = {name: next(c["version"] for c in at(document, f"/usr/local/bin/{name}")
                           if c["name"] == MAIN) for name in built}
    revision = dict(infos["vcs"]["settings"])["vcs.revision"][:12]
    check(versions == {"plain": "(devel)", "trimpath": "(devel)", "novcs": "(devel)",
                       "vcs": f"v0.0.0-20240304050607-{revision}",
                       "dirty": f"v0.0.0-20240304050607-{revision}", "ldflags": "v1.4.2"},
          versions)


def case_binary_without_section_headers(env):
    go = Go(env)
    hello = make_project(env, go)
    out = env.path("out")
    out.mkdir()
    go("build", "-o", out / "full", ".", cwd=hello)
    layer = env.path("layer")
    (layer / "bin").mkdir(parents=True)
    strip_section_headers(out / "full", layer / "bin" / "hello")
    info = go_version_m(go, layer / "bin" / "hello")  # Go's own reader finds it too
    image = env.image(env.path("image.tar"), "docker-archive", [layer])
    document = env.sbom(f"docker-archive:{image}")
    check_binary(document, "/bin/hello", info)


def case_go_mod_of_the_project_folder(env):
    go = Go(env)
    hello = make_project(env, go)
    edit = json.loads(go("mod", "edit", "-json", cwd=hello))
    sums = {}
    for line in (hello / "go.sum").read_text().splitlines():
        module, version, digest = line.split()
        if not version.endswith("/go.mod"):
            sums[(module, version)] = digest
    document = env.sbom(f"dir:{hello}")
    found = {c["name"]: c for c in document.get("components", [])}
    expected = set()
    for require in edit["Require"]:
        replace = next((r["New"] for r in edit.get("Replace") or []
                        if r["Old"]["Path"] == require["Path"]
                        and r["Old"].get("Version", require["Version"]) == require["Version"]), None)
        used = replace or require
        path, version = used["Path"], used.get("Version", "")
        expected.add(path)
        component = found.get(path)
        check(component is not None, f"{path} missing from {sorted(found)}")
        check(component.get("version", "") == version, f"{path}: {component.get('version')}")
        check(component.get("purl") == (go_purl(path, version) if version else None),
              f"{path}: purl {component.get('purl')}")
        digest = sums.get((path, version))
        check(prop(component, "hallmark:metadata:h1Digest") == ([digest] if digest else []), path)
        check(prop(component, "hallmark:metadata:replaces") ==
              ([f"{require['Path']}@{require['Version']}"] if replace else []), path)
        check(prop(component, "hallmark:package:foundBy") == ["go-module-file-cataloger"], path)
    check(set(found) == expected, f"{sorted(found)}, expected {sorted(expected)}")
    check({"example.com/color", "example.com/greetfork", "../local"} == expected, expected)


if __name__ == "__main__":
    sys.exit(main(collect(globals())))
