"""Shared fixtures: the project material the tests read, all of it inside tests/data.

The registry files are kept gzip-compressed (tests/data/iana/*.gz); on first use they
are unpacked once per session into a temporary folder laid out as the project's
material is (``iana/``, ``seeds/``, ``labels/``), so a fresh clone runs every test.
"""

from __future__ import annotations

import atexit
import gzip
import shutil
import tempfile
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data"


def _material() -> Path:
    root = Path(tempfile.mkdtemp(prefix="txtkeys-material-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    (root / "iana").mkdir()
    for packed in sorted((DATA / "iana").glob("*.gz")):
        with gzip.open(packed, "rb") as source, (root / "iana" / packed.stem).open("wb") as out:
            shutil.copyfileobj(source, out)
    shutil.copytree(DATA / "seeds", root / "seeds")
    shutil.copytree(DATA / "labels", root / "labels")
    return root


MATERIAL = _material()


@pytest.fixture(scope="session")
def material() -> Path:
    """The project material (registry files, seeds, labels), unpacked from tests/data."""
    return MATERIAL


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test of a live module ``live``, so ``-m 'not live'`` is a quick run."""
    for item in items:
        if item.module is not None and item.module.__name__.split(".")[-1] in LIVE_MODULES:
            item.add_marker(pytest.mark.live)


# Modules whose tests talk mDNS (real zeroconf sockets on loopback, Avahi in namespaces).
LIVE_MODULES = frozenset(
    {"test_live_loopback", "test_live_avahi", "test_harden_live", "test_live_watch"}
)
