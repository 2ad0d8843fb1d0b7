"""``txtkeys update``: refresh the user cache from the registry; ``info`` shows the result."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from ._common import add_json_option, command_parser, print_document

__all__ = ["add_commands"]


def _positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"give a positive number of seconds, not {text!r}")
    return value


def add_commands(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from ..catalogue.store import DEFAULT_TIMEOUT, DEFAULT_URL

    update = command_parser(
        subparsers,
        "update",
        summary="refresh the user cache from the IANA registry",
        description=(
            "Fetch the IANA service registry (or read a saved copy with --file), compile\n"
            "it, and install it in the user cache ($TXTKEYS_CACHE_DIR, else the platform's\n"
            "user cache directory) - but only if it parses whole, has at least 10,000\n"
            "named records and 900 with TXT notes, carries a real registry date (not in\n"
            "the future) and is not older than the catalogue in use (--force skips that\n"
            "last check). The cache is written atomically under a lock. On any failure the\n"
            "catalogue in use is left as it was and the exit status is 2.\n\n"
            f"default URL: {DEFAULT_URL}"
        ),
        examples=(
            "txtkeys update                          # fetch from IANA",
            "txtkeys update --file service-names-port-numbers.xml",
            "txtkeys update --url https://mirror.example/registry.xml --timeout 20",
            "txtkeys update --force                  # replace a cache with a wrong date",
            "txtkeys info                            # which catalogue is in use now",
        ),
    )
    where = update.add_mutually_exclusive_group()
    where.add_argument("--url", metavar="URL", help="fetch the registry XML from here (http/https)")
    where.add_argument("--file", metavar="FILE", help="read a saved copy of the registry instead")
    update.add_argument(
        "--timeout",
        metavar="S",
        type=_positive_seconds,
        default=DEFAULT_TIMEOUT,
        help=f"give up on the download after S seconds in all (default {DEFAULT_TIMEOUT:g})",
    )
    update.add_argument(
        "--force",
        action="store_true",
        help=(
            "install even if the registry is older than the catalogue in use (the way out "
            "of a cache holding a wrong date); every other check still applies"
        ),
    )
    add_json_option(update)
    update.set_defaults(handler=run_update)


def run_update(args: argparse.Namespace) -> int:
    from ..catalogue.update import update_catalogue
    from ..formats.display import display

    progress = _DownloadLine(sys.stderr)
    try:
        result = update_catalogue(
            url=args.url,
            file=args.file,
            timeout=args.timeout,
            explicit=args.catalogue,
            force=args.force,
            progress=progress,
        )
    finally:
        progress.clear()
    if args.json:
        print_document(
            "update",
            {
                "written_to": str(result.path),
                "source": result.source,
                "registry_updated": result.registry_updated,
                "previous_cache_registry": result.previous_updated,
                "named_records": result.named_records,
                "txt_note_records": result.txt_note_records,
                "source_sha256": result.source_sha256,
                "in_use": str(result.in_use.path),
                "in_use_source": result.in_use.source,
            },
        )
        return 0
    was = f" (was {display(result.previous_updated)})" if result.previous_updated else ""
    print(
        f"updated {display(str(result.path))}: registry "
        f"{display(str(result.registry_updated))}{was}, "
        f"{result.named_records} named records, {result.txt_note_records} with TXT notes"
    )
    if result.in_use.path == result.path:
        print("the user cache is now the catalogue in use")
    else:
        print(f"still in use: {display(str(result.in_use.path))} ({display(result.in_use.reason)})")
    return 0


class _DownloadLine:
    """How much of the registry has come, on one self-overwriting stderr line (a terminal
    only: a pipe or a CI log gets nothing)."""

    def __init__(self, stream: TextIO) -> None:
        isatty = getattr(stream, "isatty", None)
        self.enabled = bool(isatty and isatty())
        self.stream = stream
        self.shown = False

    def __call__(self, received: int, announced: int | None) -> None:
        if not self.enabled:
            return
        total = f" of {announced / 1e6:.1f} MB" if announced else ""
        self.stream.write(f"\r\033[Kdownloading the registry: {received / 1e6:.1f} MB{total}")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
