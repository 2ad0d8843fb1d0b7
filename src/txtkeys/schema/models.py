"""Typed schemas of TXT keys: what the note grammar produces and everything else consumes.

The same two models describe keys read from an IANA note, from a shipped overlay
(Matter, HomeKit, IPP) or from a user's schema file, so validation, building and
JSON Schema export never need to know where a key came from.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from .kinds import KeyKind, NoteStatus, Origin

__all__ = ["KeyKind", "KeySchema", "NoteStatus", "Origin", "TxtNote"]


class KeySchema(BaseModel):
    """One TXT key: its wire name and what its value may be.

    ``optional`` is three-valued on purpose: ``None`` means the definition does not
    say, which is the common case in the registry; only ``False`` makes a missing
    key an error.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(description="The key exactly as written on the wire (case kept).")
    kind: KeyKind = KeyKind.ANY
    choices: tuple[str, ...] = ()
    default: str | None = None
    fixed: str | None = None
    example: str | None = None
    placeholder: str | None = None
    optional: bool | None = None
    min_length: int | None = Field(default=None, ge=0)
    max_length: int | None = Field(default=None, ge=0)
    minimum: int | None = None
    maximum: int | None = None
    pattern: str | None = None
    key_pattern: str | None = Field(
        default=None,
        description="A numbered family (dkN, c0 ... cn): the key names it stands for, as a regex.",
    )
    deprecated: tuple[tuple[str, str], ...] = Field(
        default=(), description="(value, why) pairs an earlier version of the source allowed."
    )
    secret: bool = False
    lenient: bool = Field(
        default=False,
        description="Devices are known to break this key's constraints: a note, not an error.",
    )
    description: str | None = None
    origin: Origin = Origin.REGISTRY
    source: str | None = Field(
        default=None, description="Specification, version and section the key comes from."
    )

    @property
    def required(self) -> bool:
        """True only when the definition says the key must be present."""
        return self.optional is False


class TxtNote(BaseModel):
    """What one registry note (Assignment Notes text) says about TXT keys."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    status: NoteStatus
    keys: tuple[KeySchema, ...] = ()
    extensible: bool = Field(
        default=False, description="The note allows keys beyond those it names."
    )
    closed: bool = Field(default=False, description="The definition says its key list is complete.")
    references: tuple[str, ...] = ()
    subtypes: tuple[str, ...] = ()
    raw: str = ""

    def key(self, name: str) -> KeySchema | None:
        """The key called ``name``, compared case-insensitively as RFC 6763 s6.4 says."""
        folded = name.lower()
        for key in self.keys:
            if key.name.lower() == folded:
                return key
        return None
