"""Issue 15: the compiled index of the shipped overlays is fresh, and trusted only when fresh.

If this test fails after an overlay file was edited, rewrite the index with
``python -m txtkeys.overlays.index``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from txtkeys.overlays.files import load_overlay
from txtkeys.overlays.index import build_index, indexed_overlay, read_index, shipped_index_path
from txtkeys.overlays.locate import shipped_overlay_files
from txtkeys.schema.kinds import Origin
from txtkeys.schemaset import SchemaSet


def test_the_index_is_what_parsing_the_files_gives() -> None:
    written = read_index(shipped_index_path())
    assert written == build_index(shipped_overlay_files()), (
        "data/overlays/index.json is stale: run python -m txtkeys.overlays.index"
    )


def test_indexed_services_equal_the_parsed_ones() -> None:
    for path in shipped_overlay_files():
        parsed = load_overlay(path, origin=Origin.OVERLAY)
        indexed = indexed_overlay(path, path.read_bytes())
        assert indexed is not None, path.name
        assert len(indexed.services) == len(parsed.services)
        for mine, theirs in zip(indexed.services, parsed.services, strict=True):
            for field in ("name", "protocol", "keys", "description", "extensible", "references"):
                assert getattr(mine, field) == getattr(theirs, field), (path.name, field)
            assert [list(key) for key in mine.keys] == [list(key) for key in theirs.keys]


def test_a_changed_file_is_parsed_not_answered_from_the_index(tmp_path: Path) -> None:
    shipped = next(path for path in shipped_overlay_files() if path.name == "matter.toml")
    data = shipped.read_bytes()
    assert indexed_overlay(shipped, data) is not None
    changed = tmp_path / shipped.name
    changed.write_bytes(data + b"\n# edited\n")
    assert indexed_overlay(changed, changed.read_bytes()) is None


def test_lookups_with_the_index_match_lookups_that_parse(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from txtkeys import schemaset

    described = [
        f"{name}/{protocol}" for name, protocol in SchemaSet(env=False).described_by_overlays()
    ]
    names = ("ipp", "_matter._tcp", "_hap._tcp", "raop", "_airplay._tcp", "googlecast", "http")
    names += ("wot", "_printer._tcp", "nosuchservice", *described)
    indexed = SchemaSet(env=False)
    answers = {name: indexed.resolve(name) for name in names}
    # Every lookup above went through the index, each answered by a decoded line.
    assert all(layer._line for layer in indexed._layers), "a shipped file was parsed"
    monkeypatch.setattr(schemaset, "indexed_file", lambda path, data: None)
    parsed = SchemaSet(env=False)
    for name in names:
        mine, theirs = answers[name], parsed.resolve(name)
        assert (mine is None) == (theirs is None), name
        if mine is not None and theirs is not None:
            assert mine.note == theirs.note, name
            assert mine.sources == theirs.sources
            assert [o.summary() for o in mine.overrides] == [o.summary() for o in theirs.overrides]
    assert indexed.names() == parsed.names()
    assert indexed.described_by_overlays() == parsed.described_by_overlays()
    assert not any(layer._line for layer in parsed._layers)  # the files were parsed


def test_first_lookups_parse_no_toml() -> None:
    code = (
        "import sys, txtkeys\n"
        "for s in ('_ipp._tcp', '_matter._tcp', '_hap._tcp', '_raop._tcp', '_wot._tcp'):\n"
        "    txtkeys.validate(s, b'\\x09txtvers=1')\n"
        "print('tomllib' in sys.modules, 'txtkeys.overlays.files' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False"]


def _damaged_indexes(data: bytes) -> dict[str, bytes]:
    """The shipped index, damaged in ways a lookup must notice."""
    cut = data.index(b"\n") + 1
    table, body = json.loads(data[:cut]), data[cut:]
    spans = [span for entry in table["files"].values() for span in entry["services"]]
    first = spans[0]
    damaged = {
        "lines cut": data[: cut + 200],
        "table cut": data[: cut // 2],
        "lines shifted": data[:cut] + b"xx" + body,
        "first line dropped": data[:cut] + body[first[2] :],
        "table nested too deep": b"[" * 100_000 + b"\n" + body,
    }
    by_size: dict[int, list[Any]] = {}
    for span in spans:
        by_size.setdefault(span[2], []).append(span)
    same = next((pair for pair in by_size.values() if len(pair) >= 2), None)
    if same is not None:  # two lines of one size, swapped: both still decode
        (_, at_a, size), (_, at_b, _) = sorted(same[:2], key=lambda span: span[1])
        swapped = (
            body[:at_a]
            + body[at_b : at_b + size]
            + body[at_a + size : at_b]
            + body[at_a : at_a + size]
            + body[at_b + size :]
        )
        damaged["same-size lines swapped"] = data[:cut] + swapped
    return damaged


def test_a_damaged_index_falls_back_to_parsing(monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from txtkeys import schemaset
    from txtkeys.overlays import index

    wanted = sorted(
        {f"{name}/{protocol}" for name, protocol in SchemaSet(env=False).described_by_overlays()}
    )
    with monkeypatch.context() as patch:
        patch.setattr(schemaset, "indexed_file", lambda path, data: None)
        parsed = SchemaSet(env=False)
        expected = {name: parsed.resolve(name) for name in wanted}
    damaged = _damaged_indexes(shipped_index_path().read_bytes())
    assert len(damaged) == 6, "no two service lines of one size: the swap case is not tried"
    for why, content in damaged.items():
        path = tmp_path / f"{len(why)}.json"
        path.write_bytes(content)
        monkeypatch.setattr(index, "shipped_index_path", lambda path=path: path)
        monkeypatch.setattr(index, "_loaded", [])
        schemas = SchemaSet(env=False)
        for name in wanted:
            mine, theirs = schemas.resolve(name), expected[name]
            assert mine is not None and theirs is not None, (why, name)
            assert mine.label == theirs.label and mine.note == theirs.note, (why, name)
