"""The vocabularies of ``txtkeys.schema.models`` (note status, key kind, origin), without pydantic.

They live apart from the pydantic models so the validation path and the compiler
can name a kind or a status without importing pydantic; ``txtkeys.schema.models``
re-exports them, and that is where users should import them from.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["KeyKind", "NoteStatus", "Origin"]


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


# Documented and pickled as members of txtkeys.schema.models, their public home.
for _enum in (NoteStatus, KeyKind, Origin):
    _enum.__module__ = "txtkeys.schema.models"
del _enum
