"""Typed schemas of TXT keys: what the note grammar produces and everything else consumes.

The same two models describe keys read from an IANA note, from a shipped overlay
(Matter, HomeKit, IPP) or from a user's schema file, so validation, building and
JSON Schema export never need to know where a key came from.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["KeyKind", "KeySchema", "NoteStatus", "Origin", "TxtNote"]


class NoteStatus(StrEnum):
    """What a registry note says about the TXT keys of its service."""

    KEYS = "keys"  # names one or more keys
    NONE = "none"  # says there are no keys
    PROPRIETARY = "proprietary"  # keys exist but are not published
    REFERENCE = "reference"  # points to a document or URL instead of naming keys
    UNSPECIFIED = "unspecified"  # empty, TBD, "Varies", or text naming no key


class KeyKind(StrEnum):
    """The shape of a key's value, as far as the definition states it."""

    ANY = "any"  # not stated: a bare key or any value is accepted
    FLAG = "flag"  # boolean attribute: present with no value (RFC 6763 s6.4)
    TEXT = "text"
    ENUM = "enum"  # one of ``choices``
    BOOLEAN = "boolean"  # a true/false style value
    INTEGER = "integer"
    NUMBER = "number"
    HEX = "hex"
    UUID = "uuid"
    URL = "url"
    PATH = "path"
    VERSION = "version"
    MAC = "mac"
    IP = "ip"
    HOST = "host"
    BINARY = "binary"  # opaque bytes


class Origin(StrEnum):
    """Where a key definition comes from."""

    REGISTRY = "registry"  # the IANA registry note
    OVERLAY = "overlay"  # a curated overlay shipped with txtkeys
    USER = "user"  # a user's schema file


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
    secret: bool = False
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
