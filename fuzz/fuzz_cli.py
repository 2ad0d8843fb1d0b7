"""Fuzz the command line in-process: exit 0, 1 or 2 and never a traceback.

The network commands are left out (advertise, audit, and update without --file), so a
long run sends nothing anywhere. Set TXTKEYS_CACHE_DIR to a scratch directory first.
"""

from __future__ import annotations

import sys

from _common import require_atheris, run_cli

atheris = require_atheris()

COMMANDS = ("show", "search", "compile", "info", "check", "build", "schema", "update")
OPTIONS = ("--json", "--strict", "--hex", "--wire", "--avahi", "--port", "--name", "--format")

with atheris.instrument_imports():
    import txtkeys.cli  # noqa: F401 - instrument the CLI and what it imports


def test_one_input(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    command = COMMANDS[provider.ConsumeIntInRange(0, len(COMMANDS) - 1)]
    argv = [command]
    for _ in range(provider.ConsumeIntInRange(0, 6)):
        if provider.ConsumeBool():
            argv.append(OPTIONS[provider.ConsumeIntInRange(0, len(OPTIONS) - 1)])
        else:
            argv.append(provider.ConsumeUnicodeNoSurrogates(40).replace("\x00", ""))
    if command == "update":
        argv += ["--file", "/dev/null"]  # never the default URL
    run_cli(argv)


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
