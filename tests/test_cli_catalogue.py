"""``txtkeys show``, ``search``, ``compile`` and ``info`` as a user runs them."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import MATERIAL
from txtkeys.catalogue.store import Catalogue
from txtkeys.cli import main
from txtkeys.cli._common import Style, format_table


@pytest.fixture(autouse=True)
def _no_user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test sees an empty user cache, so the bundled catalogue is the one in use."""
    monkeypatch.setenv("TXTKEYS_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture(scope="module")
def registry_xml() -> Path:
    return MATERIAL / "iana" / "service-names-port-numbers.xml"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


# -- show ---------------------------------------------------------------------------


def test_show_lists_keys_and_other_protocols(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "show", "wot")
    assert (status, err) == (0, "")
    assert out.startswith("wot/tcp")
    for word in ("KEY", "KIND", "REQUIRED", "DEFAULT", "CHOICES", "EXAMPLE", "DESCRIPTION"):
        assert word in out
    scheme_row = next(line for line in out.splitlines() if line.split()[:1] == ["scheme"])
    assert "https" in scheme_row
    assert "also over" in out
    assert "wot/udp" in out
    assert re.search(rf"catalogue +{Catalogue.bundled().updated}", out)
    assert "\033[" not in out  # not a terminal: no colour


def test_show_udp_record_has_its_own_choices(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "show", "_wot._udp.local.")
    assert status == 0
    scheme_row = next(line for line in out.splitlines() if line.split()[:1] == ["scheme"])
    assert "coap" in scheme_row
    assert "https" not in scheme_row


def test_show_json_is_the_entry(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "show", "ssh", "--json")
    assert status == 0
    data = json.loads(out)
    expected = Catalogue.bundled().get("ssh")
    assert expected is not None
    assert (data["name"], data["protocol"], data["port"]) == ("ssh", "tcp", "22")
    assert data["note"]["status"] == "keys"
    assert [key["name"] for key in data["note"]["keys"]] == [k.name for k in expected.note.keys]
    assert set(data["other_protocols"]) >= {"udp", "sctp"}


def test_show_says_registered_without_a_note(capsys: pytest.CaptureFixture[str]) -> None:
    entry = Catalogue.bundled().get("echo")
    assert entry is not None
    assert entry.note.raw == ""  # echo/tcp has no note in the registry
    status, out, _ = run(capsys, "show", "echo")
    assert status == 0
    assert "registered, no TXT keys defined" in out
    assert "KEY" not in out


def test_show_protocol_less_name(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "show", "1password/udp")
    assert status == 0
    assert "none in the registry" in out
    assert "no TXT keys" in out


def test_show_warns_about_historic_names(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "show", "subntbcst_tftp")
    assert status == 0
    assert "not usable with DNS-SD" in out


def test_show_unknown_name_is_one_line_with_suggestions(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, err = run(capsys, "show", "wott")
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1
    assert "not in the IANA service registry" in err
    assert "wot" in err.split("did you mean")[1]


def test_show_wrong_protocol_names_the_right_ones(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "show", "wot/sctp")
    assert status == 2
    assert "registered over tcp, udp" in err
    assert "txtkeys show wot/tcp" in err


def test_show_malformed_type(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "show", "wot/xyz")
    assert status == 2
    assert err.startswith("txtkeys: error:")
    assert "Traceback" not in err


# -- search ---------------------------------------------------------------------------


def test_search_password_lists_services_defining_such_keys(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run(capsys, "search", "password")
    assert status == 0
    keys_part, _, services_part = out.partition("Services whose name or description")
    assert "Services defining a key that matches 'password'" in keys_part
    assert "daap" in keys_part
    assert "ssh (tcp, udp, sctp)" in keys_part  # protocols of one service share a row
    assert "1password" in services_part


def test_search_json_and_no_match(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "search", "txtvers", "--json")
    assert status == 0
    document = json.loads(out)
    assert (document["schema_version"], document["document"]) == (1, "search")
    hits = document["hits"]
    assert hits
    assert all(any(k["name"].lower() == "txtvers" for k in hit["keys"]) for hit in hits)
    status, out, _ = run(capsys, "search", "qqqq-no-such-text-qqqq")
    assert status == 1
    assert "no key" in out


# -- compile and info ---------------------------------------------------------------


def test_compile_writes_a_usable_catalogue(
    capsys: pytest.CaptureFixture[str], registry_xml: Path, tmp_path: Path
) -> None:
    target = tmp_path / "cat.json"
    status, out, err = run(capsys, "compile", str(registry_xml), "-o", str(target))
    assert (status, err) == (0, "")
    for label in (
        "records",
        "named records",
        "records with TXT notes",
        "distinct notes",
        "notes by status",
        "keys extracted",
    ):
        assert f"  {label} " in out
    assert f"wrote {target}" in out
    compiled = Catalogue.load(target)
    named = next(line for line in out.splitlines() if "named records" in line)
    assert named.split()[-1] == str(len(compiled))

    status, out, _ = run(capsys, "--catalogue", str(target), "info", "--json")
    assert status == 0
    info = json.loads(out)
    assert (info["path"], info["source"]) == (str(target), "explicit")
    assert info["entries"] == len(compiled)
    assert info["source_sha256"] == compiled.checksum

    status, out, _ = run(capsys, "--catalogue", str(target), "show", "wot/udp")
    assert status == 0
    assert "coap" in out


def test_compile_older_csv_summary_only(
    capsys: pytest.CaptureFixture[str], registry_xml: Path
) -> None:
    csv = registry_xml.parent / "service-names-port-numbers-2024-06.csv"
    status, out, _ = run(capsys, "compile", str(csv), "--format", "csv", "--json")
    assert status == 0
    data = json.loads(out)
    assert data["source_format"] == "csv"
    assert data["written_to"] is None
    assert data["summary"]["named_records"] > 10_000


def test_compile_missing_file_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, out, err = run(capsys, "compile", str(tmp_path / "absent.xml"))
    assert (status, out) == (2, "")
    assert "absent.xml" in err
    assert err.count("\n") == 1


def test_info_names_the_bundled_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "info")
    assert status == 0
    bundled = Catalogue.bundled()
    assert str(bundled.path) in out
    assert "bundled" in out
    assert f"{len(bundled)} records" in out


def test_damaged_catalogue_option_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    status, _, err = run(capsys, "--catalogue", str(broken), "show", "wot")
    assert status == 2
    assert "txtkeys compile" in err
    assert err.count("\n") == 1


@pytest.mark.parametrize("command", ["show", "search", "compile", "info"])
def test_help_teaches_with_examples(command: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "txtkeys", command, "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "examples:" in result.stdout
    assert f"txtkeys {command}" in result.stdout.split("examples:")[1]


# -- shared helpers -------------------------------------------------------------------


def test_table_wraps_to_the_width_and_keeps_newlines_inside_cells() -> None:
    rows = [["a", "word " * 10], ["bbb", "short\nline"]]
    lines = format_table(("K", "DESCRIPTION"), rows, width=30)
    assert lines[0].split() == ["K", "DESCRIPTION"]
    assert all(len(line) <= 30 for line in lines)
    assert lines[1].startswith("a    word word")
    assert lines[2].startswith("     word")  # the continuation stays in its column
    assert lines[-1] == "bbb  short line"  # a newline in a cell does not break the table
    assert " ".join(line[5:] for line in lines[1:-1]).split() == ["word"] * 10
    wide = [["k" * 40, "v" * 40, "description of it"]]
    assert all(len(line) <= 50 for line in format_table(("A", "B", "C"), wide, width=50))
    assert format_table(("K",), []) == []


def test_style_colours_only_when_enabled() -> None:
    assert Style(enabled=True).bold("x") == "\033[1mx\033[0m"
    assert Style(enabled=False).bold("x") == "x"
    assert Style(sys.stdout).enabled is False  # pytest captures stdout: not a terminal
