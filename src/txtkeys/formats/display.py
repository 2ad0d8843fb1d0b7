"""One sanitiser for every string a human reads, and the JSON form of raw names and values.

Anything on the link, in a registry or in a file can put bytes into txtkeys' output: an
instance name with ``ESC ]`` (an OSC sequence that retitles a terminal or writes a
hyperlink), a C1 control, a right-to-left override that reverses what follows. Human
output passes every such string through ``display``, which shows each character that is
not printable in one notation, Python's:

- ``\\xHH`` for code points below U+0100 (C0 and C1 controls, DEL, NBSP, soft hyphen)
  and for a byte that is not UTF-8 (read with ``surrogateescape``);
- ``\\uHHHH`` and ``\\UHHHHHHHH`` above (bidi overrides and isolates, zero-width
  characters, line and paragraph separators, private use, unassigned code points).

"Printable" is ``str.isprintable``: letters, marks, numbers, punctuation, symbols and
the ASCII space. Backslashes are left as they are, so ``\\xff`` reads the same whether it
came from here or from ``TxtEntry.name``; where the exact bytes matter, ``--json`` has
them: ``text_and_hex`` adds a ``<field>_hex`` beside any text that is not printable
UTF-8.
"""

from __future__ import annotations

__all__ = ["display", "is_printable_utf8", "raw_bytes", "text_and_hex"]


def display(text: str | bytes | bytearray | memoryview, *, newlines: bool = False) -> str:
    """``text`` with every non-printable character escaped (``\\x1b``, ``\\u202e``).

    Bytes are read as UTF-8, each byte that is not part of valid UTF-8 shown as ``\\xHH``.
    ``newlines=True`` keeps ``\\n`` as a line break (multi-line note texts); otherwise
    the result is always one line.
    """
    if not isinstance(text, str):
        text = bytes(text).decode("utf-8", "surrogateescape")
    if text.isprintable():
        return text
    return "".join(
        char if char.isprintable() or (newlines and char == "\n") else _escape(char)
        for char in text
    )


def _escape(char: str) -> str:
    point = ord(char)
    if 0xDC80 <= point <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{point - 0xDC00:02x}"
    if point < 0x100:
        return f"\\x{point:02x}"
    if point < 0x10000:
        return f"\\u{point:04x}"
    return f"\\U{point:08x}"


def raw_bytes(value: str | bytes | bytearray | memoryview) -> bytes:
    """The bytes a value stands for: a str as UTF-8, its escaped non-UTF-8 bytes restored."""
    if not isinstance(value, str):
        return bytes(value)
    try:
        return value.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate that is not an escaped byte
        return value.encode("utf-8", "surrogatepass")


def is_printable_utf8(value: str | bytes | bytearray | memoryview) -> bool:
    """True when ``value`` is valid UTF-8 text (or a str) made only of printable characters."""
    if isinstance(value, str):
        return value.isprintable()
    try:
        return bytes(value).decode("utf-8").isprintable()
    except UnicodeDecodeError:
        return False


def text_and_hex(
    field: str, value: str | bytes | bytearray | memoryview | None
) -> dict[str, str | None]:
    """``{field: readable text}``, plus ``{field + "_hex": bytes as hex}`` when needed.

    The text is ``display(value)``: valid JSON, safe on a terminal. The hex is there only
    when the value is not printable UTF-8, and is then the only exact form of it.
    """
    if value is None:
        return {field: None}
    shown = display(value)
    if is_printable_utf8(value):
        return {field: shown}
    return {field: shown, f"{field}_hex": raw_bytes(value).hex()}
