"""The ``txtkeys`` command line.

Each command family lives in its own module exposing ``add_commands(subparsers)``;
a command sets ``handler`` (``args -> exit status``) with ``set_defaults``. Heavy
imports happen inside handlers, and a run builds (and imports) only the command
modules whose commands its words name, so ``txtkeys check`` does not pay for
``compile`` or ``audit``; ``--help`` and a run naming no command build them all.

Exit status: 0 fine, 1 the input was checked and has errors, 2 bad usage or input
that cannot be read (one line on stderr; ``--debug`` shows the traceback).

Output never fails on what it prints: stdout and stderr write any character their
encoding cannot take (argument bytes that are not UTF-8, read as surrogates) as a
backslash escape, so the output stays valid UTF-8, and valid JSON, even with a strict
stdout. Any exception that is not a ``TxtkeysError`` is a bug; it still ends in one
line and exit 2 (``--debug`` shows it), so exit 1 only ever means "a record has errors".
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import sys
import warnings
from collections.abc import Iterator, Sequence

from ..errors import TxtkeysError
from ..formats.display import display
from . import _common

TYPE_CHECKING = False  # typing's own, without importing typing: check starts faster
if TYPE_CHECKING:
    from typing import NoReturn, TextIO

__all__ = ["main"]

# Command modules, in the order their commands are listed by --help, with the commands
# each adds (tests/test_cli_conventions.py keeps the names in step with the modules).
COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "txtkeys.cli.catalogue_cmds": ("show", "search", "compile", "info"),
    "txtkeys.cli.record_cmds": ("check", "build", "schema"),
    "txtkeys.cli.live_cmds": ("advertise", "audit"),
    "txtkeys.cli.update_cmds": ("update",),
    "txtkeys.cli.completion_cmds": ("completion",),
}


class _Parser(argparse.ArgumentParser):
    """argparse that exits 2 with one line, and lets KEY=VALUE words mix with options.

    Plain argparse stops filling a ``nargs="*"`` positional at the first option, so
    ``txtkeys build wot/udp --name Lamp td=/td`` would fail; a command parser (one
    without sub-commands of its own) parses intermixed instead.
    """

    _intermixing = False  # parse_known_intermixed_args calls back into parse_known_args

    def error(self, message: str) -> NoReturn:
        if getattr(self, "only_some", False):
            raise _PartialParserError(message)
        self.exit(2, f"txtkeys: error: {display(message)} (see 'txtkeys --help')\n")

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        if self._intermixing or self._subparsers is not None:
            return super().parse_known_args(args, namespace)
        self._intermixing = True
        try:
            return self.parse_known_intermixed_args(args, namespace)
        finally:
            self._intermixing = False


class _PartialParserError(Exception):
    """A parser built for one command met words it cannot judge: build them all."""


def build_parser(words: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or of the one command the command-line ``words`` name.

    The command is the first word that is neither a global option nor an option's
    value. When it names a known command, only its module is built; the parser then
    raises ``_PartialParserError`` instead of reporting an error, so the caller can build them
    all and let argparse say what is wrong (listing every command). Otherwise, and
    with no ``words``, every command is built.
    """
    from .. import __version__

    global_options = _common.global_options(suppress=False)
    command = _command_word(words or (), global_options)
    wanted = [module for module, names in COMMAND_MODULES.items() if command in names]
    parser = _Parser(
        prog="txtkeys",
        description=(
            "Look up, check, build and advertise DNS-SD TXT records against the TXT keys "
            "the IANA service registry (and the shipped or your own schema files) define "
            "for each service."
        ),
        epilog=(
            "Global options may come before or after the command. "
            "Run 'txtkeys COMMAND --help' for the options of one command."
        ),
        parents=[global_options],
    )
    parser.only_some = bool(wanted)  # type: ignore[attr-defined]
    parser.add_argument("--version", action="version", version=f"txtkeys {__version__}")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=_Parser)
    for module_name in wanted or COMMAND_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        module.add_commands(sub)
    return parser


def _command_word(words: Sequence[str], global_options: argparse.ArgumentParser) -> str | None:
    """The word argparse will take for the command: the first that is neither an
    option nor the value of a global option that takes one (``--schema FILE``)."""
    takes_value = {
        option
        for action in global_options._actions
        if action.nargs != 0
        for option in action.option_strings
    }
    given = iter(words)
    for word in given:
        if word == "--":
            return next(given, None)
        if word.startswith("-") and word != "-":
            if word in takes_value:
                next(given, None)  # its value, whatever it looks like
            continue
        return word
    return None


@contextlib.contextmanager
def _escaping_output() -> Iterator[None]:
    """While the CLI runs, stdout and stderr escape what their encoding cannot write.

    Without it a word given as bytes that are not UTF-8 (a surrogate in ``sys.argv``)
    raises UnicodeEncodeError on a strict stdout, or is written back as invalid UTF-8
    where the stream uses ``surrogateescape``. ``backslashreplace`` writes it as
    ``\\udcff``: valid UTF-8, and a valid escape inside a JSON string.
    """
    restore: list[tuple[object, str | None]] = []
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        errors = getattr(stream, "errors", None)
        if reconfigure is None or errors == "backslashreplace":
            continue
        try:
            reconfigure(errors="backslashreplace")
        except (ValueError, OSError, AttributeError):
            continue
        restore.append((stream, errors))
    try:
        yield
    finally:
        for stream, errors in restore:
            with contextlib.suppress(Exception):
                stream.reconfigure(errors=errors)  # type: ignore[attr-defined]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit status instead of raising for a user's mistake."""
    with _escaping_output(), warnings.catch_warnings():
        warnings.showwarning = _one_line_warning
        return _main(argv)


def _one_line_warning(  # noqa: PLR0917 - the signature warnings.showwarning calls
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: TextIO | None = None,
    line: str | None = None,
) -> None:
    """A warning from the library (a damaged user cache, ...) as one line on stderr."""
    print(f"txtkeys: warning: {display(str(message))}", file=sys.stderr)


def _main(argv: Sequence[str] | None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(words)
    if any("\x00" in word for word in words):
        print(
            "txtkeys: error: an argument holds a NUL byte; no file name or TXT word can",
            file=sys.stderr,
        )
        return 2
    try:
        args = parser.parse_args(words)
    except _PartialParserError:  # the words are not what they seemed: every command decides
        parser = build_parser()
        args = parser.parse_args(words)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return 2
    _common.set_color_mode(args.color)
    try:
        with _common.quiet_stdout(args.quiet and not getattr(args, "json", False)):
            status: int = handler(args)
    except TxtkeysError as exc:
        if args.debug:
            raise
        print(f"txtkeys: error: {display(str(exc))}", file=sys.stderr)
        if getattr(args, "json", False):
            _common.print_document(
                "error", {"error": {"type": type(exc).__name__, "message": str(exc)}}
            )
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug, not the user's mistake: still one line, exit 2
        if args.debug:
            raise
        detail = display(str(exc))
        print(
            f"txtkeys: internal error: {type(exc).__name__}"
            f"{': ' + detail[:300] if detail else ''}; this is a bug in txtkeys: run the "
            "command again with --debug and report the traceback",
            file=sys.stderr,
        )
        return 2
    return status
