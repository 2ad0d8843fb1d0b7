"""Read a registry's notes in a forked child while the parent reads the XML.

A compile spends a third of its time on the note grammar (importing pyparsing, then
reading about 430 distinct notes) and most of the rest turning the XML into records.
With a second core the two overlap. The child cannot wait for the parent's records,
so it finds the ``<note>`` elements with a byte search, renders each one as the XML
reader does and reads the distinct texts. The parent takes a reading from the child
only for a text equal to its own, and reads any other note itself: what the byte
search misses costs time, never a different catalogue.

No child where there is no ``fork`` (Windows), where other threads run (a forked copy
of a threaded process can deadlock), or where the input has no ``<note>`` at all.

Bounded both ways. The byte search is linear (``str.find``, never a lazy ``.*?`` that
rescans the rest of the file from every unclosed ``<note>``). The parent waits for the
child at most ``PREFETCH_WAIT_SECONDS`` after it has read the records itself, then kills
it and reads every note itself. The child cannot outlive the parent: on Linux the kernel
kills it when the parent dies (``PR_SET_PDEATHSIG``), elsewhere a watchdog thread in the
child exits when the parent has gone; and it limits its own CPU time to
``PREFETCH_CPU_SECONDS``.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any
from xml.etree.ElementTree import ParseError, XMLParser

__all__ = ["PREFETCH_CPU_SECONDS", "PREFETCH_WAIT_SECONDS", "NotePrefetch", "prefetch_notes"]

PREFETCH_WAIT_SECONDS = 10.0
"""How long the parent waits for the child's readings once its own records are read."""
PREFETCH_CPU_SECONDS = 120
"""CPU seconds the child may use in all (the real registry's notes take under one)."""

_OPEN = b"<note>"
_CLOSE = b"</note>"


class NotePrefetch:
    """A running child's readings, collected once: note text -> ``note_json`` of it."""

    __slots__ = ("_fd", "_pid", "_readings")

    def __init__(self, pid: int, fd: int) -> None:
        self._pid = pid
        self._fd = fd
        self._readings: dict[str, dict[str, Any]] | None = None

    def readings(self, wait: float = PREFETCH_WAIT_SECONDS) -> dict[str, dict[str, Any]]:
        """What the child read, waiting at most ``wait`` seconds for it.

        Empty if it failed in any way or did not finish in time (it is then killed, and
        the caller reads every note itself).
        """
        if self._readings is None:
            chunks: list[bytes] = []
            deadline = time.monotonic() + wait
            complete = False
            with contextlib.suppress(OSError, ValueError):
                while (remaining := deadline - time.monotonic()) > 0:
                    ready, _, _ = select.select([self._fd], [], [], remaining)
                    if not ready:
                        break
                    chunk = os.read(self._fd, 1 << 20)
                    if not chunk:
                        complete = True
                        break
                    chunks.append(chunk)
            self._finish(kill=not complete)
            try:
                pairs = json.loads(b"".join(chunks)) if complete else []
                self._readings = {text: note for text, note in pairs}
            except (ValueError, TypeError):
                self._readings = {}
        return self._readings

    def _finish(self, *, kill: bool) -> None:
        if self._pid == 0:
            return
        if kill:
            with contextlib.suppress(OSError):
                os.kill(self._pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            os.close(self._fd)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self._pid, 0)
        self._pid = 0


@contextlib.contextmanager
def prefetch_notes(data: bytes) -> Iterator[NotePrefetch | None]:
    """Start reading the notes of registry XML ``data`` in a child; reap it on the way out.

    Yields None when no child was started; the caller then reads every note itself.
    """
    if not hasattr(os, "fork") or threading.active_count() > 1 or b"<note>" not in data:
        yield None
        return
    read_fd, write_fd = os.pipe()
    parent = os.getpid()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_fd)
        os.close(write_fd)
        yield None
        return
    if pid == 0:  # the child: never returns into the caller's code
        status = 1
        try:
            os.close(read_fd)
            _tie_to_parent(parent)
            _write_readings(data, write_fd)
            status = 0
        finally:
            os._exit(status)
    os.close(write_fd)
    prefetch = NotePrefetch(pid, read_fd)
    try:
        yield prefetch
    finally:
        prefetch._finish(kill=True)


def _tie_to_parent(parent: int) -> None:
    """Make sure this child dies with its parent and cannot run away with the CPU."""
    with contextlib.suppress(Exception):
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
        limits = [PREFETCH_CPU_SECONDS, soft, hard]
        limit = min(value for value in limits if value != resource.RLIM_INFINITY)
        resource.setrlimit(resource.RLIMIT_CPU, (limit, hard))
    tied = False
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            pr_set_pdeathsig = 1
            tied = libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0) == 0
    if os.getppid() != parent:  # the parent died before the tie was made
        os._exit(1)
    if not tied:
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _write_readings(data: bytes, fd: int) -> None:
    from ..grammar.notes import note_json

    readings = [[text, note_json(text)] for text in _note_texts(data)]
    payload = memoryview(json.dumps(readings, ensure_ascii=False).encode("utf-8"))
    while payload:
        payload = payload[os.write(fd, payload) :]


def _note_texts(data: bytes) -> list[str]:
    """The distinct texts of the ``<note>`` elements, rendered as the XML reader renders them."""
    from ..registry._xml import IANA_NAMESPACE, render_mixed

    opening = b'<note xmlns="' + IANA_NAMESPACE.encode() + b'">'
    texts: dict[str, None] = {}
    for inner in dict.fromkeys(_note_bodies(data)):
        parser = XMLParser()
        try:
            parser.feed(opening + inner + b"</note>")
            text = render_mixed(parser.close())
        except (ParseError, RecursionError):
            continue
        if text:
            texts[text] = None
    return list(texts)


def _note_bodies(data: bytes) -> Iterator[bytes]:
    """What lies between each ``<note>`` and the next ``</note>``, in one linear pass.

    The same pairs as a lazy ``<note>(.*?)</note>`` search, without rescanning the rest
    of the input from every opening that has no close: once no ``</note>`` follows,
    none of the later openings can have one either.
    """
    start = data.find(_OPEN)
    while start >= 0:
        end = data.find(_CLOSE, start + len(_OPEN))
        if end < 0:
            return
        yield data[start + len(_OPEN) : end]
        start = data.find(_OPEN, end + len(_CLOSE))
