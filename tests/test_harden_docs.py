"""Issue 14: every cap is a number defined once in code and stated in docs/robustness.md.

Each row pairs the constant's dotted name with the figure the doc gives; a change to
either without the other fails here.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[1] / "docs" / "robustness.md"

CAPS = [
    ("registry.read", "MAX_REGISTRY_BYTES", 64 * 1024 * 1024, "64 MiB"),
    ("catalogue.update", "MAX_DOWNLOAD_BYTES", 64 * 1024 * 1024, "64 MiB"),
    ("formats.inputs", "MAX_RDATA_BYTES", 65_535, "65,535 bytes"),
    ("formats.inputs", "MAX_AVAHI_BYTES", 1024 * 1024, "1 MiB"),
    ("_io", "MAX_CATALOGUE_BYTES", 64 * 1024 * 1024, "64 MiB"),
    ("_io", "MAX_OVERLAY_BYTES", 1024 * 1024, "1 MiB"),
    ("formats.built_json", "MAX_JSON_BYTES", 1024 * 1024, "1 MiB"),
    ("catalogue.prefetch", "PREFETCH_WAIT_SECONDS", 10, "10 s"),
    ("catalogue.prefetch", "PREFETCH_CPU_SECONDS", 120, "120 s"),
    ("catalogue.update", "DATE_SLACK_DAYS", 1, "1 day"),
    ("catalogue.update", "STALE_TEMP_SECONDS", 60, "60 s"),
    ("catalogue.update", "ALLOWED_SCHEMES", ("http", "https"), "http and https"),
    ("live.mdns", "MAX_BROWSED_TYPES", 256, "256"),
    ("live.mdns", "MAX_AUDITED_INSTANCES", 4096, "4,096"),
]


@pytest.mark.parametrize(("module", "name", "value", "figure"), CAPS)
def test_each_cap_is_in_code_and_in_the_doc(
    module: str, name: str, value: object, figure: str
) -> None:
    assert getattr(importlib.import_module(f"txtkeys.{module}"), name) == value
    rows = [line for line in DOC.read_text("utf-8").splitlines() if f"{module}.{name}" in line]
    assert rows, f"docs/robustness.md does not name {module}.{name}"
    assert any(figure in row for row in rows), f"{module}.{name}: the doc does not say {figure}"
