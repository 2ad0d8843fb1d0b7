"""Peak memory (max RSS) of ``txtkeys check wot td=/x`` against ``python -c "import zeroconf"``.

Each command runs alone and its own rusage is read (``os.wait4``), so other
processes on the machine do not count. Goal <= 1.3x.

Run: ``python bench/bench_memory.py [--pairs N]``.
"""

from __future__ import annotations

import argparse
import sys

from _harness import Figure, paired, peak_rss_kib, print_figures, txtkeys_argv
from bench_startup import CHECK, FLOOR


def measure(pairs: int) -> list[Figure]:
    check_argv = txtkeys_argv(*CHECK)
    result = paired(
        lambda: float(peak_rss_kib(check_argv)),
        lambda: float(peak_rss_kib(FLOOR)),
        pairs=pairs,
    )
    return [
        Figure(
            "check peak RSS / import zeroconf",
            result.ratio,
            1.3,
            detail={
                "check": f"{result.a / 1024:.1f} MiB",
                "zeroconf": f"{result.b / 1024:.1f} MiB",
            },
        )
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=5, help="A/B pairs (default 5)")
    args = parser.parse_args(argv)
    return print_figures(measure(args.pairs))


if __name__ == "__main__":
    sys.exit(main())
