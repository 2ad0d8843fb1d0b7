"""``txtkeys check``, ``build`` and ``schema``: the commands that work on one TXT record.

CI and firmware scripts depend on the exit status: 0 no errors (warnings allowed unless
``--strict``), 1 errors found, 2 bad usage or unreadable input.
"""

from __future__ import annotations

import argparse
import sys

from ..errors import TxtkeysError, ValidationError
from ..formats.display import display
from . import _common

TYPE_CHECKING = False  # typing's own, without importing typing: check starts faster
if TYPE_CHECKING:
    from typing import Any

    from ..formats.inputs import TxtInput
    from ..formats.sarif import AvahiLines, Checked
    from ..report import Issue, Report
    from ..schemaset import SchemaSet

__all__ = ["add_commands"]

_FORMATS = ("hex", "avahi", "json", "dns-sd", "c", "esp-idf")


def add_commands(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    check = _common.command_parser(
        subparsers,
        "check",
        summary="check TXT records against RFC 6763 and the service's keys",
        description=(
            "Check TXT records. Give one record as KEY[=VALUE] words (\\xHH escapes as in\n"
            "'dns-sd -R') or as hex RDATA, or give files: binary files of RDATA (--wire),\n"
            "Avahi .service files or directories of them (--avahi), or records written by\n"
            "'txtkeys build --format json' (--json-file; 'check -' reads one from stdin).\n"
            "SERVICE is the first word without '='; give '-' for none (then only the RFC\n"
            "rules run). Each file is reported on its own; --format sarif writes SARIF\n"
            "2.1.0 for code scanning (docs/ci.md).\n\n"
            "exit status: 0 no errors, 1 errors (or warnings with --strict), 2 bad usage\n"
            "or unreadable input. Check codes are listed in docs/checks.md."
        ),
        examples=(
            "txtkeys check wot/udp td=/td scheme=coaps",
            "txtkeys check --hex 0674643d2f7464",
            "txtkeys check _wot._udp --wire txt.bin other.bin --json",
            "txtkeys check --avahi /etc/avahi/services --strict",
            "txtkeys check --avahi services/ --format sarif > txtkeys.sarif",
            "txtkeys build wot/udp td=/td --format json | txtkeys check -",
        ),
    )
    check.add_argument("words", nargs="*", metavar="[SERVICE] [KEY[=VALUE]]")
    check.add_argument("--hex", metavar="HEX", help="TXT RDATA as hex digits")
    check.add_argument(
        "--wire",
        metavar="FILE",
        nargs="+",
        action="extend",
        help="binary files holding TXT RDATA (repeatable; give SERVICE first)",
    )
    check.add_argument(
        "--avahi",
        metavar="PATH",
        nargs="*",
        action="extend",
        help="Avahi .service files, or directories: every *.service in them; the words "
        "are more of them (so 'check --avahi --strict a.service b.service' works)",
    )
    check.add_argument(
        "--json-file",
        metavar="FILE",
        nargs="*",
        action="extend",
        help="records written by 'build --format json' ('-' for stdin); the words are more of them",
    )
    check.add_argument("--instance", metavar="NAME", help="also check this instance name")
    check.add_argument("--strict", action="store_true", help="warnings also fail (exit 1)")
    check.add_argument(
        "--format",
        choices=("text", "json", "sarif"),
        default=None,
        help="output: text (default), json (same as --json) or sarif (SARIF 2.1.0)",
    )
    _common.add_json_option(check)
    check.set_defaults(handler=run_check)

    build = _common.command_parser(
        subparsers,
        "build",
        summary="build a checked TXT record as hex, Avahi XML, JSON, dns-sd or C",
        description=(
            "Validate KEY[=VALUE] words for SERVICE and print the record, encoded\n"
            "canonically (txtvers first, flags bare). Refuses a record with errors\n"
            "(exit 1, the findings on stderr)."
        ),
        examples=(
            "txtkeys build wot/udp --name Lamp --port 5683 td=/td --format avahi",
            "txtkeys build wot/udp td=/td scheme=coaps --format hex",
            "txtkeys build wot/udp td=/td --format c --c-name lamp_txt > lamp_txt.h",
            "txtkeys build wot/udp --name Lamp --port 5683 td=/td --format esp-idf",
        ),
    )
    build.add_argument("service", metavar="SERVICE")
    build.add_argument("words", nargs="*", metavar="KEY[=VALUE]")
    build.add_argument("--name", metavar="INSTANCE", help="the instance name")
    build.add_argument("--port", type=int, help="the port the service listens on")
    build.add_argument("--subtype", action="append", default=[], help="a subtype (repeatable)")
    build.add_argument(
        "--format",
        choices=_FORMATS,
        default="hex",
        help="output (default hex); c: a uint8_t array of the RDATA; esp-idf: an "
        "mdns_txt_item_t array",
    )
    build.add_argument(
        "--c-name",
        metavar="IDENT",
        help="the C array's name for --format c/esp-idf (default from the service, "
        "e.g. wot_udp_txt)",
    )
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


def _record_report(args: argparse.Namespace) -> Report:
    """The one record given as words or --hex."""
    from ..checks.validate import validate
    from ..formats.inputs import from_hex, from_words

    service, words = _split_service(list(args.words))
    if args.hex is None and not args.words:
        raise TxtkeysError(
            "nothing to check: give SERVICE and KEY=VALUE words (txtkeys check wot td=/x), "
            "--hex, --wire, --avahi or --json-file; '-' as SERVICE checks the RFC rules only"
        )
    if any(word == "" for word in words):
        raise TxtkeysError(
            "an empty word is not a TXT string (a shell variable that was empty?); remove it, "
            "or write KEY= for a key with an empty value"
        )
    if service is None and words and args.words[0] != "-":
        _refuse_service_after_keys(words, _common.load_schemas(args))
    record: TxtInput
    if args.hex is not None:
        if words:
            raise TxtkeysError(
                "give the record either as KEY=VALUE words or with --hex/--wire, not both"
            )
        record = from_hex(args.hex)
    else:
        record = from_words(words)
    schemas = None if service is None else _common.load_schemas(args)
    return validate(service, record, schemas=schemas, instance=args.instance)


def _refuse_service_after_keys(words: list[str], schemas: SchemaSet) -> None:
    """``check path=/ http``: the service written after the keys is taken for a flag
    named ``http`` unless caught; a bare word that is a known service type says so."""
    from ..names import ServiceType

    for word in words:
        if "=" in word or not (
            word.startswith("_") or "/" in word or word.replace("-", "").isalnum()
        ):
            continue
        try:
            kind = ServiceType.parse(word)
        except TxtkeysError:
            continue
        if word.startswith("_") or "/" in word or schemas.resolve(kind) is not None:
            rest = " ".join(w for w in words if w != word)
            raise TxtkeysError(
                f"{word!r} comes after the KEY=VALUE words: SERVICE goes first, as in "
                f"'txtkeys check {word} {rest}'; to check a bare key of that name with the RFC "
                f"rules only, write 'txtkeys check - {' '.join(words)}'"
            )


def _avahi_paths(paths: list[str]) -> list[str]:
    """Each path, a directory standing for its ``*.service`` files (sorted, not recursive)."""
    import os

    out: list[str] = []
    for path in paths:
        if "\x00" not in path and os.path.isdir(path):
            found = sorted(
                entry.path
                for entry in os.scandir(path)
                if entry.name.endswith(".service") and not entry.is_dir()
            )
            if not found:
                raise TxtkeysError(
                    f"{display(path)}: no *.service files in this directory; give Avahi "
                    ".service files or a directory holding them"
                )
            out.extend(found)
        else:
            out.append(path)
    return out


def _stdin_bytes() -> bytes:
    from ..formats.built_json import MAX_JSON_BYTES

    data: bytes = sys.stdin.buffer.read(MAX_JSON_BYTES + 1)
    return data


def _check_files(args: argparse.Namespace, json_files: list[str]) -> list[Checked]:
    """Every file given, checked on its own; an unreadable file is an entry with its error."""
    from ..checks.validate import validate
    from ..formats.inputs import from_avahi, from_wire_file
    from ..formats.sarif import Checked

    service, words = _split_service(list(args.words))
    if args.hex is not None:
        raise TxtkeysError("give the record either with --hex or in files, not both")
    if words or (service is not None and args.wire is None):
        raise TxtkeysError(
            "give the record either as KEY=VALUE words or in files (--wire, --avahi, "
            "--json-file), not both; Avahi and JSON files name their service, and before "
            "--wire give only SERVICE"
        )
    if not (args.wire or args.avahi or json_files):
        raise TxtkeysError("no file given: name files after --avahi, --wire or --json-file")
    if service is not None:
        from ..names import ServiceType

        ServiceType.parse(service)  # a bad SERVICE is one usage error, not one per file
    schemas = _common.load_schemas(args)
    checked: list[Checked] = []
    for path in args.wire or ():
        try:
            record = from_wire_file(path)
        except TxtkeysError as exc:
            checked.append(Checked(display(path), error=str(exc)))
            continue
        report = validate(
            service, record, schemas=schemas if service else None, instance=args.instance
        )
        checked.append(Checked(display(path), report))
    for path in _avahi_paths(list(args.avahi or ())):
        try:
            found_services = from_avahi(path)
        except TxtkeysError as exc:
            checked.append(Checked(display(path), error=str(exc)))
            continue
        lines = _avahi_lines(path, len(found_services)) if args.format == "sarif" else None
        for n, found in enumerate(found_services):
            instance = None if found.wildcards else (args.instance or found.name or None)
            try:
                report = validate(found.type, found.txt, schemas=schemas, instance=instance)
            except TxtkeysError as exc:  # a <type> that is no service name
                checked.append(Checked(display(path), error=f"{display(path)}: {exc}"))
                continue
            checked.append(
                Checked(display(path), report, lines=None if lines is None else lines[n])
            )
    for path in json_files:
        try:
            checked.append(_check_json_file(path, args, schemas))
        except TxtkeysError as exc:
            name = "<stdin>" if path == "-" else display(path)
            text = str(exc)
            checked.append(
                Checked(name, error=text if text.startswith(name) else f"{name}: {text}")
            )
    return checked


def _avahi_lines(path: str, count: int) -> list[AvahiLines | None]:
    from .._io import read_capped
    from ..formats.inputs import MAX_AVAHI_BYTES
    from ..formats.sarif import avahi_lines

    try:
        found: list[AvahiLines | None] = list(
            avahi_lines(read_capped(path, MAX_AVAHI_BYTES, "Avahi service file"))
        )
    except TxtkeysError:
        found = []
    return found if len(found) == count else [None] * count


def _check_json_file(path: str, args: argparse.Namespace, schemas: SchemaSet) -> Checked:
    from .._io import read_capped
    from ..checks.validate import validate
    from ..formats.built_json import MAX_JSON_BYTES, read_built_json
    from ..formats.sarif import Checked

    if path == "-":
        source = "<stdin>"
        data = _stdin_bytes()
    else:
        source = display(path)
        data = read_capped(
            path,
            MAX_JSON_BYTES,
            "record file",
            missing="no such file; give a file written by 'txtkeys build --format json'",
        )
    built = read_built_json(data, source=source)
    instance = args.instance or built.instance
    report = validate(
        built.service,
        built.txt,
        schemas=schemas if built.service else None,
        instance=instance,
    )
    return Checked(source, report)


def _severity_cell(issue: Issue, style: _common.Style) -> str:
    text = str(issue.severity)
    if text == "error":
        return style.bad(text)
    if text == "warning":
        return style.warn(text)
    return style.dim(text)


def _print_report(report: Report, style: _common.Style) -> None:
    name = display(report.service) if report.service else "(no service: RFC rules only)"
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
        rows.append([severity, issue.code, display(issue.key or "-"), display(issue.message)])
    width = _common.terminal_width()
    for line in _common.format_table(
        ["SEVERITY", "CODE", "KEY", "MESSAGE"],
        rows,
        width=None if width is None else width - 2,
        style=style,
    ):
        print(f"  {line}")


def _output_format(args: argparse.Namespace) -> str:
    if args.json and args.format not in (None, "json"):
        raise TxtkeysError(f"--json and --format {args.format} disagree; give one of them")
    return "json" if args.json else (args.format or "text")


def _file_entry(item: Checked) -> dict[str, Any]:
    if item.report is None:
        return {"file": item.path, "error": item.error}
    return {"file": item.path, **item.report.to_dict()}


def run_check(args: argparse.Namespace) -> int:
    fmt = _output_format(args)
    args.format = fmt
    words = list(args.words)
    if args.wire is None and args.avahi is None and args.json_file is None and words == ["-"]:
        args.json_file, args.words = ["-"], []  # 'check -': a build --format json record on stdin
    elif args.wire is None and words and (args.avahi is None) != (args.json_file is None):
        # Files follow the option, as a pre-commit hook passes them: --avahi [OPTIONS] FILE...
        if args.avahi is not None:
            args.avahi, args.words = [*args.avahi, *words], []
        else:
            args.json_file, args.words = [*args.json_file, *words], []
    json_files = list(args.json_file or ())
    if args.wire is None and args.avahi is None and args.json_file is None:
        report = _record_report(args)
        if fmt == "sarif":
            from .. import __version__
            from ..formats.sarif import Checked, sarif_log

            _common.print_json(sarif_log([Checked("<arguments>", report)], version=__version__))
        elif fmt == "json":
            _common.print_document("check", report.to_dict())
        else:
            _print_report(report, _common.Style())
        return 1 if not report.ok or (args.strict and report.warnings) else 0
    checked = _check_files(args, json_files)
    unreadable = [item for item in checked if item.error is not None]
    if unreadable and len(unreadable) == len(checked):
        # Nothing could be read: the usual one line and exit 2, as for a single file.
        raise TxtkeysError(unreadable[0].error or "the input cannot be read")
    if fmt == "sarif":
        from .. import __version__
        from ..formats.sarif import sarif_log

        _common.print_json(sarif_log(checked, version=__version__))
    elif fmt == "json":
        _common.print_document(
            "check-files",
            {
                "valid": not unreadable and all(i.report.ok for i in checked if i.report),
                "files": [_file_entry(item) for item in checked],
            },
        )
    else:
        style = _common.Style()
        shown = None
        for item in checked:
            if item.path != shown:
                print(style.bold(f"== {display(item.path)}"))
                shown = item.path
            if item.report is not None:
                _print_report(item.report, style)
            else:
                print(f"  {style.bad('unreadable')}: {display(item.error or '')}")
    for item in unreadable:
        print(f"txtkeys: error: {display(item.error or '')}", file=sys.stderr)
    if unreadable:
        return 2
    reports = [item.report for item in checked if item.report is not None]
    failed = any(not r.ok or (args.strict and r.warnings) for r in reports)
    return 1 if failed else 0


def run_build(args: argparse.Namespace) -> int:
    from ..build import (
        build_record,
        format_avahi,
        format_c,
        format_dns_sd,
        format_esp_idf,
        format_hex,
        format_json,
    )
    from ..formats.inputs import from_words
    from ..report import Report

    # An Avahi file or a dns-sd command announces a port; 0 would advertise nothing usable.
    needs = {"avahi": ("--port",), "dns-sd": ("--port", "--name")}.get(args.format, ())
    missing = [
        option for option in needs if getattr(args, option.lstrip("-").replace("-", "_")) is None
    ]
    if missing:
        raise TxtkeysError(
            f"--format {args.format} announces the service, so it needs "
            f"{' and '.join(missing)}: e.g. txtkeys build {args.service} --name Lamp "
            f"--port 8080 ... --format {args.format}"
        )
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
    if args.c_name is not None and args.format not in ("c", "esp-idf"):
        raise TxtkeysError("--c-name names the array of --format c or esp-idf; drop it")
    if args.format == "c":
        text = format_c(built, args.c_name)
    elif args.format == "esp-idf":
        text = format_esp_idf(built, args.c_name)
    else:
        formatters = {
            "hex": format_hex,
            "avahi": format_avahi,
            "json": format_json,
            "dns-sd": format_dns_sd,
        }
        text = formatters[args.format](built)
    print(text)
    for issue in built.report.by_severity():
        print(f"txtkeys: {issue.severity} {issue.code}: {issue.message}", file=sys.stderr)
    return 0


def run_schema(args: argparse.Namespace) -> int:
    from ..typed import json_schema

    _common.print_json(json_schema(args.service, schemas=_common.load_schemas(args)))
    return 0
