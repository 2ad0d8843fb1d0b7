"""Readers for each way a TXT record arrives; unreadable input says where and how to fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from zeroconf import ServiceInfo

from txtkeys.errors import InputFormatError
from txtkeys.formats.inputs import (
    from_avahi,
    from_hex,
    from_mapping,
    from_service_info,
    from_wire_file,
    from_words,
    parse_word,
)
from txtkeys.formats.wire import TxtEntry

AVAHI = """<?xml version="1.0" standalone='no'?>
<!DOCTYPE service-group SYSTEM "avahi-service.dtd">
<service-group>
  <name replace-wildcards="yes">Lamp on %h</name>
  <service protocol="ipv4">
    <type>_wot._udp</type>
    <subtype>_light._sub._wot._udp</subtype>
    <port>5683</port>
    <txt-record>td=/td</txt-record>
    <txt-record value-format="text">scheme=coaps</txt-record>
    <txt-record>ro</txt-record>
  </service>
  <service>
    <type>_jnx-kcsync._tcp</type>
    <port>4000</port>
    <txt-record value-format="binary-hex">hash=5e75 8059</txt-record>
    <txt-record value-format="binary-base64">salt=3q2+7w==</txt-record>
  </service>
</service-group>
"""


def test_mapping_keeps_flag_empty_and_bytes() -> None:
    record = from_mapping({"passreq": None, "PlugIns": "", b"raw": b"\xff", "n": 3, "on": True})
    assert record.entries == (
        TxtEntry(b"passreq", None),
        TxtEntry(b"PlugIns", b""),
        TxtEntry(b"raw", b"\xff"),
        TxtEntry(b"n", b"3"),
        TxtEntry(b"on", None),
    )
    assert record.size == sum(1 + len(e.raw) for e in record.entries)
    assert from_mapping({}).size == 1


def test_mapping_false_leaves_the_key_out() -> None:
    assert from_mapping({"a": False}).entries == ()


def test_service_info_is_read_from_raw_text() -> None:
    rdata = b"\x03a=1\x03A=2\x07passreq"
    info = ServiceInfo("_http._tcp.local.", "x._http._tcp.local.", port=80, properties=rdata)
    record = from_service_info(info)
    # zeroconf's own dict keeps one 'a'; the raw text keeps both.
    assert [e.raw for e in record.entries] == [b"a=1", b"A=2", b"passreq"]


def test_hex_forms() -> None:
    expected = (TxtEntry(b"td", b"/td"),)
    assert from_hex("0674643d2f7464").entries == expected
    assert from_hex("0x06 74 64 3d 2f 74 64").entries == expected
    assert from_hex("06:74:64:3d:2f:74:64").entries == expected


def test_bad_hex_says_where() -> None:
    with pytest.raises(InputFormatError, match=r"'g' at position 3 is not a hex digit"):
        from_hex("06g4")
    with pytest.raises(InputFormatError, match="odd number"):
        from_hex("067")


def test_wire_file(tmp_path: Path) -> None:
    path = tmp_path / "txt.bin"
    path.write_bytes(b"\x06td=/td")
    assert from_wire_file(path).entries == (TxtEntry(b"td", b"/td"),)
    with pytest.raises(InputFormatError, match=r"(?i)no such file"):
        from_wire_file(tmp_path / "missing.bin")


def test_truncated_wire_is_reported_not_raised() -> None:
    record = from_hex("0674643d2f74640962")
    assert record.truncated_at == 7
    assert record.entries == (TxtEntry(b"td", b"/td"),)


def test_words_with_escapes() -> None:
    record = from_words(["td=/td", "flag", "empty=", r"bin=\x00\xFF", r"k\=x=1", r"back=\\"])
    assert record.entries == (
        TxtEntry(b"td", b"/td"),
        TxtEntry(b"flag", None),
        TxtEntry(b"empty", b""),
        TxtEntry(b"bin", b"\x00\xff"),
        TxtEntry(b"k=x", b"1"),
        TxtEntry(b"back", b"\\"),
    )


def test_bad_escape_points_at_it() -> None:
    with pytest.raises(InputFormatError) as caught:
        parse_word(r"a=\xZZ", source="argument 2")
    assert str(caught.value).startswith("argument 2:")
    assert caught.value.pointer() == "a=\\xZZ\n  ^"


def test_avahi_file_with_two_services(tmp_path: Path) -> None:
    path = tmp_path / "lamp.service"
    path.write_text(AVAHI, encoding="utf-8")
    first, second = from_avahi(path)
    assert (first.name, first.type, first.port, first.wildcards) == (
        "Lamp on %h",
        "_wot._udp",
        5683,
        True,
    )
    assert first.subtypes == ("_light._sub._wot._udp",)
    assert [str(e) for e in first.txt.entries] == ["td=/td", "scheme=coaps", "ro"]
    assert second.txt.entries == (
        TxtEntry(b"hash", bytes.fromhex("5e758059")),
        TxtEntry(b"salt", b"\xde\xad\xbe\xef"),
    )


def test_avahi_errors(tmp_path: Path) -> None:
    broken = tmp_path / "broken.service"
    broken.write_text("<service-group>\n<service>\n</service-group>\n", encoding="utf-8")
    with pytest.raises(InputFormatError, match=r"broken.service:3:.*not well-formed XML"):
        from_avahi(broken)
    bomb = tmp_path / "bomb.service"
    bomb.write_text(
        '<!DOCTYPE s [<!ENTITY a "aaaa">]><service-group>&a;</service-group>', encoding="utf-8"
    )
    with pytest.raises(InputFormatError, match="forbidden construct"):
        from_avahi(bomb)
    other = tmp_path / "other.xml"
    other.write_text("<html/>", encoding="utf-8")
    with pytest.raises(InputFormatError, match="not an Avahi"):
        from_avahi(other)
    bad_hex = tmp_path / "hex.service"
    bad_hex.write_text(
        "<service-group><service><type>_x._tcp</type>"
        '<txt-record value-format="binary-hex">k=zz</txt-record></service></service-group>',
        encoding="utf-8",
    )
    with pytest.raises(InputFormatError, match="not valid binary-hex"):
        from_avahi(bad_hex)
