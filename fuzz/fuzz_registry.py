"""Fuzz the registry readers (XML, CSV, markdown, text): a Registry or InputFormatError."""

from __future__ import annotations

import contextlib
import sys

from _common import require_atheris

atheris = require_atheris()

with atheris.instrument_imports():
    from txtkeys.errors import InputFormatError
    from txtkeys.registry.read import FORMATS, read_registry


def test_one_input(data: bytes) -> None:
    if not data:
        return
    choice = data[0] % (len(FORMATS) + 1)
    with contextlib.suppress(InputFormatError):
        read_registry(data[1:], format=FORMATS[choice - 1] if choice else None)


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
