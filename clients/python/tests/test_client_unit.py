"""Unit tests of stori_client that need no stori-server: note shaping, error decoding from a
fabricated grpc-status-details-bin, the service config, request serialization, and the channel's
retries against an in-process fake GenerationService (grpc.server on 127.0.0.1:0).

    /usr/bin/python3 -m unittest discover -s clients/python/tests -v
"""
import json
import math
import os
import re
import shutil
import sys
import tempfile
import threading
import unittest
from concurrent import futures

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import grpc  # noqa: E402

from stori_client import (InvalidRequestError, OverloadedError, SectionResult,  # noqa: E402
                          StoriClient, StoriError, channel, errors, health, request_json, stubs,
                          typed_seed)

pb = stubs.load()


def make_result():
    """A SectionResult proto with one drum and one piano track, 6/8, CC, bend, aftertouch."""
    music = pb.music_pb2
    r = pb.result_pb2.SectionResult(section_index=0, section_id="main", ppq=480, tempo_bpm=90,
                                    key="F# minor", bars=2, seed_used=(1 << 63) + 5)
    r.time_signature.numerator, r.time_signature.denominator = 6, 8
    r.emotion_vector.energy, r.emotion_vector.tension = 0.5, 0.3
    drums = r.tracks.add(track_id="drums", name="Drums", role=music.TRACK_ROLE_DRUMS, channel=9)
    drums.notes.add(pitch=36, velocity=100, start_beat=0.0, duration_beats=0.25, start_tick=0,
                    duration_ticks=120)
    drums.notes.add(pitch=42, velocity=80, start_beat=0.5, duration_beats=0.25, start_tick=240,
                    duration_ticks=120)
    pads = r.tracks.add(track_id="pads", name="Pads", role=music.TRACK_ROLE_PAD, program=90,
                        channel=2)
    pads.notes.add(pitch=60, velocity=70, start_beat=1.5, duration_beats=3.0, start_tick=720,
                   duration_ticks=1440)
    pads.control_changes.add(controller=64, value=127, beat=1.5, tick=720)
    pads.pitch_bends.add(value=-8192, beat=2.0, tick=960)
    pads.aftertouches.add(value=40, beat=2.0, tick=960)
    pads.aftertouches.add(pitch=60, value=50, beat=2.5, tick=1200)
    r.warnings.add(field_path="foo", message="unknown field \"foo\" ignored")
    attrs = r.attributes.add(track_id="pads")
    attrs.attributes.add(name="velocity_mean", target=70, measured=71.5, target_bin=3,
                         measured_bin=3)
    return r


class NoteShapeTest(unittest.TestCase):
    def setUp(self):
        self.result = SectionResult(make_result())

    def test_notes_carry_both_spellings_and_the_track_channel(self):
        notes = self.result.notes_by_role()
        self.assertEqual(list(notes), ["drums", "pads"])
        self.assertEqual(notes["drums"][1], {
            "pitch": 42, "start_beat": 0.5, "startBeat": 0.5, "duration_beats": 0.25,
            "durationBeats": 0.25, "velocity": 80, "channel": 9})
        self.assertEqual(notes["pads"][0]["channel"], 2)
        # JSON-ready: plain ints and floats only.
        self.assertEqual(json.loads(json.dumps(notes)), notes)

    def test_events_in_stori_shape(self):
        self.assertEqual(self.result.cc_by_role()["pads"], [{"cc": 64, "beat": 1.5, "value": 127}])
        self.assertEqual(self.result.pitch_bends_by_role()["pads"], [{"beat": 2.0,
                                                                      "value": -8192}])
        self.assertEqual(self.result.aftertouch_by_role()["pads"],
                         [{"beat": 2.0, "value": 40}, {"beat": 2.5, "value": 50, "pitch": 60}])
        self.assertEqual(self.result.cc_by_role()["drums"], [])

    def test_tracks_name_role_program_channel(self):
        pads = self.result.track("pads")
        self.assertEqual((pads["role"], pads["program"], pads["channel"]), ("pad", 90, 2))
        self.assertEqual(self.result.track("drums")["role"], "drums")
        self.assertIsNone(self.result.track("nope"))

    def test_returned_lists_are_copies(self):
        self.result.notes_by_role()["drums"][0]["pitch"] = 0
        self.result.notes_by_role()["drums"].clear()
        self.assertEqual(self.result.notes_by_role()["drums"][0]["pitch"], 36)

    def test_frame_seed_key_emotion_warnings_attributes(self):
        r = self.result
        self.assertEqual(r.time_signature, (6, 8))
        self.assertEqual(r.beats_per_bar, 3.0)
        self.assertEqual(r.seed_used, (1 << 63) + 5)
        self.assertEqual(r.key, "F# minor")
        self.assertEqual(r.emotion_vector, {"energy": 0.5, "valence": 0.0, "tension": 0.3,
                                            "intimacy": 0.0, "motion": 0.0})
        self.assertEqual(r.warnings, [{"field_path": "foo",
                                       "message": "unknown field \"foo\" ignored"}])
        self.assertEqual(r.attributes["pads"]["velocity_mean"],
                         {"target": 70.0, "measured": 71.5, "target_bin": 3, "measured_bin": 3})

    def test_write_midi(self):
        proto = make_result()
        proto.midi_file = b"MThd\x00\x00\x00\x06"
        folder = tempfile.mkdtemp()
        try:
            path = os.path.join(folder, "s.mid")
            SectionResult(proto).write_midi(path)
            with open(path, "rb") as f:
                self.assertEqual(f.read(), b"MThd\x00\x00\x00\x06")
        finally:
            shutil.rmtree(folder)

    def test_missing_meter_reads_as_four_four(self):
        self.assertEqual(SectionResult(pb.result_pb2.SectionResult()).beats_per_bar, 4.0)


class FakeRpcError(grpc.RpcError):
    def __init__(self, code, details, trailing):
        super().__init__()
        self._code, self._details, self._trailing = code, details, trailing

    def code(self):
        return self._code

    def details(self):
        return self._details

    def trailing_metadata(self):
        return self._trailing


def status_details(*violations, extra_detail=None) -> bytes:
    status = pb.status_pb2.Status(code=3, message="%d invalid field(s)" % len(violations))
    if extra_detail is not None:
        status.details.add().Pack(extra_detail)
    bad = pb.error_details_pb2.BadRequest()
    for field, description in violations:
        bad.field_violations.add(field=field, description=description)
    status.details.add().Pack(bad)
    return status.SerializeToString()


class ErrorDecodingTest(unittest.TestCase):
    def test_bad_request_violations_decoded_in_order(self):
        details = status_details(
            ("flat.tempo_bpm", "must be in [20, 300]; got 500"),
            ("flat.emotion_vector.energy", "must be in [0, 1]; got 1.5"),
            extra_detail=pb.error_details_pb2.RetryInfo())
        error = errors.from_rpc_error(FakeRpcError(
            grpc.StatusCode.INVALID_ARGUMENT, "2 invalid field(s)",
            (("content-type", "application/grpc"), (errors.STATUS_DETAILS_KEY, details))))
        self.assertIsInstance(error, InvalidRequestError)
        self.assertEqual(error.code, grpc.StatusCode.INVALID_ARGUMENT)
        self.assertEqual(error.message, "2 invalid field(s)")
        self.assertEqual([v.field for v in error.field_violations],
                         ["flat.tempo_bpm", "flat.emotion_vector.energy"])
        self.assertIn("got 500", error.field_violations[0].description)
        self.assertEqual(error.status.code, 3)
        self.assertIn("flat.tempo_bpm", str(error))
        self.assertFalse(error.retryable)

    def test_corrupt_or_absent_details_still_give_the_error(self):
        for trailing in ((), None, ((errors.STATUS_DETAILS_KEY, b"\xff\xff\xff"),)):
            with self.subTest(trailing=trailing):
                error = errors.from_rpc_error(
                    FakeRpcError(grpc.StatusCode.INVALID_ARGUMENT, "bad", trailing))
                self.assertIsInstance(error, InvalidRequestError)
                self.assertEqual(error.field_violations, [])

    def test_codes_map_to_subclasses(self):
        overloaded = errors.from_rpc_error(
            FakeRpcError(grpc.StatusCode.RESOURCE_EXHAUSTED, "full", ()))
        self.assertIsInstance(overloaded, OverloadedError)
        self.assertTrue(overloaded.retryable)
        internal = errors.from_rpc_error(FakeRpcError(grpc.StatusCode.INTERNAL, "x", ()))
        self.assertIs(type(internal), StoriError)
        unauthenticated = errors.from_rpc_error(
            FakeRpcError(grpc.StatusCode.UNAUTHENTICATED, "invalid bearer token", ()))
        self.assertIsInstance(unauthenticated, errors.UnauthenticatedError)
        self.assertFalse(unauthenticated.retryable)


class ClientCertificateArgumentsTest(unittest.TestCase):
    def test_key_and_chain_go_together_and_need_tls(self):
        with self.assertRaises(ValueError):
            StoriClient("127.0.0.1:1", secure=True, private_key=b"k")
        with self.assertRaises(ValueError):
            StoriClient("127.0.0.1:1", secure=True, certificate_chain=b"c")
        with self.assertRaises(ValueError):
            StoriClient("127.0.0.1:1", private_key=b"k", certificate_chain=b"c")


class ServiceConfigTest(unittest.TestCase):
    def options(self, **kwargs):
        return dict(channel.channel_options(**kwargs))

    def test_service_config_is_json_with_the_retry_policy(self):
        config = json.loads(self.options()["grpc.service_config"])
        (method,) = config["methodConfig"]
        self.assertEqual(method["name"], [{"service": "stori.generation.v1.GenerationService"}])
        policy = method["retryPolicy"]
        self.assertEqual(sorted(policy["retryableStatusCodes"]),
                         ["RESOURCE_EXHAUSTED", "UNAVAILABLE"])
        self.assertEqual(policy["maxAttempts"], 4)
        for key in ("initialBackoff", "maxBackoff"):
            self.assertRegex(policy[key], r"^\d+(\.\d+)?s$")
        self.assertGreater(policy["backoffMultiplier"], 1)
        self.assertIn("retryThrottling", config)
        self.assertNotIn("loadBalancingConfig", config)

    def test_round_robin_and_options(self):
        options = self.options(round_robin=True)
        config = json.loads(options["grpc.service_config"])
        self.assertEqual(config["loadBalancingConfig"], [{"round_robin": {}}])
        self.assertEqual(options["grpc.enable_retries"], 1)
        self.assertGreater(options["grpc.keepalive_time_ms"], 0)
        self.assertEqual(options["grpc.max_receive_message_length"], 16 << 20)

    def test_single_attempt_has_no_retry_policy_and_bounds_are_checked(self):
        config = channel.service_config(max_attempts=1)
        self.assertNotIn("retryPolicy", config["methodConfig"][0])
        for bad in (0, 6):
            with self.assertRaises(ValueError):
                channel.service_config(max_attempts=bad)

    def test_extra_options_replace_the_clients(self):
        options = channel.channel_options(extra=[("grpc.keepalive_time_ms", 5000)])
        self.assertEqual([v for k, v in options if k == "grpc.keepalive_time_ms"], [5000])


class RequestJsonTest(unittest.TestCase):
    def test_dict_str_bytes(self):
        request = {"genre": "boom_bap", "tempo": 90, "instruments": ["drums"], "bars": 4,
                   "title": "Café"}
        self.assertEqual(json.loads(request_json(request)), request)
        self.assertIn("Café", request_json(request))
        self.assertEqual(request_json('{"bars": 4}'), '{"bars": 4}')
        self.assertEqual(request_json(b'{"bars": 4}'), '{"bars": 4}')
        big = (1 << 63) + 12345
        self.assertEqual(json.loads(request_json({"seed": big, "bars": 4, "x": [-big, True]})),
                         {"seed": str(big), "bars": 4, "x": [str(-big), True]})
        self.assertEqual(json.loads(request_json({"seed": (1 << 53) - 1}))["seed"], (1 << 53) - 1)
        with self.assertRaises(ValueError):
            request_json({"tempo": math.nan})
        with self.assertRaises(TypeError):
            request_json(["not", "an", "object"])

    def test_seed_goes_on_the_typed_field(self):
        big = (1 << 63) + 12345
        self.assertEqual(typed_seed({}, big), big)
        self.assertEqual(typed_seed({"seed": big}, None), big)
        self.assertEqual(typed_seed({"seed": str(big)}, None), big)
        self.assertEqual(typed_seed({"seed": 1}, 2), 2)  # the argument wins
        for ignored in ({"seed": True}, {"seed": -1}, {"seed": 1.5}, {"seed": 1 << 64}, {},
                        '{"seed": 7}'):
            self.assertIsNone(typed_seed(ignored, None))
        for bad in (-1, 1 << 64, 1.0, True):
            with self.assertRaises(ValueError):
                typed_seed({}, bad)


class FakeGenerationService(pb.service_pb2_grpc.GenerationServiceServicer):
    """Fails the first `failures` GenerateSection calls with `code`, then answers."""

    def __init__(self, failures=0, code=grpc.StatusCode.RESOURCE_EXHAUSTED, details=None):
        self.failures, self.code, self.details = failures, code, details
        self.requests, self.metadata = [], []
        self.lock = threading.Lock()

    def GenerateSection(self, request, context):
        with self.lock:
            self.requests.append(request)
            self.metadata.append(dict(context.invocation_metadata()))
            fail = len(self.requests) <= self.failures
        if fail:
            if self.details is not None:
                context.set_trailing_metadata(((errors.STATUS_DETAILS_KEY, self.details),))
            context.abort(self.code, "fake failure")
        result = make_result()
        result.seed_used = request.seed
        return pb.service_pb2.GenerateSectionResponse(result=result)

    def GenerateSong(self, request, context):
        for i in range(3):
            yield pb.service_pb2.GenerateSongResponse(
                progress=pb.service_pb2.GenerationProgress(
                    section_index=i, sections_total=3, sections_done=i,
                    stage=pb.service_pb2.SONG_STAGE_GENERATING))
            yield pb.service_pb2.GenerateSongResponse(
                section=pb.result_pb2.SectionResult(section_index=i, section_id="s%d" % i))


def health_handler(status):
    request_class, response_class = health.messages()
    return grpc.method_handlers_generic_handler("grpc.health.v1.Health", {
        "Check": grpc.unary_unary_rpc_method_handler(
            lambda request, context: response_class(status=status),
            request_deserializer=request_class.FromString,
            response_serializer=response_class.SerializeToString)})


class FakeServerTest(unittest.TestCase):
    """The client's channel against an in-process server: retries, error details on the wire,
    what the request carries, the song stream, health."""

    def start(self, service, health_status=health.SERVING):
        self.server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
        pb.service_pb2_grpc.add_GenerationServiceServicer_to_server(service, self.server)
        self.server.add_generic_rpc_handlers((health_handler(health_status),))
        port = self.server.add_insecure_port("127.0.0.1:0")
        self.server.start()
        self.addCleanup(self.server.stop, None)
        return "127.0.0.1:%d" % port

    def test_resource_exhausted_is_retried_and_the_request_carries_json_and_seed(self):
        service = FakeGenerationService(failures=2)
        request = {"genre": "boom_bap", "tempo": 90, "instruments": ["drums"], "bars": 4}
        big = (1 << 63) + 7
        with StoriClient(self.start(service), timeout_s=20, bearer_token="t0k") as client:
            result = client.generate_section(request, seed=big)
        self.assertEqual(len(service.requests), 3)  # 2 failures + the answer
        self.assertEqual(json.loads(service.requests[-1].request_json), request)
        self.assertEqual(service.requests[-1].seed, big)
        self.assertEqual(result.seed_used, big)
        self.assertEqual(service.metadata[-1].get("authorization"), "Bearer t0k")

    def test_retries_run_out_as_overloaded(self):
        service = FakeGenerationService(failures=100)
        with StoriClient(self.start(service), timeout_s=20) as client:
            with self.assertRaises(OverloadedError):
                client.generate_section({"bars": 4})
        self.assertEqual(len(service.requests), channel.MAX_ATTEMPTS)

    def test_invalid_argument_is_not_retried_and_names_the_field(self):
        service = FakeGenerationService(
            failures=1, code=grpc.StatusCode.INVALID_ARGUMENT,
            details=status_details(("flat.tempo_bpm", "must be in [20, 300]; got 500")))
        with StoriClient(self.start(service), timeout_s=20) as client:
            with self.assertRaises(InvalidRequestError) as caught:
                client.generate_section({"tempo": 500})
        self.assertEqual(len(service.requests), 1)
        self.assertEqual(caught.exception.field_violations[0].field, "flat.tempo_bpm")

    def test_round_robin_over_a_dns_target(self):
        port = self.start(FakeGenerationService()).rsplit(":", 1)[1]
        with StoriClient("dns:///127.0.0.1:%s" % port, round_robin=True, timeout_s=20) as client:
            self.assertEqual(client.generate_section({"bars": 4}, seed=3).seed_used, 3)

    def test_song_yields_sections_in_order_and_reports_progress(self):
        progress = []
        with StoriClient(self.start(FakeGenerationService()), timeout_s=20) as client:
            sections = list(client.generate_song({"rms": {}}, on_progress=progress.append))
        self.assertEqual([s.section_id for s in sections], ["s0", "s1", "s2"])
        self.assertEqual([p["section_index"] for p in progress], [0, 1, 2])
        self.assertEqual(progress[0]["stage"], "generating")

    def test_health(self):
        with StoriClient(self.start(FakeGenerationService()), timeout_s=20) as client:
            self.assertTrue(client.is_serving())
            client.wait_until_serving(timeout_s=5)
        with StoriClient(self.start(FakeGenerationService(), health.NOT_SERVING)) as client:
            self.assertFalse(client.is_serving())
            with self.assertRaises(TimeoutError):
                client.wait_until_serving(timeout_s=0.5, poll_s=0.1)


class StubsTest(unittest.TestCase):
    def test_cache_folder_follows_the_protos(self):
        folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, folder)
        proto_dir = os.path.join(folder, "proto")
        shutil.copytree(stubs.default_proto_dir(), proto_dir)
        before = stubs.cache_dir(proto_dir)
        self.assertRegex(os.path.basename(before), r"^[0-9a-f]{16}$")
        with open(os.path.join(proto_dir, "stori", "generation", "v1", "emotion.proto"),
                  "a") as f:
            f.write("\n// changed\n")
        self.assertNotEqual(stubs.cache_dir(proto_dir), before)

    def test_generate_writes_importable_stubs(self):
        folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, folder)
        out = os.path.join(folder, "stubs")
        stubs.generate(stubs.default_proto_dir(), out)
        for rel in ("stori/generation/v1/service_pb2.py", "stori/generation/v1/service_pb2_grpc.py",
                    "google/rpc/error_details_pb2.py"):
            self.assertTrue(os.path.isfile(os.path.join(out, rel)), rel)
        self.assertEqual([n for n in os.listdir(folder) if re.match(r"^\.stubs-", n)], [])


if __name__ == "__main__":
    unittest.main()
