"""Helpers every command shares: the catalogue in use, tables, colour, ``--json`` output."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from ..schema.schemaset import SchemaSet

__all__ = [
    "Style",
    "add_json_option",
    "command_parser",
    "format_table",
    "load_schemas",
    "print_json",
    "terminal_width",
]


def command_parser(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    *,
    summary: str,
    description: str,
    examples: Sequence[str],
) -> argparse.ArgumentParser:
    """A sub-command whose --help keeps line breaks and ends with worked examples."""
    epilog = "examples:\n" + "\n".join(f"  {example}" for example in examples)
    parser: argparse.ArgumentParser = subparsers.add_parser(
        name,
        help=summary,
        description=description,
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    return parser


def add_json_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--json", action="store_true", help="print machine-readable JSON instead of text"
    )


def load_schemas(args: argparse.Namespace) -> SchemaSet:
    """The schema set every command uses: the catalogue in use (``--catalogue``), the
    shipped overlays, ``$TXTKEYS_SCHEMA_DIR`` and each ``--schema FILE``.

    The lookup order itself is ``schema.schemaset``'s; this only passes the options on.
    """
    from ..catalogue.store import Catalogue
    from ..schema.schemaset import SchemaSet

    explicit = getattr(args, "catalogue", None)
    catalogue = Catalogue.default(explicit) if explicit is not None else None
    return SchemaSet(catalogue, files=getattr(args, "schema", None) or ())


def print_json(value: object, stream: TextIO | None = None) -> None:
    """Indented, key-stable JSON with a final newline."""
    out = stream if stream is not None else sys.stdout
    out.write(json.dumps(value, indent=2, ensure_ascii=False) + "\n")


def terminal_width(stream: TextIO | None = None) -> int | None:
    """The terminal's width when writing to one; None (no wrapping) for pipes and files."""
    out = stream if stream is not None else sys.stdout
    if not _is_tty(out):
        return None
    return shutil.get_terminal_size((100, 24)).columns


def _is_tty(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class Style:
    """ANSI styling that is on only when writing to a terminal and NO_COLOR is unset."""

    def __init__(self, stream: TextIO | None = None, *, enabled: bool | None = None) -> None:
        out = stream if stream is not None else sys.stdout
        if enabled is None:
            enabled = (
                _is_tty(out) and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"
            )
        self.enabled = enabled

    def _wrap(self, code: str, text: str) -> str:
        return f"\033[{code}m{text}\033[0m" if self.enabled and text else text

    def bold(self, text: str) -> str:
        return self._wrap("1", text)

    def dim(self, text: str) -> str:
        return self._wrap("2", text)

    def good(self, text: str) -> str:
        return self._wrap("32", text)

    def warn(self, text: str) -> str:
        return self._wrap("33", text)

    def bad(self, text: str) -> str:
        return self._wrap("31", text)


def format_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    width: int | None = None,
    style: Style | None = None,
) -> list[str]:
    """Left-aligned columns two spaces apart; the last column is cut to ``width`` if given."""
    if not rows:
        return []
    columns = len(headers)
    widths = [len(header) for header in headers]
    for row in rows:
        for column, cell in enumerate(row[: columns - 1]):
            widths[column] = max(widths[column], len(cell))
    lead = sum(widths[:-1]) + 2 * (columns - 1)
    room = None if width is None else max(width - lead, 20)

    def line(cells: Sequence[str]) -> str:
        last = cells[-1]
        if room is not None and len(last) > room:
            last = last[: room - 1] + "…"
        padded = [cell.ljust(widths[column]) for column, cell in enumerate(cells[:-1])]
        return "  ".join([*padded, last]).rstrip()

    head = line(headers)
    lines = [style.bold(head) if style else head]
    lines.extend(line(row) for row in rows)
    return lines
