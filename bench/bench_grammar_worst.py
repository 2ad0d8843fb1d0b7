"""Worst-case parse time of ``parse_note``: adversarial notes from 1 to 16 KB.

Prints, for each size from 1 to 16 KB, the slowest input family, its milliseconds, its
milliseconds per KB and its ratio to the 1 KB worst case (linear time keeps ms/KB
flat), then the slowest registry note. Exits 1 if a note of up to 16 KB took over 100 ms
or a registry note over 20 ms. Timing stays out of the test suite,
which only asserts that parse_note never raises.

    python bench/bench_grammar_worst.py [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

from txtkeys import parse_note

GOLD = Path(__file__).resolve().parents[1] / "tests" / "data" / "notes_gold.jsonl"
SHARED = Path(__file__).resolve().parents[2] / "shared"
REGISTRY = SHARED / "iana" / "service-names-port-numbers.xml"
BUDGET_MS_AT_16KB = 100.0
BUDGET_MS_REGISTRY_NOTE = 20.0
SIZES = tuple(kb * 1024 for kb in range(1, 17))


def _gold_notes() -> list[str]:
    if not GOLD.is_file():
        return ["Defined TXT keys: u=<username> p=<password> path=<path>"]
    lines = GOLD.read_text("utf-8").splitlines()
    return [json.loads(line)["note"] for line in lines if line.strip()]


def _fill(unit: str, size: int) -> str:
    return (unit * (size // max(len(unit), 1) + 1))[:size]


def families(notes: list[str]) -> dict[str, Callable[[int], str]]:
    """Input families chosen to hit backtracking: repetition, nesting, near-misses."""
    rng = random.Random(6763)
    longest = max(notes, key=len)
    prefix = "Defined TXT keys: "
    return {
        "'#' run, no marker": lambda n: "#" * n,
        "'a-' run, no marker": lambda n: _fill("a-", n),
        "'--0' after 'TXT keys:'": lambda n: "TXT keys: " + _fill("--0", n - 10),
        "'[a ' run": lambda n: _fill("[a ", n),
        "'a-' run": lambda n: prefix + _fill("a-", n - len(prefix)),
        "comma list": lambda n: prefix + _fill("a, ", n - len(prefix)),
        "assignments a=1,": lambda n: prefix + _fill("a=1,", n - len(prefix)),
        "quoted words": lambda n: prefix + _fill('"a" ', n - len(prefix)),
        "quoted list": lambda n: prefix + _fill('"a", ', n - len(prefix)),
        "apostrophes": lambda n: prefix + "'" * (n - len(prefix)),
        "'all keys' phrase": lambda n: prefix + _fill("all keys ", n - len(prefix)),
        "history words": lambda n: prefix + _fill("formerly ", n - len(prefix)),
        "pipe cells": lambda n: prefix + _fill("| a ", n - len(prefix)),
        "slash rows": lambda n: prefix + _fill("a / b / c; ", n - len(prefix)),
        "labels": lambda n: prefix + _fill("a: b\n", n - len(prefix)),
        "inline bullets": lambda n: prefix + _fill("a) k=1 ", n - len(prefix)),
        "numbered lines": lambda n: prefix + _fill("1. a - b\n", n - len(prefix)),
        "values lines": lambda n: prefix + _fill("k\n Values: a, b\n", n - len(prefix)),
        "html entities": lambda n: prefix + _fill("&lt;br/&gt;", n - len(prefix)),
        "real notes repeated": lambda n: _fill(longest + "\n", n),
        "key=<placeholder> run": lambda n: prefix + _fill("k=<v> ", n - len(prefix)),
        "unclosed angle brackets": lambda n: prefix + _fill("k=<", n - len(prefix)),
        "nested brackets": lambda n: prefix + "(" * (n // 4) + "[" * (n // 4) + "x",
        "choice lists a|b|": lambda n: prefix + "mode=" + _fill("a|", n - len(prefix) - 5),
        "equals without keys": lambda n: prefix + _fill("= ", n - len(prefix)),
        "comma and 'or' soup": lambda n: prefix + _fill("a, or b, and ", n - len(prefix)),
        "quotes unbalanced": lambda n: prefix + _fill('k="v ', n - len(prefix)),
        "one long word": lambda n: prefix + "x" * (n - len(prefix)),
        "whitespace only": lambda n: prefix + _fill(" \t\n", n - len(prefix)),
        "random punctuation": lambda n: (
            prefix + "".join(rng.choice("=<>[](){}|,;:. \"'abc\n") for _ in range(n - len(prefix)))
        ),
        # the layouts added for unseen forms: objects, records, term lists, tables, prose
        "json pairs": lambda n: prefix + "{" + _fill('"k": "<v>", ', n - len(prefix) - 1),
        "json records": lambda n: prefix + "[" + _fill('{"key": "k", "value": "1"}, ', n - 19),
        "field records": lambda n: prefix + _fill("Key: k\nValue: 1\n", n - len(prefix)),
        "definition list": lambda n: prefix + _fill("k\n    meaning of k\n", n - len(prefix)),
        "tab table": lambda n: prefix + "Key\tType\n" + _fill("k\tint\n", n - len(prefix) - 9),
        "csv table": lambda n: prefix + "key,required,description\n" + _fill("k,yes,d\n", n - 43),
        "html table": lambda n: prefix + _fill("<tr><td>k</td><td>v</td></tr>", n - len(prefix)),
        "key sentences": lambda n: prefix + _fill("k is the value of k; ", n - len(prefix)),
        "emphasis and code": lambda n: prefix + _fill("**k** `k` // k=1 ", n - len(prefix)),
        "prose assignments": lambda n: prefix + _fill("The key is k=<v> here. ", n - len(prefix)),
        # runs of one character or pair with and without the marker (each character the
        # rules treat specially): a rule that backtracks on a run shows up here
        **{
            f"{unit!r} run{' after marker' if marked else ''}": (
                lambda n, unit=unit, marked=marked: (
                    (prefix if marked else "") + _fill(unit, n - (len(prefix) if marked else 0))
                )
            )
            for unit in (" ", "\t", "( ", "[ ", "< ", '"', "'", "ab, ", "| ", "a/", " or ", "% ")
            for marked in (False, True)
        },
        "blanks then a key": lambda n: " " * (n - 1) + "k",
        "entity blanks": lambda n: prefix + "a" + _fill("&nbsp;", n - len(prefix) - 2) + "b",
        "version steps": lambda n: prefix + _fill("v1: a, b. ", n - len(prefix)),
        "version steps adding": lambda n: prefix + _fill("v1 adds a and drops b, so c. ", n - 18),
        "spliced real notes": lambda n: _fill(
            "".join(rng.choice(notes)[: rng.randint(5, 80)] for _ in range(200)), n
        ),
    }


def worst_ms(text: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        parse_note(text)
        best = min(best, time.perf_counter() - started)
    return best * 1000


def _registry_notes() -> list[str]:
    if not REGISTRY.is_file():
        return []
    from txtkeys.registry.read import read_registry

    registry = read_registry(REGISTRY)
    return sorted({r.note for r in registry.records if r.note and r.note.strip()})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per input; the best counts")
    args = parser.parse_args(argv)
    table = families(_gold_notes())
    parse_note("Defined TXT keys: warm=<up>")  # build the grammar outside the timing
    failed = False
    print(f"{'size':>6}  {'worst ms':>9}  {'ms/KB':>7}  {'x 1KB':>6}  family")
    first = None
    for size in SIZES:
        timings = {name: worst_ms(make(size), args.repeat) for name, make in table.items()}
        name, ms = max(timings.items(), key=lambda item: item[1])
        first = first or ms
        print(f"{size:>6}  {ms:>9.2f}  {ms / (size / 1024):>7.2f}  {ms / first:>6.1f}  {name}")
        if ms > BUDGET_MS_AT_16KB:  # any size up to 16 KB
            failed = True
    notes = _registry_notes()
    if notes:
        slowest = max((worst_ms(n, args.repeat), n) for n in notes)
        print(f"registry: {len(notes)} notes, slowest {slowest[0]:.2f} ms ({slowest[1][:50]!r})")
        failed = failed or slowest[0] > BUDGET_MS_REGISTRY_NOTE
    if failed:
        print(
            f"FAIL: over budget ({BUDGET_MS_AT_16KB:g} ms for a note up to 16 KB, "
            f"{BUDGET_MS_REGISTRY_NOTE:g} ms per registry note)",
            file=sys.stderr,
        )
        return 1
    print("ok: every note within budget")
    return 0


if __name__ == "__main__":
    sys.exit(main())
