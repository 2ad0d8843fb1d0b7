"""What an overlay file describes, on its own so the index reader needs no TOML parser."""

from __future__ import annotations

from dataclasses import dataclass

from ..names import ServiceType
from ..schema.kinds import Origin

TYPE_CHECKING = False  # typing's own, without importing typing: check starts faster
if TYPE_CHECKING:
    from typing import Any

__all__ = ["Overlay", "OverlayService"]


@dataclass(frozen=True, slots=True)
class OverlayService:
    """One service of an overlay file; its keys in the JSON form of ``schema.fields``."""

    name: str
    protocol: str
    keys: tuple[dict[str, Any], ...]
    description: str | None = None
    extensible: bool | None = None  # None: the file does not say; keep what the registry says
    references: tuple[str, ...] = ()
    file: str = "<overlay>"
    line: int | None = None

    @property
    def service_type(self) -> ServiceType:
        return ServiceType(self.name, self.protocol, None, True)

    @property
    def label(self) -> str:
        return f"{self.name}/{self.protocol}"


@dataclass(frozen=True, slots=True)
class Overlay:
    """A whole overlay file: where it came from, whose it is, and its services in file order."""

    source: str
    origin: Origin
    services: tuple[OverlayService, ...]
