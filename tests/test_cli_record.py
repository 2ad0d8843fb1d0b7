"""The check/build/schema contract CI scripts rely on: exit codes, JSON shape, one-line errors."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from test_checks import make_catalogue
from test_sources import AVAHI
from txtkeys.catalogue.store import (
    CATALOGUE_FORMAT,
    CATALOGUE_FORMAT_VERSION,
    bundled_catalogue_path,
)
from txtkeys.cli import main


@pytest.fixture(scope="module")
def catalogue_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test catalogue written in the compiled format, as --catalogue reads it."""
    notes: list[dict[str, object]] = []
    rows: list[list[object]] = []
    for entry in make_catalogue():
        notes.append(entry.note.model_dump(mode="json"))
        rows.append(
            [entry.name, entry.protocol, entry.port_text, entry.description, [], len(notes) - 1]
        )
    path = tmp_path_factory.mktemp("cat") / "catalogue.json"
    path.write_text(
        json.dumps(
            {
                "format": CATALOGUE_FORMAT,
                "format_version": CATALOGUE_FORMAT_VERSION,
                "registry_updated": "2024-06-01",
                "entries": rows,
                "notes": notes,
            }
        ),
        encoding="utf-8",
    )
    return path


def run(cat: Path, *argv: str) -> int:
    return main(["--catalogue", str(cat), *argv])


def test_check_error_exit_1_table(catalogue_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(catalogue_file, "check", "wot/udp", "td=/td", "scheme=https") == 1
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "_wot._udp: invalid - 1 error(s), 0 warning(s), 0 note(s)"
    assert "S104" in out and "scheme" in out and "\033[" not in out


def test_check_ok_exit_0_and_strict(
    catalogue_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # An unnamed key is a note (RFC 6763 s6.7); a likely misspelling is a warning.
    assert run(catalogue_file, "check", "wot/udp", "td=/td", "colour=red", "--strict") == 0
    assert run(catalogue_file, "check", "wot/udp", "td=/td", "shceme=coap") == 0
    assert run(catalogue_file, "check", "wot/udp", "td=/td", "shceme=coap", "--strict") == 1
    assert run(catalogue_file, "check", "wot/udp", "td=/td", "--strict") == 0
    capsys.readouterr()


def test_check_json(catalogue_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(catalogue_file, "check", "wot/udp", "td=/td", "scheme=https", "--json") == 1
    data = json.loads(capsys.readouterr().out)
    assert data["service"] == "_wot._udp" and data["valid"] is False
    assert data["issues"] == [
        {
            "severity": "error",
            "code": "S104",
            "key": "scheme",
            "message": "'scheme' is 'https'; allowed: coap, coaps",
        }
    ]


def test_check_hex_without_service(
    catalogue_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(catalogue_file, "check", "--hex", "0674643d2f7464", "--json") == 0
    assert json.loads(capsys.readouterr().out) == {
        "schema_version": 1,
        "document": "check",
        "service": None,
        "valid": True,
        "issues": [],
    }
    assert run(catalogue_file, "check", "--hex", "03613d3103413d32") == 1
    assert "R007" in capsys.readouterr().out


def test_check_wire_file(
    catalogue_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wire = tmp_path / "txt.bin"
    wire.write_bytes(bytes.fromhex("0674643d2f7464"))
    assert run(catalogue_file, "check", "_wot._udp", "--wire", str(wire)) == 0
    assert "valid" in capsys.readouterr().out


def test_check_avahi_lists_each_service(
    catalogue_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "lamp.service"
    path.write_text(AVAHI, encoding="utf-8")
    assert run(catalogue_file, "check", "--avahi", str(path), "--json") == 1
    data = json.loads(capsys.readouterr().out)["files"]
    assert [d["service"] for d in data] == ["_wot._udp", "_jnx-kcsync._tcp"]
    assert [i["code"] for i in data[0]["issues"]] == ["S101"]
    # 4 raw bytes where hex is wanted: not UTF-8 (S112), too short (S106), no hex digits (S105)
    assert {i["code"] for i in data[1]["issues"]} == {"S105", "S106", "S112"}


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["check", "--hex", "06zz"], "not a hex digit"),
        (["check", "--wire", "/nonexistent/txt.bin"], "no such file"),
        (["check", "wot/udp", "a=\\xZ"], "two hex digits"),
        (["check", "_a._b._c", "a=1"], "cannot read service type"),
        (["check", "wot", "a=1", "--hex", "00"], "not both"),
        (["schema", "nosuch"], "not in the service registry"),
    ],
)
def test_bad_input_exit_2_one_line(
    catalogue_file: Path, capsys: pytest.CaptureFixture[str], argv: list[str], fragment: str
) -> None:
    assert run(catalogue_file, *argv) == 2
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1 and fragment in captured.err
    assert "Traceback" not in captured.err


def test_build_formats(catalogue_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(catalogue_file, "build", "wot/udp", "--name", "Lamp", "--port", "5683",
               "td=/td", "--format", "hex") == 0  # fmt: skip
    assert capsys.readouterr().out.strip() == "0674643d2f7464"
    assert run(catalogue_file, "build", "wot/udp", "td=/td", "--format", "avahi",
               "--name", "Lamp", "--port", "5683") == 0  # fmt: skip
    assert "<txt-record>td=/td</txt-record>" in capsys.readouterr().out
    assert run(catalogue_file, "build", "wot/udp", "td=/td", "--format", "json") == 0
    assert json.loads(capsys.readouterr().out)["rdata_hex"] == "0674643d2f7464"
    assert run(catalogue_file, "build", "wot/udp", "td=/td", "--format", "dns-sd",
               "--name", "Lamp", "--port", "5683") == 0  # fmt: skip
    assert capsys.readouterr().out.strip() == "dns-sd -R Lamp _wot._udp local 5683 td=/td"


def test_build_refuses_errors(catalogue_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(catalogue_file, "build", "wot/udp", "td=/td", "scheme=https") == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "S104" in captured.err


def test_schema(catalogue_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(catalogue_file, "schema", "wot/udp") == 0
    schema = json.loads(capsys.readouterr().out)
    assert set(schema["properties"]) == {"td", "type", "scheme"}


def test_module_entry_point(catalogue_file: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "txtkeys", "--catalogue", str(catalogue_file), "check",
         "wot/udp", "td=/td", "scheme=https", "--json"],
        capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert json.loads(done.stdout)["valid"] is False


EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _example_env(catalogue_file: Path, tmp_path: Path) -> dict[str, str]:
    """Run examples on the bundled catalogue; until one is bundled, on the test catalogue."""
    env = dict(os.environ)
    if not bundled_catalogue_path().is_file():
        shutil.copy(catalogue_file, tmp_path / "catalogue.json")
        env["TXTKEYS_CACHE_DIR"] = str(tmp_path)
    return env


@pytest.mark.parametrize(
    ("script", "args", "expected"),
    [
        ("build_wot_advertisement.py", [], ["S104", "Lamp._wot._udp.local. port 5683"]),
        ("check_firmware_txt.py", [], ["S106", "salt", "  invalid", "  valid"]),
        ("convert_avahi_service.py", [], ["dns-sd -R Lamp _wot._udp local 5683 td=/td"]),
    ],
)
def test_examples_run(
    catalogue_file: Path, tmp_path: Path, script: str, args: list[str], expected: list[str]
) -> None:
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / script), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        env=_example_env(catalogue_file, tmp_path),
    )
    assert done.returncode == 0, done.stderr
    for fragment in expected:
        assert fragment in done.stdout


def test_firmware_example_gates_on_a_file(catalogue_file: Path, tmp_path: Path) -> None:
    bad = tmp_path / "txt.bin"
    bad.write_bytes(b"\x08hash=abc")
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / "check_firmware_txt.py"), str(bad)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        env=_example_env(catalogue_file, tmp_path),
    )
    assert done.returncode == 1, done.stderr
    assert "S106" in done.stdout
