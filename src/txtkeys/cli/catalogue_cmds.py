"""Commands about the catalogue itself: ``show``, ``search``, ``compile`` and ``info``."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import UnknownServiceError
from ..formats.display import display
from ..names import ServiceType, service_name_problem
from ..schema.kinds import NoteStatus
from ..schemaset import describe_origin
from ._common import (
    Style,
    add_json_option,
    command_parser,
    format_facts,
    format_table,
    load_schemas,
    print_document,
    terminal_width,
)

if TYPE_CHECKING:
    from ..schema.fields import KeyFacts
    from ..schemaset import SchemaSet, SearchHit, ServiceSchema

__all__ = ["add_commands"]

_FORMATS = ("xml", "csv", "markdown", "text")


def add_commands(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    show = command_parser(
        subparsers,
        "show",
        summary="show the TXT keys the registry defines for a service",
        description=(
            "Show what the IANA registry says about one service: its TXT keys (kind,\n"
            "required or optional, default, allowed values, example), port, references\n"
            "and subtypes. A bare name means tcp; other protocols are mentioned."
        ),
        examples=(
            "txtkeys show wot            # W3C Web of Things over tcp",
            "txtkeys show wot/udp        # the udp record: other scheme choices",
            "txtkeys show _ipp._tcp.local.",
            "txtkeys show ssh --json     # the same as JSON, for scripts",
        ),
    )
    show.add_argument("service", metavar="SERVICE", help="name, name/proto or _name._proto")
    add_json_option(show)
    show.set_defaults(handler=run_show)

    search = command_parser(
        subparsers,
        "search",
        summary="find services whose TXT keys, name or description match",
        description=(
            "Search key names, key descriptions, service names and service descriptions\n"
            "(case-insensitive). Services that define a matching key are listed first.\n"
            "Exit status 1 when nothing matches."
        ),
        examples=(
            "txtkeys search password     # which services carry a password-like key",
            "txtkeys search txtvers",
            "txtkeys search printer --json",
        ),
    )
    search.add_argument("text", metavar="TEXT", help="text to look for")
    add_json_option(search)
    search.set_defaults(handler=run_search)

    compile_cmd = command_parser(
        subparsers,
        "compile",
        summary="compile a registry file into a catalogue",
        description=(
            "Read an IANA service registry file (XML, CSV, or a pasted markdown or text\n"
            "rendering), parse every TXT note once, and print a summary. With -o, write\n"
            "the compiled catalogue (written atomically), usable with --catalogue FILE."
        ),
        examples=(
            "txtkeys compile service-names-port-numbers.xml            # summary only",
            "txtkeys compile service-names-port-numbers.xml -o cat.json",
            "txtkeys --catalogue cat.json show wot",
            "txtkeys compile pasted.md --format markdown -o cat.json",
        ),
    )
    compile_cmd.add_argument("registry", metavar="REGISTRY", help="the registry file to read")
    compile_cmd.add_argument("-o", "--output", metavar="FILE", help="write the catalogue here")
    compile_cmd.add_argument(
        "--format",
        choices=_FORMATS,
        help="the registry's rendering (default: guessed from the file)",
    )
    add_json_option(compile_cmd)
    compile_cmd.set_defaults(handler=run_compile)

    info = command_parser(
        subparsers,
        "info",
        summary="say which catalogue is in use and how old it is",
        description=(
            "Print the catalogue in use, why it was chosen (--catalogue, a newer user\n"
            "cache, or the bundled file), its registry date, checksum and size."
        ),
        examples=("txtkeys info", "txtkeys --catalogue cat.json info --json"),
    )
    add_json_option(info)
    info.set_defaults(handler=run_info)


# -- show -------------------------------------------------------------------------------


def run_show(args: argparse.Namespace) -> int:
    schemas = load_schemas(args)
    kind = ServiceType.parse(args.service)
    schema = schemas.resolve(kind)
    if schema is None:
        known = [p for p in schemas.protocols_of(kind.name)]
        if known:
            over = ", ".join(sorted({p or "any" for p in known}))
            raise UnknownServiceError(
                f"{kind.name} is registered over {over}, not {kind.protocol}: "
                f"try 'txtkeys show {kind.name}/{known[0] or 'tcp'}'"
            )
        close = schemas.suggest(kind.name)
        hint = (
            f"did you mean {', '.join(close)}?"
            if close
            else "try 'txtkeys search TEXT' to look by description"
        )
        raise UnknownServiceError(
            f"{kind.name!r} is not in the IANA service registry (catalogue of "
            f"{schemas.catalogue.updated or 'unknown date'}) nor in any schema file; {hint}"
        )
    others = sorted({p for p in schemas.protocols_of(kind.name) if p and p != schema.protocol})
    if args.json:
        print_document("show", _schema_json(schema, schemas, others))
        return 0
    out = sys.stdout
    style = Style(out)
    out.write("\n".join(_show_lines(schema, schemas, others, style, kind.protocol)) + "\n")
    return 0


def _schema_json(schema: ServiceSchema, schemas: SchemaSet, others: list[str]) -> dict[str, Any]:
    from ..schema.fields import KEY_FIELDS, NOTE_FIELDS

    note: dict[str, Any] = {
        field: list(value) if isinstance(value, tuple) else value
        for field, value in NOTE_FIELDS.items()
    }
    note.update({field: value for field, value in schema.note.items() if field != "keys"})
    note["keys"] = [
        {
            field: [list(v) if isinstance(v, tuple) else v for v in value]
            if isinstance(value, tuple)
            else value
            for field in KEY_FIELDS
            for value in (getattr(key, field),)
        }
        for key in schema.keys
    ]
    return {
        "name": schema.name,
        "protocol": schema.protocol,
        "dns_sd_type": schema.service_type.dns_sd,
        "dns_sd_usable": schema.dns_sd_usable,
        "port": schema.port_text,
        "description": schema.description,
        "references": list(schema.references),
        "other_protocols": others,
        "registry_updated": schemas.catalogue.updated,
        "in_registry": schema.in_registry,
        "schema_files": list(schema.sources),
        "has_note": schema.raw != "",
        "note": note,
    }


def _show_lines(
    schema: ServiceSchema,
    schemas: SchemaSet,
    others: list[str],
    style: Style,
    asked_protocol: str,
) -> list[str]:
    description = f"  {display(schema.description)}" if schema.description else ""
    lines = [style.bold(display(schema.label)) + description]
    facts: list[tuple[str, str]] = [("DNS-SD type", schema.service_type.dns_sd)]
    if schema.protocol is None:
        facts.append(("protocol", "none in the registry (DNS-SD name; answers for any protocol)"))
    elif schema.protocol != asked_protocol:
        facts.append(("protocol", f"{schema.protocol} (the name has no {asked_protocol} record)"))
    facts.append(("port", schema.port_text or "none assigned"))
    facts.append(("TXT keys", _note_summary(schema)))
    facts.append(("checked against", _checked_against(schema)))
    if schema.status is NoteStatus.KEYS:
        facts.append(("other keys", _openness(schema)))
    if schema.subtypes:
        facts.append(("subtypes", ", ".join(schema.subtypes)))
    references = list(dict.fromkeys([*schema.references, *schema.note_references]))
    if references:
        facts.append(("references", ", ".join(references)))
    if schema.sources:
        facts.append(("schema files", ", ".join(schema.sources)))
    if not schema.in_registry:
        facts.append(("registry", "not registered; described only by the schema files"))
    if others:
        hint = "; ".join(f"txtkeys show {schema.name}/{p}" for p in others)
        facts.append(("also over", f"{', '.join(others)} ({hint})"))
    facts.append(("catalogue", schemas.catalogue.updated or "undated"))
    lines.extend(format_facts(facts, indent="  "))
    problem = service_name_problem(schema.name)
    if problem:
        lines.append(style.warn(f"  warning: not usable with DNS-SD: {problem} (RFC 6335 s5.1)"))
    if schema.keys:
        rows = [[display(cell) for cell in _key_row(key)] for key in schema.keys]
        table = format_table(
            ("KEY", "KIND", "REQUIRED", "DEFAULT", "CHOICES", "EXAMPLE", "FROM", "DESCRIPTION"),
            rows,
            width=None if (w := terminal_width()) is None else w - 2,
            style=style,
        )
        lines.append("")
        lines.extend(f"  {row}" for row in table)
        for override in schema.overrides:
            text = f"  note: {display(override.summary())}"
            lines.append(style.warn(text) if override.conflicts else text)
    elif schema.status is NoteStatus.UNSPECIFIED and schema.raw:
        lines.append("")
        lines.append("  note as registered:")
        lines.extend(f"    {display(text)}" for text in schema.raw.splitlines())
    return lines


def _checked_against(schema: ServiceSchema) -> str:
    if schema.status is not NoteStatus.KEYS:
        return "the RFC 6763 rules only (no key list to check against)"
    from ..schema.kinds import Origin

    from_registry = any(key.origin is Origin.REGISTRY for key in schema.keys)
    layers = (["the registry note"] if from_registry else []) + list(schema.sources)
    return "the keys below, from " + " + ".join(layers or ["the registry note"])


def _openness(schema: ServiceSchema) -> str:
    if schema.closed:
        return "no: the definition lists every key (others are warned about)"
    if schema.extensible:
        return "yes: the definition allows further keys"
    return "not said: keys it does not name are reported as notes (RFC 6763 s6.7)"


def _note_summary(schema: ServiceSchema) -> str:
    if schema.status is NoteStatus.KEYS:
        return f"{len(schema.keys)} defined"
    if schema.raw == "":
        return "registered, no TXT keys defined (the record has no TXT note)"
    if schema.status is NoteStatus.NONE:
        return "none: the registry note says the service uses no TXT keys"
    if schema.status is NoteStatus.PROPRIETARY:
        return "proprietary: keys exist but the registry does not publish them"
    if schema.status is NoteStatus.REFERENCE:
        where = ", ".join(schema.note_references) or "the referenced document"
        return f"defined elsewhere: see {where}"
    return "registered, no TXT keys defined (the note names none)"


def _key_row(key: KeyFacts) -> list[str]:
    presence = "-" if key.optional is None else ("optional" if key.optional else "required")
    value = key.fixed if key.fixed is not None else key.default
    name = key.name if key.key_pattern is None else f"{key.name} (/{key.key_pattern}/)"
    choices = "|".join(key.choices) or "-"
    if key.deprecated:
        choices += " (deprecated: " + ", ".join(value for value, _ in key.deprecated) + ")"
    return [
        name,
        key.kind.value + (" (secret)" if key.secret else ""),
        presence,
        value if value is not None else "-",
        choices,
        key.example if key.example is not None else _placeholder(key.placeholder),
        describe_origin(key),
        " ".join((key.description or "").split()) or "-",
    ]


def _placeholder(placeholder: str | None) -> str:
    return f"<{placeholder}>" if placeholder else "-"


# -- search -----------------------------------------------------------------------------


def run_search(args: argparse.Namespace) -> int:
    hits = load_schemas(args).search(args.text)
    if args.json:
        print_document("search", {"query": args.text, "hits": [_hit_json(hit) for hit in hits]})
        return 0 if hits else 1
    if not hits:
        print(f"no key, service name or description matches {args.text!r}")
        return 1
    style = Style(sys.stdout)
    width = None if (w := terminal_width()) is None else w - 2
    key_hits = [hit for hit in hits if hit.keys]
    service_hits = [hit for hit in hits if not hit.keys]
    lines: list[str] = []
    if key_hits:
        lines.append(style.bold(f"Services defining a key that matches {args.text!r}:"))
        rows = []
        for label, hit in _group_by_protocols(key_hits):
            for key in hit.keys:
                description = " ".join((key.description or "").split()) or "-"
                rows.append(
                    [display(label), display(key.name), key.kind.value, display(description)]
                )
        lines.extend(
            "  " + row
            for row in format_table(("SERVICE", "KEY", "KIND", "DESCRIPTION"), rows, width=width)
        )
    if service_hits:
        if lines:
            lines.append("")
        lines.append(style.bold(f"Services whose name or description matches {args.text!r}:"))
        rows = [
            [display(label), display(" ".join(hit.description.split())) or "-"]
            for label, hit in _group_by_protocols(service_hits)
        ]
        lines.extend(
            "  " + row for row in format_table(("SERVICE", "DESCRIPTION"), rows, width=width)
        )
    print("\n".join(lines))
    return 0


def _group_by_protocols(hits: list[SearchHit]) -> list[tuple[str, SearchHit]]:
    """One row per service name and match, with its protocols: ``ssh (tcp, udp, sctp)``."""
    groups: dict[tuple[str, tuple[str, ...], str], list[SearchHit]] = {}
    for hit in hits:
        signature = (
            hit.name.lower(),
            tuple(key.name for key in hit.keys),
            "" if hit.keys else hit.description,
        )
        groups.setdefault(signature, []).append(hit)
    grouped = []
    for members in groups.values():
        protocols = list(dict.fromkeys(m.protocol for m in members if m.protocol))
        name = members[0].name
        grouped.append((f"{name} ({', '.join(protocols)})" if protocols else name, members[0]))
    return grouped


def _hit_json(hit: SearchHit) -> dict[str, Any]:
    return {
        "name": hit.name,
        "protocol": hit.protocol,
        "description": hit.description,
        "keys": [key.as_json() for key in hit.keys],
        "service_matched": hit.service_matched,
    }


# -- compile ----------------------------------------------------------------------------


def run_compile(args: argparse.Namespace) -> int:
    from .._gc import gc_paused
    from ..catalogue.compile import compile_registry_file, write_catalogue

    # The rows are written and dropped before the collector comes back, so it never
    # scans the 13,000 of them only to find them alive.
    with gc_paused():
        compiled = compile_registry_file(args.registry, format=args.format)
        written = write_catalogue(compiled.data, args.output) if args.output else None
        summary = compiled.summary
        data = {
            key: value for key, value in compiled.data.items() if key not in ("notes", "entries")
        }
        del compiled
    if args.json:
        print_document("compile", {**data, "written_to": str(written) if written else None})
        return 0
    style = Style(sys.stdout)
    by_status = ", ".join(f"{status} {count}" for status, count in summary.notes_by_status.items())
    facts = [
        (
            "registry",
            f"{args.registry} ({data['source_format']}, updated "
            f"{data['registry_updated'] or 'date unknown'})",
        ),
        ("records", str(summary.records)),
        ("named records", str(summary.named_records)),
        ("records with TXT notes", str(summary.txt_note_records)),
        ("distinct notes", str(summary.distinct_notes)),
        ("notes by status", by_status or "-"),
        (
            "keys extracted",
            f"{summary.keys_extracted} over records, "
            f"{summary.distinct_note_keys} over distinct notes",
        ),
        ("sha256", data["source_sha256"]),
    ]
    print(style.bold("compiled the registry"))
    print("\n".join(format_facts(facts, indent="  ")))
    if written:
        print(
            f"wrote {written} ({written.stat().st_size / 1e6:.1f} MB); use it with "
            f"'txtkeys --catalogue {written} show SERVICE'"
        )
    else:
        print("nothing written: add -o FILE to save the catalogue")
    return 0


# -- info -------------------------------------------------------------------------------


def run_info(args: argparse.Namespace) -> int:
    from ..catalogue.store import (
        CACHE_FILE_NAME,
        Catalogue,
        choose_catalogue_file,
        user_cache_dir,
    )

    choice = choose_catalogue_file(args.catalogue)
    catalogue = Catalogue.default(args.catalogue)  # a damaged cache: a warning, then bundled
    if catalogue.path is not None and catalogue.path != choice.path:
        choice = replace(
            choice,
            path=catalogue.path,
            source="bundled",
            reason=f"user cache {choice.path} is damaged (see the warning); using bundled",
        )
    cache_file = user_cache_dir() / CACHE_FILE_NAME
    header = catalogue.header
    info = {
        "path": str(choice.path),
        "source": choice.source,
        "reason": choice.reason,
        "registry_updated": catalogue.updated,
        "source_sha256": catalogue.checksum,
        "source_name": header.get("source_name"),
        "entries": len(catalogue),
        "names": len(catalogue.names),
        "format_version": header.get("format_version"),
        "compiled_by": header.get("txtkeys_version"),
        "user_cache": str(cache_file),
        "user_cache_present": cache_file.is_file(),
    }
    schemas = load_schemas(args)
    coverage = schemas.coverage()
    info["coverage"] = coverage.to_dict()
    info["overlay_files"] = list(schemas.overlay_files)
    if args.json:
        print_document("info", info)
        return 0
    facts = [
        ("catalogue", f"{info['path']}"),
        ("chosen", f"{choice.source}: {choice.reason}"),
        ("registry", catalogue.updated or "undated"),
        ("entries", f"{info['entries']} records, {info['names']} service names"),
        ("sha256", catalogue.checksum or "-"),
        (
            "compiled by",
            f"txtkeys {info['compiled_by']} (catalogue format {info['format_version']})",
        ),
        ("user cache", f"{cache_file} ({'present' if info['user_cache_present'] else 'absent'})"),
        (
            "checked",
            f"{coverage.checkable} service types have a key list to check records against: "
            f"{coverage.registry} of the {coverage.registered} registry records from their "
            f"notes, {coverage.shipped} from the shipped overlays"
            + (f", {coverage.user} from your schema files" if coverage.user else "")
            + "; any other service gets the RFC 6763 rules only",
        ),
        ("overlays", ", ".join(Path(f).name for f in schemas.overlay_files) or "none"),
    ]
    print("\n".join(format_facts(facts)))
    return 0
