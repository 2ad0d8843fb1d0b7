"""Hostile and malformed input: nothing raises past the library's own errors, nothing hangs.

Property tests drive the wire decoder, the note grammar, the registry readers and every
CLI command with generated and mutated input. The CLI runs in-process through
``txtkeys.cli.main``; the contract is exit 0, 1 or 2 and never a traceback. Timing
figures for the grammar are in bench/bench_grammar_worst.py, not asserted here.
Longer fuzzing runs: fuzz/README.md.
"""

from __future__ import annotations

import importlib.util
import io
import json
import os
import socket
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from _hostile_xml import LAUGHS
from conftest import MATERIAL
from txtkeys import TxtkeysError, TxtNote, parse_note
from txtkeys.cli import main
from txtkeys.errors import InputFormatError
from txtkeys.formats.wire import TxtEntry, decode, encode, split_rdata
from txtkeys.grammar.notes import MAX_NOTE_CHARS
from txtkeys.registry.read import FORMATS, MAX_REGISTRY_BYTES, read_registry
from txtkeys.registry.records import Registry

TESTS = Path(__file__).resolve().parent
GOLD_NOTES = [
    json.loads(line)["note"]
    for line in (TESTS / "data" / "notes_gold.jsonl").read_text("utf-8").splitlines()
    if line.strip()
]


# Surrogates stand for argv bytes that are not UTF-8 (issue 14 item 10: the output must
# stay valid UTF-8 with strict streams, which run_cli uses). NUL cannot be in argv at all;
# a NUL in a path is its own case (test_nul_in_a_path_is_an_input_error).
TEXT = st.text(st.characters(blacklist_characters="\x00"), max_size=40)
# TXTKEYS_HOSTILE_SCALE=20 runs twenty times the examples, for a longer hunt by hand.
SCALE = max(1, int(os.environ.get("TXTKEYS_HOSTILE_SCALE", "1") or "1"))
PROPERTY = settings(
    max_examples=120 * SCALE,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

_EXTERNAL_ENTITY = (
    b'<?xml version="1.0"?>\n<!DOCTYPE registry [<!ENTITY leak SYSTEM "file:///etc/passwd">]>\n'
    b'<registry xmlns="http://www.iana.org/assignments"><record><name>&leak;</name></record>'
    b"</registry>\n"
)


@pytest.fixture(scope="module", autouse=True)
def _loopback_only() -> Iterator[None]:
    """Nothing here may connect off this machine (update is always pointed at loopback)."""
    attempts: list[object] = []
    real_connect = socket.create_connection

    def guarded(address: tuple[str, int], *args: object, **kwargs: object) -> socket.socket:
        host = str(address[0])
        if not host.startswith(("127.", "localhost", "::1")):
            attempts.append(address)
            raise OSError(f"test tried to reach {host}")
        return real_connect(address, *args, **kwargs)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket, "create_connection", guarded)
        yield
    assert not attempts, f"tried to contact non-loopback addresses: {attempts}"


# -- the wire decoder ---------------------------------------------------------------------


@PROPERTY
@given(st.binary(max_size=700))
def test_wire_decoder_takes_any_bytes(rdata: bytes) -> None:
    split = split_rdata(rdata)
    rebuilt = b"".join(bytes((len(s),)) + s for s in split.strings)
    assert rdata.startswith(rebuilt)
    try:
        entries = decode(rdata)
    except InputFormatError as exc:
        assert split.truncated_at is not None
        assert "offset" in str(exc)
        return
    assert split.truncated_at is None
    for entry in entries:
        assert isinstance(str(entry), str)
        assert entry.name is not None
    assert decode(encode(entries)) == entries


@PROPERTY
@given(
    st.lists(
        st.tuples(
            st.binary(max_size=40).filter(lambda key: b"=" not in key),
            st.none() | st.binary(max_size=300),
        )
    )
)
def test_wire_encoder_refuses_long_strings_with_a_value_error(
    pairs: list[tuple[bytes, bytes | None]],
) -> None:
    entries = [TxtEntry(key, value) for key, value in pairs]
    try:
        rdata = encode(entries)
    except ValueError as exc:
        assert "limit is 255" in str(exc)
        assert any(len(entry.raw) > 255 for entry in entries)
        return
    assert decode(rdata) == tuple(entry for entry in entries if entry.raw)


# -- parse_note -------------------------------------------------------------------------------

_PUNCTUATION = "=<>[](){}|,;:.\"'`*-_/\\\n\t  "


@st.composite
def mutated_notes(draw: st.DrawFn) -> str:
    """A real registry note after a few random edits: cuts, splices, stray punctuation."""
    text = draw(st.sampled_from(GOLD_NOTES))
    for _ in range(draw(st.integers(1, 6))):
        size = len(text)
        at = draw(st.integers(0, size))
        end = draw(st.integers(at, min(size, at + 40)))
        edit = draw(st.sampled_from(("cut", "insert", "punct", "dup", "splice", "case")))
        if edit == "cut":
            text = text[:at] + text[end:]
        elif edit == "insert":
            text = text[:at] + draw(TEXT) + text[at:]
        elif edit == "punct":
            text = text[:at] + draw(st.text(_PUNCTUATION, min_size=1, max_size=8)) + text[end:]
        elif edit == "dup":
            text = text[:end] + text[at:end] * draw(st.integers(2, 20)) + text[end:]
        elif edit == "splice":
            other = draw(st.sampled_from(GOLD_NOTES))
            text = text[:at] + other[draw(st.integers(0, len(other))) :]
        else:
            text = text[:at] + text[at:end].swapcase() + text[end:]
    return text


def _assert_valid_note(text: str) -> None:
    note = parse_note(text)
    assert isinstance(note, TxtNote)
    assert TxtNote.model_validate(note.model_dump(mode="json")) == note
    assert all(key.name for key in note.keys)


@PROPERTY
@given(mutated_notes())
def test_parse_note_survives_mutated_registry_notes(text: str) -> None:
    _assert_valid_note(text)


@PROPERTY
@given(
    st.text(max_size=300)
    | st.text(_PUNCTUATION + "abcTXTkeys=<>", max_size=400).map(lambda s: "Defined TXT keys: " + s)
)
def test_parse_note_survives_generated_text(text: str) -> None:
    _assert_valid_note(text)


def test_gold_notes_parse_and_oversized_notes_are_kept_raw() -> None:
    for text in GOLD_NOTES:
        assert parse_note(text).raw == text
    huge = "Defined TXT keys: " + "k=<v> " * (MAX_NOTE_CHARS // 6 + 10)
    started = time.perf_counter()
    note = parse_note(huge)
    assert time.perf_counter() - started < 1
    assert (note.status.value, note.raw) == ("unspecified", huge)


# -- the registry readers ----------------------------------------------------------------------


def _read_or_input_error(data: bytes, format: str | None = None) -> None:
    try:
        registry = read_registry(data, format=format)
    except InputFormatError as exc:
        assert str(exc)
        return
    assert isinstance(registry, Registry)


@pytest.fixture(scope="module")
def registry_heads() -> list[bytes]:
    """The first bytes of each real rendering (XML, CSV, pasted seeds)."""
    heads = [
        (MATERIAL / "iana" / "service-names-port-numbers.xml").read_bytes()[:40_000],
        (MATERIAL / "iana" / "service-names-port-numbers-2024-06.csv").read_bytes()[:40_000],
    ]
    heads.extend(path.read_bytes()[:20_000] for path in sorted((MATERIAL / "seeds").iterdir())[:6])
    return heads


@PROPERTY
@given(data=st.data())
def test_registry_readers_take_damaged_files(
    registry_heads: list[bytes], data: st.DataObject
) -> None:
    head = data.draw(st.sampled_from(registry_heads))
    cut = data.draw(st.integers(0, len(head)))
    blob = bytearray(head[:cut])
    for _ in range(data.draw(st.integers(0, 8))):
        if not blob:
            break
        at = data.draw(st.integers(0, len(blob) - 1))
        blob[at : at + 1] = data.draw(st.binary(min_size=0, max_size=6))
    format = data.draw(st.none() | st.sampled_from(FORMATS))
    _read_or_input_error(bytes(blob), format)


@PROPERTY
@given(st.binary(max_size=2000), st.none() | st.sampled_from(FORMATS))
def test_registry_readers_take_random_bytes(blob: bytes, format: str | None) -> None:
    _read_or_input_error(blob, format)


@pytest.mark.parametrize("document", [LAUGHS, _EXTERNAL_ENTITY], ids=["laughs", "external"])
def test_entity_tricks_are_refused_fast_in_bounded_memory(document: bytes) -> None:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(InputFormatError, match="entities"):
            read_registry(document)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - started < 1
    assert peak < 20 * 1024 * 1024


def test_oversized_registry_input_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputFormatError, match="byte limit"):
        read_registry(b"<" + b" " * MAX_REGISTRY_BYTES)
    sparse = tmp_path / "huge.xml"
    with sparse.open("wb") as handle:
        handle.truncate(MAX_REGISTRY_BYTES + 1)
    with pytest.raises(InputFormatError, match="byte limit"):
        read_registry(sparse)


def test_deeply_nested_note_markup_is_an_input_error() -> None:
    nested = b"<p>" * 20_000 + b"x" + b"</p>" * 20_000
    document = (
        b'<registry xmlns="http://www.iana.org/assignments"><record><name>a</name><note>'
        + nested
        + b"</note></record></registry>"
    )
    with pytest.raises(InputFormatError, match="nested thousands of levels deep"):
        read_registry(document)


# -- every CLI command -------------------------------------------------------------------------


class CliWorld:
    """Files and a catalogue for the CLI runs; the commands never reach the network."""

    def __init__(self, root: Path, catalogue: Path) -> None:
        self.root = root
        self.catalogue = catalogue
        self.out = root / "out"
        self.out.mkdir()
        files = {
            "random.bin": bytes(range(256)) * 3,
            "empty": b"",
            "laughs.xml": LAUGHS,
            "external.xml": _EXTERNAL_ENTITY,
            "truncated.xml": b'<?xml version="1.0"?>\n<registry xmlns="http://www.iana.org/'
            b'assignments"><record><name>wot</name><note>Defined TXT keys: td=',
            "avahi.service": b"<service-group><name>x</name><service><type>_wot._udp</type>"
            b"<port>1</port><txt-record>td=/td</txt-record><txt-record>\xff=</txt-record>"
            b"</service></service-group>",
            "overlay.toml": b'[service."wot/udp"]\nkeys = [ { name = 3 } ]\n',
            "garbage.toml": b"[[[ = \x00\xff",
            "rdata.bin": b"\x06td=/td\x09scheme=co\xff\x05",
        }
        self.files = []
        for name, content in files.items():
            path = root / name
            path.write_bytes(content)
            self.files.append(str(path))
        self.files += [str(root), str(root / "missing.file")]
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.closed_url = f"http://127.0.0.1:{sock.getsockname()[1]}/registry.xml"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CliWorld]:
    from txtkeys.catalogue.compile import compile_registry_file, write_catalogue

    root = tmp_path_factory.mktemp("cli")
    catalogue = write_catalogue(
        compile_registry_file(MATERIAL / "iana" / "service-names-port-numbers.xml").data,
        root / "catalogue.json",
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TXTKEYS_CACHE_DIR", str(root / "cache"))
        patch.setenv("NO_COLOR", "1")
        yield CliWorld(root, catalogue)


def _available_commands() -> list[str]:
    """Command families whose modules exist; missing ones are skipped (and said so)."""
    commands = ["show", "search", "compile", "info", "update"]
    if importlib.util.find_spec("txtkeys.cli.record_cmds") is not None:
        commands += ["check", "build", "schema"]
    return commands


COMMANDS = frozenset(("show", "search", "compile", "info", "update", "check", "build", "schema"))
SERVICES = ["wot", "wot/udp", "_ipp._tcp.local.", "_printer._sub._http._tcp", "ssh", "-", ""]
WORDS = ["td=/td", "scheme=coaps", "txtvers=1", "=x", "k", "k=", "a\\x4", "\\", "x" * 300]


@st.composite
def cli_argv(draw: st.DrawFn, world: CliWorld) -> list[str]:
    """A command line: real options in random order with random and hostile values."""
    command = draw(st.sampled_from(_available_commands()))
    value = st.one_of(TEXT, st.sampled_from(SERVICES + WORDS), st.sampled_from(world.files))
    options: dict[str, list[list[str]]] = {
        "show": [["--json"]],
        "search": [["--json"]],
        "compile": [["--json"], ["--format", "xml"], ["--format", "text"], ["-o", "OUT"]],
        "info": [["--json"]],
        "update": [["--json"], ["--timeout", "0.5"], ["--timeout", "-1"], ["--url", "URL"]],
        "check": [["--json"], ["--strict"], ["--hex", "V"], ["--wire", "F"], ["--avahi", "F"]],
        "build": [["--port", "V"], ["--name", "V"], ["--subtype", "V"], ["--format", "avahi"]],
        "schema": [],
    }
    argv = [command]
    for option in draw(st.lists(st.sampled_from(options[command] or [["--help"]]), max_size=3)):
        for token in option:
            if token == "OUT":
                argv.append(str(world.out / draw(st.sampled_from(["c.json", "x/y.json", ""]))))
            elif token == "URL":
                argv.append(world.closed_url)
            elif token == "F":
                argv.append(draw(st.sampled_from(world.files)))
            elif token == "V":
                argv.append(draw(value))
            else:
                argv.append(token)
    argv += draw(st.lists(value, max_size=4))
    if command == "update" and "--url" not in argv:
        argv += ["--file", draw(st.sampled_from(world.files))]  # never the default URL
    prefix = draw(
        st.sampled_from(
            [
                ["--catalogue", str(world.catalogue)],
                ["--catalogue", str(world.catalogue), "--schema", world.files[6]],
                ["--catalogue", str(world.catalogue), "--schema", world.files[7]],
                ["--catalogue", world.files[0]],
                [],
            ]
        )
    )
    return prefix + argv


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    """main(argv) with stdout and stderr captured as strict UTF-8 (as a UTF-8 terminal)."""
    out_bytes, err_bytes = io.BytesIO(), io.BytesIO()
    out = io.TextIOWrapper(out_bytes, encoding="utf-8", errors="strict", write_through=True)
    err = io.TextIOWrapper(err_bytes, encoding="utf-8", errors="strict", write_through=True)
    with redirect_stdout(out), redirect_stderr(err):
        try:
            status = main(argv)
        except SystemExit as exc:  # argparse: --help and usage errors
            code = exc.code
            status = code if isinstance(code, int) else (0 if code is None else 2)
    return status, out_bytes.getvalue().decode(), err_bytes.getvalue().decode()


@settings(
    max_examples=150 * SCALE,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_every_command_exits_0_1_or_2_without_a_traceback(
    world: CliWorld, data: st.DataObject
) -> None:
    argv = data.draw(cli_argv(world), label="argv")
    status, _, err = run_cli(argv)
    event(f"{argv[argv.index(next(a for a in argv if a in COMMANDS))]} exit {status}")
    assert status in (0, 1, 2), (argv, status, err)
    assert "Traceback" not in err
    if status == 2 and "--help" not in argv:
        assert err.strip(), f"exit 2 without a message: {argv}"


def test_live_commands_reject_bad_usage_before_touching_the_network(world: CliWorld) -> None:
    if importlib.util.find_spec("txtkeys.cli.live_cmds") is None:
        pytest.skip("txtkeys.cli.live_cmds is not there yet: advertise and audit untested")
    for argv in (
        ["advertise", "wot/udp", "td=/td"],  # --name and --port missing
        ["advertise", "wot/udp", "--name", "x", "--port", "not-a-port"],
        ["audit", "--timeout", "soon"],
        ["audit", "--bogus"],
    ):
        status, out, err = run_cli(argv)
        assert status == 2, (argv, out, err)
        assert err.count("\n") == 1 and "Traceback" not in err


def test_help_of_every_command_exits_0() -> None:
    status, out, _ = run_cli(["--help"])
    assert status == 0
    commands = [c for c in ("show", "search", "compile", "info", "update") if c in out]
    commands += [c for c in ("check", "build", "schema", "advertise", "audit") if c in out]
    for command in commands:
        status, out, err = run_cli([command, "--help"])
        assert (status, err) == (0, ""), command
        assert "examples:" in out


def test_library_errors_are_one_line_and_debug_shows_the_traceback(world: CliWorld) -> None:
    argv = ["--catalogue", world.files[0], "show", "wot"]
    status, out, err = run_cli(argv)
    assert (status, out) == (2, "")
    assert err.startswith("txtkeys: error: ") and err.count("\n") == 1
    with pytest.raises(TxtkeysError) as raised:
        run_cli(["--debug", *argv])
    assert str(raised.value) in err


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "--hex", "zz"],
        ["check", "--wire", "{random.bin}"],
        ["compile", "{laughs.xml}"],
        ["show", "\udcff\udcfe"],
        ["search", "\udcffx"],
        ["update", "--url", "{closed}", "--timeout", "1"],
    ],
)
def test_subprocess_runs_exit_cleanly(argv: list[str], world: CliWorld) -> None:
    names = {Path(path).name: path for path in world.files}
    words = [
        os.fsencode(world.closed_url if word == "{closed}" else names.get(word.strip("{}"), word))
        for word in argv
    ]
    done = subprocess.run(
        [
            os.fsencode(sys.executable),
            b"-m",
            b"txtkeys",
            b"--catalogue",
            bytes(world.catalogue),
            *words,
        ],
        capture_output=True,
        timeout=60,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert done.returncode in (0, 1, 2), done.stderr
    assert b"Traceback" not in done.stderr


@pytest.mark.parametrize(
    "argv",
    [
        ["compile", "a\x00"],
        ["--catalogue", "a\x00", "info"],
        ["check", "--wire", "a\x00"],
        ["check", "--avahi", "a\x00"],
        ["--schema", "a\x00", "show", "wot"],
        ["compile", "{csv}", "-o", "a\x00"],
    ],
)
def test_nul_in_a_path_is_an_input_error(argv: list[str], world: CliWorld) -> None:
    assert MATERIAL is not None
    csv = str(MATERIAL / "iana" / "service-names-port-numbers-2024-06.csv")
    words = [csv if word == "{csv}" else word for word in argv]
    if words[0] != "--catalogue":
        words = ["--catalogue", str(world.catalogue), *words]
    status, _, err = run_cli(words)
    assert status == 2 and err.count("\n") == 1


def test_update_refuses_a_nul_in_the_file_name() -> None:
    status, _, err = run_cli(["update", "--file", "a\x00"])
    assert status == 2 and "NUL" in err and err.count("\n") == 1


def test_non_utf8_argv_bytes_are_not_a_traceback(world: CliWorld) -> None:
    done = subprocess.run(
        [
            sys.executable,
            *("-m", "txtkeys", "--catalogue", str(world.catalogue), "check", "wot"),
            os.fsdecode(b"k=\xff"),
        ],
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert done.returncode in (0, 1, 2) and b"Traceback" not in done.stderr, done.stderr
