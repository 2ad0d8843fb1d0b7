"""``txtkeys check`` over many files, as CI jobs and pre-commit hooks call it.

Several ``--avahi`` files and directories, several ``--wire`` files, record files written
by ``build --format json`` (``--json-file`` and ``check -``), each reported on its own;
an unreadable file does not hide the others.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from test_cli_record import catalogue_file, run  # noqa: F401  (module fixture)

GOOD = """<?xml version="1.0" standalone='no'?>
<service-group>
  <name>Good</name>
  <service>
    <type>_wot._udp</type>
    <port>5683</port>
    <txt-record>td=/td</txt-record>
    <txt-record>scheme=coaps</txt-record>
  </service>
</service-group>
"""
BAD = GOOD.replace("Good", "Bad").replace("scheme=coaps", "scheme=https")


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "services"
    folder.mkdir()
    (folder / "good.service").write_text(GOOD, encoding="utf-8")
    (folder / "bad.service").write_text(BAD, encoding="utf-8")
    (folder / "notes.txt").write_text("not a service file", encoding="utf-8")
    good_wire = tmp_path / "good.bin"
    good_wire.write_bytes(bytes.fromhex("0674643d2f7464"))
    bad_wire = tmp_path / "bad.bin"
    bad_wire.write_bytes(b"\x06td=/td\x06td=/xx")  # R007
    broken = tmp_path / "broken.service"
    broken.write_text("<service-group><service>", encoding="utf-8")
    return {
        "dir": folder,
        "good": folder / "good.service",
        "bad": folder / "bad.service",
        "good_wire": good_wire,
        "bad_wire": bad_wire,
        "broken": broken,
    }


def test_avahi_files_and_directory_reported_per_file(
    catalogue_file: Path,  # noqa: F811
    files: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(catalogue_file, "check", "--avahi", str(files["good"])) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == f"== {files['good']}"
    # A directory stands for its *.service files, sorted; --avahi repeats.
    assert run(catalogue_file, "check", "--avahi", str(files["dir"]), "--avahi",
               str(files["good"]), "--json") == 1  # fmt: skip
    data = json.loads(capsys.readouterr().out)["files"]
    assert [(Path(d["file"]).name, d["valid"]) for d in data] == [
        ("bad.service", False),
        ("good.service", True),
        ("good.service", True),
    ]
    assert [i["code"] for i in data[0]["issues"]] == ["S104"]
    assert all(set(d) == {"file", "service", "valid", "issues"} for d in data)


def test_files_after_options_as_pre_commit_passes_them(
    catalogue_file: Path,  # noqa: F811
    files: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    # 'entry: txtkeys check --avahi', 'args: [--strict]', then the files.
    argv = ["check", "--avahi", "--strict", str(files["good"]), str(files["bad"])]
    assert run(catalogue_file, *argv) == 1
    out = capsys.readouterr().out
    headers = [line for line in out.splitlines() if line.startswith("== ")]
    assert headers == [f"== {files['good']}", f"== {files['bad']}"]
    assert run(catalogue_file, "check", "--avahi", "--strict", str(files["good"])) == 0


def test_wire_files(
    catalogue_file: Path,  # noqa: F811
    files: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["check", "wot/udp", "--wire", str(files["good_wire"]), str(files["bad_wire"])]
    assert run(catalogue_file, *argv, "--json") == 1
    data = json.loads(capsys.readouterr().out)["files"]
    assert [(Path(d["file"]).name, d["valid"]) for d in data] == [
        ("good.bin", True),
        ("bad.bin", False),
    ]
    assert "R007" in [i["code"] for i in data[1]["issues"]]
    assert data[0]["service"] == "_wot._udp"
    # Mixed kinds in one run, each file on its own.
    argv = ["check", "wot/udp", "--wire", str(files["good_wire"]), "--avahi", str(files["good"])]
    assert run(catalogue_file, *argv) == 0


def test_unreadable_file_does_not_hide_the_others(
    catalogue_file: Path,  # noqa: F811
    files: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["check", "--avahi", str(files["good"]), str(files["broken"]), "--json"]
    assert run(catalogue_file, *argv) == 2
    captured = capsys.readouterr()
    data = json.loads(captured.out)["files"]
    assert data[0]["valid"] is True
    assert data[1]["file"] == str(files["broken"]) and "XML" in data[1]["error"]
    assert captured.err.count("\n") == 1 and "broken.service" in captured.err
    # Only unreadable input: the usual one error line, nothing on stdout.
    assert run(catalogue_file, "check", "--avahi", str(files["broken"])) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["check", "wot/udp", "td=/td", "--wire", "{good_wire}"], "not both"),
        (["check", "--hex", "00", "--avahi", "{good}"], "not both"),
        (["check", "--avahi"], "no file given"),
        (["check", "--avahi", "{empty}"], "no *.service files"),
        (["check", "--json", "--format", "sarif", "--avahi", "{good}"], "disagree"),
    ],
)
def test_usage_errors_exit_2(
    catalogue_file: Path,  # noqa: F811
    files: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    fragment: str,
) -> None:
    (tmp_path / "empty").mkdir()
    names = {"{empty}": str(tmp_path / "empty")} | {f"{{{k}}}": str(v) for k, v in files.items()}
    assert run(catalogue_file, *[names.get(word, word) for word in argv]) == 2
    err = capsys.readouterr().err
    assert fragment in err and err.count("\n") == 1


# -- reading back build --format json ------------------------------------------------------

RECORDS = [
    ["wot/udp", "td=/td", "scheme=coaps"],  # valid
    ["wot/udp", "td=/td", "scheme=coaps", "--name", "Lamp", "--port", "5683"],
    ["wot/udp", "td=/td", "blob=\\xa3\\x00", "flag"],  # binary value, bare key
]


@pytest.mark.parametrize("words", RECORDS)
def test_json_file_reads_back_build_output(
    catalogue_file: Path,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    words: list[str],
) -> None:
    assert run(catalogue_file, "build", *words, "--format", "json") == 0
    written = capsys.readouterr().out
    path = tmp_path / "lamp.txt.json"
    path.write_text(written, encoding="utf-8")
    keys = [w for w in words[1:] if not w.startswith("--") and not w.isdigit() and w != "Lamp"]
    assert run(catalogue_file, "check", words[0], *keys, "--json") == 0
    direct = _report_fields(json.loads(capsys.readouterr().out))
    assert run(catalogue_file, "check", "--json-file", str(path), "--json") == 0
    (read_back,) = json.loads(capsys.readouterr().out)["files"]
    assert read_back.pop("file") == str(path)
    assert read_back == direct
    # 'check -' reads the same JSON from stdin.
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(written.encode("utf-8"))))
    assert run(catalogue_file, "check", "-", "--json") == 0
    (from_stdin,) = json.loads(capsys.readouterr().out)["files"]
    assert from_stdin.pop("file") == "<stdin>"
    assert from_stdin == direct


def test_json_file_same_verdict_for_a_bad_record(
    catalogue_file: Path,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # build refuses a bad record, so write what a hand edit would leave.
    path = tmp_path / "bad.txt.json"
    path.write_text(
        json.dumps({"service": "_wot._udp", "txt": {"td": "/td", "scheme": "https"}}), "utf-8"
    )
    assert run(catalogue_file, "check", "wot/udp", "td=/td", "scheme=https", "--json") == 1
    direct = _report_fields(json.loads(capsys.readouterr().out))
    assert run(catalogue_file, "check", "--json-file", str(path), "--json") == 1
    (read_back,) = json.loads(capsys.readouterr().out)["files"]
    read_back.pop("file")
    assert read_back == direct


@pytest.mark.parametrize(
    ("doc", "fragment"),
    [
        ("[1, 2]", "not an object"),
        ("{", "not JSON"),
        ('{"service": "_wot._udp"}', "neither"),
        ('{"service": "_wot._udp", "txt": [{"value": "x"}]}', 'text "key"'),
        ('{"service": "_wot._udp", "txt": [{"key": "k", "value_hex": "zz"}]}', "hex"),
        (
            '{"service": "_wot._udp", "txt": [{"key": "td", "value": "/td"}], '
            '"rdata_hex": "0674643d2f7878"}',
            "disagree",
        ),
    ],
)
def test_bad_json_files_exit_2(
    catalogue_file: Path,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    doc: str,
    fragment: str,
) -> None:
    path = tmp_path / "x.txt.json"
    path.write_text(doc, encoding="utf-8")
    assert run(catalogue_file, "check", "--json-file", str(path)) == 2
    captured = capsys.readouterr()
    assert fragment in captured.err and captured.err.count("\n") == 1 and captured.out == ""


def test_rdata_hex_only_is_checked_from_the_bytes(
    catalogue_file: Path,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "x.txt.json"
    path.write_text('{"service": "_wot._udp", "rdata_hex": "0674643d2f746406"}', "utf-8")
    assert run(catalogue_file, "check", "--json-file", str(path), "--json") == 1
    (report,) = json.loads(capsys.readouterr().out)["files"]
    assert "R001" in [i["code"] for i in report["issues"]]  # the last length byte runs out


def _report_fields(document: dict[str, object]) -> dict[str, object]:
    """A ``check --json`` document without its envelope, as each file entry carries it."""
    return {k: v for k, v in document.items() if k not in ("schema_version", "document")}
