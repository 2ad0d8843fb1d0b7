"""Worst-case parse time of ``parse_note``: adversarial notes from 1 to 16 KB.

Prints, for each size, the slowest input family and its milliseconds per KB, then
exits 1 if any 4 KB input took more than 50 ms (the budget in docs/robustness.md).
Timing stays out of the test suite, which only asserts that parse_note never raises.

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
BUDGET_MS_AT_4KB = 50.0
SIZES = (1024, 2048, 4096, 8192, 16384)


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per input; the best counts")
    args = parser.parse_args(argv)
    table = families(_gold_notes())
    parse_note("Defined TXT keys: warm=<up>")  # build the grammar outside the timing
    failed = False
    print(f"{'size':>6}  {'worst ms':>9}  {'ms/KB':>7}  family")
    for size in SIZES:
        timings = {name: worst_ms(make(size), args.repeat) for name, make in table.items()}
        name, ms = max(timings.items(), key=lambda item: item[1])
        print(f"{size:>6}  {ms:>9.2f}  {ms / (size / 1024):>7.2f}  {name}")
        if size == 4096 and ms > BUDGET_MS_AT_4KB:
            failed = True
    if failed:
        print(f"FAIL: a 4 KB note took over {BUDGET_MS_AT_4KB:g} ms", file=sys.stderr)
        return 1
    print(f"ok: every 4 KB note parsed within {BUDGET_MS_AT_4KB:g} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
