#!/usr/bin/python3
"""stori_client demo: Stori's minimal request (one section) and a small two-section RMS (a
GenerateSong stream) against a running stori-server; prints the notes per role and writes one
.mid per section.

    build/server/stori-server --model_path=models/stori-remi/v3 --port=50051 &
    PYTHONPATH=build/python:clients/python \\
        /usr/bin/python3 clients/python/examples/generate_demo.py \\
        --target localhost:50051 --out out/demo

Without PYTHONPATH the script finds the package beside it and the client generates its stubs
into ~/.cache/stori_client (clients/python/README.md).
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from stori_client import StoriClient, StoriError  # noqa: E402

# What the Stori backend sends when the user gives only a genre: no key, no emotion vector.
MINIMAL = {"genre": "boom_bap", "tempo": 90, "instruments": ["drums", "bass", "keys"], "bars": 4}

SMALL_RMS = {
    "rms": {
        "title": "Demo", "tempo": 96, "key": "Am", "genre": "indie folk",
        "motifs": [{"motif_id": "hook", "interval_pattern": [0, 2, 3, 7],
                    "rhythm_pattern": ["quarter", "quarter", "eighth", "eighth"],
                    "duration_beats": 3, "register": "mid", "anchor_scale_degree": 1}],
        "tracks": [{"track_id": "drums", "role": "drums", "instrument": "drum_kit_brush"},
                   {"track_id": "bass", "role": "bass", "instrument": "acoustic_bass"},
                   {"track_id": "guitar", "role": "chords",
                    "instrument": "acoustic_guitar_steel"},
                   {"track_id": "lead", "role": "melody", "instrument": "flute"}],
        "sections": [
            {"section_id": "verse", "section_type": "verse", "bars": 4,
             "emotion_vector": {"energy": 0.35, "valence": -0.3, "tension": 0.3,
                                "intimacy": 0.8, "motion": 0.4},
             "motif_usage": [{"motif_id": "hook", "beat": 0}]},
            {"section_id": "chorus", "section_type": "chorus", "bars": 4,
             "emotion_vector": {"energy": 0.7, "valence": 0.3, "tension": 0.4,
                                "intimacy": 0.4, "motion": 0.6},
             "motif_usage": [{"motif_id": "hook", "beat": 0, "transformation": "transpose",
                              "params": {"semitones": 5}}]},
        ],
    },
    "quality_preset": "fast",
}


def show(label, result):
    print("%s: section %r, %d bars in %s, key %s, seed %d, %.0f ms" % (
        label, result.section_id, result.bars, "%d/%d" % result.time_signature, result.key,
        result.seed_used, result.total_ms))
    for role, notes in result.notes_by_role().items():
        first = ", ".join("%d@%.2f" % (n["pitch"], n["startBeat"]) for n in notes[:6])
        print("  %-8s %3d notes  %s%s" % (role, len(notes), first, " ..." if len(notes) > 6
                                          else ""))
    for warning in result.warnings:
        print("  warning: %s %s" % (warning["field_path"], warning["message"]))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--target", default="localhost:50051", help="host:port of stori-server")
    parser.add_argument("--out", default="out/demo", help="folder for the .mid files")
    parser.add_argument("--timeout_s", type=float, default=60.0, help="deadline per call")
    parser.add_argument("--seed", type=int, default=None, help="0 .. 2**64-1; default: drawn")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    with StoriClient(args.target, timeout_s=args.timeout_s) as client:
        try:
            client.wait_until_serving(timeout_s=args.timeout_s)
            minimal = client.generate_section(MINIMAL, seed=args.seed)
            show("minimal request", minimal)
            minimal.write_midi(os.path.join(args.out, "minimal.mid"))
            for section in client.generate_song(SMALL_RMS, seed=args.seed):
                show("rms", section)
                section.write_midi(os.path.join(
                    args.out, "rms_%02d_%s.mid" % (section.section_index, section.section_id)))
        except (StoriError, TimeoutError) as error:
            sys.exit("stori-server at %s: %s" % (args.target, error))
    print("MIDI files in %s" % args.out)


if __name__ == "__main__":
    main()
