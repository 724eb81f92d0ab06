"""hallmark-verify serve as Kubernetes calls it: over HTTPS (a test CA and server certificate made
with openssl) on 127.0.0.1, AdmissionReview v1 documents as the API server sends them posted
with curl, against Debian's docker-registry holding images signed and attested with
hallmark-sign. Allowed and denied with the right reasons, warnings in warn mode, one decision
log line per image verdict, 400 for malformed reviews, fail-closed when the registry is down,
a graceful stop on SIGTERM, certificates rotated without a restart, and 2,000 reviews from 16
concurrent clients."""
import http.client
import json
import os
import pathlib
import re
import signal
import socket
import ssl
import subprocess
import threading
import time
import uuid

from harness import check, collect, main
from registry_harness import (APP, BASE, Registry, digest_of, flags_of, keygen, make_certificates,
                              push, require, run_env)

SLSA = "https://slsa.dev/provenance/v1"


def write_policy(env, registry, public):
    """Team images need the release key's signature and SLSA provenance; staging images are
    only warned about; optional images are let through when the registry cannot be reached."""
    signed = {"anyOf": [{"key": "release"}]}
    policy = {
        "apiVersion": "hallmark.dev/v1", "kind": "Policy", "defaultAction": "deny",
        "keys": {"release": str(public)},
        "rules": [
            {"name": "team", "images": [f"{registry.host}/team/**"], "signatures": signed,
             "attestations": [{"predicateType": SLSA, "signedBy": {"key": "release"}}]},
            {"name": "staging", "images": [f"{registry.host}/staging/**"], "mode": "warn",
             "signatures": signed},
            {"name": "optional", "images": [f"{registry.host}/optional/**"],
             "failurePolicy": "ignore", "signatures": signed},
        ],
    }
    path = env.path("policy.json")
    path.write_text(json.dumps(policy, indent=2))
    return path


def sign_and_attest(env, registry, key, ref):
    env.run("hallmark-sign", "image", "--key", key, *flags_of(registry), ref, env=run_env(env))
    predicate = env.path("provenance.json")
    predicate.write_text(json.dumps({"buildDefinition": {"buildType": "https://example.com/b"},
                                     "runDetails": {"builder": {"id": "https://ci.example"}}}))
    env.run("hallmark-sign", "attest", "--key", key, "--predicate", predicate, "--type",
            "slsaprovenance1", *flags_of(registry), "--image", ref, env=run_env(env))


class Images:
    """The images the cases admit: `good` signed and attested, `signed_only` signed without
    provenance, `unsigned`, and `staging` (unsigned, under the warn rule)."""

    def __init__(self, env, registry, key):
        self.good = push(env, registry, "team/app:1.0", APP, "app")
        self.good_digest = digest_of(registry, "team/app", "1.0")
        self.signed_only = push(env, registry, "team/base:1.0", BASE, "base")
        self.unsigned = push(env, registry, "team/app:base", BASE, "base")
        self.unsigned_digest = digest_of(registry, "team/app", "base")
        self.staging = push(env, registry, "staging/app:1.0", BASE, "base")
        sign_and_attest(env, registry, key, self.good)
        env.run("hallmark-sign", "image", "--key", key, *flags_of(registry), self.signed_only,
                env=run_env(env))


class Webhook:
    """hallmark-verify serve on 127.0.0.1 (a free port it picks and prints), with a test
    certificate; stopped with SIGTERM, which must end it with exit 0."""

    def __init__(self, env, registry, policy, *extra):
        self.env = env
        self.folder = pathlib.Path(env.tmp) / f"webhook-{uuid.uuid4().hex[:8]}"
        self.folder.mkdir()
        make_certificates(self.folder)
        self.ca = self.folder / "ca.pem"
        self.decision_log = self.folder / "decisions.jsonl"
        self.log = self.folder / "serve.log"
        self.args = ["serve", "--policy", policy, "--listen", "127.0.0.1:0",
                     "--tls-cert", self.folder / "server.pem",
                     "--tls-key", self.folder / "server.key",
                     "--decision-log", self.decision_log, *flags_of(registry), *extra]
        self.process = None
        self.port = None

    def __enter__(self):
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                [self.env.tool("hallmark-verify"), *map(str, self.args)], stderr=log,
                env={**os.environ, **run_env(self.env)})
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            found = re.search(r"serving https://127\.0\.0\.1:(\d+)", self.log.read_text())
            if found:
                self.port = int(found.group(1))
                return self
            if self.process.poll() is not None:
                raise AssertionError(f"serve exited with {self.process.returncode}: "
                                     + self.log.read_text())
            time.sleep(0.02)
        raise AssertionError("serve did not start within 15 s: " + self.log.read_text())

    def __exit__(self, *exc):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def stop(self):
        """SIGTERM: the server answers what it has and exits 0."""
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=15)
        check(code == 0, f"serve exited with {code} on SIGTERM: " + self.log.read_text())
        check("stopped" in self.log.read_text(), self.log.read_text())

    def curl(self, path, body=None):
        """(HTTP status, body) of a request sent with curl."""
        command = [require("/usr/bin/curl"), "-sS", "--cacert", str(self.ca), "-o", "-",
                   "-w", "\n%{http_code}", f"https://127.0.0.1:{self.port}{path}"]
        if body is not None:
            file = self.folder / f"body-{uuid.uuid4().hex[:8]}.json"
            file.write_bytes(body if isinstance(body, bytes) else json.dumps(body).encode())
            command += ["-H", "Content-Type: application/json", "--data-binary", f"@{file}"]
        out = subprocess.run(command, capture_output=True, check=True, timeout=60).stdout
        text, _, status = out.decode().rpartition("\n")
        return int(status), text

    def review(self, document):
        """The AdmissionReview response's `response`, checked to echo the request's uid."""
        status, text = self.curl("/validate", document)
        check(status == 200, f"{status}: {text}")
        answer = json.loads(text)
        check(answer["apiVersion"] == "admission.k8s.io/v1" and
              answer["kind"] == "AdmissionReview", answer)
        check(answer["response"]["uid"] == document["request"]["uid"], answer)
        return answer["response"]

    def decisions(self):
        return [json.loads(line) for line in self.decision_log.read_text().splitlines()]


def admission_review(kind, group, resource, obj, name="demo"):
    """An AdmissionReview v1 request as the API server sends it for a CREATE."""
    version = "v1"
    return {
        "apiVersion": "admission.k8s.io/v1",
        "kind": "AdmissionReview",
        "request": {
            "uid": str(uuid.uuid4()),
            "kind": {"group": group, "version": version, "kind": kind},
            "resource": {"group": group, "version": version, "resource": resource},
            "requestKind": {"group": group, "version": version, "kind": kind},
            "requestResource": {"group": group, "version": version, "resource": resource},
            "name": name,
            "namespace": "default",
            "operation": "CREATE",
            "userInfo": {"username": "kubernetes-admin", "groups": ["system:masters",
                                                                     "system:authenticated"]},
            "object": {"apiVersion": f"{group}/{version}" if group else version, "kind": kind,
                       "metadata": {"name": name, "namespace": "default"}, **obj},
            "oldObject": None,
            "dryRun": False,
            "options": {"apiVersion": "meta.k8s.io/v1", "kind": "CreateOptions"},
        },
    }


def container(name, image):
    return {"name": name, "image": image, "imagePullPolicy": "IfNotPresent",
            "resources": {}, "terminationMessagePath": "/dev/termination-log"}


def pod(*images):
    spec = {"containers": [container(f"c{i}", image) for i, image in enumerate(images)],
            "restartPolicy": "Always", "dnsPolicy": "ClusterFirst"}
    return admission_review("Pod", "", "pods", {"spec": spec})


def template(containers, init_containers=()):
    spec = {"containers": [container(f"c{i}", image) for i, image in enumerate(containers)]}
    if init_containers:
        spec["initContainers"] = [container(f"init{i}", image)
                                  for i, image in enumerate(init_containers)]
    return {"metadata": {"labels": {"app": "demo"}}, "spec": spec}


def deployment(containers, init_containers=()):
    return admission_review("Deployment", "apps", "deployments", {"spec": {
        "replicas": 3, "selector": {"matchLabels": {"app": "demo"}},
        "template": template(containers, init_containers)}})


def cronjob(*images):
    job = template(images)
    job["spec"]["restartPolicy"] = "OnFailure"
    return admission_review("CronJob", "batch", "cronjobs", {"spec": {
        "schedule": "*/5 * * * *", "jobTemplate": {"spec": {"template": job}}}})


def case_pods_deployments_cronjobs(env):
    """Signed and attested images are allowed; unsigned ones, and provenance missing from an
    init container's image, are denied naming the image, where the spec has it and why; warn
    mode allows with a warning; every image verdict is one decision log line."""
    key, public = keygen(env, "release")
    with Registry(env, "plain") as registry:
        images = Images(env, registry, key)
        policy = write_policy(env, registry, public)
        proc = env.run("hallmark-verify", "serve", "--policy", policy, expect=2)
        check("--tls-cert" in proc.stderr.decode(), proc.stderr)
        with Webhook(env, registry, policy) as webhook:
            check(webhook.curl("/healthz") == (200, "ok\n"), "healthz")

            answer = webhook.review(pod(images.good))
            check(answer["allowed"] and "warnings" not in answer, answer)

            answer = webhook.review(pod(images.good, images.unsigned))
            check(not answer["allowed"] and answer["status"]["code"] == 403, answer)
            message = answer["status"]["message"]
            check(f"{images.unsigned} (spec.containers[1]) denied by rule \"team\"" in message and
                  f"no signature found for {images.unsigned_digest}" in message, message)
            check(images.good + " " not in message, message)

            answer = webhook.review(deployment([images.good], [images.signed_only]))
            message = answer["status"]["message"]
            check(not answer["allowed"], answer)
            check(f"{images.signed_only} (spec.template.spec.initContainers[0])" in message, message)
            check(f"attestation {SLSA} by key release: no such attestation found" in message,
                  message)
            check("signature by key release" not in message, message)

            by_digest = images.good.rsplit(":", 1)[0] + "@" + images.good_digest
            answer = webhook.review(deployment([images.good], [by_digest]))
            check(answer["allowed"], answer)

            answer = webhook.review(cronjob(images.good, images.staging))
            check(answer["allowed"], answer)
            warning, = answer["warnings"]
            check(warning.startswith(f"hallmark: {images.staging} "
                                     "(spec.jobTemplate.spec.template.spec.containers[1]) allowed "
                                     "in warn mode by rule \"staging\": signature by key release: "
                                     "no signature found"), warning)
            answer = webhook.review(cronjob(images.unsigned))
            check(not answer["allowed"], answer)

            # One line per image verdict, in the format `hallmark-verify report` reads.
            expected = [(images.good, True), (images.good, True), (images.unsigned, False),
                        (images.good, True), (images.signed_only, False), (images.good, True),
                        (by_digest, True), (images.good, True), (images.staging, True),
                        (images.unsigned, False)]
            decisions = webhook.decisions()
            check([(d["image"], d["allowed"]) for d in decisions] == expected, decisions)
            check(all(d["digest"] and d["policyDigest"].startswith("sha256:") for d in decisions),
                  decisions)
            report = env.run("hallmark-verify", "report", "--decision-log", webhook.decision_log,
                             "--json")
            check(json.loads(report.stdout), report.stdout)

            status, text = webhook.curl("/validate", b'{"apiVersion": "admission.k8s.io/v1",')
            check(status == 400 and "not JSON" in text and text.count("\n") == 1, text)
            wrong = pod(images.good)
            wrong["apiVersion"] = "admission.k8s.io/v1beta1"
            status, text = webhook.curl("/validate", wrong)
            check(status == 400 and "is not admission.k8s.io/v1" in text, text)
            del wrong["request"]["object"]["spec"]["containers"][0]["image"]
            wrong["apiVersion"] = "admission.k8s.io/v1"
            status, text = webhook.curl("/validate", wrong)
            check(status == 400 and "request.object.spec.containers[0].image" in text, text)
            status, _ = webhook.curl("/validate", b" " * (9 << 20))
            check(status == 413, status)
            check(len(webhook.decisions()) == len(expected), "a malformed review was recorded")
            webhook.stop()


def case_registry_down_fails_closed(env):
    """With the registry stopped, a team image is denied (fail closed) unless its verdict is
    still cached; an image under failurePolicy: ignore is allowed with a warning."""
    key, public = keygen(env, "release")
    with Registry(env, "plain") as registry:
        good = push(env, registry, "team/app:1.0", APP, "app")
        sign_and_attest(env, registry, key, good)
        optional = f"{registry.host}/optional/app:1.0"
        policy = write_policy(env, registry, public)
        with Webhook(env, registry, policy) as cached, \
                Webhook(env, registry, policy, "--cache-ttl", "0s") as uncached:
            check(cached.review(pod(good))["allowed"], "allowed while the registry is up")
            check(uncached.review(pod(good))["allowed"], "allowed while the registry is up")
            registry.stop()
            check(cached.review(pod(good))["allowed"], "the cached verdict was not used")
            answer = uncached.review(pod(good, optional))
            check(not answer["allowed"], answer)
            message = answer["status"]["message"]
            check(f"{good} (spec.containers[0]) denied by rule \"team\": registry: registry "
                  f"{registry.host}:" in message and message.endswith("(fail closed)"), message)
            warning, = answer["warnings"]
            check(f"{optional} (spec.containers[1]) allowed by rule \"optional\"" in warning and
                  "(failurePolicy: ignore)" in warning, warning)
            check(uncached.review(pod(optional))["allowed"], "failurePolicy: ignore")
            cached.stop()
            uncached.stop()


def served_certificate(port):
    """The certificate the server presents to a new connection (DER)."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        with context.wrap_socket(sock) as tls:
            return tls.getpeercert(binary_form=True)


def case_certificate_rotation_without_restart(env):
    """cert-manager renews the certificate in place: new connections get the new one with no
    restart, and a rotation that leaves a broken file is reported while the last good
    certificate is still served."""
    _, public = keygen(env, "release")
    with Registry(env, "plain") as registry:
        policy = write_policy(env, registry, public)
        with Webhook(env, registry, policy) as webhook:
            certificate = webhook.folder / "server.pem"
            first = ssl.PEM_cert_to_DER_cert(certificate.read_text())
            check(served_certificate(webhook.port) == first, "not the certificate given")
            # Another CA and certificate, moved into place by rename as Kubernetes does.
            renewed = webhook.folder / "renewed"
            renewed.mkdir()
            make_certificates(renewed)
            os.replace(renewed / "server.key", webhook.folder / "server.key")
            os.replace(renewed / "server.pem", certificate)
            second = ssl.PEM_cert_to_DER_cert(certificate.read_text())
            check(second != first, "the test made the same certificate twice")
            check(served_certificate(webhook.port) == second,
                  "the renewed certificate is not served")
            webhook.ca = renewed / "ca.pem"
            status, text = webhook.curl("/healthz")
            check(status == 200 and text == "ok\n", f"{status}: {text}")
            check(f"TLS certificate reloaded from {certificate}" in webhook.log.read_text(),
                  webhook.log.read_text())

            certificate.write_text("-----BEGIN CERTIFICATE-----\nMIIB")  # cut short
            check(served_certificate(webhook.port) == second,
                  "a broken rotation replaced the certificate in use")
            check(f"{certificate}: no PEM certificate in it; still serving the previous "
                  "certificate" in webhook.log.read_text(), webhook.log.read_text())
            webhook.stop()
        # At the start there is no previous certificate: a key that does not match is an error.
        proc = env.run("hallmark-verify", "serve", "--policy", policy, "--listen", "127.0.0.1:0",
                       "--tls-cert", renewed / "ca.pem", "--tls-key",
                       webhook.folder / "ca.key", expect=3)
        check(f"its certificate does not match the key {webhook.folder / 'ca.key'}" in
              proc.stderr.decode(), proc.stderr)


def case_metrics_count_what_was_reviewed(env):
    """GET /metrics, read with the Prometheus project's own Python parser: reviews by result
    (a malformed one too), image verdicts by outcome, how many were verified in the registry
    (the rest came from the cache), and the review duration histogram, all as posted."""
    try:
        from prometheus_client.parser import text_string_to_metric_families
    except ImportError as error:
        raise AssertionError("python3-prometheus-client is missing (make deps)") from error
    key, public = keygen(env, "release")
    with Registry(env, "plain") as registry:
        good = push(env, registry, "team/app:1.0", APP, "app")
        unsigned = push(env, registry, "team/app:base", BASE, "base")
        sign_and_attest(env, registry, key, good)
        policy = write_policy(env, registry, public)
        with Webhook(env, registry, policy) as webhook:
            check(webhook.review(pod(good))["allowed"], "the signed image")
            check(webhook.review(pod(good))["allowed"], "the signed image, cached")
            check(not webhook.review(pod(unsigned))["allowed"], "the unsigned image")
            check(not webhook.review(deployment([good], [unsigned]))["allowed"], "both")
            status, _ = webhook.curl("/validate", b"{not json")
            check(status == 400, status)

            status, text = webhook.curl("/metrics")
            check(status == 200, f"{status}: {text}")
            samples = {}
            types = {}
            for family in text_string_to_metric_families(text):
                types[family.name] = family.type
                for sample in family.samples:
                    samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
            check(types == {"hallmark_admission_reviews": "counter",
                            "hallmark_admission_review_duration_seconds": "histogram",
                            "hallmark_image_verdicts": "counter",
                            "hallmark_image_verification_duration_seconds": "histogram"},
                  types)

            def value(name, **labels):
                return samples.get((name, tuple(sorted(labels.items()))))

            reviews = "hallmark_admission_reviews_total"
            check([value(reviews, result=result)
                   for result in ("allowed", "denied", "malformed", "failed")] == [2, 2, 1, 0],
                  text)
            verdicts = "hallmark_image_verdicts_total"
            check(value(verdicts, allowed="true") == 3 and value(verdicts, allowed="false") == 2,
                  text)
            check(len(webhook.decisions()) == 5, webhook.decisions())
            # The signed image and the unsigned one, each verified once; the rest cached.
            verifications = "hallmark_image_verification_duration_seconds"
            check(value(verifications + "_count") == 2, text)
            durations = "hallmark_admission_review_duration_seconds"
            check(value(durations + "_count") == 5 and
                  value(durations + "_bucket", le="+Inf") == 5 and
                  value(durations + "_sum") > 0, text)
            buckets = [value for (name, _), value in samples.items()
                       if name == durations + "_bucket"]
            check(buckets == sorted(buckets), f"buckets not cumulative: {buckets}")
            webhook.stop()


def simultaneous_reviews(webhook, image, count):
    """`count` reviews of a pod running `image` posted at the same moment, each over its own
    connection; their responses, in order."""
    context = ssl.create_default_context(cafile=str(webhook.ca))
    start = threading.Barrier(count)
    answers = [None] * count

    def client(number):
        connection = http.client.HTTPSConnection("127.0.0.1", webhook.port, context=context,
                                                 timeout=30)
        connection.connect()  # the handshakes before the barrier, not after it
        document = pod(image)
        document["request"]["uid"] = f"rollout-{number}"
        start.wait()
        connection.request("POST", "/validate", json.dumps(document),
                           {"Content-Type": "application/json"})
        answers[number] = json.loads(connection.getresponse().read())["response"]
        connection.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    check(all(answer and answer["allowed"] for answer in answers), answers)
    check([answer["uid"] for answer in answers] == [f"rollout-{n}" for n in range(count)],
          answers)
    return answers


def case_one_verification_for_concurrent_reviews(env):
    """The pods of a rollout arrive together: 16 simultaneous reviews of an image not yet
    cached make one verification (one resolve of its tag in the registry's access log), and
    each gets its verdict and its decision log line. With --cache-ttl 0s each verifies afresh."""
    key, public = keygen(env, "release")
    with Registry(env, "plain", access_log=True) as registry:
        good = push(env, registry, "team/app:1.0", APP, "app")
        sign_and_attest(env, registry, key, good)
        policy = write_policy(env, registry, public)
        resolve = "HEAD /v2/team/app/manifests/1.0"
        for extra, verifications in (((), 1), (("--cache-ttl", "0s"), 16)):
            with Webhook(env, registry, policy, *extra) as webhook:
                before = registry.requests(resolve)
                simultaneous_reviews(webhook, good, 16)
                check(registry.requests(resolve) - before == verifications,
                      f"{registry.requests(resolve) - before} resolves for {extra}")
                check(len(webhook.decisions()) == 16, webhook.decisions())
                webhook.stop()


def case_verifications_take_turns_at_a_registry(env):
    """--registry-concurrency 1: 16 simultaneous uncached reviews verify one after the other, so
    the registry's access log shows each verification's manifest requests (resolve, signature,
    attestation) whole, never two verifications interleaved; all 16 are allowed."""
    key, public = keygen(env, "release")
    with Registry(env, "plain", access_log=True) as registry:
        good = push(env, registry, "team/app:1.0", APP, "app")
        sign_and_attest(env, registry, key, good)
        policy = write_policy(env, registry, public)
        with Webhook(env, registry, policy, "--cache-ttl", "0s",
                     "--registry-concurrency", "1") as webhook:
            start = len(registry.log.read_text())
            simultaneous_reviews(webhook, good, 16)
            manifests = re.findall(r'"(?:GET|HEAD) /v2/team/app/manifests/([^ ]+) HTTP/',
                                   registry.log.read_text()[start:])
            one = manifests[:manifests.index("1.0", 1)] if manifests.count("1.0") > 1 else []
            check(len(one) >= 3 and manifests == one * 16,
                  f"the verifications interleaved: {manifests}")
            webhook.stop()
        proc = env.run("hallmark-verify", "serve", "--policy", policy, "--insecure-listen",
                       "--registry-concurrency", "0", expect=2)
        check("--registry-concurrency must be 1 to 256" in proc.stderr.decode(), proc.stderr)


def case_idle_connections_do_not_starve_a_new_one(env):
    """kube-apiserver keeps its connections to a webhook open, and a worker stays with a
    keep-alive connection until it has been idle 5 s: with 40 such connections open, the review
    on a 41st is still answered at once by the default workers (with --workers 16 the 17th
    waits)."""
    key, public = keygen(env, "release")
    with Registry(env, "plain") as registry:
        good = push(env, registry, "team/app:1.0", APP, "app")
        sign_and_attest(env, registry, key, good)
        policy = write_policy(env, registry, public)
        with Webhook(env, registry, policy) as webhook:
            context = ssl.create_default_context(cafile=str(webhook.ca))

            def review(connection):
                connection.request("POST", "/validate", json.dumps(pod(good)),
                                   {"Content-Type": "application/json"})
                return json.loads(connection.getresponse().read())["response"]

            # Each review well within the 5 s an idle connection holds its worker: a starved
            # connection would wait for one of those to time out.
            connections = []
            try:
                for number in range(41):
                    connection = http.client.HTTPSConnection("127.0.0.1", webhook.port,
                                                             context=context, timeout=3)
                    connections.append(connection)  # left open and idle, holding its worker
                    check(review(connection)["allowed"], f"the review on connection {number}")
            except TimeoutError:
                check(False, f"connection {len(connections) - 1} waited for a worker behind "
                      f"{len(connections) - 1} idle ones")
            for connection in connections:
                connection.close()
            webhook.stop()


def case_load_16_clients(env):
    """2,000 reviews from 16 concurrent clients over keep-alive HTTPS connections: every one
    answered 200 with its own uid and the right verdict, within a bounded time."""
    key, public = keygen(env, "release")
    with Registry(env, "plain") as registry:
        images = Images(env, registry, key)
        policy = write_policy(env, registry, public)
        # (review, allowed, images in it)
        documents = [(pod(images.good), True, 1), (pod(images.unsigned), False, 1),
                     (deployment([images.good], [images.signed_only]), False, 2),
                     (cronjob(images.good, images.staging), True, 2)]
        with Webhook(env, registry, policy) as webhook:
            context = ssl.create_default_context(cafile=str(webhook.ca))
            total, clients = 2000, 16
            failures = []
            done = [0] * clients
            deadline = time.monotonic() + 45

            def client(number):
                connection = http.client.HTTPSConnection("127.0.0.1", webhook.port,
                                                         context=context, timeout=30)
                for index in range(number, total, clients):
                    if time.monotonic() > deadline:
                        failures.append(f"client {number}: out of time")
                        return
                    document, allowed, _ = documents[index % len(documents)]
                    document = json.loads(json.dumps(document))
                    document["request"]["uid"] = f"load-{index}"
                    try:
                        connection.request("POST", "/validate", json.dumps(document),
                                           {"Content-Type": "application/json"})
                        answer = connection.getresponse()
                        body = answer.read()
                    except (OSError, http.client.HTTPException) as error:
                        failures.append(f"request {index}: {error!r}")
                        connection.close()
                        continue
                    if answer.status != 200:
                        failures.append(f"request {index}: HTTP {answer.status} {body[:200]}")
                        continue
                    response = json.loads(body)["response"]
                    if response["uid"] != f"load-{index}" or response["allowed"] != allowed:
                        failures.append(f"request {index}: {response}")
                    done[number] += 1
                connection.close()

            start = time.monotonic()
            threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.monotonic() - start
            check(not failures, f"{len(failures)} failures, first: {failures[:3]}")
            check(sum(done) == total, f"{sum(done)} of {total} answered")
            images_per_round = sum(count for _, _, count in documents)
            check(len(webhook.decisions()) == total // len(documents) * images_per_round,
                  f"{len(webhook.decisions())} decision log lines")
            print(f"{total} reviews from {clients} clients in {elapsed:.1f} s")
            webhook.stop()


if __name__ == "__main__":
    raise SystemExit(main(collect(globals())))
