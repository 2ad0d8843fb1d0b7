"""The pytest plugin: ``txtkeys.testing.assert_valid`` and the ``txtkeys_advertised`` fixture.

The plugin is loaded the way users get it: the wheel is built, installed into a fresh
venv, and pytest run there on a small test file that uses the fixture and the assertion,
with nothing but the entry point telling pytest about the plugin.
"""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from zeroconf import ServiceInfo

from test_cli_record import catalogue_file  # noqa: F401  (module fixture)
from test_wheel import wheel  # noqa: F401  (module fixture: the built wheel)
from txtkeys.catalogue.store import Catalogue
from txtkeys.formats.inputs import from_mapping
from txtkeys.testing import assert_valid

WOT = "_wot._udp.local."


@pytest.fixture(scope="module")
def catalogue(catalogue_file: Path) -> Catalogue:  # noqa: F811
    return Catalogue.load(catalogue_file)


def _info(rdata: bytes, name: str = "Lamp", type_: str = WOT) -> ServiceInfo:
    return ServiceInfo(type_, f"{name}.{type_}", port=5683, properties=rdata, server="lamp.local.")


# -- assert_valid ----------------------------------------------------------------------------


def test_valid_records_pass_in_every_form(catalogue: Catalogue) -> None:
    rdata = b"\x06td=/td\x0cscheme=coaps"
    for record in (rdata, {"td": "/td", "scheme": "coaps"}, from_mapping({"td": "/td"})):
        report = assert_valid(record, "wot/udp", schemas=catalogue)
        assert report.ok and report.service == "_wot._udp"
    # A ServiceInfo names its own service.
    assert assert_valid(_info(rdata), schemas=catalogue).service == "_wot._udp"
    # Without a service, only the RFC rules run.
    assert assert_valid(b"\x06td=/td").service is None


def test_failure_lists_every_issue(catalogue: Catalogue) -> None:
    info = _info(b"\x06td=/td\x0cscheme=https\x04=abc")
    with pytest.raises(AssertionError) as raised:
        assert_valid(info, schemas=catalogue)  # service from info.type: _wot._udp
    message = str(raised.value)
    lines = message.splitlines()
    assert "'Lamp._wot._udp.local.'" in lines[0] and "not valid" in lines[0]
    assert "2 error(s)" in lines[0]
    assert any(line.split()[:3] == ["error", "S104", "scheme:"] for line in lines), message
    assert any(line.split()[:3] == ["error", "R004", "-:"] for line in lines), message
    assert "coap" in message  # the check's message says what is allowed


def test_service_argument_overrides_the_info_type(catalogue: Catalogue) -> None:
    info = _info(b"\x06td=/td\x0cscheme=https", type_="_wot._tcp.local.")
    assert_valid(info, schemas=catalogue)  # https is fine over tcp
    with pytest.raises(AssertionError, match="S104"):
        assert_valid(info, "wot/udp", schemas=catalogue)


def test_strict_fails_on_warnings(catalogue: Catalogue) -> None:
    record = {"td": "/td", "averylongkey": "1"}  # R006 warning
    assert_valid(record, "wot/udp", schemas=catalogue)
    with pytest.raises(AssertionError, match="warning  R006  averylongkey"):
        assert_valid(record, "wot/udp", strict=True, schemas=catalogue)


def test_plugin_import_is_light() -> None:
    code = (
        "import sys, txtkeys.testing.plugin, txtkeys.testing\n"
        "heavy = ('zeroconf', 'pydantic', 'pyparsing', 'defusedxml', 'txtkeys.live.mdns',"
        " 'txtkeys.catalogue.store', 'ifaddr')\n"
        "print(','.join(m for m in heavy if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == ""


# -- the fixture, in this test run --------------------------------------------------------------


@pytest.mark.live
def test_fixture_advertises_and_audits(
    txtkeys_advertised: Callable[..., Any], catalogue: Catalogue
) -> None:
    result = txtkeys_advertised("wot/udp", {"td": "/td", "scheme": "coaps"}, schemas=catalogue)
    assert result.ok and result.rdata == b"\x06td=/td\x0cscheme=coaps"
    assert result.addresses == ("127.0.0.1",)
    assert assert_valid(result).service == "_wot._udp"
    bad = txtkeys_advertised(
        "wot/udp", {"td": "/td", "scheme": "https"}, schemas=catalogue, force=True
    )
    assert not bad.ok
    with pytest.raises(AssertionError, match="S104"):
        assert_valid(bad)


# -- the plugin from an installed wheel ---------------------------------------------------------

INNER_TESTS = """
import sys

import pytest

import txtkeys
from txtkeys.testing import assert_valid


def test_plugin_came_from_the_wheel(pytestconfig):
    plugin = pytestconfig.pluginmanager.get_plugin("txtkeys")
    assert plugin is not None, "the pytest11 entry point was not loaded"
    assert plugin.__name__ == "txtkeys.testing.plugin"
    assert plugin.__file__.startswith(sys.prefix), (plugin.__file__, sys.prefix)
    assert txtkeys.__file__.startswith(sys.prefix), txtkeys.__file__


def test_assert_valid_from_the_wheel():
    assert_valid(b"\\x06td=/td")
    with pytest.raises(AssertionError, match="R004"):
        assert_valid(b"\\x04=abc")


def test_fixture_from_the_wheel(txtkeys_advertised):
    result = txtkeys_advertised("wot/udp", {"td": "/td", "scheme": "coaps"})
    assert result.ok, result.report
    assert_valid(result)
"""


@pytest.fixture(scope="module")
def wheel_venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:  # noqa: F811
    """A fresh venv with the wheel installed; its dependencies come from this interpreter's
    site-packages through a .pth file (offline), placed after the venv's own."""
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--no-deps", "--no-index", "-q",
         "--disable-pip-version-check", str(wheel)],
        check=True, timeout=300,
    )  # fmt: skip
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True, timeout=60,
    ).stdout.strip()  # fmt: skip
    outer = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(site, "outer-deps.pth").write_text("\n".join(sorted(outer)) + "\n", encoding="utf-8")
    return python


def _run_inner(python: Path, tmp_path: Path, *selection: str) -> subprocess.CompletedProcess[str]:
    tests = tmp_path / "test_device.py"
    tests.write_text(textwrap.dedent(INNER_TESTS), encoding="utf-8")
    return subprocess.run(
        [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tests), *selection],
        cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


def test_plugin_loads_from_the_installed_wheel(wheel_venv: Path, tmp_path: Path) -> None:
    done = _run_inner(wheel_venv, tmp_path, "-k", "not fixture")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "2 passed" in done.stdout


@pytest.mark.live
def test_fixture_runs_from_the_installed_wheel(wheel_venv: Path, tmp_path: Path) -> None:
    done = _run_inner(wheel_venv, tmp_path, "-k", "fixture")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "1 passed" in done.stdout
