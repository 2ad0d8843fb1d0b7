"""Test helpers: assert a TXT record is valid, advertise one on loopback and audit it.

Installed with txtkeys, a pytest plugin (entry point ``pytest11``, name ``txtkeys``)
brings the fixture ``txtkeys_advertised`` into every test suite; ``assert_valid`` is
imported from here::

    from txtkeys.testing import assert_valid

    def test_lamp_advert(lamp_info):          # a zeroconf ServiceInfo
        assert_valid(lamp_info)               # the service is taken from its type

    def test_lamp_on_the_air(txtkeys_advertised):
        result = txtkeys_advertised("wot/udp", {"td": "/td", "scheme": "coaps"})
        assert_valid(result)

Nothing here imports zeroconf, pydantic or the registry readers until a helper is
called, so loading the plugin costs a test run nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..catalogue.store import Catalogue
    from ..names import ServiceType
    from ..report import Report
    from ..schemaset import SchemaSet

__all__ = ["assert_valid", "format_report"]


def format_report(report: Report, *, subject: str | None = None) -> str:
    """A report as lines a person reads in a failed test: a verdict, then every issue."""
    what = subject or f"TXT record of {report.service or 'an unnamed service (RFC rules only)'}"
    notes = len(report.issues) - len(report.errors) - len(report.warnings)
    verdict = "valid" if report.ok else "not valid"
    lines = [
        f"{what} is {verdict}: {len(report.errors)} error(s), {len(report.warnings)} "
        f"warning(s), {notes} note(s)"
    ]
    for issue in report.by_severity():
        lines.append(
            f"  {issue.severity!s:<7}  {issue.code}  {issue.key if issue.key is not None else '-'}"
            f": {issue.message}"
        )
    if report.issues:
        lines.append("  (each code is explained with its fix in txtkeys' docs/checks.md)")
    return "\n".join(lines)


def _instance_label(name: str, kind: ServiceType) -> str | None:
    suffix = "." + kind.fqdn()
    if name.lower().endswith(suffix.lower()) and len(name) > len(suffix):
        return name[: -len(suffix)]
    return None


def assert_valid(
    info_or_record: Any,
    service: str | ServiceType | None = None,
    *,
    strict: bool = False,
    schemas: SchemaSet | Catalogue | None = None,
) -> Report:
    """Check a TXT record and raise ``AssertionError`` listing every issue if it has errors.

    ``info_or_record`` is a zeroconf ``ServiceInfo`` (its raw TXT bytes, and its instance
    name is checked too), an ``AuditResult`` (from ``txtkeys.audit`` or the
    ``txtkeys_advertised`` fixture), a mapping of key to value, RDATA bytes, a
    ``TxtInput``, a list of ``TxtEntry``, or a ``Report`` already made. With ``service``
    None, a ServiceInfo or AuditResult gives its own type; other records get only the
    RFC rules. ``strict`` fails on warnings too. Returns the report when it passes.
    """
    from ..checks.validate import validate
    from ..names import ServiceType
    from ..report import Report

    subject: str | None = None
    if isinstance(info_or_record, Report):
        report = info_or_record
    elif hasattr(info_or_record, "report") and hasattr(info_or_record, "rdata"):
        # an AuditResult: what the audit saw on the air
        result = info_or_record
        subject = f"advertisement {result.instance!r}"
        if service is None and schemas is None:
            report = result.report
        elif result.rdata is None:
            raise AssertionError(f"{subject} sent no TXT record (it did not answer)")
        else:
            report = validate(service or result.type, result.rdata, schemas=schemas)
    elif (
        not isinstance(info_or_record, Mapping | bytes | bytearray)
        and isinstance(getattr(info_or_record, "type", None), str)
        and hasattr(info_or_record, "text")
    ):
        info = info_or_record  # a zeroconf ServiceInfo
        kind = ServiceType.parse(service) if isinstance(service, str) else service
        if kind is None:
            kind = ServiceType.parse(info.type)
        instance = _instance_label(str(info.name), kind) if info.name else None
        subject = f"ServiceInfo {info.name!r}"
        report = validate(kind, info, schemas=schemas, instance=instance)
    else:
        report = validate(service, info_or_record, schemas=schemas)
    failed = not report.ok or (strict and bool(report.warnings))
    if failed:
        raise AssertionError(format_report(report, subject=subject))
    return report
