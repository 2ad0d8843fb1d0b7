"""Every check code fires on the record it describes, and only there; docs list them all."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from txtkeys.catalogue.store import Catalogue, CatalogueEntry
from txtkeys.checks.rules import CHECKS, validator_for
from txtkeys.checks.validate import validate
from txtkeys.errors import UnknownServiceError
from txtkeys.formats.wire import TxtEntry, encode
from txtkeys.report import Report, Severity
from txtkeys.schema.models import KeyKind, KeySchema, NoteStatus, TxtNote
from txtkeys.schemaset import SchemaSet

DOCS = Path(__file__).resolve().parents[1] / "docs" / "checks.md"


def _wot_note(schemes: tuple[str, ...]) -> TxtNote:
    # What the registry's wot/tcp and wot/udp notes define (RFC 7595 schemes, defaults).
    return TxtNote(
        status=NoteStatus.KEYS,
        keys=(
            KeySchema(name="td", kind=KeyKind.PATH),
            KeySchema(
                name="type", kind=KeyKind.ENUM, choices=("Thing", "Directory"), default="Thing"
            ),
            KeySchema(name="scheme", kind=KeyKind.ENUM, choices=schemes, default=schemes[0]),
        ),
    )


def _hex40(name: str) -> KeySchema:
    return KeySchema(
        name=name, kind=KeyKind.HEX, min_length=40, max_length=40, placeholder="40hex characters"
    )


def make_catalogue() -> Catalogue:
    """A small catalogue whose notes restate registry facts, plus a made-up test service."""
    lab = TxtNote(
        status=NoteStatus.KEYS,
        keys=(
            KeySchema(name="txtvers", kind=KeyKind.INTEGER, fixed="1"),
            KeySchema(name="id", kind=KeyKind.TEXT, optional=False),
            KeySchema(name="pw", kind=KeyKind.TEXT, secret=True),
            KeySchema(name="ro", kind=KeyKind.FLAG),
            KeySchema(name="n", kind=KeyKind.INTEGER, minimum=1, maximum=8),
            KeySchema(name="mac", kind=KeyKind.MAC),
            KeySchema(name="uid", kind=KeyKind.UUID),
            KeySchema(name="code", kind=KeyKind.TEXT, pattern=r"[A-Z]{3}"),
            KeySchema(name="blob", kind=KeyKind.BINARY, max_length=4),
            KeySchema(name="any"),
        ),
    )
    return Catalogue.from_entries(
        [
            CatalogueEntry("wot", "tcp", 8888, note=_wot_note(("http", "https", "coap+tcp"))),
            CatalogueEntry("wot", "udp", 8888, note=_wot_note(("coap", "coaps"))),
            CatalogueEntry(
                "jnx-kcsync",
                "tcp",
                None,
                note=TxtNote(
                    status=NoteStatus.KEYS, keys=(_hex40("hash"), _hex40("salt"), _hex40("uuid"))
                ),
            ),
            CatalogueEntry("distcc", "tcp", 3632, note=TxtNote(status=NoteStatus.NONE)),
            CatalogueEntry(
                "ipp",
                "tcp",
                631,
                note=TxtNote(status=NoteStatus.REFERENCE, references=("BonjourPrinting.pdf",)),
            ),
            CatalogueEntry(
                "open",
                "tcp",
                None,
                note=TxtNote(status=NoteStatus.KEYS, keys=(KeySchema(name="a"),), extensible=True),
            ),
            CatalogueEntry("txtlab", "tcp", None, note=lab),
        ]
    )


CAT = make_catalogue()


def codes(report: Report) -> list[str]:
    return report.codes()


# The registry layer alone: these tests are about the rules, not the shipped overlays.
REGISTRY_ONLY = SchemaSet(CAT, shipped=False, env=False)


def check(service: str | None, txt: object, **kw: object) -> Report:
    return validate(service, txt, schemas=REGISTRY_ONLY, **kw)  # type: ignore[arg-type]


# -- RFC rules --------------------------------------------------------------------------


def test_clean_record_has_no_issue() -> None:
    report = check("wot/udp", {"td": "/td", "type": "Thing", "scheme": "coaps"})
    assert report.ok and report.issues == ()
    assert report.service == "_wot._udp"


def test_r001_truncated() -> None:
    report = check(None, b"\x03a=1\x09abc")
    assert codes(report) == ["R001"]
    assert "offset 4" in report.issues[0].message


def test_r002_string_over_255() -> None:
    report = check(None, {"k": "v" * 300})
    assert "R002" in codes(report) and not report.ok


def test_r003_empty_rdata_but_zero_byte_is_fine() -> None:
    assert codes(check(None, b"")) == ["R003"]
    assert codes(check(None, b"\x00")) == []


def test_r004_missing_key() -> None:
    report = check(None, b"\x04=abc\x03a=1")
    assert codes(report) == ["R004"]


def test_r005_key_characters() -> None:
    assert codes(check(None, {"k\x01": "1"})) == ["R005"]
    assert codes(check(None, [TxtEntry(b"a=b", b"c")])) == ["R005"]
    assert codes(check(None, {"k ey": "1"})) == []  # space is printable and allowed


def test_r006_long_key_is_a_warning() -> None:
    report = check(None, {"abcdefghij": "1"})
    assert codes(report) == ["R006"] and report.ok


def test_r007_duplicate_any_case_names_the_kept_one() -> None:
    report = check(None, b"\x03a=1\x03A=2")
    (issue,) = report.issues
    assert issue.code == "R007" and issue.severity is Severity.ERROR
    assert "keep only the first 'a'" in issue.message


def test_r008_txtvers_not_first() -> None:
    assert codes(check(None, {"a": "1", "txtvers": "1"})) == ["R008"]
    assert codes(check(None, {"txtvers": "1", "a": "1"})) == []


@pytest.mark.parametrize(
    ("size", "code", "severity"),
    [
        (250, "R009", Severity.INFO),
        (500, "R010", Severity.WARNING),
        (1400, "R011", Severity.WARNING),
        (70000, "R012", Severity.ERROR),
    ],
)
def test_size_levels(size: int, code: str, severity: Severity) -> None:
    count = size // 100 + 1
    txt = {f"k{i}": "v" * 96 for i in range(count)}
    report = check(None, txt)
    sizes = [i for i in report.issues if i.code.startswith("R01") or i.code == "R009"]
    assert [(i.code, i.severity) for i in sizes if i.code != "R006"] == [(code, severity)]


def test_r013_invalid_service_name() -> None:
    report = check("my_svc/tcp", {})
    assert "R013" in codes(report) and not report.ok


def test_malformed_service_type_raises() -> None:
    with pytest.raises(UnknownServiceError):
        check("_a._b._c", {})


def test_r014_r015_instance_name() -> None:
    assert codes(check(None, {}, instance="x" * 64)) == ["R014"]
    assert codes(check(None, {}, instance="Lamp\x07")) == ["R015"]
    assert codes(check(None, {}, instance="Küche Lampe")) == []


def test_r016_stray_zero_length_string() -> None:
    assert codes(check(None, b"\x00\x03a=1")) == ["R016"]


# -- schema rules -----------------------------------------------------------------------


def test_issue_example_scheme_over_udp() -> None:
    report = check("wot/udp", {"td": "/td", "scheme": "https"})
    (issue,) = report.issues
    assert (issue.code, issue.key) == ("S104", "scheme")
    assert "coap, coaps" in issue.message
    assert check("wot/tcp", {"td": "/td", "scheme": "https"}).ok


def test_s100_unregistered_service() -> None:
    report = check("nosuchthing/tcp", {"a": "1"})
    assert codes(report) == ["S100"] and report.ok


def test_s101_a_registry_key_list_is_a_floor_not_a_fence() -> None:
    # RFC 6763 s6.7: receivers ignore keys they do not know, so a key the note does
    # not name is a note (info), whether or not the note says more keys may come.
    (issue,) = check("wot/udp", {"td": "/td", "colour": "red"}).issues
    assert (issue.code, issue.severity) == ("S101", Severity.INFO)
    assert "RFC 6763 s6.7" in issue.message
    (issue,) = check("open", {"a": "1", "b": "2"}).issues
    assert (issue.code, issue.severity) == ("S101", Severity.INFO)
    assert "allows further keys" in issue.message


def test_key_names_compare_case_insensitively() -> None:
    assert check("wot/udp", {"TD": "/td", "Scheme": "coap"}).ok


def test_s102_required_missing() -> None:
    report = check("txtlab", {"txtvers": "1"})
    assert codes(report) == ["S102"]
    assert report.issues[0].key == "id"


def test_s103_fixed() -> None:
    assert codes(check("txtlab", {"txtvers": "2", "id": "x"})) == ["S103"]


def test_s105_s106_hex_length() -> None:
    good = "5e7580598c0d7064d4fc79faaeb42585e1a675f8"
    assert check("_jnx-kcsync._tcp", {"hash": good, "salt": good, "uuid": good}).ok
    assert codes(check("_jnx-kcsync._tcp", {"hash": good[:-1] + "g"})) == ["S105"]
    assert codes(check("_jnx-kcsync._tcp", {"hash": good[:20]})) == ["S106"]


def test_s107_s108_flag_and_value() -> None:
    assert codes(check("txtlab", {"id": None})) == ["S107"]
    assert codes(check("txtlab", {"id": "x", "ro": "yes"})) == ["S108"]
    assert check("txtlab", {"id": "x", "ro": None, "any": None}).ok


def test_s109_secret() -> None:
    report = check("txtlab", {"id": "x", "pw": "hunter2"})
    assert codes(report) == ["S109"] and report.ok


def test_s110_s111_unlisted_notes() -> None:
    assert codes(check("distcc", {"a": "1"})) == ["S110"]
    assert codes(check("distcc", {})) == []
    (issue,) = check("ipp", {"rp": "printers/x"}).issues
    assert issue.code == "S111" and "BonjourPrinting.pdf" in issue.message


def test_s112_non_utf8_only_where_text_is_wanted() -> None:
    assert codes(check("txtlab", {"id": b"\xff\xfe"})) == ["S112"]
    assert check("txtlab", {"id": "x", "blob": b"\xff\xfe"}).ok
    assert check("txtlab", {"id": "x", "any": b"\xff"}).ok


def test_s113_shapes() -> None:
    assert codes(check("txtlab", {"id": "x", "n": "many"})) == ["S113"]
    assert codes(check("txtlab", {"id": "x", "mac": "00:11:22"})) == ["S113"]
    assert check("txtlab", {"id": "x", "mac": "00:11:22:aa:bb:cc"}).ok
    assert codes(check("txtlab", {"id": "x", "uid": "not-a-uuid"})) == ["S113"]
    assert check("txtlab", {"id": "x", "uid": "123e4567-e89b-12d3-a456-426614174000"}).ok
    assert codes(check("wot/udp", {"td": "td"})) == ["S113"]


def test_s114_s115_range_and_pattern() -> None:
    assert codes(check("txtlab", {"id": "x", "n": "9"})) == ["S114"]
    assert check("txtlab", {"id": "x", "n": "8"}).ok
    assert codes(check("txtlab", {"id": "x", "code": "abc"})) == ["S115"]
    assert check("txtlab", {"id": "x", "code": "ABC"}).ok


def test_s106_binary_length_in_bytes() -> None:
    assert codes(check("txtlab", {"id": "x", "blob": b"12345"})) == ["S106"]


def test_schema_checks_see_the_first_of_duplicates_only() -> None:
    rdata = encode([TxtEntry.of("scheme", "coap"), TxtEntry.of("SCHEME", "https")])
    report = check("wot/udp", rdata)
    assert codes(report) == ["R007"]


def test_validator_is_prepared_once_per_note() -> None:
    note = _wot_note(("coap",))
    assert validator_for(note) is validator_for(_wot_note(("coap",)))


def test_fixes_are_described() -> None:
    report = check("txtlab", {"txtvers": "2", "ro": "1", "n": "x", "pw": "s"})
    assert all(len(i.message) > 20 for i in report.issues)
    assert report.by_severity()[0].severity is Severity.ERROR


def test_every_code_is_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([RS]\d{3})` \|", text, re.MULTILINE))
    assert documented == set(CHECKS)
    for code, info in CHECKS.items():
        row = next(line for line in text.splitlines() if line.startswith(f"| `{code}` |"))
        assert info.severity in row


def test_a_non_utf8_value_still_meets_its_keys_other_checks() -> None:
    """S112 says the value is not UTF-8; its other checks still run on the text as shown,
    so bytes that are no hex digits are S105 and a value no integer is S113 (an error for
    a kind a specification states)."""
    hexed = validate("_matterc._udp", b"\x08RI=0A1B\xff")
    assert {"S112", "S105"} <= set(hexed.codes()) and not hexed.ok
    counted = validate("_hap._tcp", b"\x05ci=5\xff")
    assert [(i.code, i.severity) for i in counted.issues if i.key == "ci"] == [
        ("S112", Severity.WARNING),
        ("S113", Severity.ERROR),
    ]


def test_an_empty_value_is_no_value_of_a_shaped_kind() -> None:
    """``c#=`` is present with an empty value (RFC 6763 s6.4); an empty string is no
    integer, so it draws S113 as any other non-integer would (an error where a
    specification states the kind), where the bare ``c#`` draws S107."""
    empty = validate("_hap._tcp", b"\x03c#=")
    bare = validate("_hap._tcp", b"\x02c#")
    assert [(i.code, i.severity) for i in empty.issues if i.key == "c#"] == [
        ("S113", Severity.ERROR)
    ]
    assert [i.code for i in bare.issues if i.key == "c#"] == ["S107"]
    note = validate("_ipp._tcp", b"\x05note=")  # a text key: empty is a value like any
    assert [i.code for i in note.issues if i.key == "note"] == []
