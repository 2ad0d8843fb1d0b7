"""Refresh the user cache from IANA's registry: fetch, verify, then install, or change nothing.

A refresh must never leave the user worse off than before: a refused connection, a
timeout, a truncated or hostile file, or a registry that is too small or older than
the catalogue in use all leave the catalogue in use untouched. Only a registry that
parses whole and looks like the real one is compiled into the cache, and it is
written atomically (temporary file, fsync, rename) under a lock on a file beside the
cache, so two refreshes at once cannot interleave their writes.

The three steps are public so a program can run them apart (fetch on one machine,
install on another): ``fetch_registry``, ``verify_compiled``, ``install_catalogue``;
``update_catalogue`` runs them in order.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import TxtkeysError
from .store import (
    CACHE_FILE_NAME,
    DEFAULT_TIMEOUT,
    DEFAULT_URL,
    _read_header_date,
    choose_catalogue_file,
    user_cache_dir,
)

if TYPE_CHECKING:
    from .compile import CompiledCatalogue
    from .store import CatalogueChoice

try:  # POSIX; elsewhere the atomic rename alone guards the file
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "DEFAULT_TIMEOUT",
    "DEFAULT_URL",
    "MAX_DOWNLOAD_BYTES",
    "MIN_NAMED_RECORDS",
    "MIN_TXT_NOTE_RECORDS",
    "UpdateError",
    "UpdateResult",
    "fetch_registry",
    "install_catalogue",
    "update_catalogue",
    "verify_compiled",
]

MAX_DOWNLOAD_BYTES = 64 * 1024 * 1024
"""Downloads above this are refused; the real registry is about 4 MB."""
DEFAULT_LOCK_TIMEOUT = 30.0
MIN_NAMED_RECORDS = 10_000
MIN_TXT_NOTE_RECORDS = 900
LOCK_FILE_SUFFIX = ".lock"

_CHUNK = 64 * 1024
_UNCHANGED = "the catalogue in use is unchanged"


class UpdateError(TxtkeysError):
    """A refresh that was refused or failed; the catalogue in use is left as it was."""


@dataclass(frozen=True, slots=True)
class UpdateResult:
    """What a refresh installed, what it replaced, and which catalogue is now in use."""

    path: Path
    source: str
    registry_updated: str | None
    previous_updated: str | None
    named_records: int
    txt_note_records: int
    source_sha256: str | None
    in_use: CatalogueChoice


# -- fetch -----------------------------------------------------------------------------


def fetch_registry(
    url: str = DEFAULT_URL,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = MAX_DOWNLOAD_BYTES,
) -> bytes:
    """Download ``url`` (http or https) within ``timeout`` seconds and ``max_bytes`` bytes.

    The timeout bounds the whole transfer, so a server that trickles bytes cannot
    hold the command open. Every failure is an ``UpdateError`` that says what to try.
    """
    try:
        scheme = urllib.parse.urlsplit(url).scheme.lower()
    except ValueError as exc:
        raise UpdateError(f"cannot fetch {url!r}: {exc}; check the URL; {_UNCHANGED}") from exc
    if scheme not in ("http", "https"):
        raise UpdateError(
            f"cannot fetch {url!r}: only http and https URLs are fetched; "
            f"give a local file with --file FILE instead; {_UNCHANGED}"
        )
    if timeout <= 0:
        raise UpdateError(f"the timeout must be more than 0 seconds, not {timeout}")
    from .. import __version__

    request = urllib.request.Request(url, headers={"User-Agent": f"txtkeys/{__version__}"})
    deadline = time.monotonic() + timeout
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            header = (response.headers.get("Content-Length") or "").strip()
            announced = int(header) if header.isdigit() else None
            if announced is not None and announced > max_bytes:
                raise UpdateError(
                    f"{url} announces {announced} bytes, over the {max_bytes} byte "
                    f"limit; the registry is a few MB, so check the URL; {_UNCHANGED}"
                )
            data = _read_bounded(response, url, deadline, timeout, max_bytes)
    except UpdateError:
        raise
    except urllib.error.HTTPError as exc:
        raise UpdateError(
            f"{url} answered HTTP {exc.code} {exc.reason}; check the URL or try later; {_UNCHANGED}"
        ) from exc
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise UpdateError(_timed_out(url, timeout)) from exc
        raise UpdateError(
            f"cannot fetch {url}: {_reason(exc.reason)}; check the URL and the network, "
            f"or give a saved copy with --file FILE; {_UNCHANGED}"
        ) from exc
    except TimeoutError as exc:
        raise UpdateError(_timed_out(url, timeout)) from exc
    except (OSError, http.client.HTTPException, ValueError) as exc:
        raise UpdateError(
            f"cannot fetch {url}: {_reason(exc)}; check the URL, or give a saved copy "
            f"with --file FILE; {_UNCHANGED}"
        ) from exc
    if announced is not None and len(data) < announced:
        # http.client returns a short body without complaint when reading in chunks.
        raise UpdateError(
            f"{url} closed the connection after {len(data)} of {announced} bytes; the "
            f"download was cut short: try again; {_UNCHANGED}"
        )
    return data


def _read_bounded(
    response: http.client.HTTPResponse, url: str, deadline: float, timeout: float, max_bytes: int
) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise UpdateError(_timed_out(url, timeout))
        _set_read_timeout(response, remaining)
        # read1: at most one recv, so a trickling server meets the deadline check.
        chunk = response.read1(min(_CHUNK, max_bytes + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            raise UpdateError(
                f"{url} sent more than {max_bytes} bytes; the registry is a few MB, so "
                f"check the URL; {_UNCHANGED}"
            )
    if not chunks:
        raise UpdateError(f"{url} sent an empty file; try again later; {_UNCHANGED}")
    return b"".join(chunks)


def _set_read_timeout(response: http.client.HTTPResponse, seconds: float) -> None:
    """Shrink the socket timeout to what is left of the overall deadline."""
    fp = getattr(response, "fp", None)
    raw = getattr(fp, "raw", None)
    sock = getattr(raw, "_sock", None)
    if isinstance(sock, socket.socket):
        sock.settimeout(max(seconds, 0.001))


def _timed_out(url: str, timeout: float) -> str:
    return (
        f"fetching {url} took longer than {timeout:g} s; try again, raise --timeout, "
        f"or give a saved copy with --file FILE; {_UNCHANGED}"
    )


def _reason(reason: object) -> str:
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    text = str(reason).strip()
    return text or type(reason).__name__


# -- verify ------------------------------------------------------------------------------


def verify_compiled(
    compiled: CompiledCatalogue,
    *,
    not_older_than: str | None = None,
    source: str = "the registry",
    min_named_records: int = MIN_NAMED_RECORDS,
    min_txt_note_records: int = MIN_TXT_NOTE_RECORDS,
) -> None:
    """Refuse a compiled registry that is too small, undated or older than ``not_older_than``.

    The real registry has over 12,000 named records and about 1,000 with TXT notes;
    far fewer means a partial or wrong file, which must not replace a good catalogue.
    """
    summary = compiled.summary
    if summary.named_records < min_named_records:
        raise UpdateError(
            f"{source} has only {summary.named_records} named records (at least "
            f"{min_named_records} expected); it is not the whole IANA registry; {_UNCHANGED}"
        )
    if summary.txt_note_records < min_txt_note_records:
        raise UpdateError(
            f"{source} has only {summary.txt_note_records} records with TXT notes (at least "
            f"{min_txt_note_records} expected); it is not the whole IANA registry; {_UNCHANGED}"
        )
    updated = compiled.data.get("registry_updated")
    if not isinstance(updated, str) or not updated:
        raise UpdateError(
            f"{source} has no registry date, so it cannot be checked against the catalogue "
            "in use; use IANA's XML file, or compile this one with 'txtkeys compile FILE "
            f"-o OUT' and pass --catalogue OUT; {_UNCHANGED}"
        )
    if not_older_than is not None and updated < not_older_than:
        raise UpdateError(
            f"{source} is from {updated}, older than the catalogue in use ({not_older_than}); "
            f"refusing to go back; {_UNCHANGED}"
        )


# -- install -----------------------------------------------------------------------------


@contextlib.contextmanager
def _cache_lock(target: Path, timeout: float) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``<target>.lock`` (POSIX), waiting up to ``timeout``."""
    if fcntl is None:  # pragma: no cover - Windows: the atomic rename is the only guard
        yield
        return
    lock_path = target.with_name(target.name + LOCK_FILE_SUFFIX)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise UpdateError(
            f"cannot create the lock file {lock_path}: {exc.strerror}; set TXTKEYS_CACHE_DIR "
            f"to a writable directory; {_UNCHANGED}"
        ) from exc
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise UpdateError(
                        f"another txtkeys update holds {lock_path} for more than {timeout:g} "
                        f"s; wait for it to finish and try again; {_UNCHANGED}"
                    ) from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        os.close(handle)


def install_catalogue(
    compiled: CompiledCatalogue,
    cache_dir: str | os.PathLike[str] | None = None,
    *,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
) -> tuple[Path, str | None]:
    """Write a verified catalogue into the user cache, atomically and under the lock.

    Under the lock, the cache is read again: if another update installed a newer
    registry meanwhile, this one is refused rather than going back. Returns the path
    written and the registry date of the cache it replaced (None if there was none).
    """
    from .compile import write_catalogue

    target = Path(cache_dir if cache_dir is not None else user_cache_dir()) / CACHE_FILE_NAME
    new_date = compiled.data.get("registry_updated")
    with _cache_lock(target, lock_timeout):
        usable, previous = _read_header_date(target) if target.is_file() else (False, None)
        if usable and previous is not None and isinstance(new_date, str) and new_date < previous:
            raise UpdateError(
                f"the user cache {target} already holds a newer registry ({previous}) than "
                f"this one ({new_date}); {_UNCHANGED}"
            )
        try:
            write_catalogue(compiled.data, target)
        except TxtkeysError as exc:
            raise UpdateError(
                f"{exc}; set TXTKEYS_CACHE_DIR to a writable directory; {_UNCHANGED}"
            ) from exc
    return target, previous if usable else None


# -- the whole refresh -----------------------------------------------------------------------


def update_catalogue(
    *,
    url: str | None = None,
    file: str | os.PathLike[str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = MAX_DOWNLOAD_BYTES,
    explicit: str | os.PathLike[str] | None = None,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
) -> UpdateResult:
    """Fetch (``url``, default IANA's) or read (``file``) the registry, verify it, install it.

    ``explicit`` is the ``--catalogue`` file, if any: the new registry must not be older
    than the catalogue in use. The cache written is ``user_cache_dir()``.
    """
    from .compile import compile_registry_file

    if url is not None and file is not None:
        raise UpdateError("give either --url or --file, not both")
    if file is not None:
        source = str(file)
        if "\x00" in source:
            raise UpdateError(f"{source!r} is not a usable file name (it holds a NUL byte)")
        content: bytes | str | os.PathLike[str] = file
    else:
        source = DEFAULT_URL if url is None else url
        content = fetch_registry(source, timeout=timeout, max_bytes=max_bytes)
    try:
        compiled = compile_registry_file(content)
    except TxtkeysError as exc:
        raise UpdateError(f"{source} was refused: {exc}; {_UNCHANGED}") from exc
    if file is None:
        compiled.data["source_name"] = source
    in_use = choose_catalogue_file(explicit)
    _, in_use_date = _read_header_date(in_use.path)
    verify_compiled(compiled, not_older_than=in_use_date, source=source)
    written, previous = install_catalogue(compiled, lock_timeout=lock_timeout)
    summary = compiled.summary
    return UpdateResult(
        path=written,
        source=source,
        registry_updated=compiled.data.get("registry_updated"),
        previous_updated=previous,
        named_records=summary.named_records,
        txt_note_records=summary.txt_note_records,
        source_sha256=compiled.data.get("source_sha256"),
        in_use=choose_catalogue_file(explicit),
    )
