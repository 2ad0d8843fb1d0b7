"""One bounded file reader for every input txtkeys reads from a path.

``read_capped`` applies its byte limit while reading, so ``/dev/zero`` or a 100 GB file
costs at most the limit plus one chunk, never memory to match. It opens without blocking
and refuses anything that is not a regular file: a FIFO would otherwise wait forever for
a writer, a device can be endless, a directory cannot be read. Every refusal is one
``TxtkeysError`` naming the file and what to do.

The caps of files whose readers live elsewhere are defined here, once; the others sit
beside their readers (``registry.read.MAX_REGISTRY_BYTES``,
``formats.inputs.MAX_RDATA_BYTES`` and ``MAX_AVAHI_BYTES``). docs/robustness.md lists
them all.
"""

from __future__ import annotations

import errno
import mmap
import os
import stat
from collections.abc import Callable

from .errors import InputFormatError, TxtkeysError

__all__ = ["MAX_CATALOGUE_BYTES", "MAX_OVERLAY_BYTES", "map_capped", "read_capped", "read_head"]

MAX_CATALOGUE_BYTES = 64 * 1024 * 1024
"""A compiled catalogue (``--catalogue``, the user cache); the real one is about 1 MB."""
MAX_OVERLAY_BYTES = 1024 * 1024
"""A TOML schema overlay (``--schema``, ``$TXTKEYS_SCHEMA_DIR``); shipped ones are a few KB."""

_CHUNK = 1024 * 1024

ErrorFactory = Callable[[str, str], TxtkeysError]
"""Builds the error to raise from (path, message)."""


def _input_error(path: str, message: str) -> TxtkeysError:
    return InputFormatError(message, source=path)


def read_capped(
    path: str | os.PathLike[str],
    limit: int,
    what: str,
    *,
    error: ErrorFactory = _input_error,
    missing: str | None = None,
) -> bytes:
    """The bytes of the regular file ``path``, refused once more than ``limit`` are read.

    ``what`` names the input in messages ("TXT RDATA file", "registry file").
    ``error(path, message)`` builds the exception (default ``InputFormatError`` with the
    path as its source); ``missing`` replaces the advice given for a file that does not
    exist. Never blocks on a FIFO and never reads past ``limit + 1`` bytes.
    """
    fd, shown = _open_regular(path, limit, what, error, missing)
    try:
        return _read_all(fd, shown, limit, what, error)
    finally:
        os.close(fd)


def map_capped(
    path: str | os.PathLike[str],
    limit: int,
    what: str,
    *,
    error: ErrorFactory = _input_error,
    missing: str | None = None,
) -> bytes | mmap.mmap:
    """``read_capped``, but the file mapped read-only instead of copied, where it can be.

    A reader that touches a few lines of a large file (the catalogue: a lookup reads
    about 20 of its 13,000 lines) then pays for those pages only. Only on POSIX, whose
    rename lets a writer replace a mapped file (txtkeys writes catalogues by rename, so
    a mapping never sees its file change); elsewhere, or when mapping fails, the bytes.
    """
    fd, shown = _open_regular(path, limit, what, error, missing)
    try:
        if os.name == "posix":
            try:
                return mmap.mmap(fd, 0, access=mmap.ACCESS_READ)
            except (OSError, ValueError):  # an empty file, a file system without mmap
                pass
        return _read_all(fd, shown, limit, what, error)
    finally:
        os.close(fd)  # a mapping stays valid without its descriptor


def _open_regular(
    path: str | os.PathLike[str],
    limit: int,
    what: str,
    error: ErrorFactory,
    missing: str | None,
) -> tuple[int, str]:
    """An open descriptor of the regular file ``path`` of at most ``limit`` bytes."""
    name = os.fsdecode(path)
    shown = _shown(name)
    if "\x00" in name:
        raise error(shown, f"the {what} name holds a NUL byte, which no file name can; check it")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    flags |= getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise error(shown, missing or f"no such {what}; check the path") from None
    except IsADirectoryError:
        raise error(shown, f"is a directory, not a {what}; give the path of the file") from None
    except OSError as exc:
        raise error(shown, f"cannot open the {what}: {_reason(exc)}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise error(shown, f"is a directory, not a {what}; give the path of the file")
        if not stat.S_ISREG(info.st_mode):
            raise error(
                shown,
                f"is not a regular file (a FIFO, socket or device); txtkeys reads a {what} "
                "only from a regular file: save the data to a file first",
            )
        if info.st_size > limit:
            raise error(shown, _too_big(what, limit, info.st_size))
    except BaseException:
        os.close(fd)
        raise
    return fd, shown


def _read_all(fd: int, shown: str, limit: int, what: str, error: ErrorFactory) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        try:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - size))
        except BlockingIOError:  # pragma: no cover - regular files do not block
            continue
        except OSError as exc:
            raise error(shown, f"cannot read the {what}: {_reason(exc)}") from None
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:  # the file grew while being read
            raise error(shown, _too_big(what, limit, None))
    return b"".join(chunks)


def read_head(path: str | os.PathLike[str], size: int) -> bytes | None:
    """At most the first ``size`` bytes of a regular file; None if it is anything else.

    For peeking at a header (the catalogue's registry date) without ever blocking on a
    FIFO or reading a device: no error is raised, the caller treats None as unusable.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    flags |= getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except (OSError, ValueError):
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        return os.read(fd, size)
    except OSError:
        return None
    finally:
        os.close(fd)


def _too_big(what: str, limit: int, found: int | None) -> str:
    size = "more than that" if found is None else f"{found:,} bytes"
    return f"the {what} is over the {limit:,} byte limit ({size}); check it is the right file"


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "too many levels of symbolic links"
    return exc.strerror or type(exc).__name__


def _shown(name: str) -> str:
    """The path as it may be printed: control characters and undecodable bytes escaped."""
    from .formats.display import display

    return display(name)
