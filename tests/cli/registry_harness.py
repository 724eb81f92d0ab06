"""Starts Debian's docker-registry (the CNCF distribution server) for the registry tests: on
127.0.0.1, on a free port, with a temporary config and storage folder. Plain HTTP, or TLS with a
CA and server certificate made here with openssl, and either htpasswd basic auth or bearer
tokens from a token service run here (as Docker Hub's: anonymous tokens pull, the user's push).
Stopped when the `with` block ends."""
import base64
import http.server
import json
import os
import pathlib
import socket
import ssl
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request

from harness import DATA, Skip

BINARY = "/usr/bin/docker-registry"
USER = "hallmark"
PASSWORD = "s3cret-Pa55word-for-tests"


def require(name):
    """The program at `name`; missing, it fails under CI and skips loudly elsewhere."""
    if os.path.exists(name):
        return name
    message = f"{name} is missing (Debian's docker-registry, skopeo, apache2-utils: make deps)"
    if os.environ.get("CI") == "true":
        raise AssertionError(message)
    print("SKIPPED LOUDLY: " + message, file=sys.stderr)
    raise Skip(message)


def no_docker_config(env):
    """An empty DOCKER_CONFIG, so that the machine's own ~/.docker plays no part."""
    folder = env.path("no-docker-config")
    folder.mkdir(exist_ok=True)
    return {"DOCKER_CONFIG": str(folder)}


def flags_of(registry):
    """The flags that reach `registry`: its CA for TLS, plain HTTP otherwise."""
    return ["--ca-file", registry.ca] if registry.tls else ["--insecure-registry", registry.host]


def push_archive(env, registry, repository, archive, fmt="v2s2"):
    """Copies a docker-archive into the registry with skopeo, as a pipeline's push would;
    skopeo compresses the layers, so the registry holds other blobs than the archive."""
    skopeo = require("/usr/bin/skopeo")
    destination = ["--dest-tls-verify=false"]
    if registry.tls:
        destination = ["--dest-cert-dir", str(env.path("skopeo-certs")),
                       "--dest-creds", f"{USER}:{PASSWORD}"]
        certs = env.path("skopeo-certs")
        certs.mkdir(exist_ok=True)
        (certs / "ca.crt").write_text(open(registry.ca).read())
    subprocess.run([skopeo, "--insecure-policy", "copy", "--format", fmt, *destination,
                    f"docker-archive:{archive}", f"docker://{registry.host}/{repository}"],
                   capture_output=True, check=True)
    return f"{registry.host}/{repository}"


# --- images in a registry, signed with hallmark-sign: fixtures of the image tests -------------

PASS = {"HALLMARK_PASSWORD": "correct horse"}
BASE = [DATA / "images" / "debian" / "base"]
APP = [DATA / "images" / "debian" / "base", DATA / "images" / "debian" / "app"]
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"


def keygen(env, name):
    """NAME.key (passphrase PASS) and NAME.pub, by hallmark-sign."""
    env.run("hallmark-sign", "keygen", "--output-key-prefix", env.path(name), env=PASS)
    return env.path(name + ".key"), env.path(name + ".pub")


def push(env, registry, repository, layers, name):
    """An image of `layers` pushed to REPOSITORY:TAG by skopeo; its reference."""
    archive = env.image(env.path(name + ".tar"), "docker-archive", layers,
                        name="demo.example/hallmark/" + name + ":1.0")
    return push_archive(env, registry, repository, archive)


def run_env(env):
    return {**no_docker_config(env), **PASS}


def registry_api(registry, path, accept=OCI_MANIFEST, method="GET", body=None, content_type=None):
    """The distribution API of a plain registry, as the tests read what was stored."""
    request = urllib.request.Request(f"http://{registry.host}/v2/{path}", method=method,
                                     data=body, headers={"Accept": accept})
    if content_type:
        request.add_header("Content-Type", content_type)
    with urllib.request.urlopen(request, timeout=30) as answer:
        return answer.read(), answer.headers


def digest_of(registry, repository, tag):
    """The manifest digest `tag` names now."""
    _, headers = registry_api(registry, f"{repository}/manifests/{tag}",
                      accept="application/vnd.docker.distribution.manifest.v2+json")
    return headers["Docker-Content-Digest"]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def make_certificates(folder):
    """A CA, and a server certificate it signs for 127.0.0.1 and localhost."""
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Hallmark test CA",
            "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign", cwd=folder)
    openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1", cwd=folder)
    (folder / "server.ext").write_text(
        "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
        "extendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n")
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
            "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "server.ext",
            cwd=folder)


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class TokenService:
    """The token service of the distribution spec: GET /token?service=S&scope=S... answers a
    JWT (RS256, its signing certificate in x5c) granting pull to anyone and pull+push to USER
    with PASSWORD; a wrong password is 401. `requests` records (user, scopes) per request."""

    SERVICE = "hallmark-test-registry"
    ISSUER = "hallmark-test-token-service"

    def __init__(self, folder):
        self.folder = folder
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "token.key",
                "-out", "token.pem", "-days", "2", "-subj", "/CN=Hallmark test token signer",
                cwd=folder)
        der = subprocess.run(["openssl", "x509", "-in", "token.pem", "-outform", "DER"],
                             cwd=folder, check=True, capture_output=True).stdout
        self.header = b64url(json.dumps({"typ": "JWT", "alg": "RS256",
                                         "x5c": [base64.b64encode(der).decode()]}).encode())
        self.requests = []
        service = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                service.answer(self)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(folder / "server.pem", folder / "server.key")
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.realm = f"https://127.0.0.1:{self.server.server_address[1]}/token"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def answer(self, request):
        query = urllib.parse.parse_qs(urllib.parse.urlparse(request.path).query)
        user = None
        authorization = request.headers.get("Authorization", "")
        if authorization.startswith("Basic "):
            name, _, password = base64.b64decode(authorization[6:]).decode().partition(":")
            if (name, password) != (USER, PASSWORD):
                self.reply(request, 401, {"details": "wrong username or password"})
                return
            user = name
        scopes = query.get("scope", [])
        self.requests.append((user, scopes))
        access = []
        for scope in scopes:
            kind, name, actions = scope.split(":")
            allowed = {"pull", "push"} if user else {"pull"}
            access.append({"type": kind, "name": name,
                           "actions": sorted(set(actions.split(",")) & allowed)})
        now = int(time.time())
        claims = {"iss": self.ISSUER, "sub": user or "", "aud": query.get("service", [""])[0],
                  "exp": now + 300, "nbf": now - 10, "iat": now, "jti": os.urandom(8).hex(),
                  "access": access}
        signing_input = self.header + "." + b64url(json.dumps(claims).encode())
        signature = subprocess.run(["openssl", "dgst", "-sha256", "-sign", "token.key"],
                                   cwd=self.folder, input=signing_input.encode(),
                                   capture_output=True, check=True).stdout
        token = signing_input + "." + b64url(signature)
        self.reply(request, 200, {"token": token, "expires_in": 300})

    @staticmethod
    def reply(request, status, document):
        body = json.dumps(document).encode()
        request.send_response(status)
        request.send_header("Content-Type", "application/json")
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)


class Registry:
    """One docker-registry server. `host` is its HOST:PORT, `ca` the CA file of a TLS one.
    `auth` is "htpasswd" or "token" (then `tokens` is its TokenService); TLS only. With
    `access_log`, `log` has a line for every request (`requests()` counts them)."""

    def __init__(self, env, name, tls=False, auth="htpasswd", access_log=False):
        require(BINARY)
        self.folder = pathlib.Path(env.tmp) / name
        self.storage = self.folder / "storage"
        self.storage.mkdir(parents=True)
        self.tls = tls
        self.port = free_port()
        self.host = f"127.0.0.1:{self.port}"
        self.ca = None
        self.tokens = None
        self.process = None
        self.log = self.folder / "registry.log"
        config = [
            "version: 0.1",
            "log:",
            "  level: warn",
            "  accesslog:",
            f"    disabled: {'false' if access_log else 'true'}",
            "storage:",
            "  filesystem:",
            f"    rootdirectory: {self.storage}",
            "  delete:",
            "    enabled: true",
            "http:",
            f"  addr: {self.host}",
        ]
        if tls:
            make_certificates(self.folder)
            self.ca = str(self.folder / "ca.pem")
            config += [
                "  tls:",
                f"    certificate: {self.folder / 'server.pem'}",
                f"    key: {self.folder / 'server.key'}",
                "auth:",
            ]
            if auth == "token":
                self.tokens = TokenService(self.folder)
                config += [
                    "  token:",
                    f"    realm: {self.tokens.realm}",
                    f"    service: {TokenService.SERVICE}",
                    f"    issuer: {TokenService.ISSUER}",
                    f"    rootcertbundle: {self.folder / 'token.pem'}",
                ]
            else:
                # The password goes to htpasswd on stdin, never on a command line.
                proc = subprocess.run([require("/usr/bin/htpasswd"), "-B", "-i", "-n", USER],
                                      input=PASSWORD.encode(), capture_output=True, check=True)
                (self.folder / "htpasswd").write_bytes(proc.stdout)
                config += [
                    "  htpasswd:",
                    "    realm: hallmark-test",
                    f"    path: {self.folder / 'htpasswd'}",
                ]
        self.config = self.folder / "config.yml"
        self.config.write_text("\n".join(config) + "\n")

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()
        if self.tokens:
            self.tokens.stop()

    def start(self):
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen([BINARY, "serve", str(self.config)], stdout=log,
                                            stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"docker-registry exited with {self.process.returncode}:\n"
                                     + self.log.read_text()[-2000:])
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise AssertionError("docker-registry did not start listening within 15 s")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def requests(self, line):
        """How many requests the access log shows whose request line starts with `line`
        ("HEAD /v2/team/app/manifests/1.0")."""
        return self.log.read_text().count(f'"{line} HTTP/')

    def blob_file(self, digest):
        """Where the registry's filesystem driver keeps a blob's bytes."""
        hex_digest = digest.split(":", 1)[1]
        return (self.storage / "docker" / "registry" / "v2" / "blobs" / "sha256" /
                hex_digest[:2] / hex_digest / "data")
