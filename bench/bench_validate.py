"""``txtkeys.validate("_wot._tcp", wire)`` of a 4-key record against zeroconf's own unpacking.

The floor is ``ServiceInfo.properties`` of the same RDATA with its cache cleared
before each read, i.e. zeroconf splitting the record into a dict (compiled with
Cython). validate does that and checks every RFC 6763 rule and the wot note's keys.
Goals: <= 3x the floor, and >= 100,000 records/s. The record is
``txtvers=1 td=/td type=Thing scheme=https``: wot defines the last three, so
txtvers draws the S101 warning a real device's record would.

Run: ``python bench/bench_validate.py [--pairs N]``.
"""

from __future__ import annotations

import argparse
import sys
import time

from _harness import Figure, paired, print_figures

RECORDS_PER_SAMPLE = 20_000
ENTRIES = (("txtvers", "1"), ("td", "/td"), ("type", "Thing"), ("scheme", "https"))


def measure(pairs: int) -> list[Figure]:
    from zeroconf import ServiceInfo

    import txtkeys
    from txtkeys.formats.wire import TxtEntry, encode

    wire = encode(TxtEntry.of(key, value) for key, value in ENTRIES)
    report = txtkeys.validate("_wot._tcp", wire)
    if not report.ok or report.codes() != ["S101"]:
        raise SystemExit(f"bench: unexpected report for the bench record: {report.issues}")
    info = ServiceInfo("_wot._tcp.local.", "Lamp._wot._tcp.local.", port=80)
    info.text = wire
    info._properties = None
    if info.properties != {k.encode(): v.encode() for k, v in ENTRIES}:
        raise SystemExit("bench: zeroconf read the bench record differently")

    validate = txtkeys.validate
    loop = range(RECORDS_PER_SAMPLE)

    def run_validate() -> float:
        start = time.perf_counter()
        for _ in loop:
            validate("_wot._tcp", wire)
        return time.perf_counter() - start

    def run_zeroconf() -> float:
        start = time.perf_counter()
        for _ in loop:
            info._properties = None
            info.properties  # noqa: B018 - the read is what is measured
        return time.perf_counter() - start

    result = paired(run_validate, run_zeroconf, pairs=pairs)
    per_second = RECORDS_PER_SAMPLE / result.a
    return [
        Figure(
            "validate / zeroconf properties",
            result.ratio,
            3.0,
            detail={
                "validate": f"{result.a / RECORDS_PER_SAMPLE * 1e6:.2f}us",
                "zeroconf": f"{result.b / RECORDS_PER_SAMPLE * 1e6:.2f}us",
            },
        ),
        Figure(
            "validate records per second",
            per_second,
            100_000,
            unit="records/s",
            higher_is_better=True,
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=9, help="A/B pairs (default 9)")
    args = parser.parse_args(argv)
    return print_figures(measure(args.pairs))


if __name__ == "__main__":
    sys.exit(main())
