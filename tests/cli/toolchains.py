"""Debian toolchains the CLI tests build real programs with (golang-go, cargo, binutils; `make deps`
installs them): finding them, and running them offline with everything they write kept in the
test's temporary folder."""
import os
import shutil
import subprocess
import sys

from harness import Skip


def require(program, package):
    """The path of `program`; its absence fails under CI and skips loudly elsewhere."""
    path = shutil.which(program)
    if path is None:
        message = f"{program} is not installed (Debian's {package}; make deps installs it)"
        if os.environ.get("CI") == "true":
            raise AssertionError(message)
        print("SKIPPED LOUDLY: " + message, file=sys.stderr)
        raise Skip(message)
    return path


def run(args, cwd, env=None):
    """Runs a build step; fails with its output when it fails."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    proc = subprocess.run([str(a) for a in args], cwd=cwd, env=full_env, capture_output=True,
                          timeout=600)
    if proc.returncode != 0:
        raise AssertionError(f"{' '.join(map(str, args))} in {cwd}: exit {proc.returncode}\n"
                             f"stdout: {proc.stdout.decode(errors='replace')[-3000:]}\n"
                             f"stderr: {proc.stderr.decode(errors='replace')[-3000:]}")
    return proc.stdout.decode()
