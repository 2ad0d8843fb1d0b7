"""``parse_note``: read a registry note's TXT keys without ever raising.

The grammar itself lives in the private ``_grammar`` module; this wrapper bounds the
input size and turns anything the grammar cannot read into ``unspecified`` with the
raw text kept, so one odd note never stops a catalogue build.
"""

from __future__ import annotations

from .models import NoteStatus, TxtNote

__all__ = ["MAX_NOTE_CHARS", "parse_note"]

MAX_NOTE_CHARS = 16_384  # the longest registry note is under 2,000 characters


def parse_note(text: str) -> TxtNote:
    """The TXT keys a registry note defines, with their facets; never raises."""
    if not isinstance(text, str):
        text = str(text)
    if len(text) > MAX_NOTE_CHARS:
        return TxtNote(status=NoteStatus.UNSPECIFIED, raw=text)
    from ._grammar import read_note

    try:
        return read_note(text)
    except (ValueError, RecursionError, IndexError, KeyError, TypeError):
        return TxtNote(status=NoteStatus.UNSPECIFIED, raw=text)
