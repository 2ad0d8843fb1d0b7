"""The checks test a value's shape with plain functions; each must say what the kind's
regular expression (``shape_pattern``, the one statement used by models and JSON
Schema) says, on every string."""

from __future__ import annotations

import random
import re

import pytest

from txtkeys.checks.rules import shape_pattern, shape_test
from txtkeys.schema.kinds import KeyKind

REGEX_KINDS = [
    KeyKind.INTEGER,
    KeyKind.UUID,
    KeyKind.MAC,
    KeyKind.VERSION,
    KeyKind.URL,
    KeyKind.PATH,
    KeyKind.HOST,
]

SEEDS = [
    "",
    "0",
    "+7",
    "-",
    "123e4567-e89b-12d3-a456-426614174000",
    "123e4567e89b12d3a456426614174000",
    "123e4567-e89b12d3-a456-426614174000",
    "123E4567-E89B-12D3-A456-42661417400G",
    "00:11:22:aa:bb:cc",
    "00-11-22-aa-bb-cc",
    "001122aabbcc",
    "00:11:22:aa:bb:cc:dd:ee",
    "00:11-22:aa:bb:cc",
    "0011.22aa.bbcc",
    "1.2.3",
    "v2",
    "V1.0-beta_3",
    "1..2",
    "https://h/p",
    "mailto:x@y",
    "a+b.c-d:rest",
    "1http://x",
    "http:",
    "http://a b",
    "/",
    "/td",
    "/a b",
    "printer.local",
    "printer.local.",
    "-bad.local",
    "bad-.local",
    "a..b",
    ".",
    "_sub_host",
    "a" * 63 + ".b",
    "a" * 64,
    ("a" * 60 + ".") * 4 + "a" * 9,
    ("a" * 60 + ".") * 4 + "a" * 10 + ".",
    ("a" * 60 + ".") * 4 + "a" * 10 + "..",
    "x\u00a0y",
    "/\u2003",
    "\u0661\u0662",
    "1\n",
    "host\n",
]

ALPHABET = "0123456789abcdefABCDEFGvVxz:-._/+ \t\n\u00e9\u0661\u00a0"


def _strings(count: int) -> list[str]:
    rng = random.Random(15)
    found = list(SEEDS)
    for _ in range(count):
        if rng.random() < 0.5:
            base = list(rng.choice(SEEDS))
            for _ in range(rng.randint(1, 3)):
                at = rng.randint(0, len(base))
                action = rng.random()
                if action < 0.4:
                    base.insert(at, rng.choice(ALPHABET))
                elif base and action < 0.8:
                    base[min(at, len(base) - 1)] = rng.choice(ALPHABET)
                elif base:
                    del base[min(at, len(base) - 1)]
            found.append("".join(base))
        else:
            found.append("".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 40))))
    return found


@pytest.mark.parametrize("kind", REGEX_KINDS, ids=lambda kind: kind.value)
def test_the_shape_function_says_what_the_pattern_says(kind: KeyKind) -> None:
    pattern = shape_pattern(kind)
    assert pattern is not None
    regex = re.compile(pattern)
    found = shape_test(kind)
    assert found is not None
    test, _ = found
    strings = _strings(20000)
    disagree = [text for text in strings if bool(test(text)) != bool(regex.fullmatch(text))]
    assert not disagree, disagree[:5]
    # The strings are not all one answer, so the comparison can fail.
    assert any(regex.fullmatch(text) for text in strings)
    assert not all(regex.fullmatch(text) for text in strings)
