"""Build TXT records and zeroconf ``ServiceInfo`` objects that pass the checks.

Building always validates first and refuses a record with errors (``ValidationError``
carries every finding), then encodes it canonically: ``txtvers`` first, flags as bare
keys, the rest in the order given.
"""

from __future__ import annotations

import ipaddress
import json
import re
import shlex
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape, quoteattr

from .checks.validate import plan_for, validate
from .errors import ValidationError
from .formats.inputs import TxtInput, from_entries, from_mapping
from .formats.wire import TxtEntry, encode
from .names import ServiceType, host_fqdn, instance_host, subtype_label
from .report import Report

if TYPE_CHECKING:
    from zeroconf import ServiceInfo

    from .catalogue.store import Catalogue
    from .schemaset import SchemaSet

__all__ = [
    "BuiltRecord",
    "build_record",
    "build_service_info",
    "c_identifier",
    "format_avahi",
    "format_c",
    "format_dns_sd",
    "format_esp_idf",
    "format_hex",
    "format_json",
]

TxtSpec = Mapping[str, Any] | Mapping[bytes, Any] | Iterable[TxtEntry] | TxtInput


@dataclass(frozen=True, slots=True)
class BuiltRecord:
    """A checked record: its entries in canonical order, its RDATA and the report."""

    service_type: ServiceType
    instance: str | None
    port: int | None
    entries: tuple[TxtEntry, ...]
    rdata: bytes
    report: Report
    subtypes: tuple[str, ...] = ()


def _entries(txt: TxtSpec) -> tuple[TxtEntry, ...]:
    if isinstance(txt, TxtInput):
        return txt.entries
    if isinstance(txt, Mapping):
        return from_mapping(txt).entries
    return from_entries(txt).entries


def _canonical(
    entries: Sequence[TxtEntry], service: ServiceType, schemas: SchemaSet | Catalogue | None
) -> tuple[TxtEntry, ...]:
    plan = plan_for(service, schemas)
    flags: set[bytes] = set()
    if plan.validator is not None:
        flags = {folded for folded, v in plan.validator.keys.items() if v.is_flag}
    out = [
        TxtEntry(e.key, None) if e.value == b"" and e.key.lower() in flags else e for e in entries
    ]
    first = [e for e in out if e.key.lower() == b"txtvers"]
    return tuple(first + [e for e in out if e.key.lower() != b"txtvers"])


def build_record(
    service: str | ServiceType,
    txt: TxtSpec,
    *,
    instance: str | None = None,
    port: int | None = None,
    subtypes: Sequence[str] = (),
    schemas: SchemaSet | Catalogue | None = None,
) -> BuiltRecord:
    """Validate and canonically encode a record; raise ValidationError on any error.

    A subtype written in ``service`` (``_printer._sub._http._tcp``) is kept, before
    those in ``subtypes``; ``printer`` and ``_printer`` name the same subtype.
    ``schemas`` is the ``SchemaSet`` to check against (default: the one in use).
    """
    kind = service if isinstance(service, ServiceType) else ServiceType.parse(service)
    if port is not None and not 0 <= port <= 65535:
        raise ValidationError(f"port {port} is outside 0-65535; give a valid port number")
    labels = tuple(
        dict.fromkeys(
            subtype_label(s) for s in (*((kind.subtype,) if kind.subtype else ()), *subtypes)
        )
    )
    entries = _canonical(_entries(txt), kind, schemas)
    report = validate(kind, from_entries(entries), schemas=schemas, instance=instance)
    if not report.ok:
        first = report.errors[0]
        more = len(report.errors) - 1
        raise ValidationError(
            f"{kind.dns_sd} record has {len(report.errors)} error(s): {first.code} "
            f"{first.message}" + (f" (and {more} more)" if more else ""),
            report.issues,
        )
    return BuiltRecord(kind, instance, port, entries, encode(entries), report, labels)


def _address(value: str | bytes) -> bytes:
    if isinstance(value, bytes):
        if len(value) not in (4, 16):
            raise ValidationError(
                f"packed address {value!r} is {len(value)} bytes; IPv4 has 4 and IPv6 16"
            )
        return value
    try:
        return ipaddress.ip_address(value).packed
    except ValueError:
        raise ValidationError(
            f"{value!r} is not an IP address; give addresses such as '192.0.2.10' or '::1'"
        ) from None


def build_service_info(
    service: str | ServiceType,
    instance: str,
    port: int,
    txt: TxtSpec,
    *,
    addresses: Iterable[str | bytes] = (),
    server: str | None = None,
    subtypes: Sequence[str] = (),
    schemas: SchemaSet | Catalogue | None = None,
    domain: str = "local.",
) -> ServiceInfo:
    """A zeroconf ``ServiceInfo`` whose TXT record passed every check.

    ``addresses`` are IP strings or packed bytes. ``server`` is the SRV target; a bare
    host gets ``domain`` (``lamp`` -> ``lamp.local.``); by default it is the instance
    name made host-safe. zeroconf registers one type per ServiceInfo, so at most one
    subtype can be given (here or in ``service``); the info's type is then its browse
    name, ``_printer._sub._http._tcp.local.``.
    """
    from zeroconf import ServiceInfo

    built = build_record(
        service, txt, instance=instance, port=port, subtypes=subtypes, schemas=schemas
    )
    if len(built.subtypes) > 1:
        raise ValidationError(
            "zeroconf advertises one subtype per ServiceInfo; build one info per subtype"
        )
    kind = built.service_type
    base = kind.fqdn(domain)
    type_ = kind.fqdn(domain, built.subtypes[0]) if built.subtypes else base
    server = instance_host(instance, domain) if server is None else host_fqdn(server, domain)
    return ServiceInfo(
        type_,
        f"{instance}.{base}",
        port=port,
        properties=built.rdata,
        server=server,
        addresses=[_address(a) for a in addresses],
    )


# -- output formats ---------------------------------------------------------------------


def format_hex(record: BuiltRecord) -> str:
    """The RDATA as one line of lowercase hex."""
    return record.rdata.hex()


def _dns_sd_word(entry: TxtEntry) -> str:
    parts: list[str] = []
    for byte in entry.raw:
        if 0x20 <= byte < 0x7F and byte != 0x5C:
            parts.append(chr(byte))
        else:
            parts.append(f"\\x{byte:02x}")
    return "".join(parts)


def format_dns_sd(record: BuiltRecord) -> str:
    """A ``dns-sd -R`` command line that registers the same record."""
    words = [
        "dns-sd",
        "-R",
        record.instance or "Instance",
        record.service_type.dns_sd + "".join(f",{s}" for s in record.subtypes),
        "local",
        str(record.port if record.port is not None else 0),
        *(_dns_sd_word(e) for e in record.entries),
    ]
    return shlex.join(words)


def format_avahi(record: BuiltRecord) -> str:
    """An Avahi ``.service`` file; values that are not printable text go as binary-hex."""
    lines = [
        '<?xml version="1.0" standalone="no"?>',
        '<!DOCTYPE service-group SYSTEM "avahi-service.dtd">',
        "<service-group>",
        f"  <name>{escape(record.instance or '%h')}</name>",
        "  <service>",
        f"    <type>{escape(record.service_type.dns_sd)}</type>",
        *(
            f"    <subtype>{escape(s)}._sub.{record.service_type.dns_sd}</subtype>"
            for s in record.subtypes
        ),
        f"    <port>{record.port if record.port is not None else 0}</port>",
    ]
    for entry in record.entries:
        key = entry.key.decode("ascii", "backslashreplace")
        if entry.value is None:
            lines.append(f"    <txt-record>{escape(key)}</txt-record>")
            continue
        try:
            text = entry.value.decode("utf-8")
            printable = text.isprintable()
        except UnicodeDecodeError:
            printable = False
        if printable:
            lines.append(f"    <txt-record>{escape(key)}={escape(text)}</txt-record>")
        else:
            fmt = quoteattr("binary-hex")
            lines.append(
                f"    <txt-record value-format={fmt}>{escape(key)}={entry.value.hex()}</txt-record>"
            )
    lines += ["  </service>", "</service-group>"]
    return "\n".join(lines)


def format_json(record: BuiltRecord) -> str:
    """The record as JSON: service, instance, port, entries (text or hex) and RDATA hex."""
    entries: list[dict[str, Any]] = []
    for entry in record.entries:
        item: dict[str, Any] = {"key": entry.name}
        if entry.value is not None:
            try:
                item["value"] = entry.value.decode("utf-8")
            except UnicodeDecodeError:
                item["value_hex"] = entry.value.hex()
        entries.append(item)
    return json.dumps(
        {
            "service": record.service_type.dns_sd,
            "instance": record.instance,
            "port": record.port,
            "subtypes": list(record.subtypes),
            "txt": entries,
            "rdata_hex": record.rdata.hex(),
            "issues": [i.to_dict() for i in record.report.by_severity()],
        },
        indent=2,
        ensure_ascii=False,
    )


# -- firmware: C and ESP-IDF ------------------------------------------------------------

_C_KEYWORDS = frozenset(
    (
        "auto",
        "break",
        "case",
        "char",
        "const",
        "continue",
        "default",
        "do",
        "double",
        "else",
        "enum",
        "extern",
        "float",
        "for",
        "goto",
        "if",
        "inline",
        "int",
        "long",
        "register",
        "restrict",
        "return",
        "short",
        "signed",
        "sizeof",
        "static",
        "struct",
        "switch",
        "typedef",
        "union",
        "unsigned",
        "void",
        "volatile",
        "while",
        "_Alignas",
        "_Alignof",
        "_Atomic",
        "_Bool",
        "_Complex",
        "_Generic",
        "_Imaginary",
        "_Noreturn",
        "_Static_assert",
        "_Thread_local",
        "bool",
        "true",
        "false",
        "alignas",
        "alignof",
        "nullptr",
        "static_assert",
        "thread_local",
        "typeof",
    )
)
_C_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def c_identifier(record: BuiltRecord, name: str | None = None) -> str:
    """The C name of the array: ``name`` if given (checked), else one made from the service.

    ``_wot._udp`` gives ``wot_udp_txt``. Raises ``ValidationError`` for a ``name`` that is
    not a C identifier or is a keyword.
    """
    if name is not None:
        if not _C_IDENTIFIER.fullmatch(name) or name in _C_KEYWORDS:
            raise ValidationError(
                f"{name!r} is not a usable C identifier: use letters, digits and '_', not "
                "starting with a digit, and not a C keyword (e.g. --c-name lamp_txt)"
            )
        return name
    base = re.sub(
        r"[^A-Za-z0-9]+", "_", f"{record.service_type.name}_{record.service_type.protocol}"
    )
    base = base.strip("_").lower() or "service"
    if base[0].isdigit():
        base = "txt_" + base
    return f"{base}_txt"


def _c_comment(text: str) -> str:
    """Text safe inside ``/* ... */``: printable ASCII only, no ``*/`` and no ``/*``."""
    shown = "".join(
        c if 0x20 <= ord(c) < 0x7F else c.encode("unicode_escape").decode("ascii") for c in text
    )
    return shown.replace("*/", "*\\/").replace("/*", "/\\*")


def _c_header(record: BuiltRecord, fmt: str, *notes: str) -> list[str]:
    who = f"instance {record.instance!r}, " if record.instance else ""
    port = f"port {record.port}, " if record.port is not None else ""
    lines = [
        f"/* {_c_comment(record.service_type.dns_sd)} TXT record ({_c_comment(who + port)}"
        f"{len(record.entries)} key(s), {len(record.rdata)} bytes of RDATA).",
        f" * Made by 'txtkeys build --format {fmt}', which checked it against RFC 6763 and",
        " * the service's keys; rebuild it rather than editing it by hand.",
    ]
    lines += [f" * {note}" if note else " *" for note in notes]
    lines[-1] += " */"
    return lines


def format_c(record: BuiltRecord, name: str | None = None) -> str:
    """A C array holding the RDATA: each string's length byte, then its bytes.

    ``static const uint8_t NAME[] = {...};`` with a comment per key, and
    ``#define NAME_SIZE`` (upper case) for its length in bytes, ready for a firmware
    build that puts the bytes straight into a TXT answer.
    """
    ident = c_identifier(record, name)
    size = f"{ident.upper()}_SIZE"
    lines = [
        *_c_header(
            record,
            "c",
            "",
            "The bytes are the RDATA (RFC 6763 s6.1): per key a length byte,",
            "then key=value. Put them in the TXT answer as they are.",
        ),
        "#include <stdint.h>",
        "",
        f"#define {size} {len(record.rdata)}u",
        "",
        f"static const uint8_t {ident}[{size}] = {{",
    ]
    if not record.entries:
        lines.append("    0x00, /* no keys: a single zero-length string */")
    for entry in record.entries:
        raw = entry.raw
        lines.append(f"    /* {_c_comment(_dns_sd_word(entry))} */")
        chunk = [len(raw), *raw]
        for start in range(0, len(chunk), 12):
            lines.append("    " + " ".join(f"0x{b:02x}," for b in chunk[start : start + 12]))
    lines.append("};")
    return "\n".join(lines)


def _c_string(data: bytes) -> str:
    """A C string literal for ``data`` (no NUL inside); hex escapes split off the next digit."""
    parts: list[str] = []
    after_hex = False
    for byte in data:
        char = chr(byte)
        if byte in (0x22, 0x5C):
            parts.append("\\" + char)
            after_hex = False
        elif 0x20 <= byte < 0x7F and char != "?":
            if after_hex and char in "0123456789abcdefABCDEF":
                parts.append('" "')  # "\xa3" "1", not "\xa31"
            parts.append(char)
            after_hex = False
        elif char == "?":
            parts.append("\\?")  # no trigraphs
            after_hex = False
        else:
            parts.append(f"\\x{byte:02x}")
            after_hex = True
    return '"' + "".join(parts) + '"'


def format_esp_idf(record: BuiltRecord, name: str | None = None) -> str:
    """An ``mdns_txt_item_t`` array for ESP-IDF's mdns component (``mdns_service_add``).

    ``mdns_txt_item_t`` is ``{const char *key; const char *value;}``: the component copies
    each value with ``strdup`` (its length is ``strlen``) and puts each item in front of
    its list, so the record goes out in the reverse of the array's order. The array is
    therefore written last key first, which sends the keys in the record's order
    (``txtvers`` first). A value holding a zero byte, and a bare key (no ``=``), cannot be
    given this way: ``ValidationError`` says what to use instead. Values that are not
    printable text are written with ``\\x`` escapes and a comment saying so.
    """
    ident = c_identifier(record, name)
    count = f"{ident.upper()}_COUNT"
    bare = [e.name for e in record.entries if e.value is None]
    if bare:
        shown = ", ".join(repr(k) for k in bare)
        raise ValidationError(
            f"ESP-IDF's mdns_txt_item_t cannot hold a bare key ({shown}): mdns_service_add "
            "copies every value with strdup and sends 'key=' for \"\". Add it after "
            "mdns_service_add with mdns_service_txt_item_set_with_explicit_value_len(service, "
            'proto, "KEY", NULL, 0), or use --format c for the whole RDATA'
        )
    zero = [e.name for e in record.entries if e.value is not None and 0 in e.value]
    if zero:
        raise ValidationError(
            f"the value of {', '.join(repr(k) for k in zero)} holds a zero byte, which a C "
            "string in mdns_txt_item_t cannot carry (ESP-IDF takes its length from strlen): "
            "use mdns_service_txt_item_set_with_explicit_value_len, or --format c"
        )
    kind = record.service_type
    lines = [
        *_c_header(
            record,
            "esp-idf",
            "",
            "ESP-IDF's mdns component puts each mdns_txt_item_t in front of the service's",
            "TXT list (mdns_service_add, mdns_service_txt_set), so the record goes out in",
            "the reverse of the array's order: the array is written last key first, and",
            "the keys go out in the order they were checked in.",
        ),
        '#include "mdns.h"',
        "",
        f"#define {count} {len(record.entries)}u",
        "",
    ]
    if not record.entries:
        lines.append("/* no keys: call mdns_service_add(..., NULL, 0) */")
        return "\n".join(lines)
    lines.append(f"static mdns_txt_item_t {ident}[{count}] = {{")
    total = len(record.entries)
    for position, entry in reversed(list(enumerate(record.entries, 1))):
        value = entry.value or b""
        try:
            printable = value.decode("utf-8").isprintable()
        except UnicodeDecodeError:
            printable = False
        note = "" if printable else " (not printable text: written with \\x escapes)"
        lines.append(
            f"    {{{_c_string(entry.key)}, {_c_string(value)}}}, "
            f"/* sent {position} of {total}: {_c_comment(_dns_sd_word(entry))}{note} */"
        )
    lines.append("};")
    instance = _c_string(record.instance.encode("utf-8")) if record.instance else "NULL"
    lines.append(
        f'/* mdns_service_add({_c_comment(instance)}, "_{_c_comment(kind.name)}", '
        f'"_{kind.protocol}", {record.port if record.port is not None else 0}, '
        f"{ident}, {count}); */"
    )
    return "\n".join(lines)
