"""The compiled catalogue's file layout, shared by its writer (``_compile``) and reader.

A JSON object whose header fields come first, then ``"notes"`` and ``"entries"`` with
one note or entry per line. The reader relies on the layout to answer a lookup with a
byte search instead of a whole parse; keeping the markers here keeps the two in step
without the writer importing the reader.
"""

from __future__ import annotations

__all__ = [
    "CATALOGUE_FORMAT",
    "CATALOGUE_FORMAT_VERSION",
    "ENTRIES_OPEN",
    "FILE_END",
    "NOTES_OPEN",
]

CATALOGUE_FORMAT = "txtkeys-catalogue"
CATALOGUE_FORMAT_VERSION = 1

NOTES_OPEN = '\n"notes":[\n'  # after the last header field
ENTRIES_OPEN = '],\n"entries":[\n'  # after the last note
FILE_END = "]}\n"
