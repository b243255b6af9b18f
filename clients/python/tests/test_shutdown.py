"""Graceful shutdown of stori-server on SIGTERM, with a call in flight (issue 19, point 3): health
turns NOT_SERVING, new calls are refused with UNAVAILABLE at once, the call in flight finishes
with its notes, and the process exits 0 within --shutdown_grace_s.
"""
import os
import sys
import threading
import time
import unittest

import grpc

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from server_process import ServerProcess  # noqa: E402
from stori_client import StoriClient, StoriError  # noqa: E402
from stori_client import stubs  # noqa: E402

GRACE_S = 60
# Long enough to be in flight when SIGTERM comes (~3-4 s on 2 cores), short enough for CI.
LONG_REQUEST = {"genre": "pop", "tempo": 100, "bars": 32, "quality_preset": "fast",
                "instruments": ["drums", "bass", "piano", "melody"], "seed": 3}


class GracefulShutdownTest(unittest.TestCase):
    def test_sigterm_drains_the_call_in_flight_refuses_new_ones_and_exits_zero(self):
        server = ServerProcess("--shutdown_grace_s=%d" % GRACE_S)
        client = StoriClient(server.target, timeout_s=60)
        try:
            client.wait_until_serving(timeout_s=120)
            outcome = {}

            def long_call():
                try:
                    outcome["result"] = client.generate_section(LONG_REQUEST)
                except StoriError as e:  # pragma: no cover - reported by the assertion below
                    outcome["error"] = e

            worker = threading.Thread(target=long_call)
            worker.start()
            deadline = time.monotonic() + 30
            while "event=request_start rpc=GenerateSection" not in server.log_text():
                self.assertLess(time.monotonic(), deadline, "the long call never started")
                time.sleep(0.02)
            time.sleep(0.3)  # decoding
            sent = time.monotonic()
            server.signal()

            # Health says NOT_SERVING while the call drains.
            deadline = time.monotonic() + 5
            while client.is_serving():
                self.assertLess(time.monotonic(), deadline, "health still SERVING after SIGTERM")
                time.sleep(0.02)
            self.assertIn("event=shutdown_started", server.log_text())

            # A new call is refused at once with UNAVAILABLE (raw stub: no retries).
            generated = stubs.load()
            service_pb2, service_pb2_grpc = generated.service_pb2, generated.service_pb2_grpc
            with grpc.insecure_channel(server.target) as channel:
                stub = service_pb2_grpc.GenerationServiceStub(channel)
                request = service_pb2.GenerateSectionRequest(
                    request_json='{"tempo": 90, "bars": 2, "instruments": ["drums"]}')
                with self.assertRaises(grpc.RpcError) as refused:
                    stub.GenerateSection(request, timeout=5)
                self.assertEqual(refused.exception.code(), grpc.StatusCode.UNAVAILABLE)
                self.assertIn("shutting down", refused.exception.details())

            worker.join(timeout=GRACE_S + 10)
            self.assertNotIn("error", outcome, outcome.get("error"))
            result = outcome["result"]
            self.assertEqual(result.proto.bars, 32)
            self.assertGreater(sum(len(t["notes"]) for t in result.tracks), 0)
            status = server.wait(GRACE_S)
            self.assertEqual(status, 0, server.log_text()[-3000:])
            self.assertLess(time.monotonic() - sent, GRACE_S)
            self.assertIn("event=shutdown_done cancelled_inflight=0", server.log_text())
        finally:
            client.close()
            server.stop()


if __name__ == "__main__":
    unittest.main()
