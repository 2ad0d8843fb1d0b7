"""``parse_note``: read a registry note's TXT keys without ever raising.

The grammar lives in the private modules beside this one (``_rules`` first); this
wrapper bounds the input size and turns anything the grammar cannot read into
``unspecified`` with the raw text kept, so one odd note never stops a catalogue build.

``note_json`` is the same reading in the compiled catalogue's JSON form; the
compiler uses it so a build never imports pydantic.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ..schema.fields import note_json_form
from ..schema.kinds import NoteStatus

if TYPE_CHECKING:
    from ..schema.models import TxtNote

__all__ = ["MAX_NOTE_CHARS", "note_json", "parse_note"]

MAX_NOTE_CHARS = 16_384  # the longest registry note is under 2,000 characters

_GRAMMAR_FAILURES: tuple[type[Exception], ...] = (
    re.error,
    ValueError,
    RecursionError,
    IndexError,
    KeyError,
    TypeError,
)


def parse_note(text: str) -> TxtNote:
    """The TXT keys a registry note defines, with their facets; never raises."""
    from ..schema.models import TxtNote

    if not isinstance(text, str):
        text = str(text)
    if len(text) > MAX_NOTE_CHARS:
        return TxtNote(status=NoteStatus.UNSPECIFIED, raw=text)
    from ._rules import read_note

    try:
        return read_note(text)
    except _GRAMMAR_FAILURES:
        return TxtNote(status=NoteStatus.UNSPECIFIED, raw=text)


def note_json(text: str) -> dict[str, Any]:
    """``parse_note(text)`` as the compiled catalogue stores it: JSON types, defaults left out."""
    if not isinstance(text, str):
        text = str(text)
    unread: dict[str, Any] = {"status": NoteStatus.UNSPECIFIED, "raw": text}
    fields = unread
    if len(text) <= MAX_NOTE_CHARS:
        from ._rules import note_fields

        try:
            fields = note_fields(text)
        except _GRAMMAR_FAILURES:
            fields = unread  # unspecified, raw text kept, as parse_note does
    return note_json_form(fields)
