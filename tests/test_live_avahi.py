"""advertise/audit against Avahi, a responder none of us wrote, across a veth link.

Two network namespaces joined by a veth pair with 169.254.x.y addresses; a private
dbus-daemon and avahi-daemon on one side, txtkeys on the other. Runs as root (CI does);
skips with the reason elsewhere. Everything started is stopped and the namespaces
deleted, also when a test fails.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from _netns_harness import (
    AvahiLink,
    avahi_link,
    compile_catalogue,
    netns_unavailable,
    read_line_until,
    registry_xml,
    stop_process,
    time_limit,
    txtkeys_cmd,
)
from txtkeys.build import build_record
from txtkeys.catalogue.store import Catalogue

_REASON = netns_unavailable()
pytestmark = pytest.mark.skipif(_REASON is not None, reason=_REASON or "")


@pytest.fixture(scope="module")
def catalogue_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return compile_catalogue(
        registry_xml(), tmp_path_factory.mktemp("catalogue") / "catalogue.json"
    )


@pytest.fixture(scope="module")
def link(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AvahiLink]:
    # Setup is bounded by the timeouts inside avahi_link; each test sets its own limit.
    with avahi_link(tmp_path_factory.mktemp("avahi")) as made:
        yield made
    # Namespaces gone: nothing named after this run is left.
    listed = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True, check=False)
    names = listed.stdout
    assert made.tag not in names


@pytest.fixture
def token() -> str:
    return f"tk{os.getpid()}-{uuid.uuid4().hex[:6]}"


_TXT_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


def _avahi_txt(field: str) -> list[str]:
    """The TXT strings of one avahi-browse -p line, unquoted (avahi writes "a=b" "c")."""
    return [m.group(1) for m in _TXT_STRING.finditer(field)]


def test_avahi_sees_what_txtkeys_advertises(
    link: AvahiLink, catalogue_file: Path, token: str
) -> None:
    name = f"{token}-lamp"
    words = ["td=/things/lamp", "scheme=https", "type=Thing"]
    built = build_record(
        "wot/tcp",
        dict(w.split("=", 1) for w in words),
        instance=name,
        port=40901,
        schemas=Catalogue.load(catalogue_file),
    )
    sent = [str(e) for e in built.entries]
    cmd = link.in_peer(
        txtkeys_cmd(
            "--catalogue", str(catalogue_file), "advertise", "wot/tcp", "--name", name,
            "--port", "40901", "--interface", link.peer_ip, "--duration", "60", *words,
        )
    )  # fmt: skip
    with time_limit(90):
        proc = link.spawn(cmd)
        try:
            read_line_until(proc, "on the air", 30)
            browse = subprocess.run(
                link.in_avahi(["avahi-browse", "-r", "-t", "-p", "-k", "_wot._tcp"]),
                env=link.env,
                capture_output=True,
                text=True,
                timeout=30,
                check=False,
            )
            assert browse.returncode == 0, browse.stderr
            resolved = [
                line.split(";")
                for line in browse.stdout.splitlines()
                if line.startswith("=;") and name in line
            ]
            assert resolved, f"avahi-browse did not resolve {name}: {browse.stdout!r}"
            fields = resolved[0]
            # =;iface;proto;name;type;domain;host;address;port;txt
            assert fields[1] == link.avahi_if
            assert fields[3] == name
            assert fields[4] == "_wot._tcp"
            assert fields[7] == link.peer_ip
            assert fields[8] == "40901"
            # Avahi keeps TXT strings in a list it builds back to front: compare as sets
            # and counts, which is what 'exactly the strings sent' means here.
            received = _avahi_txt(fields[9])
            assert sorted(received) == sorted(sent)
            proc.terminate()
            proc.wait(15)
            assert proc.returncode == 0
        finally:
            stop_process(proc)


def test_txtkeys_audit_flags_a_bad_avahi_record(
    link: AvahiLink, catalogue_file: Path, token: str
) -> None:
    bad, good = f"{token}-bad", f"{token}-good"
    with time_limit(90):
        publish_bad = link.spawn(
            link.in_avahi(
                ["avahi-publish", "-s", bad, "_wot._tcp", "40902", "td=/td", "scheme=gopher"]
            ),
            env=link.env,
        )
        publish_good = link.spawn(
            link.in_avahi(
                ["avahi-publish", "-s", good, "_wot._tcp", "40903", "td=/td", "scheme=https"]
            ),
            env=link.env,
        )
        try:
            read_line_until(publish_bad, "Established", 20, stderr=True)
            read_line_until(publish_good, "Established", 20, stderr=True)
            done = subprocess.run(
                link.in_peer(
                    txtkeys_cmd(
                        "--catalogue", str(catalogue_file), "audit", "--interface",
                        link.peer_ip, "--timeout", "5", "--json-lines",
                    )
                ),
                capture_output=True,
                text=True,
                timeout=40,
                check=False,
            )  # fmt: skip
        finally:
            stop_process(publish_bad)
            stop_process(publish_good)
    assert done.returncode == 1, done.stderr
    rows = {row["instance"]: row for row in map(json.loads, done.stdout.splitlines())}
    assert set(rows) >= {f"{bad}._wot._tcp.local.", f"{good}._wot._tcp.local."}
    bad_row = rows[f"{bad}._wot._tcp.local."]
    assert bad_row["valid"] is False
    assert bad_row["type"] == "_wot._tcp.local."
    assert [(i["code"], i["key"]) for i in bad_row["issues"]] == [("S104", "scheme")]
    assert rows[f"{good}._wot._tcp.local."]["valid"] is True
    assert bad_row["addresses"] == [link.avahi_ip]
