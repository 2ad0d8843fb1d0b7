"""Models and JSON Schema generated from key schemas."""

from __future__ import annotations

import pydantic
import pytest

from test_checks import make_catalogue
from txtkeys.errors import UnknownServiceError
from txtkeys.schema.typed import json_schema, model_for

CAT = make_catalogue()


def test_model_literals_and_defaults() -> None:
    model = model_for("wot/udp", catalogue=CAT)
    record = model.model_validate({"td": "/td"})
    assert record.model_dump(by_alias=True) == {"td": "/td", "type": "Thing", "scheme": "coap"}
    with pytest.raises(pydantic.ValidationError, match="'coap' or 'coaps'"):
        model.model_validate({"td": "/td", "scheme": "https"})
    with pytest.raises(pydantic.ValidationError, match="extra"):
        model.model_validate({"td": "/td", "colour": "red"})


def test_model_hex_pattern_and_length() -> None:
    model = model_for("_jnx-kcsync._tcp", catalogue=CAT)
    good = "5e7580598c0d7064d4fc79faaeb42585e1a675f8"
    assert model.model_validate({"hash": good}).hash == good  # type: ignore[attr-defined]
    with pytest.raises(pydantic.ValidationError, match="at least 40"):
        model.model_validate({"hash": good[:10]})
    with pytest.raises(pydantic.ValidationError, match="pattern"):
        model.model_validate({"hash": "z" * 40})


def test_model_required_flag_and_integer_range() -> None:
    model = model_for("txtlab", catalogue=CAT)
    with pytest.raises(pydantic.ValidationError, match="id"):
        model.model_validate({})
    record = model.model_validate({"id": "x", "n": "3"})
    assert record.n == 3  # type: ignore[attr-defined]
    assert record.ro is False  # type: ignore[attr-defined]
    with pytest.raises(pydantic.ValidationError):
        model.model_validate({"id": "x", "n": "9"})


def test_json_schema() -> None:
    schema = json_schema("wot/udp", catalogue=CAT)
    assert schema["$schema"].endswith("2020-12/schema")
    assert "required" not in schema  # the note does not say td must be present
    assert schema["properties"]["td"]["anyOf"][0]["pattern"] == "^/\\S*$"
    assert json_schema("txtlab", catalogue=CAT)["required"] == ["id"]
    scheme = schema["properties"]["scheme"]
    assert {"enum": ["coap", "coaps"], "type": "string"} in scheme["anyOf"]
    assert scheme["default"] == "coap"
    assert schema["additionalProperties"] is False
    assert json_schema("ipp", catalogue=CAT)["x-references"] == ["BonjourPrinting.pdf"]


def test_unknown_service() -> None:
    with pytest.raises(UnknownServiceError, match="not in the service registry"):
        model_for("nosuch", catalogue=CAT)
