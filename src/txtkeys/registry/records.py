"""One row of the IANA Service Name and Transport Protocol Port Number Registry.

Every reader (XML, CSV, pasted markdown and plain text) produces these, so the
catalogue compiler does not care which rendering a user had. A plain slotted
dataclass, not a pydantic model: a registry has 14,000 rows and compile time counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Registry", "RegistryRecord"]


@dataclass(slots=True)
class RegistryRecord:
    """A registry row as published; empty cells are None or an empty tuple.

    Not frozen: a frozen dataclass sets every field through ``object.__setattr__``,
    which costs a compile about 60 ms over the registry's 14,500 rows. Treat it as
    read-only all the same.
    """

    name: str | None = None
    number: str | None = None  # a port ("80") or a range ("48654-48999")
    protocol: str | None = None  # tcp, udp, sctp, dccp, or None for DNS-SD-only names
    description: str | None = None
    assignees: tuple[str, ...] = ()
    contacts: tuple[str, ...] = ()
    registered: str | None = None  # registration date, YYYY-MM-DD or YYYY-MM
    modified: str | None = None  # modification date
    references: tuple[str, ...] = ()
    service_code: str | None = None  # DCCP service code
    unauthorized: str | None = None  # "Unauthorized Use Reported"
    note: str | None = None  # Assignment Notes, line breaks kept
    line: int | None = field(default=None, compare=False)  # 1-based, where the row starts

    @property
    def ports(self) -> tuple[int, int] | None:
        """The port or port range as integers, or None when the row has none."""
        if not self.number:
            return None
        low, _, high = self.number.partition("-")
        try:
            return int(low), int(high or low)
        except ValueError:
            return None


@dataclass(frozen=True, slots=True)
class Registry:
    """A whole registry file: its records in file order and its "Last Updated" date."""

    records: tuple[RegistryRecord, ...]
    updated: str | None = None
    format: str = "xml"  # xml, csv, markdown or text
    source: str = "<input>"
