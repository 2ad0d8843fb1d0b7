"""``txtkeys update`` against a loopback HTTP server: good, broken, hostile and slow registries.

Every failure must leave the catalogue in use byte for byte as it was, exit 2 with one
line, and leave no temporary file behind. Nothing here contacts an address off this
machine: the ``_loopback_only`` fixture fails any test that tries.
"""

from __future__ import annotations

import contextlib
import datetime
import fcntl
import hashlib
import http.server
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from _hostile_xml import LAUGHS
from conftest import MATERIAL
from txtkeys.catalogue.compile import CompiledCatalogue, compile_registry_file, write_catalogue
from txtkeys.catalogue.store import CACHE_FILE_NAME, Catalogue
from txtkeys.catalogue.update import (
    MIN_NAMED_RECORDS,
    MIN_TXT_NOTE_RECORDS,
    UpdateError,
    fetch_registry,
    install_catalogue,
)
from txtkeys.cli import main
from txtkeys.registry.read import read_registry

REAL_XML: Path | None = MATERIAL / "iana" / "service-names-port-numbers.xml"
_FIRST_UPDATED = re.compile(rb"<updated>[^<]*</updated>")
# Registry dates newer than the bundled catalogue's but not in the future (a date past
# tomorrow is refused: issue 14 item 11), oldest first.
_TODAY = datetime.datetime.now(datetime.UTC).date()
NEWER = [(_TODAY - datetime.timedelta(days=6 - n)).isoformat() for n in range(6)]
_LOOPBACK_HOSTS = ("127.", "localhost", "::1")


def _with_date(xml: bytes, date: str) -> bytes:
    """The registry with its own (first) ``<updated>`` date replaced."""
    return _FIRST_UPDATED.sub(f"<updated>{date}</updated>".encode(), xml, count=1)


# -- fixtures ------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail the test if anything tries to connect off this machine; drop proxy settings."""
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("ALL_PROXY", raising=False)
    attempts: list[object] = []
    real_connect = socket.create_connection

    def guarded(address: tuple[str, int], *args: object, **kwargs: object) -> socket.socket:
        host = str(address[0])
        if not host.startswith(_LOOPBACK_HOSTS):
            attempts.append(address)
            raise OSError(f"test tried to reach {host}, which is not loopback")
        return real_connect(address, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "create_connection", guarded)
    yield
    assert not attempts, f"tried to contact non-loopback addresses: {attempts}"


@pytest.fixture(scope="session")
def real_xml() -> bytes:
    assert REAL_XML is not None
    return REAL_XML.read_bytes()


@pytest.fixture(scope="session")
def real_compiled() -> CompiledCatalogue:
    assert REAL_XML is not None
    return compile_registry_file(REAL_XML)


@pytest.fixture(scope="session")
def previous_cache_bytes(
    real_compiled: CompiledCatalogue, tmp_path_factory: pytest.TempPathFactory
) -> bytes:
    """A good catalogue of the real registry, the 'catalogue in use' that failures must keep."""
    path = write_catalogue(real_compiled.data, tmp_path_factory.mktemp("prev") / CACHE_FILE_NAME)
    return path.read_bytes()


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("TXTKEYS_CACHE_DIR", str(directory))
    return directory


@pytest.fixture
def filled_cache(cache_dir: Path, previous_cache_bytes: bytes) -> Path:
    cache_dir.mkdir(parents=True, exist_ok=True)
    target = cache_dir / CACHE_FILE_NAME
    target.write_bytes(previous_cache_bytes)
    return target


_EXTERNAL_ENTITY = (
    b'<?xml version="1.0"?>\n<!DOCTYPE registry [<!ENTITY leak SYSTEM "file:///etc/passwd">]>\n'
    b'<registry xmlns="http://www.iana.org/assignments"><updated>2099-01-01</updated>'
    b"<record><name>&leak;</name><protocol>tcp</protocol></record></registry>\n"
)
_TINY = (
    b'<?xml version="1.0"?>\n<registry xmlns="http://www.iana.org/assignments">'
    b"<updated>2099-01-01</updated>"
    + b"".join(
        f"<record><name>svc{i}</name><protocol>tcp</protocol><number>{9000 + i}</number>"
        f"<note>Defined TXT keys: k{i}=&lt;v&gt;</note></record>".encode()
        for i in range(3)
    )
    + b"</registry>\n"
)


class _Server:
    """http.server on 127.0.0.1, port 0, in a thread; routes map a path to a reply."""

    def __init__(self, routes: dict[str, Callable[[http.server.BaseHTTPRequestHandler], None]]):
        self.stop = threading.Event()
        self.requested: list[str] = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requested.append(self.path)
                route = routes.get(self.path)
                if route is None:
                    self.send_error(404, "no such file")
                    return
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    route(self)

            def log_message(self, format: str, *args: object) -> None:
                return

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def __enter__(self) -> _Server:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)


def _body(data: bytes, content_length: int | None = None) -> Callable[..., None]:
    def reply(handler: http.server.BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/xml")
        handler.send_header(
            "Content-Length", str(len(data) if content_length is None else content_length)
        )
        handler.end_headers()
        handler.wfile.write(data)

    return reply


@pytest.fixture(scope="module")
def server(real_xml: bytes) -> Iterator[_Server]:
    no_notes = re.sub(rb"<note>.*?</note>", b"", real_xml, flags=re.DOTALL)

    def slow(handler: http.server.BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", str(len(real_xml)))
        handler.end_headers()
        for start in range(0, 100 * 64, 64):  # at most 10 s, then the test has failed anyway
            if srv.stop.wait(0.1):
                return
            handler.wfile.write(real_xml[start : start + 64])
            handler.wfile.flush()

    def stream(handler: http.server.BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.end_headers()  # no Content-Length: the body ends when the server closes
        handler.wfile.write(real_xml)

    def hang(handler: http.server.BaseHTTPRequestHandler) -> None:
        srv.stop.wait(10)

    routes: dict[str, Callable[[http.server.BaseHTTPRequestHandler], None]] = {
        "/good.xml": _body(real_xml),
        "/newer.xml": _body(_with_date(real_xml, NEWER[0])),
        "/stale.xml": _body(_with_date(real_xml, "1999-01-01")),
        "/truncated.xml": _body(real_xml[: len(real_xml) // 2]),
        "/short-body.xml": _body(real_xml[:1000], content_length=len(real_xml)),
        "/tiny.xml": _body(_TINY),
        "/no-notes.xml": _body(_with_date(no_notes, NEWER[0])),
        "/laughs.xml": _body(LAUGHS),
        "/external-entity.xml": _body(_EXTERNAL_ENTITY),
        "/external-dtd.xml": _body(
            b'<?xml version="1.0"?>\n<!DOCTYPE registry SYSTEM "/evil.dtd">\n'
            b'<registry xmlns="http://www.iana.org/assignments"/>\n'
        ),
        "/html.xml": _body(b"<html><body>Moved</body></html>"),
        "/binary.xml": _body(bytes(range(256)) * 16),
        "/empty.xml": _body(b""),
        "/huge.xml": _body(b"<registry", content_length=100 * 1024**3),
        "/slow.xml": slow,
        "/stream.xml": stream,
        "/hang.xml": hang,
    }
    with _Server(routes) as srv:
        yield srv


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out, err


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# -- success -----------------------------------------------------------------------------


def test_update_installs_the_real_registry_served_over_loopback(
    server: _Server, cache_dir: Path, real_xml: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = _run(["update", "--url", server.url("/good.xml"), "--timeout", "20"], capsys)
    assert status == 0, err
    assert err == ""
    written = cache_dir / CACHE_FILE_NAME
    assert str(written) in out
    catalogue = Catalogue.load(written)
    assert catalogue.checksum == hashlib.sha256(real_xml).hexdigest()
    named = sum(1 for record in read_registry(real_xml).records if (record.name or "").strip())
    assert len(catalogue) == named >= MIN_NAMED_RECORDS
    assert catalogue.header["summary"]["txt_note_records"] >= MIN_TXT_NOTE_RECORDS
    assert catalogue.header["source_name"] == server.url("/good.xml")
    assert sorted(p.name for p in cache_dir.iterdir()) == [
        CACHE_FILE_NAME,
        CACHE_FILE_NAME + ".lock",
    ]


def test_newer_registry_becomes_the_catalogue_in_use_and_info_says_so(
    server: _Server, filled_cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = _run(["update", "--url", server.url("/newer.xml"), "--json"], capsys)
    assert status == 0, err
    result = json.loads(out)
    assert result["registry_updated"] == NEWER[0]
    assert result["in_use_source"] == "cache"
    assert Path(result["written_to"]) == filled_cache
    status, out, err = _run(["info", "--json"], capsys)
    assert status == 0, err
    info = json.loads(out)
    assert (info["source"], info["path"], info["registry_updated"]) == (
        "cache",
        str(filled_cache),
        NEWER[0],
    )


def test_update_from_a_local_file(
    cache_dir: Path, tmp_path: Path, real_xml: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    saved = tmp_path / "saved.xml"
    saved.write_bytes(_with_date(real_xml, NEWER[1]))
    status, out, err = _run(["update", "--file", str(saved)], capsys)
    assert status == 0, err
    assert "the user cache is now the catalogue in use" in out
    assert Catalogue.default().updated == NEWER[1]


# -- failures leave everything as it was ----------------------------------------------------

_REFUSED = {
    "/truncated.xml": "not well-formed",
    "/short-body.xml": "cut short",
    "/tiny.xml": "only 3 named records",
    "/no-notes.xml": "records with TXT notes",
    "/stale.xml": "older than the catalogue in use",
    "/laughs.xml": "entities",
    "/external-entity.xml": "entities",
    "/external-dtd.xml": "named records",
    "/html.xml": "root element",
    "/binary.xml": "refused",
    "/empty.xml": "empty file",
    "/huge.xml": "over the",
    "/missing.xml": "HTTP 404",
}


@pytest.mark.parametrize("path", sorted(_REFUSED))
def test_refused_download_keeps_the_catalogue_in_use(
    path: str,
    server: _Server,
    filled_cache: Path,
    previous_cache_bytes: bytes,
    capsys: pytest.CaptureFixture[str],
) -> None:
    started = time.monotonic()
    status, out, err = _run(["update", "--url", server.url(path), "--timeout", "20"], capsys)
    assert status == 2
    assert out == ""
    assert err.startswith("txtkeys: error: ") and err.count("\n") == 1, err
    assert _REFUSED[path] in err
    assert "the catalogue in use is unchanged" in err
    assert "Traceback" not in err
    assert filled_cache.read_bytes() == previous_cache_bytes
    assert {p.name for p in filled_cache.parent.iterdir()} <= {
        CACHE_FILE_NAME,
        CACHE_FILE_NAME + ".lock",
    }
    assert time.monotonic() - started < 15
    assert "/evil.dtd" not in server.requested, "the parser fetched an external DTD"


@pytest.mark.parametrize("path", ["/hang.xml", "/slow.xml"])
def test_slow_servers_are_cut_off_by_the_timeout(
    path: str,
    server: _Server,
    filled_cache: Path,
    previous_cache_bytes: bytes,
    capsys: pytest.CaptureFixture[str],
) -> None:
    started = time.monotonic()
    status, _, err = _run(["update", "--url", server.url(path), "--timeout", "0.8"], capsys)
    elapsed = time.monotonic() - started
    assert status == 2
    assert "took longer than 0.8 s" in err and err.count("\n") == 1, err
    assert elapsed < 5, f"the 0.8 s timeout took {elapsed:.1f} s"
    assert filled_cache.read_bytes() == previous_cache_bytes


def test_refused_connection_and_bad_urls_change_nothing(
    filled_cache: Path, previous_cache_bytes: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    for url, expected in (
        (f"http://127.0.0.1:{_closed_port()}/registry.xml", "Connection refused"),
        ("file:///etc/passwd", "only http and https"),
        ("http://[::1", "cannot fetch"),
        ("", "only http and https"),
    ):
        status, out, err = _run(["update", "--url", url, "--timeout", "5"], capsys)
        assert (status, out) == (2, ""), err
        assert expected in err and err.count("\n") == 1, err
    assert filled_cache.read_bytes() == previous_cache_bytes


def test_failure_without_a_previous_cache_writes_nothing(
    server: _Server, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = _run(["update", "--url", server.url("/truncated.xml")], capsys)
    assert status == 2, err
    assert not (cache_dir / CACHE_FILE_NAME).exists()


def test_download_size_is_capped_while_streaming(server: _Server, real_xml: bytes) -> None:
    with pytest.raises(UpdateError, match="more than 100000 bytes"):
        fetch_registry(server.url("/stream.xml"), timeout=10, max_bytes=100_000)
    assert fetch_registry(server.url("/stream.xml"), timeout=10) == real_xml


def test_unwritable_cache_is_one_line(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    real_xml: bytes,
    capsys: pytest.CaptureFixture[str],
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("TXTKEYS_CACHE_DIR", str(blocker / "cache"))
    saved = tmp_path / "saved.xml"
    saved.write_bytes(_with_date(real_xml, NEWER[2]))
    status, _, err = _run(["update", "--file", str(saved)], capsys)
    assert status == 2
    assert "TXTKEYS_CACHE_DIR" in err and err.count("\n") == 1, err


def test_debug_shows_the_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    url = f"http://127.0.0.1:{_closed_port()}/registry.xml"
    with pytest.raises(UpdateError, match="Connection refused"):
        main(["--debug", "update", "--url", url])
    done = subprocess.run(
        [sys.executable, "-m", "txtkeys", "--debug", "update", "--url", url],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert "Traceback" in done.stderr and "UpdateError" in done.stderr
    plain = subprocess.run(
        [sys.executable, "-m", "txtkeys", "update", "--url", url],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert plain.returncode == 2
    assert plain.stderr.count("\n") == 1 and "Traceback" not in plain.stderr


# -- the lock ------------------------------------------------------------------------------


def test_install_waits_for_the_lock_and_gives_up_in_time(
    filled_cache: Path, previous_cache_bytes: bytes, real_compiled: CompiledCatalogue
) -> None:
    newer = CompiledCatalogue(
        {**real_compiled.data, "registry_updated": NEWER[3]}, real_compiled.summary
    )
    lock_path = filled_cache.with_name(CACHE_FILE_NAME + ".lock")
    with lock_path.open("a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(UpdateError, match="another txtkeys update holds"):
            install_catalogue(newer, filled_cache.parent, lock_timeout=0.3)
        assert filled_cache.read_bytes() == previous_cache_bytes
        finished = threading.Event()
        waiting = threading.Thread(
            target=lambda: (
                install_catalogue(newer, filled_cache.parent, lock_timeout=10),
                finished.set(),
            )
        )
        waiting.start()
        time.sleep(0.4)
        assert not finished.is_set(), "install did not wait for the lock"
        assert filled_cache.read_bytes() == previous_cache_bytes
        fcntl.flock(held, fcntl.LOCK_UN)
    waiting.join(20)
    assert finished.is_set()
    assert Catalogue.load(filled_cache).updated == NEWER[3]


def test_install_refuses_to_replace_a_newer_cache(
    cache_dir: Path, real_compiled: CompiledCatalogue
) -> None:
    newer = CompiledCatalogue(
        {**real_compiled.data, "registry_updated": NEWER[4]}, real_compiled.summary
    )
    target, previous = install_catalogue(newer, cache_dir)
    assert previous is None
    before = target.read_bytes()
    with pytest.raises(UpdateError, match="already holds a newer registry"):
        install_catalogue(real_compiled, cache_dir)
    assert target.read_bytes() == before


def test_two_updates_at_once_leave_one_good_catalogue(
    cache_dir: Path, tmp_path: Path, real_xml: bytes
) -> None:
    saved = tmp_path / "saved.xml"
    saved.write_bytes(_with_date(real_xml, NEWER[5]))
    env = {**os.environ, "TXTKEYS_CACHE_DIR": str(cache_dir)}
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "txtkeys", "update", "--file", str(saved)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for run in runs:
        _, err = run.communicate(timeout=60)
        assert run.returncode == 0, err
    catalogue = Catalogue.load(cache_dir / CACHE_FILE_NAME)
    assert catalogue.updated == NEWER[5]
    assert catalogue.checksum == hashlib.sha256(saved.read_bytes()).hexdigest()
    leftovers = [p.name for p in cache_dir.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []
    shutil.rmtree(cache_dir)


def test_download_progress_is_reported_and_shown_only_on_a_terminal(
    server: _Server, cache_dir: Path, real_xml: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    from txtkeys.catalogue.update import update_catalogue
    from txtkeys.cli.update_cmds import _DownloadLine

    seen: list[tuple[int, int | None]] = []
    update_catalogue(url=server.url("/good.xml"), timeout=20, progress=lambda *a: seen.append(a))
    assert seen and seen[-1][0] == len(real_xml)
    assert [received for received, _ in seen] == sorted(received for received, _ in seen)

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal, pipe = Terminal(), io.StringIO()
    for stream in (terminal, pipe):
        line = _DownloadLine(stream)
        line(2_000_000, 4_000_000)
        line.clear()
    assert "downloading the registry: 2.0 MB of 4.0 MB" in terminal.getvalue()
    assert pipe.getvalue() == ""
    _run(["update", "--url", server.url("/good.xml"), "--timeout", "20"], capsys)
    assert "downloading" not in capsys.readouterr().err  # pytest's stderr is no terminal
