"""Memory of a process that has validated records of 500 service types, against one that did 1.

A long-running auditor meets hundreds of service types; what it keeps per type (the
catalogue rows it read, the prepared validators, the memos) should stay small. Each
side is a fresh interpreter that imports txtkeys and validates one record of each
of N service types (500, or 1), the record ``txtvers=1 path=/x`` (two keys every
service may or may not define); its max RSS is read from its own rusage
(``os.wait4``), one process at a time, A B A B. The 500 types are spread over the
whole catalogue (every k-th DNS-SD usable name, tcp, read through the public API).
Goal <= 1.3x (issue 15).

The peak memory of each command against ``import zeroconf`` is in bench_startup.py.

Run: ``python bench/bench_memory.py [--pairs N]``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from _harness import Figure, paired, peak_rss_kib, print_figures

MANY = 500

_CHILD = """
import json, sys
names = json.loads(open(sys.argv[1]).read())[: int(sys.argv[2])]
import txtkeys
record = bytes.fromhex("0974787476657273 3d31 07 706174683d2f78".replace(" ", ""))
for name in names:
    txtkeys.validate(name, record)
"""


def service_types(count: int = MANY) -> list[str]:
    import txtkeys

    catalogue = txtkeys.Catalogue.default()
    names = sorted(
        {entry.name.lower() for entry in catalogue if getattr(entry, "dns_sd_usable", True)}
    )
    if len(names) < count:
        raise SystemExit(f"bench: the catalogue has only {len(names)} usable names")
    step = len(names) / count
    return [f"_{names[int(i * step)]}._tcp" for i in range(count)]


def measure(pairs: int) -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="txtkeys-bench-") as folder:
        listing = Path(folder) / "services.json"
        listing.write_text(json.dumps(service_types()))

        def run(count: int) -> float:
            return float(peak_rss_kib([sys.executable, "-c", _CHILD, str(listing), str(count)]))

        result = paired(lambda: run(MANY), lambda: run(1), pairs=pairs)
    return [
        Figure(
            f"peak RSS after {MANY} service types / after 1",
            result.ratio,
            1.3,
            detail={
                f"{MANY}": f"{result.a / 1024:.1f} MiB",
                "1": f"{result.b / 1024:.1f} MiB",
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
