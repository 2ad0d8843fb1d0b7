"""Issue 15: the fast paths of ``validate`` give exactly what the general path gives.

The general path reads a record into pairs (``as_txt_input``), runs the RFC rules
(``check_rfc``) and then the schema rules (``NoteValidator.check``), with no memo.
The fast paths (wire RDATA in one pass with the bounded string and key memo, a
mapping read in one loop and checked in one pass, the misspelling index) must give
the same issues, messages and order, on generated records of many services, with a
cold memo, a warm one and one small enough to turn over. Hypothesis checks that
validate never raises on any bytes or mapping.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from txtkeys.checks.rules import (
    StringMemo,
    _edit_distance,
    _misspelling_of,
    _NearIndex,
    _one_edit,
    _within,
    check_instance_name,
    check_pairs_against,
    check_rdata,
    check_rdata_against,
    check_rfc,
)
from txtkeys.checks.validate import plan_for, validate
from txtkeys.formats.inputs import as_txt_input
from txtkeys.report import Issue, Report, Severity

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import floor
import workload


def _general(service: str, txt: object) -> list[Issue]:
    """The general path: read, RFC rules, schema rules; no memo anywhere."""
    plan = plan_for(service)
    issues = list(plan.issues)
    if isinstance(txt, bytes):  # RDATA: the wire reader's RFC pass (record findings last)
        firsts = check_rdata(txt, issues)
    else:
        record = as_txt_input(txt)
        firsts = check_rfc(
            record.pairs,
            record.size,
            issues,
            truncated_at=record.truncated_at,
            empty_rdata=record.empty_rdata,
            empty_strings=record.empty_strings,
        )
    if plan.validator is not None:
        label = plan.label or "the service"
        plan.validator.unknown_memo.clear()
        plan.validator.check(firsts, issues, label)
    return issues


@pytest.fixture(scope="module")
def records() -> list[workload.Record]:
    services = workload.rich_services(40)
    return workload.generate(services, 3000, seed=15)


def _mapping(rdata: bytes) -> dict[bytes, bytes | None]:
    """What zeroconf's ``ServiceInfo.properties`` makes of RDATA: first of each key kept."""
    found: dict[bytes, bytes | None] = {}
    split = as_txt_input(rdata)
    for entry in split.entries:
        if entry.key not in found:
            found[entry.key] = entry.value
    return found


def test_wire_fast_path_matches_the_general_path(records: list[workload.Record]) -> None:
    for memo_limit in (None, 7):
        memos: dict[str, StringMemo] = {}
        for turn in range(2):  # cold memo, then warm
            for record in records:
                plan = plan_for(record.service)
                validator = plan.validator
                assert validator is not None
                memo = memos.setdefault(
                    record.service, StringMemo() if memo_limit is None else StringMemo(memo_limit)
                )
                got = list(plan.issues)
                check_rdata_against(record.rdata, got, validator, plan.label or "", memo)
                expected = _general(record.service, record.rdata)
                assert got == expected, (record.service, record.rdata, turn)
    for record in records[:500]:  # and through validate itself
        assert list(validate(record.service, record.rdata).issues) == _general(
            record.service, record.rdata
        )


def test_bench_floors_reach_validates_verdict(records: list[workload.Record]) -> None:
    """bench/'s floors time only what reaches the same verdict: held to it here too."""
    schemas = floor.schemas(workload.rich_services(40))
    invalid = 0
    for record in records:
        schema = schemas[record.service]
        ok = validate(record.service, record.rdata).ok
        invalid += not ok
        assert floor.verdict(record.rdata, schema) == ok, record
        assert floor.valid(record.rdata, schema) == ok, record
    assert 0 < invalid < len(records)  # both verdicts are met


def test_the_verdict_comes_first_and_matches_the_findings(records: list[workload.Record]) -> None:
    """``ok`` is answered by the errors-only walk before any finding is listed; it is
    the verdict the listed findings give, on the wire and for mappings, with or
    without an instance name, and the findings are listed once."""
    invalid = 0
    for record in records:
        mapping = _mapping(record.rdata)
        for txt, instance in ((record.rdata, None), (mapping, None), (record.rdata, "Lamp\x01")):
            report = validate(record.service, txt, instance=instance)
            assert report._issues is None  # nothing listed yet
            ok = report.ok
            first = list(plan_for(record.service).issues)
            if instance is not None:
                check_instance_name(instance, first)
            general = _general(record.service, txt)
            expected = first + general[len(plan_for(record.service).issues) :]
            assert ok == _verdict(expected), (record.service, txt, instance)
            assert report.issues is report.issues  # listed once, then kept
            assert list(report.issues) == expected
            invalid += not ok
    assert 0 < invalid < 3 * len(records)


def test_a_report_pickles_and_copies_with_its_findings() -> None:
    import copy
    import pickle

    for txt in (b"\x05td=/x\x04td=y\x03a\xffb", {"td": "/x", "Scheme": "ftp"}):
        report = validate("_wot._tcp", txt)
        for twin in (pickle.loads(pickle.dumps(report)), copy.copy(report)):
            assert twin.issues == report.issues and twin.issues
            assert (twin.ok, twin.service) == (report.ok, report.service)


def test_each_keys_acceptance_is_its_checks_verdict() -> None:
    """Every key of every note in the catalogue and the shipped overlays: its verdict
    test passes exactly the values its full check finds no error in (bare, empty,
    choices, fixed, deprecated, near and far values, numbers at and past the range,
    hex, non-UTF-8 bytes)."""
    from txtkeys.catalogue.store import Catalogue
    from txtkeys.checks.rules import validator_for
    from txtkeys.errors import UnknownServiceError
    from txtkeys.schemaset import default_schemas

    validators = [validator_for(entry.note) for entry in Catalogue.bundled()]
    for name in default_schemas().names():  # the merged schemas: overlays on the registry
        try:
            validator = plan_for(name).validator
        except UnknownServiceError:  # a registry name DNS-SD cannot carry, read above
            continue
        if validator is not None:
            validators.append(validator)
    checked = 0
    seen_kinds = set()
    for validator in validators:
        name = validator.status
        for key in [*validator.keys.values(), *(v for _, v in validator.families)]:
            facts = key.facts
            values: list[bytes | None] = [None, b"", b"1", b"0", b"-1", b"x" * 300, b"\xff\xfe"]
            values += [b"abc", b"ABC", b"00:11:22:33:44:55", b"10.0.0.1", b"https://a.b/c", b"/p"]
            values += [b"1.2.3", b"true", b"T", b"99999999999999999999999", b"0a1B", b"g1"]
            values += [b"0c4de9f2-5a0e-4a8b-9c1d-2e3f4a5b6c7d", b"host.local"]
            for text in (*facts.choices, facts.fixed, facts.default, facts.example):
                if text:
                    values += [text.encode(), text.encode().upper(), text.encode() + b"x"]
            values += [value.encode() for value, _ in facts.deprecated]
            for bound in (facts.minimum, facts.maximum):
                if bound is not None:
                    values += [str(int(bound) + step).encode() for step in (-1, 0, 1)]
            for length in (facts.min_length, facts.max_length):
                if length is not None:
                    values += [b"a" * max(length + step, 0) for step in (-1, 0, 1)]
            accepts = key.acceptance()
            for value in values:
                found: list[Issue] = []
                key.check(facts.name.encode(), value, found)
                want = _verdict(found)
                got = True if accepts is None else accepts(value)
                assert got == want, (name, facts.name, value, found)
                checked += 1
            seen_kinds.add(facts.kind)
    assert checked > 10_000 and len(seen_kinds) >= 8


def test_mapping_fast_path_matches_the_general_path(records: list[workload.Record]) -> None:
    for record in records:
        mapping = _mapping(record.rdata)
        expected = _general(record.service, mapping)
        assert list(validate(record.service, mapping).issues) == expected, record
        as_text = {
            key.decode("latin-1"): value.decode("utf-8", "replace") if value else value
            for key, value in mapping.items()
        }
        assert list(validate(record.service, as_text).issues) == _general(record.service, as_text)


def test_mapping_fast_path_keeps_the_readers_rules() -> None:
    odd = {
        "txtvers": "1",
        b"TXTVERS": b"2",
        "flag": True,
        "gone": False,
        "n": 5,
        "=x": "y",
        "": "v",
        "big": "v" * 300,
    }
    for service in ("_ipp._tcp", "_wot._tcp", "_no-such-service-x._tcp", None):
        plain = {k: v for k, v in odd.items() if k != "n"}
        for mapping in (odd, plain):
            got = list(validate(service, mapping).issues)
            if service is None:
                record = as_txt_input(mapping)
                expected: list[Issue] = []
                check_rfc(record.pairs, record.size, expected)
            else:
                expected = _general(service, mapping)
            assert got == expected, (service, mapping)


def test_pairs_one_pass_matches_two_passes(records: list[workload.Record]) -> None:
    for record in records[:1000]:
        plan = plan_for(record.service)
        assert plan.validator is not None
        pairs = as_txt_input(_mapping(record.rdata)).pairs
        size = sum(1 + len(k) + (0 if v is None else 1 + len(v)) for k, v in pairs) or 1
        got: list[Issue] = []
        check_pairs_against(pairs, size, got, plan.validator, plan.label or "", memo=StringMemo(3))
        expected: list[Issue] = []
        plan.validator.check(check_rfc(pairs, size, expected), expected, plan.label or "")
        assert got == expected


def test_memo_is_bounded_and_keeps_what_comes_back() -> None:
    memo = StringMemo(limit=8)
    plan = plan_for("_ipp._tcp")
    assert plan.validator is not None
    for number in range(100):
        issues: list[Issue] = []
        rdata = bytes([9]) + b"rp=q%05d" % number + bytes([9]) + b"txtvers=1"
        check_rdata_against(rdata, issues, plan.validator, "ipp", memo)
    assert len(memo) <= 16
    assert len(memo.keys) + len(memo.old_keys) <= 16
    assert b"txtvers=1" in memo.strings or b"txtvers=1" in memo.old_strings


@pytest.mark.parametrize("alphabet", ["abcdefgh-_0", "abcdefghijklmnopqrstuvwxyz0123456789-_"])
def test_misspelling_index_answers_like_the_plain_loop(alphabet: str) -> None:
    rng = random.Random(118)
    for _ in range(300):
        defined = [
            "".join(rng.choices(alphabet, k=rng.randint(1, 11))) for _ in range(rng.randint(1, 12))
        ]
        index = _NearIndex(defined)
        for _ in range(20):
            base = rng.choice(defined)
            name = list(base)
            for _ in range(rng.randint(0, 3)):
                at = rng.randrange(len(name) + 1)
                choice = rng.random()
                if choice < 0.3 and at < len(name):
                    name[at] = rng.choice(alphabet)
                elif choice < 0.6:
                    name.insert(at, rng.choice(alphabet))
                elif choice < 0.8 and at < len(name):
                    del name[at]
                elif at + 1 < len(name):
                    name[at], name[at + 1] = name[at + 1], name[at]
            text = "".join(name) or "x"
            assert index.misspelling_of(text) == _misspelling_of(text, defined), (text, defined)


def test_bounded_distances_match_the_table() -> None:
    import itertools

    words = ["".join(p) for n in range(6) for p in itertools.product("abc", repeat=n)]
    for a in words:
        for b in words:
            distance = _edit_distance(a, b, 3)
            assert _one_edit(a, b) == min(distance, 2)
            for limit in (0, 1, 2):
                assert _within(a, b, limit) == (distance <= limit), (a, b, limit)


def test_issue_keeps_its_public_shape() -> None:
    issue = Issue(Severity.ERROR, "R001", None, "cut short")
    same = Issue(severity=Severity.ERROR, code="R001", key=None, message="cut short")
    assert issue == same and hash(issue) == hash(same)
    assert issue != Issue(Severity.WARNING, "R001", None, "cut short")
    assert (issue.severity, issue.code, issue.key, issue.message) == (
        Severity.ERROR,
        "R001",
        None,
        "cut short",
    )
    assert issue.to_dict() == {
        "severity": "error",
        "code": "R001",
        "key": None,
        "message": "cut short",
    }
    assert repr(issue).startswith("Issue(severity=<Severity.ERROR: 'error'>, code='R001'")
    with pytest.raises(AttributeError):
        issue.code = "R002"  # type: ignore[misc]
    import pickle

    assert pickle.loads(pickle.dumps(issue)) == issue


_KEYS = st.one_of(
    st.sampled_from([b"txtvers", b"rp", b"ty", b"pdl", b"TD", b"td", b"adminurl", b"note"]),
    st.binary(max_size=12),
)
_VALUES = st.one_of(st.none(), st.binary(max_size=40), st.sampled_from([b"1", b"T", b"", b"\xff"]))
_SERVICES = st.sampled_from(
    [
        "_ipp._tcp",
        "_wot._tcp",
        "_matter._tcp",
        "_hap._tcp",
        "_raop._tcp",
        "nosuchthing",
        "_http._udp",
    ]
)


def _verdict(issues: list[Issue]) -> bool:
    return not any(issue.severity is Severity.ERROR for issue in issues)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(service=_SERVICES, rdata=st.binary(max_size=300))
def test_validate_never_raises_on_bytes(service: str, rdata: bytes) -> None:
    report = validate(service, rdata)
    assert isinstance(report, Report)
    ok = report.ok  # the verdict, answered before any finding is listed
    expected = _general(service, rdata)
    assert list(report.issues) == expected
    assert ok == _verdict(expected)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    service=_SERVICES,
    pairs=st.lists(st.tuples(_KEYS, _VALUES), max_size=12),
)
def test_validate_never_raises_on_records_of_pairs(
    service: str, pairs: list[tuple[bytes, bytes | None]]
) -> None:
    strings = [k if v is None else k + b"=" + v for k, v in pairs]
    rdata = b"".join(bytes((len(s),)) + s for s in strings if len(s) < 256)
    mapping = dict(pairs)
    for txt in (rdata, mapping):
        report = validate(service, txt)
        ok = report.ok
        expected = _general(service, txt)
        assert list(report.issues) == expected
        assert ok == _verdict(expected), (service, txt)


def _hits(found: list[object]) -> list[tuple[object, ...]]:
    return [
        (
            hit.name,
            hit.protocol,
            hit.description,
            tuple(k.name for k in hit.keys),
            hit.service_matched,
        )  # type: ignore[attr-defined]
        for hit in found
    ]


def test_search_reads_only_rows_that_may_match_and_misses_none() -> None:
    """``search`` decodes only the rows whose bytes may hold the needle; the hits are
    exactly those of a search over every decoded row, for words from the file itself,
    words of any case, words JSON escapes and letters past ASCII."""
    from txtkeys.schemaset import SchemaSet

    whole = SchemaSet(env=False)
    whole.catalogue._rows  # noqa: B018 - decodes every row: the reference search
    text = SchemaSet(env=False).catalogue._lazy.text[:].decode()  # type: ignore[union-attr]
    rng = random.Random(6763)
    needles = ["password", "PassWord", "zigbee", "txtvers", "u=", "<", "K", "İ", "é", "\\", '"']
    needles += ["null", "],", "0]", "x y"]
    for _ in range(40):
        at = rng.randrange(len(text) - 8)
        needles.append(text[at : at + rng.randint(2, 8)])
    narrowed = 0
    for needle in needles:
        fresh = SchemaSet(env=False)
        narrowed += fresh.catalogue.rows_mentioning(needle.strip().lower()) is not None
        assert _hits(fresh.search(needle)) == _hits(whole.search(needle)), needle
    assert narrowed >= 30  # the narrowing was really used, not the full walk


def test_names_and_did_you_mean_leave_the_catalogue_undecoded() -> None:
    """An unknown service's "did you mean" reads names from the rows' bytes: the
    catalogue stays undecoded (a whole decode costs an auditor ~6 MiB), with the same
    names and suggestions as the decoded catalogue."""
    from txtkeys.catalogue.store import Catalogue, bundled_catalogue_path

    lazy = Catalogue.load(bundled_catalogue_path())
    whole = Catalogue.load(bundled_catalogue_path())
    whole._rows  # noqa: B018 - decodes every row
    assert lazy.suggest("babel") == whole.suggest("babel")
    assert lazy.names == whole.names
    assert len(lazy) == len(whole)
    assert lazy._lazy is not None


def test_a_mapped_catalogue_answers_as_read_bytes_and_survives_a_rewrite(tmp_path: Path) -> None:
    """The bundled catalogue and the user cache are mapped, not copied, on POSIX;
    lookups answer as from the file's bytes, a writer replacing the file by rename (as
    compile and update do) leaves the mapped catalogue whole, and it still pickles."""
    import json
    import mmap
    import os
    import pickle
    import shutil

    from txtkeys._io import map_capped
    from txtkeys.catalogue.store import Catalogue, bundled_catalogue_path

    path = tmp_path / "catalogue.json"
    shutil.copyfile(bundled_catalogue_path(), path)
    mapped = map_capped(path, 1 << 26, "catalogue file")
    if os.name == "posix":
        assert isinstance(mapped, mmap.mmap)
        assert isinstance(Catalogue.bundled()._lazy.text, mmap.mmap)  # type: ignore[union-attr]
    assert mapped[:] == path.read_bytes()
    empty = tmp_path / "empty"
    empty.write_bytes(b"")
    assert map_capped(empty, 10, "file") == b""  # nothing to map: the bytes
    assert isinstance(Catalogue.load(path)._lazy.text, bytes)  # type: ignore[union-attr]

    reference = Catalogue.from_compiled(json.loads(path.read_bytes()), path=None)
    catalogue = Catalogue.load(path, mapped=True)
    spare = tmp_path / "spare.json"
    spare.write_bytes(b"{}")
    os.replace(spare, path)
    for name in ("wot", "http", "ipp", "airplay", "_hap._udp", "babel/udp"):
        assert catalogue.get(name) == reference.get(name), name
        assert catalogue._lazy is not None  # each answered from its lines, not a decode
    assert catalogue.suggest("babel") == reference.suggest("babel")
    copied = pickle.loads(pickle.dumps(catalogue))
    assert copied.get("wot") == reference.get("wot")


def _rewritten_catalogue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **patches: object
) -> Path:
    """The bundled catalogue written again by ``dumps_catalogue`` with ``patches`` to the
    writer's module: a file in the indexed layout, escaped or spaced in other ways."""
    import json

    from txtkeys.catalogue import compile as writer
    from txtkeys.catalogue.layout import INDEX_FIELDS
    from txtkeys.catalogue.store import bundled_catalogue_path

    data = json.loads(bundled_catalogue_path().read_bytes())
    for field in INDEX_FIELDS:
        data.pop(field, None)
    with monkeypatch.context() as patched:
        for name, value in patches.items():
            patched.setattr(writer, name, value)
        text = writer.dumps_catalogue(data)
    path = tmp_path / "catalogue.json"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("form", ["escaped slashes", "spaced rows"])
def test_search_misses_nothing_in_files_written_another_way(
    form: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """JSON may write ``/`` as ``\\/``, and a row line with other spacing ends in a way
    the narrowing cannot read: either way every hit a full walk finds is found."""
    import json

    from txtkeys.catalogue.store import Catalogue
    from txtkeys.schemaset import SchemaSet

    if form == "escaped slashes":
        plain = json.encoder.encode_basestring  # type: ignore[attr-defined]
        patch = {"_encode_string": lambda text: plain(text).replace("/", "\\/")}
        needles = ["c/ho", "/", "tcp/ip", "password"]
    else:
        patch = {"_entry_line": lambda row, compact: json.dumps(row, ensure_ascii=False)}
        needles = ["txtvers", "password", "printer", "zigbee"]
    path = _rewritten_catalogue(tmp_path, monkeypatch, **patch)
    whole = Catalogue.load(path)
    whole._rows  # noqa: B018 - decodes every row
    for needle in needles:
        lazy = Catalogue.load(path, verify=True)
        assert lazy._lazy is not None  # the indexed layout: the narrowing is asked
        found = SchemaSet(lazy, env=False).search(needle)
        assert _hits(found) == _hits(SchemaSet(whole, env=False).search(needle)), needle


def test_a_bad_pattern_is_reported_when_its_key_comes() -> None:
    """A key's pattern is compiled on the key's first value; a pattern that is no regular
    expression (only an API-built schema can hold one: overlay files are checked when
    read) is an OverlayError naming the key, then and every later time."""
    from txtkeys.checks.rules import KeyValidator
    from txtkeys.errors import OverlayError
    from txtkeys.schema.fields import KeyFacts

    good = KeyValidator(KeyFacts({"name": "id", "kind": "text", "pattern": "[a-z]+"}))
    assert good.pattern is not None and good.pattern("abc") and not good.pattern("ABC")
    bad = KeyValidator(KeyFacts({"name": "id", "kind": "text", "pattern": "[a-z"}))
    for _ in range(2):
        with pytest.raises(OverlayError, match="'id' has pattern"):
            bad.check(b"id", b"abc", [])


def test_header_tables_read_as_bytes_or_by_json_alike(tmp_path: Path) -> None:
    """The header's hex tables are cut out as bytes when on lines of their own, as the
    writer puts them; written any other way JSON reads them: the answers are the same."""
    from txtkeys.catalogue.store import Catalogue, bundled_catalogue_path

    text = bundled_catalogue_path().read_bytes()
    spaced = tmp_path / "spaced.json"
    spaced.write_bytes(text.replace(b'\n"row_offsets":"', b'\n"row_offsets": "', 1))
    cut, read = Catalogue.load(bundled_catalogue_path(), verify=True), Catalogue.load(spaced)
    assert isinstance(cut._lazy.row_offsets, bytes)  # type: ignore[union-attr]
    assert isinstance(read._lazy.row_offsets, str)  # type: ignore[union-attr]
    assert cut.header == read.header
    for name in ("wot", "ipp", "_hap._udp", "babel/udp", "http"):
        assert cut.get(name) == read.get(name), name


def test_a_bad_pattern_fails_at_validate_not_when_findings_are_read() -> None:
    """The verdict compiles every pattern of the service's keys: a schema whose pattern
    is no regular expression fails in ``validate`` itself, whatever the record (a value
    that already fails its range, a lenient key), never later in ``.issues``."""
    from txtkeys import Catalogue, KeySchema, NoteStatus, SchemaSet, TxtNote
    from txtkeys.catalogue.store import CatalogueEntry
    from txtkeys.errors import OverlayError

    for key in (
        KeySchema(name="n", kind="integer", maximum=3, pattern="([0-9]", origin="user"),
        KeySchema(name="n", kind="text", pattern="([0-9]", lenient=True, origin="user"),
    ):
        note = TxtNote(status=NoteStatus.KEYS, keys=(key,))
        catalogue = Catalogue.from_entries([CatalogueEntry("myco", "tcp", 1234, note=note)])
        schemas = SchemaSet(catalogue, shipped=False, env=False)
        for record in (b"\x04n=10", b"\x03n=x", b"\x00", {"n": "10"}):
            with pytest.raises(OverlayError, match="'n' has pattern"):
                validate("_myco._tcp", record, schemas=schemas)


def test_findings_are_listed_once_across_threads_and_can_be_set() -> None:
    import threading

    records = [b"\x05td=/x\x04td=y\x07Scheme=ftp\x03a\xffb"] * 50
    for rdata in records:
        report = validate("_wot._tcp", rdata)
        seen: list[tuple[Issue, ...]] = []

        def read(report: Report = report, seen: list[tuple[Issue, ...]] = seen) -> None:
            seen.append(report.issues)

        threads = [threading.Thread(target=read) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(seen) == 4 and all(found is seen[0] for found in seen) and seen[0]
    report = validate("_wot._tcp", records[0])
    assert not report.ok
    report.issues = ()
    assert report.issues == () and report.ok
