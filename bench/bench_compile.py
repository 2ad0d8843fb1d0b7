"""``txtkeys compile`` of the shared registry XML against bare ElementTree, and its scaling.

Figures:

- compile CPU / the CPU of a fresh ``python -c`` that only parses the same file with
  ElementTree, both pinned to one core (goal <= 2.0x, issue 15): the parse is the
  floor, everything else compile does (records, grammar, JSON, writing) must cost no
  more than the parse itself. CPU time is user + system from each process's rusage,
  its waited-for children included (compile reads the notes in a forked child);
- the wall-time ratio of the same two on all cores (no goal): what a user waits;
- compile of a registry with 4x the records / compile of the registry (goal <= 4.4x,
  linear): the bigger registry repeats every record three more times under renamed
  service names, so it has 4x the records and the same distinct notes.

Run: ``python bench/bench_compile.py [--pairs N]``.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from pathlib import Path

from _harness import (
    Figure,
    paired,
    print_figures,
    require_registry,
    run_child,
    run_seconds,
    txtkeys_argv,
)

_RECORD = re.compile(rb"<record\b.*?</record>", re.DOTALL)
_NAME = re.compile(rb"<name>([^<]*)</name>")


def write_scaled_registry(source: Path, target: Path, times: int) -> int:
    """Write ``source`` with every record repeated ``times`` times in all; return the count.

    Copies get their service name suffixed (``http`` -> ``http-c2``), so names stay
    distinct; the text stays in the file's namespace and layout.
    """
    data = source.read_bytes()
    records = list(_RECORD.finditer(data))
    if not records:
        raise SystemExit(f"bench: no <record> elements in {source}")
    copies: list[bytes] = []
    for copy in range(2, times + 1):
        renamed = rb"<name>\1-c" + str(copy).encode() + rb"</name>"
        copies.extend(_NAME.sub(renamed, match[0]) for match in records)
    end = records[-1].end()
    target.write_bytes(data[:end] + b"\n" + b"\n".join(copies) + data[end:])
    return len(records) * times


def _parse_floor(path: Path) -> list[str]:
    code = f"import xml.etree.ElementTree as ET; ET.parse({str(path)!r})"
    return [sys.executable, "-c", code]


def measure(pairs: int) -> list[Figure]:
    registry = require_registry()
    with tempfile.TemporaryDirectory(prefix="txtkeys-bench-") as folder:
        out = Path(folder) / "catalogue.json"
        compile_argv = txtkeys_argv("compile", str(registry), "-o", str(out))
        vs_parse = paired(
            lambda: run_seconds(compile_argv),
            lambda: run_seconds(_parse_floor(registry)),
            pairs=pairs,
        )
        one_core = (
            paired(
                lambda: run_child(compile_argv, one_core=True).cpu,
                lambda: run_child(_parse_floor(registry), one_core=True).cpu,
                pairs=pairs,
            )
            if hasattr(os, "sched_setaffinity")
            else None
        )
        big = Path(folder) / "registry-4x.xml"
        records = write_scaled_registry(registry, big, 4)
        big_argv = txtkeys_argv("compile", str(big), "-o", str(Path(folder) / "big.json"))
        scaling = paired(
            lambda: run_seconds(big_argv),
            lambda: run_seconds(compile_argv),
            pairs=pairs,
        )
    figures = []
    if one_core is not None:
        figures.append(
            Figure(
                "compile CPU / ElementTree parse CPU, one core",
                one_core.ratio,
                2.0,
                detail={"compile": f"{one_core.a:.3f}s CPU", "parse": f"{one_core.b:.3f}s CPU"},
            )
        )
    return [
        *figures,
        Figure(
            "compile / ElementTree parse, wall, all cores",
            vs_parse.ratio,
            None if one_core is not None else 2.0,
            detail={"compile": f"{vs_parse.a:.3f}s", "parse": f"{vs_parse.b:.3f}s"},
        ),
        Figure(
            "compile 4x registry / compile registry",
            scaling.ratio,
            4.4,
            detail={
                "4x": f"{scaling.a:.3f}s ({records} records)",
                "1x": f"{scaling.b:.3f}s",
            },
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=7, help="A/B pairs per figure (default 7)")
    args = parser.parse_args(argv)
    return print_figures(measure(args.pairs))


if __name__ == "__main__":
    sys.exit(main())
