"""``validate`` never raises for any bytes or mapping, whatever service is named.

Every service with a key list (registry notes and overlays) gets records made of its
own key names with generated values (empty, cut short, huge numbers, non-UTF-8, ...),
as wire bytes and as a mapping; the only outcome allowed is a report.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import txtkeys
from txtkeys.formats.wire import TxtEntry, encode
from txtkeys.report import Report
from txtkeys.schema.kinds import NoteStatus
from txtkeys.schemaset import SchemaSet

SCHEMAS = SchemaSet(env=False)


def _services() -> list[tuple[str, tuple[str, ...]]]:
    found: dict[str, tuple[str, ...]] = {}
    for position, _, note in SCHEMAS.catalogue.note_rows():
        if note.get("status") != NoteStatus.KEYS.value:
            continue
        name, protocol = SCHEMAS.catalogue.row_facts(position)[:2]
        keys = tuple(key["name"] for key in note.get("keys", ()))
        found.setdefault(f"{name}/{protocol or 'tcp'}", keys)
    for name, protocol in SCHEMAS.described_by_overlays():
        schema = SCHEMAS.resolve(f"{name}/{protocol}")
        assert schema is not None
        found[f"{name}/{protocol}"] = tuple(key.name for key in schema.keys)
    return sorted(found.items())


SERVICES = _services()

VALUES = st.one_of(
    st.none(),
    st.just(b""),
    st.sampled_from([b"0", b"-1", b"+7", b"9" * 300, b"1e9", b"nan", b"\xff\xfe", b"\x00", b"=="]),
    st.binary(max_size=40),
    st.text(max_size=20).map(lambda text: text.encode("utf-8", "surrogatepass")),
)


def test_there_are_many_services_to_try() -> None:
    assert len(SERVICES) > 300


@pytest.mark.parametrize(("service", "keys"), SERVICES, ids=[s for s, _ in SERVICES])
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_validate_returns_a_report(
    service: str, keys: tuple[str, ...], data: st.DataObject
) -> None:
    names = data.draw(st.lists(st.sampled_from(keys or ("k",)), max_size=6)) if keys else []
    values = [data.draw(VALUES) for _ in names]
    entries = [TxtEntry(name.encode(), value) for name, value in zip(names, values, strict=True)]
    try:
        rdata = encode(entries)
    except ValueError:  # a string over 255 bytes: send the raw bytes as they would be cut
        rdata = b"".join(bytes((len(e.raw) % 256,)) + e.raw for e in entries)
    cut = data.draw(st.integers(min_value=0, max_value=len(rdata)))
    for record in (rdata, rdata[:cut], dict(zip(names, values, strict=True))):
        report = txtkeys.validate(service, record, schemas=SCHEMAS)
        assert isinstance(report, Report)
        assert report.ok == (not report.errors)  # the findings are listed, and agree


@pytest.mark.parametrize("value", [b"", b"9" * 5000, b"-", b"+", b"\xff"])
def test_an_integer_key_with_a_range_takes_any_value(value: bytes) -> None:
    # the registry's moodring note: mood is an integer 0..4
    for record in (b"\x05mood=" + value[:200], {b"mood": value}, {"mood": value.decode("latin-1")}):
        report = txtkeys.validate("_moodring._tcp", record)
        assert isinstance(report, Report)
        assert report.ok == (not report.errors)
