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
]
__version__ = "0.1.0"
