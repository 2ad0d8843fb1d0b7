"""Pydantic models and JSON Schema made from a service's merged key schema.

For code that wants typed access to a record (``model_for``) and for other languages'
tooling (``json_schema``). Both read the service from the ``SchemaSet`` in use, so they
see the overlays ``validate`` sees. ``json_schema`` is written from the key facts
directly and does not import pydantic; ``model_for`` does.

Validity follows ``validate``: only what is an error there is refused here. Unknown
keys are never errors (RFC 6763 s6.7), so the models and schemas allow extra keys;
kinds, patterns and ranges from overlays and user schemas are enforced; a value an
earlier version of the specification allowed (``deprecated``) is accepted.
"""

from __future__ import annotations

import keyword
import re
from functools import lru_cache
from typing import TYPE_CHECKING, Annotated, Any, Literal

from .errors import UnknownServiceError
from .names import ServiceType
from .schema.kinds import KeyKind, NoteStatus, Origin
from .schemaset import as_schema_set

if TYPE_CHECKING:
    from pydantic import BaseModel

    from .catalogue.store import Catalogue
    from .schema.fields import KeyFacts
    from .schema.models import KeySchema, TxtNote
    from .schemaset import SchemaSet, ServiceSchema

__all__ = ["json_schema", "model_for", "model_for_note"]

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

# Kinds whose shape binds registry keys too: hex is an error for any origin (S105), and
# integer, uuid and path keys have always been typed so in models. Every other shape
# binds only keys from overlays and user schemas, as in ``validate``.
_ALWAYS_SHAPED = frozenset({KeyKind.HEX, KeyKind.UUID, KeyKind.INTEGER, KeyKind.PATH})


def _longest(key: KeySchema | KeyFacts) -> int:
    """The longest value the key can carry: its max_length, and what a TXT string holds
    after ``key=`` (255 bytes, RFC 6763 s6.1)."""
    room = 255 - len(key.name.encode()) - 1
    return room if key.max_length is None else min(key.max_length, room)


def _pattern(key: KeySchema | KeyFacts) -> str | None:
    """The anchored pattern the whole value must match, as ``validate`` applies it: the
    key's own pattern, else its kind's shape, which (as there) an empty value passes."""
    from .checks.rules import shape_pattern

    if key.pattern is not None:
        return _anchored(key.pattern)
    shape = None
    if key.origin is not Origin.REGISTRY or key.kind in _ALWAYS_SHAPED:
        shape = shape_pattern(key.kind)
    return None if shape is None else _anchored(f"(?:{shape})|")


def _anchored(pattern: str) -> str:
    """A full match, as ``re.fullmatch`` in ``validate``, in a form JSON Schema reads."""
    return f"^(?:{pattern})$"


def _allowed_values(key: KeySchema | KeyFacts) -> tuple[str, ...]:
    """Stated choices plus values an earlier version allowed (a warning, not an error)."""
    return (*key.choices, *(value for value, _ in key.deprecated if value not in key.choices))


def _field_name(key: str, taken: set[str]) -> str:
    name = re.sub(r"\W", "_", key.lower()).strip("_") or "key"
    if name[0].isdigit() or keyword.iskeyword(name) or name.startswith("model_"):
        name = f"k_{name}"
    base, n = name, 2
    while name in taken:
        name, n = f"{base}_{n}", n + 1
    taken.add(name)
    return name


def _annotation(key: KeySchema | KeyFacts) -> Any:
    from pydantic import AfterValidator, BeforeValidator, Field

    if key.kind is KeyKind.FLAG:
        return bool
    if key.lenient:  # its constraints are warnings in validate, so not errors here
        return Annotated[str, Field(max_length=_longest(key))]
    if key.fixed is not None:
        return Literal[key.fixed]
    allowed = _allowed_values(key)
    if allowed:
        return Literal[allowed]
    authoritative = key.origin is not Origin.REGISTRY
    if key.kind is KeyKind.INTEGER:
        integer = Annotated[int, Field(ge=key.minimum, le=key.maximum)]
        if key.pattern is not None:
            return Annotated[integer, BeforeValidator(_pattern_check(key.pattern))]
        return integer
    pattern = _pattern(key)
    text: Any = Annotated[
        str,
        Field(pattern=pattern),
        AfterValidator(_byte_length_check(key.min_length, _longest(key))),
    ]
    if authoritative and key.kind in (KeyKind.NUMBER, KeyKind.IP):
        from .checks.rules import shape_test

        shape = shape_test(key.kind)
        if shape is not None:
            text = Annotated[text, AfterValidator(_shape_check(*shape))]
    if key.kind is KeyKind.NUMBER and (key.minimum is not None or key.maximum is not None):
        text = Annotated[text, AfterValidator(_number_range_check(key.minimum, key.maximum))]
    return text


def _byte_length_check(low: int | None, high: int) -> Any:
    """Lengths count UTF-8 bytes, as on the wire and in ``validate`` (S106)."""

    def check(value: str) -> str:
        size = len(value.encode("utf-8", "surrogatepass"))
        if (low is not None and size < low) or size > high:
            raise ValueError(f"{size} bytes; wants {low or 0} to {high}")
        return value

    return check


def _number_range_check(low: int | None, high: int | None) -> Any:
    def check(value: str) -> str:
        try:
            number = float(value)
        except ValueError:
            return value  # not a number: the shape check speaks to it
        if (low is not None and number < low) or (high is not None and number > high):
            raise ValueError(f"{value} is outside {low}..{high}")
        return value

    return check


def _pattern_check(pattern: str) -> Any:
    matches = re.compile(pattern).fullmatch

    def check(value: object) -> object:
        if isinstance(value, str) and not matches(value):
            raise ValueError(f"must match the pattern {pattern!r}")
        return value

    return check


def _shape_check(test: Any, described: str) -> Any:
    def check(value: str) -> str:
        if value and not test(value):
            raise ValueError(f"expected {described}")
        return value

    return check


def model_for_note(note: TxtNote, name: str = "TxtRecord") -> type[BaseModel]:
    """A pydantic model of a note's keys; fields are aliased by the wire key name."""
    return _model(tuple(note.keys), name)


@lru_cache(maxsize=256)
def _model(keys: tuple[Any, ...], name: str) -> type[BaseModel]:
    from pydantic import ConfigDict, Field, TypeAdapter, create_model, model_validator

    taken: set[str] = set()
    fields: dict[str, Any] = {}
    families: list[tuple[Any, Any]] = []
    for key in keys:
        annotation = _annotation(key)
        if key.key_pattern is not None:  # a family names many keys: checked as extras
            matcher = re.compile(key.key_pattern, re.IGNORECASE).fullmatch
            families.append((matcher, TypeAdapter(annotation)))
            continue
        if key.kind is KeyKind.FLAG:
            default: Any = False
        elif key.required:
            default = ...
        else:
            default = key.default if key.default is not None else None
            annotation = annotation | None
        if (
            key.kind is KeyKind.INTEGER
            and isinstance(default, str)
            and default.lstrip("+-").isdigit()
        ):
            default = int(default)
        fields[_field_name(key.name, taken)] = (
            annotation,
            Field(default, alias=key.name, description=key.description),
        )
    validators: dict[str, Any] = {}
    if families:

        def check_families(record: Any) -> Any:
            for extra, value in (record.model_extra or {}).items():
                for matches, adapter in families:
                    if matches(extra):
                        adapter.validate_python(value)
                        break
            return record

        validators["check_families"] = model_validator(mode="after")(check_families)
    # Patterns are Python regular expressions (docs/overlays.md), so Python checks them.
    config = ConfigDict(extra="allow", populate_by_name=True, frozen=True, regex_engine="python-re")
    model: type[BaseModel] = create_model(
        name, __config__=config, __validators__=validators, **fields
    )
    return model


def _schema_of(service: str | ServiceType, schemas: SchemaSet | Catalogue | None) -> ServiceSchema:
    found = as_schema_set(schemas).resolve(service)
    if found is None:
        label = service.dns_sd if isinstance(service, ServiceType) else service
        raise UnknownServiceError(
            f"{label} is not in the service registry nor in any schema file: check the "
            "spelling (try 'txtkeys search') or describe it in a schema file (--schema FILE)"
        )
    return found


def _title(schema: ServiceSchema) -> str:
    title = "".join(part.capitalize() for part in re.split(r"[^A-Za-z0-9]+", schema.name))
    return f"{title or 'Service'}{(schema.protocol or 'tcp').capitalize()}Txt"


def model_for(
    service: str | ServiceType, *, schemas: SchemaSet | Catalogue | None = None
) -> type[BaseModel]:
    """The pydantic model of a service's TXT keys (Literal choices, patterns, defaults)."""
    schema = _schema_of(service, schemas)
    return _model(schema.keys, _title(schema))


def _property(key: KeySchema | KeyFacts) -> dict[str, Any]:
    prop: dict[str, Any] = {}
    if key.kind is KeyKind.FLAG:
        prop["type"] = "boolean"
    elif key.lenient:  # stated constraints are advice: validate warns, never refuses
        prop.update(type="string", maxLength=_longest(key), **{"x-lenient": True})
    elif key.fixed is not None:
        prop.update(type="string", const=key.fixed)
    elif _allowed_values(key):
        prop.update(type="string", enum=list(_allowed_values(key)))
    elif key.kind is KeyKind.INTEGER:
        prop["type"] = "integer"  # a record's JSON form carries integer keys as numbers
        if key.minimum is not None:
            prop["minimum"] = key.minimum
        if key.maximum is not None:
            prop["maximum"] = key.maximum
        if key.pattern is not None:
            prop["x-text-pattern"] = _anchored(key.pattern)
    else:
        prop["type"] = "string"
        text_pattern = _pattern(key)
        if text_pattern is not None:
            prop["pattern"] = text_pattern
        if key.min_length is not None:
            prop["minLength"] = key.min_length
        prop["maxLength"] = _longest(key)
    if key.default is not None:
        prop["default"] = key.default
    if key.description:
        prop["description"] = key.description
    if key.deprecated:
        prop["x-deprecated-values"] = {value: why for value, why in key.deprecated}
    prop["x-kind"] = key.kind.value
    return prop


def _any_case(pattern: str) -> str:
    """``pattern`` matching letters in either case without ``(?i)``, which JSON Schema's
    (ECMA-262) regular expressions lack: ``dk[0-9]+`` -> ``[dD][kK][0-9]+``; a class
    gets its letters' other case added (``[a-f]`` -> ``[a-fA-F]``)."""
    out: list[str] = []
    at = 0
    while at < len(pattern):
        char = pattern[at]
        if char == "\\":
            out.append(pattern[at : at + 2])
            at += 2
        elif char == "[":
            end = at + 1
            while end < len(pattern) and pattern[end] != "]":
                end += 2 if pattern[end] == "\\" else 1
            content = pattern[at + 1 : end]
            out.append(f"[{content}{_other_case(content.lstrip('^'))}]")
            at = end + 1
        else:
            out.append(
                f"[{char.lower()}{char.upper()}]" if char.isascii() and char.isalpha() else char
            )
            at += 1
    return "".join(out)


def _other_case(content: str) -> str:
    """The letters of a class body in the other case, escapes left out."""
    out: list[str] = []
    at = 0
    while at < len(content):
        if content[at] == "\\":
            at += 2
            continue
        run = content[at : at + 3]
        if len(run) == 3 and run[1] == "-" and run[0].isalpha() and run[2].isalpha():
            out.append(run.swapcase())
            at += 3
            continue
        if content[at].isascii() and content[at].isalpha():
            out.append(content[at].swapcase())
        at += 1
    return "".join(out)


def json_schema(
    service: str | ServiceType, *, schemas: SchemaSet | Catalogue | None = None
) -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) of a service's TXT record, keyed by wire names.

    A record is an object of key -> value text, with integer keys as JSON numbers and
    flag keys as true. Written from the key facts without pydantic; ``x-`` fields carry
    what JSON Schema cannot say (the text pattern of an integer key, deprecated values).
    """
    schema = _schema_of(service, schemas)
    kind = service if isinstance(service, ServiceType) else ServiceType.parse(service)
    properties: dict[str, Any] = {}
    families: dict[str, Any] = {}
    required: list[str] = []
    for key in schema.keys:
        if key.key_pattern is not None:
            families[_any_case(_anchored(key.key_pattern))] = _property(key)
            continue
        properties[key.name] = _property(key)
        if key.required:
            required.append(key.name)
    out: dict[str, Any] = {
        "$schema": JSON_SCHEMA_DIALECT,
        "title": _title(schema),
        "description": schema.description or f"TXT keys of {kind.dns_sd}",
        "type": "object",
        "properties": properties,
    }
    if families:
        out["patternProperties"] = families
    if required:
        out["required"] = required
    out["additionalProperties"] = True  # unknown keys are findings, never errors
    references = tuple(dict.fromkeys([*schema.references, *schema.note_references]))
    if references:
        out["x-references"] = list(references)
    out["x-note-status"] = schema.status.value
    out["x-closed"] = schema.closed or schema.status is NoteStatus.NONE
    return out
