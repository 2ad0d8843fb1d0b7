"""Registry readers against the real IANA files and the damaged pasted seeds."""

from __future__ import annotations

import json
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import MATERIAL
from txtkeys.errors import InputFormatError
from txtkeys.registry.read import MAX_REGISTRY_BYTES, detect_format, read_registry
from txtkeys.registry.records import Registry, RegistryRecord

XML_PATH = MATERIAL / "iana" / "service-names-port-numbers.xml"
CSV_PATH = MATERIAL / "iana" / "service-names-port-numbers-2024-06.csv"
SEEDS = sorted((MATERIAL / "seeds").glob("*.txt"))
GOLDEN = Path(__file__).parent / "data" / "seeds"

FIELDS = (
    "name",
    "number",
    "protocol",
    "description",
    "assignees",
    "contacts",
    "registered",
    "modified",
    "references",
    "service_code",
    "unauthorized",
    "note",
)


@pytest.fixture(scope="module")
def xml_registry() -> Registry:
    return read_registry(XML_PATH)


@pytest.fixture(scope="module")
def csv_registry() -> Registry:
    return read_registry(CSV_PATH)


def _find(
    registry: Registry, name: str | None, protocol: str | None, number: str | None
) -> RegistryRecord:
    matches = [
        r for r in registry.records if (r.name, r.protocol, r.number) == (name, protocol, number)
    ]
    assert len(matches) == 1, (name, protocol, number, matches)
    return matches[0]


def _flat(value: object) -> object:
    return " ".join(value.split()) if isinstance(value, str) else value


# --- XML ----------------------------------------------------------------------------------


def test_xml_counts_and_date(xml_registry: Registry) -> None:
    assert xml_registry.format == "xml"
    assert xml_registry.updated == "2026-08-17"
    assert len(xml_registry.records) == 14533
    named = sum(r.name is not None for r in xml_registry.records)
    root = ET.parse(XML_PATH).getroot()
    ns = "{http://www.iana.org/assignments}"
    name_elements = [r.find(ns + "name") for r in root.iter(ns + "record")]
    with_element = [e for e in name_elements if e is not None]
    empty = [e for e in with_element if not (e.text or "").strip()]
    assert len(with_element) == 12818
    assert empty, "the registry has empty <name/> elements; they must read as no name"
    assert named == 12818 - len(empty)


def test_xml_wot_notes_keep_lines_and_indentation(xml_registry: Registry) -> None:
    tcp = _find(xml_registry, "wot", "tcp", None)
    udp = _find(xml_registry, "wot", "udp", None)
    assert tcp.note is not None and udp.note is not None
    tcp_lines = tcp.note.split("\n")
    assert tcp_lines[:2] == [
        "Defined TXT keys:",
        "td: Absolute pathname of the Thing Description of the Thing or Thing Description"
        " of the Thing",
    ]
    assert tcp_lines[2] == "      Description Directory."
    assert tcp.note.endswith("assumed to be http.")
    assert "coap+tcp (CoAP over TCP)" in tcp.note
    assert "coaps CoAP over DTLS/UDP." in udp.note
    assert udp.note.endswith("If omitted, the scheme is assumed to be coap.")
    assert tcp.assignees == ("W3C_Web_of_Things_Working_Group",)
    assert tcp.contacts == ("Kazuyuki_Ashimura",)
    assert (tcp.registered, tcp.modified) == ("2022-11-22", "2022-12-15")


def test_xml_inline_markup(xml_registry: Registry) -> None:
    svinfo = _find(xml_registry, "iclcnet-svinfo", "tcp", "887")
    assert svinfo.description == (
        "ICL coNETion server info\n\n"
        'IANA assigned this well-formed service name as a replacement for "iclcnet_svinfo".'
    )
    lanrev = _find(xml_registry, "lanrevagent", "tcp", "3970")
    assert lanrev.note is not None
    assert lanrev.note.split("\n")[:3] == [
        "Defined TXT keys:",
        "  txtvers",
        "  server=<main LANrev server for agent>",
    ]
    reserved = _find(xml_registry, None, "tcp", "994")
    assert reserved.note == "(previous contact was[Christopher_Allen])"
    est = _find(xml_registry, "est-coaps", "udp", None)
    assert est.note == "[RFC9148]. Defined TXT keys: None"
    exp1 = _find(xml_registry, "exp1", "dccp", "1021")
    assert exp1.references == ("1", "RFC4727", "RFC6335")
    pon = _find(xml_registry, "pon-ictp", "tcp", "7202")
    assert pon.references[0] == "TR-352"
    assert pon.references[1].startswith("Inter-Channel-Termination protocol (ICTP) is a")
    assert "\n" not in pon.references[1]
    discard = _find(xml_registry, "discard", "dccp", "9")
    assert discard.service_code == "1145656131"


# --- CSV ----------------------------------------------------------------------------------


def test_csv_rows(csv_registry: Registry) -> None:
    assert csv_registry.format == "csv"
    assert csv_registry.updated is None
    assert len(csv_registry.records) == 14447
    wot = _find(csv_registry, "wot", "tcp", None)
    assert wot.line == 15046
    assert wot.note is not None and wot.note.startswith("Defined TXT keys:\n      td:")
    rift = _find(csv_registry, "rift-lies", "udp", "914")
    assert rift.contacts == ("Jordan_Head", "Tony_Przygienda")
    assert rift.references == ("draft-ietf-rift-rift-16",)


@pytest.mark.parametrize(
    ("name", "protocol", "number"),
    [
        ("tcpmux", "tcp", "1"),
        ("discard", "dccp", "9"),
        ("finger", "tcp", "79"),
        ("exp1", "sctp", "1021"),
        ("radsec", "tcp", "2083"),
        ("whois++", "udp", "63"),
        ("ltp-deepspace", "dccp", "1113"),
        ("brski-registrar", "tcp", None),
        (None, "udp", "4"),
        (None, None, "8810-8872"),
    ],
)
def test_csv_and_xml_agree_on_unchanged_records(
    xml_registry: Registry,
    csv_registry: Registry,
    name: str | None,
    protocol: str | None,
    number: str | None,
) -> None:
    from_csv = _find(csv_registry, name, protocol, number)
    from_xml = _find(xml_registry, name, protocol, number)
    for field in FIELDS:
        assert _flat(getattr(from_csv, field)) == _flat(getattr(from_xml, field)), field


def test_csv_and_xml_agree_almost_everywhere_dates_did_not_move(
    xml_registry: Registry, csv_registry: Registry
) -> None:
    by_key: dict[tuple[str | None, str | None, str | None], RegistryRecord] = {}
    for record in xml_registry.records:
        by_key.setdefault((record.name, record.protocol, record.number), record)
    compared = differing = 0
    for record in csv_registry.records:
        other = by_key.get((record.name, record.protocol, record.number))
        if other is None or (other.registered, other.modified) != (
            record.registered,
            record.modified,
        ):
            continue
        compared += 1
        if any(_flat(getattr(record, f)) != _flat(getattr(other, f)) for f in FIELDS):
            differing += 1
    # IANA renames a few person ids and updates references without touching dates.
    assert compared > 14000
    assert differing < 30, differing


# --- pasted renderings (golden files) -----------------------------------------------------


def _golden_ids() -> list[str]:
    return [seed.stem for seed in SEEDS]


def test_every_seed_has_a_golden_file() -> None:
    assert len(SEEDS) == 5
    for seed in SEEDS:
        assert (GOLDEN / f"{seed.stem}.expected.json").is_file(), seed.name


@pytest.mark.parametrize("seed", SEEDS, ids=_golden_ids())
def test_seed_matches_golden(seed: Path) -> None:
    expected = json.loads((GOLDEN / f"{seed.stem}.expected.json").read_text(encoding="utf-8"))
    registry = read_registry(seed)
    assert registry.format == expected["format"]
    assert registry.updated == expected["updated"]
    assert len(registry.records) == len(expected["records"])
    for record, want in zip(registry.records, expected["records"], strict=True):
        got = {f: list(v) if isinstance(v := getattr(record, f), tuple) else v for f in FIELDS}
        got["line"] = record.line
        assert got == {k: v for k, v in want.items() if k != "why"}, want["line"]


def test_seed_golden_differences_from_xml_are_explained(xml_registry: Registry) -> None:
    """Every golden field that differs from the XML carries a reason."""
    by_key = {(r.name, r.protocol, r.number): r for r in xml_registry.records}
    for path in sorted(GOLDEN.glob("*.expected.json")):
        for want in json.loads(path.read_text(encoding="utf-8"))["records"]:
            why = want.get("why", {})
            other = by_key.get((want["name"], want["protocol"], want["number"]))
            if other is None:
                assert "record" in why, (path.name, want["line"])
                continue
            for field in FIELDS:
                value = getattr(other, field)
                value = list(value) if isinstance(value, tuple) else value
                if value != want[field]:
                    assert field in why, (path.name, want["line"], field)


def test_plain_text_rows_without_names_and_continued_descriptions() -> None:
    registry = read_registry(MATERIAL / "seeds" / "003_e7a3042a5287b3f1.txt")
    by_line = {r.line: r for r in registry.records}
    unnamed = [r for r in registry.records if r.name is None]
    assert {r.number for r in unnamed} >= {"732-740", "786", "788-799"}
    assert any(r.unauthorized == "Unauthorized Use Known on port 796" for r in unnamed)
    svinfo = [r for r in registry.records if r.name == "iclcnet-svinfo"]
    assert [r.protocol for r in svinfo] == ["tcp", "udp"]
    for record in svinfo:
        assert record.description is not None
        assert record.description.startswith("ICL coNETion server info\n\nIANA assigned")
        assert record.assignees == record.contacts == ("Bob_Lyon",)
    assert all(
        not r.description or "Contact Information" not in r.description for r in by_line.values()
    )


# --- detection ----------------------------------------------------------------------------


def test_detect_each_format() -> None:
    head = XML_PATH.read_text(encoding="utf-8")[:2000]
    assert detect_format(head) == "xml"
    assert detect_format(CSV_PATH.read_text(encoding="utf-8")[:2000]) == "csv"
    kinds = {seed.name: detect_format(seed.read_text(encoding="utf-8")) for seed in SEEDS}
    assert sorted(kinds.values()) == ["markdown", "markdown", "markdown", "text", "text"]
    assert read_registry(CSV_PATH.read_bytes()).format == "csv"


def test_detect_refuses_other_text() -> None:
    with pytest.raises(InputFormatError, match="not a registry file") as info:
        detect_format("name,port\nhttp,80\n")
    assert info.value.line == 1


def test_format_override_is_used() -> None:
    with pytest.raises(InputFormatError, match="CSV header"):
        read_registry("Service Name | Port Number | x |\n| a | 1 | tcp |\n", format="csv")


# --- errors -------------------------------------------------------------------------------


def test_csv_with_wrong_header_points_at_it() -> None:
    content = "Service Name,Port,Transport Protocol\nhttp,80,tcp\n"
    with pytest.raises(InputFormatError) as info:
        read_registry(content, format="csv", name="ports.csv")
    error = info.value
    assert (error.source, error.line, error.column) == ("ports.csv", 1, 18)
    assert "column 2 is 'Port', expected 'Port Number'" in error.msg
    assert error.pointer().endswith("\n" + " " * 17 + "^")


def test_csv_row_with_missing_cells_names_its_line() -> None:
    lines = CSV_PATH.read_text(encoding="utf-8").split("\n")[:10]
    lines[5] = "compressnet,3,tcp"
    with pytest.raises(InputFormatError, match="has 3 cells") as info:
        read_registry("\n".join(lines) + "\n")
    assert info.value.line == 6
    assert info.value.text_line == "compressnet,3,tcp"


def test_truncated_xml_reports_line_and_column() -> None:
    data = XML_PATH.read_bytes()[:200_000]
    with pytest.raises(InputFormatError, match="not well-formed") as info:
        read_registry(data, name="cut.xml")
    error = info.value
    assert error.source == "cut.xml"
    assert error.line is not None and error.line > 1000
    assert error.column is not None


def test_billion_laughs_is_refused_quickly() -> None:
    entities = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE registry [<!ENTITY lol0 "lol">'
        + entities
        + ']>\n<registry xmlns="http://www.iana.org/assignments"><title>&lol9;</title></registry>'
    )
    start = time.perf_counter()
    with pytest.raises(InputFormatError, match="refusing to expand"):
        read_registry(bomb)
    assert time.perf_counter() - start < 1.0


def test_external_entity_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("do not read me", encoding="utf-8")
    xxe = (
        f'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file://{secret}">]>\n'
        '<registry xmlns="http://www.iana.org/assignments"><title>&x;</title></registry>'
    )
    with pytest.raises(InputFormatError, match="refusing"):
        read_registry(xxe)


def test_oversized_file_is_refused(tmp_path: Path) -> None:
    huge = tmp_path / "huge.xml"
    with huge.open("wb") as handle:
        handle.truncate(MAX_REGISTRY_BYTES + 1)  # sparse: no disk space used
    with pytest.raises(InputFormatError, match="byte limit"):
        read_registry(huge)


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputFormatError, match="cannot read the registry file"):
        read_registry(tmp_path / "nope.csv")


def test_non_utf8_input_points_at_the_byte() -> None:
    with pytest.raises(InputFormatError, match="not UTF-8") as info:
        read_registry(b"Service Name,Port Number\nd\xe9j\xe0,1\n")
    assert (info.value.line, info.value.column) == (2, 2)
