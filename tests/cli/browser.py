"""Headless Chromium for the tests that check pages people read (report.html): the rendered DOM,
and the requests the page made (none may go out)."""
import json
import os
import pathlib
import shutil
import subprocess
import sys

from harness import Skip, check


def chromium():
    """Debian's chromium; missing, it fails under CI and skips loudly elsewhere."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path:
        return path
    message = "chromium is not installed (Debian's chromium: make deps)"
    if os.environ.get("CI") == "true":
        raise AssertionError(message)
    print("SKIPPED LOUDLY: " + message, file=sys.stderr)
    raise Skip(message)


def run_chromium(env, page, *args, net_log=None):
    """Headless Chromium on a file; its own background traffic is off where it can be."""
    command = [chromium(), "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run",
               "--disable-background-networking", "--disable-component-update",
               "--disable-default-apps", "--disable-extensions", "--disable-sync",
               f"--user-data-dir={env.path('chromium-profile')}", *args]
    if net_log:
        command.append(f"--log-net-log={net_log}")
    proc = subprocess.run(command + [pathlib.Path(page).resolve().as_uri()], capture_output=True,
                          timeout=120)
    check(proc.returncode == 0, f"chromium exit {proc.returncode}: {proc.stderr[-2000:]!r}")
    return proc


def page_requests(net_log):
    """The URLs the page asked for, from Chromium's net log: requests whose initiator is the page
    (the browser's own requests say "not an origin")."""
    log = json.loads(pathlib.Path(net_log).read_text())
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    requests = []
    for event in log["events"]:
        params = event.get("params") or {}
        if event["type"] == start and "url" in params and \
                params.get("initiator") != "not an origin":
            requests.append(params["url"])
    return requests
