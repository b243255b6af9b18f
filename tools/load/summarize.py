#!/usr/bin/env python3
"""Markdown summary of a tools/load/soak.sh run: reads OUT_DIR/soak.json and overload.json
(written by stori_load.py) and prints the table the README's "Load and soak" section quotes.

    tools/load/summarize.py OUT_DIR
"""
import json
import os
import platform
import sys


def mib(value):
    return "%.0f MiB" % (value / 2**20) if value else "-"


def seconds(value):
    return "%.2f s" % value if value is not None else "-"


def row(name, run, solo_p50):
    load = run["load"]
    codes = load["codes"]
    lat = load["ok_latency_s"]
    rss = run["rss_bytes"]
    growth = rss.get("growth_minute_1_to_end")
    ratio = lat["p99"] / solo_p50 if lat["p99"] and solo_p50 else None
    return ("| %s | %d | %.0f s | %d | %d | %d | %s | %s | %s | %s | %.2f/s | %s | %s | %s | %s |" % (
        name, run["concurrency"], run["duration_s"], load["calls"], codes.get("OK", 0),
        codes.get("RESOURCE_EXHAUSTED", 0),
        sum(v for k, v in codes.items() if k not in ("OK", "RESOURCE_EXHAUSTED")),
        seconds(lat["p50"]), seconds(lat["p95"]), seconds(lat["p99"]), load["ok_per_s"] or 0.0,
        "%.2fx" % ratio if ratio else "-",
        mib(rss.get("first_minute_1")), mib(rss.get("end_of_load")),
        "%+.1f%%" % (100 * growth) if growth is not None else "-"))


def main(out_dir):
    runs = {}
    for name in ("soak", "overload"):
        path = os.path.join(out_dir, name + ".json")
        if os.path.exists(path):
            with open(path) as f:
                runs[name] = json.load(f)
    if "soak" not in runs:
        print("no soak.json in %s" % out_dir, file=sys.stderr)
        return 1
    solo = runs["soak"]["solo_latency_s"]
    print("Machine: %s, %d CPUs, %s. Requests: flat JSON, %d bars, preset %s, deadline %.0f s."
          % (platform.node() or "?", os.cpu_count() or 0, platform.platform(),
             runs["soak"]["bars"], runs["soak"]["preset"], runs["soak"]["deadline_s"]))
    print("Solo latency (one call at a time, %d calls): p50 %s, mean %s.\n"
          % (solo["calls"], seconds(solo["p50"]), seconds(solo["mean"])))
    print("| run | concurrency | duration | calls | OK | RESOURCE_EXHAUSTED | other | OK p50 | "
          "OK p95 | OK p99 | OK throughput | p99 / solo p50 | RSS minute 1 | RSS end | "
          "RSS growth |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, run in runs.items():
        print(row(name, run, solo["p50"]))
    for name, run in runs.items():
        refusal = run["load"]["refusal_latency_s"]
        retry = run.get("refusals_with_retry_info", {})
        rss = run["rss_bytes"]
        if run["load"]["codes"].get("RESOURCE_EXHAUSTED"):
            print("\n%s: refusals answered in p50 %s, p99 %s (max %s); %s carried a RetryInfo "
                  "(delay p50 %s, max %s)." % (
                      name, seconds(refusal["p50"]), seconds(refusal["p99"]),
                      seconds(refusal["max"]),
                      "%.0f%%" % (100 * retry["share"]) if retry.get("share") is not None else "-",
                      seconds(retry.get("delay_s_p50")), seconds(retry.get("delay_s_max"))))
        if rss.get("after_settle"):
            back = rss.get("after_settle_over_before_load")
            print("\n%s: RSS %s before the load (after warm-up), %s at its end, %s after %s idle"
                  " (%s from before the load)." % (
                      name, mib(rss.get("before_load")), mib(rss.get("end_of_load")),
                      mib(rss.get("after_settle")), "5 s",
                      "%+.1f%%" % (100 * back) if back is not None else "-"))
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
