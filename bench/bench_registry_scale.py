"""Registry reading grows linearly with input size: 1 to 64 MB, every format, hostile shapes.

For each input family and each size (1, 2, 4, ... 64 MB by default) prints the seconds
taken and the seconds per MB; linear time keeps seconds per MB flat. Exits 1 if, for any
family, the seconds per MB at the largest size are more than ``MAX_GROWTH`` times their
median over all sizes (small sizes run from warm caches, so the median, not the
smallest, is the yardstick; a quadratic reader's figure at 64 MB is 8 times its median).

Families: the real registry XML's records repeated, the real CSV's rows repeated,
pasted markdown and plain-text rows, and the shapes that were quadratic before issue 14:
one long bracketed pasted line (``"[a " * N``), one markdown row of many cells, blank
lines before the header, and the note prefetch's scan of unclosed ``<note>`` openings
(the real registry plus a comment holding them).

    python bench/bench_registry_scale.py [--max-mb 64] [--family NAME ...]
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from txtkeys.catalogue.prefetch import _note_texts
from txtkeys.registry.read import MAX_REGISTRY_BYTES, read_registry

SHARED = Path(__file__).resolve().parents[2] / "shared"
XML = SHARED / "iana" / "service-names-port-numbers.xml"
CSV = SHARED / "iana" / "service-names-port-numbers-2024-06.csv"
MB = 1_000_000
MAX_GROWTH = 3.0
"""Seconds per MB at the largest size may be this many times their median over all sizes."""

TEXT_HEAD = "Service Name Port Number Transport Protocol Description Assignee Contact\n"
MARKDOWN_HEAD = (
    "| Service Name | Port Number | Transport Protocol | Description |\n|---|---|---|---|\n"
)


def _repeat(head: bytes, unit: bytes, tail: bytes, size: int) -> bytes:
    count = max(1, (size - len(head) - len(tail)) // max(1, len(unit)))
    return head + unit * count + tail


def _xml_parts() -> tuple[bytes, bytes, bytes]:
    data = XML.read_bytes()
    first = data.index(b"<record")
    last = data.rindex(b"</record>") + len(b"</record>")
    # About 100 KB of real records as the unit, so even 1 MB holds ten of them.
    cut = data.index(b"</record>", first + 100_000) + len(b"</record>")
    return data[:first], data[first:cut] + b"\n", data[last:]


def family_xml(size: int) -> tuple[bytes, str]:
    head, records, tail = _xml_parts()
    return _repeat(head, records, tail, size), "xml"


def family_xml_unclosed_notes(size: int) -> tuple[bytes, str]:
    data = XML.read_bytes()
    end = data.rindex(b"</registry>")
    comment = _repeat(b"<!-- ", b"<note>", b" -->", max(size - len(data), 64))
    return data[:end] + comment + data[end:], "prefetch"


def family_csv(size: int) -> tuple[bytes, str]:
    data = CSV.read_bytes()
    head, _, rows = data.partition(b"\n")
    return _repeat(head + b"\n", rows if rows.endswith(b"\n") else rows + b"\n", b"", size), "csv"


def family_text_rows(size: int) -> tuple[bytes, str]:
    row = b"wot 8080 tcp Web of Things [W3C] [W3C] 2020-01-01 [RFC6763] Defined TXT keys: td\n"
    return _repeat(TEXT_HEAD.encode(), row, b"", size), "text"


def family_markdown_rows(size: int) -> tuple[bytes, str]:
    row = b"| wot | 8080 | tcp | Web of Things | [W3C] | 2020-01-01 | [RFC6763] |\n"
    return _repeat(MARKDOWN_HEAD.encode(), row, b"", size), "markdown"


def family_text_one_bracketed_line(size: int) -> tuple[bytes, str]:
    return _repeat(TEXT_HEAD.encode() + b"wot 80 tcp ", b"[a ", b"\n", size), "text"


def family_markdown_one_row_many_cells(size: int) -> tuple[bytes, str]:
    return _repeat(MARKDOWN_HEAD.encode() + b"| wot | 80 | tcp |", b" a |", b"\n", size), "markdown"


def family_blank_lines_then_header(size: int) -> tuple[bytes, str]:
    # Format detection reads the first 64 KiB: 60,000 blank lines, then a pasted table.
    row = b"wot 8080 tcp Web of Things [W3C] [W3C] 2020-01-01 [RFC6763]\n"
    return _repeat(b"\n" * 60_000 + TEXT_HEAD.encode(), row, b"", size), "detect"


FAMILIES: dict[str, Callable[[int], tuple[bytes, str]]] = {
    "xml": family_xml,
    "xml+unclosed-notes (prefetch scan)": family_xml_unclosed_notes,
    "csv": family_csv,
    "text rows": family_text_rows,
    "markdown rows": family_markdown_rows,
    "text: one '[a ' line": family_text_one_bracketed_line,
    "markdown: one row, many cells": family_markdown_one_row_many_cells,
    "blank lines, then header": family_blank_lines_then_header,
}


def _read(data: bytes, how: str) -> None:
    if how == "prefetch":
        _note_texts(data)
    elif how == "detect":
        read_registry(data)
    else:
        read_registry(data, format=how)


def measure(family: Callable[[int], tuple[bytes, str]], size: int) -> float:
    data, how = family(size)
    assert len(data) <= MAX_REGISTRY_BYTES, "past the registry cap: lower --max-mb"
    gc.collect()
    started = time.perf_counter()
    _read(data, how)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-mb", type=int, default=64, help="largest size in MB (default 64)")
    parser.add_argument("--family", action="append", choices=sorted(FAMILIES), default=[])
    args = parser.parse_args(argv)
    if not XML.is_file() or not CSV.is_file():
        print(f"needs the registry files in {SHARED / 'iana'}", file=sys.stderr)
        return 2
    sizes = [mb for mb in (1, 2, 4, 8, 16, 32, 64) if mb <= args.max_mb]
    worst = 0.0
    failed: list[str] = []
    for name in args.family or list(FAMILIES):
        print(f"{name}")
        per_mb: list[float] = []
        for mb in sizes:
            seconds = measure(FAMILIES[name], mb * MB)
            per_mb.append(seconds / mb)
            print(f"  {mb:3d} MB  {seconds:8.3f} s  {seconds / mb:7.3f} s/MB", flush=True)
        middle = statistics.median(per_mb)
        growth = per_mb[-1] / middle if middle > 0 else 1.0
        worst = max(worst, growth)
        print(f"  s/MB at {sizes[-1]} MB against the median: x{growth:.2f}")
        if growth > MAX_GROWTH:
            failed.append(name)
    quadratic = sizes[-1] / statistics.median(sizes)
    print(f"worst growth x{worst:.2f} (limit x{MAX_GROWTH:g}; quadratic would be x{quadratic:g})")
    if failed:
        print(f"superlinear: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
