"""Pydantic models and JSON Schema generated from a service's TXT key schema.

For code that wants typed access to a record (``model_for``) and for other languages'
tooling (``json_schema``). This is the slow, rich path; ``validate`` does not use it.
"""

from __future__ import annotations

import keyword
import re
from functools import lru_cache
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from ..errors import UnknownServiceError
from ..names import ServiceType
from .models import KeyKind, KeySchema, NoteStatus, TxtNote

if TYPE_CHECKING:
    from ..catalogue.store import Catalogue

__all__ = ["json_schema", "model_for", "model_for_note"]

# Patterns for kinds whose shape JSON Schema can state; the checks use the same shapes.
_KIND_PATTERNS = {
    KeyKind.HEX: r"^[0-9A-Fa-f]*$",
    KeyKind.UUID: (
        r"^[0-9A-Fa-f]{8}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{12}$"
    ),
    KeyKind.INTEGER: r"^[+-]?[0-9]+$",
    KeyKind.PATH: r"^/\S*$",
}


def _field_name(key: str, taken: set[str]) -> str:
    name = re.sub(r"\W", "_", key.lower()).strip("_") or "key"
    if name[0].isdigit() or keyword.iskeyword(name) or name.startswith("model_"):
        name = f"k_{name}"
    base, n = name, 2
    while name in taken:
        name, n = f"{base}_{n}", n + 1
    taken.add(name)
    return name


def _annotation(key: KeySchema) -> Any:
    if key.kind is KeyKind.FLAG:
        return bool
    if key.fixed is not None:
        return Literal[key.fixed]
    if key.choices:
        return Literal[key.choices]
    if key.kind is KeyKind.INTEGER:
        return Annotated[int, Field(ge=key.minimum, le=key.maximum)]
    pattern = key.pattern if key.pattern is not None else _KIND_PATTERNS.get(key.kind)
    if key.pattern is not None and not pattern.startswith("^"):  # type: ignore[union-attr]
        pattern = f"^(?:{pattern})$"
    return Annotated[
        str, Field(pattern=pattern, min_length=key.min_length, max_length=key.max_length)
    ]


def model_for_note(note: TxtNote, name: str = "TxtRecord") -> type[BaseModel]:
    """A pydantic model of a note's keys; fields are aliased by the wire key name."""
    return _model_for_note(note, name)


@lru_cache(maxsize=256)
def _model_for_note(note: TxtNote, name: str) -> type[BaseModel]:
    taken: set[str] = set()
    fields: dict[str, Any] = {}
    for key in note.keys:
        annotation = _annotation(key)
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
    config = ConfigDict(
        extra="allow" if note.extensible or note.status is not NoteStatus.KEYS else "forbid",
        populate_by_name=True,
        frozen=True,
    )
    return create_model(name, __config__=config, **fields)


def _note(service: str | ServiceType, catalogue: Catalogue | None) -> tuple[str, TxtNote]:
    from ..checks.validate import plan_for

    plan = plan_for(service, catalogue)
    if plan.entry is None:
        raise UnknownServiceError(
            f"{plan.label} is not in the service registry: check the spelling "
            "(try 'txtkeys search') or pass a catalogue that has it"
        )
    title = "".join(part.capitalize() for part in re.split(r"[^A-Za-z0-9]+", plan.entry.name))
    proto = (plan.entry.protocol or "tcp").capitalize()
    return f"{title or 'Service'}{proto}Txt", plan.entry.note


def model_for(service: str | ServiceType, *, catalogue: Catalogue | None = None) -> type[BaseModel]:
    """The pydantic model of a service's TXT keys (Literal choices, patterns, defaults)."""
    name, note = _note(service, catalogue)
    return _model_for_note(note, name)


def json_schema(
    service: str | ServiceType, *, catalogue: Catalogue | None = None
) -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) of a service's TXT record, keyed by wire names."""
    name, note = _note(service, catalogue)
    schema = _model_for_note(note, name).model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    kind = service if isinstance(service, ServiceType) else ServiceType.parse(service)
    schema.setdefault("description", f"TXT keys of {kind.dns_sd}")
    if note.references:
        schema["x-references"] = list(note.references)
    schema["x-note-status"] = str(note.status)
    return schema
