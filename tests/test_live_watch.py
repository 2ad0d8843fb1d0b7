"""``audit --watch`` / ``txtkeys.watch``: an instance on loopback appears, changes, turns
invalid and valid again, and leaves; each is one event, with a key-level diff."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
import uuid

import pytest
from zeroconf import ServiceInfo, Zeroconf

from _netns_harness import LOOPBACK, time_limit
from test_json_output import VALIDATOR
from txtkeys.formats.wire import TxtEntry, encode
from txtkeys.live.mdns import WatchEvent, txt_changes, watch

WOT = "_wot._tcp.local."


def _info(name: str, rdata: bytes) -> ServiceInfo:
    return ServiceInfo(
        WOT,
        f"{name}.{WOT}",
        port=40901,
        properties=rdata,
        addresses=[bytes([127, 0, 0, 1])],
        server=f"{name}.local.",
    )


def _rdata(**pairs: str) -> bytes:
    return encode([TxtEntry.of(key, value) for key, value in pairs.items()])


def test_txt_changes_compare_keys_case_insensitively() -> None:
    old = _rdata(td="/a", scheme="http", type="Thing")
    new = encode([TxtEntry.of("td", "/b"), TxtEntry.of("SCHEME", "http"), TxtEntry.of("x")])
    changes = {c.key: c for c in txt_changes(old, new)}
    assert set(changes) == {b"td", b"type", b"x"}  # SCHEME=http is scheme=http
    assert (changes[b"td"].old, changes[b"td"].new) == (b"/a", b"/b")
    assert changes[b"type"].new_present is False
    assert changes[b"x"].new is None and changes[b"x"].new_present  # a bare key appeared
    assert changes[b"td"].to_dict()["new"] == "/b"
    assert txt_changes(b"\x04k=\xff\xfe", b"\x04k=ok").__getitem__(0).to_dict()["old_hex"] == "fffe"


def test_watch_sees_an_instance_change_and_leave() -> None:
    name = f"watch-{os.getpid()}-{uuid.uuid4().hex[:6]}"
    events: queue.SimpleQueue[WatchEvent] = queue.SimpleQueue()
    done = threading.Event()
    stream = watch(["_wot._tcp"], interfaces=[LOOPBACK], duration=40, stop=done)

    def pump() -> None:
        for event in stream:
            if name in event.result.instance:
                events.put(event)

    def next_event(kind: str) -> WatchEvent:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                event = events.get(timeout=deadline - time.monotonic())
            except queue.Empty:
                break
            if event.kind == kind:
                return event
        raise AssertionError(f"no {kind!r} event within 10 s")

    with time_limit(60):
        reader = threading.Thread(target=pump, daemon=True)
        reader.start()
        time.sleep(1.0)  # the browser is up before the record goes out
        zc = Zeroconf(interfaces=[LOOPBACK])
        try:
            zc.register_service(_info(name, _rdata(td="/a", scheme="http")))
            appeared = next_event("appeared")
            assert appeared.result.ok
            zc.update_service(_info(name, _rdata(td="/b", scheme="gopher")))
            changed = next_event("changed")
            assert {c.key: c.new for c in changed.changes} == {b"td": b"/b", b"scheme": b"gopher"}
            assert not next_event("invalid").result.ok  # gopher is not a wot scheme
            zc.update_service(_info(name, _rdata(td="/b", scheme="https")))
            assert next_event("valid").result.ok
            zc.unregister_service(_info(name, _rdata(td="/b", scheme="https")))
            left = next_event("left")
            assert {c.key for c in left.changes} == {b"td", b"scheme"}
        finally:
            zc.close()
            done.set()
            reader.join(5)
    assert not reader.is_alive()


def test_cli_watch_prints_json_lines_with_hex() -> None:
    name = f"cliwatch-{os.getpid()}-{uuid.uuid4().hex[:6]}"
    cmd = [
        sys.executable, "-m", "txtkeys", "audit", "--watch", "--json-lines",
        "--interface", LOOPBACK, "--type", "wot/tcp", "--timeout", "6",
    ]  # fmt: skip
    with time_limit(60):
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(1.5)
        zc = Zeroconf(interfaces=[LOOPBACK])
        try:
            zc.register_service(_info(name, b"\x05td=/a\x04k=\xff\xfe"))
            out, err = proc.communicate(timeout=30)
        finally:
            zc.close()
    rows = [json.loads(line) for line in out.splitlines()]
    mine = [row for row in rows if name in row["instance"]]
    assert mine and mine[0]["event"] == "appeared", (out, err)
    for row in rows:  # every line is a versioned document (docs/json-output.md)
        VALIDATOR.validate(row)
        assert row["document"] == "watch-event"
    assert mine[0]["rdata_hex"] == b"\x05td=/a\x04k=\xff\xfe".hex()
    assert {c["key"]: c.get("new_hex") for c in mine[0]["changes"]}["k"] == "fffe"
    assert proc.returncode == 0, err


pytestmark = pytest.mark.live
