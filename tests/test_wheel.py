"""The built wheel carries the bundled catalogue and py.typed.

A package-data glob that stops matching ships a wheel that imports fine and then
fails on the first lookup; only building the wheel shows it. The build runs on a
copy of the project, so the work tree gets no build/ or egg-info from it.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]


def _setuptools_can_build_in_place() -> bool:
    """--no-isolation needs a setuptools that reads ``license = "MIT"`` (PEP 639, 77+)."""
    try:
        major = int(importlib.metadata.version("setuptools").split(".")[0])
    except (importlib.metadata.PackageNotFoundError, ValueError):
        return False
    return major >= 77


def _copy_project(target: Path) -> None:
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc", "build", "dist")
    shutil.copytree(PROJECT / "src", target / "src", ignore=ignore)
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        if (PROJECT / name).is_file():
            shutil.copy2(PROJECT / name, target / name)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if importlib.util.find_spec("build") is None:
        pytest.fail("the 'build' package is missing: pip install '.[test]'")
    source = tmp_path_factory.mktemp("project")
    _copy_project(source)
    dist = tmp_path_factory.mktemp("dist")
    command = [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(source)]
    if _setuptools_can_build_in_place():
        command.append("--no-isolation")
    result = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    wheels = list(dist.glob("txtkeys-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def test_wheel_carries_catalogue_and_py_typed(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert "txtkeys/py.typed" in names
        assert "txtkeys/data/catalogue.json" in names
        shipped = json.loads(archive.read("txtkeys/data/catalogue.json"))
    bundled = json.loads((PROJECT / "src/txtkeys/data/catalogue.json").read_text("utf-8"))
    assert shipped["source_sha256"] == bundled["source_sha256"]
    assert len(shipped["entries"]) == len(bundled["entries"]) > 10_000


def test_wheel_has_no_registry_files(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    assert not [n for n in names if n.endswith((".xml", ".csv"))], "registry files must not ship"
