"""The result of checking a TXT record: findings with a stable code and a fix in words."""

from __future__ import annotations

from enum import StrEnum
from operator import itemgetter
from threading import RLock

TYPE_CHECKING = False  # typing's own, without importing typing: check starts faster
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

__all__ = ["Issue", "Report", "Severity"]


class Severity(StrEnum):
    """How bad a finding is; only errors make a record invalid."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


class Issue(tuple[Severity, str, "str | None", str]):
    """One finding. ``code`` is stable (see docs/checks.md); ``message`` says how to fix it.

    Immutable and hashable; two issues are equal when severity, code, key and message
    are. Stored as a tuple, so the checks make one for the cost of a tuple
    (``Issue.make``): a frozen dataclass costs four ``object.__setattr__`` calls.
    """

    __slots__ = ()
    __match_args__ = ("severity", "code", "key", "message")

    def __new__(cls, severity: Severity, code: str, key: str | None, message: str) -> Issue:
        return _new_tuple(cls, (severity, code, key, message))

    @classmethod
    def make(cls, fields: tuple[Severity, str, str | None, str]) -> Issue:
        """An issue from ``(severity, code, key, message)``: the checks' fast constructor."""
        return _new_tuple(cls, fields)

    severity: Severity = property(itemgetter(0), doc="error, warning or info")  # type: ignore[assignment]
    code: str = property(itemgetter(1), doc="the stable code, such as R001")  # type: ignore[assignment]
    key: str | None = property(itemgetter(2), doc="the key concerned, or None")  # type: ignore[assignment]
    message: str = property(itemgetter(3), doc="what is wrong and how to fix it")  # type: ignore[assignment]

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return bool(tuple.__eq__(self, other))

    def __ne__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return bool(tuple.__ne__(self, other))

    __hash__ = tuple.__hash__

    def _unordered(self, other: object) -> Any:
        return NotImplemented  # issues have no order, as a dataclass has none

    __lt__ = __le__ = __gt__ = __ge__ = _unordered

    def __getnewargs__(self) -> tuple[Severity, str, str | None, str]:
        return tuple(self)  # type: ignore[return-value]

    def __repr__(self) -> str:
        severity, code, key, message = self
        return f"Issue(severity={severity!r}, code={code!r}, key={key!r}, message={message!r})"

    def to_dict(self) -> dict[str, str | None]:
        severity, code, key, message = self
        return {
            "severity": str(severity),
            "code": code,
            "key": key,
            "message": message,
        }


_new_tuple = tuple.__new__
_LISTING = RLock()  # held only while a deferred report lists its findings


class Report:
    """Every finding of one check, in the order the record was read.

    ``validate`` may answer ``ok`` at once and list the findings only when first asked
    for (``deferred``): a record's verdict costs a fraction of its findings' messages,
    and a CI job or firmware check often wants only the verdict.
    """

    __slots__ = ("_issues", "_ok", "_pending", "service")

    def __init__(self, service: str | None, issues: tuple[Issue, ...] = ()) -> None:
        self.service = service
        self._issues: tuple[Issue, ...] | None = issues
        self._ok: bool | None = None
        self._pending: tuple[Callable[..., tuple[Issue, ...]], tuple[Any, ...]] | None = None

    @classmethod
    def deferred(
        cls,
        service: str | None,
        ok: bool,
        lister: Callable[..., tuple[Issue, ...]],
        *args: Any,
    ) -> Report:
        """A report whose verdict is ``ok`` and whose findings ``lister(*args)`` lists.

        ``lister`` must reach the same verdict (the checks hold it to that by tests) and
        give the same findings whenever it runs: ``args`` are the record as read and
        the service's plan, whose memos change what a listing costs, never what it says.
        """
        report = cls.__new__(cls)
        report.service = service
        report._issues = None
        report._ok = ok
        report._pending = (lister, args)
        return report

    @property
    def issues(self) -> tuple[Issue, ...]:
        """Every finding, in the order the record was read (listed on first read)."""
        issues = self._issues
        if issues is None:
            with _LISTING:  # listed once, whichever thread asks first
                issues = self._issues
                if issues is None:
                    lister, args = self._pending  # type: ignore[misc]
                    issues = self._issues = lister(*args)
                    self._pending = None
        return issues

    @issues.setter
    def issues(self, issues: tuple[Issue, ...]) -> None:
        self._issues = issues
        self._ok = None
        self._pending = None

    @property
    def ok(self) -> bool:
        """True when there is no error; warnings and notes do not count."""
        ok = self._ok
        if ok is None:
            ok = self._ok = not any(i.severity is Severity.ERROR for i in self.issues)
        return ok

    def __reduce__(self) -> tuple[type[Report], tuple[str | None, tuple[Issue, ...]]]:
        """Pickled and copied with its findings listed (a pending listing holds the plan)."""
        return (self.__class__, (self.service, self.issues))

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
