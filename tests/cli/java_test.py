"""hallmark-sbom on Java archives: a real jar from Debian's libcommons-lang3-java, a Spring Boot
style fat jar built here with zipfile (nested jars found by pom.properties, by manifest and by
file name alone), and zip bombs that end in a warning while the rest of the image is cataloged.
Expected values come from the jars themselves (their pom.properties, read with zipfile) and
from hashlib, never from Hallmark."""
import glob
import hashlib
import io
import json
import os
import resource
import shutil
import sys
import zipfile

from harness import Skip, check, collect, components, main, prop, validate

DEBIAN_JAVA = "/usr/share/java"
BOMB_SIZE = 3 << 30  # declared (and real) size of the bomb's member: 3 GiB of zeros


def commons_lang3_files():
    """The jars of Debian's libcommons-lang3-java: real files and the symlinks beside them."""
    paths = sorted(glob.glob(os.path.join(DEBIAN_JAVA, "commons-lang3*.jar")))
    if not paths:
        message = "libcommons-lang3-java is not installed (make deps installs it)"
        if os.environ.get("CI") == "true":
            raise AssertionError(message)
        print("SKIPPED LOUDLY: " + message, file=sys.stderr)
        raise Skip(message)
    return paths


def commons_lang3_jar():
    """The real (versioned or not) jar the symlinks lead to, and its bytes."""
    real = os.path.realpath(commons_lang3_files()[0])
    with open(real, "rb") as f:
        return real, f.read()


def maven_purl(jar_bytes):
    """pkg:maven/GROUP/ARTIFACT@VERSION from the jar's own pom.properties."""
    with zipfile.ZipFile(io.BytesIO(jar_bytes)) as jar:
        poms = [n for n in jar.namelist()
                if n.startswith("META-INF/maven/") and n.endswith("/pom.properties")]
        check(len(poms) == 1, poms)
        fields = {}
        for line in jar.read(poms[0]).decode().splitlines():
            if line.strip() and not line.startswith("#"):
                key, _, value = line.partition("=")
                fields[key.strip()] = value.strip()
    return (f"pkg:maven/{fields['groupId']}/{fields['artifactId']}@{fields['version']}",
            fields["artifactId"], fields["version"])


def add_debian_jars(root):
    """/usr/share/java/commons-lang3*.jar as Debian lays them out: one file, one symlink."""
    java = root / "usr" / "share" / "java"
    java.mkdir(parents=True, exist_ok=True)
    for path in commons_lang3_files():
        target = java / os.path.basename(path)
        if os.path.islink(path):
            os.symlink(os.readlink(path), target)
        else:
            shutil.copyfile(path, target)


def make_jar(members):
    """A jar in memory; members are (name, bytes, stored)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as jar:
        for name, data, stored in members:
            jar.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), data,
                         compress_type=zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
    return out.getvalue()


def java_components(document):
    return {name: c for (name, _), c in components(document).items()
            if prop(c, "hallmark:package:type") in (["java-archive"], ["jenkins-plugin"])}


def sbom_with_warnings(env, image, fmt="cyclonedx-json"):
    """The validated document and what hallmark-sbom printed on stderr."""
    proc = env.run("hallmark-sbom", image, "-o", fmt)
    document = json.loads(proc.stdout)
    validate(env, document, fmt)
    return document, proc.stderr.decode()


def case_debian_commons_lang3(env):
    real, data = commons_lang3_jar()
    purl, artifact, version = maven_purl(data)
    root = env.path("debian")
    add_debian_jars(root)
    image = env.image(env.path("debian.tar"), "docker-archive", [root])

    document, stderr = sbom_with_warnings(env, image)
    check("warning" not in stderr, stderr)
    java = java_components(document)
    # One package for the file, however many symlinks name it.
    check(list(java) == [artifact], sorted(java))
    lang = java[artifact]
    check(lang["purl"] == purl, (lang["purl"], purl))
    check(lang["version"] == version, lang["version"])
    check(prop(lang, "hallmark:metadata:sha1") == [hashlib.sha1(data).hexdigest()],
          prop(lang, "hallmark:metadata:sha1"))
    check(prop(lang, "hallmark:location:0:path") == ["/usr/share/java/" + os.path.basename(real)],
          prop(lang, "hallmark:location:0:path"))
    check(prop(lang, "hallmark:package:foundBy") == ["java-archive-cataloger"], lang)

    spdx = env.sbom(image, fmt="spdx-json")
    refs = [ref["referenceLocator"] for p in spdx["packages"] for ref in p.get("externalRefs", [])
            if ref["referenceType"] == "purl"]
    check(purl in refs, refs)


def case_spring_boot_fat_jar(env):
    _, lang_bytes = commons_lang3_jar()
    lang_purl, artifact, version = maven_purl(lang_bytes)
    tool = make_jar([("META-INF/MANIFEST.MF",
                      b"Manifest-Version: 1.0\r\nImplementation-Title: Tooling Kit\r\n"
                      b"Implementation-Version: 2.5.1\r\nImplementation-Vendor-Id: org.example\r\n"
                      b"Bundle-License: Apache-2.0\r\n\r\n", False),
                     ("org/example/tool/Tool.class", b"\xca\xfe\xba\xbe", False)])
    plain = make_jar([("org/plain/Lib.class", b"\xca\xfe\xba\xbe", False)])
    lang_member = f"BOOT-INF/lib/{artifact}-{version}.jar"
    fat = make_jar([
        ("META-INF/MANIFEST.MF",
         b"Manifest-Version: 1.0\r\nMain-Class: org.springframework.boot.loader.JarLauncher\r\n"
         b"Start-Class: org.example.demo.DemoApplication\r\nImplementation-Title: demo\r\n"
         b"Implementation-Version: 0.0.1-SNAPSHOT\r\n\r\n", False),
        ("BOOT-INF/classes/org/example/demo/DemoApplication.class", b"\xca\xfe\xba\xbe", False),
        # Spring Boot stores nested jars uncompressed; the one by manifest is deflated here.
        (lang_member, lang_bytes, True),
        ("BOOT-INF/lib/tool.jar", tool, False),
        ("BOOT-INF/lib/plain-lib-0.9.1.jar", plain, True),
    ])
    root = env.path("fat")
    (root / "app").mkdir(parents=True)
    (root / "app" / "demo-app.jar").write_bytes(fat)
    image = env.image(env.path("fat.tar"), "docker-archive", [root])

    document, stderr = sbom_with_warnings(env, image)
    check("warning" not in stderr, stderr)
    java = java_components(document)
    check(set(java) == {"demo-app", artifact, "tool", "plain-lib"}, sorted(java))
    expected = {
        # name: (version, purl, location, sha1 of the archive's bytes)
        "demo-app": ("0.0.1-SNAPSHOT", "pkg:maven/demo-app/demo-app@0.0.1-SNAPSHOT",
                     "/app/demo-app.jar", fat),
        artifact: (version, lang_purl, "/app/demo-app.jar:" + lang_member, lang_bytes),
        "tool": ("2.5.1", "pkg:maven/org.example/tool@2.5.1",
                 "/app/demo-app.jar:BOOT-INF/lib/tool.jar", tool),
        "plain-lib": ("0.9.1", "pkg:maven/plain-lib/plain-lib@0.9.1",
                      "/app/demo-app.jar:BOOT-INF/lib/plain-lib-0.9.1.jar", plain),
    }
    for name, (want_version, purl, location, data) in expected.items():
        component = java[name]
        check(component.get("version") == want_version, (name, component.get("version")))
        check(component.get("purl") == purl, (name, component.get("purl")))
        check(prop(component, "hallmark:location:0:path") == [location],
              (name, prop(component, "hallmark:location:0:path")))
        check(prop(component, "hallmark:metadata:sha1") == [hashlib.sha1(data).hexdigest()],
              (name, prop(component, "hallmark:metadata:sha1")))
    check(java["tool"].get("licenses") == [{"license": {"id": "Apache-2.0"}}],
          java["tool"].get("licenses"))

    # The fat jar contains each nested jar: the dependency graph and the owned-by property.
    app = java["demo-app"]["bom-ref"]
    nested = {java[name]["bom-ref"] for name in (artifact, "tool", "plain-lib")}
    graph = {d["ref"]: set(d["dependsOn"]) for d in document["dependencies"]}
    check(graph[app] == nested, graph[app])
    for name in (artifact, "tool", "plain-lib"):
        check(prop(java[name], "hallmark:owned-by") == [app], (name, java[name]))
        check(graph[java[name]["bom-ref"]] == set(), graph[java[name]["bom-ref"]])

    spdx = env.sbom(image, fmt="spdx-json")
    ids = {p["name"]: p["SPDXID"] for p in spdx["packages"]}
    contains = {(r["spdxElementId"], r["relatedSpdxElement"]) for r in spdx["relationships"]
                if r["relationshipType"] == "CONTAINS"}
    for name in (artifact, "tool", "plain-lib"):
        check((ids["demo-app"], ids[name]) in contains, (name, sorted(contains)))


def deep_jar(levels):
    """level1.jar holding level2.jar holding ... each named by its file name."""
    jar = make_jar([("README", b"innermost", False)])
    for level in range(levels, 1, -1):
        jar = make_jar([(f"lib/level{level}-1.0.jar", jar, True)])
    return jar


def case_zip_bomb(env):
    root = env.path("bombs")
    add_debian_jars(root)
    app = root / "app"
    app.mkdir(parents=True)
    # A member of several GiB declared size that deflates to a few MiB, inside a nested jar
    # position (BOOT-INF/lib) so that the cataloger would want to read it.
    bomb = app / "bomb-1.0.jar"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as jar:
        jar.writestr("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\n\r\n")
        info = zipfile.ZipInfo("BOOT-INF/lib/huge.jar", (2024, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        with jar.open(info, "w", force_zip64=True) as member:
            block = bytes(16 << 20)
            for _ in range(BOMB_SIZE // len(block)):
                member.write(block)
        jar.writestr("BOOT-INF/lib/small-2.0.jar", make_jar([("x", b"y", False)]))
    check(bomb.stat().st_size < 16 << 20, bomb.stat().st_size)
    # Archives nested deeper than the cataloger goes.
    (app / "level1-1.0.jar").write_bytes(deep_jar(6))
    image = env.image(env.path("bombs.tar"), "docker-archive", [root])

    document, stderr = sbom_with_warnings(env, image)
    check(f"/app/bomb-1.0.jar: BOOT-INF/lib/huge.jar: expands to {BOMB_SIZE} bytes, more than "
          "512 MiB" in stderr, stderr)
    check("/app/level1-1.0.jar: lib/level2-1.0.jar:lib/level3-1.0.jar:lib/level4-1.0.jar:"
          "lib/level5-1.0.jar:lib/level6-1.0.jar: nested more than 4 archives deep" in stderr,
          stderr)
    # Everything else is still cataloged: the Debian jar, the bomb itself and its other member,
    # and the nested jars down to the depth limit.
    java = java_components(document)
    _, artifact, _ = maven_purl(commons_lang3_jar()[1])
    check(set(java) == {artifact, "bomb", "small", "level1", "level2", "level3", "level4",
                        "level5"}, sorted(java))
    check(prop(java["small"], "hallmark:location:0:path") ==
          ["/app/bomb-1.0.jar:BOOT-INF/lib/small-2.0.jar"], java["small"])
    # The bomb was never inflated: hallmark-sbom stayed far below its 3 GiB.
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    check(peak_kib < 256 * 1024, f"peak RSS of the tools run: {peak_kib} KiB")


if __name__ == "__main__":
    sys.exit(main(collect(globals())))
