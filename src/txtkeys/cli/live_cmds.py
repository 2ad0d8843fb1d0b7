"""``txtkeys advertise`` and ``audit``: the commands that talk to the link over mDNS.

``audit`` exits 1 when any instance it found has an error, so a CI job can gate on
what a device really advertises.
"""

from __future__ import annotations

import argparse
import ipaddress
import math
import signal
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from types import FrameType
from typing import TYPE_CHECKING, TextIO

from ..errors import TxtkeysError, ValidationError
from ..formats.display import display
from . import _common

if TYPE_CHECKING:
    from ..live.mdns import AuditProgress, AuditResult
    from ..report import Issue

__all__ = ["add_commands"]


def add_commands(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    advertise = _common.command_parser(
        subparsers,
        "advertise",
        summary="check a TXT record, then advertise it over mDNS until stopped",
        description=(
            "Validate KEY[=VALUE] words for SERVICE and announce the instance with\n"
            "python-zeroconf. A record with errors is refused (exit 1) unless --force.\n"
            "Ctrl-C, SIGTERM or the end of --duration withdraw it with goodbye packets\n"
            "and exit 0."
        ),
        examples=(
            "txtkeys advertise wot/tcp --name Lamp --port 8080 td=/td scheme=https",
            "txtkeys advertise wot/udp --name Lamp --port 5683 td=/td --interface 192.0.2.7 "
            "--duration 30",
        ),
    )
    advertise.add_argument("service", metavar="SERVICE")
    advertise.add_argument("words", nargs="*", metavar="KEY[=VALUE]")
    advertise.add_argument("--name", required=True, metavar="INSTANCE", help="the instance name")
    advertise.add_argument("--port", required=True, type=int, help="the port the service uses")
    _add_interface_option(advertise)
    advertise.add_argument(
        "--address",
        action="append",
        default=[],
        metavar="IP",
        help="address to announce for the host (default: the --interface addresses, else all)",
    )
    advertise.add_argument(
        "--host", metavar="NAME", help="host name for the SRV record (default: from the instance)"
    )
    advertise.add_argument("--subtype", action="append", default=[], help="a subtype")
    advertise.add_argument(
        "--duration",
        type=float,
        metavar="S",
        help="stop after S seconds (default: run until stopped)",
    )
    advertise.add_argument(
        "--force", action="store_true", help="advertise even a record with errors (for testing)"
    )
    advertise.set_defaults(handler=run_advertise)

    audit = _common.command_parser(
        subparsers,
        "audit",
        summary="browse the link and check every advertised TXT record",
        description=(
            "Browse mDNS for TIMEOUT seconds (every type listed under\n"
            "_services._dns-sd._udp.local., or the --type ones), resolve each instance and\n"
            "check the TXT bytes it sent. With --watch, keep browsing and print an event\n"
            "whenever an instance appears, changes its TXT record (key by key), turns\n"
            "invalid or valid, or leaves (--timeout then bounds the watch; default: until\n"
            "Ctrl-C).\n\n"
            "exit status: 0 no instance has an error, 1 some instance has one, 2 bad usage.\n"
            "--json prints one JSON document at the end; --json-lines prints one JSON object\n"
            "per instance (per event with --watch) as it comes, raw bytes as hex beside text."
        ),
        examples=(
            "txtkeys audit",
            "txtkeys audit --type wot/tcp --type _ipp._tcp --timeout 10",
            "txtkeys audit --type _matterc._udp --watch --json-lines",
        ),
    )
    _add_interface_option(audit)
    audit.add_argument(
        "--timeout",
        type=float,
        default=None,
        metavar="S",
        help="listen S seconds (default 5; with --watch, until Ctrl-C)",
    )
    audit.add_argument(
        "--type",
        dest="types",
        action="append",
        default=[],
        metavar="TYPE",
        help="browse only this service type (repeatable)",
    )
    audit.add_argument(
        "--watch",
        action="store_true",
        help="keep browsing and report changes as they happen (Ctrl-C stops)",
    )
    _common.add_json_option(audit)
    audit.add_argument(
        "--json-lines",
        action="store_true",
        help="print one JSON object per line as results (or --watch events) come",
    )
    audit.set_defaults(handler=run_audit)


def _add_interface_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--interface",
        dest="interfaces",
        action="append",
        default=[],
        metavar="IP",
        help="use the interface with this IP address (repeatable; default: all)",
    )


def _addresses(values: list[str], option: str) -> list[str]:
    for value in values:
        try:
            ipaddress.ip_address(value)
        except ValueError:
            raise TxtkeysError(
                f"{option} takes an IP address such as 192.0.2.7, not {display(value)!r}; "
                "'ip -brief address' lists this host's addresses"
            ) from None
    return values


def _seconds(value: float | None, option: str) -> None:
    if value is not None and not (value > 0 and math.isfinite(value)):
        raise TxtkeysError(f"{option} must be a positive number of seconds, not {value}")


def _print_issues(issues: Sequence[Issue], stream: TextIO) -> None:
    style = _common.Style(stream)
    for issue in issues:
        severity = str(issue.severity)
        mark = style.bad(severity) if severity == "error" else style.warn(severity)
        key = display(issue.key) if issue.key else "-"
        print(f"  {mark} {issue.code} {key}: {display(issue.message)}", file=stream)


@contextmanager
def _stop_signals(stop: threading.Event) -> Iterator[None]:
    """Turn SIGINT and SIGTERM into ``stop.set()`` while advertising."""

    def handler(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def run_advertise(args: argparse.Namespace) -> int:
    from ..formats.inputs import from_words
    from ..live.mdns import advertise

    _seconds(args.duration, "--duration")
    if not 0 <= args.port <= 65535:
        raise TxtkeysError(f"--port {args.port} is outside 0-65535; give a valid port number")
    interfaces = _addresses(args.interfaces, "--interface")
    addresses = _addresses(args.address, "--address")
    record = from_words(args.words)
    stop = threading.Event()
    try:
        with (
            _stop_signals(stop),
            advertise(
                args.service,
                args.name,
                args.port,
                record,
                interfaces=interfaces or None,
                addresses=addresses or None,
                server=args.host,
                subtypes=args.subtype,
                schemas=_common.load_schemas(args),
                force=args.force,
            ) as ad,
        ):
            if ad.forced:
                print(
                    f"txtkeys: WARNING: --force: advertising a record with "
                    f"{len(ad.report.errors)} error(s); receivers may reject it:",
                    file=sys.stderr,
                )
                _print_issues(ad.report.by_severity(), sys.stderr)
            elif ad.report.issues:
                _print_issues(ad.report.by_severity(), sys.stderr)
            info = ad.info
            where = ", ".join(info.parsed_addresses()) or "(no address)"
            print(f"advertising {display(info.name)}")
            print(f"  host  {display(str(info.server))}:{info.port} ({display(where)})")
            print(f"  txt   {' '.join(display(str(e)) for e in ad.entries) or '(empty)'}")
            print(f"  rdata {ad.rdata.hex()}")
            until = f"for {args.duration:g} s" if args.duration else "until Ctrl-C or SIGTERM"
            print(f"  on the air {until}", flush=True)
            deadline = None if args.duration is None else time.monotonic() + args.duration
            while not stop.wait(0.2):
                if deadline is not None and time.monotonic() >= deadline:
                    break
    except ValidationError as exc:
        issues = tuple(i for i in exc.issues if hasattr(i, "severity"))
        if not issues:
            raise
        print(
            f"txtkeys: not advertised: {display(args.name)!r} has {len(exc.issues)} finding(s); "
            "fix "
            "the record, or pass --force to send it anyway:",
            file=sys.stderr,
        )
        _print_issues(issues, sys.stderr)  # type: ignore[arg-type]
        return 1
    print(f"withdrawn {display(args.name)} (goodbye sent)", flush=True)
    return 0


class _ProgressLine:
    """One self-overwriting status line on stderr, only when stderr is a terminal."""

    def __init__(self, stream: TextIO, where: str) -> None:
        isatty = getattr(stream, "isatty", None)
        self.enabled = bool(isatty and isatty())
        self.stream = stream
        self.where = where

    def __call__(self, progress: AuditProgress) -> None:
        if self.enabled:
            self.stream.write(
                f"\r\033[Klistening on {self.where}: {progress.remaining:4.1f} s left, "
                f"{progress.types} type(s), {progress.instances} instance(s), "
                f"{progress.checked} checked"
            )
            self.stream.flush()

    def clear(self) -> None:
        if self.enabled:
            self.stream.write("\r\033[K")
            self.stream.flush()


def _issues_cell(result: AuditResult) -> str:
    issues = result.report.by_severity()
    if not issues:
        return "-"
    return "; ".join(
        f"{i.code} {display(i.key) + ': ' if i.key else ''}{display(i.message)}" for i in issues
    )


_AUDIT_SECONDS = 5.0  # how long a one-off audit listens without --timeout


def run_audit(args: argparse.Namespace) -> int:
    from ..live.mdns import audit

    if args.watch:
        return _run_watch(args)
    if args.timeout is None:
        args.timeout = _AUDIT_SECONDS
    _seconds(args.timeout, "--timeout")
    interfaces = _addresses(args.interfaces, "--interface")
    schemas = _common.load_schemas(args)
    where = display(", ".join(interfaces)) if interfaces else "all interfaces"
    progress = _ProgressLine(sys.stderr, where)
    results: list[AuditResult] = []
    try:
        for result in audit(
            args.types or None,
            interfaces=interfaces or None,
            timeout=args.timeout,
            schemas=schemas,
            progress=progress,
        ):
            results.append(result)
            if args.json_lines:
                progress.clear()
                _common.print_json_line("audit-result", result.to_dict())
    finally:
        progress.clear()
    if args.json:
        _common.print_document(
            "audit",
            {
                "results": [result.to_dict() for result in results],
                "instances": len(results),
                "invalid": sum(not r.ok for r in results),
            },
        )
    if not results:
        print(
            f"txtkeys: no instances answered on {where} within {args.timeout:g} s",
            file=sys.stderr,
        )
    if not (args.json or args.json_lines) and results:
        style = _common.Style()
        rows = []
        for result in sorted(results, key=lambda r: (r.type.lower(), r.instance.lower())):
            verdict = "valid" if result.ok else "INVALID"
            cell = style.good(verdict) if result.ok else style.bad(verdict)
            rows.append(
                [
                    display(result.label),
                    display(result.type),
                    display(result.where),
                    cell + " " * (7 - len(verdict)),
                    _issues_cell(result),
                ]
            )
        for line in _common.format_table(
            ["INSTANCE", "TYPE", "HOST:PORT", "VERDICT", "ISSUES"],
            rows,
            width=_common.terminal_width(),
            style=style,
        ):
            print(line)
        bad = sum(not r.ok for r in results)
        print(f"{len(results)} instance(s), {bad} with errors")
    return 1 if any(not r.ok for r in results) else 0


def _run_watch(args: argparse.Namespace) -> int:
    """``audit --watch``: one line (or JSON object) per event until Ctrl-C or --timeout."""
    from ..live.mdns import watch

    duration = args.timeout
    if duration is not None:
        _seconds(duration, "--timeout")
    interfaces = _addresses(args.interfaces, "--interface")
    style = _common.Style()
    invalid: set[str] = set()
    events = watch(
        args.types or None,
        interfaces=interfaces or None,
        duration=duration,
        schemas=_common.load_schemas(args),
    )
    try:
        for event in events:
            name = event.result.instance.lower()
            if event.kind == "left" or event.result.ok:
                invalid.discard(name)
            else:
                invalid.add(name)
            if args.json or args.json_lines:
                _common.print_json_line("watch-event", event.to_dict())
                continue
            verdict = style.good("valid") if event.result.ok else style.bad("INVALID")
            when = time.strftime("%H:%M:%S", time.localtime(event.at))
            what = f"{display(event.result.label)} ({display(event.result.type)})"
            tail = verdict if event.kind != "left" else ""
            print(f"{when} {event.kind:<8} {what} {tail}".rstrip(), flush=True)
            for change in event.changes:
                old = "-" if not change.old_present else display(change.old or b"") or "(bare)"
                new = "-" if not change.new_present else display(change.new or b"") or "(bare)"
                print(f"    {display(change.key)}: {old} -> {new}", flush=True)
            if event.kind in ("appeared", "invalid", "changed") and not event.result.ok:
                print(f"    {_issues_cell(event.result)}", flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        events.close()
    return 1 if invalid else 0
