"""advertise/audit against plain python-zeroconf over real multicast sockets on 127.0.0.1.

Every test runs under a time limit and fails if it leaves a thread or socket behind.
Instance names carry the pid and a per-test token, so records other processes put on
the loopback link are never counted.
"""

from __future__ import annotations

import asyncio
import json
import os
import queue
import signal
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from zeroconf import ServiceBrowser, ServiceInfo, ServiceStateChange, Zeroconf

from _netns_harness import (
    LOOPBACK,
    ResourceSnapshot,
    compile_catalogue,
    read_line_until,
    registry_xml,
    stop_process,
    time_limit,
    txtkeys_cmd,
)
from txtkeys.build import build_record
from txtkeys.catalogue.store import Catalogue
from txtkeys.errors import ValidationError
from txtkeys.formats.wire import TxtEntry, encode
from txtkeys.live.mdns import AuditResult, advertise, audit, audit_async

WOT = "_wot._tcp.local."
# RDATA as a device would send it: length-prefixed strings (RFC 6763 s6.1).
GOOD_RECORDS = {
    "ok-plain": encode([TxtEntry.of("td", "/td"), TxtEntry.of("scheme", "https")]),
    "ok-directory": encode([TxtEntry.of("td", "/dir"), TxtEntry.of("type", "Directory")]),
}
BAD_RECORDS = {
    # 'scheme' outside the registry's list for _wot._tcp.
    "bad-scheme": (encode([TxtEntry.of("td", "/td"), TxtEntry.of("scheme", "gopher")]), "S104"),
    # A repeated key: receivers keep only the first (RFC 6763 s6.4).
    "bad-dup": (b"\x06td=/td\x06td=/xx", "R007"),
    # A string with no key before '=' (RFC 6763 s6.4).
    "bad-nokey": (b"\x04=abc\x06td=/td", "R004"),
}


@pytest.fixture(scope="module")
def catalogue_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return compile_catalogue(
        registry_xml(), tmp_path_factory.mktemp("catalogue") / "catalogue.json"
    )


@pytest.fixture(scope="module")
def catalogue(catalogue_file: Path) -> Catalogue:
    return Catalogue.load(catalogue_file)


@pytest.fixture
def token() -> str:
    """A name part no other test or process uses."""
    return f"tk{os.getpid()}-{uuid.uuid4().hex[:8]}"


@pytest.fixture(autouse=True)
def no_leaks() -> Iterator[None]:
    before = ResourceSnapshot()
    yield
    problems = before.leaks()
    assert not problems, "resources leaked: " + "; ".join(problems)


def _plain_info(name: str, rdata: bytes, port: int) -> ServiceInfo:
    return ServiceInfo(
        WOT,
        f"{name}.{WOT}",
        port=port,
        properties=rdata,
        addresses=[bytes([127, 0, 0, 1])],
        server=f"{name}.local.",
    )


def _mine(results: list[AuditResult], token: str) -> dict[str, AuditResult]:
    return {r.label.split(".", 1)[0]: r for r in results if token in r.instance}


def test_audit_flags_exactly_the_bad_records(catalogue: Catalogue, token: str) -> None:
    published = {f"{token}-{k}": v for k, v in GOOD_RECORDS.items()}
    published.update({f"{token}-{k}": v[0] for k, v in BAD_RECORDS.items()})
    with time_limit(60):
        plain = Zeroconf(interfaces=[LOOPBACK])
        try:
            for port, (name, rdata) in enumerate(sorted(published.items()), 40100):
                plain.register_service(_plain_info(name, rdata, port))
            # No types given: found through _services._dns-sd._udp.local.
            results = list(audit(interfaces=[LOOPBACK], timeout=4, schemas=catalogue))
        finally:
            plain.close()
    found = _mine(results, token)
    assert set(found) == set(published)
    invalid = {name for name, r in found.items() if not r.ok}
    assert invalid == {f"{token}-{k}" for k in BAD_RECORDS}
    for key, (_, code) in BAD_RECORDS.items():
        result = found[f"{token}-{key}"]
        assert code in result.report.codes()
    for name, result in found.items():
        assert result.rdata == published[name], "audit must check the bytes as received"
        assert result.type == WOT
        assert result.addresses == ("127.0.0.1",)
        as_json = result.to_dict()
        assert as_json["instance"] == f"{name}.{WOT}"
        assert as_json["valid"] is result.ok
        for issue in as_json["issues"]:
            assert set(issue) == {"severity", "code", "key", "message"}


def test_audit_async_with_given_type(catalogue: Catalogue, token: str) -> None:
    good, bad = f"{token}-good", f"{token}-bad"

    async def scan() -> list[AuditResult]:
        return [
            r
            async for r in audit_async(
                ["wot/tcp"], interfaces=[LOOPBACK], timeout=3, schemas=catalogue
            )
        ]

    with time_limit(40):
        plain = Zeroconf(interfaces=[LOOPBACK])
        try:
            plain.register_service(_plain_info(good, GOOD_RECORDS["ok-plain"], 40201))
            plain.register_service(_plain_info(bad, BAD_RECORDS["bad-scheme"][0], 40202))
            results = asyncio.run(scan())
        finally:
            plain.close()
    found = _mine(results, token)
    assert set(found) == {good, bad}
    assert found[good].ok
    assert not found[bad].ok
    assert [i.key for i in found[bad].report.errors] == ["scheme"]


def test_audit_closes_sockets_when_left_early(catalogue: Catalogue, token: str) -> None:
    name = f"{token}-early"
    with time_limit(30):
        plain = Zeroconf(interfaces=[LOOPBACK])
        try:
            plain.register_service(_plain_info(name, GOOD_RECORDS["ok-plain"], 40301))
            results = audit(["_wot._tcp"], interfaces=[LOOPBACK], timeout=10, schemas=catalogue)
            found = None
            for result in results:
                if token in result.instance:
                    found = result
                    break
            results.close()  # what a 'break' out of a for loop over it leads to
            assert found is not None, "the record on loopback was not found before leaving"
        finally:
            plain.close()
    # The autouse fixture checks the browser threads and sockets are gone.


def _resolve(zc: Zeroconf, name: str, timeout_ms: int = 3000) -> ServiceInfo:
    info = ServiceInfo(WOT, f"{name}.{WOT}")
    assert info.request(zc, timeout_ms), f"{name} did not resolve over loopback"
    return info


def test_advertise_is_resolved_by_plain_zeroconf(catalogue: Catalogue, token: str) -> None:
    name = f"{token}-lamp"
    txt = {"td": "/things/lamp", "scheme": "https", "type": "Thing"}
    expected = build_record("wot/tcp", txt, instance=name, port=40401, schemas=catalogue).rdata
    removed: queue.SimpleQueue[str] = queue.SimpleQueue()

    def on_change(
        zeroconf: Zeroconf, service_type: str, name: str, state_change: ServiceStateChange
    ) -> None:
        if state_change is ServiceStateChange.Removed:
            removed.put(name)

    with time_limit(40):
        plain = Zeroconf(interfaces=[LOOPBACK])
        try:
            with advertise(
                "wot/tcp", name, 40401, txt, interfaces=[LOOPBACK], schemas=catalogue
            ) as ad:
                assert ad.report.ok and not ad.forced
                browser = ServiceBrowser(plain, WOT, handlers=[on_change])
                seen = _resolve(plain, name)
                assert seen.text == ad.rdata == expected
                assert seen.port == 40401
                assert seen.parsed_addresses() == ["127.0.0.1"]
            # Leaving the block sends goodbyes (TTL 0): the browser sees the removal.
            gone = removed.get(timeout=5)
            assert gone == f"{name}.{WOT}"
            browser.cancel()
        finally:
            plain.close()


def test_advertise_refuses_a_record_with_errors(catalogue: Catalogue, token: str) -> None:
    with (
        time_limit(10),
        pytest.raises(ValidationError) as caught,
        advertise(
            "wot/tcp",
            f"{token}-refused",
            40501,
            {"scheme": "gopher"},
            interfaces=[LOOPBACK],
            schemas=catalogue,
        ),
    ):
        pytest.fail("a record with errors must not be advertised")
    assert "--force" in str(caught.value)
    assert [i.code for i in caught.value.issues] == ["S104"]  # type: ignore[attr-defined]


def test_advertise_force_sends_the_bad_bytes(catalogue: Catalogue, token: str) -> None:
    name = f"{token}-forced"
    rdata = BAD_RECORDS["bad-dup"][0]
    with time_limit(30):
        plain = Zeroconf(interfaces=[LOOPBACK])
        try:
            with advertise(
                "wot/tcp",
                name,
                40601,
                rdata,
                interfaces=[LOOPBACK],
                schemas=catalogue,
                force=True,
            ) as ad:
                assert ad.forced and not ad.report.ok
                assert _resolve(plain, name).text == rdata
        finally:
            plain.close()


def test_cli_advertise_then_sigterm(catalogue_file: Path, token: str) -> None:
    name = f"{token}-cli"
    cmd = txtkeys_cmd(
        "--catalogue", str(catalogue_file), "advertise", "wot/tcp", "--name", name,
        "--port", "40701", "td=/td", "--interface", LOOPBACK, "scheme=https",
    )  # fmt: skip
    with time_limit(40):
        plain = Zeroconf(interfaces=[LOOPBACK])
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            lines = read_line_until(proc, "on the air", 20)
            hex_line = next(line for line in lines if line.strip().startswith("rdata"))
            printed = bytes.fromhex(hex_line.split()[1])
            assert _resolve(plain, name).text == printed
            assert printed == encode([TxtEntry.of("td", "/td"), TxtEntry.of("scheme", "https")])
            proc.send_signal(signal.SIGTERM)
            out, err = proc.communicate(timeout=10)
            assert proc.returncode == 0, err
            assert "goodbye" in out
        finally:
            stop_process(proc)
            plain.close()


def test_cli_audit_json_gates_on_errors(catalogue_file: Path, token: str) -> None:
    good, bad = f"{token}-cgood", f"{token}-cbad"
    cmd = txtkeys_cmd(
        "--catalogue", str(catalogue_file), "audit", "--interface", LOOPBACK,
        "--timeout", "3", "--type", "wot/tcp", "--json-lines",
    )  # fmt: skip
    with time_limit(40):
        plain = Zeroconf(interfaces=[LOOPBACK])
        try:
            plain.register_service(_plain_info(good, GOOD_RECORDS["ok-plain"], 40801))
            plain.register_service(_plain_info(bad, BAD_RECORDS["bad-nokey"][0], 40802))
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=30, check=False)
        finally:
            plain.close()
    assert done.returncode == 1, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    mine = {row["instance"]: row for row in rows if token in row["instance"]}
    assert set(mine) == {f"{good}.{WOT}", f"{bad}.{WOT}"}
    assert mine[f"{good}.{WOT}"]["valid"] is True
    bad_row = mine[f"{bad}.{WOT}"]
    assert bad_row["valid"] is False
    assert bad_row["type"] == WOT
    assert [i["code"] for i in bad_row["issues"] if i["severity"] == "error"] == ["R004"]
