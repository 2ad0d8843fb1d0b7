"""Read the IANA Service Name and Transport Protocol Port Number Registry in any rendering.

Formats, detected from the content (never the file name):

- ``xml``: IANA's registry file, namespace http://www.iana.org/assignments. The
  reference rendering; read with ``defusedxml`` (entities are refused).
- ``csv``: IANA's CSV export, header ``Service Name,Port Number,...,Assignment Notes``.
  It has no "Last Updated" date, so ``Registry.updated`` is None.
- ``markdown``: a pipe table pasted from the web page, with or without leading pipes.
- ``text``: the web page pasted as plain text, cells run together with spaces.

One convention for every reader: bracketed values lose their brackets and become
tuple items (``[Jon_Postel]`` -> ``"Jon_Postel"``, ``[RFC4727][RFC6335]`` ->
``("RFC4727", "RFC6335")``, XML ``rfc6335`` -> ``"RFC6335"``); a record without a
separate assignee lists its contact as assignee too (as IANA's CSV does); dates stay
strings (``YYYY-MM-DD`` or ``YYYY-MM``); empty cells are None or ``()``. Inside
descriptions and notes, references stay in brackets as the CSV prints them
(``"See [RFC6614]"``) and line breaks are kept; pasted renderings can only keep the
line breaks the paste kept. Rows without a service name (Unassigned ranges, Reserved
ports) are records too, in file order.
"""

from __future__ import annotations

import os
import re

from .._gc import gc_paused
from .._io import read_capped
from ..errors import InputFormatError
from ..formats.display import display
from ._csv import CSV_HEADER, read_csv
from ._xml import IANA_NAMESPACE, read_xml
from .records import Registry

__all__ = ["FORMATS", "MAX_REGISTRY_BYTES", "detect_format", "read_registry"]

MAX_REGISTRY_BYTES = 64 * 1024 * 1024
"""Inputs above this size are refused; the real registry is under 4 MB."""

FORMATS = ("xml", "csv", "markdown", "text")

_CSV_HEADER_LINE = ",".join(CSV_HEADER)
# Matched at the start of each line (never searched across lines: "\n" * 65536 made a
# multi-line "^\|?\s*" search quadratic, 13 s for the 64 KiB head).
_MARKDOWN_HEADER = re.compile(r"\|?\s*Service Name\s*\|\s*Port Number\s*\|")
_TEXT_HEADER = re.compile(r"Service Name Port Number Transport Protocol\b")
_NOT_A_REGISTRY = (
    "not a registry file: expected the IANA CSV header 'Service Name,Port Number,...', "
    f"the XML namespace {IANA_NAMESPACE}, or a pasted table whose header line starts "
    "'Service Name | Port Number |' (markdown) or 'Service Name Port Number Transport "
    "Protocol' (plain text)"
)


def read_registry(
    source: str | os.PathLike[str] | bytes,
    *,
    format: str | None = None,
    name: str | None = None,
) -> Registry:
    """Read a registry from a path or from its content.

    ``bytes`` and ``str`` values that contain a line break or start with ``<`` are
    content; other strings and path objects are file paths. ``format`` (one of
    ``FORMATS``) skips detection; ``name`` labels the source in error messages.
    """
    data, label = _load(source, name)
    if len(data) > MAX_REGISTRY_BYTES:
        raise InputFormatError(
            f"the input is {len(data)} bytes, over the {MAX_REGISTRY_BYTES} byte limit; "
            "the IANA registry is a few MB, so this is probably not a registry file",
            source=label,
        )
    text = _decode(data, label)
    chosen = format if format is not None else detect_format(text[:65536], source=label)
    with gc_paused():
        return _read_as(chosen, data, text, label)


def _read_as(chosen: str, data: bytes, text: str, label: str) -> Registry:
    if chosen == "xml":
        return read_xml(data, label)
    if chosen == "csv":
        return read_csv(text.lstrip("\ufeff"), label)
    if chosen == "markdown":
        from ._text import read_markdown

        return read_markdown(text, label)
    if chosen == "text":
        from ._text import read_plain_text

        return read_plain_text(text, label)
    raise InputFormatError(
        f"unknown registry format {chosen!r}; use one of {', '.join(FORMATS)}", source=label
    )


def detect_format(head: str, *, source: str = "<input>") -> str:
    """Name the rendering of a registry from its first characters."""
    stripped = head.lstrip("\ufeff \t\r\n")
    if stripped.startswith("<") or IANA_NAMESPACE in head[:4096]:
        return "xml"
    first_line = stripped.split("\n", 1)[0].rstrip("\r")
    if first_line.startswith(_CSV_HEADER_LINE[:30]):
        return "csv"
    lines = head.split("\n")
    if any(_MARKDOWN_HEADER.match(line) for line in lines):
        return "markdown"
    if any(_TEXT_HEADER.match(line) for line in lines):
        return "text"
    raise InputFormatError(_NOT_A_REGISTRY, source=source, line=1, column=1, text_line=first_line)


def _load(source: str | os.PathLike[str] | bytes, name: str | None) -> tuple[bytes, str]:
    if isinstance(source, bytes | bytearray):
        return bytes(source), name or "<input>"
    if isinstance(source, str) and ("\n" in source or source.lstrip().startswith("<")):
        return source.encode("utf-8"), name or "<input>"
    label = name or display(os.fsdecode(source))
    data = read_capped(
        source,
        MAX_REGISTRY_BYTES,
        "registry file",
        error=lambda _, message: InputFormatError(message, source=label),
        missing="cannot read the registry file: no such file; download the XML from IANA's "
        "service names page or give the path of a saved copy",
    )
    return data, label


def _decode(data: bytes, label: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputFormatError(
            f"the input is not UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
            source=label,
            line=line,
            column=column,
        ) from None
