"""txtkeys: typed DNS-SD TXT key schemas from the IANA registry; validate, build, advertise."""

from __future__ import annotations

from .errors import (
    CatalogueError,
    InputFormatError,
    OverlayError,
    TxtkeysError,
    UnknownServiceError,
    ValidationError,
)
from .models import KeyKind, KeySchema, NoteStatus, Origin, TxtNote
from .notes import parse_note

__all__ = [
    "CatalogueError",
    "InputFormatError",
    "KeyKind",
    "KeySchema",
    "NoteStatus",
    "Origin",
    "OverlayError",
    "TxtNote",
    "TxtkeysError",
    "UnknownServiceError",
    "ValidationError",
    "parse_note",
]
__version__ = "0.1.0"
