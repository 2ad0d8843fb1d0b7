"""txtkeys: typed DNS-SD TXT key schemas from the IANA registry; validate, build, advertise.

The names below are the whole public surface. Modules that pull in heavy
dependencies (pydantic for the key models, zeroconf for building and advertising,
pyparsing for the grammar, the registry readers) load on first use, so
``import txtkeys`` stays cheap (the pytest plugin loads it in every test session), and
``txtkeys check`` and ``validate`` import none of the heavy ones.
"""

from __future__ import annotations

import importlib

from .errors import (
    CatalogueError,
    InputFormatError,
    OverlayError,
    TxtkeysError,
    UnknownServiceError,
    UpdateError,
    ValidationError,
)
from .schema.kinds import KeyKind, NoteStatus, Origin

TYPE_CHECKING = False  # typing's own, without importing typing: check starts faster
if TYPE_CHECKING:
    from typing import Any

    from .build import build_record, build_service_info
    from .catalogue.store import Catalogue, CatalogueEntry
    from .catalogue.update import update_catalogue
    from .checks.validate import validate
    from .formats.wire import TxtEntry
    from .grammar.notes import parse_note
    from .live.mdns import (
        Advertisement,
        AuditResult,
        WatchEvent,
        advertise,
        audit,
        audit_async,
        watch,
    )
    from .names import ServiceType
    from .registry.read import read_registry
    from .registry.records import Registry, RegistryRecord
    from .report import Issue, Report, Severity
    from .schema.models import KeySchema, TxtNote
    from .schemaset import SchemaSet, ServiceSchema
    from .typed import json_schema, model_for

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
    "SchemaSet",
    "ServiceSchema",
    "ServiceType",
    "Severity",
    "TxtEntry",
    "TxtNote",
    "TxtkeysError",
    "UnknownServiceError",
    "UpdateError",
    "ValidationError",
    "WatchEvent",
    "advertise",
    "audit",
    "audit_async",
    "build_record",
    "build_service_info",
    "json_schema",
    "model_for",
    "parse_note",
    "read_registry",
    "update_catalogue",
    "validate",
    "watch",
]
__version__ = "0.1.0"

# Public name -> module that defines it, imported when the name is first used.
_LAZY = {
    "Advertisement": "live.mdns",
    "AuditResult": "live.mdns",
    "advertise": "live.mdns",
    "audit": "live.mdns",
    "audit_async": "live.mdns",
    "watch": "live.mdns",
    "validate": "checks.validate",
    "WatchEvent": "live.mdns",
    "Catalogue": "catalogue.store",
    "CatalogueEntry": "catalogue.store",
    "Issue": "report",
    "Report": "report",
    "Severity": "report",
    "Registry": "registry.records",
    "RegistryRecord": "registry.records",
    "ServiceType": "names",
    "TxtEntry": "formats.wire",
    "build_record": "build",
    "build_service_info": "build",
    "json_schema": "typed",
    "model_for": "typed",
    "SchemaSet": "schemaset",
    "ServiceSchema": "schemaset",
    "read_registry": "registry.read",
    "KeySchema": "schema.models",
    "TxtNote": "schema.models",
    "parse_note": "grammar.notes",
    "update_catalogue": "catalogue.update",
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
