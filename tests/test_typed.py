"""Models and JSON Schema generated from key schemas."""

from __future__ import annotations

import pydantic
import pytest

from test_checks import make_catalogue
from txtkeys.errors import UnknownServiceError
from txtkeys.schemaset import SchemaSet
from txtkeys.typed import json_schema, model_for

# The registry layer alone: these tests are about making models, not the shipped overlays.
CAT = SchemaSet(make_catalogue(), shipped=False, env=False)


def test_model_literals_and_defaults() -> None:
    model = model_for("wot/udp", schemas=CAT)
    record = model.model_validate({"td": "/td"})
    assert record.model_dump(by_alias=True) == {"td": "/td", "type": "Thing", "scheme": "coap"}
    with pytest.raises(pydantic.ValidationError, match="'coap' or 'coaps'"):
        model.model_validate({"td": "/td", "scheme": "https"})
    # Unknown keys are findings, never errors (RFC 6763 s6.7), as in validate.
    assert model.model_validate({"td": "/td", "colour": "red"}).model_extra == {"colour": "red"}


def test_model_hex_pattern_and_length() -> None:
    model = model_for("_jnx-kcsync._tcp", schemas=CAT)
    good = "5e7580598c0d7064d4fc79faaeb42585e1a675f8"
    assert model.model_validate({"hash": good}).hash == good  # type: ignore[attr-defined]
    with pytest.raises(pydantic.ValidationError, match="10 bytes; wants 40 to 40"):
        model.model_validate({"hash": good[:10]})
    with pytest.raises(pydantic.ValidationError, match="pattern"):
        model.model_validate({"hash": "z" * 40})


def test_model_required_flag_and_integer_range() -> None:
    model = model_for("txtlab", schemas=CAT)
    with pytest.raises(pydantic.ValidationError, match="id"):
        model.model_validate({})
    record = model.model_validate({"id": "x", "n": "3"})
    assert record.n == 3  # type: ignore[attr-defined]
    assert record.ro is False  # type: ignore[attr-defined]
    with pytest.raises(pydantic.ValidationError):
        model.model_validate({"id": "x", "n": "9"})


def test_json_schema() -> None:
    schema = json_schema("wot/udp", schemas=CAT)
    assert schema["$schema"].endswith("2020-12/schema")
    assert "required" not in schema  # the note does not say td must be present
    # a kind's shape lets an empty value pass, as validate does
    assert schema["properties"]["td"]["pattern"] == "^(?:(?:/\\S*)|)$"
    assert json_schema("txtlab", schemas=CAT)["required"] == ["id"]
    scheme = schema["properties"]["scheme"]
    assert scheme["enum"] == ["coap", "coaps"] and scheme["type"] == "string"
    assert scheme["default"] == "coap"
    assert schema["additionalProperties"] is True
    assert json_schema("ipp", schemas=CAT)["x-references"] == ["BonjourPrinting.pdf"]


def test_unknown_service() -> None:
    with pytest.raises(UnknownServiceError, match="not in the service registry"):
        model_for("nosuch", schemas=CAT)
