"""One schema for every surface: the schema set, and Python and the CLI agreeing on it.

The parity test runs, for every service of every shipped overlay and for a user schema
file, a valid record and invalid ones through ``validate``, ``build_service_info``,
``model_for``, ``json_schema`` and the CLI (``check``, ``build``, ``schema``), and
asserts they all give the same verdict.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import pydantic
import pytest

import txtkeys
from txtkeys.checks.rules import shape_pattern
from txtkeys.cli import main
from txtkeys.errors import TxtkeysError, ValidationError
from txtkeys.overlays.files import load_overlay
from txtkeys.schema.fields import KEY_FIELDS, NOTE_FIELDS, OVERLAY_KEY_FIELDS, KeyFacts
from txtkeys.schema.kinds import KeyKind, Origin
from txtkeys.schema.models import KeySchema, TxtNote
from txtkeys.schemaset import SchemaSet, ServiceSchema

DATA = Path(__file__).resolve().parent / "data" / "overlays"
USER_FILE = DATA / "myco.toml"

# -- one definition of a key's fields -----------------------------------------------------


def test_every_form_of_a_key_has_the_same_fields() -> None:
    assert tuple(KeySchema.model_fields) == tuple(KEY_FIELDS)
    assert tuple(TxtNote.model_fields) == tuple(NOTE_FIELDS)
    assert KeyFacts.__slots__ == tuple(KEY_FIELDS)
    for name, default in KEY_FIELDS.items():
        if name != "name":
            assert KeySchema.model_fields[name].default == default, name
    # an overlay file writes every field but 'optional' (as 'required') and 'origin'
    assert set(OVERLAY_KEY_FIELDS) == (set(KEY_FIELDS) - {"optional", "origin"}) | {
        "required",
        "section",
    }


def test_compiled_keys_use_only_the_defined_fields() -> None:
    schemas = SchemaSet(shipped=False, env=False)
    for service in ("wot", "_adisk._tcp", "ipp", "http", "ssh"):
        schema = schemas.resolve(service)
        assert schema is not None
        for key in schema.note.get("keys", ()):
            assert set(key) <= set(KEY_FIELDS), key


def test_key_facts_and_the_model_read_the_same_json() -> None:
    for overlay in (load_overlay(USER_FILE), load_overlay(DATA / "user_matter.toml")):
        for service in overlay.services:
            for raw in service.keys:
                facts, model = KeyFacts(raw), KeySchema.model_validate(raw)
                assert {f: getattr(facts, f) for f in KEY_FIELDS} == model.model_dump()


# -- the bugs of the issue, as tests -------------------------------------------------------


def test_python_and_cli_agree_on_matter(capsys: pytest.CaptureFixture[str]) -> None:
    record = {"D": "5000", "VP": "65521+32769", "CM": "1"}
    report = txtkeys.validate("_matterc._udp", record)
    assert not report.ok and report.codes() == ["S114"]
    assert main(["check", "_matterc._udp", "D=5000", "VP=65521+32769", "CM=1"]) == 1
    assert "S114" in capsys.readouterr().out
    with pytest.raises(ValidationError, match="S114"):
        txtkeys.build_service_info("_matterc._udp", "Lamp", 5540, record, addresses=["::1"])


def test_models_and_json_schema_see_the_shipped_overlays() -> None:
    assert "c#" in txtkeys.json_schema("_hap._tcp")["properties"]
    model = txtkeys.model_for("_matterc._udp")
    assert {"d", "vp", "cm"} <= set(model.model_fields)
    with pytest.raises(pydantic.ValidationError):
        model.model_validate({"D": "5000"})


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["_hap._tcp", "c#=2", "id=nothex", "md=Lamp", "pv=1.1", "s#=1", "sf=1", "ci=5"], "S113"),
        (["_matterc._udp", "D=abc"], "S113"),
    ],
)
def test_a_stated_kind_is_enforced(
    argv: list[str], code: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", *argv, "--json"]) == 1
    issues = json.loads(capsys.readouterr().out)["issues"]
    assert {"severity": "error", "code": code} in [
        {"severity": i["severity"], "code": i["code"]} for i in issues
    ]
    # and the pattern is checked as well, whatever the kind check said
    assert "S115" in [i["code"] for i in issues]


def test_both_subtype_spellings_mean_the_same_subtype() -> None:
    for subtype in ("_printer", "printer"):
        info = txtkeys.build_service_info(
            "http", "Printer", 631, {"path": "/"}, subtypes=[subtype], addresses=["127.0.0.1"]
        )
        assert info.type == "_printer._sub._http._tcp.local."
        assert info.name == "Printer._http._tcp.local."


def test_a_subtype_in_the_service_argument_is_kept(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["build", "_printer._sub._wot._tcp", "--name", "x", "--port", "80", "td=/x"]
    assert main([*argv, "--format", "avahi"]) == 0
    assert "<subtype>_printer._sub._wot._tcp</subtype>" in capsys.readouterr().out
    assert main([*argv, "--format", "dns-sd"]) == 0
    assert "_wot._tcp,_printer" in capsys.readouterr().out


def test_a_bad_subtype_or_host_is_exit_2_with_a_fix(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["build", "wot", "--name", "x", "--port", "80", "--subtype", "bad sub!", "td=/x"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "subtype 'bad sub!'" in err and "_printer" in err
    with pytest.raises(TxtkeysError, match="host name"):
        txtkeys.build_service_info("wot", "x", 80, {"td": "/x"}, server="bad host!")


def test_a_bare_host_gets_the_local_domain() -> None:
    info = txtkeys.build_service_info("wot", "x", 80, {"td": "/x"}, server="myhost")
    assert info.server == "myhost.local."
    info = txtkeys.build_service_info("wot", "x", 80, {"td": "/x"}, server="myhost.local")
    assert info.server == "myhost.local."


def test_the_advertised_host_is_the_same_rule() -> None:
    from txtkeys.live.mdns import _host_for

    assert _host_for("Lamp", "myhost") == "myhost.local."
    assert _host_for("My Lamp!", None) == "My-Lamp.local."


# -- what a lookup costs --------------------------------------------------------------------


def _modules_after(code: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys; print(' '.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(done.stdout.split())


@pytest.mark.parametrize(
    "argv",
    [
        ["show", "wot"],
        ["show", "_matterc._udp"],
        ["search", "password"],
        ["build", "wot", "--name", "x", "--port", "80", "td=/x", "--format", "hex"],
        ["build", "_hap._tcp", "c#=2", "id=AA:BB:CC:DD:EE:FF", "md=x", "s#=1", "sf=1", "ci=5"],
        ["schema", "_matterc._udp"],
        ["check", "_matterc._udp", "D=5"],
    ],
)
def test_commands_import_no_pydantic_unless_a_model_is_asked_for(argv: list[str]) -> None:
    modules = _modules_after(
        f"from txtkeys.cli import main\nimport contextlib, io\n"
        f"with contextlib.redirect_stdout(io.StringIO()):\n    status = main({argv!r})\n"
        "assert status in (0, 1), status"
    )
    assert "pydantic" not in modules


def test_check_parses_no_overlay_file_that_cannot_describe_the_service() -> None:
    modules = _modules_after(
        "from txtkeys.cli import main\nassert main(['check', 'wot', 'td=/x']) == 0"
    )
    assert "tomllib" not in modules and "txtkeys.overlays.files" not in modules


# -- parity ------------------------------------------------------------------------------------

_SAMPLES = {
    KeyKind.INTEGER: ("1", "0", "2", "10"),
    KeyKind.NUMBER: ("1.5", "1"),
    KeyKind.BOOLEAN: ("true", "T", "1", "yes"),
    KeyKind.HEX: ("00ff", "0123456789ABCDEF", "0123456789abcdef0123"),
    KeyKind.UUID: ("123e4567-e89b-12d3-a456-426614174000",),
    KeyKind.MAC: ("AA:BB:CC:DD:EE:FF", "aa:bb:cc:dd:ee:ff"),
    KeyKind.IP: ("192.0.2.1",),
    KeyKind.URL: ("https://example.com/x",),
    KeyKind.PATH: ("/x",),
    KeyKind.VERSION: ("1.0", "1.0.0"),
    KeyKind.HOST: ("host.local",),
}


def _candidates(key: KeyFacts) -> Iterator[str]:
    if key.fixed is not None:
        yield key.fixed
    for value in (key.default, key.example, *key.choices):
        if value is not None:
            yield value
    if key.kind is KeyKind.INTEGER:
        for bound in (key.minimum, key.maximum):
            if bound is not None:
                yield str(bound)
    yield from _SAMPLES.get(key.kind, ("x", "abc", "1", "1.0"))
    low = key.min_length or 1
    yield "a" * low


@dataclass(frozen=True)
class Case:
    service: str
    record: dict[str, str | bool]
    valid: bool
    why: str


def _error_keys(schemas: SchemaSet, service: str, record: Mapping[str, object]) -> set[str]:
    report = txtkeys.validate(service, _wire(record), schemas=schemas)
    return {issue.key or "" for issue in report.errors}


def _wire(record: Mapping[str, object]) -> dict[str, str | None]:
    return {k: None if v is True else str(v) for k, v in record.items()}


def _valid_record(schemas: SchemaSet, service: str, schema: ServiceSchema) -> dict[str, object]:
    record: dict[str, object] = {}
    usable = [key for key in schema.keys if key.key_pattern is None]
    for key in sorted(usable, key=lambda k: not k.required):  # required keys first
        if key.kind is KeyKind.FLAG:
            record[key.name] = True
            continue
        for candidate in _candidates(key):
            if key.name not in _error_keys(schemas, service, {**record, key.name: candidate}):
                record[key.name] = candidate
                break
        else:
            assert not key.required, f"{service}: no value found for required key {key.name}"
    return record


def _invalid_records(
    schema: ServiceSchema, valid: dict[str, object]
) -> Iterator[tuple[dict[str, object], str]]:
    yield from _schema_breaks(schema, valid)
    # A value no TXT string can hold (RFC 6763 s6.1: 255 bytes with 'key='): every
    # surface refuses it, whatever the key's kind.
    breaks = [
        (key, length)
        for key in schema.keys
        if key.kind is not KeyKind.FLAG
        for length in (300, 255 - len(key.name))  # far over, and one byte over
    ]
    for key, length in breaks[:2]:
        name = key.name if key.key_pattern is None else _family_member(key)
        yield {**valid, name: "a" * length}, f"{name} {length} bytes, over a TXT string"


def _family_member(key: KeyFacts) -> str:
    """A key name of a numbered family (``dk[0-9]+`` -> ``dk0``)."""
    import re

    stem = re.match(r"[A-Za-z_-]*", key.key_pattern or "")
    name = (stem.group(0) if stem else "") + "0"
    assert re.fullmatch(key.key_pattern or "", name, re.IGNORECASE), key.key_pattern
    return name


def _schema_breaks(
    schema: ServiceSchema, valid: dict[str, object]
) -> Iterator[tuple[dict[str, object], str]]:
    for key in schema.keys:
        if key.key_pattern is not None or key.name not in valid or key.lenient:
            continue
        if key.required:
            yield {k: v for k, v in valid.items() if k != key.name}, f"{key.name} missing"
        if key.fixed is not None:
            yield {**valid, key.name: key.fixed + "x"}, f"{key.name} not the fixed value"
        elif key.choices:
            bad = "not-a-choice"
            yield {**valid, key.name: bad}, f"{key.name} not a choice"
        elif key.kind is KeyKind.INTEGER and key.maximum is not None:
            yield {**valid, key.name: str(key.maximum + 1)}, f"{key.name} above maximum"
        elif key.kind is KeyKind.INTEGER and key.minimum is not None:
            yield {**valid, key.name: str(key.minimum - 1)}, f"{key.name} below minimum"
        elif key.max_length is not None and key.kind not in (KeyKind.BINARY, KeyKind.ANY):
            long = "a" * (key.max_length + 1)
            if key.kind is KeyKind.HEX:
                long = "0" * (key.max_length + 1)
            yield {**valid, key.name: long}, f"{key.name} too long"
        elif key.pattern is not None or shape_pattern(key.kind) is not None:
            yield {**valid, key.name: "!?"}, f"{key.name} not of its {key.kind.value} shape"


def _cases() -> Iterator[tuple[str, Case]]:
    shipped = SchemaSet(env=False)
    user = SchemaSet(env=False, files=[USER_FILE])
    described = dict.fromkeys(f"_{n}._{p}".lower() for n, p in shipped.described_by_overlays())
    services = [(shipped, service, "shipped") for service in described]
    services.append((user, "_myco._tcp", "user"))
    for schemas, service, where in services:
        schema = schemas.resolve(service)
        assert schema is not None
        valid = _valid_record(schemas, service, schema)
        yield where, Case(service, valid, True, "valid")  # type: ignore[arg-type]
        invalid = list(_invalid_records(schema, valid))[:4]
        for record, why in invalid:
            yield where, Case(service, record, False, why)  # type: ignore[arg-type]


CASES = list(_cases())


def test_parity_covers_every_shipped_overlay_service_with_two_invalid_records() -> None:
    services = {case.service for _, case in CASES}
    described = {f"_{n}._{p}".lower() for n, p in SchemaSet(env=False).described_by_overlays()}
    assert {service.lower() for service in services} == described | {"_myco._tcp"}
    for service in services:
        verdicts = [case.valid for _, case in CASES if case.service == service]
        assert verdicts.count(True) == 1 and verdicts.count(False) >= 2, service


def _json_instance(schema: ServiceSchema, record: Mapping[str, object]) -> dict[str, object]:
    """A record in the JSON form ``json_schema`` describes: integer keys as numbers."""
    out: dict[str, object] = {}
    for name, value in record.items():
        key = schema.key(name)
        if key is not None and key.kind is KeyKind.INTEGER and isinstance(value, str):
            try:
                out[name] = int(value)
                continue
            except ValueError:
                pass
        out[name] = value
    return out


@pytest.mark.parametrize(("where", "case"), CASES, ids=[f"{c.service}:{c.why}" for _, c in CASES])
def test_every_surface_gives_the_same_verdict(
    where: str, case: Case, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [USER_FILE] if where == "user" else []
    schemas = SchemaSet(env=False, files=files)
    schema = schemas.resolve(case.service)
    assert schema is not None
    wire = _wire(case.record)

    assert txtkeys.validate(case.service, wire, schemas=schemas).ok is case.valid

    try:
        txtkeys.build_service_info(
            case.service, "Parity", 8080, wire, addresses=["127.0.0.1"], schemas=schemas
        )
        built = True
    except ValidationError:
        built = False
    assert built is case.valid

    model = txtkeys.model_for(case.service, schemas=schemas)
    try:
        model.model_validate(case.record)
        modelled = True
    except pydantic.ValidationError:
        modelled = False
    assert modelled is case.valid

    document = txtkeys.json_schema(case.service, schemas=schemas)
    errors = list(
        jsonschema.Draft202012Validator(document).iter_errors(_json_instance(schema, case.record))
    )
    assert (not errors) is case.valid, errors

    options = [arg for f in files for arg in ("--schema", str(f))]
    words = [k if v is True else f"{k}={v}" for k, v in case.record.items()]
    capsys.readouterr()
    assert main([*options, "check", case.service, *words]) == (0 if case.valid else 1)
    built_status = main([*options, "build", case.service, "--name", "P", "--port", "80", *words])
    assert built_status == (0 if case.valid else 1)
    capsys.readouterr()
    assert main([*options, "schema", case.service]) == 0
    assert json.loads(capsys.readouterr().out) == document


def test_user_schema_keys_are_user_facts() -> None:
    schema = SchemaSet(env=False, files=[USER_FILE]).resolve("_myco._tcp")
    assert schema is not None
    assert {key.origin for key in schema.keys} == {Origin.USER}


# -- found in review ----------------------------------------------------------------------


def _overlay(tmp_path: Path, text: str) -> Path:
    file = tmp_path / "o.toml"
    file.write_text(text, encoding="utf-8")
    return file


def test_schema_files_before_and_after_the_command_both_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = tmp_path / "a.toml"
    a.write_text(
        '[[service]]\nname = "_alpha1._tcp"\n[[service.key]]\nname = "x"\nrequired = true\n'
    )
    b = tmp_path / "b.toml"
    b.write_text(
        '[[service]]\nname = "_beta1._tcp"\n[[service.key]]\nname = "y"\nrequired = true\n'
    )
    argv = ["--schema", str(a), "check", "alpha1", "z=1", "--schema", str(b), "--json"]
    assert main(argv) == 1
    assert "S102" in [i["code"] for i in json.loads(capsys.readouterr().out)["issues"]]


def test_a_pattern_binds_a_key_of_any_kind_and_number_ranges_and_bytes(tmp_path: Path) -> None:
    schemas = SchemaSet(
        env=False,
        files=[
            _overlay(
                tmp_path,
                '[[service]]\nname = "_nsvc._tcp"\n'
                '[[service.key]]\nname = "p"\npattern = "[a-z]+"\n'
                '[[service.key]]\nname = "r"\nkind = "number"\nminimum = 1\nmaximum = 10\n'
                '[[service.key]]\nname = "t"\nkind = "text"\nmax_length = 4\n',
            )
        ],
    )
    codes = txtkeys.validate("_nsvc._tcp", {"p": "123", "r": "99.5", "t": "éééé"}, schemas=schemas)
    assert sorted(codes.codes()) == ["S106", "S114", "S115"]
    model = txtkeys.model_for("_nsvc._tcp", schemas=schemas)
    for bad in ({"p": "123"}, {"r": "99.5"}, {"t": "éééé"}):
        with pytest.raises(pydantic.ValidationError):
            model.model_validate(bad)
    assert model.model_validate({"p": "abc", "r": "9.5", "t": "éé"})


def test_family_keys_in_json_schema_need_no_inline_flags() -> None:
    document = txtkeys.json_schema("_adisk._tcp")
    (pattern,) = document["patternProperties"]
    assert "(?i)" not in pattern
    import re

    assert re.fullmatch(pattern, "DK12") and re.fullmatch(pattern, "dk0")


def test_a_cached_plan_keeps_the_protocol_asked_for() -> None:
    from txtkeys.names import ServiceType

    schemas = SchemaSet(env=False)
    first = txtkeys.validate(ServiceType.parse("heythings/tcp"), {}, schemas=schemas)
    second = txtkeys.validate(ServiceType.parse("heythings"), {}, schemas=schemas)
    assert "S100" in first.codes() and "S100" not in second.codes()
