"""``validate``: check one TXT record against RFC 6763 and, given a service, its key schema.

The service's schema comes from a ``SchemaSet`` (by default the one every command uses:
registry catalogue in use, shipped overlays, ``$TXTKEYS_SCHEMA_DIR``). What depends only
on the service (parsing its name, the lookup, preparing the validator) is done once per
schema set, so a loop over many records of one service pays only for the records. The
validator is prepared from the note's JSON form, so validating never imports pydantic.
"""

from __future__ import annotations

from ..formats.inputs import as_txt_input
from ..names import ServiceType, service_name_advertisable, service_name_problem
from ..report import Issue, Report, Severity
from ..schemaset import as_schema_set
from .rules import (
    NoteValidator,
    StringMemo,
    check_instance_name,
    check_pairs_against,
    check_rdata,
    check_rdata_against,
    check_rfc,
    pairs_verdict,
    rdata_verdict,
)

TYPE_CHECKING = False  # typing's own, without importing typing: check starts faster
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

    from ..catalogue.store import Catalogue
    from ..schemaset import SchemaSet, ServiceSchema

__all__ = ["ServicePlan", "plan_for", "validate"]

_PLAN_LIMIT = 4096  # plans kept per schema set; past it the oldest half is dropped


class ServicePlan:
    """What checking a record of one service needs, prepared once.

    ``schema`` is the service's merged schema (None when no layer knows the service).
    """

    __slots__ = ("issues", "label", "memo", "name_ok", "schema", "service_type", "validator")

    def __init__(
        self,
        label: str,
        service_type: ServiceType | None,
        schema: ServiceSchema | None,
        issues: tuple[Issue, ...],
    ) -> None:
        self.label = label
        self.service_type = service_type
        self.schema = schema
        self.validator: NoteValidator | None = None if schema is None else schema.validator
        self.issues = issues
        # No error in the service's own findings (a name DNS-SD cannot carry is one).
        self.name_ok = _no_error(issues)
        # What each TXT string and key seen for this service yields on its own (bounded).
        self.memo = StringMemo()

    def __repr__(self) -> str:
        return f"ServicePlan({self.label!r}, issues={len(self.issues)})"


def _make_plan(kind: ServiceType, schemas: SchemaSet) -> ServicePlan:
    issues: list[Issue] = []
    label = kind.dns_sd
    problem = service_name_problem(kind.name)
    if problem is not None:
        if service_name_advertisable(kind.name):
            issues.append(
                Issue(
                    Severity.WARNING,
                    "R013",
                    None,
                    f"service name {problem} (RFC 6335 s5.1); DNS-SD carries it, but register "
                    "a conforming name for new services",
                )
            )
        else:
            issues.append(
                Issue(
                    Severity.ERROR,
                    "R013",
                    None,
                    f"service name {problem} (RFC 6335 s5.1); DNS-SD cannot advertise it",
                )
            )
    schema = schemas.resolve(kind)
    if schema is None:
        close = schemas.suggest(kind.name)
        hint = f" (did you mean {', '.join(close[:3])}?)" if close else ""
        issues.append(
            Issue(
                Severity.INFO,
                "S100",
                None,
                f"{label} is not in the service registry nor in any schema file{hint}; only "
                "the RFC 6763 rules were checked: check the spelling, or describe the service "
                "in a schema file (--schema FILE)",
            )
        )
    return ServicePlan(label, kind, schema, tuple(issues))


def plan_for(
    service: str | ServiceType, schemas: SchemaSet | Catalogue | None = None
) -> ServicePlan:
    """The cached plan for ``service`` in ``schemas`` (default: the schema set in use)."""
    chosen = as_schema_set(schemas)
    plans = chosen.plans
    key = (
        service
        if type(service) is str
        else (service.name.lower(), service.protocol, service.protocol_given, service.subtype)  # type: ignore[union-attr]
    )
    plan = plans.get(key)
    if plan is None:
        kind = service if isinstance(service, ServiceType) else ServiceType.parse(service)
        plan = _make_plan(kind, chosen)
        if len(plans) >= _PLAN_LIMIT:
            for stale in list(plans)[: _PLAN_LIMIT // 2]:
                del plans[stale]
        plans[key] = plan
    assert isinstance(plan, ServicePlan)
    return plan


def _mapping_pairs(txt: dict[Any, Any]) -> tuple[list[tuple[bytes, bytes | None]], int] | None:
    """The pairs and RDATA size ``formats.inputs.from_mapping`` gives, in one loop.

    Only for the plain types a zeroconf ``properties`` dict or a hand-written mapping
    holds (str or bytes keys; str, bytes, None, True or False values); None for any
    other, which the general reader then handles (and reports on).
    """
    pairs: list[tuple[bytes, bytes | None]] = []
    size = 0
    for given_key, given in txt.items():
        kind = type(given_key)
        if kind is str:
            key = given_key.encode()
        elif kind is bytes:
            key = given_key
        else:
            return None
        if given is None or given is True:
            pairs.append((key, None))
            size += 1 + len(key)
            continue
        if given is False:
            continue
        kind = type(given)
        if kind is str:
            value = given.encode()
        elif kind is bytes:
            value = given
        else:
            return None
        pairs.append((key, value))
        size += 2 + len(key) + len(value)
    return pairs, size or 1


def _no_error(issues: Sequence[Issue]) -> bool:
    return not any(issue.severity is Severity.ERROR for issue in issues)


def _list_rdata(first: tuple[Issue, ...], rdata: bytes, plan: ServicePlan) -> tuple[Issue, ...]:
    """Every finding of wire RDATA after ``first`` (the service's and the instance's)."""
    issues = list(first)
    check_rdata_against(rdata, issues, plan.validator, plan.label, plan.memo)  # type: ignore[arg-type]
    return tuple(issues)


def _list_pairs(
    first: tuple[Issue, ...],
    pairs: list[tuple[bytes, bytes | None]],
    size: int,
    plan: ServicePlan,
) -> tuple[Issue, ...]:
    """Every finding of a mapping's pairs after ``first``."""
    issues = list(first)
    check_pairs_against(pairs, size, issues, plan.validator, plan.label, memo=plan.memo)  # type: ignore[arg-type]
    return tuple(issues)


def validate(
    service: str | ServiceType | None,
    txt: Any,
    *,
    schemas: SchemaSet | Catalogue | None = None,
    instance: str | None = None,
) -> Report:
    """Check a TXT record; the report lists every finding, errors make ``.ok`` false.

    On the usual inputs (RDATA bytes or a mapping, for a service with a schema) the
    verdict is reached at once, by a walk that looks for errors only, and the findings
    with their messages are listed when ``.issues`` is first read (or anything made from
    them: ``errors``, ``warnings``, ``codes()``, ``to_dict()``, ``repr``). A loop that asks
    only ``.ok`` pays only for the verdict; one that reads the findings pays for both.

    ``txt`` is RDATA bytes, a mapping (str or bytes keys; str, bytes or None values), a
    zeroconf ``ServiceInfo``, a list of ``TxtEntry`` or a ``TxtInput``. With ``service``
    None only the RFC rules run. ``schemas`` is the ``SchemaSet`` to check against
    (default: registry catalogue in use + shipped overlays + ``$TXTKEYS_SCHEMA_DIR``); a
    ``Catalogue`` stands for that catalogue with the usual overlays. A malformed service
    name raises UnknownServiceError.
    """
    plan = None if service is None else plan_for(service, schemas)
    validator = None if plan is None else plan.validator
    wire = type(txt) is bytes
    read = None if wire or type(txt) is not dict else _mapping_pairs(txt)
    if plan is not None and validator is not None and (wire or read is not None):
        # RDATA or a plain mapping: the verdict now; the findings, with their messages,
        # when first asked for.
        first = plan.issues
        ok = plan.name_ok
        if instance is not None:
            named = list(first)
            check_instance_name(instance, named)
            first, ok = tuple(named), _no_error(named)
        if read is None:
            ok = ok and rdata_verdict(txt, validator, plan.memo)
            return Report.deferred(plan.label, ok, _list_rdata, first, txt, plan)
        pairs, size = read
        ok = ok and pairs_verdict(pairs, size, validator)
        return Report.deferred(plan.label, ok, _list_pairs, first, pairs, size, plan)
    issues: list[Issue] = [] if plan is None or not plan.issues else list(plan.issues)
    if instance is not None:
        check_instance_name(instance, issues)
    label = "the service" if plan is None else plan.label
    if wire:
        firsts = check_rdata(txt, issues)
    elif read is not None:
        firsts = check_rfc(*read, issues)
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
    if validator is not None:
        validator.check(firsts, issues, label)
    return Report(None if plan is None else plan.label, tuple(issues))
