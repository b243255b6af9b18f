"""Scaling out, measured on one machine: two stori-server processes on 127.0.0.1 stand in for two
replicas behind the headless Kubernetes Service, and StoriClient(..., round_robin=True) gets both
addresses from an `ipv4:` target (in a cluster: `dns:///stori-generation-headless.<ns>.svc...`).

- GenerateSection calls spread over both servers (counted from each server's log: the
  `event=request_end ... composition_id=... code=0` line of every call).
- One server gets SIGTERM while a call is in flight on it: that call finishes there (the drain),
  calls the client sends to it meanwhile are answered UNAVAILABLE and the client's retry policy
  sends them to the other server, and once it has exited every call goes to the other. No call
  fails.
- With client-side health checking in the service config (gRPC's `healthCheckConfig`, passed here
  through StoriClient's `options`), round_robin stops picking the draining server as soon as its
  health turns NOT_SERVING, so a longer run of calls during the drain meets no UNAVAILABLE at
  all. Without it every other call of a busy client hits the draining server once, and gRPC's
  retry throttling (stori_client.channel: 10 tokens, retries stop at 5) lets an UNAVAILABLE
  through after about six in a row.

Requests are FAST, 2 bars, drums only (the long in-flight call: 32 bars, 4 tracks). ctest's
python_contract_suite runs this with the contract suite (STORI_SERVER_BIN, STORI_MODEL_DIR); by
hand, from the repository root:

    PYTHONPATH=build/python:clients/python /usr/bin/python3 -m unittest \
        clients/python/tests/test_round_robin.py -v
"""
import os
import re
import signal
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from server_process import STARTUP_TIMEOUT_S, ServerProcess  # noqa: E402
from stori_client import StoriClient, channel  # noqa: E402
CALL_TIMEOUT_S = 60.0
# Long enough for the in-flight call to finish inside the drain (it is cancelled 2 s before).
SHUTDOWN_GRACE_S = 60


def short_request(composition_id):
    return {"genre": "pop", "tempo": 100, "instruments": ["drums"], "bars": 2,
            "quality_preset": "fast", "composition_id": composition_id}


def long_request(composition_id):
    return {"genre": "pop", "tempo": 100, "instruments": ["drums", "bass", "piano", "melody"],
            "bars": 32, "quality_preset": "fast", "composition_id": composition_id}


class CountingServer(ServerProcess):
    """A ServerProcess whose log the test reads: calls served and refused, drain and exit."""

    def __init__(self):
        super().__init__("--shutdown_grace_s=%d" % SHUTDOWN_GRACE_S)
        self.proc = self.process

    def text(self):
        return self.log_text()

    def wait_for(self, pattern, timeout_s=STARTUP_TIMEOUT_S):
        """Returns the first match of `pattern` in the log, waiting up to timeout_s."""
        deadline = time.monotonic() + timeout_s
        while True:
            match = re.search(pattern, self.text())
            if match:
                return match
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError("stori-server (exit %s) never logged %r:\n%s"
                                     % (self.proc.returncode, pattern, self.text()[-4000:]))
            time.sleep(0.02)

    def wait_until_serving(self):
        with StoriClient(self.target) as client:
            client.wait_until_serving(timeout_s=STARTUP_TIMEOUT_S)

    def served(self, prefix):
        """Composition ids starting with `prefix` this server finished with OK."""
        return re.findall(r"event=request_end .*?composition_id=(%s\S*) .*?code=0 " % prefix,
                          self.text())

    def unavailable_count(self):
        """Calls this server answered UNAVAILABLE (code 14) while draining."""
        return len(re.findall(r"event=request_end .*?code=14 ", self.text()))

    def wait_exit(self):
        """Waits for the process to end by itself (a second SIGTERM is not sent: one is what
        Kubernetes and `docker stop` send). Returns the exit status."""
        return self.proc.wait(timeout=SHUTDOWN_GRACE_S + 10)

    def close(self):
        self.stop(timeout_s=SHUTDOWN_GRACE_S + 10)


class RoundRobinTest(unittest.TestCase):
    def setUp(self):
        self.start = time.monotonic()
        self.servers = [CountingServer(), CountingServer()]
        for server in self.servers:
            self.addCleanup(server.close)
        for server in self.servers:
            server.wait_until_serving()
        self.a, self.b = self.servers
        self.target = "ipv4:127.0.0.1:%d,127.0.0.1:%d" % (self.a.port, self.b.port)

    def tearDown(self):
        sys.stderr.write("\n  %s: %.1f s; A served %d, B served %d, A answered UNAVAILABLE %d\n"
                         % (self._testMethodName, time.monotonic() - self.start,
                            len(self.a.served("rr-")), len(self.b.served("rr-")),
                            self.a.unavailable_count()))

    def client(self, **kwargs):
        client = StoriClient(self.target, round_robin=True, timeout_s=CALL_TIMEOUT_S, **kwargs)
        self.addCleanup(client.close)
        return client

    def start_long_call_on_a(self):
        """Starts a long GenerateSection on server A alone (its own channel) and waits until A
        works on it. Returns the thread and a dict that receives "result" or "error"."""
        outcome = {}

        def call():
            with StoriClient("127.0.0.1:%d" % self.a.port, timeout_s=CALL_TIMEOUT_S) as direct:
                try:
                    outcome["result"] = direct.generate_section(long_request("rr-long"), seed=3)
                except Exception as error:  # reported by the assertions below
                    outcome["error"] = error

        thread = threading.Thread(target=call)
        thread.start()
        self.addCleanup(thread.join, CALL_TIMEOUT_S)
        self.a.wait_for(r"composition_id=rr-long\b", timeout_s=CALL_TIMEOUT_S)
        return thread, outcome

    def stop_a_and_call(self, client, prefix, count):
        """SIGTERMs A while its long call runs, then makes `count` calls through the round-robin
        client while A drains. Returns the ids of the calls made while A was still running."""
        self.a.proc.send_signal(signal.SIGTERM)
        self.a.wait_for(r"event=shutdown_started")
        during = []
        for i in range(count):
            if self.a.proc.poll() is None:
                during.append("%s-%d" % (prefix, i))
            client.generate_section(short_request("%s-%d" % (prefix, i)), seed=i)
        return during

    def assert_served_once_by(self, server, ids):
        everywhere = self.a.served("rr-") + self.b.served("rr-")
        for cid in ids:
            self.assertEqual(everywhere.count(cid), 1, "%s finished exactly once" % cid)
        self.assertEqual(sorted(set(ids) - set(server.served("rr-"))), [])

    def test_calls_spread_over_both_servers(self):
        client = self.client()
        ids = ["rr-spread-%d" % i for i in range(6)]
        for i, cid in enumerate(ids):
            result = client.generate_section(short_request(cid), seed=i)
            self.assertEqual(result.bars, 2)
        on_a, on_b = self.a.served("rr-spread"), self.b.served("rr-spread")
        self.assertEqual(sorted(on_a + on_b), sorted(ids), "each call served exactly once")
        self.assertGreaterEqual(len(on_a), 2, "A: %s, B: %s" % (on_a, on_b))
        self.assertGreaterEqual(len(on_b), 2, "A: %s, B: %s" % (on_a, on_b))

    def test_a_stopped_server_loses_no_call(self):
        client = self.client()
        for i in range(2):  # both connections up
            client.generate_section(short_request("rr-warm-%d" % i), seed=i)
        thread, outcome = self.start_long_call_on_a()
        # Four calls while A drains: the client's health checking takes A out of the rotation
        # as soon as it reports NOT_SERVING; a call racing that update meets UNAVAILABLE once and
        # is retried on B.
        during = self.stop_a_and_call(client, "rr-drain", 4)
        self.assertGreaterEqual(len(during), 2, "A was still draining during the calls")
        self.assertEqual(self.a.wait_exit(), 0, "A drains and exits 0")
        thread.join(CALL_TIMEOUT_S)
        self.assertNotIn("error", outcome)
        self.assertEqual(outcome["result"].bars, 32, "the call in flight on A finished there")
        self.assertEqual(self.a.served("rr-long"), ["rr-long"])
        self.assertLessEqual(self.a.unavailable_count(), 1)
        self.assert_served_once_by(self.b, ["rr-drain-%d" % i for i in range(4)])
        # A is gone: everything goes to B.
        ids = ["rr-gone-%d" % i for i in range(4)]
        for i, cid in enumerate(ids):
            client.generate_section(short_request(cid), seed=i)
        self.assert_served_once_by(self.b, ids)

    def test_health_checked_round_robin_avoids_a_draining_server(self):
        # Twelve calls during a drain: without health checking the retry throttle gave up after
        # six or seven UNAVAILABLEs from the draining replica.
        self.assertIn("healthCheckConfig", channel.service_config(round_robin=True))
        client = self.client()
        for i in range(2):
            client.generate_section(short_request("rr-warm-%d" % i), seed=i)
        thread, outcome = self.start_long_call_on_a()
        ids = ["rr-drain-%d" % i for i in range(12)]
        during = self.stop_a_and_call(client, "rr-drain", len(ids))
        self.assertGreaterEqual(len(during), 6, "A was still draining during the calls")
        self.assertEqual(self.a.wait_exit(), 0)
        thread.join(CALL_TIMEOUT_S)
        self.assertNotIn("error", outcome)
        self.assert_served_once_by(self.b, ids)
        # At most a call racing the health update reaches A.
        self.assertLessEqual(self.a.unavailable_count(), 1)


if __name__ == "__main__":
    unittest.main()
