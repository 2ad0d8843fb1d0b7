"""The catalogue in use survives a damaged user cache; compile does not invent folders."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from txtkeys.catalogue.store import Catalogue, CatalogueFallbackWarning, bundled_catalogue_path
from txtkeys.cli import main
from txtkeys.errors import CatalogueError


def _newer_copy(folder: Path) -> Path:
    """A user cache made from the bundled catalogue, dated later so it is chosen."""
    text = bundled_catalogue_path().read_text(encoding="utf-8")
    header_date = Catalogue.bundled().updated
    assert header_date
    cache = folder / "catalogue.json"
    cache.write_text(
        text.replace(f'"registry_updated":"{header_date}"', '"registry_updated":"2026-11-30"', 1),
        encoding="utf-8",
    )
    return cache


def _damage(cache: Path, how: str) -> None:
    text = cache.read_text(encoding="utf-8")
    if how == "row":
        text = text.replace('["wot","tcp"', '["wot","tcp" ', 1)
    elif how == "truncated":
        text = text[: len(text) * 2 // 3]
    cache.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("how", ["row", "truncated"])
def test_a_damaged_cache_falls_back_to_the_bundled_catalogue(
    how: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = _newer_copy(tmp_path)
    monkeypatch.setenv("TXTKEYS_CACHE_DIR", str(tmp_path))
    assert Catalogue.default().path == cache  # intact, the newer cache is used
    _damage(cache, how)
    with pytest.warns(CatalogueFallbackWarning, match="txtkeys update --force"):
        catalogue = Catalogue.default()
    assert catalogue.path == bundled_catalogue_path()
    assert catalogue.get("wot") is not None


def test_the_cli_says_so_in_one_line_and_checks_on(tmp_path: Path) -> None:
    cache = _newer_copy(tmp_path)
    _damage(cache, "row")
    done = subprocess.run(
        [sys.executable, "-m", "txtkeys", "check", "wot", "td=/x"],
        capture_output=True,
        text=True,
        env={"TXTKEYS_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("txtkeys: warning:")
    assert str(cache) in done.stderr and "Traceback" not in done.stderr


def test_a_damaged_explicit_catalogue_is_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "cat.json"
    shutil.copy(bundled_catalogue_path(), copy)
    _damage(copy, "row")
    assert main(["--catalogue", str(copy), "check", "wot", "td=/x"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "damaged" in err
    with pytest.raises(CatalogueError, match="damaged"):
        Catalogue.load(copy, verify=True)


def test_compile_does_not_create_a_missing_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from conftest import MATERIAL

    target = tmp_path / "no" / "such" / "out.json"
    registry = MATERIAL / "iana" / "service-names-port-numbers.xml"
    assert main(["compile", str(registry), "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert "does not exist" in err and not (tmp_path / "no").exists()
