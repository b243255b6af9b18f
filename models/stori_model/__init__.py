"""Stori training-side package: model, data reading, evaluation, export and sampling.

The C++ tokenizer writes the token files this package reads (DESIGN.md §4); nothing here parses
MIDI. See models/README.md for the commands.
"""
