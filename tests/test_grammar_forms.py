"""The note grammar on forms the registry does not use yet (tests/data/grammar_forms.jsonl).

Each line is a note a registrant plausibly writes, labelled by shared/labels/GUIDE.md
plus ``kinds``, ``secret`` and, for numbered key families, ``key_patterns``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from txtkeys import KeyKind, parse_note
from txtkeys.grammar.notes import note_json

FORMS = Path(__file__).parent / "data" / "grammar_forms.jsonl"
LABELS = [json.loads(line) for line in FORMS.read_text(encoding="utf-8").splitlines() if line]
# Shapes that validate alike (labels/score.py counts them as one).
SAME_SHAPE = [{"any", "text"}, {"boolean", "enum"}]


def _same_shape(got: str, want: str) -> bool:
    return got == want or any({got, want} <= pair for pair in SAME_SHAPE)


# Forms this grammar does not read yet; listed so a fix shows up as XPASS.
# 204: choices closing a prose clause ("`c` the channel, stable or beta") are not read: a
# trailing "x or y" is as often a description ("name, host or IP") as a list of values.
# 277: a two-item placeholder list without "or" ("<auto, manual>") is not read as choices:
# "<lat, lon>" and "<host, port>" look the same.
KNOWN_MISSES: set[int] = {204, 277}


@pytest.mark.parametrize("label", LABELS, ids=lambda d: f"form{d['id']}")
def test_form_reads_as_labelled(label: dict[str, Any]) -> None:
    if label["id"] in KNOWN_MISSES:
        pytest.xfail("a form the grammar does not read yet")
    note = parse_note(label["note"])
    assert note.status == label["status"]
    assert [k.name for k in note.keys] == label["keys"]
    assert note.extensible == label["extensible"]
    for name, facets in label["facets"].items():
        key = note.key(name)
        assert key is not None
        for attr in ("choices", "default", "fixed"):
            if attr in facets:
                got = getattr(key, attr)
                want = facets[attr]
                if attr == "choices":
                    got, want = sorted(got), sorted(str(w) for w in want)
                assert got == want, (name, attr)
    for name, kind in label.get("kinds", {}).items():
        key = note.key(name)
        assert key is not None, name
        assert _same_shape(str(key.kind), kind), (name, key.kind, kind)
    assert sorted(k.name for k in note.keys if k.secret) == sorted(label["secret"])
    for name, pattern in label.get("key_patterns", {}).items():
        assert note_json(label["note"])["keys"][label["keys"].index(name)]["key_pattern"] == pattern


@pytest.mark.parametrize(
    ("text", "name", "members", "strangers"),
    [
        ("Defined TXT keys: sys, dkX", "dkX", ["dk0", "dk1", "dk17"], ["dk", "dkX", "sys"]),
        ("Defined TXT keys: c0, c1, ..., cn", "cn", ["c0", "c9", "c42"], ["c", "cx"]),
        ("Defined TXT keys: slot<n>=<label>", "slot<n>", ["slot1", "slot12"], ["slot"]),
        ("Defined TXT keys: portN=<port of output N>", "portN", ["port0", "port8"], ["port"]),
    ],
)
def test_key_families_match_their_numbered_keys(
    text: str, name: str, members: list[str], strangers: list[str]
) -> None:
    keys = {k["name"]: k for k in note_json(text)["keys"]}
    pattern = re.compile(keys[name]["key_pattern"])
    assert all(pattern.fullmatch(m) for m in members)
    assert not any(pattern.fullmatch(s) for s in strangers)


@pytest.mark.parametrize(
    ("text", "name", "kind", "facets"),
    [
        ("Defined TXT keys: dim=<0-255>", "dim", KeyKind.INTEGER, {"minimum": 0, "maximum": 255}),
        ("Defined TXT keys: to=<seconds>", "to", KeyKind.INTEGER, {}),
        ("Defined TXT keys: n=<number of channels>", "n", KeyKind.INTEGER, {}),
        ("Defined TXT keys: gw=<IPv4 address>", "gw", KeyKind.IP, {}),
        ("Defined TXT keys: l=<up to 63 bytes of UTF-8>", "l", KeyKind.TEXT, {"max_length": 63}),
        ("Defined TXT keys: fp=<64 hex characters>", "fp", KeyKind.HEX, {"max_length": 64}),
        ("Defined TXT keys: lit=T or F", "lit", KeyKind.BOOLEAN, {"choices": ("T", "F")}),
        ("Defined TXT keys: ready=true/false", "ready", KeyKind.BOOLEAN, {}),
        ("Defined TXT keys: Password=true|false", "Password", KeyKind.BOOLEAN, {"secret": False}),
        ("Defined TXT keys: tk=<access token>", "tk", KeyKind.TEXT, {"secret": True}),
        ("Defined TXT keys: id, debug (flag, no value)", "debug", KeyKind.FLAG, {}),
        ("Defined TXT keys: api=<base URL>", "api", KeyKind.URL, {}),
        ("Defined TXT keys: root=<absolute pathname>", "root", KeyKind.PATH, {}),
        ("Defined TXT keys: h=<host name of the broker>", "h", KeyKind.HOST, {}),
        ("Defined TXT keys: txtvers", "txtvers", KeyKind.ANY, {}),
    ],
)
def test_kinds_come_from_what_the_note_says(
    text: str, name: str, kind: KeyKind, facets: dict[str, Any]
) -> None:
    key = parse_note(text).key(name)
    assert key is not None
    assert key.kind is kind
    assert {attr: getattr(key, attr) for attr in facets} == facets
