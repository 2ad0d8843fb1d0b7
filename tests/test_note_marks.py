"""Marks a writer or a tool adds around entries do not change what a note says.

Each test damages a note the way a registrant's editor, a Markdown renderer or a web
form does (a full stop after the last value, commas without spaces, ``<br>`` before a
line break, spaces at line ends, code and bold marks around keys) and checks that the
reading is the one of the clean note: the same status, the same keys, the same facts
about each key (descriptions aside, which keep the writer's words).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from txtkeys.grammar.notes import note_json

LABELS = Path(__file__).parent / "data" / "labels" / "dev.jsonl"
_WORDS = ("description", "placeholder", "comment")


def _reading(text: str) -> tuple[Any, ...]:
    """What a note says, without the writer's words."""
    found = note_json(text)
    keys = tuple(
        (key["name"], sorted((k, json.dumps(v)) for k, v in key.items() if k not in _WORDS))
        for key in found.get("keys", [])
    )
    return found["status"], keys, found.get("extensible", False)


# A clean note and the same note as it reaches the registry through a tool.
PAIRS = [
    # the sentence's full stop after the last value, placeholder or bar
    ("ver=<1|2>, room=<room name>, unit=<C|F>", "ver=<1|2>, room=<room name>, unit=<C|F>."),
    ("mfg | mdl | sn | fw |", "mfg | mdl | sn | fw |."),
    ("fw=<version>, mode=eco or boost", "fw=<version>, mode=eco or boost."),
    (
        "id=<device id>\nExample: id=7f3a0c11",
        "id=<device id>\nExample: id=7f3a0c11.",
    ),
    ("lamp - on/off", "lamp - on/off."),
    # commas without the space after them
    (
        "zone [north, south, west], led=<on/off>, beep (true/false)",
        "zone [north,south,west],led=<on/off>,beep (true/false)",
    ),
    (
        "host (controller host name), ip (IPv4 address), mode",
        "host (controller host name),ip (IPv4 address),mode",
    ),
    ('unit: measuring unit, one of "C", "F" or "K"', 'unit: measuring unit, one of "C","F" or "K"'),
    # "<br>" before each line break, spaces at line ends
    (
        "\nname - display name\nport - TCP port\nsecure - 1 if TLS",
        "<br>\nname - display name<br>\nport - TCP port<br>\nsecure - 1 if TLS",
    ),
    ("\nname - display name\nport - TCP port", "  \nname - display name  \nport - TCP port  "),
    ("serial, board-\nrev, mode", "serial, board-  \nrev, mode  "),
    # a line a tool broke inside a placeholder, a bracket or a quoted entry
    (
        "id=<node id>, ch=<1|6|11>, pan=<PAN id, 4 hex digits>",
        "id=<node id>, ch=<1|6|11>, pan=<PAN id, 4 hex\ndigits>",
    ),
    (
        '"id=<node id>", "pan=<PAN id, 4 hex digits>"',
        '"id=<node id>", "pan=<PAN id,\n4 hex digits>"',
    ),
    (
        "uni (number of DMX universes, 1-64), rdm (1 if RDM is on)",
        "uni (number of DMX\nuniverses, 1-64), rdm (1 if RDM is on)",
    ),
    # a list whose line breaks a web form lost: the first entry shows the form
    (
        "\n* id  node identifier (UUID)\n* pw  present when a password is needed\n* api  API path",
        "* id  node identifier (UUID) * pw  present when a password is needed * api  API path",
    ),
    (
        "\nro - T or F, whether read-only\nroot - absolute pathname\nfp - 40 hex characters",
        "ro - T or F, whether read-only root - absolute pathname fp - 40 hex characters",
    ),
    (
        "\nvers [uint] - version, always 3\nch [uint] - channels, 1..64\nsr [uint] - sample rate",
        "vers [uint] - version, always 3 ch [uint] - channels, 1..64 sr [uint] - sample rate",
    ),
    (
        "\ngid -> game title id\nplyr -> number of players\nreg -> region code",
        "gid -> game title id plyr -> number of players reg -> region code",
    ),
    # a placeholder in braces, as a format string writes it
    (
        "name=<device name>, ver=<firmware version>, port=<TCP port, 1-65535>",
        "name={device name}, ver={firmware version}, port={TCP port, 1-65535}",
    ),
    # a numbered list is a bulleted one
    (
        "\n  - id      node identifier (UUID)\n  - pw      present when a password is needed",
        "\n  1. id      node identifier (UUID)\n  2. pw      present when a password is needed",
    ),
    # a need mark in square brackets
    (
        '\n  "ver"  (required) Version of the format.\n  "mtu"  (optional) Largest datagram.',
        '\n  "ver"  [required] Version of the format.\n  "mtu"  [optional] Largest datagram.',
    ),
    # smart quotes where the rules that run before typography look for quotes
    (
        '<key name="id"/> device UUID <key name="rev"/> revision letter',
        "<key name=\u201cid\u201d/> device UUID <key name=\u201crev\u201d/> revision letter",
    ),
    # code and bold marks around keys where an entry starts
    ("ver | hub | zone", "`ver` | `hub` | `zone`"),
    (
        "sn / required / serial number; hw / optional / board revision",
        "**sn** / required / serial number; **hw** / optional / board revision",
    ),
    (
        "a) sn - serial number b) hw - hardware version c) mode - run or service",
        "a) `sn` - serial number b) `hw` - hardware version c) `mode` - run or service",
    ),
    (
        "\n- sn: serial number\n- hw: board revision",
        "\n- **sn**: serial number\n- **hw**: board revision",
    ),
    ("_suffix, _prefix", "**_suffix**, **_prefix**"),
]


@pytest.mark.parametrize(
    "body",
    [
        "ver=<1|2>, id=<device id>",
        "TBD (before launch)",
        "Vendor specific, undocumented",
        "See section 4 of the Quillnet profile.",
        "a) sn - serial b) hw - hardware",
    ],
)
def test_a_dash_after_the_marker_is_its_colon(body: str) -> None:
    assert _reading("Defined TXT keys - " + body) == _reading("Defined TXT keys: " + body)


@pytest.mark.parametrize(("clean", "damaged"), PAIRS)
def test_marks_around_entries_do_not_change_the_reading(clean: str, damaged: str) -> None:
    clean_reading = _reading("Defined TXT keys: " + clean)
    assert clean_reading[0] == "keys" and clean_reading[1], "the clean form must read keys"
    assert _reading("Defined TXT keys: " + damaged) == clean_reading


def test_a_comma_inside_a_quoted_value_stays() -> None:
    found = note_json('Defined TXT keys: cap - capability list, e.g. "scan,print,fax"')
    assert found["keys"][0]["example"] == "scan,print,fax"


def test_a_full_stop_inside_the_note_still_ends_a_sentence() -> None:
    # Only the note's last full stop goes: an inner one closes the sentence a default is
    # read from ("... defines txtvers=1.\n Receivers ...").
    text = (
        "Defined TXT keys:\n  txtvers   This document defines txtvers=1.\n"
        "             Receivers ignore higher versions.\n  rp   Resource path."
    )
    keys = {key["name"]: key for key in note_json(text)["keys"]}
    assert keys["txtvers"].get("fixed") == "1"


def _damages() -> dict[str, Callable[[str], str]]:
    return {
        "crlf": lambda n: n.replace("\n", "\r\n"),
        "spaces at line ends": lambda n: "\n".join(line + "  " for line in n.split("\n")),
        "<br> before line breaks": lambda n: n.replace("\n", "<br>\n"),
        "full stop after the last value": lambda n: (
            n.rstrip() + ("" if n.rstrip().endswith(".") else ".")
        ),
        "commas without spaces": lambda n: re.sub(r",[ ]+(?=\S)", ",", n),
    }


@pytest.mark.parametrize("damage", sorted(_damages()))
def test_registry_notes_read_the_same_through_a_tool(damage: str) -> None:
    """Every labelled registry note, damaged one way, reads as it does clean."""
    change = _damages()[damage]
    notes = [json.loads(line)["note"] for line in LABELS.read_text().splitlines() if line]
    damaged = [(note, change(note)) for note in notes]
    tried = [(note, bad) for note, bad in damaged if bad != note]
    assert tried, f"{damage} changes none of the notes: the test would check nothing"
    differ = [note[:80] for note, bad in tried if _reading(bad) != _reading(note)]
    assert not differ, f"{len(differ)} of {len(tried)} notes read differently: {differ[:3]}"


def test_an_upper_case_code_is_a_choice_even_if_it_spells_a_word() -> None:
    # "AS" (Asia) and "IN" are region codes here, not the words "as" and "in".
    found = note_json("Defined TXT keys:\nid - unit id\nreg - region code: EU, NA, IN or AS")
    assert {k["name"]: k for k in found["keys"]}["reg"]["choices"] == ["EU", "NA", "IN", "AS"]


def test_a_quoted_literal_under_a_value_heading_is_the_fixed_value() -> None:
    table = "| key | value |\n|---|---|\n| txtvers | {} |\n| sn | serial number |"
    for cell in ('"2"', "'2'", "2"):
        keys = note_json("Defined TXT keys:\n" + table.format(cell))["keys"]
        assert keys[0]["fixed"] == "2", cell


# Well-written notes the repairs above must leave alone: dashes inside descriptions, a
# list parted by commas or semicolons, sets in braces, numbered headings, brackets in a
# value's syntax, a dash bullet on the line after the marker.
WELL_WRITTEN = [
    ("ver - version number 1 - 9, path - root - relative, fp - hash", ["ver", "path", "fp"]),
    ("rate - sample rate [hz] - 8000 - 48000, ch - channels [count] - 1 - 8", ["rate", "ch"]),
    ("id \u2013 device id \u2013 unique per unit, pw \u2013 password", ["id", "pw"]),
    ("room - the room name - e.g. Hall, id - node id", ["room", "id"]),
    ("mode - operating mode - one of eco or boost; see the manual - it is long", ["mode"]),
    ("path - the path to the resource - it is the root by default - and port - x", ["path"]),
    (
        "\n1. Introduction\nThe service advertises two keys.\n"
        "2. Keys\nver - version\nid - device id",
        ["ver", "id"],
    ),
    # the review of round 22: forms a new rule must not take for another
    ("voltage\ncurrent\npower", ["voltage", "current", "power"]),  # not a section heading
    ("id (hex)\nnotes (free text)\nfw (version)", ["id", "notes", "fw"]),
    ("fw - firmware version. type - device type. unit - C or F", ["fw", "type", "unit"]),
    ('The record holds "id", "port" and "ip" which is replaced later.', ["id", "port", "ip"]),
    ('Each record has "sn", "fw", "hw" or "model".', ["sn", "fw", "hw", "model"]),
    ('The record holds three keys ("id", "fw" and "name").', ["id", "fw", "name"]),
    ('The record carries keys such as "id", "fw" and "ver".', ["id", "fw", "ver"]),
    ('The TXT record will include "id", "fw" and "name".', ["id", "fw", "name"]),
    ("txtvers - version, from v1 to v3", ["txtvers"]),  # a range of values, not of keys
    ("port - serial port, COM1 to COM4, baud - speed", ["port", "baud"]),
    ("name    Friendly name\nid      Device ID\nfw      Firmware version", ["name", "id", "fw"]),
    ("Mode: auto, manual, off\nFan: auto, low, high", ["Mode", "Fan"]),
    ("cfg.Name=<string>, cfg.Port=<port>", ["cfg.Name", "cfg.Port"]),
    ("Vendor specific (see below): mode=<m>, id=<i>", ["mode", "id"]),
    ("1. Serial\n   serial number of the unit\n2. Model\n   model name", ["Serial", "Model"]),
    ("The key format gives the audio format and the key rate the sample rate.", ["format", "rate"]),
]


@pytest.mark.parametrize(("body", "keys"), WELL_WRITTEN)
def test_well_written_notes_keep_their_reading(body: str, keys: list[str]) -> None:
    found = note_json("Defined TXT keys: " + body)
    assert [key["name"] for key in found["keys"]] == keys


@pytest.mark.parametrize("body", ["opts={yes, no}", "opts={yes,no}", "mode={eco | boost}"])
def test_a_set_in_braces_stays_a_set_of_choices(body: str) -> None:
    key = note_json("Defined TXT keys: " + body)["keys"][0]
    assert len(key["choices"]) == 2 and "placeholder" not in key


def test_a_comma_inside_brackets_stays() -> None:
    found = note_json("Defined TXT keys: fmt - APP[,APP,...]")
    assert found["keys"][0]["description"] == "APP[,APP,...]"


@pytest.mark.parametrize(
    ("body", "name", "facts"),
    [
        ("x=<hex number>", "x", {"kind": "hex"}),
        ("x=<floating point number>", "x", {"kind": "number"}),
        ("fmt - text or json", "fmt", {"choices": ["text", "json"]}),
        ("lvl - level. Value is 5 (default).", "lvl", {"default": "5"}),
        ("tag - optional tag, may be omitted, in which case it is ignored.", "tag", {}),
        ("interval - seconds, 30 when on mains, 300 on battery", "interval", {"kind": "integer"}),
        ("tol=<\u00d8\u00b10.5 mm>", "tol", {"placeholder": "\u00d8\u00b10.5 mm"}),
    ],
)
def test_a_fact_is_not_read_into_words_that_do_not_state_it(
    body: str, name: str, facts: dict[str, Any]
) -> None:
    """No default "ignored", no fixed value from "Value is 5 (default)", no integer from
    "hex number", no re-read of real text that merely looks like mojibake."""
    key = {k["name"]: k for k in note_json("Defined TXT keys: " + body)["keys"]}[name]
    for fact, value in facts.items():
        assert key.get(fact) == value, fact
    assert "fixed" not in key and ("default" not in key or "default" in facts)


def test_a_nested_json_value_is_no_crash() -> None:
    assert note_json("Defined TXT keys: " + '{"a":' + "[" * 990 + "]" * 990 + "}")["status"]


def test_a_run_of_encoded_blanks_is_cut_like_any_other() -> None:
    # "&nbsp;" runs become blanks only after the first cut; the second keeps them short.
    from txtkeys.grammar._rules import _normalise, _unmarkup

    text = _normalise(_unmarkup("Defined TXT keys: a" + "&nbsp;" * 2000 + "b"))
    assert "b" in text and max(len(run) for run in text.split("a")[-1].split("b")) <= 40
