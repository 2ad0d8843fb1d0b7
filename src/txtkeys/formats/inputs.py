"""Where TXT records come from: mappings, zeroconf objects, wire bytes, Avahi files, CLI words.

Each reader returns a ``TxtInput``: the entries in order, plus what only the RDATA shows
(its size, a length byte running past the end, stray zero-length strings), so the
checks can report on them. Readers raise ``InputFormatError`` with the place to fix.
"""

from __future__ import annotations

import binascii
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from .._io import read_capped
from ..errors import InputFormatError, TxtkeysError
from .display import display
from .wire import TxtEntry, split_rdata

TYPE_CHECKING = False  # typing's own, without importing typing: check starts faster
if TYPE_CHECKING:
    from typing import Any

    from zeroconf import ServiceInfo

__all__ = [
    "MAX_AVAHI_BYTES",
    "MAX_RDATA_BYTES",
    "AvahiService",
    "TxtInput",
    "as_txt_input",
    "from_avahi",
    "from_hex",
    "from_mapping",
    "from_rdata",
    "from_service_info",
    "from_wire_file",
    "from_words",
    "parse_word",
    "read_wire_file",
]

MAX_RDATA_BYTES = 65_535
"""TXT RDATA cannot be longer: its length is a 16-bit RDLENGTH (RFC 1035 s3.2.1)."""
MAX_AVAHI_BYTES = 1024 * 1024
"""An Avahi .service file; one holding the largest possible TXT record is under 300 KB."""

_PORT_TEXT = re.compile(r"[0-9]{1,5}")

# Values are str, bytes or None; True (bare flag), False (left out) and numbers are accepted.
TxtMapping = Mapping[str, object] | Mapping[bytes, object] | Mapping[str | bytes, object]


@dataclass(frozen=True, slots=True)
class TxtInput:
    """A TXT record as read, before any judgement.

    ``size`` is the RDATA length as it is (or would be) sent. ``truncated_at``,
    ``empty_rdata`` and ``empty_strings`` are only ever set for wire input.
    """

    entries: tuple[TxtEntry, ...]
    size: int
    truncated_at: int | None = None
    empty_rdata: bool = False
    empty_strings: int = 0

    @property
    def pairs(self) -> list[tuple[bytes, bytes | None]]:
        return [(e.key, e.value) for e in self.entries]


def _encoded_size(entries: Iterable[TxtEntry]) -> int:
    size = sum(1 + len(e.raw) for e in entries)
    return size or 1


def from_entries(entries: Iterable[TxtEntry]) -> TxtInput:
    """Entries as they would be encoded; keys may still hold '=', which the checks report."""
    materialised = tuple(entries)
    return TxtInput(materialised, _encoded_size(materialised))


def from_mapping(txt: TxtMapping) -> TxtInput:
    """A mapping of key to value; None (or True) is a bare flag, ``""`` an empty value.

    Text is encoded as UTF-8. Other value types (int, float) are written with ``str``.
    """
    entries: list[TxtEntry] = []
    for key, value in txt.items():
        if not isinstance(key, str | bytes):
            raise InputFormatError(
                f"TXT key {key!r} is a {type(key).__name__}; use str or bytes keys",
                source="<mapping>",
            )
        given: object = value
        if given is False:
            continue
        if given is True:
            given = None
        elif not isinstance(given, str | bytes | None):
            given = str(given)
        entries.append(TxtEntry.of(key, given))
    return from_entries(entries)


def from_rdata(rdata: bytes) -> TxtInput:
    """Wire RDATA exactly as received: nothing is dropped without being counted."""
    split = split_rdata(bytes(rdata))
    nonempty = [s for s in split.strings if s]
    blanks = len(split.strings) - len(nonempty)
    # A lone zero-length string is the correct form of a record with no keys.
    if blanks and not nonempty and split.truncated_at is None and blanks == 1:
        blanks = 0
    return TxtInput(
        tuple(TxtEntry.from_string(s) for s in nonempty),
        split.size,
        truncated_at=split.truncated_at,
        empty_rdata=split.size == 0,
        empty_strings=blanks,
    )


def from_service_info(info: ServiceInfo) -> TxtInput:
    """A zeroconf ServiceInfo, read from its raw ``text`` so duplicates and flags survive."""
    text = info.text
    return from_rdata(text if text is not None else b"")


def from_hex(text: str, *, source: str = "<hex>") -> TxtInput:
    """Hex text of RDATA; spaces, colons and a leading 0x are allowed."""
    cleaned = text.strip()
    if cleaned[:2].lower() == "0x":
        cleaned = cleaned[2:]
    cleaned = "".join(cleaned.replace(":", " ").split())
    try:
        data = bytes.fromhex(cleaned)
    except ValueError:
        bad = next(
            (i for i, c in enumerate(cleaned) if c not in "0123456789abcdefABCDEF"),
            None,
        )
        where = (
            f"{cleaned[bad]!r} at position {bad + 1} is not a hex digit"
            if bad is not None
            else f"{len(cleaned)} hex digits is an odd number"
        )
        raise InputFormatError(
            f"cannot read RDATA as hex: {where}; give pairs of hex digits such as 0674643d2f7464",
            source=source,
        ) from None
    return from_rdata(data)


def read_wire_file(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a TXT RDATA file, refused while reading once past ``MAX_RDATA_BYTES``.

    FIFOs, devices and directories are refused without a blocking read.
    """
    return read_capped(
        path,
        MAX_RDATA_BYTES,
        "TXT RDATA file",
        missing="no such file; give a readable file of TXT RDATA",
    )


def from_wire_file(path: str | os.PathLike[str]) -> TxtInput:
    """A binary file holding the TXT RDATA (for example cut from a firmware image)."""
    return from_rdata(read_wire_file(path))


def parse_word(word: str, *, source: str = "<argument>") -> TxtEntry:
    """One ``key[=value]`` word as ``dns-sd -R`` takes it, with ``\\xHH`` and ``\\\\`` escapes.

    An escaped ``\\=`` stays in the key instead of ending it, so a key holding ``=`` can be
    shown to the checks that reject it.
    """
    out = bytearray()
    key: bytes | None = None
    i = 0
    while i < len(word):
        char = word[i]
        if char == "\\":
            if i + 1 >= len(word):
                raise InputFormatError(
                    "a backslash ends the word; write \\\\ for a literal backslash",
                    source=source,
                    column=i + 1,
                    text_line=word,
                )
            nxt = word[i + 1]
            if nxt in "xX":
                digits = word[i + 2 : i + 4]
                try:
                    if len(digits) != 2:
                        raise ValueError(digits)
                    out.append(int(digits, 16))
                except ValueError:
                    raise InputFormatError(
                        f"'\\x' must be followed by two hex digits, not {digits!r}; "
                        "write a byte as \\xHH",
                        source=source,
                        column=i + 1,
                        text_line=word,
                    ) from None
                i += 4
                continue
            out.extend(nxt.encode("utf-8", "surrogateescape"))
            i += 2
            continue
        if char == "=" and key is None:
            key = bytes(out)
            out.clear()
        else:
            out.extend(char.encode("utf-8", "surrogateescape"))
        i += 1
    if key is None:
        return TxtEntry(bytes(out), None)
    return TxtEntry(key, bytes(out))


def from_words(words: Iterable[str]) -> TxtInput:
    """Command-line words, one TXT string each."""
    return from_entries(parse_word(word, source=f"argument {n}") for n, word in enumerate(words, 1))


@dataclass(frozen=True, slots=True)
class AvahiService:
    """One ``<service>`` of an Avahi service file, with its group's instance name."""

    name: str
    type: str
    port: int | None
    txt: TxtInput
    subtypes: tuple[str, ...] = ()
    host_name: str | None = None
    domain_name: str | None = None
    wildcards: bool = False
    source: str = field(default="", compare=False)


def _avahi_value(element: Any, source: str) -> TxtEntry:
    text = element.text or ""
    line = getattr(element, "sourceline", None)
    fmt = (element.get("value-format") or "text").strip()
    key, sep, value = text.partition("=")
    if fmt == "text":
        return TxtEntry.of(key, value if sep else None)
    if not sep:
        return TxtEntry.of(key)
    try:
        if fmt == "binary-hex":
            raw = bytes.fromhex("".join(value.split()))
        elif fmt == "binary-base64":
            import base64  # only this input format needs it

            raw = base64.b64decode("".join(value.split()), validate=True)
        else:
            raise InputFormatError(
                f"<txt-record value-format={fmt!r}> is unknown; use text, binary-hex or "
                "binary-base64",
                source=source,
                line=line,
            )
    except (ValueError, binascii.Error):
        raise InputFormatError(
            f"the value of <txt-record> {key!r} is not valid {fmt}; fix the encoded value",
            source=source,
            line=line,
        ) from None
    return TxtEntry.of(key, raw)


def _avahi_port(text: str | None, source: str) -> int | None:
    """A ``<port>``: ASCII digits 0-65535 only (not ``²``, not Arabic-Indic digits)."""
    port_text = (text or "").strip(" \t\r\n")
    if not port_text:
        return None
    if not _PORT_TEXT.fullmatch(port_text) or int(port_text) > 65535:
        shown = display(port_text if len(port_text) <= 20 else port_text[:20] + "...")
        raise InputFormatError(
            f"<port>{shown}</port> is not a port number: write 0-65535 in ASCII digits",
            source=source,
        )
    return int(port_text)


def from_avahi(path: str | os.PathLike[str]) -> list[AvahiService]:
    """Every ``<service>`` of an Avahi ``.service`` file (parsed with defusedxml)."""
    # XML parsing only when an Avahi file is read (keeps 'import txtkeys' light).
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    source = display(os.fsdecode(path))
    data = read_capped(
        path,
        MAX_AVAHI_BYTES,
        "Avahi service file",
        missing="no such file; give a readable Avahi .service file",
    )
    try:
        root = fromstring(data)
    except ParseError as exc:
        line, column = getattr(exc, "position", (None, None))
        raise InputFormatError(
            f"not well-formed XML ({exc}); fix the file or check it is an Avahi .service file",
            source=source,
            line=line,
            column=None if column is None else column + 1,
        ) from None
    except DefusedXmlException as exc:
        raise InputFormatError(
            f"the XML uses a forbidden construct ({exc}); remove entity and DTD declarations",
            source=source,
        ) from None
    if root.tag != "service-group":
        raise InputFormatError(
            f"the root element is <{display(str(root.tag))}>, not <service-group>; this is "
            "not an Avahi .service file",
            source=source,
        )
    name_element = root.find("name")
    name = (name_element.text or "").strip() if name_element is not None else ""
    wildcards = (
        name_element is not None
        and (name_element.get("replace-wildcards") or "no").strip().lower() == "yes"
    )
    services: list[AvahiService] = []
    for element in root.findall("service"):
        type_text = (element.findtext("type") or "").strip()
        if not type_text:
            raise InputFormatError(
                "a <service> has no <type>; add one such as <type>_http._tcp</type>",
                source=source,
            )
        port = _avahi_port(element.findtext("port"), source)
        entries = [_avahi_value(txt, source) for txt in element.findall("txt-record")]
        services.append(
            AvahiService(
                name=name,
                type=type_text,
                port=port,
                txt=from_entries(entries),
                subtypes=tuple(
                    (s.text or "").strip() for s in element.findall("subtype") if s.text
                ),
                host_name=(element.findtext("host-name") or "").strip() or None,
                domain_name=(element.findtext("domain-name") or "").strip() or None,
                wildcards=wildcards,
                source=source,
            )
        )
    if not services:
        raise InputFormatError(
            "the file has no <service> element; add one with <type> and <port>",
            source=source,
        )
    return services


def as_txt_input(txt: object) -> TxtInput:
    """A record given in any form the API accepts, read as the checks and builder want it.

    RDATA bytes, a mapping of key to value, a zeroconf ``ServiceInfo`` (its raw ``text``,
    so nothing is lost), a list of ``TxtEntry`` or an already read ``TxtInput``.
    """
    if isinstance(txt, bytes | bytearray | memoryview):
        return from_rdata(bytes(txt))
    if isinstance(txt, TxtInput):
        return txt
    if isinstance(txt, Mapping):
        return from_mapping(txt)
    text = getattr(txt, "text", None)
    if isinstance(text, bytes) and hasattr(txt, "type"):  # a zeroconf ServiceInfo
        return from_rdata(text)
    if (
        isinstance(txt, Sequence)
        and not isinstance(txt, str)
        and all(isinstance(item, TxtEntry) for item in txt)
    ):
        return from_entries(txt)
    raise TxtkeysError(
        f"cannot read a TXT record given as {type(txt).__name__}: pass RDATA bytes, a "
        "mapping of key to value, a zeroconf ServiceInfo or a list of TxtEntry "
        "(for hex text use txtkeys.formats.inputs.from_hex)"
    )
