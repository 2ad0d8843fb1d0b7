"""``txtkeys completion bash|zsh``: shell completion scripts written from the parser itself.

The script lists the commands and each command's options as ``build_parser`` defines
them, so it cannot drift from the CLI; option values with fixed choices (``--format``,
``--color``) complete to those choices.
"""

from __future__ import annotations

import argparse
import shlex

from . import _common

__all__ = ["add_commands", "completion_script"]

_SHELLS = ("bash", "zsh")


def add_commands(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    completion = _common.command_parser(
        subparsers,
        "completion",
        summary="print a shell completion script (bash or zsh)",
        description=(
            "Print a completion script for SHELL, made from txtkeys' own option list.\n"
            "bash: add 'eval \"$(txtkeys completion bash)\"' to ~/.bashrc.\n"
            "zsh:  add 'eval \"$(txtkeys completion zsh)\"' to ~/.zshrc (after compinit)."
        ),
        examples=("txtkeys completion bash > /etc/bash_completion.d/txtkeys",),
    )
    completion.add_argument("shell", choices=_SHELLS, metavar="SHELL", help="bash or zsh")
    completion.set_defaults(handler=run_completion)


def run_completion(args: argparse.Namespace) -> int:
    from . import build_parser

    print(completion_script(build_parser(), args.shell))
    return 0


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _options(parser: argparse.ArgumentParser) -> dict[str, tuple[str, ...]]:
    """Each option string -> its value choices (() when it takes a free value or none)."""
    found: dict[str, tuple[str, ...]] = {}
    for action in parser._actions:
        for option in action.option_strings:
            found[option] = tuple(str(c) for c in action.choices or ())
    return found


def completion_script(parser: argparse.ArgumentParser, shell: str) -> str:
    """The completion script for ``shell`` of the CLI ``parser`` describes."""
    commands = _commands(parser)
    if shell == "zsh":
        return _zsh(parser, commands)
    return _bash(parser, commands)


def _bash(parser: argparse.ArgumentParser, commands: dict[str, argparse.ArgumentParser]) -> str:
    cases = []
    for name, sub in commands.items():
        options = _options(sub)
        words = " ".join(sorted(options))
        values = "".join(
            f"            {shlex.quote(option)}) COMPREPLY=($(compgen -W "
            f'{shlex.quote(" ".join(choices))} -- "$cur")); return;;\n'
            for option, choices in sorted(options.items())
            if choices
        )
        positional = [a for a in sub._actions if not a.option_strings and a.choices]
        extra = " ".join(str(c) for a in positional for c in a.choices or ())
        cases.append(
            f"        {shlex.quote(name)})\n"
            f'            case "$prev" in\n{values}            esac\n'
            f"            COMPREPLY=($(compgen -W {shlex.quote(words + ' ' + extra)} "
            f'-- "$cur")); return;;\n'
        )
    top = " ".join(sorted([*commands, *_options(parser)]))
    return (
        "# bash completion for txtkeys, written by 'txtkeys completion bash'\n"
        "_txtkeys() {\n"
        '    local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"\n'
        "    local command='' word\n"
        '    for word in "${COMP_WORDS[@]:1:COMP_CWORD-1}"; do\n'
        f'        case "$word" in {"|".join(shlex.quote(c) for c in commands)}) '
        'command="$word"; break;; esac\n'
        "    done\n"
        '    case "$command" in\n' + "".join(cases) + "    esac\n"
        f'    COMPREPLY=($(compgen -W {shlex.quote(top)} -- "$cur"))\n'
        "}\n"
        "complete -o default -F _txtkeys txtkeys"
    )


def _zsh(parser: argparse.ArgumentParser, commands: dict[str, argparse.ArgumentParser]) -> str:
    described = " ".join(
        shlex.quote(f"{name}:{(sub.description or '').splitlines()[0][:60]}")
        for name, sub in commands.items()
    )
    cases = []
    for name, sub in commands.items():
        specs = []
        for option, choices in sorted(_options(sub).items()):
            value = f":value:({' '.join(choices)})" if choices else ""
            specs.append(shlex.quote(f"{option}[{option}]{value}"))
        cases.append(f"        {name}) _arguments {' '.join(specs)} '*:file:_files';;\n")
    return (
        "#compdef txtkeys\n"
        "# zsh completion for txtkeys, written by 'txtkeys completion zsh'\n"
        "_txtkeys() {\n"
        "    local -a commands\n"
        f"    commands=({described})\n"
        "    if (( CURRENT == 2 )); then\n"
        "        _describe 'command' commands\n"
        "        return\n"
        "    fi\n"
        '    case "${words[2]}" in\n' + "".join(cases) + "    esac\n"
        "}\n"
        "compdef _txtkeys txtkeys"
    )
