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
import datetime
import errno
import http.client
import os
import re
import socket
import stat
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from ..errors import TxtkeysError, UpdateError
from ..formats.display import display
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
    "STALE_TEMP_SECONDS",
    "UpdateError",
    "UpdateResult",
    "fetch_registry",
    "install_catalogue",
    "registry_date_problem",
    "update_catalogue",
    "verify_compiled",
]

MAX_DOWNLOAD_BYTES = 64 * 1024 * 1024
"""Downloads above this are refused; the real registry is about 4 MB."""
DEFAULT_LOCK_TIMEOUT = 30.0
MIN_NAMED_RECORDS = 10_000
MIN_TXT_NOTE_RECORDS = 900
LOCK_FILE_SUFFIX = ".lock"
STALE_TEMP_SECONDS = 60.0
"""A catalogue temp file older than this, found under the lock, is from a killed update."""
DATE_SLACK_DAYS = 1
"""A registry date may be this many days ahead of today (UTC) before it is refused."""
ALLOWED_SCHEMES = ("http", "https")
"""Schemes fetched, for the URL given and for every redirect."""

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

_CHUNK = 64 * 1024
# Called with (bytes received so far, Content-Length or None) as a download goes.
Progress = Callable[[int, int | None], None]
_UNCHANGED = "the catalogue in use is unchanged"


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
    progress: Progress | None = None,
) -> bytes:
    """Download ``url`` (http or https) within ``timeout`` seconds and ``max_bytes`` bytes.

    ``progress(received, announced)`` is called after each chunk (``announced`` is the
    Content-Length, or None), so a command can show how the download goes.

    The timeout bounds the whole transfer, so a server that trickles bytes cannot
    hold the command open. Every failure is an ``UpdateError`` that says what to try.
    """
    try:
        scheme = urllib.parse.urlsplit(url).scheme.lower()
    except ValueError as exc:
        raise UpdateError(
            f"cannot fetch {display(url)!r}: {display(str(exc))}; check the URL; {_UNCHANGED}"
        ) from exc
    if scheme not in ALLOWED_SCHEMES:
        raise UpdateError(
            f"cannot fetch {display(url)!r}: only http and https URLs are fetched; "
            f"give a local file with --file FILE instead; {_UNCHANGED}"
        )
    shown = display(url)
    if timeout <= 0:
        raise UpdateError(f"the timeout must be more than 0 seconds, not {timeout}")
    from .. import __version__

    request = urllib.request.Request(url, headers={"User-Agent": f"txtkeys/{__version__}"})
    deadline = time.monotonic() + timeout
    opener = urllib.request.build_opener(_HttpOnlyRedirects)
    try:
        with opener.open(request, timeout=timeout) as response:
            header = (response.headers.get("Content-Length") or "").strip()
            announced = int(header) if _ASCII_DIGITS.fullmatch(header) else None
            if announced is not None and announced > max_bytes:
                raise UpdateError(
                    f"{shown} announces {announced} bytes, over the {max_bytes} byte "
                    f"limit; the registry is a few MB, so check the URL; {_UNCHANGED}"
                )
            data = _read_bounded(response, shown, deadline, timeout, max_bytes, progress, announced)
    except UpdateError:
        raise
    except urllib.error.HTTPError as exc:
        with contextlib.suppress(Exception):
            exc.close()  # it holds the connection's socket
        raise UpdateError(
            f"{shown} answered HTTP {exc.code} {display(str(exc.reason))}; check the URL or "
            f"try later; {_UNCHANGED}"
        ) from exc
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise UpdateError(_timed_out(shown, timeout)) from exc
        raise UpdateError(
            f"cannot fetch {shown}: {_reason(exc.reason)}; check the URL and the network, "
            f"or give a saved copy with --file FILE; {_UNCHANGED}"
        ) from exc
    except TimeoutError as exc:
        raise UpdateError(_timed_out(shown, timeout)) from exc
    except (OSError, http.client.HTTPException, ValueError) as exc:
        raise UpdateError(
            f"cannot fetch {shown}: {_reason(exc)}; check the URL, or give a saved copy "
            f"with --file FILE; {_UNCHANGED}"
        ) from exc
    if announced is not None and len(data) < announced:
        # http.client returns a short body without complaint when reading in chunks.
        raise UpdateError(
            f"{shown} closed the connection after {len(data)} of {announced} bytes; the "
            f"download was cut short: try again; {_UNCHANGED}"
        )
    return data


_ASCII_DIGITS = re.compile(r"[0-9]{1,20}")


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to http or https (urllib alone also follows ftp://).

    The Location is checked before urllib looks at it, at every hop; the refused
    response is closed, and ``UpdateError`` says where it pointed.
    """

    def http_error_302(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
    ) -> Any:
        location = headers.get("location") or headers.get("uri") or ""
        try:
            target = urllib.parse.urljoin(req.full_url, location.strip())
            scheme = urllib.parse.urlsplit(target).scheme.lower()
        except ValueError:
            target, scheme = location, ""
        if scheme not in ALLOWED_SCHEMES:
            with contextlib.suppress(Exception):
                fp.close()
            shown_target = display(target if len(target) <= 200 else target[:200] + "...")
            raise UpdateError(
                f"{display(req.full_url)} redirected to {shown_target!r}; only http and "
                f"https are followed, at every hop: check the URL, or download the file "
                f"yourself and give it with --file FILE; {_UNCHANGED}"
            )
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def _read_bounded(  # noqa: PLR0917 - one private call site
    response: http.client.HTTPResponse,
    url: str,
    deadline: float,
    timeout: float,
    max_bytes: int,
    progress: Progress | None = None,
    announced: int | None = None,
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
        if progress is not None:
            progress(size, announced)
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
    """Why a fetch failed, in one safe line: a server's words can hold terminal escapes."""
    if isinstance(reason, OSError) and reason.strerror:
        return display(reason.strerror)
    text = str(reason).strip()
    if len(text) > 200:
        text = text[:200] + "..."
    return display(text) or type(reason).__name__


# -- verify ------------------------------------------------------------------------------


def registry_date_problem(value: object, *, today: datetime.date | None = None) -> str | None:
    """Why ``value`` is not a usable registry date, or None when it is one.

    A usable date is a real calendar date written ``YYYY-MM-DD`` and not later than
    ``DATE_SLACK_DAYS`` after today (UTC): a registry from the future would pin the cache,
    every real update after it being refused as older.
    """
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        return f"{display(str(value))!r} is not a date written YYYY-MM-DD"
    try:
        date = datetime.date.fromisoformat(value)
    except ValueError:
        return f"{value!r} is not a real calendar date"
    now = today if today is not None else datetime.datetime.now(datetime.UTC).date()
    if date > now + datetime.timedelta(days=DATE_SLACK_DAYS):
        return f"{value!r} is in the future (today is {now.isoformat()})"
    return None


def _reset_hint(path: str | os.PathLike[str] | None) -> str:
    where = f"delete {display(os.fsdecode(path))}" if path is not None else "delete the cache file"
    return f"if the catalogue in use is wrong, run 'txtkeys update --force' or {where}"


def verify_compiled(
    compiled: CompiledCatalogue,
    *,
    not_older_than: str | None = None,
    source: str = "the registry",
    min_named_records: int = MIN_NAMED_RECORDS,
    min_txt_note_records: int = MIN_TXT_NOTE_RECORDS,
    in_use: str | os.PathLike[str] | None = None,
) -> None:
    """Refuse a compiled registry that is too small, badly dated or older than ``not_older_than``.

    The real registry has over 12,000 named records and about 1,000 with TXT notes;
    far fewer means a partial or wrong file, which must not replace a good catalogue.
    Its date must be a real date, not in the future (``registry_date_problem``). A
    ``not_older_than`` that is itself no usable date (a cache pinned by a bad date) is
    not compared against. ``in_use`` is the path of the catalogue in use, named in the
    message that says how to get past it.
    """
    source = display(source)
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
    problem = registry_date_problem(updated)
    if problem is not None:
        raise UpdateError(
            f"{source} has a bad registry date: {problem}; use the file as IANA publishes "
            f"it; {_UNCHANGED}"
        )
    if (
        not_older_than is not None
        and registry_date_problem(not_older_than) is None
        and updated < not_older_than
    ):
        raise UpdateError(
            f"{source} is from {updated}, older than the catalogue in use ({not_older_than}); "
            f"refusing to go back ({_reset_hint(in_use)}); {_UNCHANGED}"
        )


# -- install -----------------------------------------------------------------------------


@contextlib.contextmanager
def _cache_lock(target: Path, timeout: float) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``<target>.lock`` (POSIX), waiting up to ``timeout``."""
    if fcntl is None:  # pragma: no cover - Windows: the atomic rename is the only guard
        yield
        return
    lock_path = target.with_name(target.name + LOCK_FILE_SUFFIX)
    handle = _open_lock_file(lock_path)
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


def _open_lock_file(lock_path: Path) -> int:
    """Open (creating it if need be) the lock file, never through a symbolic link.

    ``O_NOFOLLOW`` refuses a symlink in the last component, dangling or not (which
    ``O_CREAT`` alone would follow, creating or truncating its target); a new file is
    made with ``O_EXCL``; anything but a regular file is refused.
    """
    shown = display(str(lock_path))
    nofollow = getattr(os, "O_NOFOLLOW", 0)
    flags = os.O_RDWR | nofollow | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        try:
            handle = os.open(lock_path, flags | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            handle = os.open(lock_path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP or (not nofollow and lock_path.is_symlink()):
            raise UpdateError(
                f"the lock file {shown} is a symbolic link, which txtkeys does not follow; "
                f"remove it and try again; {_UNCHANGED}"
            ) from None
        raise UpdateError(
            f"cannot create the lock file {shown}: {exc.strerror}; set TXTKEYS_CACHE_DIR "
            f"to a writable directory; {_UNCHANGED}"
        ) from exc
    if not stat.S_ISREG(os.fstat(handle).st_mode):
        os.close(handle)
        raise UpdateError(
            f"the lock file {shown} is not a regular file; remove it and try again; {_UNCHANGED}"
        )
    return handle


def _sweep_stale_temp_files(target: Path, *, older_than: float = STALE_TEMP_SECONDS) -> int:
    """Remove temp files a killed update left beside ``target``; return how many.

    Called under the lock, so no other update is writing one; the age keeps a
    concurrent ``txtkeys compile -o`` to the same file (which takes no lock) safe.
    Only regular files named as ``write_catalogue`` names them are touched.
    """
    prefix = f".{target.name}."
    removed = 0
    now = time.time()
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return 0
    for entry in entries:
        if not (entry.name.startswith(prefix) and entry.name.endswith(".tmp")):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(info.st_mode) and now - info.st_mtime > older_than:
                os.unlink(entry.path)
                removed += 1
        except OSError:
            continue
    return removed


def install_catalogue(
    compiled: CompiledCatalogue,
    cache_dir: str | os.PathLike[str] | None = None,
    *,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    force: bool = False,
) -> tuple[Path, str | None]:
    """Write a verified catalogue into the user cache, atomically and under the lock.

    Under the lock, temp files of killed updates are swept and the cache is read again:
    if another update installed a newer registry meanwhile, this one is refused rather
    than going back (unless ``force``; a cache whose own date is not a usable date never
    blocks). Returns the path written and the registry date of the cache it replaced
    (None if there was none).
    """
    from .compile import write_catalogue

    target = Path(cache_dir if cache_dir is not None else user_cache_dir()) / CACHE_FILE_NAME
    new_date = compiled.data.get("registry_updated")
    with _cache_lock(target, lock_timeout):
        _sweep_stale_temp_files(target)
        usable, previous = _read_header_date(target) if target.is_file() else (False, None)
        if (
            not force
            and usable
            and previous is not None
            and registry_date_problem(previous) is None
            and isinstance(new_date, str)
            and new_date < previous
        ):
            raise UpdateError(
                f"the user cache {display(str(target))} already holds a newer registry "
                f"({previous}) than this one ({new_date}); {_reset_hint(target)}; {_UNCHANGED}"
            )
        try:
            write_catalogue(compiled.data, target, make_parents=True)
        except TxtkeysError as exc:
            raise UpdateError(
                f"{display(str(exc))}; set TXTKEYS_CACHE_DIR to a writable directory; {_UNCHANGED}"
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
    force: bool = False,
    progress: Progress | None = None,
) -> UpdateResult:
    """Fetch (``url``, default IANA's) or read (``file``) the registry, verify it, install it.

    ``explicit`` is the ``--catalogue`` file, if any: the new registry must not be older
    than the catalogue in use, unless ``force`` (the way out of a cache pinned by a wrong
    date; every other check still applies). The cache written is ``user_cache_dir()``.
    """
    from .compile import compile_registry_file

    if url is not None and file is not None:
        raise UpdateError("give either --url or --file, not both")
    if file is not None:
        source = display(os.fsdecode(file))
        if "\x00" in os.fsdecode(file):
            raise UpdateError(f"{source!r} is not a usable file name (it holds a NUL byte)")
        content: bytes | str | os.PathLike[str] = file
    else:
        source = DEFAULT_URL if url is None else url
        content = fetch_registry(source, timeout=timeout, max_bytes=max_bytes, progress=progress)
    try:
        compiled = compile_registry_file(content)
    except TxtkeysError as exc:
        raise UpdateError(
            f"{display(source)} was refused: {display(str(exc))}; {_UNCHANGED}"
        ) from exc
    if file is None:
        compiled.data["source_name"] = source
    in_use = choose_catalogue_file(explicit)
    _, in_use_date = _read_header_date(in_use.path)
    verify_compiled(
        compiled,
        not_older_than=None if force else in_use_date,
        source=source,
        in_use=in_use.path,
    )
    written, previous = install_catalogue(compiled, lock_timeout=lock_timeout, force=force)
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
