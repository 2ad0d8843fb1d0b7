"""Real TXT records as devices and software publish them (tests/data/realworld).

Each record carries its provenance and the verdict a careful reader gives it (the rule
cited for every expected error, the warnings that reader accepts). The corpus as a
whole must meet the bar of issue 13: no record wrongly invalid, no invalid record
passed, at most 10 warnings nobody can act on, and at least 90% of the records checked
against a key schema.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import txtkeys
from txtkeys.formats.inputs import from_entries
from txtkeys.formats.wire import TxtEntry
from txtkeys.report import Issue, Report
from txtkeys.schema.kinds import NoteStatus
from txtkeys.schemaset import SchemaSet

CORPUS = Path(__file__).resolve().parent / "data" / "realworld" / "records.jsonl"
RECORDS: list[dict[str, Any]] = [
    json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line
]
# Labels name record-level warnings by these words rather than by code.
WORDED = {
    "size>200": {"R009"},
    "size>400": {"R010"},
    "size>1300": {"R011"},
    "txtvers-not-first": {"R008"},
    "service-name": {"R013"},
}
SCHEMAS = SchemaSet(env=False)


def _bytes(value: str | dict[str, str]) -> bytes:
    return bytes.fromhex(value["hex"]) if isinstance(value, dict) else value.encode()


def _check(record: dict[str, Any]) -> Report:
    entries = [
        TxtEntry(_bytes(key), None if value is None else _bytes(value))
        for key, value in record["txt"]
    ]
    return txtkeys.validate(record["service"], from_entries(entries), schemas=SCHEMAS)


@dataclass
class Outcome:
    record: dict[str, Any]
    report: Report

    @property
    def expected(self) -> dict[str, Any]:
        return dict(self.record["expected"])

    def _masked(self, issue: Issue) -> bool:
        # values the reporter masked ('xxxx', '<removed>') say nothing about the device
        return issue.key in (self.expected.get("masked") or ())

    def errors(self) -> list[Issue]:
        return [issue for issue in self.report.errors if not self._masked(issue)]

    def wrong_warnings(self) -> Iterator[Issue]:
        accepted = set(self.expected.get("warnings_ok") or ())
        worded = set().union(*(WORDED[w] for w in accepted if w in WORDED))
        for issue in self.report.warnings:
            if issue.key in accepted or issue.code in worded or self._masked(issue):
                continue
            yield issue


OUTCOMES = [Outcome(record, _check(record)) for record in RECORDS]


def test_the_corpus_is_large_and_varied() -> None:
    services = {record["service"].lower() for record in RECORDS}
    assert len(RECORDS) >= 200 and len(services) >= 60, (len(RECORDS), len(services))
    for record in RECORDS:
        origin = record["origin"]
        assert origin.get("repo") and origin.get("path") and origin.get("kind"), record["id"]
        for error in record["expected"].get("errors", ()):
            assert error.get("rule"), f"{record['id']}: an expected error cites no rule"


@pytest.mark.parametrize("outcome", OUTCOMES, ids=[o.record["id"] for o in OUTCOMES])
def test_each_record_gets_the_careful_readers_verdict(outcome: Outcome) -> None:
    expected = outcome.expected
    errors = outcome.errors()
    if expected["valid"]:
        assert not errors, [(i.code, i.key, i.message) for i in errors]
    else:
        assert errors, f"{outcome.record['id']} is invalid but passed"
        for wanted in expected["errors"]:
            key = wanted["key"]
            name = key if isinstance(key, str) else _bytes(key).decode("ascii", "backslashreplace")
            found = {issue.key or "" for issue in errors} | {
                "" for issue in errors if issue.code in ("R004", "R016")
            }
            assert name in found or any(name and name in (issue.key or "") for issue in errors), (
                f"{outcome.record['id']}: no error on {name!r}"
            )


def test_at_most_ten_warnings_help_nobody() -> None:
    wrong = [
        (outcome.record["id"], issue.code, issue.key, issue.message)
        for outcome in OUTCOMES
        for issue in outcome.wrong_warnings()
    ]
    assert len(wrong) <= 10, wrong


def test_nine_in_ten_records_are_checked_against_a_key_schema() -> None:
    checked = 0
    unchecked = []
    for record in RECORDS:
        schema = SCHEMAS.resolve(record["service"])
        if schema is not None and schema.status is NoteStatus.KEYS:
            checked += 1
        else:
            unchecked.append(record["service"])
    share = checked / len(RECORDS)
    assert share >= 0.90, (f"{share:.1%}", sorted(set(unchecked)))
