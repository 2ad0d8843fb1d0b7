"""The fast paths give exactly what the slow ones give, and stay off heavy imports.

Each shortcut taken for speed (one-pass wire check with per-string memo, validators
from compiled notes, the line-searching catalogue, the C XML parse, the pydantic-free
note JSON) is compared here with the plain path it stands in for, on real data.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from txtkeys.catalogue.store import Catalogue, bundled_catalogue_path
from txtkeys.checks.rules import (
    NoteValidator,
    StringMemo,
    check_rdata,
    check_rdata_against,
    validator_for,
)
from txtkeys.checks.validate import plan_for, validate
from txtkeys.grammar.notes import note_json, parse_note
from txtkeys.report import Issue
from txtkeys.schema.models import TxtNote

HEAVY = ("pydantic", "pyparsing", "defusedxml", "txtkeys.overlays.files", "txtkeys.grammar._rules")


def _two_pass(rdata: bytes, validator: NoteValidator, label: str) -> list[Issue]:
    issues: list[Issue] = []
    validator.check(check_rdata(rdata, issues), issues, label)
    return issues


def _string(key: bytes, value: bytes | None) -> bytes:
    raw = key if value is None else key + b"=" + value
    return bytes((len(raw),)) + raw


def _records(note: TxtNote, rng: random.Random, count: int) -> list[bytes]:
    """Records mixing the note's keys, values that pass and fail, duplicates and damage."""
    keys = [k.name.encode() for k in note.keys] + [b"txtvers", b"TD", b"bad=key", b"\xff", b""]
    values: list[bytes | None] = [None, b"", b"1", b"/td", b"https", b"Thing", b"zz", b"\xff"]
    for key in note.keys:
        values.extend(c.encode() for c in key.choices)
        for text in (key.fixed, key.default, key.example):
            if text:
                values.append(text.encode())
    records = [b"", b"\x00", b"\x00\x00", b"\x05ab", b"=x".rjust(3, b"\x02")]
    for _ in range(count):
        parts = [_string(rng.choice(keys), rng.choice(values)) for _ in range(rng.randint(0, 6))]
        if rng.random() < 0.1:
            parts.insert(rng.randint(0, len(parts)), b"\x00")
        if rng.random() < 0.1:
            parts.append(b"\x09truncated")
        if rng.random() < 0.05:
            parts.append(_string(b"big", b"v" * 250) * 2)
        records.append(b"".join(parts))
    return records


def _noted_services(catalogue: Catalogue, limit: int) -> list[str]:
    services = []
    for entry in catalogue:
        if entry.note.keys and entry.protocol:
            services.append(f"{entry.name}/{entry.protocol}")
    return services[:limit]


def test_one_pass_wire_check_matches_two_passes() -> None:
    catalogue = Catalogue.bundled()
    rng = random.Random(6763)
    for service in _noted_services(catalogue, 80):
        entry = catalogue.get(service)
        assert entry is not None
        validator = validator_for(entry.note)
        memo = StringMemo()
        for rdata in _records(entry.note, rng, 40):
            expected = _two_pass(rdata, validator, service)
            for _ in range(2):  # cold memo, then warm
                got: list[Issue] = []
                check_rdata_against(rdata, got, validator, service, memo)
                assert got == expected, (service, rdata)


def test_validators_from_compiled_notes_match_the_models() -> None:
    data = json.loads(bundled_catalogue_path().read_bytes())
    rng = random.Random(14533)
    for raw in data["notes"]:
        note = TxtNote.model_validate(raw)
        compiled = NoteValidator.from_compiled(raw)
        model = NoteValidator(note)
        assert compiled.note == note
        assert [v.schema for v in compiled.keys.values()] == [v.schema for v in model.keys.values()]
        for rdata in _records(note, rng, 5):
            assert _two_pass(rdata, compiled, "s") == _two_pass(rdata, model, "s")


def test_damaged_compiled_notes_are_refused_not_guessed() -> None:
    for damaged in (
        {"status": "nope"},
        {"status": "keys", "keys": [{"name": "a", "kind": "colour"}]},
        {"status": "keys", "keys": [{"name": "a", "min_length": "5"}]},
        {"status": "keys", "keys": [{"name": "a", "unknown": 1}]},
        {"status": "keys", "extra": True},
    ):
        with pytest.raises(ValueError):
            NoteValidator.from_compiled(damaged)


def test_line_searching_catalogue_answers_like_the_parsed_one() -> None:
    path = bundled_catalogue_path()
    whole = Catalogue.load(path)
    assert len(whole) > 10_000  # parses it whole
    rng = random.Random(6335)
    names = [*rng.sample(list(whole.names), 60), "wot", "WOT", "http", "matter", "no-such-x"]
    for name in names:
        lazy = Catalogue.load(path)
        for protocol in (None, "tcp", "udp"):
            position = lazy._find(name, protocol)
            assert position == whole._find(name, protocol)
            if position is not None:
                assert lazy._compiled_note(position) == whole._compiled_note(position)
        assert lazy._lazy is not None  # answered without parsing the file whole
    for name in names:  # building entries parses it whole; they are the same entries
        assert Catalogue.load(path).get(name) == whole.get(name)


def test_note_json_is_the_model_dump(material: Path) -> None:
    from txtkeys.registry.read import read_registry

    registry = read_registry(material / "iana" / "service-names-port-numbers.xml")
    notes = {r.note for r in registry.records if r.note and r.note.strip()}
    for text in sorted(notes)[:200]:
        expected = parse_note(text).model_dump(mode="json", exclude_defaults=True)
        assert note_json(text) == expected


def test_c_parse_and_defusedxml_read_the_registry_alike(material: Path) -> None:
    from defusedxml.ElementTree import fromstring

    from txtkeys.registry import _xml as _registry_xml

    data = (material / "iana" / "service-names-port-numbers.xml").read_bytes()
    assert _registry_xml._has_no_dtd(data)
    fast = _registry_xml.read_xml(data, "x")
    slow_root = fromstring(data)
    slow = tuple(_registry_xml._record(e) for e in slow_root.iter(_registry_xml._RECORD))
    assert fast.records == slow


@pytest.mark.parametrize(
    "document",
    [
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "x">]><r/>',
        b'<?xml version="1.0" encoding="UTF-16"?><r/>',
        b"\xff\xfe<\x00r\x00/\x00>\x00",
    ],
)
def test_documents_that_could_declare_entities_go_through_defusedxml(document: bytes) -> None:
    from txtkeys.registry import _xml as _registry_xml

    assert not _registry_xml._has_no_dtd(document)


def _modules_after(code: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys; print(' '.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(done.stdout.split())


def test_check_and_validate_import_nothing_heavy() -> None:
    modules = _modules_after(
        "import txtkeys\nfrom txtkeys.cli import main\n"
        "assert main(['check', 'wot', 'td=/x']) == 0\n"
        "assert txtkeys.validate('_wot._tcp', b'\\x06td=/td').ok"
    )
    assert not [name for name in modules if name.split(".")[0] in HEAVY or name in HEAVY]


def test_compile_builds_no_pydantic_model(tmp_path: Path, material: Path) -> None:
    xml = material / "iana" / "service-names-port-numbers.xml"
    modules = _modules_after(
        "from txtkeys.cli import main\n"
        f"assert main(['compile', {str(xml)!r}, '-o', {str(tmp_path / 'c.json')!r}]) == 0"
    )
    assert "pydantic" not in modules
    assert "txtkeys.overlays.files" not in modules


def test_plans_are_reused_and_build_entries_only_on_demand() -> None:
    plan = plan_for("_wot._tcp")
    assert plan is plan_for("_wot._tcp")
    assert plan.schema is not None
    entry = plan.schema.entry
    assert entry.name == "wot"
    assert validate("_wot._tcp", b"\x06td=/td\x0cscheme=https").ok
