"""A stori-server process for the tests: started on 127.0.0.1 with a port the kernel picks
(read back from its `event=server_started ... port=N` log line), its log in a temporary file.

ctest sets STORI_SERVER_BIN and STORI_MODEL_DIR; by hand the repository's build/server/stori-server
and models/stori-remi/v3 are used, and a test is skipped (unittest.SkipTest) when the binary is
missing.
"""
import os
import re
import signal
import subprocess
import tempfile
import time
import unittest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))
STARTUP_TIMEOUT_S = 120.0


def server_binary():
    """The stori-server to run; raises unittest.SkipTest when there is none."""
    binary = os.environ.get("STORI_SERVER_BIN")
    if not binary:
        binary = os.path.join(REPO, "build", "server", "stori-server")
        if not os.path.isfile(binary):
            raise unittest.SkipTest("no stori-server at %s (build it, or set STORI_SERVER_BIN)"
                                    % binary)
    if not os.access(binary, os.X_OK):
        raise RuntimeError("STORI_SERVER_BIN=%s is not an executable file" % binary)
    return binary


def model_dir():
    return os.environ.get("STORI_MODEL_DIR") or os.path.join(REPO, "models", "stori-remi", "v3")


class ServerProcess:
    """One stori-server, without a metrics listener (--metrics_port=0, so that servers started
    side by side do not compete for its port). Not thread-safe; one test drives it."""

    def __init__(self, *extra_flags):
        self.log = tempfile.NamedTemporaryFile(prefix="stori-server-", suffix=".log",
                                               delete=False)
        self.process = subprocess.Popen(
            [server_binary(), "--address=127.0.0.1", "--port=0", "--model_path=" + model_dir(),
             "--threads=2", "--metrics_port=0",
             # The suite tests the contract, not the overload policy (tests/server and
             # tools/load do): with ctest -j2 on a 2-core machine a call may wait longer than
             # the default 2 s for a thread without that being a failure.
             "--max_queue_wait_ms=60000", *extra_flags],
            stdout=self.log, stderr=subprocess.STDOUT, cwd=REPO)
        try:
            self.port = self._wait_for_port()
        except BaseException:
            self.stop()
            raise

    @property
    def target(self):
        return "127.0.0.1:%d" % self.port

    def log_text(self):
        with open(self.log.name, "r", errors="replace") as f:
            return f.read()

    def _wait_for_port(self):
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while time.monotonic() < deadline:
            match = re.search(r"event=server_started .*?\bport=(\d+)", self.log_text())
            if match:
                return int(match.group(1))
            if self.process.poll() is not None:
                raise RuntimeError("stori-server exited with %d before listening:\n%s"
                                   % (self.process.returncode, self.log_text()[-4000:]))
            time.sleep(0.05)
        raise RuntimeError("stori-server logged no event=server_started in %.0f s:\n%s"
                           % (STARTUP_TIMEOUT_S, self.log_text()[-4000:]))

    def signal(self, sig=signal.SIGTERM):
        if self.process.poll() is None:
            self.process.send_signal(sig)

    def wait(self, timeout_s):
        """The exit status, or None if the process still runs after timeout_s."""
        try:
            return self.process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            return None

    def stop(self, timeout_s=10.0):
        """SIGTERM, then SIGKILL after timeout_s; removes the log. Returns the exit status."""
        self.signal(signal.SIGTERM)
        status = self.wait(timeout_s)
        if status is None:
            self.process.kill()
            status = self.process.wait()
        self.log.close()
        if os.path.exists(self.log.name):
            os.unlink(self.log.name)
        return status
