"""Helpers every command shares: the catalogue in use, tables, colour, ``--json`` output."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from ..catalogue.store import Catalogue

__all__ = [
    "Style",
    "add_json_option",
    "command_parser",
    "format_table",
    "load_catalogue",
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


def load_catalogue(
    args: argparse.Namespace, *, overlays: bool = True, services: Iterable[str] | None = None
) -> Catalogue:
    """The catalogue chosen by ``--catalogue``, the user cache or the bundled file.

    With ``overlays`` (the default) the shipped overlays, ``$TXTKEYS_SCHEMA_DIR`` and each
    ``--schema FILE`` are layered over it, later ones winning per key. A command that
    looks up only ``services`` skips the layering when it cannot change their answer
    (no user overlay, and the shipped ones describe none of them): parsing overlays
    builds pydantic models, which would otherwise be most of ``txtkeys check``'s time.
    """
    from ..catalogue.store import Catalogue

    catalogue = Catalogue.default(getattr(args, "catalogue", None))
    if not overlays:
        return catalogue
    user_files = getattr(args, "schema", None) or ()
    if services is not None and not user_files and _overlays_cannot_touch(catalogue, services):
        return catalogue
    from ..overlays.files import layer

    return layer(catalogue, user_files=user_files)


def _overlays_cannot_touch(catalogue: Catalogue, services: Iterable[str]) -> bool:
    """True when layering would leave every one of ``services`` as the registry has it.

    Only the shipped overlays count (with ``$TXTKEYS_SCHEMA_DIR`` set, or anything in
    doubt, the answer is False and the caller layers as usual): layering changes only
    the services an overlay describes, and adds names the registry lacks.
    """
    from ..errors import TxtkeysError
    from ..names import ServiceType

    if os.environ.get("TXTKEYS_SCHEMA_DIR", "").strip():
        return False
    described = _shipped_overlay_names()
    if described is None:
        return False
    for service in services:
        try:
            kind = ServiceType.parse(service)
        except TxtkeysError:
            return False
        # A name the registry lacks gets "did you mean" hints, which overlays can add to.
        if kind.name.lower() in described or catalogue._find(kind) is None:
            return False
    return True


def _shipped_overlay_names() -> frozenset[str] | None:
    """Lower-cased service names the shipped overlays describe; None if any is unreadable."""
    import tomllib
    from importlib import resources

    from ..errors import TxtkeysError
    from ..names import ServiceType

    folder = resources.files("txtkeys").joinpath("data", "overlays")
    names: set[str] = set()
    try:
        for item in folder.iterdir():
            if not item.name.endswith(".toml"):
                continue
            tables = tomllib.loads(item.read_text("utf-8")).get("service", [])
            for table in tables:
                names.add(ServiceType.parse(table["name"]).name.lower())
    except (OSError, ValueError, TypeError, KeyError, AttributeError, TxtkeysError):
        return None
    return frozenset(names)


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
