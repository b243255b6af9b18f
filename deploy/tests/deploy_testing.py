"""Shared by deploy/tests: repository paths, the npm helpers in deploy/tools, the server's flags as
server/flags.cc declares them, and starting a stori-server for a check.

ctest (deploy_checks) sets STORI_SERVER_BIN; by hand, from the repository root:

    /usr/bin/python3 -m unittest discover -s deploy/tests -v
"""
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import unittest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEPLOY = os.path.join(REPO, "deploy")
TOOLS = os.path.join(DEPLOY, "tools")
FLAGS_CC = os.path.join(REPO, "server", "flags.cc")
SERVICE = "stori.generation.v1.GenerationService"
INSTALL_HINT = "run `bash deploy/install-deps.sh` (it installs Node.js and runs npm ci in deploy/)"


def server_binary():
    """Returns the stori-server to check: $STORI_SERVER_BIN, else build/server/stori-server.
    Errors: unittest.SkipTest when neither exists (nothing built yet)."""
    binary = os.environ.get("STORI_SERVER_BIN") or os.path.join(REPO, "build", "server",
                                                                 "stori-server")
    if not os.path.isfile(binary):
        raise unittest.SkipTest("no stori-server at %s (build it, or set STORI_SERVER_BIN)"
                                % binary)
    return binary


def run_node_tool(script, *args, stdin=None):
    """Runs deploy/tools/<script> with Node.js; returns (exit status, stdout, stderr).
    Errors: AssertionError naming the fix when node or deploy/node_modules is missing."""
    node = shutil.which("node")
    if node is None:
        raise AssertionError("node not found: " + INSTALL_HINT)
    if not os.path.isdir(os.path.join(DEPLOY, "node_modules")):
        raise AssertionError("deploy/node_modules is missing: " + INSTALL_HINT)
    proc = subprocess.run([node, os.path.join(TOOLS, script)] + list(args), input=stdin,
                          capture_output=True, text=True, cwd=REPO, timeout=120)
    return proc.returncode, proc.stdout, proc.stderr


def parse_dockerfiles(paths):
    """Returns deploy/tools/dockerfile_json.js's description of each Dockerfile, by path."""
    rc, out, err = run_node_tool("dockerfile_json.js", *paths)
    if rc != 0:
        raise AssertionError("dockerfile_json.js failed (%d): %s" % (rc, err))
    return json.loads(out)


def declared_flags():
    """Returns {flag name: default as written in server/flags.cc} for every ABSL_FLAG there, the
    default being the literal's text (strings unquoted)."""
    with open(FLAGS_CC) as f:
        text = f.read()
    flags = {}
    for match in re.finditer(r'ABSL_FLAG\(\s*[\w:]+\s*,\s*(\w+)\s*,\s*("(?:[^"\\]|\\.)*"|[^,]+),',
                             text):
        value = match.group(2).strip()
        flags[match.group(1)] = value[1:-1] if value.startswith('"') else value
    return flags


def parse_flag_lines(lines):
    """Returns {name: value} of `--name=value` lines (Abseil's flag file: one flag a line, `#`
    comments). Errors: AssertionError for a line that is neither."""
    flags = {}
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = re.fullmatch(r"--(\w+)(?:=(.*))?", line)
        if not match:
            raise AssertionError("not a --flag=value line: %r" % raw)
        flags[match.group(1)] = match.group(2) if match.group(2) is not None else "true"
    return flags


class Server:
    """A stori-server started for a check, on 127.0.0.1 and a port the kernel picks; its log
    goes to a temporary file. Use as a context manager; exit sends SIGTERM."""

    def __init__(self, *flags, startup_timeout_s=120.0):
        self.log = tempfile.NamedTemporaryFile(prefix="stori-server-", suffix=".log",
                                               delete=False)
        # --metrics_port=0: no metrics listener (and no clash between servers on one machine);
        # --undefok keeps this working with a binary that predates the flag.
        args = [server_binary(), "--address=127.0.0.1", "--port=0", "--metrics_port=0",
                "--undefok=metrics_port"] + list(flags)
        self.proc = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT, cwd=REPO)
        self.port = None
        deadline = time.monotonic() + startup_timeout_s
        while time.monotonic() < deadline:
            match = re.search(r"event=server_started .*?\bport=(\d+)", self.text())
            if match:
                self.port = int(match.group(1))
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        self.stop()
        raise AssertionError("stori-server did not start (%s):\n%s"
                             % (self.proc.returncode, self.text()[-4000:]))

    def text(self):
        with open(self.log.name, errors="replace") as f:
            return f.read()

    def stop(self, timeout_s=15.0):
        """SIGTERM, then waits; returns the exit status."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
        self.log.close()
        os.unlink(self.log.name)
