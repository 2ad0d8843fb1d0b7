"""The wire codec keeps every distinction RFC 6763 s6 makes, and round-trips."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from txtkeys.errors import InputFormatError
from txtkeys.formats.wire import EMPTY_RDATA, TxtEntry, decode, encode, split_rdata, wire_strings


def test_four_states_of_a_key_are_kept_apart() -> None:
    rdata = b"\x07passreq\x08PlugIns=\x0dPlugIns2=JPEG"
    entries = decode(rdata)
    assert entries == (
        TxtEntry(b"passreq", None),
        TxtEntry(b"PlugIns", b""),
        TxtEntry(b"PlugIns2", b"JPEG"),
    )
    assert [str(e) for e in entries] == ["passreq", "PlugIns=", "PlugIns2=JPEG"]


def test_value_keeps_later_equals_signs_and_raw_bytes() -> None:
    entries = decode(b"\x07a=b=c=d\x04k=\xff\x00")
    assert entries[0] == TxtEntry(b"a", b"b=c=d")
    assert entries[1].value == b"\xff\x00"
    assert entries[1].text == "\\xff\x00"  # NUL is valid UTF-8; 0xff is not


def test_duplicates_are_kept_in_order() -> None:
    entries = decode(b"\x03a=1\x03A=2")
    assert [e.raw for e in entries] == [b"a=1", b"A=2"]


def test_no_keys_is_a_single_zero_byte_and_decodes_to_nothing() -> None:
    assert encode([]) == EMPTY_RDATA == b"\x00"
    assert decode(b"\x00") == ()
    assert decode(b"") == ()


def test_missing_key_string_decodes_with_empty_key() -> None:
    assert decode(b"\x04=abc") == (TxtEntry(b"", b"abc"),)


def test_truncated_rdata_raises_with_offset() -> None:
    with pytest.raises(InputFormatError, match=r"length byte 9 at offset 4 runs past the end"):
        decode(b"\x03a=1\x09abc")
    split = split_rdata(b"\x03a=1\x09abc")
    assert split.strings == (b"a=1",)
    assert split.truncated_at == 4


def test_encode_refuses_a_string_longer_than_255() -> None:
    with pytest.raises(ValueError, match="256 bytes; the limit is 255"):
        encode([TxtEntry(b"k", b"v" * 254)])
    assert len(encode([TxtEntry(b"k", b"v" * 253)])) == 256


def test_entry_of_encodes_text_as_utf8() -> None:
    assert TxtEntry.of("name", "Küche").raw == "name=Küche".encode()
    assert TxtEntry.of(b"flag").value is None


_keys = st.binary(min_size=1, max_size=20).filter(lambda k: b"=" not in k)
_entries = st.builds(
    TxtEntry,
    _keys,
    st.one_of(st.none(), st.binary(max_size=200)),
).filter(lambda e: len(e.raw) <= 255)


@given(st.lists(_entries, max_size=12))
def test_round_trip(entries: list[TxtEntry]) -> None:
    rdata = encode(entries)
    assert decode(rdata) == tuple(entries)
    assert encode(decode(rdata)) == rdata


@given(st.binary(max_size=300))
def test_decode_never_crashes_on_garbage(data: bytes) -> None:
    try:
        entries = decode(data)
    except InputFormatError:
        assert split_rdata(data).truncated_at is not None
    else:
        assert all(e.raw for e in entries)


def test_raw_rdata_copies_and_pickles_as_itself() -> None:
    import copy
    import pickle

    from txtkeys.formats.wire import RawRdata, split_rdata

    split = split_rdata(b"\x03a=b\x05")
    assert split == RawRdata((b"a=b",), 5, 4) and split.truncated_at == 4
    for again in (copy.copy(split), copy.deepcopy(split), pickle.loads(pickle.dumps(split))):
        assert type(again) is RawRdata and again == split and again.strings == (b"a=b",)


@given(st.binary(max_size=300))
def test_the_walk_gives_each_string_and_where_a_length_byte_overruns(data: bytes) -> None:
    """``wire_strings``: the strings a byte-by-byte reading of RFC 1035 s3.3 gives, and
    the offset of the first length byte whose string would run past the end."""
    strings: list[bytes] = []
    at = 0
    overrun = None
    while at < len(data):
        length = data[at]
        if at + 1 + length > len(data):
            overrun = at
            break
        strings.append(data[at + 1 : at + 1 + length])
        at += 1 + length
    assert wire_strings(data) == (strings, overrun)
    assert split_rdata(data) == (tuple(strings), len(data), overrun)
