"""Run every speed and memory benchmark of txtkeys and print the figures with their goals.

Each figure is a ratio against its floor, measured side by side on this machine
(A B A B, median of the per-pair ratios; see ``_harness.py``), except the first
lookup's times, whose goals are absolute. Lines marked ``info`` have no goal. The
exit status is 1 when any goal is missed, so CI can run it.

Figures, by script:

- bench_validate.py: never-seen records (``workload.py``) against the pure-Python
  floor (``floor.py``) and zeroconf's decode; the mapping path against the wire
  path; the repeated-record figure, labelled as such;
- bench_first_lookup.py: the first validate of 40 service types in a fresh process;
- bench_startup.py: cold start and peak memory of check, show, search, build,
  schema and audit against ``python -c "import zeroconf"``;
- bench_memory.py: memory after validating 500 service types against after 1;
- bench_compile.py: compile CPU on one core against a bare ElementTree parse.

Run: ``python bench/run_all.py [--quick]`` (``--quick``: 3 pairs, 3 rounds of new
records, noisier); each script also runs alone.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time

import bench_compile
import bench_first_lookup
import bench_memory
import bench_startup
import bench_validate
from _harness import Figure, print_figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 pairs per figure instead of 5-11")
    args = parser.parse_args(argv)
    few = 3 if args.quick else None
    try:
        import zeroconf

        zeroconf_version = zeroconf.__version__
    except ImportError:
        zeroconf_version = "missing"
    print(
        f"txtkeys benchmarks: Python {platform.python_version()} on {platform.machine()} "
        f"{platform.system()}, zeroconf {zeroconf_version}, {time.strftime('%Y-%m-%d')}"
    )
    figures: list[Figure] = []
    for name, run, pairs in (
        ("validate (new records)", bench_validate.measure, 9),
        ("first lookups", bench_first_lookup.measure, 7),
        ("start-up and peak memory", bench_startup.measure, 11),
        ("memory after 500 service types", bench_memory.measure, 5),
        ("compile", bench_compile.measure, 7),
    ):
        print(f"  measuring {name} ...", file=sys.stderr, flush=True)
        figures.extend(run(few or pairs))
    print()
    return print_figures(figures)


if __name__ == "__main__":
    sys.exit(main())
