"""What every harness shares: the atheris import with a clear message, and the CLI runner."""

from __future__ import annotations

import io
import sys
from contextlib import redirect_stderr, redirect_stdout
from typing import Any


def require_atheris() -> Any:
    """atheris, or exit 2 saying how to get it (it is not a test dependency)."""
    try:
        import atheris
    except ImportError:
        print("atheris is not installed: pip install atheris (see fuzz/README.md)", file=sys.stderr)
        raise SystemExit(2) from None
    return atheris


def run_cli(argv: list[str]) -> int:
    """txtkeys.cli.main in-process, output discarded; raise if the contract is broken."""
    from txtkeys.cli import main

    err = io.StringIO()
    with redirect_stdout(io.StringIO()), redirect_stderr(err):
        try:
            status = main(argv)
        except SystemExit as exc:
            status = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    if status not in (0, 1, 2) or "Traceback" in err.getvalue():
        raise AssertionError(f"exit {status} for {argv!r}: {err.getvalue()}")
    return status
