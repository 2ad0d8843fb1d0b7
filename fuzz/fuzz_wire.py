"""Fuzz the TXT RDATA decoder: any bytes decode or raise InputFormatError, and re-encode."""

from __future__ import annotations

import sys

from _common import require_atheris

atheris = require_atheris()

with atheris.instrument_imports():
    from txtkeys.errors import InputFormatError
    from txtkeys.formats.inputs import from_rdata
    from txtkeys.formats.wire import decode, encode


def test_one_input(data: bytes) -> None:
    from_rdata(data)
    try:
        entries = decode(data)
    except InputFormatError:
        return
    if decode(encode(entries)) != entries:
        raise AssertionError(f"round trip changed {data!r}")


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
