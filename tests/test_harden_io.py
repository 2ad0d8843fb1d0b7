"""Issue 14 items 5 (bounded reads), 9 (Avahi ports) and 10 (non-UTF-8 arguments).

Every file input goes through ``txtkeys._io.read_capped``: the cap applies while reading,
FIFOs, devices and directories are refused without blocking. Huge inputs are sparse
files (no disk used); a FIFO test runs in a subprocess so a regression fails on its
timeout instead of hanging the suite.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tracemalloc
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from txtkeys._io import MAX_OVERLAY_BYTES, read_capped, read_head
from txtkeys.cli import main
from txtkeys.errors import InputFormatError, OverlayError, TxtkeysError
from txtkeys.formats.inputs import (
    MAX_AVAHI_BYTES,
    MAX_RDATA_BYTES,
    from_avahi,
    from_wire_file,
    read_wire_file,
)
from txtkeys.registry.read import MAX_REGISTRY_BYTES, read_registry


def _sparse(path: Path, size: int) -> Path:
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    """main(argv) with stdout and stderr as strict UTF-8 streams."""
    out_bytes, err_bytes = io.BytesIO(), io.BytesIO()
    out = io.TextIOWrapper(out_bytes, encoding="utf-8", errors="strict", write_through=True)
    err = io.TextIOWrapper(err_bytes, encoding="utf-8", errors="strict", write_through=True)
    with redirect_stdout(out), redirect_stderr(err):
        try:
            status = main(argv)
        except SystemExit as exc:
            status = exc.code if isinstance(exc.code, int) else 2
    return status, out_bytes.getvalue().decode("utf-8"), err_bytes.getvalue().decode("utf-8")


# -- the reader ----------------------------------------------------------------------------


def test_read_capped_refuses_past_the_limit_without_reading_it_all(tmp_path: Path) -> None:
    huge = _sparse(tmp_path / "huge", 1 << 40)  # 1 TiB, sparse
    tracemalloc.start()
    try:
        with pytest.raises(InputFormatError, match="over the 1,000 byte limit"):
            read_capped(huge, 1000, "test file")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1 << 20
    exact = tmp_path / "exact"
    exact.write_bytes(b"x" * 1000)
    assert read_capped(exact, 1000, "test file") == b"x" * 1000
    exact.write_bytes(b"x" * 1001)
    with pytest.raises(InputFormatError, match="byte limit"):
        read_capped(exact, 1000, "test file")


@pytest.mark.parametrize("kind", ["device", "directory", "fifo", "missing"])
def test_read_capped_refuses_what_is_not_a_regular_file(tmp_path: Path, kind: str) -> None:
    path = {
        "device": Path("/dev/zero"),
        "directory": tmp_path,
        "fifo": tmp_path / "fifo",
        "missing": tmp_path / "nope",
    }[kind]
    if kind == "fifo":
        os.mkfifo(path)  # nobody writes: a blocking open would wait forever
    with pytest.raises(InputFormatError) as caught:
        read_capped(path, 100, "test file")
    message = str(caught.value)
    assert message.count("\n") == 0
    assert {"device": "not a regular file", "fifo": "not a regular file"}.get(
        kind, {"directory": "directory", "missing": "no such"}.get(kind, "")
    ) in message


def test_read_head_never_blocks_and_reads_only_regular_files(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    small = tmp_path / "small"
    small.write_bytes(b"0123456789")
    assert read_head(small, 4) == b"0123"
    for path in (fifo, Path("/dev/zero"), tmp_path, tmp_path / "missing"):
        assert read_head(path, 4) is None


def test_error_factory_and_names_are_escaped(tmp_path: Path) -> None:
    with pytest.raises(OverlayError, match=r"schema file .*: no such"):
        read_capped(
            tmp_path / "x\x1by",
            10,
            "schema file",
            error=lambda p, m: OverlayError(f"schema file {p}: {m}"),
        )
    try:
        read_capped(tmp_path / "x\x1by", 10, "thing")
    except TxtkeysError as exc:
        assert "\x1b" not in str(exc) and "\\x1b" in str(exc)


# -- every file input ------------------------------------------------------------------------


def test_wire_file_over_65535_bytes_is_refused_while_reading(tmp_path: Path) -> None:
    assert MAX_RDATA_BYTES == 65_535
    exact = tmp_path / "max.bin"
    exact.write_bytes(b"\x00" * MAX_RDATA_BYTES)
    assert from_wire_file(exact).size == MAX_RDATA_BYTES
    exact.write_bytes(b"\x00" * (MAX_RDATA_BYTES + 1))
    with pytest.raises(InputFormatError, match="65,535 byte limit"):
        read_wire_file(exact)
    with pytest.raises(InputFormatError, match="65,535 byte limit"):
        from_wire_file(_sparse(tmp_path / "64mb.bin", 64 * 1024 * 1024))


def test_avahi_file_is_capped(tmp_path: Path) -> None:
    with pytest.raises(InputFormatError, match="byte limit"):
        from_avahi(_sparse(tmp_path / "big.service", MAX_AVAHI_BYTES + 1))
    with pytest.raises(InputFormatError, match="not a regular file"):
        from_avahi("/dev/zero")


def test_registry_reader_is_capped(tmp_path: Path) -> None:
    with pytest.raises(InputFormatError, match="byte limit"):
        read_registry(_sparse(tmp_path / "big.xml", MAX_REGISTRY_BYTES + 1))
    with pytest.raises(InputFormatError, match="not a regular file"):
        read_registry("/dev/zero")


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "wot", "--wire", "{dev}"],
        ["check", "--avahi", "{dev}"],
        ["compile", "{dev}"],
        ["compile", "{big}"],
        ["--schema", "{dev}", "show", "wot"],
        ["--schema", "{big}", "show", "wot"],
        ["check", "wot", "--wire", "{fifo}"],
        ["check", "--avahi", "{fifo}"],
        ["compile", "{fifo}"],
        ["--schema", "{fifo}", "show", "wot"],
        ["update", "--file", "{fifo}"],
        ["update", "--file", "{dev}"],
    ],
)
def test_cli_file_inputs_are_bounded_and_never_block(tmp_path: Path, argv: list[str]) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    big = _sparse(tmp_path / "big", max(MAX_REGISTRY_BYTES, MAX_OVERLAY_BYTES) + 1)
    words = [{"{dev}": "/dev/zero", "{fifo}": str(fifo), "{big}": str(big)}.get(w, w) for w in argv]
    # A subprocess, so a blocking read fails on the timeout instead of hanging the suite.
    done = subprocess.run(
        [sys.executable, "-m", "txtkeys", *words],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "TXTKEYS_CACHE_DIR": str(tmp_path / "cache")},
    )
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr


# -- item 9: Avahi ports -------------------------------------------------------------------


def _avahi(tmp_path: Path, port: str) -> Path:
    path = tmp_path / "x.service"
    path.write_text(
        "<service-group><name>x</name><service><type>_wot._tcp</type>"
        f"<port>{port}</port><txt-record>td=/td</txt-record></service></service-group>",
        "utf-8",
    )
    return path


@pytest.mark.parametrize("port", ["0", "80", " 8080 ", "65535", "00080"])
def test_avahi_ascii_ports_are_read(tmp_path: Path, port: str) -> None:
    assert from_avahi(_avahi(tmp_path, port))[0].port == int(port)


@pytest.mark.parametrize(
    "port", ["\u00b2", "\u0663\u0664", "\uff18\uff10", "65536", "9" * 5000, "-1", "8 0", "0x50"]
)
def test_avahi_bad_ports_are_one_clear_error(tmp_path: Path, port: str) -> None:
    with pytest.raises(InputFormatError, match="0-65535 in ASCII digits") as caught:
        from_avahi(_avahi(tmp_path, port))
    assert len(str(caught.value)) < 400


def test_cli_avahi_bad_port_exits_2(tmp_path: Path) -> None:
    status, _, err = run_cli(["check", "--avahi", str(_avahi(tmp_path, "\u0663\u0664"))])
    assert status == 2 and err.count("\n") == 1 and "Traceback" not in err


# -- item 10: arguments that are not UTF-8 ---------------------------------------------------

NON_UTF8 = os.fsdecode(b"Lamp\xff\xfe")  # a surrogate-escaped argv word


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "wot", f"td={NON_UTF8}"],
        ["check", "--json", "wot", f"td={NON_UTF8}", f"{NON_UTF8}=1"],
        ["build", "wot/tcp", "--name", NON_UTF8, "--port", "80", "td=/td", "--json"],
        ["build", "wot/tcp", "--name", NON_UTF8, "--port", "80", "td=/td", "--format", "avahi"],
        ["build", "wot/tcp", "--name", NON_UTF8, "--port", "80", "td=/td", "--format", "dns-sd"],
        ["show", NON_UTF8],
        ["search", NON_UTF8, "--json"],
        ["compile", NON_UTF8],
        ["--bogus", NON_UTF8],
    ],
)
def test_non_utf8_arguments_give_valid_utf8_output(argv: list[str]) -> None:
    status, out, err = run_cli(argv)  # strict streams: a UnicodeEncodeError would raise
    assert status in (0, 1, 2), err
    assert "Traceback" not in err
    if "--json" in argv and status in (0, 1) and out.lstrip().startswith(("{", "[")):
        json.loads(out)  # still valid JSON


def test_non_utf8_arguments_with_a_strict_stdout_in_a_subprocess(tmp_path: Path) -> None:
    word = b"td=\xff\x1b"
    for extra in ([], [b"--json"]):
        done = subprocess.run(
            [os.fsencode(sys.executable), b"-m", b"txtkeys", b"check", *extra, b"wot", word],
            capture_output=True,
            timeout=60,
            check=False,
            env={**os.environ, "PYTHONIOENCODING": "utf-8:strict", "PYTHONUTF8": "0"},
        )
        assert done.returncode in (0, 1, 2), done.stderr
        assert b"Traceback" not in done.stderr and b"UnicodeEncodeError" not in done.stderr
        done.stdout.decode("utf-8")  # valid UTF-8, or this raises
        done.stderr.decode("utf-8")
        assert b"\x1b" not in done.stdout


def test_internal_errors_are_one_line_exit_2(monkeypatch: pytest.MonkeyPatch) -> None:
    from txtkeys.cli import update_cmds

    def broken(args: object) -> int:
        raise RuntimeError("boom \x1b[2J")

    parser_defaults = update_cmds.run_update
    monkeypatch.setattr(update_cmds, "run_update", broken)
    try:
        status, _, err = run_cli(["update", "--file", "/nonexistent"])
    finally:
        monkeypatch.setattr(update_cmds, "run_update", parser_defaults)
    assert status == 2 and err.count("\n") == 1
    assert "internal error: RuntimeError" in err and "\x1b" not in err
    with pytest.raises(RuntimeError):
        monkeypatch.setattr(update_cmds, "run_update", broken)
        main(["--debug", "update", "--file", "/nonexistent"])
