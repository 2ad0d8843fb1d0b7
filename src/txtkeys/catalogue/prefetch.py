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
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import threading
from collections.abc import Iterator
from typing import Any
from xml.etree.ElementTree import ParseError, XMLParser

__all__ = ["NotePrefetch", "prefetch_notes"]

_NOTE = re.compile(rb"<note>(.*?)</note>", re.DOTALL)


class NotePrefetch:
    """A running child's readings, collected once: note text -> ``note_json`` of it."""

    __slots__ = ("_fd", "_pid", "_readings")

    def __init__(self, pid: int, fd: int) -> None:
        self._pid = pid
        self._fd = fd
        self._readings: dict[str, dict[str, Any]] | None = None

    def readings(self) -> dict[str, dict[str, Any]]:
        """Wait for the child and return what it read; empty if it failed in any way."""
        if self._readings is None:
            chunks: list[bytes] = []
            with contextlib.suppress(OSError):
                while chunk := os.read(self._fd, 1 << 20):
                    chunks.append(chunk)
            self._finish(kill=False)
            try:
                pairs = json.loads(b"".join(chunks))
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
    for inner in dict.fromkeys(match[1] for match in _NOTE.finditer(data)):
        parser = XMLParser()
        try:
            parser.feed(opening + inner + b"</note>")
            text = render_mixed(parser.close())
        except (ParseError, RecursionError):
            continue
        if text:
            texts[text] = None
    return list(texts)
