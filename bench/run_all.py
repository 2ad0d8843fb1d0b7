"""Run every speed and memory benchmark of txtkeys and print the figures side by side.

Each figure is a ratio against its floor, measured A B A B on this machine (see
``_harness.py``); the exit status is 1 when any goal is missed, so CI can run it.

Run: ``python bench/run_all.py [--quick]`` (``--quick``: fewer pairs, noisier).
"""

from __future__ import annotations

import argparse
import platform
import sys
import time

import bench_compile
import bench_memory
import bench_startup
import bench_validate
from _harness import Figure, print_figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 pairs per figure instead of 5-11")
    args = parser.parse_args(argv)
    few = 3 if args.quick else None
    print(
        f"txtkeys benchmarks: Python {platform.python_version()} on {platform.machine()} "
        f"{platform.system()}, {time.strftime('%Y-%m-%d')}"
    )
    figures: list[Figure] = []
    for name, run, pairs in (
        ("compile", bench_compile.measure, 7),
        ("start-up", bench_startup.measure, 11),
        ("memory", bench_memory.measure, 5),
        ("validate", bench_validate.measure, 9),
    ):
        print(f"  measuring {name} ...", file=sys.stderr, flush=True)
        figures.extend(run(few or pairs))
    return print_figures(figures)


if __name__ == "__main__":
    sys.exit(main())
