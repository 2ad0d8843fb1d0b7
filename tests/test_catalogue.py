"""The catalogue: lookups by every spelling, the compiled file, and which file is in use.

Expected counts and notes are read from the registry XML with ElementTree here, not
through txtkeys' own reader, so a reader and a catalogue bug cannot cancel out.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import MATERIAL
from txtkeys.catalogue.compile import compile_registry_file, dumps_catalogue, write_catalogue
from txtkeys.catalogue.layout import INDEX_FIELDS
from txtkeys.catalogue.store import (
    CATALOGUE_FORMAT_VERSION,
    Catalogue,
    CatalogueEntry,
    bundled_catalogue_path,
    choose_catalogue_file,
    user_cache_dir,
)
from txtkeys.errors import CatalogueError, UnknownServiceError
from txtkeys.names import ServiceType
from txtkeys.schema.models import KeySchema, NoteStatus, TxtNote

NS = {"a": "http://www.iana.org/assignments"}


@pytest.fixture(scope="module")
def registry_xml() -> Path:
    return MATERIAL / "iana" / "service-names-port-numbers.xml"


@pytest.fixture(scope="module")
def xml_records(registry_xml: Path) -> list[dict[str, str | None]]:
    """Named records as ElementTree sees them: name, protocol, note text."""
    rows = []
    for record in ET.parse(registry_xml).getroot().findall("a:record", NS):
        name = record.findtext("a:name", default="", namespaces=NS).strip()
        if not name:
            continue
        note = record.find("a:note", NS)
        rows.append(
            {
                "name": name,
                "protocol": record.findtext("a:protocol", default=None, namespaces=NS),
                "note": " ".join("".join(note.itertext()).split()) if note is not None else None,
            }
        )
    return rows


@pytest.fixture(scope="module")
def compiled(registry_xml: Path) -> Catalogue:
    # Every note read afresh: reusing the bundled readings could not show them stale.
    data = compile_registry_file(registry_xml, reuse=False).data
    return Catalogue.from_compiled(data, path=None)


@pytest.fixture(scope="module")
def bundled() -> Catalogue:
    return Catalogue.bundled()


def _entry(name: str, protocol: str | None, note: TxtNote | None = None) -> CatalogueEntry:
    if note is None:
        return CatalogueEntry(name=name, protocol=protocol)
    return CatalogueEntry(name=name, protocol=protocol, note=note)


# -- what the catalogue holds -------------------------------------------------------


def test_every_named_record_is_an_entry(
    compiled: Catalogue, xml_records: list[dict[str, str | None]]
) -> None:
    assert len(compiled) == len(xml_records)
    assert len(compiled.names) == len({str(row["name"]).lower() for row in xml_records})
    assert [(e.name, e.protocol) for e in compiled] == [
        (row["name"], row["protocol"]) for row in xml_records
    ]


def test_records_with_and_without_notes_are_told_apart(
    compiled: Catalogue, xml_records: list[dict[str, str | None]]
) -> None:
    with_note = {(r["name"], r["protocol"]) for r in xml_records if r["note"]}
    without = [r for r in xml_records if not r["note"]]
    assert without, "the registry has records with no note"
    for row in without[:50]:
        entry = compiled.get(str(row["name"]), row["protocol"] or "tcp")
        assert entry is not None
        if (entry.name, entry.protocol) in with_note:
            continue  # a duplicate record of the same name carries the note
        assert entry.note.raw == ""
        assert entry.note.status is NoteStatus.UNSPECIFIED
    noted = sum(1 for entry in compiled if entry.note.raw)
    assert noted == len([r for r in xml_records if r["note"]])


def test_bundled_catalogue_matches_the_shared_registry(
    bundled: Catalogue, compiled: Catalogue, registry_xml: Path
) -> None:
    """A stale bundled file fails here: recompile it after grammar or reader changes."""
    fix = (
        "the bundled catalogue is stale: run 'txtkeys compile "
        f"{registry_xml} -o src/txtkeys/data/catalogue.json'"
    )
    assert bundled.checksum == hashlib.sha256(registry_xml.read_bytes()).hexdigest(), fix
    assert bundled.updated == compiled.updated
    assert bundled.header["format_version"] == CATALOGUE_FORMAT_VERSION
    assert list(bundled) == list(compiled), fix


# -- get() ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spelling", "protocol"),
    [
        ("wot", "tcp"),
        ("WOT", "tcp"),
        ("wot/udp", "udp"),
        ("_wot._udp", "udp"),
        ("_wot._udp.local.", "udp"),
        ("_Wot._TCP.local", "tcp"),
        ("_thing._sub._wot._tcp", "tcp"),
    ],
)
def test_get_reads_every_spelling(bundled: Catalogue, spelling: str, protocol: str) -> None:
    entry = bundled.get(spelling)
    assert entry is not None
    assert (entry.name, entry.protocol) == ("wot", protocol)
    assert entry.service_type.dns_sd == f"_wot._{protocol}"


def test_get_accepts_a_service_type_and_an_explicit_protocol(bundled: Catalogue) -> None:
    by_type = bundled.get(ServiceType.parse("wot/udp"))
    by_argument = bundled.get("wot", "udp")
    assert by_type is not None
    assert by_type == by_argument
    assert by_type.protocol == "udp"


def test_protocols_keep_their_own_notes(
    bundled: Catalogue, xml_records: list[dict[str, str | None]]
) -> None:
    notes = {r["protocol"]: r["note"] or "" for r in xml_records if r["name"] == "wot"}
    tcp, udp = bundled.get("wot/tcp"), bundled.get("wot/udp")
    assert tcp is not None
    assert udp is not None
    assert " ".join(tcp.note.raw.split()) == notes["tcp"]
    assert " ".join(udp.note.raw.split()) == notes["udp"]
    tcp_scheme, udp_scheme = tcp.note.key("scheme"), udp.note.key("scheme")
    assert tcp_scheme is not None
    assert udp_scheme is not None
    assert "https" in tcp_scheme.choices
    assert "coap" in udp_scheme.choices
    assert tcp_scheme.choices != udp_scheme.choices


def test_protocol_less_names_answer_for_any_protocol(
    bundled: Catalogue, xml_records: list[dict[str, str | None]]
) -> None:
    assert any(r["name"] == "1password" and r["protocol"] is None for r in xml_records)
    for spelling in ("1password", "1password/udp", "_1password._tcp", "_1Password._udp.local."):
        entry = bundled.get(spelling)
        assert entry is not None, spelling
        assert entry.protocol is None
        assert entry.service_type.dns_sd == "_1password._tcp"


def test_bare_name_of_a_udp_only_service_falls_back(
    bundled: Catalogue, xml_records: list[dict[str, str | None]]
) -> None:
    assert {r["protocol"] for r in xml_records if r["name"] == "gist"} == {"udp"}
    entry = bundled.get("gist")
    assert entry is not None
    assert entry.protocol == "udp"
    assert bundled.get("gist/tcp") is None
    assert bundled.get("_gist._tcp") is None


def test_unknown_and_malformed_names(bundled: Catalogue) -> None:
    assert bundled.get("no-such-service-x") is None
    assert "wot" in bundled.suggest("wott")
    with pytest.raises(UnknownServiceError, match="protocol"):
        bundled.get("wot/xyz")


def test_dns_sd_usability_follows_rfc6335(bundled: Catalogue) -> None:
    historic = bundled.get("subntbcst_tftp")
    assert historic is not None
    assert historic.dns_sd_usable is False
    wot = bundled.get("wot")
    assert wot is not None
    assert wot.dns_sd_usable is True


def test_ports_and_ranges(bundled: Catalogue) -> None:
    ssh = bundled.get("ssh")
    assert ssh is not None
    assert (ssh.number, ssh.port_text) == (22, "22")
    x11 = bundled.get("x11")
    assert x11 is not None
    assert (x11.number, x11.last_number, x11.port_text) == (6000, 6063, "6000-6063")


def test_search_finds_keys_before_service_names(bundled: Catalogue) -> None:
    hits = bundled.search("password")
    names_with_keys = {hit.entry.name for hit in hits if hit.keys}
    assert {"ssh", "daap"} <= names_with_keys
    assert "1password" in {hit.entry.name for hit in hits if hit.service_matched}
    first_service_only = next(i for i, hit in enumerate(hits) if not hit.keys)
    assert all(hit.keys for hit in hits[:first_service_only])
    assert not any(hit.keys for hit in hits[first_service_only:])
    assert bundled.search("   ") == []


# -- catalogues built from entries ------------------------------------------------------


def test_from_entries_prefers_exact_protocol_then_protocol_less() -> None:
    keyed = TxtNote(status=NoteStatus.KEYS, keys=(KeySchema(name="tv"),), raw="tv")
    catalogue = Catalogue.from_entries(
        [
            _entry("demo", None, TxtNote(status=NoteStatus.NONE, raw="Defined TXT keys: None")),
            _entry("demo", "udp", keyed),
            _entry("other", "tcp"),
        ],
        updated="2024-01-02",
        checksum="abc",
    )
    assert len(catalogue) == 3
    assert catalogue.updated == "2024-01-02"
    udp = catalogue.get("demo/udp")
    assert udp is not None
    assert udp.note is keyed
    tcp = catalogue.get("DEMO")
    assert tcp is not None
    assert tcp.protocol is None
    assert catalogue.get("other/udp") is None
    assert [e.name for e in catalogue.entries_for("Demo")] == ["demo", "demo"]


def test_duplicate_records_prefer_the_one_with_a_note() -> None:
    note = TxtNote(status=NoteStatus.NONE, raw="Defined TXT keys: None")
    catalogue = Catalogue.from_entries([_entry("svc", "tcp"), _entry("svc", "tcp", note)])
    entry = catalogue.get("svc")
    assert entry is not None
    assert entry.note is note


# -- the compiled file ---------------------------------------------------------------


def test_compile_write_load_round_trip(
    registry_xml: Path, compiled: Catalogue, tmp_path: Path
) -> None:
    result = compile_registry_file(registry_xml)
    summary = result.summary
    assert summary.named_records == len(compiled)
    assert summary.records > summary.named_records
    assert summary.distinct_notes == len(result.data["notes"])
    assert summary.distinct_notes < summary.txt_note_records  # notes are stored once
    assert sum(summary.notes_by_status.values()) == sum(1 for e in compiled if e.note.raw)
    target = write_catalogue(result.data, tmp_path / "nested" / "cat.json", make_parents=True)
    assert [p.name for p in target.parent.iterdir()] == ["cat.json"]  # no temp file left
    loaded = Catalogue.load(target)
    assert list(loaded) == list(compiled)
    assert loaded.checksum == hashlib.sha256(registry_xml.read_bytes()).hexdigest()
    assert loaded.updated == ET.parse(registry_xml).getroot().findtext("a:updated", namespaces=NS)


def test_notes_are_stored_once_and_built_once(bundled: Catalogue) -> None:
    data = json.loads(bundled_catalogue_path().read_text(encoding="utf-8"))
    raws = [note.get("raw") for note in data["notes"]]
    assert len(raws) == len(set(raws))
    ssh_tcp = bundled.get("ssh/tcp")
    ssh_udp = bundled.get("ssh/udp")
    assert ssh_tcp is not None
    assert ssh_udp is not None
    assert ssh_tcp.note is ssh_udp.note  # one TxtNote object per distinct note


def _valid_data() -> dict[str, object]:
    return {
        "format": "txtkeys-catalogue",
        "format_version": CATALOGUE_FORMAT_VERSION,
        "txtkeys_version": "0.1.0",
        "registry_updated": "2024-01-01",
        "source_sha256": None,
        "notes": [{"status": "none", "raw": "Defined TXT keys: None"}],
        "entries": [["demo", "tcp", "9", "Demo", [], 0]],
    }


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", "not valid JSON"),
        ('{"format": "something-else"}', "not a txtkeys catalogue"),
        (json.dumps({**_valid_data(), "format_version": 99}), "format 99"),
        (json.dumps({**_valid_data(), "entries": [["demo"]]}), "damaged"),
        (json.dumps({**_valid_data(), "entries": None}), "damaged"),
    ],
)
def test_damaged_files_say_how_to_fix(tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "cat.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CatalogueError, match=expected) as caught:
        Catalogue.load(path)
    assert "txtkeys compile" in str(caught.value)


def test_damaged_note_is_reported_on_access(tmp_path: Path) -> None:
    data = {**_valid_data(), "notes": [{"status": "no-such-status"}]}
    path = tmp_path / "cat.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    catalogue = Catalogue.load(path)
    with pytest.raises(CatalogueError, match="damaged note"):
        catalogue.get("demo")


def test_missing_file_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match="txtkeys compile"):
        Catalogue.load(tmp_path / "absent.json")


def test_dumped_file_loads_back(tmp_path: Path) -> None:
    data = _valid_data()
    path = tmp_path / "cat.json"
    path.write_text(dumps_catalogue(data), encoding="utf-8")
    loaded = json.loads(path.read_text(encoding="utf-8"))
    assert {key: value for key, value in loaded.items() if key not in INDEX_FIELDS} == data
    entry = Catalogue.load(path).get("demo")
    assert entry is not None
    assert (entry.number, entry.description, entry.note.status) == (9, "Demo", NoteStatus.NONE)


# -- which file is in use --------------------------------------------------------------


def _write_dated(path: Path, updated: str) -> Path:
    return write_catalogue({**_valid_data(), "registry_updated": updated}, path)


def test_newer_user_cache_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TXTKEYS_CACHE_DIR", str(tmp_path))
    assert user_cache_dir() == tmp_path
    cached = _write_dated(tmp_path / "catalogue.json", "9999-12-31")
    choice = choose_catalogue_file()
    assert (choice.path, choice.source) == (cached, "cache")
    assert "newer" in choice.reason
    assert Catalogue.default().get("demo") is not None


def test_older_user_cache_loses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TXTKEYS_CACHE_DIR", str(tmp_path))
    _write_dated(tmp_path / "catalogue.json", "1990-01-01")
    choice = choose_catalogue_file()
    assert (choice.path, choice.source) == (bundled_catalogue_path(), "bundled")
    assert "not newer" in choice.reason


def test_damaged_user_cache_falls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TXTKEYS_CACHE_DIR", str(tmp_path))
    (tmp_path / "catalogue.json").write_text("garbage", encoding="utf-8")
    choice = choose_catalogue_file()
    assert choice.source == "bundled"
    assert "unreadable" in choice.reason


def test_explicit_file_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TXTKEYS_CACHE_DIR", str(tmp_path))
    _write_dated(tmp_path / "catalogue.json", "9999-12-31")
    explicit = _write_dated(tmp_path / "mine.json", "1990-01-01")
    choice = choose_catalogue_file(explicit)
    assert (choice.path, choice.source) == (explicit, "explicit")


def test_platform_cache_dir_without_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TXTKEYS_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", "/somewhere/cache")
    path = user_cache_dir()
    assert path.name in {"txtkeys", "Cache"}
    if sys.platform.startswith("linux"):
        assert path == Path("/somewhere/cache/txtkeys")


# -- cost of a lookup --------------------------------------------------------------------


def test_lookup_does_not_import_the_parsers(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from txtkeys.catalogue.store import Catalogue\n"
        "entry = Catalogue.default().get('_wot._udp.local.')\n"
        "assert entry is not None and entry.note.keys, entry\n"
        "heavy = sorted(m for m in sys.modules if m == 'pyparsing' or m.startswith('pyparsing.')\n"
        "    or m in ('txtkeys.grammar._rules', 'txtkeys.catalogue.compile')\n"
        "    or m.startswith('txtkeys.registry.'))\n"
        "print(heavy)\n"
    )
    env = {**os.environ, "TXTKEYS_CACHE_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
