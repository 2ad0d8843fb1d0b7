"""The one list of a key schema's fields, and a key read without pydantic.

Every form of a key definition (the pydantic ``KeySchema``, the compiled catalogue's
JSON, an overlay's ``[[service.key]]`` table, the checks' ``KeyFacts``) is derived from
``KEY_FIELDS``; a test fails if any of them names a field this list does not, so the
forms cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Mapping

from .kinds import KeyKind, Origin

TYPE_CHECKING = False  # typing's own, without importing typing: check starts faster
if TYPE_CHECKING:
    from typing import Any

__all__ = [
    "KEY_FIELDS",
    "NOTE_FIELDS",
    "OVERLAY_KEY_FIELDS",
    "KeyFacts",
    "key_json",
    "note_json_form",
    "text_list",
]

# Field -> default, in the order every form lists them. The compiled JSON leaves
# defaults out. ``deprecated`` holds (value, why) pairs: values an earlier released
# version of the specification allowed. ``lenient``: deployed devices are known to
# break the stated constraints of this key, so breaking them is a note (info).
KEY_FIELDS: dict[str, object] = {
    "name": None,
    "kind": KeyKind.ANY,
    "choices": (),
    "default": None,
    "fixed": None,
    "example": None,
    "placeholder": None,
    "optional": None,
    "min_length": None,
    "max_length": None,
    "minimum": None,
    "maximum": None,
    "pattern": None,
    "key_pattern": None,
    "deprecated": (),
    "secret": False,
    "lenient": False,
    "description": None,
    "origin": Origin.REGISTRY,
    "source": None,
}

# ``closed``: the definition says its key list is complete (an overlay's
# ``extensible = false``); unnamed keys are then a warning, not a note.
NOTE_FIELDS: dict[str, object] = {
    "status": None,
    "keys": (),
    "extensible": False,
    "closed": False,
    "references": (),
    "subtypes": (),
    "raw": "",
}

# An overlay file writes ``required`` for ``optional`` (negated) and adds ``section``;
# ``origin`` is set by the layer the file belongs to.
OVERLAY_KEY_FIELDS: tuple[str, ...] = (
    *(name for name in KEY_FIELDS if name not in ("optional", "origin")),
    "required",
    "section",
)


def _text_or_none(data: Mapping[str, Any], field: str) -> str | None:
    value = data.get(field)
    if value is not None and type(value) is not str:
        raise ValueError(f"{field} must be text")
    return value


def _int_or_none(data: Mapping[str, Any], field: str, *, lowest: int | None = None) -> int | None:
    value = data.get(field)
    if value is not None and (type(value) is not int or (lowest is not None and value < lowest)):
        raise ValueError(f"{field} must be a whole number")
    return value


def text_list(data: Mapping[str, Any], field: str) -> tuple[str, ...]:
    """A list-of-text field as a tuple; ValueError for anything else."""
    value = data.get(field, ())
    if not isinstance(value, list | tuple) or any(type(item) is not str for item in value):
        raise ValueError(f"{field} must be a list of text")
    return tuple(value)


class KeyFacts:
    """A key definition as plain attributes, read from its JSON form without pydantic.

    It has every attribute of ``KeySchema``. The constructor checks each field's type
    as strictly as the compiler and the overlay reader write it and raises ValueError
    on anything else, so a caller can hand doubtful data to pydantic, whose validation
    explains what is wrong.
    """

    __slots__ = tuple(KEY_FIELDS)

    name: str
    kind: KeyKind
    choices: tuple[str, ...]
    default: str | None
    fixed: str | None
    example: str | None
    placeholder: str | None
    optional: bool | None
    min_length: int | None
    max_length: int | None
    minimum: int | None
    maximum: int | None
    pattern: str | None
    key_pattern: str | None
    deprecated: tuple[tuple[str, str], ...]
    secret: bool
    lenient: bool
    description: str | None
    origin: Origin
    source: str | None

    def __init__(self, data: Mapping[str, Any]) -> None:
        # Made for every key of every service a process meets: the common case (a dict
        # with few fields) takes the short paths.
        if (type(data) is not dict and not isinstance(data, Mapping)) or not (
            data.keys() <= _KEY_FIELD_SET
        ):
            raise ValueError("not a key definition")
        get = data.get
        name = get("name")
        if type(name) is not str:
            raise ValueError("a key needs a name")
        self.name = name
        kind = get("kind", "any")
        self.kind = (type(kind) is str and _KINDS.get(kind)) or KeyKind(kind)
        origin = get("origin", "registry")
        self.origin = (type(origin) is str and _ORIGINS.get(origin)) or Origin(origin)
        self.choices = text_list(data, "choices") if "choices" in data else ()
        for field in _TEXT_FIELDS:
            value = get(field)
            if value is not None and type(value) is not str:
                raise ValueError(f"{field} must be text")
            setattr(self, field, value)
        optional = get("optional")
        secret = get("secret", False)
        lenient = get("lenient", False)
        if (optional is not None and type(optional) is not bool) or not (
            type(secret) is bool and type(lenient) is bool
        ):
            raise ValueError("optional, secret and lenient must be true or false")
        self.optional = optional
        self.secret = secret
        self.lenient = lenient
        self.min_length = _int_or_none(data, "min_length", lowest=0)
        self.max_length = _int_or_none(data, "max_length", lowest=0)
        self.minimum = _int_or_none(data, "minimum")
        self.maximum = _int_or_none(data, "maximum")
        deprecated = get("deprecated", ())
        if not isinstance(deprecated, list | tuple) or (
            deprecated
            and any(
                not isinstance(pair, list | tuple)
                or len(pair) != 2
                or any(type(part) is not str for part in pair)
                for pair in deprecated
            )
        ):
            raise ValueError("deprecated must be a list of [value, reason] pairs")
        self.deprecated = tuple((value, why) for value, why in deprecated) if deprecated else ()

    @property
    def required(self) -> bool:
        """True only when the definition says the key must be present."""
        return self.optional is False

    def as_json(self) -> dict[str, Any]:
        """The JSON form, defaults left out (as the compiled catalogue stores it)."""
        return key_json({field: getattr(self, field) for field in KEY_FIELDS})

    def __repr__(self) -> str:
        return f"KeyFacts({self.name!r}, kind={self.kind.value})"


_KEY_FIELD_SET = frozenset(KEY_FIELDS)
_TEXT_FIELDS = (
    "default",
    "fixed",
    "example",
    "placeholder",
    "pattern",
    "key_pattern",
    "description",
    "source",
)
_KINDS = {kind.value: kind for kind in KeyKind}
_ORIGINS = {origin.value: origin for origin in Origin}


def _without_defaults(fields: Mapping[str, Any], defaults: Mapping[str, object]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, default in defaults.items():
        value = fields.get(name, default)
        if value == default:
            continue
        if isinstance(value, tuple):
            value = [list(item) if isinstance(item, tuple) else item for item in value]
        elif type(value) is not str and isinstance(value, str):
            value = str(value)  # an enum member
        out[name] = value
    return out


def key_json(fields: Mapping[str, Any]) -> dict[str, Any]:
    """A key's fields in JSON form: plain types, defaults left out, field order kept."""
    return _without_defaults(fields, KEY_FIELDS)


def note_json_form(fields: Mapping[str, Any]) -> dict[str, Any]:
    """A note's fields (keys included) in JSON form, as the compiled catalogue stores it."""
    note = _without_defaults(fields, NOTE_FIELDS)
    if "keys" in note:
        note["keys"] = [key_json(key) for key in fields["keys"]]
    return note
