"""Helpers every command shares: the catalogue in use, tables, colour, ``--json`` output."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import sys
import textwrap
from collections.abc import Iterator, Sequence

TYPE_CHECKING = False  # typing's own, without importing typing: check starts faster
if TYPE_CHECKING:
    from typing import Any, TextIO

    from ..schemaset import SchemaSet

__all__ = [
    "Style",
    "add_json_option",
    "command_parser",
    "document",
    "format_facts",
    "format_table",
    "load_schemas",
    "print_document",
    "print_json",
    "print_json_line",
    "terminal_width",
]


def global_options(*, suppress: bool) -> argparse.ArgumentParser:
    """The options every command takes, before or after its name.

    The top-level parser sets their defaults; each command's copy leaves an option it
    was not given alone (``argparse.SUPPRESS``), so ``txtkeys --debug check ...`` and
    ``txtkeys check ... --debug`` mean the same.
    """
    unset: Any = argparse.SUPPRESS

    def default(value: object) -> Any:
        return unset if suppress else value

    options = argparse.ArgumentParser(add_help=False)
    group = options.add_argument_group("global options")
    group.add_argument(
        "--catalogue",
        metavar="FILE",
        default=default(None),
        help="use this compiled catalogue instead of the user cache or the bundled one",
    )
    # A command's own list of --schema files: argparse gives a command a list of its
    # own, which would replace the files given before the command; load_schemas joins.
    group.add_argument(
        "--schema",
        dest="schema_after" if suppress else "schema",
        metavar="FILE",
        action="append",
        default=[],
        help="layer a TOML schema file over the catalogue and the shipped overlays (repeatable)",
    )
    group.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default=default("auto"),
        help="colour in text output: auto (a terminal, unless NO_COLOR is set), always, never",
    )
    group.add_argument(
        "--quiet",
        "-q",
        action="store_true",
        default=default(False),
        help="print nothing on stdout (the exit status says it; errors still go to stderr)",
    )
    group.add_argument(
        "--debug", action="store_true", default=default(False), help="show tracebacks for errors"
    )
    return options


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
        parents=[global_options(suppress=True)],
    )
    return parser


_COLOR_MODE = ["auto"]


def set_color_mode(mode: str) -> None:
    """``--color``: auto, always or never, for every ``Style`` the command makes."""
    _COLOR_MODE[0] = mode


@contextlib.contextmanager
def quiet_stdout(quiet: bool) -> Iterator[None]:
    """``--quiet``: what the command would print on stdout goes nowhere."""
    if not quiet:
        yield
        return
    with open(os.devnull, "w", encoding="utf-8") as sink, contextlib.redirect_stdout(sink):
        yield


def add_json_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--json", action="store_true", help="print machine-readable JSON instead of text"
    )


def load_schemas(args: argparse.Namespace) -> SchemaSet:
    """The schema set every command uses: the catalogue in use (``--catalogue``), the
    shipped overlays, ``$TXTKEYS_SCHEMA_DIR`` and each ``--schema FILE``.

    The lookup order itself is ``schemaset``'s; this only passes the options on.
    """
    from ..catalogue.store import Catalogue
    from ..schemaset import SchemaSet

    explicit = getattr(args, "catalogue", None)
    catalogue = Catalogue.default(explicit) if explicit is not None else None
    files = [*(getattr(args, "schema", None) or ()), *(getattr(args, "schema_after", None) or ())]
    return SchemaSet(catalogue, files=files)


def print_json(value: object, stream: TextIO | None = None) -> None:
    """Indented, key-stable JSON with a final newline."""
    out = stream if stream is not None else sys.stdout
    out.write(json.dumps(value, indent=2, ensure_ascii=False) + "\n")


# The version of the shape of every --json document (docs/json-output.md and the JSON
# Schema beside it). Adding a field keeps it; renaming or removing one moves it on.
JSON_SCHEMA_VERSION = 1


def document(kind: str, fields: dict[str, Any]) -> dict[str, Any]:
    """A ``--json`` document: ``schema_version`` and ``document`` (its kind) first."""
    return {"schema_version": JSON_SCHEMA_VERSION, "document": kind, **fields}


def print_document(kind: str, fields: dict[str, Any], stream: TextIO | None = None) -> None:
    """Print one ``--json`` document (see ``document``)."""
    print_json(document(kind, fields), stream)


def print_json_line(kind: str, fields: dict[str, Any]) -> None:
    """One ``--json-lines`` document, on one line, flushed."""
    sys.stdout.write(json.dumps(document(kind, fields), ensure_ascii=False) + "\n")
    sys.stdout.flush()


def terminal_width(stream: TextIO | None = None) -> int | None:
    """The width to wrap tables to: ``COLUMNS`` when set, else the terminal's when writing
    to one; None (no wrapping) for pipes and files."""
    out = stream if stream is not None else sys.stdout
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if not _is_tty(out):
        return None
    try:  # os's own, not shutil's: shutil would cost check a few milliseconds to import
        return os.get_terminal_size(out.fileno()).columns or 100
    except (OSError, ValueError, AttributeError):
        return 100


def _is_tty(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def color_wanted(stream: TextIO, mode: str | None = None) -> bool:
    """Colour or not: ``--color always/never``; else FORCE_COLOR or NO_COLOR when set to
    something (no-color.org, force-color.org); else a terminal that is not ``dumb``."""
    chosen = mode or _COLOR_MODE[0]
    if chosen != "auto":
        return chosen == "always"
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("NO_COLOR"):
        return False
    return _is_tty(stream) and os.environ.get("TERM") != "dumb"


class Style:
    """ANSI styling, on as ``color_wanted`` decides for the stream written to."""

    def __init__(self, stream: TextIO | None = None, *, enabled: bool | None = None) -> None:
        out = stream if stream is not None else sys.stdout
        self.enabled = color_wanted(out) if enabled is None else enabled

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
    """Left-aligned columns two spaces apart, a table row on one line or more.

    With a ``width`` the widest columns are narrowed until the table fits, and their
    cells wrap at word boundaries onto continuation lines within their column; white
    space inside a cell (a newline in a description) never breaks the table. Cells are
    shown as given: callers pass outside text through ``display`` first.
    """
    if not rows:
        return []
    count = len(headers)
    table = [[" ".join(str(cell).split()) for cell in row] for row in [headers, *rows]]
    natural = [max(len(_plain(row[column])) for row in table) for column in range(count)]
    widths = _fit(natural, None if width is None else width - 2 * (count - 1))

    def lines(cells: Sequence[str]) -> list[str]:
        wrapped = [
            _wrap(cell, widths[column]) if len(_plain(cell)) > widths[column] else [cell]
            for column, cell in enumerate(cells)
        ]
        height = max(len(parts) for parts in wrapped)
        out = []
        for index in range(height):
            parts = [p[index] if index < len(p) else "" for p in wrapped]
            padded = [
                part + " " * (widths[column] - len(_plain(part)))
                for column, part in enumerate(parts[:-1])
            ]
            out.append("  ".join([*padded, parts[-1]]).rstrip())
        return out

    head, *body = table
    out = [style.bold(line) if style else line for line in lines(head)]
    for row in body:
        out.extend(lines(row))
    return out


def format_facts(facts: Sequence[tuple[str, str]], *, indent: str = "") -> list[str]:
    """``label  value`` lines with the labels aligned; long values wrap under themselves
    to the terminal width (``terminal_width``); outside text is passed through
    ``display``, so no byte from a registry or a device reaches the terminal raw."""
    from ..formats.display import display

    width = terminal_width()
    label_width = max(len(label) for label, _ in facts)
    lead = len(indent) + label_width + 2
    out = []
    for label, value in facts:
        text = " ".join(display(value).split())
        parts = [text]
        if width is not None and lead + len(text) > width:
            parts = textwrap.wrap(text, max(width - lead, 20), break_on_hyphens=False) or [""]
        out.append(f"{indent}{label.ljust(label_width)}  {parts[0]}")
        out.extend(" " * lead + part for part in parts[1:])
    return out


_NARROWEST = 8  # a column is never narrowed below this (or its header)


def _fit(natural: list[int], room: int | None) -> list[int]:
    """Column widths: the natural ones, the widest capped at one width so all fit."""
    if room is None or sum(natural) <= room:
        return natural
    low, high = _NARROWEST, max(natural)
    while low < high:  # the widest cap that still fits
        cap = (low + high + 1) // 2
        if sum(min(w, cap) for w in natural) <= room:
            low = cap
        else:
            high = cap - 1
    return [min(w, low) for w in natural]


def _wrap(cell: str, width: int) -> list[str]:
    return textwrap.wrap(_plain(cell), width, break_on_hyphens=False) or [""]


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _plain(cell: str) -> str:
    """A cell without the colour codes ``Style`` added, for measuring its width."""
    return _ANSI.sub("", cell) if "\x1b" in cell else cell
