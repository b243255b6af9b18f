"""SectionResult: a finished section (stori.generation.v1.SectionResult) with its notes in the
shape the Stori backend reads. Note: `pitch` 0..127, `start_beat` (quarter notes from the start
of the section, >= 0), `duration_beats` (> 0), `velocity` 1..127, `channel` 0..15 (drums 9), with
the camelCase spellings `startBeat` and `durationBeats` (what the backend reads) beside the
snake_case ones. Control changes `{"cc", "beat", "value"}`, pitch bends `{"beat", "value"}`
(-8192..8191), aftertouch `{"beat", "value"}` plus `pitch` for polyphonic key pressure.
"""
import functools
from typing import Dict, List, Optional, Tuple

# TrackRole enum value -> the lower-case role name used in dicts ("TRACK_ROLE_PAD" -> "pad").
_ROLE_PREFIX = "TRACK_ROLE_"


def note_dict(note, channel: int) -> dict:
    """Returns one stori.generation.v1.Note as a dict in Stori's shape (both spellings).
    Thread safety: pure function."""
    start = float(note.start_beat)
    duration = float(note.duration_beats)
    return {"pitch": int(note.pitch), "start_beat": start, "startBeat": start,
            "duration_beats": duration, "durationBeats": duration,
            "velocity": int(note.velocity), "channel": int(channel)}


def cc_dict(cc) -> dict:
    """Returns one ControlChange as {"cc": controller 0..127, "beat", "value": 0..127}."""
    return {"cc": int(cc.controller), "beat": float(cc.beat), "value": int(cc.value)}


def pitch_bend_dict(bend) -> dict:
    """Returns one PitchBend as {"beat", "value": -8192..8191 (0 = no bend)}."""
    return {"beat": float(bend.beat), "value": int(bend.value)}


def aftertouch_dict(touch) -> dict:
    """Returns one Aftertouch as {"beat", "value"} (channel pressure) plus "pitch" for
    polyphonic key pressure."""
    out = {"beat": float(touch.beat), "value": int(touch.value)}
    if touch.HasField("pitch"):
        out["pitch"] = int(touch.pitch)
    return out


def _role_name(track) -> str:
    name = track.DESCRIPTOR.fields_by_name["role"].enum_type.values_by_number[track.role].name
    return name[len(_ROLE_PREFIX):].lower() if name.startswith(_ROLE_PREFIX) else name.lower()


def track_dict(track) -> dict:
    """Returns one TrackOutput as a dict: track_id, name, role ("drums", "bass", "harmony",
    "melody", "pad", "other", "unspecified"), program 0..127, channel 0..15, notes, cc,
    pitch_bends, aftertouch (lists of the dicts above, in the server's order: notes by start
    then pitch, events by time). Thread safety: pure function."""
    return {
        "track_id": track.track_id,
        "name": track.name,
        "role": _role_name(track),
        "program": int(track.program),
        "channel": int(track.channel),
        "notes": [note_dict(n, track.channel) for n in track.notes],
        "cc": [cc_dict(c) for c in track.control_changes],
        "pitch_bends": [pitch_bend_dict(b) for b in track.pitch_bends],
        "aftertouch": [aftertouch_dict(a) for a in track.aftertouches],
    }


def _round(value: float) -> float:
    return round(float(value), 6)  # the proto's float32 axes, without the float32 noise


class SectionResult:
    """A finished section. `proto` is the stori.generation.v1.SectionResult as received (pass
    it, or this object, back to StoriClient.refine_section). The other attributes are plain
    Python values computed from it on first use.

    Thread safety: immutable after construction; safe to read from any thread.
    """

    def __init__(self, proto, applied_emotion_vector=None):
        self.proto = proto
        self._applied = applied_emotion_vector

    # --- identity and musical frame ---
    @property
    def section_index(self) -> int:
        """Zero-based index of the section in the song (0 for a flat request)."""
        return int(self.proto.section_index)

    @property
    def section_id(self) -> str:
        return self.proto.section_id

    @property
    def bars(self) -> int:
        """Length in bars, as requested."""
        return int(self.proto.bars)

    @property
    def key(self) -> str:
        """The key the section was generated in ("Am", "C major"): as requested, or the
        server's default when the request had none."""
        return self.proto.key

    @property
    def tempo_bpm(self) -> float:
        return float(self.proto.tempo_bpm)

    @property
    def time_signature(self) -> Tuple[int, int]:
        """(numerator, denominator); (4, 4) if the server sent none."""
        ts = self.proto.time_signature
        return (int(ts.numerator) or 4, int(ts.denominator) or 4)

    @property
    def beats_per_bar(self) -> float:
        """Quarter notes per bar: 4 * numerator / denominator (3/4 -> 3, 6/8 -> 3)."""
        numerator, denominator = self.time_signature
        return 4.0 * numerator / denominator

    @property
    def ppq(self) -> int:
        """Ticks per quarter note of midi_file and of the proto's *_tick fields (480)."""
        return int(self.proto.ppq)

    @property
    def seed_used(self) -> int:
        """The seed the notes came from (uint64): send it back to get the same notes."""
        return int(self.proto.seed_used)

    @property
    def midi_file(self) -> bytes:
        """The section as a Standard MIDI File, format 1 (tempo track plus one per track)."""
        return bytes(self.proto.midi_file)

    def write_midi(self, path: str) -> None:
        """Writes midi_file to path. Errors: OSError from open/write."""
        with open(path, "wb") as f:
            f.write(self.proto.midi_file)

    # --- why and how well ---
    @functools.cached_property
    def emotion_vector(self) -> Dict[str, float]:
        """The EmotionVector the section was generated for ({energy, valence, tension,
        intimacy, motion}); for a refinement, the prior vector plus the delta, clamped."""
        ev = self._applied if self._applied is not None else self.proto.emotion_vector
        return {axis: _round(getattr(ev, axis))
                for axis in ("energy", "valence", "tension", "intimacy", "motion")}

    @functools.cached_property
    def warnings(self) -> List[dict]:
        """What the server adjusted and still served: [{"field_path", "message"}]."""
        return [{"field_path": w.field_path, "message": w.message} for w in self.proto.warnings]

    @functools.cached_property
    def scores(self) -> Dict[str, float]:
        """Dimension scores 0..1: rhythm, harmony, melody, expression, density."""
        s = self.proto.scores
        return {d: _round(getattr(s, d))
                for d in ("rhythm", "harmony", "melody", "expression", "density")}

    @functools.cached_property
    def attributes(self) -> Dict[str, Dict[str, dict]]:
        """Per track_id, per attribute name ("notes_per_bar", "register_center",
        "velocity_mean", "syncopation", "leap_rate", ...): {"target", "measured",
        "target_bin", "measured_bin"} (bins -1 when not binned). Units per name as in
        result.proto's AttributeMeasurement."""
        out: Dict[str, Dict[str, dict]] = {}
        for track in self.proto.attributes:
            out[track.track_id] = {
                a.name: {"target": float(a.target), "measured": float(a.measured),
                         "target_bin": int(a.target_bin), "measured_bin": int(a.measured_bin)}
                for a in track.attributes}
        return out

    @property
    def model(self) -> Dict[str, str]:
        return {"model_id": self.proto.model.model_id,
                "model_version": self.proto.model.model_version}

    @property
    def total_ms(self) -> float:
        """Server time from request start to result, milliseconds."""
        return float(self.proto.timings.total_ms)

    # --- the music ---
    @functools.cached_property
    def tracks(self) -> List[dict]:
        """Every track as track_dict() gives it, in the server's order. Shared: read it, do
        not modify it (notes_by_role() and friends return copies)."""
        return [track_dict(t) for t in self.proto.tracks]

    def _by_track(self, field: str) -> Dict[str, List[dict]]:
        out: Dict[str, List[dict]] = {}
        for track in self.tracks:
            out.setdefault(track["track_id"], []).extend(dict(e) for e in track[field])
        return out

    def notes_by_role(self) -> Dict[str, List[dict]]:
        """Notes per track, keyed by track_id: for a flat request that is the instrument entry
        the caller sent ("drums", "pads", "acoustic_guitar_steel"; a repeat "piano_2"), for an
        RMS the Track.track_id. Each list is in start order. Returns copies: changing them leaves
        this result as it was."""
        return self._by_track("notes")

    def cc_by_role(self) -> Dict[str, List[dict]]:
        """Control changes per track_id, as notes_by_role()."""
        return self._by_track("cc")

    def pitch_bends_by_role(self) -> Dict[str, List[dict]]:
        """Pitch bends per track_id, as notes_by_role()."""
        return self._by_track("pitch_bends")

    def aftertouch_by_role(self) -> Dict[str, List[dict]]:
        """Aftertouch per track_id, as notes_by_role()."""
        return self._by_track("aftertouch")

    def track(self, track_id: str) -> Optional[dict]:
        """The track with this track_id, or None."""
        return next((t for t in self.tracks if t["track_id"] == track_id), None)

    def __repr__(self) -> str:
        return "SectionResult(section_index=%d, section_id=%r, bars=%d, key=%r, tracks=%s)" % (
            self.section_index, self.section_id, self.bars, self.key,
            {t["track_id"]: len(t["notes"]) for t in self.tracks})
