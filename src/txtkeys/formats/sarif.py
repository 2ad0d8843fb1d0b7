"""SARIF 2.1.0 output of ``txtkeys check --format sarif``, for code-scanning annotations.

One run, one result per issue: ``ruleId`` is the check code (docs/checks.md), ``level``
is ``error``, ``warning`` or ``note`` (for info), and the location is the checked file,
with the line of the ``<txt-record>`` (or of the ``<service>``, for findings about the
whole record) when the file is an Avahi service file. ``tool.driver.rules`` lists every
documented check. Files that could not be read are tool execution notifications, and
make ``executionSuccessful`` false. Relative paths are written relative to
``%SRCROOT%``, the directory the check ran in, which is what code-scanning uploads expect
when the check runs at the repository root.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..report import Issue, Report, Severity

__all__ = [
    "SARIF_SCHEMA",
    "SARIF_VERSION",
    "AvahiLines",
    "Checked",
    "avahi_lines",
    "sarif_log",
]

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SRCROOT = "%SRCROOT%"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_DOCS = "docs/checks.md"


@dataclass(frozen=True, slots=True)
class AvahiLines:
    """Where one ``<service>`` of an Avahi file is: its line, and each key's first line."""

    line: int | None
    keys: Mapping[str, int] = field(default_factory=dict)  # folded key text -> line


@dataclass(frozen=True, slots=True)
class Checked:
    """One checked record (or one unreadable file) as the SARIF log reports it."""

    path: str
    report: Report | None = None
    lines: AvahiLines | None = None
    error: str | None = None


def avahi_lines(data: bytes) -> list[AvahiLines]:
    """The line of each ``<service>`` and of each ``<txt-record>`` key in it, in order.

    Call it only on a file ``from_avahi`` read, so the XML is known to be well-formed
    and free of entity declarations; an error here gives no lines, never an exception.
    """
    from xml.parsers import expat

    parser = expat.ParserCreate()
    services: list[tuple[int, dict[str, int]]] = []
    depth: list[str] = []
    text: list[str] = []
    start_line = [0]

    def start(name: str, attrs: dict[str, str]) -> None:
        depth.append(name)
        if name == "service" and depth[:-1] == ["service-group"]:
            services.append((parser.CurrentLineNumber, {}))
        elif name == "txt-record" and services:
            text.clear()
            start_line[0] = parser.CurrentLineNumber

    def end(name: str) -> None:
        if name == "txt-record" and services and depth[-2:-1] == ["service"]:
            key = "".join(text).partition("=")[0].lower()
            services[-1][1].setdefault(key, start_line[0])
        depth.pop()

    def chars(data: str) -> None:
        if depth and depth[-1] == "txt-record":
            text.append(data)

    def refuse(*_: object) -> None:
        raise ValueError("entity declarations are not read")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.EntityDeclHandler = refuse
    try:
        parser.Parse(data, True)
    except (expat.ExpatError, ValueError):
        return []
    return [AvahiLines(line, keys) for line, keys in services]


def _artifact(path: str) -> dict[str, Any]:
    from pathlib import Path, PurePath
    from urllib.parse import quote

    pure = PurePath(path)
    if pure.is_absolute():
        return {"uri": Path(path).as_uri()}
    posix = pure.as_posix()
    return {"uri": quote(posix, safe="/:@!$&'()*+,;=-._~"), "uriBaseId": SRCROOT}


def _locations(item: Checked, issue: Issue | None) -> list[dict[str, Any]]:
    """Where to annotate; none for records not read from a file (words, stdin)."""
    if item.path.startswith("<"):
        return []
    physical: dict[str, Any] = {"artifactLocation": _artifact(item.path)}
    line = None
    if item.lines is not None:
        line = item.lines.line
        if issue is not None and issue.key is not None:
            line = item.lines.keys.get(issue.key.lower(), line)
    if line:
        physical["region"] = {"startLine": line}
    return [{"physicalLocation": physical}]


def _rules() -> tuple[list[dict[str, Any]], dict[str, int]]:
    from ..checks.rules import CHECKS

    rules: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    for code, check in CHECKS.items():
        index[code] = len(rules)
        summary = check.summary[:1].upper() + check.summary[1:]
        rules.append(
            {
                "id": code,
                "shortDescription": {"text": summary},
                "help": {
                    "text": f"{summary}. What {code} means and how to fix it: {_DOCS} "
                    "in the txtkeys documentation.",
                    "markdown": f"{summary}. What `{code}` means and how to fix it: "
                    f"[{_DOCS}]({_DOCS}) in the txtkeys documentation.",
                },
                "defaultConfiguration": {"level": _LEVELS[check.severity]},
                "properties": {"tags": ["dns-sd", "txt-record"]},
            }
        )
    return rules, index


def _message(report: Report, issue: Issue) -> str:
    where = report.service or "(no service)"
    key = f" key {issue.key!r}" if issue.key is not None else ""
    return f"{where}{key}: {issue.message} [{issue.code}]"


def sarif_log(checked: Sequence[Checked], *, version: str | None = None) -> dict[str, Any]:
    """The SARIF 2.1.0 log of a check over ``checked``, as a JSON-ready dict."""
    from pathlib import Path

    rules, index = _rules()
    results: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    for item in checked:
        if item.error is not None:
            notice: dict[str, Any] = {"level": "error", "message": {"text": item.error}}
            if locations := _locations(item, None):
                notice["locations"] = locations
            notifications.append(notice)
            continue
        if item.report is None:
            continue
        for issue in item.report.by_severity():
            result: dict[str, Any] = {
                "ruleId": issue.code,
                "level": _LEVELS[issue.severity],
                "message": {"text": _message(item.report, issue)},
                "properties": {"service": item.report.service, "key": issue.key},
            }
            if locations := _locations(item, issue):
                result["locations"] = locations
            if issue.code in index:
                result["ruleIndex"] = index[issue.code]
            results.append(result)
    driver: dict[str, Any] = {
        "name": "txtkeys",
        "rules": rules,
    }
    if version:
        driver["version"] = version
        driver["semanticVersion"] = version
    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "originalUriBaseIds": {SRCROOT: {"uri": Path(os.getcwd()).as_uri().rstrip("/") + "/"}},
        "invocations": [
            {
                "executionSuccessful": not notifications,
                "toolExecutionNotifications": notifications,
            }
        ],
        "results": results,
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}
