"""The conventions a command-line tool is expected to follow (issue 16, item 1)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import txtkeys
from txtkeys.catalogue.store import bundled_catalogue_path
from txtkeys.cli import COMMAND_MODULES, build_parser, main
from txtkeys.cli._common import Style, color_wanted, set_color_mode


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"txtkeys {txtkeys.__version__}"


def _commands(parser: object) -> set[str]:
    subparsers = parser._subparsers._group_actions[0]  # type: ignore[attr-defined]
    return set(subparsers.choices)


@pytest.mark.parametrize("module", list(COMMAND_MODULES))
def test_the_command_table_names_what_each_module_adds(module: str) -> None:
    """A run builds only the modules its words name, so the table must be exact."""
    import argparse
    import importlib

    sub = argparse.ArgumentParser().add_subparsers()
    importlib.import_module(module).add_commands(sub)
    assert set(sub.choices) == set(COMMAND_MODULES[module])


def test_a_run_builds_the_commands_its_words_name() -> None:
    every = {name for names in COMMAND_MODULES.values() for name in names}
    assert _commands(build_parser()) == every
    assert _commands(build_parser(["check", "wot"])) == {"check", "build", "schema"}
    # The command is the first word that is no option's value, whatever that value is.
    assert _commands(build_parser(["--schema", "show", "check", "wot"])) == {
        "check",
        "build",
        "schema",
    }
    assert _commands(build_parser(["--schema", "show", "--help"])) == every
    assert _commands(build_parser(["--color=never", "show", "wot"])) == {
        "show",
        "search",
        "compile",
        "info",
    }


@pytest.mark.parametrize("argv", [["frob", "check"], ["chek", "wot"], ["--catalogue"]])
def test_a_mistake_lists_every_command(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """A parser built for one command never answers a mistake with only its own list."""
    with pytest.raises(SystemExit) as done:
        main(argv)
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert "error" in err
    if "invalid choice" in err:
        assert all(name in err for names in COMMAND_MODULES.values() for name in names)


def test_a_value_named_like_a_command_does_not_hide_the_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "show").write_text(
        'format = 1\n[[service]]\nname = "_demo._tcp"\n'
        '[[service.key]]\nname = "a"\nkind = "integer"\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    assert main(["--schema", "show", "check", "demo/tcp", "a=x", "--json"]) == 1
    assert "S113" in capsys.readouterr().out
    assert main(["--schema", "show", "check", "demo/tcp", "a=1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["valid"] is True


@pytest.mark.parametrize(
    "argv",
    [
        ["--catalogue", "{cat}", "check", "wot", "td=/x", "--json"],
        ["check", "--catalogue", "{cat}", "wot", "td=/x", "--json"],
        ["check", "wot", "td=/x", "--json", "--catalogue", "{cat}"],
    ],
)
def test_global_options_come_before_or_after_the_command(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    cat = str(bundled_catalogue_path())
    assert main([word.replace("{cat}", cat) for word in argv]) == 0
    assert json.loads(capsys.readouterr().out)["valid"] is True


def test_a_global_option_after_the_command_is_not_lost_to_the_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "absent.json"
    assert main(["show", "wot", "--catalogue", str(missing)]) == 2
    assert "absent.json: does not exist" in capsys.readouterr().err
    assert main(["--catalogue", str(missing), "show", "wot"]) == 2


def test_json_errors_are_json_on_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "nosuchservicex", "--json"]) == 2
    captured = capsys.readouterr()
    document = json.loads(captured.out)
    assert document["error"]["type"] == "UnknownServiceError"
    assert "not in the IANA service registry" in document["error"]["message"]
    assert captured.err.count("\n") == 1


def test_quiet_prints_nothing_but_keeps_the_exit_status(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["check", "wot/udp", "td=/td", "scheme=https", "--quiet"]) == 1
    assert main(["-q", "check", "wot/udp", "td=/td"]) == 0
    assert capsys.readouterr().out == ""


def test_colour_follows_the_option_then_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Terminal:
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    for name in ("NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert color_wanted(terminal, "auto")  # type: ignore[arg-type]
    monkeypatch.setenv("NO_COLOR", "")  # empty: not set, per no-color.org
    assert color_wanted(terminal, "auto")  # type: ignore[arg-type]
    monkeypatch.setenv("NO_COLOR", "1")
    assert not color_wanted(terminal, "auto")  # type: ignore[arg-type]
    assert color_wanted(terminal, "always")  # type: ignore[arg-type]
    monkeypatch.delenv("NO_COLOR")
    assert not color_wanted(terminal, "never")  # type: ignore[arg-type]
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert color_wanted(sys.stdout, "auto")  # a pipe, but forced
    set_color_mode("always")
    try:
        assert Style(sys.stdout).enabled
    finally:
        set_color_mode("auto")


def test_color_option_in_a_real_process() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "txtkeys", "check", "wot", "td=/x", "--color", "always"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and "\033[32mvalid\033[0m" in done.stdout
