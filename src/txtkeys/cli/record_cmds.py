"""``txtkeys check``, ``build`` and ``schema``: the commands that work on one TXT record.

CI and firmware scripts depend on the exit status: 0 no errors (warnings allowed unless
``--strict``), 1 errors found, 2 bad usage or unreadable input.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from ..errors import TxtkeysError, ValidationError
from . import _common

if TYPE_CHECKING:
    from ..formats.inputs import TxtInput
    from ..report import Issue, Report

__all__ = ["add_commands"]

_FORMATS = ("hex", "avahi", "json", "dns-sd")


def add_commands(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    check = _common.command_parser(
        subparsers,
        "check",
        summary="check a TXT record against RFC 6763 and the service's keys",
        description=(
            "Check one TXT record. Give the record as KEY[=VALUE] words (\\xHH escapes as in\n"
            "'dns-sd -R'), as hex RDATA, as a binary file, or as an Avahi .service file.\n"
            "SERVICE is the first word without '='; give '-' for none (then only the RFC\n"
            "rules run).\n\n"
            "exit status: 0 no errors, 1 errors (or warnings with --strict), 2 bad usage\n"
            "or unreadable input. Check codes are listed in docs/checks.md."
        ),
        examples=(
            "txtkeys check wot/udp td=/td scheme=coaps",
            "txtkeys check --hex 0674643d2f7464",
            "txtkeys check _wot._udp --wire txt.bin --json",
            "txtkeys check --avahi /etc/avahi/services/lamp.service --strict",
        ),
    )
    check.add_argument("words", nargs="*", metavar="[SERVICE] [KEY[=VALUE]]")
    source = check.add_mutually_exclusive_group()
    source.add_argument("--hex", metavar="HEX", help="TXT RDATA as hex digits")
    source.add_argument("--wire", metavar="FILE", help="a binary file holding TXT RDATA")
    source.add_argument("--avahi", metavar="FILE", help="an Avahi .service file")
    check.add_argument("--instance", metavar="NAME", help="also check this instance name")
    check.add_argument("--strict", action="store_true", help="warnings also fail (exit 1)")
    _common.add_json_option(check)
    check.set_defaults(handler=run_check)

    build = _common.command_parser(
        subparsers,
        "build",
        summary="build a checked TXT record as hex, Avahi XML, JSON or a dns-sd command",
        description=(
            "Validate KEY[=VALUE] words for SERVICE and print the record, encoded\n"
            "canonically (txtvers first, flags bare). Refuses a record with errors\n"
            "(exit 1, the findings on stderr)."
        ),
        examples=(
            "txtkeys build wot/udp --name Lamp --port 5683 td=/td --format avahi",
            "txtkeys build wot/udp td=/td scheme=coaps --format hex",
        ),
    )
    build.add_argument("service", metavar="SERVICE")
    build.add_argument("words", nargs="*", metavar="KEY[=VALUE]")
    build.add_argument("--name", metavar="INSTANCE", help="the instance name")
    build.add_argument("--port", type=int, help="the port the service listens on")
    build.add_argument("--subtype", action="append", default=[], help="a subtype (repeatable)")
    build.add_argument("--format", choices=_FORMATS, default="hex", help="output (default hex)")
    build.set_defaults(handler=run_build)

    schema = _common.command_parser(
        subparsers,
        "schema",
        summary="print the JSON Schema of a service's TXT keys",
        description="Print a JSON Schema (draft 2020-12) of SERVICE's TXT record.",
        examples=("txtkeys schema wot/udp",),
    )
    schema.add_argument("service", metavar="SERVICE")
    schema.set_defaults(handler=run_schema)


def _split_service(words: list[str]) -> tuple[str | None, list[str]]:
    if not words:
        return None, []
    first = words[0]
    if first == "-":
        return None, words[1:]
    if "=" in first:
        return None, words
    return first, words[1:]


def _reports(args: argparse.Namespace) -> list[Report]:
    # Imported here so 'txtkeys --help' and other commands do not pay for them.
    from ..checks.validate import validate
    from ..formats.inputs import from_avahi, from_hex, from_wire_file, from_words

    service, words = _split_service(list(args.words))
    if args.avahi:
        if args.words:
            raise TxtkeysError(
                "with --avahi the file names its services and keys; drop SERVICE and "
                "KEY=VALUE words"
            )
        avahi_schemas = _common.load_schemas(args)
        reports = []
        for found in from_avahi(args.avahi):
            instance = None if found.wildcards else (args.instance or found.name or None)
            reports.append(
                validate(found.type, found.txt, schemas=avahi_schemas, instance=instance)
            )
        return reports
    record: TxtInput
    if args.hex is not None or args.wire is not None:
        if words:
            raise TxtkeysError(
                "give the record either as KEY=VALUE words or with --hex/--wire, not both"
            )
        record = from_hex(args.hex) if args.hex is not None else from_wire_file(args.wire)
    else:
        record = from_words(words)
    schemas = None if service is None else _common.load_schemas(args)
    return [validate(service, record, schemas=schemas, instance=args.instance)]


def _severity_cell(issue: Issue, style: _common.Style) -> str:
    text = str(issue.severity)
    if text == "error":
        return style.bad(text)
    if text == "warning":
        return style.warn(text)
    return style.dim(text)


def _print_report(report: Report, style: _common.Style) -> None:
    name = report.service or "(no service: RFC rules only)"
    counts = (
        f"{len(report.errors)} error(s), {len(report.warnings)} warning(s), "
        f"{len(report.issues) - len(report.errors) - len(report.warnings)} note(s)"
    )
    verdict = style.good("valid") if report.ok else style.bad("invalid")
    print(f"{name}: {verdict} - {counts}")
    rows = []
    for issue in report.by_severity():
        # Pad before colouring so the escape codes do not upset the column widths.
        severity = _severity_cell(issue, style) + " " * (7 - len(issue.severity))
        rows.append([severity, issue.code, issue.key or "-", issue.message])
    for line in _common.format_table(
        ["SEVERITY", "CODE", "KEY", "MESSAGE"],
        rows,
        width=_common.terminal_width(),
        style=style,
    ):
        print(f"  {line}")


def run_check(args: argparse.Namespace) -> int:
    reports = _reports(args)
    if args.json:
        payload: Any = [r.to_dict() for r in reports]
        _common.print_json(payload if args.avahi else payload[0])
    else:
        style = _common.Style()
        for report in reports:
            _print_report(report, style)
    failed = any(not r.ok or (args.strict and r.warnings) for r in reports)
    return 1 if failed else 0


def run_build(args: argparse.Namespace) -> int:
    from ..build import (
        build_record,
        format_avahi,
        format_dns_sd,
        format_hex,
        format_json,
    )
    from ..formats.inputs import from_words
    from ..report import Report

    record = from_words(args.words)
    try:
        built = build_record(
            args.service,
            record,
            instance=args.name,
            port=args.port,
            subtypes=args.subtype,
            schemas=_common.load_schemas(args),
        )
    except ValidationError as exc:
        issues = tuple(i for i in exc.issues if hasattr(i, "severity"))
        if not issues:
            raise
        print(f"txtkeys: record not built: {exc}", file=sys.stderr)
        style = _common.Style(sys.stderr)
        report = Report(args.service, issues)  # type: ignore[arg-type]
        for issue in report.by_severity():
            line = f"  {_severity_cell(issue, style)} {issue.code} {issue.key or '-'}: "
            print(line + issue.message, file=sys.stderr)
        return 1
    formatters = {
        "hex": format_hex,
        "avahi": format_avahi,
        "json": format_json,
        "dns-sd": format_dns_sd,
    }
    print(formatters[args.format](built))
    for issue in built.report.by_severity():
        print(f"txtkeys: {issue.severity} {issue.code}: {issue.message}", file=sys.stderr)
    return 0


def run_schema(args: argparse.Namespace) -> int:
    from ..schema.typed import json_schema

    _common.print_json(json_schema(args.service, schemas=_common.load_schemas(args)))
    return 0
