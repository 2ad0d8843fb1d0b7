"""Compile's speed-ups change nothing it writes: the note prefetch, the entry encoder, the GC pause.

Each test compares against the plain way of doing the same thing on the real registry,
and the prefetch is broken on purpose (its child fails, dies or writes nonsense) to show
that a compile then reads the notes itself and writes the same catalogue.
"""

from __future__ import annotations

import gc
import json
import os
import signal
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from txtkeys._gc import gc_paused
from txtkeys.catalogue import prefetch as _note_prefetch
from txtkeys.catalogue.compile import _entry_line, compile_registry_file, dumps_catalogue
from txtkeys.catalogue.prefetch import prefetch_notes
from txtkeys.grammar.notes import note_json
from txtkeys.registry.read import read_registry

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="the prefetch needs fork")


@pytest.fixture(scope="module")
def registry_bytes(material: Path) -> bytes:
    return (material / "iana" / "service-names-port-numbers.xml").read_bytes()


@pytest.fixture(scope="module")
def plain_dump(registry_bytes: bytes) -> str:
    """The catalogue compiled with the prefetch turned off: every note read in this process."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_note_prefetch.os, "fork", _no_fork)
        return dumps_catalogue(compile_registry_file(registry_bytes, reuse=False).data)


def _no_fork() -> int:
    raise OSError("fork refused for this test")


def _zombie_children() -> list[int]:
    """Child processes of this one that exited and were never reaped (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        state, parent = stat.rsplit(")", 1)[1].split()[:2]
        if int(parent) == os.getpid() and state == "Z":
            found.append(int(entry.name))
    return found


@needs_fork
def test_child_reads_every_record_note_as_this_process_would(registry_bytes: bytes) -> None:
    registry = read_registry(registry_bytes)
    notes = {r.note for r in registry.records if r.name and r.note and r.note.strip()}
    with prefetch_notes(registry_bytes) as prefetch:
        assert prefetch is not None
        readings = prefetch.readings()
    missing = notes - readings.keys()
    assert not missing, f"{len(missing)} notes rendered differently, e.g. {sorted(missing)[:1]}"
    assert all(readings[text] == note_json(text) for text in notes)


@needs_fork
def test_compile_with_the_prefetch_writes_the_same_catalogue(
    registry_bytes: bytes, plain_dump: str
) -> None:
    assert dumps_catalogue(compile_registry_file(registry_bytes, reuse=False).data) == plain_dump
    assert _zombie_children() == []


def _child_raises(data: bytes, fd: int) -> None:
    raise RuntimeError("the child failed")


def _child_dies(data: bytes, fd: int) -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _child_writes_nonsense(data: bytes, fd: int) -> None:
    os.write(fd, b'[["Defined TXT keys: None", {"status": "keys"')


def _child_writes_other_notes(data: bytes, fd: int) -> None:
    os.write(fd, json.dumps([["some other note", {"status": "none"}]]).encode())


@needs_fork
@pytest.mark.parametrize(
    "child", [_child_raises, _child_dies, _child_writes_nonsense, _child_writes_other_notes]
)
def test_a_failed_prefetch_costs_time_never_a_different_catalogue(
    registry_bytes: bytes,
    plain_dump: str,
    monkeypatch: pytest.MonkeyPatch,
    child: Any,
) -> None:
    monkeypatch.setattr(_note_prefetch, "_write_readings", child)
    assert dumps_catalogue(compile_registry_file(registry_bytes, reuse=False).data) == plain_dump
    assert _zombie_children() == []


@needs_fork
def test_a_failed_read_stops_the_child(registry_bytes: bytes) -> None:
    """The child is killed and reaped when the parent gives up first."""
    with prefetch_notes(registry_bytes) as prefetch:
        assert prefetch is not None
    assert _zombie_children() == []


def test_no_child_without_notes_or_with_other_threads(registry_bytes: bytes) -> None:
    with prefetch_notes(b"Service Name,Port Number\n") as prefetch:
        assert prefetch is None
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:
        with prefetch_notes(registry_bytes) as prefetch:
            assert prefetch is None  # forking a threaded process is not safe
    finally:
        stop.set()
        worker.join()


def test_entry_lines_equal_the_generic_encoder(registry_bytes: bytes) -> None:
    compact = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    rows = compile_registry_file(registry_bytes, reuse=False).data["entries"]
    odd_rows: list[Any] = [
        ["a", None, None, "", [], None],
        ['é"\\\n', "tcp", "1-2", "d\u2028", ["RFC1", "x\ty"], 7],
        [1, 2.5, True, None, [None, 3], "x"],  # not as compile makes them: still JSON
        ["short"],
        ["a", "b", "c", "d", "not a list", 1],
        {"not": "a list"},
    ]
    for row in [*rows, *odd_rows]:
        assert _entry_line(row, compact) == compact(row)


def test_gc_pause_restores_the_collector() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), gc_paused():
        raise ValueError
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # it was off before: it stays off
    finally:
        gc.enable()


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
def test_zombie_finder_sees_an_unreaped_child() -> None:
    """The check the prefetch tests rely on can fail."""
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    try:
        for _ in range(200):
            if pid in _zombie_children():
                break
            threading.Event().wait(0.01)
        assert pid in _zombie_children()
    finally:
        os.waitpid(pid, 0)
    assert pid not in _zombie_children()


def test_reused_readings_give_the_same_bytes_without_the_grammar(registry_bytes: bytes) -> None:
    """A refresh reuses the bundled catalogue's readings of unchanged notes (keyed by the
    note text and the grammar version): the same catalogue, and pyparsing never loads."""
    import subprocess
    import sys
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".xml") as source:
        source.write(registry_bytes)
        source.flush()
        code = (
            "import sys\n"
            "from txtkeys.catalogue.compile import compile_registry_file, dumps_catalogue\n"
            f"reused = dumps_catalogue(compile_registry_file({source.name!r}).data)\n"
            "print('pyparsing' in sys.modules)\n"
            f"fresh = dumps_catalogue(compile_registry_file({source.name!r}, reuse=False).data)\n"
            "print(reused == fresh)\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
    # reused: no grammar loaded; read afresh: the same bytes
    assert done.stdout.split() == ["False", "True"]


def test_a_changed_note_is_read_again(registry_bytes: bytes) -> None:
    changed = registry_bytes.replace(
        b"Defined TXT keys: u=&lt;username&gt; p=&lt;password&gt;",
        b"Defined TXT keys: u=&lt;username&gt; p=&lt;password&gt; q=&lt;queue&gt;",
        1,
    )
    assert changed != registry_bytes
    reused = compile_registry_file(changed).data
    fresh = compile_registry_file(changed, reuse=False).data
    assert dumps_catalogue(reused) == dumps_catalogue(fresh)
    keys = [
        [key["name"] for key in note.get("keys", ())]
        for note in reused["notes"]
        if "q=" in note.get("raw", "")
    ]
    assert any(names[:3] == ["u", "p", "q"] for names in keys)
