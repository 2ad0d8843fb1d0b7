"""Build TXT records and zeroconf ``ServiceInfo`` objects that pass the checks.

Building always validates first and refuses a record with errors (``ValidationError``
carries every finding), then encodes it canonically: ``txtvers`` first, flags as bare
keys, the rest in the order given.
"""

from __future__ import annotations

import ipaddress
import json
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
    from .schema.schemaset import SchemaSet

__all__ = [
    "BuiltRecord",
    "build_record",
    "build_service_info",
    "format_avahi",
    "format_dns_sd",
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
