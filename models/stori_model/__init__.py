"""Stori training-side package: model, data reading, evaluation, export and sampling.

The C++ tokenizer (engine/tokens/) writes the token files this package reads; nothing here
parses MIDI. See models/README.md for the commands.
"""
