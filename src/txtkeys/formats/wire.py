"""TXT RDATA on the wire (RFC 6763 s6.1): length-prefixed strings, nothing folded away.

Other libraries decode into a dict and lose what the RFC distinguishes: a bare key
(``passreq``) against an empty value (``PlugIns=``), repeated keys, and values that are
not text. ``TxtEntry`` keeps all of it, in order, as bytes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from operator import itemgetter

from ..errors import InputFormatError

__all__ = [
    "EMPTY_RDATA",
    "MAX_STRING",
    "RawRdata",
    "TxtEntry",
    "decode",
    "encode",
    "split_rdata",
    "wire_strings",
]

MAX_STRING = 255
# A record with no keys is sent as one zero-length string (RFC 6763 s6.1).
EMPTY_RDATA = b"\x00"


@dataclass(frozen=True, slots=True)
class TxtEntry:
    """One TXT string split at its first ``=``.

    ``value is None`` means a bare key (a boolean attribute); ``value == b""`` means
    ``key=``. An empty ``key`` is a string that starts with ``=``, which receivers drop.
    """

    key: bytes
    value: bytes | None = None

    @classmethod
    def from_string(cls, raw: bytes) -> TxtEntry:
        """Split one TXT string as RFC 6763 s6.4 says: the key ends at the first ``=``."""
        key, sep, value = raw.partition(b"=")
        return cls(key, value if sep else None)

    @classmethod
    def of(cls, key: str | bytes, value: str | bytes | None = None) -> TxtEntry:
        """An entry from text or bytes; text is encoded as UTF-8."""
        k = key.encode() if isinstance(key, str) else bytes(key)
        v = value.encode() if isinstance(value, str) else value
        return cls(k, None if v is None else bytes(v))

    @property
    def raw(self) -> bytes:
        """The string as it goes on the wire, without its length byte."""
        return self.key if self.value is None else self.key + b"=" + self.value

    @property
    def name(self) -> str:
        """The key as text; bytes that are not ASCII show as ``\\xHH``."""
        return self.key.decode("ascii", "backslashreplace")

    @property
    def text(self) -> str | None:
        """The value as text; bytes that are not UTF-8 show as ``\\xHH``."""
        return None if self.value is None else self.value.decode("utf-8", "backslashreplace")

    def __str__(self) -> str:
        return self.name if self.value is None else f"{self.name}={self.text}"


class RawRdata(tuple[tuple[bytes, ...], int, "int | None"]):
    """The strings of an RDATA, and where it broke if a length byte ran past its end.

    ``truncated_at`` is the offset of the length byte that overran; the strings before
    it are still returned, because a checker wants to report on them too. A tuple, as
    ``report.Issue`` is: every record checked makes one, and a frozen dataclass costs
    a microsecond to build.
    """

    __slots__ = ()

    def __new__(
        cls, strings: tuple[bytes, ...], size: int, truncated_at: int | None = None
    ) -> RawRdata:
        return _new_tuple(cls, (strings, size, truncated_at))

    strings: tuple[bytes, ...] = property(itemgetter(0), doc="the strings, in wire order")  # type: ignore[assignment]
    size: int = property(itemgetter(1), doc="the RDATA's length in bytes")  # type: ignore[assignment]
    truncated_at: int | None = property(itemgetter(2), doc="the overrunning length byte")  # type: ignore[assignment]

    def __getnewargs__(self) -> tuple[tuple[bytes, ...], int, int | None]:
        return tuple(self)  # type: ignore[return-value]

    def __repr__(self) -> str:
        strings, size, truncated_at = self
        return f"RawRdata(strings={strings!r}, size={size!r}, truncated_at={truncated_at!r})"


_new_tuple = tuple.__new__


def wire_strings(rdata: bytes) -> tuple[list[bytes], int | None]:
    """The one walk of the wire format: the strings of RDATA in order, zero-length ones
    kept, and the offset of a length byte that runs past the end (None: the RDATA is whole).

    Plain list and tuple, for the checks' hot loop; ``split_rdata`` wraps it for others.
    """
    total = len(rdata)
    strings: list[bytes] = []
    append = strings.append
    pos = start = 0
    while pos < total:
        start = pos + 1
        pos = start + rdata[pos]
        append(rdata[start:pos])
    if pos > total:  # the last length byte (just before ``start``) overran: no string
        strings.pop()
        return strings, start - 1
    return strings, None


def split_rdata(rdata: bytes) -> RawRdata:
    """Split RDATA into its strings without judging them; zero-length strings are kept."""
    strings, truncated_at = wire_strings(rdata)
    return _new_tuple(RawRdata, (tuple(strings), len(rdata), truncated_at))


def decode(rdata: bytes, *, source: str = "<rdata>") -> tuple[TxtEntry, ...]:
    """Decode TXT RDATA into its entries, in wire order, duplicates kept.

    Zero-length strings carry no key and are skipped, so ``b""`` and ``b"\\x00"`` both
    decode to no entries, as receivers treat them. A length byte that runs past the
    end raises ``InputFormatError``.
    """
    split = split_rdata(bytes(rdata))
    if split.truncated_at is not None:
        at = split.truncated_at
        raise InputFormatError(
            f"length byte {rdata[at]} at offset {at} runs past the end of the "
            f"{split.size}-byte RDATA; the record is cut short or is not TXT RDATA",
            source=source,
        )
    return tuple(TxtEntry.from_string(s) for s in split.strings if s)


def encode(entries: Iterable[TxtEntry]) -> bytes:
    """Encode entries as RDATA; no entries gives the single zero byte RFC 6763 s6.1 asks for.

    Raises ``ValueError`` for an entry longer than 255 bytes, which no length byte can hold.
    """
    parts: list[bytes] = []
    for entry in entries:
        raw = entry.raw
        if len(raw) > MAX_STRING:
            raise ValueError(
                f"TXT string {entry.name!r} is {len(raw)} bytes; the limit is {MAX_STRING}: "
                "shorten the value or split it over several keys"
            )
        parts.append(bytes((len(raw),)))
        parts.append(raw)
    return b"".join(parts) if parts else EMPTY_RDATA
