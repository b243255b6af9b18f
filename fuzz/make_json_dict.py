#!/usr/bin/env python3
"""Writes fuzz/fuzz_request_json.dict, the libFuzzer dictionary of fuzz_request_json (also read by
its replay smoke test): every proto field name of proto/stori/generation/v1 in snake_case and
camelCase, every enum value name, the lowercase words and aliases quoted in
server/read/request_json.cc, musical strings (keys, chords, GM names) and JSON literals, each as a
JSON string token. Run from anywhere: python3 fuzz/make_json_dict.py"""
import glob
import os
import re

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
words = set()
for path in glob.glob(os.path.join(root, 'proto/stori/generation/v1/*.proto')):
    for line in open(path):
        line = line.split('//')[0]
        m = re.match(r'\s*(?:optional |repeated )?[\w.]+\s+(\w+)\s*=\s*\d+\s*;', line)
        if m:
            parts = m.group(1).split('_')
            words.add(m.group(1))
            words.add(parts[0] + ''.join(p.title() for p in parts[1:]))
        m = re.match(r'\s*([A-Z][A-Z0-9_]+)\s*=\s*\d+\s*;', line)
        if m:
            words.add(m.group(1))
source = open(os.path.join(root, 'server/read/request_json.cc')).read()
for w in re.findall(r'"([a-z0-9_#/\-.]{2,40})"', source):
    words.add(w)
words.update([
    'tempo', 'bpm', 'chord', 'name', 'type', 'generation_constraints', 'command', 'instruments',
    'bars', 'rms_version', 'global_emotion', '3/4', '6/8', '4/4', '5/32', '16/4', 'Am', 'F#m', 'Bb',
    'C major', 'F# minor', 'Cmaj7', 'G7', 'Dm7b5', 'Ebmaj7/G', 'N.C.', 'N', 'Cadd9', 'Fsus4', 'D7b9',
    'C13#11', 'drum_kit_808', 'electric_bass_finger', 'String Ensemble 1', 'acoustic_guitar_steel',
    'pad_polysynth', 'piano', 'strings', 'pre-chorus', '8th', '16th', 'triplet', 'quarter', 'build',
    'expand', 'compress', 'rhythmic_expand', 'invert', 'retrograde', 'intensify', 'simplify',
    'sparse', 'busy', 'dense', 'full', 'hook', 'foundation', 'background', 'make it sadder',
    'more intense', 'calmer', 'brighter', 'resolve it'])
literals = ['{', '}', '[', ']', ':', ',', 'null', 'true', 'false', '-1', '0.5', '1e308', '-0',
            '18446744073709551615', '9007199254740993', '"\\u0000"', '"\\ud800"']


def entry(token):
    return '"%s"' % token.replace('\\', '\\\\').replace('"', '\\"')


lines = ['# Written by fuzz/make_json_dict.py; do not edit by hand.']
lines += [entry('"%s"' % w) for w in sorted(words)]
lines += [entry(t) for t in literals]
with open(os.path.join(root, 'fuzz/fuzz_request_json.dict'), 'w') as out:
    out.write('\n'.join(lines) + '\n')
print('%d entries' % (len(lines) - 1))
