"""Shared fixtures: where the read-only project material lives."""

from __future__ import annotations

from pathlib import Path

import pytest


def _shared() -> Path | None:
    for candidate in (Path(__file__).resolve().parents[2] / "shared", Path("/work/shared")):
        if (candidate / "iana").is_dir():
            return candidate
    return None


SHARED = _shared()


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ../shared folder beside the checkout (registry files, seeds, labels)."""
    if SHARED is None:
        pytest.skip("../shared (registry files and labels) is not beside this checkout")
    return SHARED
