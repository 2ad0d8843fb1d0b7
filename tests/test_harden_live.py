"""Issue 14 items 1, 5 (audit), 6 (audit output) and 13: hostile mDNS traffic and bad options.

Real python-zeroconf on 127.0.0.1 only. The hostile packets are mDNS responses built with
zeroconf's own encoder and sent by a Zeroconf bound to 127.0.0.1, so they go out on the
loopback interface and nowhere else. Instance names carry the pid and a token, so what
other processes put on the loopback link is never counted.
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from zeroconf import BadTypeInNameException, DNSOutgoing, DNSPointer, ServiceInfo, Zeroconf, const

from _netns_harness import LOOPBACK, ResourceSnapshot, time_limit
from txtkeys.cli import main
from txtkeys.errors import TxtkeysError
from txtkeys.live import mdns
from txtkeys.live.mdns import (
    MAX_BROWSED_TYPES,
    SERVICE_TYPE_ENUMERATION,
    AuditResult,
    audit,
    audit_async,
    zeroconf_error,
)
from txtkeys.report import Issue, Report, Severity

WOT = "_wot._tcp.local."
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
# Bytes no terminal may receive from a device on the link: C0 controls (ESC, BEL), C1
# (CSI U+009B, OSC U+009D), bidi overrides and isolates.
FORBIDDEN = ["\x1b", "\x07", "\x9b", "\x9d", "\u202e", "\u2066", "\u2067"]


@pytest.fixture
def token() -> str:
    return f"tk{os.getpid()}-{uuid.uuid4().hex[:8]}"


@pytest.fixture(autouse=True)
def no_leaks() -> Iterator[None]:
    before = ResourceSnapshot()
    yield
    problems = before.leaks()
    assert not problems, "resources leaked: " + "; ".join(problems)


def _pointer(name: str, alias: str) -> DNSPointer:
    return DNSPointer(name, const._TYPE_PTR, const._CLASS_IN, 120, alias)


class Flood:
    """Sends the given PTR records from a Zeroconf bound to 127.0.0.1, every 0.3 s."""

    def __init__(self, zc: Zeroconf, pointers: list[DNSPointer]) -> None:
        self.zc = zc
        self.pointers = pointers
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="hostile-flood")

    def _run(self) -> None:
        while not self.stop.is_set():
            out = DNSOutgoing(const._FLAGS_QR_RESPONSE | const._FLAGS_AA)
            for pointer in self.pointers:
                out.add_answer_at_time(pointer, 0)
            self.zc.send(out)
            self.stop.wait(0.3)

    def __enter__(self) -> Flood:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()


def _good_info(name: str) -> ServiceInfo:
    return ServiceInfo(
        WOT,
        f"{name}.{WOT}",
        port=40911,
        properties=b"\x06td=/td",
        addresses=[bytes([127, 0, 0, 1])],
        server=f"{name}.local.",
    )


# -- item 1: a hostile packet never stops an audit ------------------------------------------


def test_hostile_names_on_the_link_do_not_stop_the_audit(token: str) -> None:
    bad_type = f"_bad{token[-4:]}\x1b]0;x\x07._tcp.local."
    bad_instance = f"{token}\x1b]0;pwn\x07.{WOT}"
    with time_limit(60):
        plain = Zeroconf(interfaces=[LOOPBACK])
        try:
            plain.register_service(_good_info(f"{token}-good"))
            pointers = [
                _pointer(SERVICE_TYPE_ENUMERATION, bad_type),
                _pointer(WOT, bad_instance),
            ]
            with Flood(plain, pointers):
                results = list(audit(interfaces=[LOOPBACK], timeout=4))
        finally:
            plain.close()
    by_name = {r.instance: r for r in results}
    # The good record is still found and checked.
    assert by_name[f"{token}-good.{WOT}"].ok
    # The bad instance is an error of that responder (L004), not a crash of the audit.
    refused = by_name[bad_instance]
    assert refused.report.codes() == ["L004"] and not refused.ok
    # The bad type is noted (L005) and not browsed.
    listed = by_name[bad_type]
    assert listed.report.codes() == ["L005"] and listed.ok
    for result in (refused, listed):
        line = json.dumps(result.to_dict(), ensure_ascii=False)
        assert not any(char in line for char in FORBIDDEN)
        assert result.to_dict()["instance_hex"] == result.instance.encode().hex()


def test_audit_async_takes_hostile_names_too(token: str) -> None:
    bad_instance = f"{token}\x1b[2J\x00.{WOT}"

    async def scan() -> list[AuditResult]:
        return [r async for r in audit_async(["wot/tcp"], interfaces=[LOOPBACK], timeout=3)]

    with time_limit(60):
        plain = Zeroconf(interfaces=[LOOPBACK])
        try:
            plain.register_service(_good_info(f"{token}-agood"))
            with Flood(plain, [_pointer(WOT, bad_instance)]):
                results = asyncio.run(scan())
        finally:
            plain.close()
    by_name = {r.instance: r for r in results}
    assert by_name[f"{token}-agood.{WOT}"].ok
    assert by_name[bad_instance].report.codes() == ["L004"]


def test_cli_audit_of_a_hostile_link_exits_1_without_traceback(token: str) -> None:
    bad_instance = f"{token}\x1b]2;owned\x07\u202e.{WOT}"
    env = {**os.environ, "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8:strict"}
    cmd = [sys.executable, "-m", "txtkeys", "audit", "--interface", LOOPBACK]
    with time_limit(90):
        plain = Zeroconf(interfaces=[LOOPBACK])
        try:
            plain.register_service(_good_info(f"{token}-good"))
            with Flood(plain, [_pointer(WOT, bad_instance)]):
                table = subprocess.run(
                    [*cmd, "--type", "wot/tcp", "--timeout", "3"],
                    capture_output=True,
                    timeout=60,
                    env=env,
                    check=False,
                )
                as_json = subprocess.run(
                    [*cmd, "--type", "wot/tcp", "--timeout", "3", "--json-lines"],
                    capture_output=True,
                    timeout=60,
                    env=env,
                    check=False,
                )
        finally:
            plain.close()
    for done in (table, as_json):
        assert done.returncode == 1, done.stderr  # the L004 error, not a crash
        assert b"Traceback" not in done.stderr
        text = done.stdout.decode("utf-8")
        assert not any(char in text for char in FORBIDDEN), text
    assert "\\x1b]2;owned\\x07\\u202e" in table.stdout.decode()
    rows = [json.loads(line) for line in as_json.stdout.decode().splitlines()]
    mine = [row for row in rows if row.get("instance_hex") == bad_instance.encode().hex()]
    assert mine and mine[0]["issues"][0]["code"] == "L004"


def test_zeroconf_errors_become_one_txtkeys_error() -> None:
    error = zeroconf_error(BadTypeInNameException("Ascii control in 'a\x1bb'"), "cannot browse")
    assert isinstance(error, TxtkeysError)
    assert "\x1b" not in str(error) and "\\x1b" in str(error)
    assert str(error).startswith("cannot browse: ")
    refused = zeroconf_error(OSError(99, "Cannot assign requested address"), "cannot open")
    assert "--interface" in str(refused)


# -- item 5: thousands of announced types: bounded browsers, threads and time ----------------


def test_thousands_of_announced_types_keep_threads_and_timeout_bounded(token: str) -> None:
    types = [f"_{token[-6:]}t{i}._tcp.local." for i in range(MAX_BROWSED_TYPES + 400)]
    threads: list[int] = []
    with time_limit(60):
        plain = Zeroconf(interfaces=[LOOPBACK])
        try:
            plain.register_service(_good_info(f"{token}-good"))
            pointers = [_pointer(SERVICE_TYPE_ENUMERATION, t) for t in types]
            with Flood(plain, pointers):
                baseline = threading.active_count()
                started = time.monotonic()
                results = list(
                    audit(
                        interfaces=[LOOPBACK],
                        timeout=4,
                        progress=lambda _: threads.append(threading.active_count()),
                    )
                )
                elapsed = time.monotonic() - started
        finally:
            plain.close()
    # Browsers run on zeroconf's event loop: no thread per type (2,615 before the fix).
    assert max(threads) - baseline < 10, (baseline, max(threads))
    overflow = [r for r in results if "L006" in r.report.codes()]
    assert len(overflow) == 1 and overflow[0].ok
    # First come, first browsed: at least the 400 past the cap are counted, not browsed.
    skipped = int(overflow[0].report.issues[0].message.split()[0])
    assert skipped >= 400, overflow[0].report.issues[0].message
    # A hang guard with room to spare, not a benchmark: before the fix cancelling
    # thousands of browser threads overshot --timeout by 4-7 s.
    assert elapsed < 4 + 3, elapsed


# -- item 13: bad --interface and --type: exit 2 with one line -------------------------------


def _run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            status = main(argv)
        except SystemExit as exc:
            status = exc.code if isinstance(exc.code, int) else 2
    return status, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    "argv",
    [
        ["audit", "--interface", "192.0.2.7", "--timeout", "1"],
        ["advertise", "wot/tcp", "--name", "Lamp", "--port", "8080", "td=/td",
         "--interface", "192.0.2.7", "--duration", "1"],
        ["audit", "--type", "garbage!!", "--timeout", "1"],
        ["audit", "--type", "http.tcp", "--timeout", "1"],
        ["audit", "--type", "Lamp._wot._tcp.local.", "--timeout", "1"],
        ["audit", "--type", "_x\x1b._tcp", "--timeout", "1"],
        ["audit", "--timeout", "inf"],
        ["audit", "--timeout", "nan"],
    ],
)  # fmt: skip
def test_bad_live_options_exit_2_with_one_line(argv: list[str]) -> None:
    with time_limit(30):
        status, out, err = _run(argv)
    assert status == 2, (out, err)
    assert err.startswith("txtkeys: error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err and "\x1b" not in err


def test_help_examples_interface_is_refused_before_any_socket() -> None:
    with pytest.raises(TxtkeysError, match=r"no interface with the address 192\.0\.2\.7"):
        list(audit(interfaces=["192.0.2.7"], timeout=1))


@pytest.mark.parametrize("script", ["check_firmware_txt.py", "convert_avahi_service.py"])
def test_example_script_on_a_missing_file_exits_2_with_one_line(
    tmp_path: Path, script: str
) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for target in ("/nonexistent", str(fifo), "/dev/zero", str(tmp_path)):
        done = subprocess.run(
            [sys.executable, str(EXAMPLES / script), target],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 2, (target, done.stdout, done.stderr)
        assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr


# -- item 6: the audit table escapes what devices send --------------------------------------


def test_audit_table_and_json_escape_device_strings(monkeypatch: pytest.MonkeyPatch) -> None:
    hostile = "Lamp\x1b]8;;http://evil\x07\x9b31m\u202eexe.txt"
    issue = Issue(Severity.ERROR, "R004", "k\x1b[2J", "bad \x9d value \u2067")
    result = AuditResult(
        f"{hostile}.{WOT}",
        WOT,
        "h\x1b.local.",
        80,
        ("127.0.0.1",),
        b"\x0bk\x1b[2J=\xff\x9b",
        Report("_wot._tcp", (issue,)),
    )

    def fake_audit(*args: object, **kwargs: object) -> Iterator[AuditResult]:
        yield result

    monkeypatch.setattr(mdns, "audit", fake_audit)
    monkeypatch.setenv("NO_COLOR", "1")
    for argv in (
        ["audit", "--timeout", "1"],
        ["audit", "--timeout", "1", "--json"],
        ["audit", "--timeout", "1", "--json-lines"],
    ):
        status, out, err = _run(argv)
        assert status == 1, err
        assert not any(char in out + err for char in FORBIDDEN), out
    status, out, _ = _run(["audit", "--timeout", "1", "--json"])
    (row,) = json.loads(out)["results"]  # --json: one document
    assert bytes.fromhex(row["instance_hex"]).decode() == result.instance
    assert bytes.fromhex(row["rdata_hex"]) == result.rdata
    assert row["issues"][0]["key"] == "k\\x1b[2J"
