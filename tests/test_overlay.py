"""Schema overlays: the file format, the shipped files, and layering them in a SchemaSet."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from defusedxml import ElementTree

from conftest import MATERIAL
from txtkeys.catalogue.store import Catalogue, CatalogueEntry
from txtkeys.checks.validate import validate
from txtkeys.errors import OverlayError
from txtkeys.overlays.files import Overlay, OverlayService, load_overlay, parse_overlay
from txtkeys.overlays.locate import SCHEMA_DIR_ENV, env_overlay_files, shipped_overlay_files
from txtkeys.schema.fields import KeyFacts
from txtkeys.schema.models import KeyKind, KeySchema, NoteStatus, Origin, TxtNote
from txtkeys.schemaset import SchemaSet, describe_origin

DATA = Path(__file__).resolve().parent / "data" / "overlays"
BAD_FILES = sorted(DATA.glob("bad_*.toml"))
REGISTRY_XML = MATERIAL / "iana" / "service-names-port-numbers.xml"


def _shipped() -> list[Overlay]:
    return [load_overlay(path, origin=Origin.OVERLAY) for path in shipped_overlay_files()]


def _services() -> dict[str, OverlayService]:
    return {service.label: service for overlay in _shipped() for service in overlay.services}


def _keys(service: OverlayService) -> dict[str, KeyFacts]:
    return {key["name"]: KeyFacts(key) for key in service.keys}


def _registry_entries(names: set[str]) -> list[CatalogueEntry]:
    """The real registry records of ``names``, read straight from the IANA XML."""
    tree = ElementTree.parse(REGISTRY_XML)
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


def test_shipped_files_are_the_curated_overlays() -> None:
    names = [path.name for path in shipped_overlay_files()]
    assert {"homekit.toml", "ipp.toml", "matter.toml"} <= set(names)
    assert names == sorted(names)


def test_every_shipped_key_names_its_source() -> None:
    for overlay in _shipped():
        assert overlay.origin is Origin.OVERLAY
        for service in overlay.services:
            for key in _keys(service).values():
                assert key.origin is Origin.OVERLAY
                assert key.source, f"{service.label} {key.name} has no source"
                assert key.description, f"{service.label} {key.name} has no description"


def test_matter_keys_follow_the_core_specification() -> None:
    services = _services()
    commissionable = services["matterc/udp"]
    keys = _keys(commissionable)
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
    assert {"SII", "SAI", "SAT", "T", "ICD"} <= set(_keys(services["matter/tcp"]))
    assert commissionable.extensible is False


def test_homekit_and_ipp_keys() -> None:
    services = _services()
    hap = _keys(services["hap/tcp"])
    assert set(hap) == {"c#", "ff", "id", "md", "pv", "s#", "sf", "ci", "sh"}
    assert hap["s#"].fixed == "1"
    assert hap["pv"].default == "1.0"
    assert hap["id"].kind is KeyKind.MAC
    assert re.fullmatch(hap["id"].pattern or "", "AA:BB:CC:DD:EE:FF")
    ipp = _keys(services["ipp/tcp"])
    priority = ipp["priority"]
    assert (priority.minimum, priority.maximum, priority.default) == (0, 99, "50")
    assert ipp["txtvers"].fixed == "1"
    assert ipp["Color"].choices == ("T", "F")
    assert re.fullmatch(ipp["product"].pattern or "", "(Acme Laser 9)")
    assert set(_keys(services["ipps/tcp"])) == set(ipp)
    assert services["ipp/tcp"].extensible is True


# -- layering ---------------------------------------------------------------------------


def test_overlays_fill_services_the_registry_leaves_empty(registry: Catalogue) -> None:
    before = registry.get("_matterc._udp")
    assert before is not None and before.note.status is NoteStatus.NONE
    schema = SchemaSet(registry).resolve("_matterc._udp")
    assert schema is not None and schema.status is NoteStatus.KEYS
    assert schema.description == before.description  # registry wording kept
    assert schema.raw == before.note.raw
    d_key = schema.key("d")
    assert d_key is not None and d_key.origin is Origin.OVERLAY and d_key.maximum == 4095
    assert schema.sources == ("matter.toml",)
    hap = SchemaSet(registry).resolve("_hap._tcp")
    assert hap is not None and hap.key("c#") is not None
    ipp = SchemaSet(registry).resolve("ipp")
    assert ipp is not None and ipp.extensible
    # services the overlays do not name are the registry's
    plain = SchemaSet(registry).resolve("_matterc._tcp")
    registry_only = SchemaSet(registry, shipped=False).resolve("_matterc._tcp")
    assert plain is not None and registry_only is not None
    assert plain.note == registry_only.note and plain.sources == ()


def test_without_shipped_overlays_the_registry_answers(registry: Catalogue) -> None:
    schemas = SchemaSet(registry, shipped=False)
    assert schemas.overlay_files == ()
    for entry in registry:
        schema = schemas.resolve(f"{entry.name}/{entry.protocol or 'tcp'}")
        assert schema is not None and schema.overrides == ()
        assert schema.txt_note == entry.note


def test_layering_reads_only_what_a_lookup_needs(registry: Catalogue) -> None:
    schemas = SchemaSet(registry)
    schemas.resolve("http")
    layers = schemas._layers
    # A shipped file comes from the compiled index (overlays.index), never parsed here.

    assert all(
        layer._overlay is None or isinstance(layer._overlay, Overlay)
        for layer in layers
        if "http" not in (layer._text or "")
    )


def test_private_service_is_a_new_service(registry: Catalogue) -> None:
    assert registry.get("_myco._tcp") is None
    schema = SchemaSet(registry, files=[DATA / "myco.toml"]).resolve("_myco._tcp")
    assert schema is not None and not schema.in_registry
    assert schema.description == "MyCo sensor hub"
    assert schema.references == ("https://example.com/myco/txt",)
    assert schema.closed and not schema.extensible
    fw = schema.key("fw")
    assert fw is not None
    assert fw.origin is Origin.USER
    assert fw.required and fw.kind is KeyKind.VERSION
    assert fw.source == "MyCo device protocol 2.1, s3.1"
    token = schema.key("token")
    assert token is not None and token.secret and token.max_length == 64
    assert describe_origin(fw) == "user: MyCo device protocol 2.1, s3.1"


def test_user_file_wins_over_the_shipped_overlay_and_is_recorded(registry: Catalogue) -> None:
    schema = SchemaSet(registry, files=[DATA / "user_matter.toml"]).resolve("matterc/udp")
    assert schema is not None
    d_key = schema.key("D")
    assert d_key is not None
    assert d_key.origin is Origin.USER and d_key.maximum == 15
    assert d_key.source == "user_matter.toml"  # a user key without a source names its file
    vp = schema.key("VP")  # the other shipped keys stay
    assert vp is not None and vp.origin is Origin.OVERLAY
    assert [(o.key, o.differences) for o in schema.overrides] == [("D", ("maximum", "pattern"))]
    assert schema.overrides[0].replaced.origin is Origin.OVERLAY
    assert "maximum 4095 -> 15" in schema.overrides[0].summary()


def test_user_key_conflicting_with_the_registry_is_kept_and_recorded(
    registry: Catalogue, tmp_path: Path
) -> None:
    file = tmp_path / "http.toml"
    file.write_text(
        '[[service]]\nname = "_http._tcp"\n\n'
        '[[service.key]]\nname = "PATH"\nkind = "text"\nrequired = true\n'
        '\n[[service.key]]\nname = "lang"\nchoices = ["en", "de"]\n',
        encoding="utf-8",
    )
    schema = SchemaSet(registry, files=[file], shipped=False).resolve("http")
    assert schema is not None
    path = schema.key("path")
    assert path is not None and path.name == "PATH" and path.origin is Origin.USER
    assert [key.name for key in schema.keys] == ["PATH", "lang"]
    (override,) = schema.overrides
    assert override.conflicts
    assert override.differences == ("kind", "optional")
    assert override.replaced.origin is Origin.REGISTRY
    assert override.file == str(file)
    assert override.summary() == (
        f"PATH: {file} overrides the registry definition "
        "(kind path -> text, optional unstated -> required)"
    )


def test_schema_dir_from_environment(
    registry: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(DATA / "myco.toml", tmp_path / "b-myco.toml")
    (tmp_path / "a-notes.txt").write_text("not a schema", encoding="utf-8")
    monkeypatch.setenv(SCHEMA_DIR_ENV, str(tmp_path))
    assert env_overlay_files() == (tmp_path / "b-myco.toml",)
    assert SchemaSet(registry).resolve("_myco._tcp") is not None
    assert SchemaSet(registry, env=False).resolve("_myco._tcp") is None


def test_schema_dir_that_is_not_a_directory(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(OverlayError, match=r"TXTKEYS_SCHEMA_DIR is .*not a directory"):
        env_overlay_files({SCHEMA_DIR_ENV: str(missing)})


def test_missing_schema_file_is_reported_when_the_set_is_made(
    registry: Catalogue, tmp_path: Path
) -> None:
    with pytest.raises(OverlayError, match=r"schema file .*absent\.toml does not exist"):
        SchemaSet(registry, files=[tmp_path / "absent.toml"])


def test_layering_over_the_compiled_real_registry() -> None:
    catalogue = Catalogue.from_registry(REGISTRY_XML)
    schemas = SchemaSet(catalogue, files=[DATA / "myco.toml"])
    matterc = schemas.resolve("_matterc._udp")
    assert matterc is not None and matterc.key("D") is not None and matterc.in_registry
    assert schemas.resolve("_myco._tcp") is not None
    # the same record, the same verdict, whichever way the set is handed over
    record = {"D": "5000", "VP": "65521+32769", "CM": "1"}
    assert validate("_matterc._udp", record, schemas=schemas).codes() == ["S114"]
    assert validate("_matterc._udp", record, schemas=catalogue).codes() == ["S114"]
    assert validate("_matterc._udp", record).codes() == ["S114"]


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
    udp = [KeyFacts(key) for key in overlay.services[1].keys]
    assert [(key.name, key.kind) for key in udp] == [("x", KeyKind.INTEGER), ("Y", KeyKind.TEXT)]
    assert udp[0].source == "S 1, s2"
    assert udp[1].source == "Other"  # a new spec does not inherit version or section


def test_choices_without_kind_make_an_enum_and_integers_become_text() -> None:
    overlay = parse_overlay(
        '[[service]]\nname = "_a._tcp"\n'
        '[[service.key]]\nname = "n"\nchoices = [1, 2]\ndefault = 2\n'
    )
    (raw,) = overlay.services[0].keys
    key = KeyFacts(raw)
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


def test_a_long_name_devices_use_is_accepted_and_checked_with_a_warning(tmp_path: Path) -> None:
    file = tmp_path / "atv.toml"
    file.write_text(
        '[[service]]\nname = "_androidtvremote2._tcp"\nextensible = true\n'
        '[[service.key]]\nname = "bt"\nkind = "mac"\n',
        encoding="utf-8",
    )
    report = validate(
        "_androidtvremote2._tcp", {"bt": "AA:BB:CC:DD:EE:FF"}, schemas=SchemaSet(files=[file])
    )
    assert report.ok and report.codes() == ["R013"]
    assert report.issues[0].severity == "warning" and "16 characters" in report.issues[0].message
