"""Issue 14 items 2 (note prefetch), 4 (pasted-text reader) and 6 (the display sanitiser).

The scans that were quadratic are checked for giving the same answers as before on
generated input, and run once on the input that used to take hours or seconds, under a
hang guard (SIGALRM) rather than a timing assertion: bench/bench_registry_scale.py and
the hypothesis targets in fuzz/ measure time.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from txtkeys.catalogue import prefetch
from txtkeys.catalogue.prefetch import _note_bodies, _note_texts, prefetch_notes
from txtkeys.formats.display import display, is_printable_utf8, raw_bytes, text_and_hex
from txtkeys.registry import _text
from txtkeys.registry.read import detect_format, read_registry

PROPERTY = settings(max_examples=200, deadline=None)
_TEXT_HEAD = (
    "Service Name Port Number Transport Protocol Description Assignee Contact Registration "
    "Date Modification Date Reference Service Code Unauthorized Use Reported Assignment Notes\n"
)


@contextmanager
def hang_guard(seconds: int) -> Iterator[None]:
    """Fail instead of hanging when a fixed scan turns quadratic again."""

    def expired(signum: int, frame: FrameType | None) -> None:
        raise AssertionError(f"still running after {seconds} s: quadratic again?")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# -- item 2: the note prefetch -----------------------------------------------------------

_OLD_NOTE = re.compile(rb"<note>(.*?)</note>", re.DOTALL)
PIECES = st.sampled_from([b"<note>", b"</note>", b"a", b"<", b"note>", b"</note", b"\n", b"<n/>"])


@PROPERTY
@given(st.lists(PIECES, max_size=40).map(b"".join))
def test_note_bodies_match_the_old_lazy_search(data: bytes) -> None:
    assert list(_note_bodies(data)) == [m[1] for m in _OLD_NOTE.finditer(data)]


def test_unclosed_note_openings_are_one_linear_scan() -> None:
    # The attack: 200,000 '<note>' with no close, e.g. inside a trailing comment.
    data = b"<note>Defined TXT keys: a=1</note>" + b"<!-- " + b"<note>" * 200_000 + b" -->"
    with hang_guard(60):
        texts = _note_texts(data)
    assert texts == ["Defined TXT keys: a=1"]


def _slow_readings(data: bytes, fd: int) -> None:
    time.sleep(120)


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status


def test_parent_waits_a_bounded_time_then_kills_the_child(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(prefetch, "_write_readings", _slow_readings)  # the forked child sleeps
    with hang_guard(60), prefetch_notes(b"<note>x</note>") as running:
        if running is None:
            pytest.skip("no fork here, or other threads run: no child to test")
        pid = running._pid
        assert _alive(pid)
        assert running.readings(wait=0.5) == {}
    assert not _alive(pid)


_ORPHAN_SCRIPT = textwrap.dedent(
    """
    import sys, time
    from txtkeys.catalogue import prefetch

    def slow(data, fd):
        time.sleep(120)

    prefetch._write_readings = slow
    with prefetch.prefetch_notes(b"<note>x</note>") as running:
        print(running._pid if running else "none", flush=True)
        time.sleep(120)
    """
)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL])
def test_the_child_dies_with_its_parent(signum: int) -> None:
    with subprocess.Popen(
        [sys.executable, "-c", _ORPHAN_SCRIPT], stdout=subprocess.PIPE, text=True
    ) as parent:
        try:
            assert parent.stdout is not None
            line = parent.stdout.readline().strip()
            if line == "none":
                pytest.skip("no prefetch child in this environment")
            child = int(line)
            assert _alive(child)
            parent.send_signal(signum)
            parent.wait(timeout=30)
            deadline = time.monotonic() + 30  # a hang guard, not a timing assertion
            while _alive(child) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert not _alive(child), "the note child outlived its parent"
        finally:
            parent.kill()


# -- item 4: the pasted-text reader ----------------------------------------------------------


def _old_bracket_run_end(tokens: list[re.Match[str]], first: int) -> int | None:
    depth = 0
    for index in range(first, len(tokens)):
        for char in tokens[index].group():
            if char == "[":
                depth += 1
            elif char == "]":
                depth -= 1
        if depth == 0:
            return index
    return None


WORDS = st.sampled_from(["[a", "b]", "[x]", "]", "[", "[[c", "d]]", "e", "][", "[RFC1]"])


@PROPERTY
@given(st.lists(WORDS, max_size=30).map(" ".join))
def test_bracket_run_ends_match_the_old_forward_scan(text: str) -> None:
    tokens = list(re.finditer(r"\S+", text))
    ends = _text._bracket_run_ends(tokens)
    for index, token in enumerate(tokens):
        if token.group().startswith("["):
            assert ends.get(index) == _old_bracket_run_end(tokens, index), (text, index)


@PROPERTY
@given(st.lists(WORDS, max_size=30).map(" ".join))
def test_pasted_rows_with_brackets_read_the_same_reference_items(text: str) -> None:
    registry = read_registry(
        _TEXT_HEAD + "wot 8080 tcp Web of Things " + text + "\n", format="text"
    )
    assert len(registry.records) == 1


@pytest.mark.parametrize(
    "line",
    [
        "wot 80 tcp " + "[a " * 8000,
        "wot 80 tcp " + "[a b " * 8000 + "]" * 8000,
        "wot 80 tcp desc " + "unauthorized " * 8000,
        "wot 80 tcp desc " + "Defined TXT keys: a " * 4000,
    ],
)
def test_one_long_bracketed_line_is_read(line: str) -> None:
    with hang_guard(60):  # the first took 15 s before the fix, and grows with its square
        registry = read_registry(_TEXT_HEAD + line + "\n", format="text")
    assert registry.records[0].name == "wot"


def test_many_markdown_cells_and_blank_lines_are_read() -> None:
    with hang_guard(60):
        table = "| Service Name | Port Number |\n|wot|80|tcp| " + "a|" * 100_000 + "\n"
        record = read_registry(table, format="markdown").records[0]
        with pytest.raises(Exception, match="not a registry file"):
            detect_format("\n" * 65_536)  # a multi-line '^\\|?\\s*' search was quadratic
    assert record.note is not None and record.note.count("a") == 99_999


# -- item 6: the sanitiser -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("plain text, ünïcødé 😀", "plain text, ünïcødé 😀"),
        ("\x1b]0;title\x07", "\\x1b]0;title\\x07"),
        ("a\x9bb\x9dc\x85d", "a\\x9bb\\x9dc\\x85d"),
        ("x\u202eevil\u2066\u2069", "x\\u202eevil\\u2066\\u2069"),
        ("tab\tnl\ncr\r", "tab\\x09nl\\x0acr\\x0d"),
        ("nul\x00del\x7f", "nul\\x00del\\x7f"),
        (b"k\xff\xfe=\xc3\xa9", "k\\xff\\xfe=é"),
        (os.fsdecode(b"arg\xff"), "arg\\xff"),
        ("\U000e0041tag", "\\U000e0041tag"),
        ("zero\u200bwidth\ufeff", "zero\\u200bwidth\\ufeff"),
    ],
)
def test_display_escapes_every_non_printable_character(raw: str | bytes, shown: str) -> None:
    assert display(raw) == shown


@PROPERTY
@given(st.one_of(st.text(), st.binary().map(lambda b: b.decode("utf-8", "surrogateescape"))))
def test_display_output_is_one_printable_line(text: str) -> None:
    shown = display(text)
    assert shown.isprintable()
    shown.encode("utf-8")  # no surrogate survives
    assert display(shown) == shown  # idempotent: safe to apply twice


def test_display_can_keep_line_breaks() -> None:
    assert display("a\nb\x1b", newlines=True) == "a\nb\\x1b"


@PROPERTY
@given(st.binary(max_size=50))
def test_text_and_hex_keeps_the_exact_bytes(value: bytes) -> None:
    fields = text_and_hex("key", value)
    line = json.dumps(fields, ensure_ascii=False)
    assert json.loads(line) == fields
    assert fields["key"] is not None and fields["key"].isprintable()
    if is_printable_utf8(value):
        assert set(fields) == {"key"} and fields["key"] == value.decode()
    else:
        assert bytes.fromhex(fields["key_hex"] or "") == value
    assert raw_bytes(value.decode("utf-8", "surrogateescape")) == value
