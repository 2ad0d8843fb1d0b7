"""The note grammar, scored on labelled notes and checked on the forms it must read."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import MATERIAL
from txtkeys import KeyKind, NoteStatus, parse_note
from txtkeys.schema.models import TxtNote

GOLD = Path(__file__).parent / "data" / "notes_gold.jsonl"


def _load(path: Path | None) -> list[dict[str, Any]]:
    if path is None or not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


DEV = _load(MATERIAL / "labels" / "dev.jsonl" if MATERIAL else None)
OURS = _load(GOLD)


def _facets_agree(note: TxtNote, label: dict[str, Any]) -> list[str]:
    """What the label states must be read; a value facet it does not state must not be.

    A fixed value, default or choice list the note does not give is worse than none: the
    validator would reject correct records (``cport= the port ...`` read as fixed "the").
    """
    wrong = []
    for key in note.keys:
        facets = label["facets"].get(key.name, {})
        for attr in ("choices", "default", "fixed", "placeholder", "optional"):
            got = getattr(key, attr)
            if attr not in facets:
                if attr in ("choices", "default", "fixed") and got not in (None, ()):
                    wrong.append(f"{key.name}.{attr}: the note states none, got {got!r}")
                continue
            want = facets[attr]
            if attr == "choices":
                got, want = sorted(got), sorted(str(w) for w in want)
            if got != want:
                wrong.append(f"{key.name}.{attr}: want {want!r}, got {got!r}")
    return wrong


@pytest.mark.parametrize(
    "label", [d for d in DEV if not d["ambiguous"]], ids=lambda d: f"dev{d['id']}"
)
def test_dev_label(label: dict[str, Any]) -> None:
    note = parse_note(label["note"])
    assert note.status == label["status"]
    assert [k.name for k in note.keys] == label["keys"]
    assert note.extensible == label["extensible"]
    assert _facets_agree(note, label) == []


@pytest.mark.parametrize(
    "label", [d for d in OURS if not d["ambiguous"]], ids=lambda d: f"note{d['id']}"
)
def test_registry_note_label(label: dict[str, Any]) -> None:
    """Every unambiguous TXT note of the registry, read as our labels say."""
    note = parse_note(label["note"])
    assert note.status == label["status"]
    assert [k.name for k in note.keys] == label["keys"]
    assert note.extensible == label["extensible"]
    assert _facets_agree(note, label) == []
    for name in label.get("secret", []):
        if (label["id"], name) in NAMED_SECRET_ONLY:
            continue
        assert note.key(name) is not None and note.key(name).secret  # type: ignore[union-attr]


# Gold lines that mark a bare key secret by its name alone. The guide judges a secret by
# what the value is; nothing in these notes describes the value (the daap "Password" key
# is a flag that a library is password-protected), so the grammar reads them as not secret.
NAMED_SECRET_ONLY = {(8, "Password"), (29, "Password")}


@pytest.mark.parametrize(
    "text",
    [
        "Defined TXT keys: txtvers, Version, iTSh Version, Machine ID, Machine Name, Password",
        "Defined TXT keys: Password=true|false",
        "Defined TXT keys: id, password",
    ],
)
def test_a_bare_key_is_not_secret_by_its_name(text: str) -> None:
    assert not any(k.secret for k in parse_note(text).keys)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Defined TXT keys: u=<username>, p=<password>", "p"),
        ("Defined TXT keys: tk=<access token>", "tk"),
        ("Defined TXT keys: pin=<4-digit PIN>", "pin"),
        ("Defined TXT keys: key=<AES-128 key, 32 hex digits>", "key"),
    ],
)
def test_a_secret_comes_from_what_the_value_is(text: str, name: str) -> None:
    key = parse_note(text).key(name)
    assert key is not None and key.secret


def test_gold_covers_every_dev_note() -> None:
    if not DEV:
        pytest.skip("labels/dev.jsonl is not beside this checkout")
    ours = {" ".join(d["note"].split()) for d in OURS}
    assert all(" ".join(d["note"].split()) in ours for d in DEV)


WOT_UDP = """Defined TXT keys:

      td: Absolute pathname of the Thing Description of the Thing or Thing Description of the Thing
      Description Directory.

      type: Type of the Thing Description, i.e. "Thing" or "Directory". If omitted, the type is
      assumed to be Thing.

      scheme: Scheme part of URL. One of the following values can be specified, with the standard
      registered URI interpretations [RFC7595]: coap (CoAP over UDP), coaps CoAP over DTLS/UDP.
      If omitted, the scheme is assumed to be coap."""


@pytest.mark.parametrize("text", [WOT_UDP, " ".join(WOT_UDP.split())], ids=["lines", "one-line"])
def test_wot_udp_choices_and_defaults(text: str) -> None:
    note = parse_note(text)
    scheme = note.key("scheme")
    assert scheme is not None
    assert scheme.kind is KeyKind.ENUM
    assert scheme.choices == ("coap", "coaps")
    assert scheme.default == "coap"
    assert scheme.optional is True
    assert note.key("type") is not None and note.key("type").default == "Thing"  # type: ignore[union-attr]
    assert "RFC7595" in note.references


def test_sizes_hex_and_inline_examples() -> None:
    note = parse_note(
        "Defined TXT keys: hash=<40hex characters> salt=<40hex characters> "
        "uuid=<40hex characters> Example: hash=5e7580598c0d7064d4fc79faaeb42585e1a675f8 "
        "salt=f0164cb3a0c3d7efe75abea8fda86d2d56c8dda9 "
        "uuid=db61dc092922252e45bbb264f59147138c7fd5fa"
    )
    assert [k.name for k in note.keys] == ["hash", "salt", "uuid"]
    for key in note.keys:
        assert (key.kind, key.min_length, key.max_length) == (KeyKind.HEX, 40, 40)
        assert key.example is not None and len(key.example) == 40
    guid = parse_note("Defined TXT keys: txtvers=1, protovers=<api version>, guid=<32 hex digits>")
    assert guid.key("guid").max_length == 32  # type: ignore[union-attr]
    assert guid.key("txtvers").fixed == "1"  # type: ignore[union-attr]


def test_secrets_are_flagged_but_flags_about_them_are_not() -> None:
    note = parse_note("Defined TXT keys: u=<username> p=<password>")
    assert note.key("p").secret and not note.key("u").secret  # type: ignore[union-attr]
    flags = parse_note("Defined TXT keys: displayName, passwordRequired, acceptsUpdates")
    assert not any(k.secret for k in flags.keys)


def test_required_and_optional_table() -> None:
    note = parse_note(
        "Defined TXT keys:   username     The login username to use (optional)\n"
        "  ssh_tunnel   Whether an SSH tunnel must be used (required)\n"
        "  ID           Server Identifier (requried)"
    )
    assert note.key("username").optional is True  # type: ignore[union-attr]
    assert note.key("ssh_tunnel").required  # type: ignore[union-attr]
    assert note.key("ID").required  # type: ignore[union-attr]


def test_history_keys_are_not_current_keys() -> None:
    note = parse_note(
        "Defined TXT keys: See http://www.xmpp.org/registrar/linklocal.html\n"
        'Note: Registration updated May 2007. Was formerly listed as "iChat AV" \n'
        "with TXT keys: txtvers, port.p2pj, phsh, vc"
    )
    assert note.status is NoteStatus.REFERENCE
    assert note.keys == ()
    assert note.references == ("http://www.xmpp.org/registrar/linklocal.html",)


def test_keys_without_the_marker_and_subtypes() -> None:
    note = parse_note(
        'This is a duplicate of the "http" service.\n'
        "      u=<username> p=<password> path=<path to document>\n"
        "        (see txtrecords.html#http)\n        Known Subtypes: _printer\n"
        '        NOTE: The meaning of this service type, though called just "http"...'
    )
    assert [k.name for k in note.keys] == ["u", "p", "path"]
    assert note.subtypes == ("_printer",)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("", NoteStatus.UNSPECIFIED),
        ("Defined TXT keys:", NoteStatus.UNSPECIFIED),
        ("Defined TXT keys: TBD", NoteStatus.UNSPECIFIED),
        ("Defined TXT keys: None at present", NoteStatus.NONE),
        ("[rfc7030]. Defined TXT keys: None", NoteStatus.NONE),
        ("Defined TXT keys: Proprietary", NoteStatus.PROPRIETARY),
        ("Defined TXT keys: See BonjourPrinting.pdf.", NoteStatus.REFERENCE),
        ('This entry is an alias to "acmaint-dbd".', NoteStatus.UNSPECIFIED),
    ],
)
def test_statuses(text: str, status: NoteStatus) -> None:
    assert parse_note(text).status is status


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab=<>|,;:()\"' \n.-_[]{}xyz01")), max_size=400))
def test_parse_note_never_raises_and_keeps_raw(body: str) -> None:
    text = "Defined TXT keys: " + body
    note = parse_note(text)
    assert note.raw == text
    assert note.status in NoteStatus
    assert len({k.name for k in note.keys}) == len(note.keys)


def test_oversized_note_is_unspecified_not_an_error() -> None:
    note = parse_note("Defined TXT keys: " + "a, " * 10_000)
    assert note.status is NoteStatus.UNSPECIFIED


# Forms the registry does not use yet but a registrant plausibly writes: each is one rule
# of docs/grammar.md read more generally than the registry's own notes needed.
@pytest.mark.parametrize(
    ("text", "status", "keys", "extensible"),
    [
        ("Defined TXT record keys: txtvers, name", "keys", ["txtvers", "name"], False),
        ("Defined TXT-keys: txtvers, name", "keys", ["txtvers", "name"], False),
        ("Defined TXT keys: (none)", "none", [], False),
        ("Defined TXT keys: No keys", "none", [], False),
        ("Defined TXT keys: Proprietary, not published", "proprietary", [], False),
        ("Defined TXT keys: Proprietary (undisclosed)", "proprietary", [], False),
        ("Defined TXT keys: Vendor proprietary", "proprietary", [], False),
        ("Defined TXT keys: Unknown", "unspecified", [], False),
        ("Defined TXT keys: [RFC6763]", "reference", [], False),
        ("Defined TXT keys: txtvers, name and model", "keys", ["txtvers", "name", "model"], False),
        ("Defined TXT keys: txtvers, name, and model", "keys", ["txtvers", "name", "model"], False),
        ("Defined TXT keys: txtvers and name", "keys", ["txtvers", "name"], False),
        ('Defined TXT keys: "ver", "id" and "name"', "keys", ["ver", "id", "name"], False),
        ("Defined TXT keys: 'txtvers', 'name'", "keys", ["txtvers", "name"], False),
        ('Defined TXT keys: "txtvers" "name" "model"', "keys", ["txtvers", "name", "model"], False),
        ("Defined TXT keys: [txtvers, name, model]", "keys", ["txtvers", "name", "model"], False),
        ("Defined TXT keys: txtvers, name. See RFC 6763.", "keys", ["txtvers", "name"], False),
        (
            "Defined TXT keys: txtvers, name - see https://example.com/txt",
            "keys",
            ["txtvers", "name"],
            False,
        ),
        (
            "Defined TXT keys: name - the device name\nmodel - the model",
            "keys",
            ["name", "model"],
            False,
        ),
        (
            "Defined TXT keys: txtvers=1\nname - the device name\nmodel - the model number",
            "keys",
            ["txtvers", "name", "model"],
            False,
        ),
        (
            "Defined TXT keys: name: device name, model: model number",
            "keys",
            ["name", "model"],
            False,
        ),
        (
            "Defined TXT keys: The following keys are defined: txtvers, name",
            "keys",
            ["txtvers", "name"],
            False,
        ),
        (
            "Defined TXT keys: txtvers, name. Other keys may be present.",
            "keys",
            ["txtvers", "name"],
            True,
        ),
        ("Defined TXT keys: txtvers, name, and others", "keys", ["txtvers", "name"], True),
        (
            "Defined TXT keys: txtvers, name, plus vendor-specific keys",
            "keys",
            ["txtvers", "name"],
            True,
        ),
        (
            "Defined TXT keys: txtvers, name and other proprietary keys",
            "keys",
            ["txtvers", "name"],
            True,
        ),
        (
            "Defined TXT keys: txtvers, name; others are proprietary",
            "keys",
            ["txtvers", "name"],
            True,
        ),
        ('Defined TXT keys: mode - one of "normal", "safe"', "keys", ["mode"], False),
        ("Defined TXT keys: 0", "none", [], False),
        ("Defined TXT keys: Acme Media Server AMS100", "unspecified", [], False),
        ("Defined TXT keys: txtvers Model serial", "keys", ["txtvers", "Model", "serial"], False),
        ("Defined TXT keys: _lamp.tcp", "unspecified", [], False),
        ("Defined TXT keys: _lamp._udp.local", "unspecified", [], False),
        ("Defined TXT keys: name, model or serial", "keys", ["name", "model", "serial"], False),
        (
            "Defined TXT keys: The keys are the codecs it plays, e.g. opus, flac, aac.",
            "keys",
            ["opus", "flac", "aac"],
            False,
        ),
    ],
)
def test_general_forms_of_statuses_and_key_lists(
    text: str, status: str, keys: list[str], extensible: bool
) -> None:
    note = parse_note(text)
    assert (note.status, [k.name for k in note.keys], note.extensible) == (status, keys, extensible)


@pytest.mark.parametrize(
    ("text", "key", "facets"),
    [
        ("Defined TXT keys: secure=0|1", "secure", {"choices": ("0", "1")}),
        ("Defined TXT keys: secure=0 or 1", "secure", {"choices": ("0", "1"), "fixed": None}),
        ("Defined TXT keys: secure={yes|no}", "secure", {"choices": ("yes", "no")}),
        ("Defined TXT keys: secure={yes,no}", "secure", {"choices": ("yes", "no")}),
        ("Defined TXT keys: secure=(yes|no)", "secure", {"choices": ("yes", "no")}),
        ("Defined TXT keys: secure=[yes|no]", "secure", {"choices": ("yes", "no")}),
        ('Defined TXT keys: secure="yes"|"no"', "secure", {"choices": ("yes", "no")}),
        ("Defined TXT keys: mode=<tcp, udp or sctp>", "mode", {"choices": ("tcp", "udp", "sctp")}),
        ('Defined TXT keys: mode= one of "normal" or "safe"', "mode", {"fixed": None}),
        (
            "Defined TXT keys: mode=<m> either normal or safe",
            "mode",
            {"choices": ("normal", "safe")},
        ),
        (
            "Defined TXT keys: mode=<m> one of normal, safe, recovery",
            "mode",
            {"choices": ("normal", "safe", "recovery")},
        ),
        (
            "Defined TXT keys: mode=<m> possible values: normal, safe",
            "mode",
            {"choices": ("normal", "safe")},
        ),
        (
            "Defined TXT keys: mode: one of normal, safe or recovery\nid: device id",
            "mode",
            {"choices": ("normal", "safe", "recovery")},
        ),
        ("Defined TXT keys: port=<port> (default 8080)", "port", {"default": "8080"}),
        ("Defined TXT keys: port=<port>, default: 8080", "port", {"default": "8080"}),
        ("Defined TXT keys: port=<port>, default value 8080", "port", {"default": "8080"}),
        ("Defined TXT keys: port=<port> If absent, 8080 is assumed.", "port", {"default": "8080"}),
        (
            "Defined TXT keys: scheme=<http|https> http is the default",
            "scheme",
            {"default": "http"},
        ),
        (
            "Defined TXT keys: port=<port> (uses the default port if absent)",
            "port",
            {"default": None},
        ),
        (
            "Defined TXT keys: txtvers, name. See https://example.com/txt for details.",
            "name",
            {"example": None},
        ),
        # A value is fixed only when the note gives it as a value, not when a sentence,
        # a template or a list of values stands after the '='.
        ("Defined TXT keys: cport= the port of the server", "cport", {"fixed": None}),
        ("Defined TXT keys: owner= owner name of the device", "owner", {"fixed": None}),
        ("Defined TXT keys: company == The name of the company", "company", {"fixed": None}),
        ("Defined TXT keys: cport=the port of the server", "cport", {"fixed": None}),
        ('Defined TXT keys: id="dev-<serial>" (optional)', "id", {"fixed": None}),
        (
            "Defined TXT keys: Versions (VERSION): 1.0, 2.0\nv=VERSION\nall=VERSION[,VERSION]",
            "all",
            {"choices": ()},
        ),
        (
            "Defined TXT keys: Versions (VERSION): 1.0, 2.0\nv=VERSION\nall=VERSION[,VERSION]",
            "v",
            {"choices": ("1.0", "2.0")},
        ),
        ("Defined TXT keys: txtvers= 1 (the record version)", "txtvers", {"fixed": "1"}),
        ("Defined TXT keys: vendor= Acme", "vendor", {"fixed": "Acme"}),
        ('Defined TXT keys: proto="tcp" (always)', "proto", {"fixed": "tcp"}),
    ],
)
def test_general_forms_of_facets(text: str, key: str, facets: dict[str, Any]) -> None:
    schema = parse_note(text).key(key)
    assert schema is not None
    assert {name: getattr(schema, name) for name in facets} == facets
