"""The first ``txtkeys.validate`` of each of 40 service types in a fresh process.

A process that audits a network meets many service types, each for the first time:
the catalogue lookup and the validator of each is made on that first call. Each run
is a fresh interpreter that imports txtkeys (not timed), then times each first
``validate(service, rdata)`` of 40 services (the richest 40 of ``workload.py``, a
valid generated record each, in an order shuffled per run). The very first call
also loads the catalogue: it counts, as a user's first call pays it too, and is
shown on its own. Figures (median over the runs): mean and max of the 40 first
calls, goals <= 1 ms and <= 5 ms (issue 15). Absolute times, as the goal is one;
the details say which calls are slow.

Run: ``python bench/bench_first_lookup.py [--pairs N]`` (N fresh processes).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys

import workload
from _harness import CHILD_ENV, Figure, print_figures

SERVICES = 40

# The child: import txtkeys, then time each first validate; prints the times (s) as JSON.
_CHILD = """
import json, sys, time
jobs = [(service, bytes.fromhex(rdata)) for service, rdata in json.load(sys.stdin)]
import txtkeys
validate = txtkeys.validate
clock = time.perf_counter
times = []
for service, rdata in jobs:
    start = clock()
    validate(service, rdata)
    times.append(clock() - start)
print(json.dumps(times))
"""


def _jobs() -> list[tuple[str, str]]:
    services = workload.rich_services(SERVICES)
    jobs = []
    for index, service in enumerate(services):
        for record in workload.generate([service], 20, seed=index, broken=0.0):
            jobs.append((service.service, record.rdata.hex()))
            break
    return jobs


def run_once(jobs: list[tuple[str, str]], seed: int) -> list[float]:
    order = list(jobs)
    random.Random(seed).shuffle(order)
    done = subprocess.run(
        [sys.executable, "-c", _CHILD],
        input=json.dumps(order),
        capture_output=True,
        text=True,
        check=False,
        env=CHILD_ENV,
    )
    if done.returncode != 0:
        raise SystemExit(f"bench: the first-lookup child failed: {done.stderr}")
    return json.loads(done.stdout)


def measure(pairs: int) -> list[Figure]:
    jobs = _jobs()
    run_once(jobs, -1)  # warm-up: the .pyc files and the file cache
    runs = [run_once(jobs, seed) for seed in range(pairs)]
    ms = [[t * 1000 for t in run] for run in runs]
    mean = statistics.median(statistics.fmean(run) for run in ms)
    worst = statistics.median(max(run) for run in ms)
    first = statistics.median(run[0] for run in ms)
    second_to_16th = statistics.median(statistics.fmean(run[1:16]) for run in ms)
    seventeenth = statistics.median(run[16] for run in ms)
    rest = statistics.median(statistics.fmean(run[17:]) for run in ms)
    slowest_after_first = statistics.median(
        max(range(1, len(run)), key=run.__getitem__) + 1 for run in ms
    )
    detail = {
        "1st (loads the catalogue)": f"{first:.2f}ms",
        "2nd-16th": f"{second_to_16th:.2f}ms each",
        "17th": f"{seventeenth:.2f}ms",
        "18th-40th": f"{rest:.3f}ms each",
    }
    return [
        Figure("first lookup of a service, mean of 40", mean, 1.0, unit="ms", detail=detail),
        Figure(
            "first lookup of a service, max of 40",
            worst,
            5.0,
            unit="ms",
            detail={
                "slowest call after the 1st": f"#{slowest_after_first:.0f}",
                "runs": str(pairs),
            },
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=7, help="fresh processes (default 7)")
    args = parser.parse_args(argv)
    return print_figures(measure(args.pairs))


if __name__ == "__main__":
    sys.exit(main())
