"""hallmark-sbom on installed npm packages: a node_modules tree written here with real package.json
contents (a scoped package, a nested node_modules, a license object, a legacy "licenses" array,
and one malformed package.json), in a two-layer image whose second layer deletes a package by
whiteout; then the same tree as a project folder with its package-lock.json."""
import json
import sys

from harness import check, collect, main, prop

MODULES = "app/node_modules"

LAYER_ONE = {
    "app/package.json": {
        "name": "demo-app", "version": "1.0.0", "private": True,
        "dependencies": {"debug": "^2.6.9", "ms": "^2.1.3", "left-pad": "^1.3.0",
                         "json-schema": "0.2.3", "pkginfo": "^0.4.1", "@types/node": "^20.11.5"},
        "devDependencies": {"tap": "^16.3.0"},
    },
    f"{MODULES}/debug/package.json": {
        "name": "debug", "version": "2.6.9", "description": "small debugging utility",
        "repository": {"type": "git", "url": "git://github.com/visionmedia/debug.git"},
        "author": "TJ Holowaychuk <tj@vision-media.ca>", "license": "MIT", "main": "./src/index.js",
        "dependencies": {"ms": "2.0.0"},
        "devDependencies": {"browserify": "9.0.3", "mocha": "^3.2.0"},
    },
    f"{MODULES}/debug/node_modules/ms/package.json": {
        "name": "ms", "version": "2.0.0", "description": "Tiny milisecond conversion utility",
        "repository": "zeit/ms", "main": "./index", "license": "MIT",
        "devDependencies": {"eslint": "3.19.0", "mocha": "3.4.1"},
    },
    f"{MODULES}/ms/package.json": {
        "name": "ms", "version": "2.1.3", "description": "Tiny millisecond conversion utility",
        "repository": "vercel/ms", "main": "./index", "license": "MIT",
        "devDependencies": {"eslint": "4.18.2", "mocha": "4.0.1"},
    },
    f"{MODULES}/left-pad/package.json": {
        "name": "left-pad", "version": "1.3.0", "description": "String left pad",
        "main": "index.js", "license": "WTFPL",
        "repository": {"url": "git@github.com:stevemao/left-pad.git", "type": "git"},
    },
    f"{MODULES}/json-schema/package.json": {
        "name": "json-schema", "version": "0.2.3",
        "author": "Kris Zyp",
        "description": "JSON Schema validation and specifications",
        "licenses": [
            {"type": "AFLv2.1",
             "url": "http://trac.dojotoolkit.org/browser/dojo/trunk/LICENSE#L43"},
            {"type": "BSD", "url": "http://trac.dojotoolkit.org/browser/dojo/trunk/LICENSE#L13"},
        ],
        "repository": {"type": "git", "url": "http://github.com/kriszyp/json-schema"},
        "directories": {"lib": "./lib"}, "main": "./lib/validate.js",
    },
    f"{MODULES}/pkginfo/package.json": {
        "name": "pkginfo", "version": "0.4.1",
        "description": "An easy way to expose properties on a module from a package.json",
        "author": {"name": "Charlie Robbins", "email": "charlie.robbins@gmail.com"},
        "license": {"type": "MIT",
                    "url": "https://github.com/indexzero/node-pkginfo/blob/master/LICENSE"},
        "repository": {"type": "git", "url": "http://github.com/indexzero/node-pkginfo.git"},
        "main": "./lib/pkginfo.js",
    },
    f"{MODULES}/@types/node/package.json": {
        "name": "@types/node", "version": "20.11.5",
        "description": "TypeScript definitions for node",
        "homepage": "https://github.com/DefinitelyTyped/DefinitelyTyped/tree/master/types/node",
        "license": "MIT",
        "repository": {"type": "git",
                       "url": "https://github.com/DefinitelyTyped/DefinitelyTyped.git",
                       "directory": "types/node"},
        "dependencies": {"undici-types": "~5.26.4"},
    },
    f"{MODULES}/undici-types/package.json": {
        "name": "undici-types", "version": "5.26.5",
        "description": "A stand-alone types package for Undici",
        "homepage": "https://undici.nodejs.org", "license": "MIT", "types": "index.d.ts",
    },
}
BROKEN = f"{MODULES}/broken/package.json"
LAYER_TWO = {
    f"{MODULES}/uuid/package.json": {
        "name": "uuid", "version": "9.0.1", "description": "RFC4122 (v1, v4, and v5) UUIDs",
        "license": "MIT",
        "repository": {"type": "git", "url": "https://github.com/uuidjs/uuid.git"},
        "funding": ["https://github.com/sponsors/broofa", "https://github.com/sponsors/ctavan"],
    },
}

INSTALLED = {("debug", "2.6.9"), ("ms", "2.0.0"), ("ms", "2.1.3"), ("json-schema", "0.2.3"),
             ("pkginfo", "0.4.1"), ("@types/node", "20.11.5"), ("undici-types", "5.26.5")}

LOCK = {
    "name": "demo-app", "version": "1.0.0", "lockfileVersion": 3, "requires": True,
    "packages": {
        "": LAYER_ONE["app/package.json"],
        "node_modules/debug": {
            "version": "2.6.9", "license": "MIT", "dependencies": {"ms": "2.0.0"},
            "resolved": "https://registry.npmjs.org/debug/-/debug-2.6.9.tgz",
            "integrity": "sha512-bC7ElrdJaJnPbAP+1EotYvqZsb3ecl5wi6Bfi6BJTUcNowp6cvspg0jXznRTKDjm"
                         "/E7AdgFBVeAPVMNcKGsHMA=="},
        "node_modules/debug/node_modules/ms": {"version": "2.0.0", "license": "MIT"},
        "node_modules/ms": {"version": "2.1.3", "license": "MIT"},
        "node_modules/left-pad": {"version": "1.3.0", "license": "WTFPL"},
        "node_modules/json-schema": {"version": "0.2.3"},
        "node_modules/pkginfo": {"version": "0.4.1", "license": "MIT"},
        "node_modules/@types/node": {"version": "20.11.5", "license": "MIT",
                                     "dependencies": {"undici-types": "~5.26.4"}},
        "node_modules/undici-types": {"version": "5.26.5", "license": "MIT"},
        "node_modules/tap": {"version": "16.3.0", "dev": True, "license": "ISC",
                             "dependencies": {"nyc": "^15.1.0"}},
        "node_modules/nyc": {"version": "15.1.0", "dev": True, "license": "ISC"},
    },
}


def write_tree(root, files):
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(content, indent=2) + "\n")
    return root


def layer_one(env):
    root = write_tree(env.path("layer-one"), LAYER_ONE)
    (root / BROKEN).parent.mkdir(parents=True)
    (root / BROKEN).write_text('{\n  "name": "broken",\n  "version": "1.0.0",\n'
                               '  "dependencies": {\n')
    return root


def npm_components(document, found_by):
    """(name, version) -> component, of the components one cataloger found."""
    found = {}
    for component in document.get("components", []):
        if prop(component, "hallmark:package:foundBy") == [found_by]:
            key = (component["name"], component.get("version", ""))
            check(key not in found, f"{key} reported twice by {found_by}")
            found[key] = component
    return found


def dependency_graph(document):
    names = {c["bom-ref"]: (c["name"], c.get("version", "")) for c in document["components"]}
    return {names[d["ref"]]: sorted(names[t] for t in d["dependsOn"])
            for d in document["dependencies"] if d["ref"] in names and d["dependsOn"]}


def license_ids(component):
    return [entry["license"].get("id") or entry["license"].get("name")
            for entry in component.get("licenses", [])]


def evidence_licenses(component):
    return [entry["license"]["name"] for entry in component.get("evidence", {}).get("licenses", [])]


def case_two_layer_image(env):
    upper = write_tree(env.path("layer-two"), LAYER_TWO)
    (upper / MODULES / ".wh.left-pad").write_text("")
    image = env.image(env.path("npm.tar"), "docker-archive", [layer_one(env), upper])

    proc = env.run("hallmark-sbom", image, "-o", "cyclonedx-json")
    stderr = proc.stderr.decode()
    check(f"/{BROKEN}: not valid JSON" in stderr and "skipped" in stderr,
          f"the malformed package.json is a warning naming it: {stderr!r}")
    document = json.loads(proc.stdout)
    env.sbom(image, fmt="spdx-json")  # validates against SPDX 2.3 too

    found = npm_components(document, "javascript-package-cataloger")
    check(set(found) == INSTALLED | {("uuid", "9.0.1")}, f"packages: {sorted(found)}")
    check(not any(c["name"] in ("left-pad", "broken") for c in document["components"]),
          "the whiteout deleted left-pad; the malformed package.json is no package")

    check(found[("@types/node", "20.11.5")]["purl"] == "pkg:npm/%40types/node@20.11.5",
          found[("@types/node", "20.11.5")]["purl"])
    check(found[("ms", "2.0.0")]["purl"] == "pkg:npm/ms@2.0.0", found[("ms", "2.0.0")]["purl"])
    check(all(prop(c, "hallmark:package:type") == ["npm"] for c in found.values()), "type npm")

    check(license_ids(found[("ms", "2.1.3")]) == ["MIT"], license_ids(found[("ms", "2.1.3")]))
    pkginfo = found[("pkginfo", "0.4.1")]
    check(license_ids(pkginfo) == ["MIT"] and evidence_licenses(pkginfo) == ["MIT"],
          f"license object: {pkginfo.get('licenses')}")
    schema = found[("json-schema", "0.2.3")]
    check(evidence_licenses(schema) == ["AFLv2.1", "BSD"],
          f"legacy licenses: {schema.get('evidence')}")

    debug = found[("debug", "2.6.9")]
    check(prop(debug, "hallmark:metadata:author") == ["TJ Holowaychuk <tj@vision-media.ca>"],
          prop(debug, "hallmark:metadata:author"))
    check(prop(debug, "hallmark:metadata:repository") == ["git://github.com/visionmedia/debug.git"],
          prop(debug, "hallmark:metadata:repository"))
    check(prop(pkginfo, "hallmark:metadata:author")
          == ["Charlie Robbins <charlie.robbins@gmail.com>"],
          prop(pkginfo, "hallmark:metadata:author"))

    layers = prop(document["metadata"]["component"], "hallmark:image:layer:0") + \
        prop(document["metadata"]["component"], "hallmark:image:layer:1")
    check(len(layers) == 2, f"layers: {layers}")
    nested = found[("ms", "2.0.0")]
    check(prop(nested, "hallmark:location:0:path")
          == [f"/{MODULES}/debug/node_modules/ms/package.json"],
          prop(nested, "hallmark:location:0:path"))
    for key, component in found.items():
        want = layers[1] if key == ("uuid", "9.0.1") else layers[0]
        check(prop(component, "hallmark:location:0:layerID") == [want],
              f"{key}: layer {prop(component, 'hallmark:location:0:layerID')}, expected {want}")

    # Node's resolution: debug loads its own nested ms 2.0.0, not the top-level 2.1.3.
    graph = dependency_graph(document)
    check(graph == {("debug", "2.6.9"): [("ms", "2.0.0")],
                    ("@types/node", "20.11.5"): [("undici-types", "5.26.5")]}, graph)

    # Every layer's packages: left-pad was installed by the first layer.
    all_layers = env.sbom(image, "--scope", "all-layers")
    left_pad = npm_components(all_layers, "javascript-package-cataloger").get(("left-pad", "1.3.0"))
    check(left_pad is not None and prop(left_pad, "hallmark:location:0:layerID") == [layers[0]],
          "all-layers scope keeps the deleted left-pad with its layer")


def case_project_folder_with_lock(env):
    root = layer_one(env)
    (root / "app" / "package-lock.json").write_text(json.dumps(LOCK, indent=2) + "\n")

    proc = env.run("hallmark-sbom", f"dir:{root}", "-o", "cyclonedx-json")
    check(f"/{BROKEN}: not valid JSON" in proc.stderr.decode(), proc.stderr)
    document = json.loads(proc.stdout)
    env.sbom(f"dir:{root}")  # validates the document

    installed = npm_components(document, "javascript-package-cataloger")
    check(set(installed) == INSTALLED | {("left-pad", "1.3.0")}, f"installed: {sorted(installed)}")
    locked = npm_components(document, "javascript-lock-cataloger")
    production = INSTALLED | {("left-pad", "1.3.0"), ("demo-app", "1.0.0")}
    check(set(locked) == production, f"locked without dev: {sorted(locked)}")
    for key, component in locked.items():
        check(prop(component, "hallmark:location:0:path") == ["/app/package-lock.json"]
              and not prop(component, "hallmark:location:0:layerID"), f"{key}: evidence")
    check(license_ids(locked[("left-pad", "1.3.0")]) == ["WTFPL"], locked[("left-pad", "1.3.0")])
    check(prop(locked[("debug", "2.6.9")], "hallmark:metadata:resolved")
          == ["https://registry.npmjs.org/debug/-/debug-2.6.9.tgz"], "resolved URL kept")

    graph = dependency_graph(document)
    check(graph[("debug", "2.6.9")] == [("ms", "2.0.0")], graph)  # both catalogers agree
    direct = production - {("demo-app", "1.0.0"), ("ms", "2.0.0"), ("undici-types", "5.26.5")}
    check(graph[("demo-app", "1.0.0")] == sorted(direct), graph[("demo-app", "1.0.0")])

    with_dev = env.sbom(f"dir:{root}", "--include-dev")
    locked = npm_components(with_dev, "javascript-lock-cataloger")
    check(set(locked) == production | {("tap", "16.3.0"), ("nyc", "15.1.0")},
          f"locked with dev: {sorted(locked)}")
    graph = dependency_graph(with_dev)
    check(graph[("tap", "16.3.0")] == [("nyc", "15.1.0")], graph)
    check(("tap", "16.3.0") in graph[("demo-app", "1.0.0")], graph[("demo-app", "1.0.0")])

    # Lock files are the project's, not an image's: an image of the same tree has no lock
    # packages.
    image = env.image(env.path("with-lock.tar"), "docker-archive", [root])
    check(not npm_components(env.sbom(image), "javascript-lock-cataloger"),
          "lock files are not read in images")


if __name__ == "__main__":
    sys.exit(main(collect(globals())))
