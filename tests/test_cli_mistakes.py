"""A user's slips get exit 2 and one line saying how to write it (issue 14, item 15)."""

from __future__ import annotations

import pytest

from txtkeys.cli import main


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["check"], "nothing to check"),
        (["check", "path=/", "http"], "SERVICE goes first"),
        (["check", "td=/x", "_wot._tcp"], "SERVICE goes first"),
        (["check", "wot", ""], "an empty word is not a TXT string"),
        (["build", "wot", "td=/x", "--format", "avahi"], "needs --port"),
        (["build", "wot", "td=/x", "--port", "80", "--format", "dns-sd"], "needs --name"),
    ],
)
def test_a_slip_is_exit_2_with_one_line(
    argv: list[str], says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1
    assert says in captured.err and "Traceback" not in captured.err


def test_a_bare_key_without_a_service_is_still_possible(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["check", "-", "path=/", "http"]) == 0
    assert main(["check", "passreq", "--json"]) == 0  # a first bare word is the service
    capsys.readouterr()


def test_r005_names_the_characters_not_their_bytes() -> None:
    import txtkeys

    (issue,) = txtkeys.validate(None, {"clé": "x"}).issues
    assert issue.code == "R005" and "'é'" in issue.message and "Ã" not in issue.message
