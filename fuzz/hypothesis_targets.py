"""Hypothesis targets for every parser, each call held to a time budget that grows linearly.

Run (not part of the test suite; a few minutes):

    python -m pytest -p no:cacheprovider fuzz/hypothesis_targets.py
    TXTKEYS_FUZZ_SCALE=10 python -m pytest -p no:cacheprovider fuzz/hypothesis_targets.py

Random bytes almost never find a quadratic scan: it takes one short unit repeated
thousands of times ("[a " * 8000, 200,000 unclosed "<note>"). So every target draws
``amplified`` input: a generated prefix, a generated unit repeated up to tens of
thousands of times, a generated suffix. Each call is timed alone and must finish within
``budget(size)``: ``BASE_SECONDS`` plus ``SECONDS_PER_MB`` per megabyte of input (the
note grammar has its own, tighter figures from docs/robustness.md). A parser that turns
quadratic blows the budget at a few tens of KB; a linear one has room to spare.

Each target also checks the parser's contract: it returns, or raises the project's
own ``TxtkeysError`` (never ValueError, RecursionError, MemoryError...).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from txtkeys.catalogue.prefetch import _note_texts
from txtkeys.catalogue.update import registry_date_problem
from txtkeys.errors import TxtkeysError
from txtkeys.formats.display import display, text_and_hex
from txtkeys.formats.inputs import from_avahi, from_hex, from_rdata, parse_word
from txtkeys.names import ServiceType
from txtkeys.registry._csv import split_brackets
from txtkeys.registry.read import detect_format, read_registry

BASE_SECONDS = 0.5
"""Every call may take this long whatever its size (start-up, a GC pause)."""
SECONDS_PER_MB = 4.0
"""...plus this per megabyte: linear parsers here run at 10-100 MB/s."""
NOTE_SECONDS_PER_KB = 0.05 / 4
"""The note grammar's promise in docs/robustness.md: 50 ms for a 4 KB note, linear."""

SCALE = max(1, int(os.environ.get("TXTKEYS_FUZZ_SCALE", "1") or "1"))
TARGET = settings(
    max_examples=60 * SCALE,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
_SCRATCH = Path(tempfile.mkdtemp(prefix="txtkeys-fuzz-"))


def budget(size: int) -> float:
    return BASE_SECONDS + SECONDS_PER_MB * size / 1_000_000


def timed(call: Callable[[], Any], size: int, limit: float | None = None) -> Any:
    """Run ``call`` once; fail if it took longer than its budget or broke its contract."""
    allowed = budget(size) if limit is None else limit
    started = time.perf_counter()
    try:
        result = call()
    except TxtkeysError:
        result = None
    elapsed = time.perf_counter() - started
    assert elapsed <= allowed, f"{elapsed:.2f} s for {size} bytes, budget {allowed:.2f} s"
    return result


def amplified(units: st.SearchStrategy[str], most: int = 20_000) -> st.SearchStrategy[str]:
    """prefix + unit * n + suffix: the shape that exposes a scan that rescans."""
    return st.builds(
        lambda prefix, unit, count, suffix: prefix + unit * count + suffix,
        units,
        units,
        st.integers(0, most),
        units,
    )


def _bytes(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[bytes]:
    return strategy.map(lambda text: text.encode("utf-8", "surrogatepass"))


# Units drawn from what each parser treats specially, plus arbitrary text.
BRACKETY = st.one_of(
    st.sampled_from(["[a ", "[", "]", "[a b] ", "][", "[[x", "RFC1] ", " ", "\n", "|"]),
    st.text(max_size=6),
)
MARKUP = st.one_of(
    st.sampled_from(
        ["<note>", "</note>", "<!--", "-->", "<record>", "<name>x</name>", "<br/>", "&amp;", "<"]
    ),
    st.text(max_size=6),
)
CSV_UNITS = st.one_of(
    st.sampled_from(['"', ",", '""', "\n", "[a][b]", "\r\n"]), st.text(max_size=6)
)
TEXT_HEADER = "Service Name Port Number Transport Protocol\n"
MARKDOWN_HEADER = "| Service Name | Port Number |\n|---|---|\n"
CSV_HEADER = (
    "Service Name,Port Number,Transport Protocol,Description,Assignee,Contact,Registration "
    "Date,Modification Date,Reference,Service Code,Unauthorized Use Reported,Assignment Notes\n"
)
XML_HEAD = '<?xml version="1.0"?>\n<registry xmlns="http://www.iana.org/assignments">'


@TARGET
@given(_bytes(amplified(st.text(max_size=8), 30_000)))
def test_wire_rdata(data: bytes) -> None:
    timed(lambda: from_rdata(data), len(data))


@TARGET
@given(amplified(st.sampled_from(["\\x4", "\\", "=", "\\=", "a", "\\xff", "é"]), 20_000))
def test_cli_words_and_hex(word: str) -> None:
    timed(lambda: parse_word(word), len(word))
    timed(lambda: from_hex(word), len(word))


@TARGET
@given(
    amplified(st.sampled_from(["<txt-record>", "</txt-record>", "<port>", "9", "²", "<"]), 5_000)
)
def test_avahi_file(middle: str) -> None:
    path = _SCRATCH / "fuzz.service"
    data = f"<service-group><name>x</name><service><type>_x._tcp</type>{middle}</service>"
    path.write_bytes(data.encode("utf-8", "surrogatepass") + b"</service-group>")
    timed(lambda: from_avahi(path), len(data))


@TARGET
@given(amplified(BRACKETY, 20_000), st.sampled_from(["text", "markdown"]))
def test_pasted_registry(body: str, format: str) -> None:
    head = TEXT_HEADER if format == "text" else MARKDOWN_HEADER
    data = (head + "wot 80 tcp " + body + "\n").encode("utf-8", "surrogatepass")
    timed(lambda: read_registry(data, format=format), len(data))


@TARGET
@given(amplified(CSV_UNITS, 20_000))
def test_csv_registry(body: str) -> None:
    data = (CSV_HEADER + body).encode("utf-8", "surrogatepass")
    timed(lambda: read_registry(data, format="csv"), len(data))


@TARGET
@given(amplified(MARKUP, 20_000))
def test_xml_registry_and_note_prefetch(body: str) -> None:
    data = (XML_HEAD + body + "</registry>").encode("utf-8", "surrogatepass")
    timed(lambda: read_registry(data, format="xml"), len(data))
    timed(lambda: _note_texts(data), len(data))


@TARGET
@given(amplified(st.sampled_from(["\n", " ", "|", "Service Name", "\t", "<"]), 30_000))
def test_format_detection(head: str) -> None:
    timed(lambda: detect_format(head[:65536]), len(head[:65536]))
    data = head.encode("utf-8", "surrogatepass")
    timed(lambda: read_registry(data), len(data))


@TARGET
@given(amplified(BRACKETY, 20_000))
def test_split_brackets(cell: str) -> None:
    timed(lambda: split_brackets(cell), len(cell))


@TARGET
@given(amplified(st.text(max_size=4), 20_000))
def test_display_and_json_fields(text: str) -> None:
    shown = timed(lambda: display(text), len(text))
    assert shown is not None and shown.isprintable()
    timed(lambda: text_and_hex("key", text), len(text))


@TARGET
@given(st.text(max_size=40))
def test_registry_dates(value: str) -> None:
    timed(lambda: registry_date_problem(value), len(value))


@TARGET
@given(amplified(st.sampled_from(["_", ".", "_sub", "/", "a", "-"]), 5_000))
def test_service_types(text: str) -> None:
    timed(lambda: ServiceType.parse(text), len(text))


@TARGET
@given(
    amplified(
        st.sampled_from(["#", "a-", "--0", "TXT keys: ", "=", "<", "[", "key=value, "]), 4_000
    ).map(lambda text: text[:16_384])
)
def test_note_grammar(text: str) -> None:
    from txtkeys.grammar.notes import parse_note

    parse_note("TXT keys: warm=up")  # the first call builds the grammar; not the input's cost
    limit = 0.1 + NOTE_SECONDS_PER_KB * len(text) / 1024
    timed(lambda: parse_note(text), len(text), limit)


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-q", "-p", "no:cacheprovider", *sys.argv[1:]]))
