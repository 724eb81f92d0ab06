"""hallmark-verify report: trend metrics from decision logs written here with known events, so
every count, rate and remediation time has an exact expected value worked out by hand (in the
comment above LOG); --since/--until bounds; malformed lines reported as FILE:LINE and skipped,
never fatal; a missing log is an I/O error naming it; the HTML page rendered by headless
Chromium shows the figures, draws its charts and makes no network request; Markdown output."""
import json
import pathlib
import re
import struct
import zlib
from html.parser import HTMLParser

from browser import chromium as chromium_path, page_requests, run_chromium
from harness import check, collect, main

HEX_A = "a" * 64
HEX_B = "b" * 64
TEAM = "registry.example.com/team"
LEGACY = "registry.example.com/legacy/old"
NO_SIGNATURE = ("signature by key release", "the image has no signature")
NO_PROVENANCE = ("attestation https://slsa.dev/provenance/v1 by key release",
                 "the image has no such attestation")
# The same problem twice, worded with different claim origins and digests: one group.
MISMATCH_1 = ("signature by key release",
              f"tag sha256-{HEX_A}.sig: the signature is for sha256:{HEX_A}, not sha256:{HEX_B}")
MISMATCH_2 = ("signature by key release",
              f"tag sha256-{HEX_B}.sig: the signature is for sha256:{HEX_B}, not sha256:{HEX_A}")
EVIL_RULE = ("rule", "no rule matches evil.example/x: defaultAction deny")
STAMP = {"SOURCE_DATE_EPOCH": "1717200000"}  # 2024-06-01T00:00:00Z
GENERATED = "2024-06-01T00:00:00Z"


def verdict(time, image, rule, mode, allowed, failed=()):
    """One decision log line, as policy::Verdict::to_json() writes it."""
    checks = [{"check": name, "passed": False, "reason": reason} for name, reason in failed]
    if not failed:
        checks = [{"check": "rule", "passed": True, "reason": "no rule matches: defaultAction allow"}
                  if mode == "default" else
                  {"check": "signature by key release", "passed": True, "reason": "verified"}]
    return json.dumps({"time": time, "image": image, "digest": "sha256:" + HEX_A, "rule": rule,
                       "mode": mode, "allowed": allowed, "checks": checks,
                       "policyDigest": "sha256:" + HEX_B})


# Four days with verdicts (03-04 has none), 14 verdicts, 6 denied (rate 6/14 = 42.9%):
#   03-01: web denied 09:00 and 09:20 (mismatches), allowed 10:00 (web episode 1: 1h, 2 denials);
#          db denied 11:00 (no provenance)                                    1 allowed, 3 denied
#   03-02: legacy warn pass 08:00 (bypass); db allowed by digest 11:00 (db episode: 1d);
#          alpine admitted with no rule twice (two spellings of one repository)  4 allowed
#   03-03: web denied 09:00, allowed 09:30 (web episode 2: 30m); evil.example/x denied by
#          defaultAction deny 10:00 (unresolved); legacy warn pass 14:00     2 allowed, 2 denied
#   03-05: api denied 09:00 (unresolved); web allowed 10:00 (no open episode) 1 allowed, 1 denied
# Rules: (no rule) 2 allowed 1 denied; legacy 2 allowed; team 4 allowed 5 denied.
# Reasons: no signature 2, mismatch 2 (ties: by check, then reason), provenance 1, rule 1.
# Remediation: 3600, 86400, 1800 resolved; mean 30600 (8h 30m), p90 rank ceil(2.7) = 3: 86400.
LOG = [
    verdict("2024-03-01T09:00:00Z", f"{TEAM}/web:1", "team", "enforce", False, [MISMATCH_1]),
    verdict("2024-03-01T09:20:00Z", f"{TEAM}/web:1", "team", "enforce", False, [MISMATCH_2]),
    verdict("2024-03-01T10:00:00Z", f"{TEAM}/web:2", "team", "enforce", True),
    verdict("2024-03-01T11:00:00Z", f"{TEAM}/db:1", "team", "enforce", False, [NO_PROVENANCE]),
    verdict("2024-03-02T08:00:00Z", f"{LEGACY}:1", "legacy", "warn", True, [NO_PROVENANCE]),
    verdict("2024-03-02T11:00:00Z", f"{TEAM}/db@sha256:{HEX_B}", "team", "enforce", True),
    verdict("2024-03-02T12:00:00Z", "docker.io/library/alpine:3", "", "default", True),
    verdict("2024-03-02T13:00:00Z", "alpine:3.19", "", "default", True),
    verdict("2024-03-03T09:00:00Z", f"{TEAM}/web:3", "team", "enforce", False, [NO_SIGNATURE]),
    verdict("2024-03-03T09:30:00Z", f"{TEAM}/web:3", "team", "enforce", True),
    verdict("2024-03-03T10:00:00Z", "evil.example/x:1", "", "default", False, [EVIL_RULE]),
    verdict("2024-03-03T14:00:00Z", f"{LEGACY}:2", "legacy", "warn", True, [NO_PROVENANCE]),
    verdict("2024-03-05T09:00:00Z", f"{TEAM}/api:1", "team", "enforce", False, [NO_SIGNATURE]),
    verdict("2024-03-05T10:00:00Z", f"{TEAM}/web:4", "team", "enforce", True),
]


def write_log(env, name="decisions.jsonl", lines=LOG):
    path = env.path(name)
    path.write_text("".join(line + "\n" for line in lines))
    return path


def report(env, *args, expect=0, stdin=None):
    return env.run("hallmark-verify", "report", *args, expect=expect, env=STAMP, stdin=stdin)


def report_json(env, *args):
    proc = report(env, *args, "--json")
    return json.loads(proc.stdout), proc.stderr.decode()


def counts(allowed, denied, rate):
    return {"allowed": allowed, "denied": denied, "total": allowed + denied, "denyRate": rate}


def case_generated_log_gives_exact_figures(env):
    document, stderr = report_json(env, "--decision-log", write_log(env))
    check(stderr == "", f"nothing to say on stderr for a clean log: {stderr!r}")
    check(document["kind"] == "TrendReport" and document["generated"] == GENERATED,
          "kind, and the time from SOURCE_DATE_EPOCH")
    check(document["input"]["linesRead"] == 14 and document["input"]["skippedLines"] == 0,
          str(document["input"]))
    check(document["period"] == {"first": "2024-03-01T09:00:00Z", "last": "2024-03-05T10:00:00Z"},
          str(document["period"]))
    check(document["verdicts"] == counts(8, 6, 6 / 14), str(document["verdicts"]))
    check(document["perDay"] == [
        {"day": "2024-03-01", **counts(1, 3, 0.75)},
        {"day": "2024-03-02", **counts(4, 0, 0.0)},
        {"day": "2024-03-03", **counts(2, 2, 0.5)},
        {"day": "2024-03-05", **counts(1, 1, 0.5)},
    ], json.dumps(document["perDay"]))
    check(document["perRule"] == [
        {"rule": "", "modes": ["default"], **counts(2, 1, 1 / 3)},
        {"rule": "legacy", "modes": ["warn"], **counts(2, 0, 0.0)},
        {"rule": "team", "modes": ["enforce"], **counts(4, 5, 5 / 9)},
    ], json.dumps(document["perRule"]))
    check(document["topDenialReasons"] == [
        {"check": NO_SIGNATURE[0], "reason": NO_SIGNATURE[1], "count": 2},
        {"check": "signature by key release",
         "reason": "the signature is for <digest>, not <digest>", "count": 2},
        {"check": NO_PROVENANCE[0], "reason": NO_PROVENANCE[1], "count": 1},
        {"check": "rule", "reason": EVIL_RULE[1], "count": 1},
    ], json.dumps(document["topDenialReasons"]))
    check(document["distinctDenialReasons"] == 4, "4 distinct reasons")
    check(document["warnModePasses"] == {"total": 2, "byRuleAndRepository": [
        {"rule": "legacy", "repository": LEGACY, "count": 2, "failedChecks": [NO_PROVENANCE[0]],
         "first": "2024-03-02T08:00:00Z", "last": "2024-03-03T14:00:00Z"}]},
        json.dumps(document["warnModePasses"]))
    check(document["admittedWithoutRule"] == {"total": 2, "byRepository": [
        {"repository": "docker.io/library/alpine", "count": 2,
         "first": "2024-03-02T12:00:00Z", "last": "2024-03-02T13:00:00Z"}]},
        json.dumps(document["admittedWithoutRule"]))

    remediation = document["remediation"]
    check({k: remediation[k] for k in ("resolved", "unresolved", "meanSeconds", "p90Seconds")} ==
          {"resolved": 3, "unresolved": 2, "meanSeconds": 30600.0, "p90Seconds": 86400.0},
          json.dumps(remediation))
    check(remediation["byRepository"] == [
        {"repository": "evil.example/x", "resolved": 0, "unresolved": 1, "meanSeconds": None,
         "p90Seconds": None},
        {"repository": f"{TEAM}/api", "resolved": 0, "unresolved": 1, "meanSeconds": None,
         "p90Seconds": None},
        {"repository": f"{TEAM}/db", "resolved": 1, "unresolved": 0, "meanSeconds": 86400.0,
         "p90Seconds": 86400.0},
        {"repository": f"{TEAM}/web", "resolved": 2, "unresolved": 0, "meanSeconds": 2700.0,
         "p90Seconds": 3600.0},
    ], json.dumps(remediation["byRepository"]))
    check(remediation["episodes"] == [
        {"repository": "evil.example/x", "deniedAt": "2024-03-03T10:00:00Z", "remediatedAt": None,
         "denials": 1, "seconds": None},
        {"repository": f"{TEAM}/api", "deniedAt": "2024-03-05T09:00:00Z", "remediatedAt": None,
         "denials": 1, "seconds": None},
        {"repository": f"{TEAM}/db", "deniedAt": "2024-03-01T11:00:00Z",
         "remediatedAt": "2024-03-02T11:00:00Z", "denials": 1, "seconds": 86400.0},
        {"repository": f"{TEAM}/web", "deniedAt": "2024-03-01T09:00:00Z",
         "remediatedAt": "2024-03-01T10:00:00Z", "denials": 2, "seconds": 3600.0},
        {"repository": f"{TEAM}/web", "deniedAt": "2024-03-03T09:00:00Z",
         "remediatedAt": "2024-03-03T09:30:00Z", "denials": 1, "seconds": 1800.0},
    ], json.dumps(remediation["episodes"]))

    # The log order does not matter: reversed and split over two files, the figures are equal.
    first = write_log(env, "part-1.jsonl", LOG[::-1][:7])
    second = write_log(env, "part-2.jsonl", LOG[::-1][7:])
    again, _ = report_json(env, "--decision-log", first, second)
    del document["input"], again["input"]
    check(again == document, "two reversed halves give the same report")
    # --top cuts the reasons, not the count of distinct ones.
    top, _ = report_json(env, "--decision-log", write_log(env), "--top", "1")
    check(len(top["topDenialReasons"]) == 1 and top["distinctDenialReasons"] == 4, "--top 1")


def case_since_and_until(env):
    log = write_log(env)
    # since inclusive (a bare date is midnight UTC), until exclusive: 03-02 00:00 <= t < 03-03 09:30
    document, _ = report_json(env, "--decision-log", log, "--since", "2024-03-02",
                              "--until", "2024-03-03T09:30:00Z")
    check(document["input"]["since"] == "2024-03-02T00:00:00Z" and
          document["input"]["until"] == "2024-03-03T09:30:00Z", str(document["input"]))
    check(document["verdicts"] == counts(4, 1, 0.2), str(document["verdicts"]))
    check(document["input"]["outsideRange"] == 9, str(document["input"]))
    check([day["day"] for day in document["perDay"]] == ["2024-03-02", "2024-03-03"],
          str(document["perDay"]))
    # db's allow at 03-02 11:00 closes nothing (its denial is outside); web's 09:00 denial is open.
    remediation = document["remediation"]
    check((remediation["resolved"], remediation["unresolved"], remediation["meanSeconds"],
           remediation["p90Seconds"]) == (0, 1, None, None), json.dumps(remediation))
    check(document["warnModePasses"]["total"] == 1 and
          document["admittedWithoutRule"]["total"] == 2, "one bypass, two default admissions")

    # A verdict exactly at --since is in (web's allow at 09:30), one at --until is out.
    document, _ = report_json(env, "--decision-log", log, "--since", "2024-03-03T09:30:00Z",
                              "--until", "2024-03-03T14:00:00Z")
    check(document["verdicts"] == counts(1, 1, 0.5), str(document["verdicts"]))
    check(document["period"] == {"first": "2024-03-03T09:30:00Z", "last": "2024-03-03T10:00:00Z"},
          str(document["period"]))
    # An offset is honoured: 11:00+02:00 is 09:00Z.
    document, _ = report_json(env, "--decision-log", log, "--since", "2024-03-05T11:00:00+02:00")
    check(document["verdicts"] == counts(1, 1, 0.5), str(document["verdicts"]))

    # Nothing in range: a report with zero counts and no rates, exit 0, said on stderr.
    document, stderr = report_json(env, "--decision-log", log, "--since", "2025-01-01")
    check(document["verdicts"] == counts(0, 0, None), str(document["verdicts"]))
    check("no usable verdict in the range" in stderr, stderr)

    # Bad bounds are usage errors, one line naming the option.
    for args in (["--since", "yesterday"], ["--until", "2024-13-01"],
                 ["--since", "2024-03-02", "--until", "2024-03-01"]):
        proc = report(env, "--decision-log", log, *args, expect=2)
        error = proc.stderr.decode()
        check(error.count("\n") == 1 and error.startswith("hallmark-verify: ") and
              ("--since" in error or "--until" in error), f"{args}: {error!r}")


def case_malformed_lines_are_reported_and_skipped(env):
    good = write_log(env)
    bad = env.path("bad.jsonl")
    bad.write_text(LOG[0] + "\n"                          # 1: a verdict
                   "\n"                                   # 2: empty
                   "{\"time\": \"2024-03-0\n"             # 3: cut short by a crash
                   "hello\n"                              # 4: not JSON
                   + json.dumps({"image": "x"}) + "\n"    # 5: no time
                   + LOG[2].replace('"enforce"', '"audit"') + "\n"   # 6: unknown mode
                   + LOG[2] + "\r\n"                      # 7: CRLF is fine
                   + "[]")                                # 8: not an object, no final newline
    proc = report(env, "--decision-log", good, bad, "--json")
    errors = proc.stderr.decode().splitlines()
    check(errors == [
        f"hallmark-verify: {bad}:2: skipped: empty line",
        f"hallmark-verify: {bad}:3: skipped: not JSON",
        f"hallmark-verify: {bad}:4: skipped: not JSON",
        f"hallmark-verify: {bad}:5: skipped: missing \"time\"",
        f"hallmark-verify: {bad}:6: skipped: \"mode\" is not \"enforce\", \"warn\" or \"default\"",
        f"hallmark-verify: {bad}:8: skipped: not a JSON object",
    ], "\n".join(errors))
    document = json.loads(proc.stdout)
    check(document["input"]["linesRead"] == 14 + 8 and document["input"]["skippedLines"] == 6 and
          document["input"]["usableLines"] == 16, str(document["input"]))
    check([(s["file"], s["line"]) for s in document["input"]["skipped"]] ==
          [(str(bad), n) for n in (2, 3, 4, 5, 6, 8)], str(document["input"]["skipped"]))
    # The two usable lines of bad.jsonl count: one more web denial (09:00, same instant, logged
    # after the first) and one more web allow at 10:00.
    check(document["verdicts"] == counts(9, 7, 7 / 16), str(document["verdicts"]))
    # -q keeps stderr quiet, the report still lists them.
    proc = report(env, "--decision-log", bad, "-q", "--json")
    check(proc.stderr == b"" and json.loads(proc.stdout)["input"]["skippedLines"] == 6, "-q")
    # A log of nothing usable still gives a report (exit 0), from stdin too.
    proc = report(env, "--decision-log", "-", "--json", stdin=b"\nnot json\n")
    document = json.loads(proc.stdout)
    check(document["verdicts"] == counts(0, 0, None) and document["input"]["files"] == ["stdin"],
          str(document))
    check("hallmark-verify: stdin:2: skipped: not JSON" in proc.stderr.decode(), proc.stderr)


def case_missing_log_is_an_io_error(env):
    good = write_log(env)
    missing = env.path("no-such-log.jsonl")
    out = env.path("report.html")
    proc = report(env, "--decision-log", good, missing, "-o", out, expect=4)
    error = proc.stderr.decode()
    check(error.count("\n") == 1 and error.startswith(f"hallmark-verify: {missing}: "),
          f"one line naming the log: {error!r}")
    check(proc.stdout == b"" and not out.exists(), "nothing written when a log is missing")
    proc = report(env, "--decision-log", env.tmp, expect=4)
    check(str(env.tmp) in proc.stderr.decode() and "directory" in proc.stderr.decode(),
          proc.stderr)
    # Usage errors: no log, an output whose format cannot be told, two reports on stdout.
    report(env, expect=2)
    report(env, "--decision-log", good, "-o", env.path("report.txt"), expect=2)
    report(env, "--decision-log", good, "--json", "--markdown", expect=2)


def case_help_explains_the_definitions(env):
    text = report(env, "--help").stdout.decode()
    for phrase in ("--decision-log", "--since is inclusive, --until exclusive", "deny rate",
                   "warn passes", "no rule", "remediation", "nearest rank", "ceil(0.9 n)",
                   "Unresolved episodes are counted apart", "Exit codes"):
        check(phrase in text, f"--help lacks {phrase!r}")
    check("report" in env.run("hallmark-verify", "--help").stdout.decode(), "listed as a command")


def case_markdown_output(env):
    out = env.path("report.md")
    log = write_log(env, lines=LOG + [verdict("2024-03-05T11:00:00Z", "evil.example/<b>|x*:1",
                                              "", "default", True)])
    proc = report(env, "--decision-log", log, "-o", out)
    check(proc.stderr.decode() == f"hallmark-verify: wrote {out}\n", proc.stderr)
    text = out.read_text()
    check(text.startswith("# Admission trend report\n"), text[:80])
    for row in ("| Verdicts | 15 |", "| Denied | 6 |", "| Deny rate | 40.0% |",
                "| Warn-mode passes (gate bypasses) | 2 |", "| Admitted with no rule | 3 |",
                "| Mean time to remediate | 8h 30m (30600 s) |",
                "| p90 time to remediate | 1d (86400 s) |",
                "| 2024-03-01 | 1 | 3 | 4 | 75.0% |",
                "| team | enforce | 4 | 5 | 9 | 55.6% |",
                "| signature by key release | the image has no signature | 2 |",
                f"| {TEAM}/web | 2 | 0 | 45m | 1h |",
                # The hostile name is text: no HTML tag, no table cell break, no emphasis.
                "| evil.example/&lt;b&gt;\\|x\\* | 1 |"):
        check(row in text, f"Markdown lacks {row!r}")
    check("<b>" not in text, "raw HTML in the Markdown")
    # Markdown on stdout is the default, byte-identical to the file.
    check(report(env, "--decision-log", log).stdout.decode() == text, "stdout == file")


# --- HTML in headless Chromium ------------------------------------------------------------------

class Dom(HTMLParser):
    """Elements, attributes and visible text of the DOM Chromium dumped."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attributes, self.text, self.titles = [], [], [], []
        self._stack = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += [(tag, name, value) for name, value in attrs]
        self._stack.append(tag)

    def handle_endtag(self, tag):
        while self._stack and self._stack.pop() != tag:
            pass

    def handle_data(self, data):
        if self._stack and self._stack[-1] == "title":
            self.titles.append(data)
        elif not self._stack or self._stack[-1] != "style":
            self.text.append(data)


def png_pixels(path):
    """(width, height, rows of (r, g, b)) of an 8-bit RGB or RGBA, non-interlaced PNG."""
    data = pathlib.Path(path).read_bytes()
    check(data[:8] == b"\x89PNG\r\n\x1a\n", "a PNG")
    at, idat = 8, b""
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", body)
            check(depth == 8 and color in (2, 6) and interlace == 0, "8-bit RGB(A) PNG")
        elif kind == b"IDAT":
            idat += body
        at += 12 + length
    channels = 3 if color == 2 else 4
    stride = width * channels
    raw = zlib.decompress(idat)
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        rows.append([tuple(line[x * channels:x * channels + 3]) for x in range(width)])
        previous = line
    return width, height, rows


def case_html_renders_in_chromium_and_loads_nothing(env):
    chromium_path()
    hostile = '<img src="http://127.0.0.1:9/x.png" onerror="alert(1)">'
    log = write_log(env, lines=LOG + [verdict("2024-03-05T11:00:00Z", hostile, "", "default", True)])
    out = env.path("report.html")
    report(env, "--decision-log", log, "-o", out)
    html = out.read_text()
    check("<img" not in html and "&lt;img src=&quot;http://127.0.0.1:9/x.png&quot;" in html,
          "the hostile image name is escaped")

    net_log = env.path("net.json")
    dom_text = run_chromium(env, out, "--dump-dom", net_log=net_log).stdout.decode()
    dom = Dom()
    dom.feed(dom_text)
    text = " ".join(" ".join(dom.text).split())
    # The figures, as a person reads them.
    for figure in ("Admission trend report", f"Generated {GENERATED}", "Verdicts 15", "Allowed 9",
                   "Denied 6", "Deny rate 40.0%", "Warn-mode passes (gate bypasses) 2",
                   "Admitted with no rule 3", "Mean time to remediate 8h 30m (30600 s)",
                   "p90 time to remediate 1d (86400 s)", "Remediated episodes 3",
                   "Unresolved episodes 2", "2024-03-01 1 3 4 75.0%",
                   "team enforce 4 5 9 55.6%", "(no rule) default 3 1 4 25.0%",
                   "signature by key release the image has no signature 2",
                   "the signature is for <digest>, not <digest> 2",
                   f"legacy {LEGACY} 2 {NO_PROVENANCE[0]}", "docker.io/library/alpine 2",
                   f"{TEAM}/web 2 0 45m 1h", f"{TEAM}/db 2024-03-01T11:00:00Z "
                   "2024-03-02T11:00:00Z 1 1d", f"{TEAM}/api 2024-03-05T09:00:00Z unresolved 1 n/a",
                   hostile):
        check(figure in text, f"the rendered page lacks {figure!r}")
    # The hostile name stayed text: Chromium built no element from it.
    check("img" not in dom.tags and "script" not in dom.tags, f"elements: {set(dom.tags)}")
    # Charts: inline SVG whose bars carry their exact values.
    check(dom.tags.count("svg") == 3, f"{dom.tags.count('svg')} charts")
    for title in ("2024-03-01: allowed 1", "2024-03-01: denied 3", "team: denied 5",
                  "signature by key release: the image has no signature: denials 2"):
        check(title in dom.titles, f"no bar titled {title!r}")
    # Nothing that loads: no fetching element or attribute in the DOM, and the net log holds no
    # request the page made (Chromium's own background requests aside).
    fetching = [(tag, name) for tag, name, _ in dom.attributes
                if name in ("src", "href", "srcset", "xlink:href", "data", "poster", "action")]
    check(fetching == [], f"fetching attributes: {fetching}")
    check(page_requests(net_log) == [], f"the page made requests: {page_requests(net_log)}")
    # The same page without its Content-Security-Policy still asks for nothing: the markup
    # itself loads nothing, the policy is only the second wall.
    bare = env.path("report-without-csp.html")
    bare.write_text(re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n', "", html))
    check(bare.read_text() != html, "the CSP meta was removed")
    run_chromium(env, bare, "--dump-dom", net_log=env.path("net-bare.json"))
    check(page_requests(env.path("net-bare.json")) == [], "the page without CSP made requests")
    # Control: the net log does show a request a page makes (so an empty list above means none).
    control = env.path("control.html")
    control.write_text('<!DOCTYPE html><p>control</p><img src="http://127.0.0.1:9/control.png">')
    run_chromium(env, control, "--dump-dom", net_log=env.path("net-control.json"))
    check(page_requests(env.path("net-control.json")) == ["http://127.0.0.1:9/control.png"],
          f"the control request was not seen: {page_requests(env.path('net-control.json'))}")

    # It draws: a screenshot holds the charts' green (allowed) and red (denied) bars.
    shot = env.path("report.png")
    run_chromium(env, out, "--window-size=1200,1600", f"--screenshot={shot}")
    width, height, rows = png_pixels(shot)
    check((width, height) == (1200, 1600), f"screenshot {width}x{height}")
    colours = {}
    for row in rows:
        for pixel in row:
            colours[pixel] = colours.get(pixel, 0) + 1
    green, red = colours.get((0x2d, 0xa4, 0x4e), 0), colours.get((0xcf, 0x22, 0x2e), 0)
    check(green > 2000 and red > 2000, f"chart bars drawn: {green} green, {red} red pixels")


if __name__ == "__main__":
    raise SystemExit(main(collect(globals())))
