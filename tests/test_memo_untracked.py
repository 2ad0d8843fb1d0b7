"""Issue 15: the per-service memos hold nothing the cyclic collector must walk.

A memo of live ``Issue`` objects (tuple subclasses, always tracked) made each full
collection walk every finding ever kept: 330 ms per collection after 50,000 records.
The memos keep findings as plain tuples of strings and ints, which the collector
stops tracking once it has seen them.
"""

from __future__ import annotations

import gc

import txtkeys
from txtkeys.checks.validate import plan_for
from txtkeys.formats.wire import TxtEntry, encode


def _record(index: int) -> bytes:
    entries = [
        TxtEntry(b"txtvers", b"1"),
        TxtEntry(b"td", b"/td" if index % 2 else b"td"),  # a wrong path half the time
        TxtEntry(b"type", b"Thing" if index % 3 else b"Gadget"),  # a wrong choice
        TxtEntry(b"scheme", b"https"),
        TxtEntry(b"vendor%d" % (index % 97), b"x"),  # keys the schema does not know
        TxtEntry(b"b\xffad", None),  # a key with bytes RFC 6763 forbids
    ]
    return encode(entries)


def test_memo_entries_are_not_tracked_by_the_collector() -> None:
    schemas = txtkeys.SchemaSet(env=False)
    findings = set()
    for index in range(600):
        report = txtkeys.validate("_wot._tcp", _record(index), schemas=schemas)
        findings.update(report.codes())
    # The records drew findings of every memo path: RFC, unknown key, wrong value.
    assert {"R005", "S101", "S104"} <= findings, findings
    memo = plan_for("_wot._tcp", schemas).memo
    kept = [*memo.strings.values(), *memo.old_strings.values()]
    kept += [*memo.keys.values(), *memo.old_keys.values()]
    assert len(kept) > 100
    with_findings = [entry for entry in kept if any(part for part in entry[2:] if part)]
    assert with_findings, "no kept entry holds a finding: the test checks nothing"
    # A tuple is untracked once its items are; an entry nests three levels (entry,
    # findings, finding), so a long-lived entry is free after at most three passes.
    for _ in range(3):
        gc.collect()
    tracked = [entry for entry in kept if gc.is_tracked(entry)]
    assert not tracked, tracked[:3]
