"""The result of checking a TXT record: findings with a stable code and a fix in words."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

__all__ = ["Issue", "Report", "Severity"]


class Severity(StrEnum):
    """How bad a finding is; only errors make a record invalid."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True, slots=True)
class Issue:
    """One finding. ``code`` is stable (see docs/checks.md); ``message`` says how to fix it."""

    severity: Severity
    code: str
    key: str | None
    message: str

    def to_dict(self) -> dict[str, str | None]:
        return {
            "severity": str(self.severity),
            "code": self.code,
            "key": self.key,
            "message": self.message,
        }


class Report:
    """Every finding of one check, in the order the record was read."""

    __slots__ = ("issues", "service")

    def __init__(self, service: str | None, issues: tuple[Issue, ...] = ()) -> None:
        self.service = service
        self.issues = issues

    @property
    def ok(self) -> bool:
        """True when there is no error; warnings and notes do not count."""
        return not any(i.severity is Severity.ERROR for i in self.issues)

    @property
    def errors(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.severity is Severity.WARNING)

    def codes(self) -> list[str]:
        """The codes found, in order; handy in tests and scripts."""
        return [i.code for i in self.issues]

    def by_severity(self) -> list[Issue]:
        """Issues with errors first, then warnings, then notes; stable within each."""
        return sorted(self.issues, key=lambda i: _RANK[i.severity])

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape the CLI prints with ``--json``."""
        return {
            "service": self.service,
            "valid": self.ok,
            "issues": [i.to_dict() for i in self.by_severity()],
        }

    def __repr__(self) -> str:
        return f"Report(service={self.service!r}, ok={self.ok}, issues={len(self.issues)})"
