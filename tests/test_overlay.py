"""Schema overlays: the file format, the shipped Matter/HomeKit/IPP files, and layering."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from defusedxml import ElementTree

from txtkeys.catalogue.store import Catalogue, CatalogueEntry
from txtkeys.errors import OverlayError
from txtkeys.overlays.files import (
    SCHEMA_DIR_ENV,
    LayeredCatalogue,
    describe_origin,
    env_overlay_files,
    layer,
    load_overlay,
    parse_overlay,
    shipped_overlay_files,
    shipped_overlays,
)
from txtkeys.schema.models import KeyKind, KeySchema, NoteStatus, Origin, TxtNote

DATA = Path(__file__).resolve().parent / "data" / "overlays"
BAD_FILES = sorted(DATA.glob("bad_*.toml"))


def _shared() -> Path | None:
    for candidate in (Path(__file__).resolve().parents[2] / "shared", Path("/work/shared")):
        if (candidate / "iana" / "service-names-port-numbers.xml").is_file():
            return candidate
    return None


def _registry_entries(names: set[str]) -> list[CatalogueEntry]:
    """The real registry records of ``names``, read straight from the IANA XML."""
    shared = _shared()
    if shared is None:
        pytest.skip("the shared IANA registry (shared/iana) is not next to this repository")
    tree = ElementTree.parse(shared / "iana" / "service-names-port-numbers.xml")
    entries = []
    for record in tree.getroot().iter():
        if not str(record.tag).endswith("}record"):
            continue
        name = record.findtext("{*}name")
        if not name or name.lower() not in names:
            continue
        note_text = (record.findtext("{*}note") or "").strip()
        number = record.findtext("{*}number")
        status = NoteStatus.UNSPECIFIED
        if note_text.endswith("None"):
            status = NoteStatus.NONE
        elif "See" in note_text:
            status = NoteStatus.REFERENCE
        entries.append(
            CatalogueEntry(
                name=name,
                protocol=record.findtext("{*}protocol"),
                number=int(number) if number and number.isdigit() else None,
                description=record.findtext("{*}description") or "",
                note=TxtNote(status=status, raw=note_text),
            )
        )
    return entries


@pytest.fixture
def registry() -> Catalogue:
    entries = _registry_entries({"matterc", "matter", "hap", "ipp", "ipps", "http"})
    # A registry-defined key for http, so overriding a registry definition is exercised.
    http = next(e for e in entries if e.name == "http" and e.protocol == "tcp")
    http_keys = TxtNote(
        status=NoteStatus.KEYS,
        keys=(KeySchema(name="path", kind=KeyKind.PATH, description="registry path"),),
        raw="Defined TXT keys: u= p= path=",
    )
    entries[entries.index(http)] = CatalogueEntry(
        name=http.name,
        protocol=http.protocol,
        number=http.number,
        description=http.description,
        note=http_keys,
    )
    return Catalogue.from_entries(entries, updated="2024-06-01")


@pytest.fixture(autouse=True)
def _no_schema_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(SCHEMA_DIR_ENV, raising=False)


# -- the shipped overlays ----------------------------------------------------------------


def test_shipped_files_are_the_three_curated_overlays() -> None:
    assert [path.name for path in shipped_overlay_files()] == [
        "homekit.toml",
        "ipp.toml",
        "matter.toml",
    ]


def test_every_shipped_key_names_its_specification_and_section() -> None:
    for overlay in shipped_overlays():
        assert overlay.origin is Origin.OVERLAY
        for service in overlay.services:
            for key in service.keys:
                assert key.origin is Origin.OVERLAY
                assert key.source, f"{service.label} {key.name} has no source"
                assert key.description, f"{service.label} {key.name} has no description"
                if "Mopria" not in key.source:
                    assert ", " in key.source, f"{key.name}: {key.source} names no section"


def test_matter_keys_follow_the_core_specification() -> None:
    services = {s.label: s for o in shipped_overlays() for s in o.services}
    commissionable = services["matterc/udp"]
    keys = {key.name: key for key in commissionable.keys}
    assert {"D", "VP", "CM", "DT", "DN", "RI", "PH", "PI", "SII", "SAI", "SAT", "T", "ICD"} <= set(
        keys
    )
    assert (keys["D"].kind, keys["D"].minimum, keys["D"].maximum) == (KeyKind.INTEGER, 0, 4095)
    assert keys["D"].required
    assert keys["D"].source == "Matter Core Specification 1.4, s4.3.1.5"
    assert keys["DN"].max_length == 32
    assert keys["PI"].max_length == 128
    assert keys["RI"].max_length == 100
    assert keys["SII"].maximum == 3_600_000
    assert keys["SAT"].maximum == 65_535
    assert keys["ICD"].choices == ("0", "1")
    vp = re.compile(keys["VP"].pattern or "")
    assert vp.fullmatch("65521+32769")
    assert vp.fullmatch("65521")
    assert not vp.fullmatch("65521+")
    assert not vp.fullmatch("0123")
    operational = {key.name for key in services["matter/tcp"].keys}
    assert operational == {"SII", "SAI", "SAT", "T", "ICD"}
    assert commissionable.extensible is False


def test_homekit_and_ipp_keys() -> None:
    services = {s.label: s for o in shipped_overlays() for s in o.services}
    hap = {key.name: key for key in services["hap/tcp"].keys}
    assert set(hap) == {"c#", "ff", "id", "md", "pv", "s#", "sf", "ci", "sh"}
    assert hap["s#"].fixed == "1"
    assert hap["pv"].default == "1.0"
    assert hap["id"].kind is KeyKind.MAC
    assert re.fullmatch(hap["id"].pattern or "", "AA:BB:CC:DD:EE:FF")
    ipp = {key.name: key for key in services["ipp/tcp"].keys}
    assert (ipp["priority"].minimum, ipp["priority"].maximum, ipp["priority"].default) == (
        0,
        99,
        "50",
    )
    assert ipp["txtvers"].fixed == "1"
    assert ipp["Color"].choices == ("T", "F")
    assert re.fullmatch(ipp["product"].pattern or "", "(Acme Laser 9)")
    ipps = {key.name for key in services["ipps/tcp"].keys}
    assert ipps == set(ipp)
    assert services["ipp/tcp"].extensible is True


# -- layering ---------------------------------------------------------------------------


def test_layer_fills_services_the_registry_leaves_empty(registry: Catalogue) -> None:
    before = registry.get("_matterc._udp")
    assert before is not None and before.note.status is NoteStatus.NONE
    layered = layer(registry)
    assert isinstance(layered, LayeredCatalogue)
    entry = layered.get("_matterc._udp")
    assert entry is not None
    assert entry.note.status is NoteStatus.KEYS
    assert entry.description == before.description  # registry wording kept
    assert entry.note.raw == before.note.raw
    d_key = entry.note.key("d")
    assert d_key is not None and d_key.origin is Origin.OVERLAY and d_key.maximum == 4095
    hap = layered.get("_hap._tcp")
    assert hap is not None and hap.note.key("c#") is not None
    ipp = layered.get("ipp", "tcp")
    assert ipp is not None and ipp.note.extensible
    # entries the overlays do not name are untouched
    assert layered.get("_matterc._tcp") == registry.get("_matterc._tcp")
    assert len(layered) == len(registry)
    assert layered.updated == registry.updated


def test_layer_without_shipped_overlays_changes_nothing(registry: Catalogue) -> None:
    layered = layer(registry, shipped=False)
    assert list(layered) == list(registry)
    assert layered.overrides == ()


def test_private_service_becomes_a_new_entry(registry: Catalogue) -> None:
    assert registry.get("_myco._tcp") is None
    layered = layer(registry, user_files=[DATA / "myco.toml"])
    entry = layered.get("_myco._tcp")
    assert entry is not None
    assert entry.description == "MyCo sensor hub"
    assert entry.references == ("https://example.com/myco/txt",)
    assert entry.note.extensible is False
    fw = entry.note.key("fw")
    assert fw is not None
    assert fw.origin is Origin.USER
    assert fw.required and fw.kind is KeyKind.VERSION
    assert fw.source == "MyCo device protocol 2.1, s3.1"
    token = entry.note.key("token")
    assert token is not None and token.secret and token.max_length == 64
    assert describe_origin(fw) == "user: MyCo device protocol 2.1, s3.1"
    assert len(layered) == len(registry) + 1


def test_user_file_wins_over_the_shipped_overlay_and_is_recorded(registry: Catalogue) -> None:
    layered = layer(registry, user_files=[DATA / "user_matter.toml"])
    entry = layered.get("matterc", "udp")
    assert entry is not None
    d_key = entry.note.key("D")
    assert d_key is not None
    assert d_key.origin is Origin.USER and d_key.maximum == 15
    assert d_key.source == "user_matter.toml"  # a user key without a source names its file
    # the other shipped keys stay
    vp = entry.note.key("VP")
    assert vp is not None and vp.origin is Origin.OVERLAY
    overrides = layered.overrides_for(entry)
    assert [(o.key, o.differences) for o in overrides] == [("D", ("maximum", "pattern"))]
    assert overrides[0].replaced.origin is Origin.OVERLAY
    assert "maximum 4095 -> 15" in overrides[0].summary()


def test_user_key_conflicting_with_the_registry_is_kept_and_recorded(
    registry: Catalogue, tmp_path: Path
) -> None:
    schema = tmp_path / "http.toml"
    schema.write_text(
        '[[service]]\nname = "_http._tcp"\n\n'
        '[[service.key]]\nname = "PATH"\nkind = "text"\nrequired = true\n'
        '\n[[service.key]]\nname = "lang"\nchoices = ["en", "de"]\n',
        encoding="utf-8",
    )
    layered = layer(registry, user_files=[schema], shipped=False)
    entry = layered.get("http")
    assert entry is not None
    path = entry.note.key("path")
    assert path is not None and path.name == "PATH" and path.origin is Origin.USER
    assert [key.name for key in entry.note.keys] == ["PATH", "lang"]
    (override,) = layered.overrides_for("_http._tcp")
    assert override.conflicts
    assert override.differences == ("kind", "optional")
    assert override.replaced.origin is Origin.REGISTRY
    assert override.file == str(schema)
    assert override.summary() == (
        f"PATH: {schema} overrides the registry definition "
        "(kind path -> text, optional unstated -> required)"
    )


def test_schema_dir_from_environment(
    registry: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(DATA / "myco.toml", tmp_path / "b-myco.toml")
    (tmp_path / "a-notes.txt").write_text("not a schema", encoding="utf-8")
    monkeypatch.setenv(SCHEMA_DIR_ENV, str(tmp_path))
    assert env_overlay_files() == (tmp_path / "b-myco.toml",)
    assert layer(registry).get("_myco._tcp") is not None
    assert layer(registry, use_env=False).get("_myco._tcp") is None


def test_schema_dir_that_is_not_a_directory(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(OverlayError, match=r"TXTKEYS_SCHEMA_DIR is .*not a directory"):
        env_overlay_files({SCHEMA_DIR_ENV: str(missing)})


def test_missing_schema_file(registry: Catalogue, tmp_path: Path) -> None:
    with pytest.raises(OverlayError, match=r"schema file .*absent\.toml does not exist"):
        layer(registry, user_files=[tmp_path / "absent.toml"])


def test_layer_over_the_compiled_real_registry() -> None:
    shared = _shared()
    if shared is None:
        pytest.skip("the shared IANA registry (shared/iana) is not next to this repository")
    catalogue = Catalogue.from_registry(shared / "iana" / "service-names-port-numbers.xml")
    layered = layer(catalogue, user_files=[DATA / "myco.toml"])
    entry = layered.get("_matterc._udp")
    assert entry is not None and entry.note.key("D") is not None
    assert layered.get("_myco._tcp") is not None
    assert len(layered) == len(catalogue) + 1


# -- the file format --------------------------------------------------------------------


def test_keys_from_copies_and_lets_later_keys_replace() -> None:
    overlay = parse_overlay(
        'source = { spec = "S", version = "1" }\n'
        '[[service]]\nname = "_a._tcp"\n'
        '[[service.key]]\nname = "x"\nkind = "integer"\nsection = "2"\n'
        '[[service.key]]\nname = "y"\n'
        '[[service]]\nname = "_a._udp"\nkeys_from = "_a._tcp"\n'
        '[[service.key]]\nname = "Y"\nkind = "text"\n'
        'source = { spec = "Other" }\n',
        source="inline.toml",
        origin=Origin.USER,
    )
    udp = overlay.services[1]
    assert [(key.name, key.kind) for key in udp.keys] == [
        ("x", KeyKind.INTEGER),
        ("Y", KeyKind.TEXT),
    ]
    assert udp.keys[0].source == "S 1, s2"
    assert udp.keys[1].source == "Other"  # a new spec does not inherit version or section


def test_choices_without_kind_make_an_enum_and_integers_become_text() -> None:
    overlay = parse_overlay(
        '[[service]]\nname = "_a._tcp"\n'
        '[[service.key]]\nname = "n"\nchoices = [1, 2]\ndefault = 2\n'
    )
    (key,) = overlay.services[0].keys
    assert key.kind is KeyKind.ENUM
    assert key.choices == ("1", "2")
    assert key.default == "2"


def test_boolean_value_is_refused_with_a_hint() -> None:
    with pytest.raises(OverlayError, match=r"<overlay>:4: default = true: TXT values are text"):
        parse_overlay(
            '[[service]]\nname = "_a._tcp"\n[[service.key]]\ndefault = true\nname = "c"\n'
        )


def test_unsupported_format_version() -> None:
    with pytest.raises(OverlayError, match=r"x.toml:1: format = 2 is not supported"):
        parse_overlay("format = 2\n", source="x.toml")


def test_service_described_twice() -> None:
    text = (
        '[[service]]\nname = "_a._tcp"\n[[service.key]]\nname = "x"\n'
        '[[service]]\nname = "a"\nprotocol = "tcp"\n[[service.key]]\nname = "y"\n'
    )
    with pytest.raises(OverlayError, match=r":6: service a/tcp is described twice"):
        parse_overlay(text)


@pytest.mark.parametrize("path", BAD_FILES, ids=[path.stem for path in BAD_FILES])
def test_bad_files_say_file_line_and_what_is_wrong(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = re.fullmatch(r"# expect: (\d+(?::\d+)?): (.*)", first)
    assert match, f"{path.name} must start with '# expect: LINE: message'"
    with pytest.raises(OverlayError) as caught:
        load_overlay(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:{match.group(1)}: "), message
    assert match.group(2) in message
