"""Every --json and --json-lines document matches docs/json-output.schema.json."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from txtkeys.cli import main
from txtkeys.cli._common import JSON_SCHEMA_VERSION

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[1] / "docs" / "json-output.schema.json").read_text("utf-8")
)
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def _documents(argv: list[str], capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    main(argv)
    out = capsys.readouterr().out
    return (
        [json.loads(out)]
        if out.lstrip().startswith("{\n")
        else [json.loads(line) for line in out.splitlines() if line]
    )


@pytest.mark.parametrize(
    ("argv", "kind"),
    [
        (["check", "wot/udp", "td=/td", "scheme=https", "--json"], "check"),
        (["check", "--hex", "0674643d2f7464", "--json"], "check"),
        (["show", "_matterc._udp", "--json"], "show"),
        (["show", "ssh", "--json"], "show"),
        (["search", "password", "--json"], "search"),
        (["info", "--json"], "info"),
        (["show", "no-such-service-x", "--json"], "error"),
        (["check", "--json"], "error"),
    ],
)
def test_documents_match_the_schema(
    argv: list[str], kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (document,) = _documents(argv, capsys)
    assert document["schema_version"] == JSON_SCHEMA_VERSION and document["document"] == kind
    VALIDATOR.validate(document)


def test_check_files_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.bin"
    good.write_bytes(b"\x06td=/td")
    missing = tmp_path / "missing.bin"
    (document,) = _documents(["check", "wot", "--wire", str(good), str(missing), "--json"], capsys)
    assert document["document"] == "check-files"
    VALIDATOR.validate(document)


def test_the_schema_refuses_what_is_not_a_document() -> None:
    bad = {"schema_version": 1, "document": "check", "service": None, "valid": "yes"}
    with pytest.raises(jsonschema.ValidationError):
        VALIDATOR.validate(bad)
    with pytest.raises(jsonschema.ValidationError):
        VALIDATOR.validate({"document": "check", "service": None, "valid": True, "issues": []})
