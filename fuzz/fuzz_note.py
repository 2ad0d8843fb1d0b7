"""Fuzz parse_note: any text gives a valid TxtNote, never an exception.

Seed the corpus with the real notes: python fuzz/make_corpus.py, then
python fuzz/fuzz_note.py fuzz/corpus/notes
"""

from __future__ import annotations

import sys

from _common import require_atheris

atheris = require_atheris()

with atheris.instrument_imports():
    import txtkeys.grammar._rules  # noqa: F401 - parse_note imports it lazily; instrument it now
    from txtkeys import TxtNote, parse_note


def test_one_input(data: bytes) -> None:
    text = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(len(data))
    note = parse_note(text)
    if TxtNote.model_validate(note.model_dump(mode="json")) != note:
        raise AssertionError(f"note does not survive a JSON round trip: {text!r}")


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
