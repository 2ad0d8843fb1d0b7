"""``txtkeys.validate`` on never-seen records, against a plain pure-Python check and zeroconf.

Each round takes a fresh set of ``workload.RECORDS`` (10,000) generated records
(``workload.py``: 50 richest services, 1-20 keys, 10-1300 bytes, 30% broken; a new
seed per round, so no record is ever validated twice and no memo can answer for a
whole record) and times, in an order rotated each round:

- ``validate(service, rdata).ok``: the wire path, asked for its verdict (what a CI job
  or firmware check asks; ``validate`` answers it at once and lists the findings only
  when they are asked for);
- ``validate(service, rdata).issues``: the verdict and then every finding with its
  message, on a set of its own drawn the same way (run on the same set, one run's
  memos would answer for the other's strings);
- the floor, ``floor.verdict(rdata, schema)``: a plain RFC 6763 + schema check written
  in bench/ that reaches the same verdict (checked on every record of every set,
  in a forked child, before any timing, so the parent's caches stay cold). It looks
  for errors only and stops at the first, as the issue's floor does;
- the full floor, ``floor.check(rdata, schema)``: the same rules, every finding
  (warnings included) as codes, without the prose; checked to give the same codes;
- zeroconf's decode of the same RDATA (``ServiceInfo.properties`` with its cache
  cleared: zeroconf splitting the record into a dict, compiled with Cython);
- ``validate(service, mapping).ok``, the mapping being zeroconf's properties dict of
  records of another set drawn the same way (never seen by the other runs either).

The verdict runs, the floors and zeroconf read the same records; the listing and
mapping runs read sets of the same mix, so their ratios compare like with like.

Figures (median of the per-round ratios; goals from issue 15):

- new-record validate's verdict / floor (verdict only), goal <= 1.5x;
- new-record validate with every finding listed / full floor (every finding; no
  goal): what the verdict and listing every finding with its message cost beyond
  finding them;
- new-record validate's verdict / zeroconf's decode, goal <= 4.0x;
- the floor / zeroconf's decode (no goal): what that goal asks of any pure-Python
  check that reaches the same verdict;
- mapping input / wire input, goal <= 1.5x;
- new records per second, verdict only (no goal);
- the repeated-record figure kept from before, labelled as such: one 4-key record
  (``txtvers=1 td=/td type=Thing scheme=https``, wot) validated 20,000 times, so
  after the first call every string is a memo hit, against zeroconf's decode of it
  (goal <= 3x, >= 100,000 records/s), asked for its verdict, and with its findings
  listed (no goal).

Run: ``python bench/bench_validate.py [--pairs N] [--records N]``.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from collections import Counter
from collections.abc import Sequence

import floor
import workload
from _harness import Figure, interleave, median_ratio, paired, print_figures

REPEATS = 20_000
ENTRIES = (("txtvers", "1"), ("td", "/td"), ("type", "Thing"), ("scheme", "https"))
BASE_SEED = 6763
MAPPING_SEED = 15_000
LISTED_SEED = 25_000


def _zeroconf_info():
    from zeroconf import ServiceInfo

    return ServiceInfo("_wot._tcp.local.", "Lamp._wot._tcp.local.", port=80)


def _properties(info, rdata: bytes) -> dict[bytes, bytes | None]:
    info.text = rdata
    info._properties = None
    return dict(info.properties)


def check_agreement(
    sets: Sequence[Sequence[workload.Record]], schemas: dict[str, floor.FloorSchema]
) -> str:
    """Compare validate's verdicts with the floor's on every record, in a forked child.

    The child's validate calls fill the child's plan and memo caches, not this
    process's. Returns a one-line summary; exits loudly when any verdict differs.
    """
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compare, write the summary, exit
        os.close(read)
        status = 0
        try:
            import txtkeys

            message = _compare(txtkeys.validate, sets, schemas)
            if message.startswith("DISAGREE"):
                status = 1
        except BaseException as exc:
            message, status = f"DISAGREE: the check raised {exc!r}", 1
        os.write(write, message.encode())
        os._exit(status)
    os.close(write)
    chunks = []
    while chunk := os.read(read, 65536):
        chunks.append(chunk)
    os.close(read)
    _, status = os.waitpid(pid, 0)
    message = b"".join(chunks).decode()
    if status != 0:
        raise SystemExit(f"bench: validate and the floor disagree: {message}")
    return message


def _compare(validate, sets, schemas) -> str:
    records = 0
    invalid = 0
    codes_differ = 0
    wrong: list[str] = []
    for records_set in sets:
        for record in records_set:
            records += 1
            report = validate(record.service, record.rdata)
            found = floor.check(record.rdata, schemas[record.service])
            schema = schemas[record.service]
            verdict = not any(floor.is_error(code, schema, key) for code, key in found)
            invalid += not report.ok
            if floor.verdict(record.rdata, schema) != report.ok:
                wrong.append(
                    f"{record.service} {record.rdata!r} ({record.mutation}): validate "
                    f"{report.codes()}, floor.verdict {not report.ok}"
                )
            if verdict != report.ok:
                wrong.append(
                    f"{record.service} {record.rdata!r} ({record.mutation}): validate "
                    f"{report.codes()}, floor {[code for code, _ in found]}"
                )
            elif report.codes() != [code for code, _ in found]:
                codes_differ += 1
    if wrong:
        return f"DISAGREE on {len(wrong)} of {records} records, e.g. " + "; ".join(wrong[:3])
    return (
        f"same verdict on all {records} records ({invalid} invalid); "
        f"same codes in the same order on {records - codes_differ}"
    )


def measure_new_records(pairs: int, records: int = workload.RECORDS) -> list[Figure]:
    import txtkeys

    services = workload.rich_services()
    schemas = floor.schemas(services)
    print(f"    generating {pairs + 1} sets of {records} records ...", file=sys.stderr, flush=True)
    sets = [
        workload.generate(services, records, seed=BASE_SEED + turn) for turn in range(pairs + 1)
    ]
    mutated = Counter(record.mutation is not None for record in sets[0])
    print(f"    {workload.summary(sets[0])}".replace("\n", "\n    "), file=sys.stderr)
    agreement = check_agreement(sets, schemas)
    print(f"    floor: {agreement}", file=sys.stderr, flush=True)
    info = _zeroconf_info()
    jobs = [[(record.service, record.rdata) for record in records_set] for records_set in sets]
    # The mapping path gets sets of its own: run on the wire path's records, it would
    # meet the keys the wire run had just put in the memo (vendor keys are drawn per
    # record, so on new records they are new).
    mapped = [
        [
            (record.service, _properties(info, record.rdata))
            for record in workload.generate(services, records, seed=MAPPING_SEED + turn)
        ]
        for turn in range(pairs + 1)
    ]
    # Listing every finding gets sets of its own too: its per-string memo would
    # otherwise answer for the strings the verdict runs had just met, and theirs for its.
    listed_jobs = [
        [
            (record.service, record.rdata)
            for record in workload.generate(services, records, seed=LISTED_SEED + turn)
        ]
        for turn in range(pairs + 1)
    ]
    floor_jobs = [[(record.rdata, schemas[record.service]) for record in s] for s in sets]
    gc.collect()
    gc.freeze()  # the sets live to the end: no collection needs to walk them

    validate = txtkeys.validate
    check = floor.check
    judge = floor.verdict

    def wire(turn: int) -> float:
        start = time.perf_counter()
        for service, rdata in jobs[turn]:
            validate(service, rdata).ok  # noqa: B018 - the verdict is what is measured
        return time.perf_counter() - start

    def listed(turn: int) -> float:
        start = time.perf_counter()
        for service, rdata in listed_jobs[turn]:
            validate(service, rdata).issues  # noqa: B018 - every finding, listed
        return time.perf_counter() - start

    def mapping(turn: int) -> float:
        start = time.perf_counter()
        for service, properties in mapped[turn]:
            validate(service, properties).ok  # noqa: B018
        return time.perf_counter() - start

    def plain(turn: int) -> float:
        start = time.perf_counter()
        for rdata, schema in floor_jobs[turn]:
            judge(rdata, schema)
        return time.perf_counter() - start

    def full(turn: int) -> float:
        start = time.perf_counter()
        for rdata, schema in floor_jobs[turn]:
            check(rdata, schema)
        return time.perf_counter() - start

    def zeroconf(turn: int) -> float:
        start = time.perf_counter()
        for _, rdata in jobs[turn]:
            info.text = rdata
            info._properties = None
            info.properties  # noqa: B018 - the read is what is measured
        return time.perf_counter() - start

    wire_t, listed_t, mapping_t, floor_t, full_t, zeroconf_t = interleave(
        [wire, listed, mapping, plain, full, zeroconf], pairs
    )
    gc.unfreeze()
    vs_floor = median_ratio(wire_t, floor_t)  # type: ignore[arg-type]
    vs_full = median_ratio(listed_t, full_t)  # type: ignore[arg-type]
    vs_zeroconf = median_ratio(wire_t, zeroconf_t)  # type: ignore[arg-type]
    vs_wire = median_ratio(mapping_t, wire_t)  # type: ignore[arg-type]
    # What the zeroconf goal asks of any pure-Python check reaching the same verdict.
    floor_vs_zeroconf = median_ratio(floor_t, zeroconf_t)  # type: ignore[arg-type]

    def us(seconds: float) -> str:
        return f"{seconds / records * 1e6:.2f}us"

    return [
        Figure(
            "new-record validate (verdict) / pure-Python floor",
            vs_floor.ratio,
            1.5,
            detail={"validate": us(vs_floor.a), "floor": us(vs_floor.b)},
        ),
        Figure(
            "new-record validate, findings listed / full floor",
            vs_full.ratio,
            None,
            detail={"validate + issues": us(vs_full.a), "full floor": us(vs_full.b)},
        ),
        Figure(
            "new-record validate (verdict) / zeroconf decode",
            vs_zeroconf.ratio,
            4.0,
            detail={"validate": us(vs_zeroconf.a), "zeroconf": us(vs_zeroconf.b)},
        ),
        Figure(
            "the floor itself / zeroconf decode",
            floor_vs_zeroconf.ratio,
            None,
            detail={"floor": us(floor_vs_zeroconf.a), "zeroconf": us(floor_vs_zeroconf.b)},
        ),
        Figure(
            "mapping input / wire input (new records)",
            vs_wire.ratio,
            1.5,
            detail={"mapping": us(vs_wire.a), "wire": us(vs_wire.b)},
        ),
        Figure(
            "new-record validate (verdict), records per second",
            records / vs_floor.a,
            None,
            unit="records/s",
            higher_is_better=True,
            detail={
                "records": f"{records} per round x {pairs} rounds, {mutated[True]} mutated",
            },
        ),
    ]


def measure_repeated(pairs: int) -> list[Figure]:
    import txtkeys
    from txtkeys.formats.wire import TxtEntry, encode

    wire = encode(TxtEntry.of(key, value) for key, value in ENTRIES)
    report = txtkeys.validate("_wot._tcp", wire)
    if not report.ok or report.codes() != ["S101"]:
        raise SystemExit(f"bench: unexpected report for the bench record: {report.issues}")
    info = _zeroconf_info()
    if _properties(info, wire) != {k.encode(): v.encode() for k, v in ENTRIES}:
        raise SystemExit("bench: zeroconf read the bench record differently")

    validate = txtkeys.validate
    loop = range(REPEATS)

    def run_validate() -> float:
        start = time.perf_counter()
        for _ in loop:
            validate("_wot._tcp", wire).ok  # noqa: B018 - the verdict is what is measured
        return time.perf_counter() - start

    def run_listed() -> float:
        start = time.perf_counter()
        for _ in loop:
            validate("_wot._tcp", wire).issues  # noqa: B018 - every finding, listed
        return time.perf_counter() - start

    def run_zeroconf() -> float:
        start = time.perf_counter()
        for _ in loop:
            info._properties = None
            info.properties  # noqa: B018 - the read is what is measured
        return time.perf_counter() - start

    result = paired(run_validate, run_zeroconf, pairs=pairs)
    listed = paired(run_listed, run_zeroconf, pairs=pairs)
    return [
        Figure(
            "repeated record (memo hits) validate (verdict) / zeroconf",
            result.ratio,
            3.0,
            detail={
                "validate": f"{result.a / REPEATS * 1e6:.2f}us",
                "zeroconf": f"{result.b / REPEATS * 1e6:.2f}us",
            },
        ),
        Figure(
            "repeated record, findings listed / zeroconf",
            listed.ratio,
            None,
            detail={
                "validate + issues": f"{listed.a / REPEATS * 1e6:.2f}us",
                "zeroconf": f"{listed.b / REPEATS * 1e6:.2f}us",
            },
        ),
        Figure(
            "repeated record (memo hits, verdict), records per second",
            REPEATS / result.a,
            100_000,
            unit="records/s",
            higher_is_better=True,
        ),
    ]


def measure(pairs: int) -> list[Figure]:
    return [*measure_new_records(pairs), *measure_repeated(pairs)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=9, help="rounds / A/B pairs (default 9)")
    parser.add_argument(
        "--records", type=int, default=workload.RECORDS, help="records per round (default 10,000)"
    )
    args = parser.parse_args(argv)
    return print_figures(
        [*measure_new_records(args.pairs, args.records), *measure_repeated(args.pairs)]
    )


if __name__ == "__main__":
    sys.exit(main())
