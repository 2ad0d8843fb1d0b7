"""Issue 14 items 6 (update errors), 7 (redirects), 11 (registry dates) and 12 (temp, lock).

``txtkeys update`` runs in-process against an http.server on 127.0.0.1; a fixture fails
any test that tries to connect anywhere else.
"""

from __future__ import annotations

import datetime
import http.server
import os
import re
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import MATERIAL
from test_update import _closed_port, _Server  # the loopback server, as update's tests use it
from txtkeys.catalogue.compile import (
    CompiledCatalogue,
    CompileSummary,
    compile_registry_file,
    write_catalogue,
)
from txtkeys.catalogue.store import CACHE_FILE_NAME, Catalogue
from txtkeys.catalogue.update import (
    DATE_SLACK_DAYS,
    STALE_TEMP_SECONDS,
    UpdateError,
    fetch_registry,
    install_catalogue,
    registry_date_problem,
    verify_compiled,
)
from txtkeys.cli import main

REAL_XML = MATERIAL / "iana" / "service-names-port-numbers.xml"
TODAY = datetime.datetime.now(datetime.UTC).date()
Route = Callable[[http.server.BaseHTTPRequestHandler], None]


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ("http_proxy", "https_proxy", "all_proxy", "ftp_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    attempts: list[object] = []
    real_connect = socket.create_connection

    def guarded(address: tuple[str, int], *args: object, **kwargs: object) -> socket.socket:
        if not str(address[0]).startswith(("127.", "localhost", "::1")):
            attempts.append(address)
            raise OSError(f"test tried to reach {address[0]}, which is not loopback")
        return real_connect(address, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "create_connection", guarded)
    yield
    assert not attempts, f"tried to contact non-loopback addresses: {attempts}"


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("TXTKEYS_CACHE_DIR", str(directory))
    return directory


@pytest.fixture(scope="module")
def real_compiled() -> CompiledCatalogue:
    return compile_registry_file(REAL_XML)


def _dated(compiled: CompiledCatalogue, date: str) -> CompiledCatalogue:
    return CompiledCatalogue({**compiled.data, "registry_updated": date}, compiled.summary)


def _redirect(location: Callable[[], str]) -> Route:
    def reply(handler: http.server.BaseHTTPRequestHandler) -> None:
        handler.send_response(302)
        handler.send_header("Location", location())
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return reply


def _status(code: int, reason: str) -> Route:
    def reply(handler: http.server.BaseHTTPRequestHandler) -> None:
        handler.send_response(code, reason)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return reply


def _body(data: bytes) -> Route:
    def reply(handler: http.server.BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    return reply


# -- item 7: redirects only to http and https, every hop ------------------------------------


@pytest.fixture(scope="module")
def server() -> Iterator[_Server]:
    port = _closed_port()
    routes: dict[str, Route] = {}
    with _Server(routes) as srv:
        routes.update(
            {
                "/to-ftp": _redirect(lambda: f"ftp://127.0.0.1:{port}/registry.xml"),
                "/to-file": _redirect(lambda: "file:///etc/passwd"),
                "/to-data": _redirect(lambda: "data:text/plain,hello"),
                "/hop": _redirect(lambda: srv.url("/to-ftp")),
                "/to-ok": _redirect(lambda: srv.url("/ok")),
                "/ok": _body(b"<registry/>"),
                "/evil-reason": _status(500, "Oops \x1b]0;owned\x07\x9b2J"),
            }
        )
        yield srv


@pytest.mark.parametrize("path", ["/to-ftp", "/to-file", "/to-data", "/hop"])
def test_redirects_leave_http_only_never(server: _Server, path: str) -> None:
    with pytest.raises(UpdateError, match="only http and https are followed") as caught:
        fetch_registry(server.url(path), timeout=5)
    assert "unchanged" in str(caught.value)


def test_http_redirects_are_still_followed(server: _Server) -> None:
    assert fetch_registry(server.url("/to-ok"), timeout=5) == b"<registry/>"


def test_cli_redirect_to_ftp_changes_nothing(
    server: _Server, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["update", "--url", server.url("/hop"), "--timeout", "5"])
    _, err = capsys.readouterr()
    assert status == 2 and err.count("\n") == 1 and "http and https" in err
    assert not cache_dir.exists() or not (cache_dir / CACHE_FILE_NAME).exists()


# -- item 6: what a server says is escaped -------------------------------------------------


def test_status_line_and_reason_are_escaped(
    server: _Server, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(UpdateError) as caught:
        fetch_registry(server.url("/evil-reason"), timeout=5)
    message = str(caught.value)
    assert "HTTP 500" in message
    assert "\x1b" not in message and "\x9b" not in message and "\x07" not in message
    assert "\\x1b]0;owned\\x07\\x9b2J" in message
    status = main(["update", "--url", server.url("/evil-reason"), "--timeout", "5"])
    _, err = capsys.readouterr()
    assert status == 2 and "\x1b" not in err and err.count("\n") == 1


# -- item 11: registry dates ----------------------------------------------------------------


def _fake(date: object) -> CompiledCatalogue:
    summary = CompileSummary(
        records=20_000,
        named_records=15_000,
        txt_note_records=1_500,
        distinct_notes=500,
        notes_by_status={},
        keys_extracted=0,
        distinct_note_keys=0,
    )
    return CompiledCatalogue({"registry_updated": date}, summary)


@pytest.mark.parametrize(
    ("date", "why"),
    [
        ("9999-12-31", "in the future"),
        ((TODAY + datetime.timedelta(days=DATE_SLACK_DAYS + 1)).isoformat(), "in the future"),
        ("2026-13-45", "not a real calendar date"),
        ("2026-02-30", "not a real calendar date"),
        ("garbage", "YYYY-MM-DD"),
        ("2026-1-5", "YYYY-MM-DD"),
        ("\u0662\u0660\u0662\u0666-01-01", "YYYY-MM-DD"),
        ("2026-01-01\x1b[2J", "YYYY-MM-DD"),
    ],
)
def test_bad_registry_dates_are_refused(date: str, why: str) -> None:
    assert why in (registry_date_problem(date) or "")
    with pytest.raises(UpdateError, match=re.escape(why)) as caught:
        verify_compiled(_fake(date))
    assert "\x1b" not in str(caught.value) and "unchanged" in str(caught.value)


def test_dates_up_to_a_day_ahead_are_accepted() -> None:
    for days in range(-3, DATE_SLACK_DAYS + 1):
        date = (TODAY + datetime.timedelta(days=days)).isoformat()
        assert registry_date_problem(date) is None
        verify_compiled(_fake(date))


def test_older_registry_message_says_how_to_reset() -> None:
    with pytest.raises(UpdateError) as caught:
        verify_compiled(_fake("2020-01-01"), not_older_than="2021-01-01", in_use="/c/cat.json")
    assert "txtkeys update --force" in str(caught.value) and "/c/cat.json" in str(caught.value)


def test_a_cache_pinned_by_a_future_date_does_not_block_updates(
    real_compiled: CompiledCatalogue, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pinned = write_catalogue(
        _dated(real_compiled, "9999-12-31").data, cache_dir / CACHE_FILE_NAME, make_parents=True
    )
    assert REAL_XML is not None
    status = main(["update", "--file", str(REAL_XML)])
    _, err = capsys.readouterr()
    assert status == 0, err
    assert Catalogue.load(pinned).updated == real_compiled.data["registry_updated"]


def test_force_replaces_a_newer_cache_and_the_refusal_names_it(
    real_compiled: CompiledCatalogue,
    cache_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    cached = write_catalogue(
        _dated(real_compiled, TODAY.isoformat()).data,
        cache_dir / CACHE_FILE_NAME,
        make_parents=True,
    )
    older = tmp_path / "older.xml"
    assert REAL_XML is not None
    older.write_bytes(
        re.sub(
            rb"<updated>[^<]*</updated>",
            b"<updated>2026-09-01</updated>",
            REAL_XML.read_bytes(),
            count=1,
        )
    )
    status = main(["update", "--file", str(older)])
    _, err = capsys.readouterr()
    assert status == 2 and "txtkeys update --force" in err and str(cached) in err
    assert Catalogue.load(cached).updated == TODAY.isoformat()
    status = main(["update", "--force", "--file", str(older)])
    _, err = capsys.readouterr()
    assert status == 0, err
    assert Catalogue.load(cached).updated == "2026-09-01"


# -- item 12: stale temp files and the lock file ---------------------------------------------


def test_stale_temp_files_of_killed_updates_are_swept(
    real_compiled: CompiledCatalogue, cache_dir: Path
) -> None:
    cache_dir.mkdir(parents=True)
    stale = cache_dir / f".{CACHE_FILE_NAME}.k1ll3d.tmp"
    fresh = cache_dir / f".{CACHE_FILE_NAME}.wr1t1ng.tmp"
    other = cache_dir / "keep.tmp"
    linked = cache_dir / f".{CACHE_FILE_NAME}.l1nk.tmp"
    for path in (stale, fresh, other):
        path.write_bytes(b"x" * 1000)
    outside = cache_dir.parent / "outside"
    outside.write_bytes(b"keep")
    linked.symlink_to(outside)
    old = time.time() - STALE_TEMP_SECONDS - 60
    for path in (stale, other):
        os.utime(path, (old, old))
    os.utime(linked, (old, old), follow_symlinks=False)
    install_catalogue(_dated(real_compiled, TODAY.isoformat()), cache_dir)
    assert not stale.exists()
    assert fresh.exists() and other.exists() and outside.read_bytes() == b"keep"
    assert linked.is_symlink()
    leftovers = [p.name for p in cache_dir.iterdir() if p.name.endswith(".tmp")]
    assert sorted(leftovers) == sorted([fresh.name, other.name, linked.name])


@pytest.mark.parametrize("dangling", [True, False])
def test_the_lock_file_is_never_followed_through_a_symlink(
    real_compiled: CompiledCatalogue, cache_dir: Path, dangling: bool
) -> None:
    cache_dir.mkdir(parents=True)
    victim = cache_dir.parent / "victim"
    if not dangling:
        victim.write_bytes(b"precious")
    (cache_dir / f"{CACHE_FILE_NAME}.lock").symlink_to(victim)
    with pytest.raises(UpdateError, match="symbolic link"):
        install_catalogue(_dated(real_compiled, TODAY.isoformat()), cache_dir)
    if dangling:
        assert not victim.exists()
    else:
        assert victim.read_bytes() == b"precious"
    assert not (cache_dir / CACHE_FILE_NAME).exists()
