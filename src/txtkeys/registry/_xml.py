"""Read IANA's XML rendering of the registry (namespace http://www.iana.org/assignments).

A registry file is user input: entity declarations and external references are
refused rather than expanded. They can only be declared in a DTD, so a document
without ``<!DOCTYPE`` (IANA's file has none) goes straight to expat's C tree
builder; any document with one goes through ``defusedxml``, which refuses them (its
pure-Python tree builder is what makes it three times slower, so it is kept for
the documents that need it).

Conventions (shared with the CSV and pasted readers, see ``txtkeys.registry.read``):

- ``<assignee><xref type="person"/></assignee>`` gives the assignees and a direct
  ``<xref type="person"/>`` the contacts; a record without an ``<assignee>`` lists its
  contacts as assignees too, as IANA's CSV does.
- Direct xrefs of type rfc, draft, uri, text and note are the references, in file
  order: ``rfc6335`` becomes ``RFC6335``; uri and text xrefs with text give their text.
- In descriptions, notes and unauthorized-use text ``<br/>`` is a line break and an
  inline ``<xref>`` reads as its text or as ``[data]`` (``[RFC6614]``, ``[Bob_Lyon]``),
  like the CSV renders it; paragraphs are joined with line breaks.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element, ParseError, XMLParser

from ..errors import InputFormatError
from .records import Registry, RegistryRecord

__all__ = ["read_xml"]

IANA_NAMESPACE = "http://www.iana.org/assignments"
_NS = "{" + IANA_NAMESPACE + "}"
_RECORD = _NS + "record"
_NAME = _NS + "name"
_PROTOCOL = _NS + "protocol"
_NUMBER = _NS + "number"
_DESCRIPTION = _NS + "description"
_ASSIGNEE = _NS + "assignee"
_XREF = _NS + "xref"
_NOTE = _NS + "note"
_SC = _NS + "sc"
_UNAUTHORIZED = _NS + "unauthorized"
_UPDATED = _NS + "updated"
_BR = _NS + "br"
_PARAGRAPH = _NS + "paragraph"
_REFERENCE_TYPES = frozenset({"rfc", "draft", "uri", "text", "note"})


def read_xml(data: bytes, source: str) -> Registry:
    """Parse the whole XML document and turn each ``<record>`` into a RegistryRecord."""
    try:
        root = _parse(data, source)
    except ParseError as exc:
        line, column = exc.position
        raise InputFormatError(
            f"the XML is not well-formed ({_expat_reason(exc)}); the file may be truncated "
            "or damaged: download it again from "
            "https://www.iana.org/assignments/service-names-port-numbers/"
            "service-names-port-numbers.xml",
            source=source,
            line=line,
            column=column + 1,
            text_line=_line_of(data, line),
        ) from None
    if root.tag != _NS + "registry":
        raise InputFormatError(
            f"not a registry file: the root element is {root.tag!r}; expected <registry> in "
            f"the XML namespace {IANA_NAMESPACE}",
            source=source,
            line=1,
        )
    try:
        records = tuple(_record(element) for element in root.iter(_RECORD))
    except RecursionError:
        raise InputFormatError(
            "markup inside a record is nested thousands of levels deep, which no registry "
            "file has; the file is damaged or hostile: use the file as IANA publishes it",
            source=source,
        ) from None
    updated = root.findtext(_UPDATED)
    return Registry(
        records=records,
        updated=updated.strip() if updated else None,
        format="xml",
        source=source,
    )


# The XML declaration's encoding; with any other than these, '<!DOCTYPE' could be
# spelled in bytes a byte search does not see (UTF-16, UTF-7), so defusedxml reads it.
_DECLARED_ENCODING = re.compile(rb"""<\?xml[^>]*?\sencoding\s*=\s*["']([^"']*)["']""")
_ASCII_ENCODINGS = frozenset({b"utf-8", b"utf8", b"us-ascii", b"ascii"})


def _parse(data: bytes, source: str) -> Element:
    """The document's root; entities and DTDs refused (see the module docstring)."""
    if _has_no_dtd(data):
        parser = XMLParser()
        parser.feed(data)
        root: Element = parser.close()
        return root
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring as safe_fromstring

    try:
        return safe_fromstring(data)  # type: ignore[no-any-return]
    except DefusedXmlException as exc:
        raise InputFormatError(
            f"the XML declares entities or external references ({type(exc).__name__}), which "
            "a registry file never needs; refusing to expand them. Use the file as IANA "
            "publishes it",
            source=source,
        ) from None


def _has_no_dtd(data: bytes) -> bool:
    """True when the bytes are ASCII-compatible and hold no document type declaration."""
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    first = data[start : start + 1]
    if first not in (b"<", b" ", b"\t", b"\r", b"\n") or b"\x00" in data[start : start + 4]:
        return False
    declared = _DECLARED_ENCODING.match(data, start) if data.startswith(b"<?xml", start) else None
    if declared is not None and declared.group(1).lower() not in _ASCII_ENCODINGS:
        return False
    return b"<!DOCTYPE" not in data


def _record(element: Element) -> RegistryRecord:
    name = protocol = number = description = None
    service_code = unauthorized = note = None
    contacts: list[str] = []
    assignees: list[str] = []
    references: list[str] = []
    has_assignee = False
    for child in element:
        tag = child.tag
        if tag == _XREF:
            kind = child.get("type")
            if kind == "person":
                contacts.append(child.get("data", ""))
            elif kind in _REFERENCE_TYPES:
                references.append(_reference(child, kind))
        elif tag == _NAME:
            name = _plain(child)
        elif tag == _PROTOCOL:
            protocol = _plain(child)
        elif tag == _NUMBER:
            number = _plain(child)
        elif tag == _DESCRIPTION:
            description = render_mixed(child)
        elif tag == _ASSIGNEE:
            has_assignee = True
            assignees.extend(x.get("data", "") for x in child.iter(_XREF))
        elif tag == _NOTE:
            note = render_mixed(child)
        elif tag == _SC:
            service_code = _plain(child)
        elif tag == _UNAUTHORIZED:
            unauthorized = render_mixed(child)
    attributes = element.attrib
    return RegistryRecord(
        name=name,
        number=number,
        protocol=protocol,
        description=description,
        assignees=tuple(assignees) if has_assignee else tuple(contacts),
        contacts=tuple(contacts),
        registered=attributes.get("date"),
        modified=attributes.get("updated"),
        references=tuple(references),
        service_code=service_code,
        unauthorized=unauthorized,
        note=note,
    )


def _plain(element: Element) -> str | None:
    text = element.text
    if not text:
        return None
    return text.strip() or None


def _reference(xref: Element, kind: str) -> str:
    text = xref.text
    if text and text.strip():
        return " ".join(text.split())
    data = xref.get("data", "")
    return data.upper() if kind == "rfc" else data


def render_mixed(element: Element) -> str | None:
    """Text of an element with <br/>, <xref> and <paragraph> children, outer space stripped."""
    if len(element) == 0:
        text = element.text
        return text.strip() or None if text else None
    parts: list[str] = []
    _render_into(element, parts)
    return "".join(parts).strip() or None


def _render_into(element: Element, parts: list[str]) -> None:
    if element.text:
        parts.append(element.text)
    for child in element:
        tag = child.tag
        tail = child.tail
        if tag == _BR:
            parts.append("\n")
            # The source breaks its line after <br/> too; one break is the rendering.
            if tail and tail[0] == "\n":
                tail = tail[1:]
        elif tag == _XREF:
            parts.append(_inline_xref(child))
        elif tag == _PARAGRAPH:
            if parts and not parts[-1].endswith("\n"):
                parts.append("\n")
            paragraph: list[str] = []
            _render_into(child, paragraph)
            parts.append("".join(paragraph).strip())
            parts.append("\n")
            # Whitespace between paragraphs is layout of the XML file, not text.
            if tail and not tail.strip():
                tail = None
        else:
            _render_into(child, parts)
        if tail:
            parts.append(tail)


def _inline_xref(xref: Element) -> str:
    text = xref.text
    if text and text.strip():
        return text
    kind = xref.get("type")
    data = xref.get("data", "")
    return f"[{data.upper() if kind == 'rfc' else data}]"


def _expat_reason(exc: ParseError) -> str:
    message = str(exc)
    return message.split(":", 1)[0] if ":" in message else message


def _line_of(data: bytes, line: int) -> str | None:
    if line < 1:
        return None
    start = 0
    for _ in range(line - 1):
        start = data.find(b"\n", start) + 1
        if start == 0:
            return None
    end = data.find(b"\n", start)
    raw = data[start:] if end < 0 else data[start:end]
    return raw.decode("utf-8", errors="replace").rstrip("\r")
