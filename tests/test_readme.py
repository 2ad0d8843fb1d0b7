"""The README's command examples run as written, with the exit status they state."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"


def _commands() -> list[tuple[str, int]]:
    """``txtkeys ...`` lines in sh blocks that end in ``# exit N``."""
    found = []
    for block in re.findall(r"```sh\n(.*?)```", README.read_text(encoding="utf-8"), re.S):
        for line in block.splitlines():
            match = re.match(r"^(txtkeys .*?)\s+#\s*exit (\d)\b", line)
            if match:
                found.append((match.group(1), int(match.group(2))))
    return found


COMMANDS = _commands()


def test_readme_has_checked_examples() -> None:
    assert len(COMMANDS) >= 8


@pytest.mark.parametrize(("command", "status"), COMMANDS, ids=[c for c, _ in COMMANDS])
def test_readme_command(command: str, status: int) -> None:
    argv = shlex.split(command)
    result = subprocess.run(
        [sys.executable, "-m", "txtkeys", *argv[1:]],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == status, result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_readme_python_examples_run() -> None:
    blocks = re.findall(r"```python\n(import txtkeys\n.*?)```", README.read_text("utf-8"), re.S)
    assert len(blocks) >= 2
    reports = []
    for block in blocks:
        namespace: dict[str, object] = {}
        exec(compile(block, "README.md", "exec"), namespace)
        if "report" in namespace:
            reports.append(namespace["report"])
    assert reports and all(report.ok is False for report in reports)  # type: ignore[attr-defined]
