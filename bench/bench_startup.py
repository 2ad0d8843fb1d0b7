"""Cold ``txtkeys check wot td=/x`` (a whole process) against ``python -c "import zeroconf"``.

The floor is the cheapest useful thing a DNS-SD tool in Python does: start the
interpreter and import zeroconf. Goal <= 1.5x. ``python -X importtime`` on the
check command shows where its start-up goes.

Run: ``python bench/bench_startup.py [--pairs N]``.
"""

from __future__ import annotations

import argparse
import sys

from _harness import Figure, paired, print_figures, run_seconds, txtkeys_argv

CHECK = ("check", "wot", "td=/x")
FLOOR = (sys.executable, "-c", "import zeroconf")


def measure(pairs: int) -> list[Figure]:
    check_argv = txtkeys_argv(*CHECK)
    result = paired(lambda: run_seconds(check_argv), lambda: run_seconds(FLOOR), pairs=pairs)
    return [
        Figure(
            "cold check / import zeroconf",
            result.ratio,
            1.5,
            detail={"check": f"{result.a:.3f}s", "zeroconf": f"{result.b:.3f}s"},
        )
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=11, help="A/B pairs (default 11)")
    args = parser.parse_args(argv)
    return print_figures(measure(args.pairs))


if __name__ == "__main__":
    sys.exit(main())
