"""Shell completion scripts come from the parser and complete what the CLI accepts."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from txtkeys.cli import build_parser
from txtkeys.cli.completion_cmds import completion_script


def _bash_complete(words: list[str]) -> list[str]:
    script = completion_script(build_parser(), "bash")
    line = " ".join(words)
    program = (
        f"{script}\n"
        f"COMP_WORDS=({line})\n"
        f"COMP_CWORD={len(words) - 1}\n"
        "_txtkeys\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    done = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", program],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.split()


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_bash_completes_commands_options_and_choices() -> None:
    assert "check" in _bash_complete(["txtkeys", "ch"])
    assert "completion" in _bash_complete(["txtkeys", "comp"])
    assert {"--strict", "--hex", "--wire"} <= set(_bash_complete(["txtkeys", "check", "--"]))
    assert {"always", "auto", "never"} == set(_bash_complete(["txtkeys", "show", "--color", ""]))
    formats = set(_bash_complete(["txtkeys", "build", "wot", "--format", ""]))
    assert {"hex", "avahi", "json", "dns-sd"} <= formats
    assert set(_bash_complete(["txtkeys", "completion", ""])) >= {"bash", "zsh"}


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed")
def test_zsh_script_parses() -> None:
    script = completion_script(build_parser(), "zsh")
    subprocess.run(["zsh", "-n", "-c", script], check=True)


def test_every_command_is_in_both_scripts() -> None:
    parser = build_parser()
    for shell in ("bash", "zsh"):
        script = completion_script(parser, shell)
        for command in ("show", "search", "compile", "info", "check", "build", "schema", "audit"):
            assert command in script, (shell, command)
