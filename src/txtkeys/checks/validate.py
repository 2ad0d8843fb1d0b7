"""``validate``: check one TXT record against RFC 6763 and, given a service, its key schema.

The work that depends only on the service (parsing its name, the catalogue lookup,
preparing the note's validator) is done once and cached per catalogue, so a loop over
many records of the same service pays only for the record itself. The validator is
prepared from the note as compiled, so validating never builds pydantic models (nor
imports pydantic); the catalogue entry is built only if someone asks the plan for it.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from ..formats.inputs import as_txt_input
from ..names import ServiceType, service_name_problem
from ..report import Issue, Report, Severity
from .rules import (
    NoteValidator,
    StringFacts,
    check_instance_name,
    check_rdata,
    check_rdata_against,
    check_rfc,
    validator_for,
)

if TYPE_CHECKING:
    from ..catalogue.store import Catalogue, CatalogueEntry

__all__ = ["ServicePlan", "default_catalogue", "plan_for", "validate"]

_lock = threading.Lock()
_default: Catalogue | None = None
# Per catalogue (by identity, holding it alive): service text -> plan. Few catalogues
# live in one process, so the outer dict is cleared rather than evicted when it grows.
_plans: dict[int, tuple[Catalogue, dict[str, ServicePlan]]] = {}


def default_catalogue() -> Catalogue:
    """The catalogue in use, loaded on first need and kept for the process."""
    global _default  # noqa: PLW0603 - one lazily loaded catalogue per process
    if _default is None:
        with _lock:
            if _default is None:
                from ..catalogue.store import Catalogue

                _default = Catalogue.default()
    return _default


class ServicePlan:
    """What checking a record of one service needs, prepared once.

    ``entry`` is the catalogue entry of the service (None when the registry has none);
    given a catalogue and row instead, it is built on first access.
    """

    __slots__ = (
        "_catalogue",
        "_entry",
        "_position",
        "issues",
        "label",
        "memo",
        "service_type",
        "validator",
    )

    def __init__(
        self,
        label: str | None,
        service_type: ServiceType | None,
        entry: CatalogueEntry | None,
        validator: NoteValidator | None,
        issues: tuple[Issue, ...],
        *,
        catalogue: Catalogue | None = None,
        position: int | None = None,
    ) -> None:
        self.label = label
        self.service_type = service_type
        self.validator = validator
        self.issues = issues
        # What each TXT string seen for this service yields on its own (checks.StringFacts).
        self.memo: dict[bytes, StringFacts] = {}
        self._entry = entry
        self._catalogue = catalogue if entry is None and position is not None else None
        self._position = position

    @property
    def entry(self) -> CatalogueEntry | None:
        if self._catalogue is not None and self._position is not None:
            self._entry = self._catalogue._entry(self._position)
            self._catalogue = None
        return self._entry

    def __repr__(self) -> str:
        return f"ServicePlan({self.label!r}, issues={len(self.issues)})"


def _make_plan(service: str | ServiceType, catalogue: Catalogue) -> ServicePlan:
    kind = service if isinstance(service, ServiceType) else ServiceType.parse(service)
    issues: list[Issue] = []
    label = kind.dns_sd
    problem = service_name_problem(kind.name)
    if problem is not None:
        issues.append(
            Issue(
                Severity.ERROR,
                "R013",
                None,
                f"service name {problem} (RFC 6335 s5.1); DNS-SD cannot advertise it",
            )
        )
    # The row, without building its entry (duck-typed catalogues: the entry via get).
    find = getattr(catalogue, "_find", None)
    position: int | None = find(kind) if find is not None else None
    entry = catalogue.get(kind) if find is None else None
    if entry is None and position is None:
        hint = ""
        suggest = getattr(catalogue, "suggest", None)
        if suggest is not None:
            close = [s for s in suggest(kind.name) if s.lower() != kind.name.lower()]
            if close:
                hint = f" (did you mean {', '.join(close[:3])}?)"
        issues.append(
            Issue(
                Severity.WARNING,
                "S100",
                None,
                f"{label} is not in the service registry{hint}; only the RFC 6763 rules "
                "were checked: register the name or check its spelling",
            )
        )
        return ServicePlan(label, kind, None, None, tuple(issues))
    if entry is None and position is not None:
        compiled = catalogue._compiled_note(position)
        if compiled is not None:
            try:
                validator = NoteValidator.from_compiled(compiled)
            except ValueError:
                pass  # not as the compiler writes it: the TxtNote model will say why
            else:
                return ServicePlan(
                    label,
                    kind,
                    None,
                    validator,
                    tuple(issues),
                    catalogue=catalogue,
                    position=position,
                )
        entry = catalogue._entry(position)
    assert entry is not None
    return ServicePlan(label, kind, entry, validator_for(entry.note), tuple(issues))


# Plans of the default catalogue by service text: validate's first lookup, one dict get.
_default_plans: dict[str, ServicePlan] = {}


def plan_for(service: str | ServiceType, catalogue: Catalogue | None = None) -> ServicePlan:
    """The cached plan for ``service`` in ``catalogue`` (default: the catalogue in use)."""
    if catalogue is None and type(service) is str:
        plan = _default_plans.get(service)
        if plan is None:
            plan = plan_for(service, default_catalogue())
            if len(_default_plans) < 4096:
                _default_plans[service] = plan
        return plan
    cat = catalogue if catalogue is not None else default_catalogue()
    slot = _plans.get(id(cat))
    if slot is None or slot[0] is not cat:
        if len(_plans) > 16:
            _plans.clear()
        slot = (cat, {})
        _plans[id(cat)] = slot
    key = service if isinstance(service, str) else f"{service.dns_sd}|{service.subtype}"
    plan = slot[1].get(key)
    if plan is None:
        plan = _make_plan(service, cat)
        slot[1][key] = plan
    return plan


def validate(
    service: str | ServiceType | None,
    txt: Any,
    *,
    catalogue: Catalogue | None = None,
    instance: str | None = None,
) -> Report:
    """Check a TXT record; the report lists every finding, errors make ``.ok`` false.

    ``txt`` is RDATA bytes, a mapping (str or bytes keys; str, bytes or None values), a
    zeroconf ``ServiceInfo``, a list of ``TxtEntry`` or a ``TxtInput``. With ``service``
    None only the RFC rules run. A malformed service name raises UnknownServiceError.
    """
    plan = None if service is None else plan_for(service, catalogue)
    issues: list[Issue] = [] if plan is None or not plan.issues else list(plan.issues)
    if instance is not None:
        check_instance_name(instance, issues)
    if type(txt) is bytes:
        if plan is not None and plan.validator is not None:
            check_rdata_against(txt, issues, plan.validator, plan.label or "the service", plan.memo)
            return Report(plan.label, tuple(issues))
        firsts = check_rdata(txt, issues)
    else:
        record = as_txt_input(txt)
        firsts = check_rfc(
            record.pairs,
            record.size,
            issues,
            truncated_at=record.truncated_at,
            empty_rdata=record.empty_rdata,
            empty_strings=record.empty_strings,
        )
    if plan is not None and plan.validator is not None:
        plan.validator.check(firsts, issues, plan.label or "the service")
    return Report(plan.label if plan is not None else None, tuple(issues))
