#!/usr/bin/env python3
"""Load and soak generator for stori-server (issue 19 point 7).

Drives GenerateSection at a fixed concurrency against one server with grpc.aio: `--concurrency`
workers each send a call, wait for its answer and send the next, until `--duration_s` has passed
or `--max_calls` calls were sent (both bounds always apply). Requests are built as the Stori
backend sends them: flat JSON in `request_json` (genre, tempo, key, instruments, bars) with no
EmotionVector and no control values, drawn from a seeded generator so a run is repeatable.
Refusals are not retried: RESOURCE_EXHAUSTED is counted as a deliberate overload answer, and
the worker that got it waits the google.rpc.RetryInfo delay the server sent (at most
`--max_retry_pause_s`) before its next call, as a well-behaved client does.

Before the load, `--solo_calls` calls run one at a time to measure the solo latency the overload
bound is stated against. While it runs, the server's resident memory is sampled every
`--sample_s` seconds from its Prometheus /metrics (`process_resident_memory_bytes`).

Prints one line per `--report_s` interval and writes a JSON summary to `--out` (latency
percentiles of OK calls, throughput, counts by status code, RSS samples, the RSS growth from
the first full minute to the end). Exit status: 0, or 1 when a call ended with a code other
than OK or RESOURCE_EXHAUSTED (or RESOURCE_EXHAUSTED when `--no_refusals`), 2 on bad usage.

    tools/load/stori_load.py --target 127.0.0.1:50051 --metrics http://127.0.0.1:9464/metrics \\
        --concurrency 2 --duration_s 600 --out soak.json
"""
import argparse
import asyncio
import json
import os
import random
import sys
import time
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

GENRES = ["pop", "lofi", "boom_bap", "house", "indie folk", "funk", "rnb", "rock"]
KEYS = ["C", "Am", "G", "Em", "F", "Dm", "D", "Bm", "Eb", "Cm", "A", "F#m"]
INSTRUMENT_SETS = [
    ["drums", "bass", "piano", "melody"],
    ["drums", "bass", "electric_piano", "lead"],
    ["drums", "bass", "guitar", "strings"],
]


def import_stubs(stubs_dir):
    sys.path.insert(0, stubs_dir)
    import grpc  # noqa: F401  (python3-grpcio)
    from stori.generation.v1 import service_pb2, service_pb2_grpc  # noqa: E402
    return service_pb2, service_pb2_grpc


def retry_delay_s(error):
    """The RetryInfo delay in a refusal's grpc-status-details-bin trailer, or None."""
    from google.rpc import error_details_pb2, status_pb2
    for key, value in (error.trailing_metadata() or ()):
        if key != "grpc-status-details-bin":
            continue
        status = status_pb2.Status()
        status.ParseFromString(value)
        for detail in status.details:
            info = error_details_pb2.RetryInfo()
            if detail.Unpack(info):
                return info.retry_delay.seconds + info.retry_delay.nanos / 1e9
    return None


def user_request(rng, bars, preset):
    """A flat request as Stori sends it (README "What the service accepts")."""
    body = {
        "genre": rng.choice(GENRES),
        "tempo": rng.randint(70, 140),
        "key": rng.choice(KEYS),
        "instruments": rng.choice(INSTRUMENT_SETS),
        "bars": bars,
        "seed": str(rng.getrandbits(63)),
    }
    if preset:
        body["quality_preset"] = preset
    return json.dumps(body)


def percentile(sorted_values, p):
    if not sorted_values:
        return None
    k = (len(sorted_values) - 1) * p / 100.0
    lo = int(k)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (k - lo)


def read_pid_rss_bytes(pid):
    try:
        with open("/proc/%d/statm" % pid) as f:
            return float(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, IndexError, ValueError):
        return None


def read_rss_bytes(metrics_url):
    try:
        with urllib.request.urlopen(metrics_url, timeout=5) as response:
            for line in response.read().decode().splitlines():
                if line.startswith("process_resident_memory_bytes"):
                    return float(line.split()[-1])
    except OSError:
        return None
    return None


def sample_rss(args):
    """The server's resident bytes: from /proc with --server_pid, else from --metrics."""
    if args.server_pid:
        return read_pid_rss_bytes(args.server_pid)
    if args.metrics:
        return read_rss_bytes(args.metrics)
    return None


class Stats:
    def __init__(self):
        self.calls = []  # (start_s, end_s, code_name, latency_s)
        self.retry_delays = []  # RetryInfo delay of each refusal, None when it had none

    def add(self, start, end, code):
        self.calls.append((start, end, code, end - start))

    def summary(self, since=None, until=None):
        chosen = [c for c in self.calls
                  if (since is None or c[1] >= since) and (until is None or c[1] < until)]
        codes = {}
        for c in chosen:
            codes[c[2]] = codes.get(c[2], 0) + 1
        ok = sorted(c[3] for c in chosen if c[2] == "OK")
        refused = sorted(c[3] for c in chosen if c[2] == "RESOURCE_EXHAUSTED")
        span = None
        if since is not None and until is not None:
            span = until - since
        elif chosen:
            span = max(c[1] for c in chosen) - min(c[0] for c in chosen)
        return {
            "calls": len(chosen),
            "codes": codes,
            "ok_latency_s": {
                "p50": percentile(ok, 50), "p95": percentile(ok, 95), "p99": percentile(ok, 99),
                "max": ok[-1] if ok else None,
                "mean": sum(ok) / len(ok) if ok else None,
            },
            "refusal_latency_s": {"p50": percentile(refused, 50), "p99": percentile(refused, 99),
                                  "max": refused[-1] if refused else None},
            "ok_per_s": (len(ok) / span) if span else None,
        }


async def one_call(stub, service_pb2, request_json, deadline_s, grpc):
    """Returns (start, end, code name, retry delay in seconds or None)."""
    request = service_pb2.GenerateSectionRequest(request_json=request_json)
    start = time.monotonic()
    delay = None
    try:
        await stub.GenerateSection(request, timeout=deadline_s)
        code = "OK"
    except grpc.aio.AioRpcError as e:
        code = e.code().name
        delay = retry_delay_s(e)
    return start, time.monotonic(), code, delay


async def run(args):
    service_pb2, service_pb2_grpc = import_stubs(args.stubs)
    import grpc
    rng = random.Random(args.seed)
    stats = Stats()
    rss = []  # (seconds since load start, bytes)
    async with grpc.aio.insecure_channel(args.target) as channel:
        stub = service_pb2_grpc.GenerationServiceStub(channel)
        await asyncio.wait_for(channel.channel_ready(), timeout=60)
        solo = []
        for _ in range(args.solo_calls):
            start, end, code, _ = await one_call(stub, service_pb2,
                                                 user_request(rng, args.bars, args.preset),
                                                 args.deadline_s, grpc)
            if code != "OK":
                print("solo call failed: %s" % code, file=sys.stderr)
                return 1, None
            solo.append(end - start)
        solo.sort()
        solo_summary = {"calls": len(solo), "p50": percentile(solo, 50),
                        "mean": sum(solo) / len(solo) if solo else None}
        if solo:
            print("solo: %d calls, p50 %.3f s" % (len(solo), solo_summary["p50"]), flush=True)

        # Resident memory after warm-up and the solo calls, before the load: the reference the
        # memory after the load is compared with (issue 19 point 2).
        before_load = sample_rss(args) if (args.metrics or args.server_pid) else None
        t0 = time.monotonic()
        end_at = t0 + args.duration_s
        sent = 0
        stop = asyncio.Event()

        async def worker():
            nonlocal sent
            while not stop.is_set() and time.monotonic() < end_at and sent < args.max_calls:
                sent += 1
                request_json = user_request(rng, args.bars, args.preset)
                start, end, code, delay = await one_call(stub, service_pb2, request_json,
                                                         args.deadline_s, grpc)
                stats.add(start - t0, end - t0, code)
                if code == "RESOURCE_EXHAUSTED":
                    stats.retry_delays.append(delay)
                    pause = args.max_retry_pause_s if delay is None else delay
                    await asyncio.sleep(min(pause, args.max_retry_pause_s,
                                            max(0.0, end_at - time.monotonic())))

        async def sampler():
            while not stop.is_set():
                value = await asyncio.get_running_loop().run_in_executor(None, sample_rss, args)
                if value is not None:
                    rss.append((time.monotonic() - t0, value))
                try:
                    await asyncio.wait_for(stop.wait(), timeout=args.sample_s)
                except asyncio.TimeoutError:
                    pass

        async def reporter():
            last = 0.0
            while not stop.is_set():
                try:
                    await asyncio.wait_for(stop.wait(), timeout=args.report_s)
                except asyncio.TimeoutError:
                    pass
                now = time.monotonic() - t0
                s = stats.summary(last, now)
                lat = s["ok_latency_s"]
                mem = ("%.0f MiB" % (rss[-1][1] / 2**20)) if rss else "-"
                print("[%6.0f s] calls %4d ok %4d refused %4d other %3d  ok p50 %s p99 %s  "
                      "rss %s" % (now, s["calls"], s["codes"].get("OK", 0),
                                  s["codes"].get("RESOURCE_EXHAUSTED", 0),
                                  s["calls"] - s["codes"].get("OK", 0)
                                  - s["codes"].get("RESOURCE_EXHAUSTED", 0),
                                  "%.3f" % lat["p50"] if lat["p50"] is not None else "-",
                                  "%.3f" % lat["p99"] if lat["p99"] is not None else "-", mem),
                      flush=True)
                last = now

        side = [asyncio.create_task(sampler()), asyncio.create_task(reporter())]
        await asyncio.gather(*(worker() for _ in range(args.concurrency)))
        load_s = time.monotonic() - t0
        stop.set()
        await asyncio.gather(*side)
        if args.metrics or args.server_pid:
            await asyncio.sleep(args.settle_s)
            value = sample_rss(args)
            if value is not None:
                rss.append((time.monotonic() - t0, value))

    total = stats.summary()
    total["ok_per_s"] = total["codes"].get("OK", 0) / load_s if load_s > 0 else None
    minute1 = [v for (t, v) in rss if 60.0 <= t < 120.0]
    during = [(t, v) for (t, v) in rss if t <= load_s]
    growth = None
    if minute1 and during:
        growth = during[-1][1] / minute1[0] - 1.0
    summary = {
        "target": args.target, "concurrency": args.concurrency, "bars": args.bars,
        "preset": args.preset or "(server default)", "deadline_s": args.deadline_s,
        "duration_s": load_s, "seed": args.seed, "solo_latency_s": solo_summary,
        "load": total,
        "ok_p99_over_solo_p50": (total["ok_latency_s"]["p99"] / solo_summary["p50"]
                                 if solo and total["ok_latency_s"]["p99"] else None),
        "rss_bytes": {"samples": rss, "before_load": before_load,
                      "first_minute_1": minute1[0] if minute1 else None,
                      "end_of_load": during[-1][1] if during else None,
                      "after_settle": rss[-1][1] if rss and rss[-1][0] > load_s else None,
                      "growth_minute_1_to_end": growth,
                      "after_settle_over_before_load":
                          (rss[-1][1] / before_load - 1.0)
                          if before_load and rss and rss[-1][0] > load_s else None},
    }
    bad = {k: v for k, v in total["codes"].items()
           if k != "OK" and (k != "RESOURCE_EXHAUSTED" or args.no_refusals)}
    summary["unexpected_codes"] = bad
    delays = sorted(d for d in stats.retry_delays if d is not None)
    summary["refusals_with_retry_info"] = {
        "share": (len(delays) / len(stats.retry_delays)) if stats.retry_delays else None,
        "delay_s_p50": percentile(delays, 50), "delay_s_max": delays[-1] if delays else None}
    print(json.dumps({k: v for k, v in summary.items() if k != "rss_bytes"}, indent=2))
    if rss:
        print("rss: minute 1 %s, end of load %s, after settle %s, growth %s" % (
            summary["rss_bytes"]["first_minute_1"], summary["rss_bytes"]["end_of_load"],
            summary["rss_bytes"]["after_settle"],
            "%.1f%%" % (100 * growth) if growth is not None else "-"))
    if args.out:
        with open(args.out, "w") as f:
            json.dump(summary, f, indent=2)
    return (1 if bad else 0), summary


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--target", required=True, help="host:port of stori-server")
    parser.add_argument("--metrics", default="", help="its /metrics URL, for RSS samples")
    parser.add_argument("--server_pid", type=int, default=0,
                        help="its process id on this machine, for RSS samples from /proc "
                             "(instead of --metrics)")
    parser.add_argument("--stubs", default=os.path.join(REPO, "build", "python"),
                        help="directory of the generated Python stubs (build/python)")
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--duration_s", type=float, default=60.0)
    parser.add_argument("--max_calls", type=int, default=100000)
    parser.add_argument("--bars", type=int, default=8)
    parser.add_argument("--preset", default="",
                        help="quality_preset word (fast, balanced, quality); empty: none sent")
    parser.add_argument("--deadline_s", type=float, default=30.0)
    parser.add_argument("--solo_calls", type=int, default=5)
    parser.add_argument("--max_retry_pause_s", type=float, default=5.0,
                        help="longest pause after a refusal (its RetryInfo delay, or this "
                             "when it has none)")
    parser.add_argument("--sample_s", type=float, default=10.0)
    parser.add_argument("--report_s", type=float, default=60.0)
    parser.add_argument("--settle_s", type=float, default=5.0,
                        help="idle seconds after the load before the last RSS sample")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no_refusals", action="store_true",
                        help="count RESOURCE_EXHAUSTED as an error too")
    parser.add_argument("--out", default="")
    args = parser.parse_args(argv)
    if args.concurrency < 1 or args.duration_s <= 0 or args.max_calls < 1 or args.bars < 1:
        parser.error("--concurrency, --duration_s, --max_calls and --bars must be positive")
    status, _ = asyncio.run(run(args))
    return status


if __name__ == "__main__":
    sys.exit(main())
