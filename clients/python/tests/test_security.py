"""stori-server's security flags end to end, through StoriClient, against the real binary (issue
19, point 5): mutual TLS plus a bearer token (a client certificate from the CA and the token:
served; no certificate or plain text: refused; no or a wrong token: UNAUTHENTICATED without the
token in the message; health without a token: SERVING), a 20 MiB request answered
RESOURCE_EXHAUSTED while the server goes on, and bad security files ending the process with
status 1 and `event=startup_failed`. Certificates come from tests/server/make_test_certs.sh
(Debian's openssl) at test time.
"""
import os
import subprocess
import sys
import tempfile
import time
import unittest

import grpc

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from server_process import REPO, ServerProcess, server_binary  # noqa: E402
from stori_client import (StoriClient, UnauthenticatedError, UnavailableError,  # noqa: E402
                          stubs)

MAKE_CERTS = os.path.join(REPO, "tests", "server", "make_test_certs.sh")
TOKEN = "s3cret-T0ken_for.tests"
REQUEST = {"genre": "boom_bap", "tempo": 90, "instruments": ["drums"], "bars": 1,
           "quality_preset": "fast"}


def make_certs(directory):
    subprocess.run(["bash", MAKE_CERTS, directory], check=True, timeout=60)


def read(directory, name):
    with open(os.path.join(directory, name), "rb") as f:
        return f.read()


class StartupFailureTest(unittest.TestCase):
    """A missing or bad file: exit status 1 and one event=startup_failed line naming it."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="stori-security-")
        cls.dir = cls.tmp.name
        make_certs(cls.dir)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def path(self, name):
        return os.path.join(self.dir, name)

    def run_server(self, *flags):
        done = subprocess.run(
            [server_binary(), "--address=127.0.0.1", "--port=0", "--metrics_port=0",
             "--model_path=", *flags],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=30, cwd=REPO)
        return done.returncode, done.stdout.decode("utf-8", "replace")

    def assert_startup_failed(self, flags, reason):
        status, log = self.run_server(*flags)
        self.assertEqual(status, 1, log)
        self.assertIn("event=startup_failed", log)
        self.assertIn(reason, log)
        self.assertNotIn("event=server_started", log)

    def test_missing_certificate_file(self):
        missing = self.path("missing.pem")
        self.assert_startup_failed(
            ["--tls_cert_file=" + missing, "--tls_key_file=" + self.path("server.key")],
            "--tls_cert_file=%s: cannot open" % missing)

    def test_key_that_does_not_match_the_certificate(self):
        self.assert_startup_failed(
            ["--tls_cert_file=" + self.path("server.pem"),
             "--tls_key_file=" + self.path("client.key")],
            "gRPC refused the certificate chain or key")

    def test_empty_token_file(self):
        empty = self.path("empty.token")
        open(empty, "w").close()
        self.assert_startup_failed(["--auth_token_file=" + empty],
                                   "--auth_token_file=%s: empty" % empty)


class MutualTlsWithTokenTest(unittest.TestCase):
    """One server with --tls_cert_file, --tls_key_file, --tls_client_ca_file and
    --auth_token_file, and the model."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="stori-security-")
        cls.dir = cls.tmp.name
        make_certs(cls.dir)
        token_file = os.path.join(cls.dir, "token")
        with open(token_file, "w") as f:
            f.write(TOKEN + "\n")
        cls.server = ServerProcess(
            "--tls_cert_file=" + os.path.join(cls.dir, "server.pem"),
            "--tls_key_file=" + os.path.join(cls.dir, "server.key"),
            "--tls_client_ca_file=" + os.path.join(cls.dir, "ca.pem"),
            "--auth_token_file=" + token_file)
        try:
            with cls.client(bearer_token=None) as client:  # health needs no token
                client.wait_until_serving(timeout_s=120)
        except BaseException:
            cls.server.stop()
            cls.tmp.cleanup()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.tmp.cleanup()

    @classmethod
    def client(cls, bearer_token=TOKEN, certificate=True, secure=True):
        tls = {}
        if secure:
            tls = {"secure": True, "root_certificates": read(cls.dir, "ca.pem")}
            if certificate:
                tls.update(private_key=read(cls.dir, "client.key"),
                           certificate_chain=read(cls.dir, "client.pem"))
        return StoriClient(cls.server.target, timeout_s=60, bearer_token=bearer_token,
                           max_attempts=1, **tls)

    def test_startup_log_names_the_modes_but_not_the_token(self):
        log = self.server.log_text()
        self.assertRegex(log, r"event=server_started .* tls=mutual bearer_token=required")
        self.assertNotIn(TOKEN, log)

    def test_certificate_and_token_are_served(self):
        with self.client() as client:
            result = client.generate_section(REQUEST, seed=7)
        self.assertEqual(result.proto.bars, 1)
        self.assertGreater(sum(len(t["notes"]) for t in result.tracks), 0)

    def test_missing_token_is_unauthenticated(self):
        with self.client(bearer_token=None) as client:
            with self.assertRaises(UnauthenticatedError) as refused:
                client.generate_section(REQUEST)
        self.assertIn("missing bearer token", refused.exception.message)

    def test_wrong_token_is_unauthenticated_without_echoing_it(self):
        with self.client(bearer_token="wrong-" + TOKEN) as client:
            with self.assertRaises(UnauthenticatedError) as refused:
                client.generate_section(REQUEST)
        self.assertEqual(refused.exception.message, "invalid bearer token")
        self.assertNotIn(TOKEN, str(refused.exception))
        self.assertNotIn(TOKEN, self.server.log_text())

    def test_health_needs_no_token(self):
        with self.client(bearer_token=None) as client:
            self.assertTrue(client.is_serving())

    def test_client_without_certificate_is_refused(self):
        with self.client(certificate=False) as client:
            self.assertFalse(client.is_serving())
            with self.assertRaises(UnavailableError):
                client.generate_section(REQUEST, timeout_s=10)

    def test_plaintext_client_is_refused(self):
        with self.client(secure=False) as client:
            self.assertFalse(client.is_serving())
            with self.assertRaises(UnavailableError):
                client.generate_section(REQUEST, timeout_s=10)

    def test_oversize_request_is_resource_exhausted_and_the_server_goes_on(self):
        # A raw channel: StoriClient itself refuses to send more than 4 MiB.
        credentials = grpc.ssl_channel_credentials(read(self.dir, "ca.pem"),
                                                   read(self.dir, "client.key"),
                                                   read(self.dir, "client.pem"))
        generated = stubs.load()
        with grpc.secure_channel(self.server.target, credentials) as channel:
            stub = generated.service_pb2_grpc.GenerationServiceStub(channel)
            big = generated.service_pb2.GenerateSectionRequest(request_json=" " * (20 << 20))
            start = time.monotonic()
            with self.assertRaises(grpc.RpcError) as refused:
                stub.GenerateSection(big, timeout=30,
                                     metadata=(("authorization", "Bearer " + TOKEN),))
            self.assertLess(time.monotonic() - start, 5.0)
            self.assertEqual(refused.exception.code(), grpc.StatusCode.RESOURCE_EXHAUSTED)
            self.assertIn("larger than max", refused.exception.details())
        with self.client() as client:
            self.assertTrue(client.is_serving())
            self.assertEqual(client.generate_section(REQUEST, seed=8).proto.bars, 1)


if __name__ == "__main__":
    unittest.main()
