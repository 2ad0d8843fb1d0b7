"""The compiled catalogue's file layout, shared by its writer (``compile``) and reader (``store``).

A JSON object whose header fields come first, then ``"notes"`` and ``"entries"`` with
one note or entry per line. The header carries an index of fixed-width hexadecimal
tables, so a reader finds any row, any note and every row of a service name in a few
slices and one binary search, without parsing the rest of the file:

- ``row_offsets``: the byte offset of each entry's line, from the first entry line;
- ``note_offsets``: the same for the notes, from the first note line;
- ``name_order``: row positions sorted by lower-cased service name (then position);
- ``body_sha256``: the SHA-256 of the three tables and everything from ``NOTES_OPEN`` to
  the end, so a reader can tell a damaged or truncated copy before trusting its rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import accumulate

TYPE_CHECKING = False  # typing's own, without importing typing: check starts faster
if TYPE_CHECKING:
    from typing import Any

__all__ = [
    "CATALOGUE_FORMAT",
    "CATALOGUE_FORMAT_VERSION",
    "ENTRIES_OPEN",
    "FILE_END",
    "INDEX_FIELDS",
    "LINE_END",
    "NOTES_OPEN",
    "OFFSET_DIGITS",
    "POSITION_DIGITS",
    "body_bytes",
    "build_index",
    "content_to_verify",
]

CATALOGUE_FORMAT = "txtkeys-catalogue"
CATALOGUE_FORMAT_VERSION = 2  # 2: the header carries the index

NOTES_OPEN = '\n"notes":[\n'  # after the last header field
ENTRIES_OPEN = '],\n"entries":[\n'  # after the last note
LINE_END = ",\n"  # between two notes or two entries
FILE_END = "]}\n"

OFFSET_DIGITS = 8  # hex digits per offset: files up to 4 GiB
POSITION_DIGITS = 6  # hex digits per row position: up to 16 million rows
INDEX_FIELDS = ("row_offsets", "note_offsets", "name_order", "body_sha256")


def _offsets(lines: Sequence[str]) -> str:
    step = len(LINE_END)
    # An ASCII line's length is its size in bytes (and isascii() is a flag lookup).
    sizes = [(len(line) if line.isascii() else len(line.encode("utf-8"))) + step for line in lines]
    starts = accumulate(sizes[:-1], initial=0) if sizes else ()
    return "".join(map(_OFFSET_HEX.format, starts))


_OFFSET_HEX = f"{{:0{OFFSET_DIGITS}x}}"
_POSITION_HEX = f"{{:0{POSITION_DIGITS}x}}"


def _sha256(data: bytes) -> str:
    import hashlib  # the writer's alone: a lookup never pays for the OpenSSL import

    return hashlib.sha256(data).hexdigest()


def body_bytes(note_lines: Sequence[str], entry_lines: Sequence[str]) -> bytes:
    """Everything the header's index describes: from ``NOTES_OPEN`` to the end."""
    body = NOTES_OPEN + LINE_END.join(note_lines) + ENTRIES_OPEN + LINE_END.join(entry_lines)
    return (body + FILE_END).encode("utf-8")


def build_index(
    note_lines: Sequence[str],
    entry_lines: Sequence[str],
    names: Sequence[str],
    body: bytes | None = None,
) -> dict[str, str]:
    """The header's index fields for these lines; ``names[i]`` is row i's service name.

    ``body`` is ``body_bytes`` of the lines, when the caller has made it already."""
    # A stable sort by the folded name keeps rows of one name in position order.
    order = sorted(range(len(names)), key=[name.lower() for name in names].__getitem__)
    index = {
        "row_offsets": _offsets(entry_lines),
        "note_offsets": _offsets(note_lines),
        "name_order": "".join(map(_POSITION_HEX.format, order)),
        "body_sha256": "",  # filled in below: the digest covers the tables above too
    }
    if body is None:
        body = body_bytes(note_lines, entry_lines)
    index["body_sha256"] = _sha256(content_to_verify(index, body))
    return index


def content_to_verify(index: dict[str, Any], body: bytes) -> bytes:
    """What ``body_sha256`` is the digest of: the index tables, then the body."""
    tables = "".join(str(index.get(field, "")) for field in INDEX_FIELDS[:3])
    return tables.encode("ascii", "replace") + body
