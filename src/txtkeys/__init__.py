"""txtkeys: typed DNS-SD TXT key schemas from the IANA registry; validate, build, advertise.

The names below are the whole public surface. Modules that pull in heavy
dependencies (pydantic for the key models, zeroconf for building and advertising,
pyparsing for the grammar, the registry readers) load on first use, so
``import txtkeys`` and the validation path stay cheap: ``txtkeys check`` and
``validate`` import none of them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._enums import KeyKind, NoteStatus, Origin
from .errors import (
    CatalogueError,
    InputFormatError,
    OverlayError,
    TxtkeysError,
    UnknownServiceError,
    ValidationError,
)

# Imported now, not on first use: were the submodule ``txtkeys.validate`` first imported
# elsewhere, Python would bind it over a lazily provided function of the same name.
from .validate import validate

if TYPE_CHECKING:
    from .build import build_record, build_service_info
    from .catalogue import Catalogue, CatalogueEntry
    from .live import Advertisement, AuditResult, advertise, audit, audit_async
    from .models import KeySchema, TxtNote
    from .notes import parse_note
    from .overlay import layer
    from .records import Registry, RegistryRecord
    from .registry import read_registry
    from .report import Issue, Report, Severity
    from .servicename import ServiceType
    from .typed import json_schema, model_for
    from .update import UpdateError, update_catalogue
    from .wire import TxtEntry

__all__ = [
    "Advertisement",
    "AuditResult",
    "Catalogue",
    "CatalogueEntry",
    "CatalogueError",
    "InputFormatError",
    "Issue",
    "KeyKind",
    "KeySchema",
    "NoteStatus",
    "Origin",
    "OverlayError",
    "Registry",
    "RegistryRecord",
    "Report",
    "ServiceType",
    "Severity",
    "TxtEntry",
    "TxtNote",
    "TxtkeysError",
    "UnknownServiceError",
    "UpdateError",
    "ValidationError",
    "advertise",
    "audit",
    "audit_async",
    "build_record",
    "build_service_info",
    "json_schema",
    "layer",
    "model_for",
    "parse_note",
    "read_registry",
    "update_catalogue",
    "validate",
]
__version__ = "0.1.0"

# Public name -> module that defines it, imported when the name is first used.
_LAZY = {
    "Advertisement": "live",
    "AuditResult": "live",
    "advertise": "live",
    "audit": "live",
    "audit_async": "live",
    "Catalogue": "catalogue",
    "CatalogueEntry": "catalogue",
    "Issue": "report",
    "Report": "report",
    "Severity": "report",
    "Registry": "records",
    "RegistryRecord": "records",
    "ServiceType": "servicename",
    "TxtEntry": "wire",
    "build_record": "build",
    "build_service_info": "build",
    "json_schema": "typed",
    "model_for": "typed",
    "layer": "overlay",
    "read_registry": "registry",
    "KeySchema": "models",
    "TxtNote": "models",
    "parse_note": "notes",
    "UpdateError": "update",
    "update_catalogue": "update",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'txtkeys' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
