"""pre-commit runs this repository's hooks (``.pre-commit-hooks.yaml``) on files.

``pre-commit try-repo`` against a copy of the project committed to a temporary git
repository, run in another temporary repository holding a good and a bad Avahi
``.service`` file and a good and a bad ``*.txt.json`` record file. pre-commit installs
the hook's environment itself (a venv with txtkeys and its dependencies from the package
index), as a user's machine would. Skips, saying why, when pre-commit or git is missing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from test_ci_check import BAD, GOOD
from test_wheel import PROJECT, _copy_project

GIT = shutil.which("git")


def _pre_commit() -> list[str]:
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        pytest.skip("pre-commit is not installed (pip install '.[test]' brings it)")
    if GIT is None:
        pytest.skip("git is not installed; pre-commit needs it")
    return [sys.executable, "-m", "pre_commit"]


def _git(where: Path, *argv: str) -> None:
    assert GIT is not None
    subprocess.run(
        [GIT, "-c", "user.name=txtkeys-test", "-c", "user.email=test@invalid",
         "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *argv],
        cwd=where, check=True, capture_output=True, timeout=60,
    )  # fmt: skip


def test_hook_definitions() -> None:
    yaml = pytest.importorskip("yaml", reason="PyYAML comes with pre-commit ('.[test]')")
    hooks = {h["id"]: h for h in yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"txtkeys-avahi", "txtkeys-txt"}
    assert hooks["txtkeys-avahi"]["entry"] == "txtkeys check --avahi"
    assert hooks["txtkeys-avahi"]["files"] == r"\.service$"
    assert hooks["txtkeys-txt"]["entry"] == "txtkeys check --json-file"
    assert hooks["txtkeys-txt"]["files"] == r"\.txt\.json$"
    assert all(h["language"] == "python" for h in hooks.values())


def test_pre_commit_runs_the_hooks_on_files(tmp_path: Path) -> None:
    command = _pre_commit()
    hooks_repo = tmp_path / "txtkeys"
    _copy_project(hooks_repo)
    shutil.copy2(PROJECT / ".pre-commit-hooks.yaml", hooks_repo / ".pre-commit-hooks.yaml")
    _git(hooks_repo, "init", "-q")
    _git(hooks_repo, "add", "-A")
    _git(hooks_repo, "commit", "-q", "-m", "txtkeys under test")

    work = tmp_path / "device"
    work.mkdir()
    (work / "good.service").write_text(GOOD, encoding="utf-8")
    (work / "bad.service").write_text(BAD, encoding="utf-8")
    good_txt = {"service": "_wot._udp", "txt": [{"key": "td", "value": "/td"}]}
    bad_txt = {"service": "_wot._udp", "txt": {"td": "/td", "scheme": "gopher"}}
    (work / "good.txt.json").write_text(json.dumps(good_txt), encoding="utf-8")
    (work / "bad.txt.json").write_text(json.dumps(bad_txt), encoding="utf-8")
    (work / "README.txt").write_text("no hook looks at this", encoding="utf-8")
    _git(work, "init", "-q")
    _git(work, "add", "-A")
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "PRE_COMMIT_COLOR": "never",
    }

    def try_repo(*files: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*command, "try-repo", str(hooks_repo), "--files", *files],
            cwd=work, env=env, capture_output=True, text=True, timeout=900, check=False,
        )  # fmt: skip

    done = try_repo("good.service", "bad.service", "good.txt.json", "bad.txt.json", "README.txt")
    log = done.stdout + done.stderr
    assert done.returncode == 1, log
    assert "An unexpected error" not in log, log
    # Each hook ran on its own files and failed on the bad one.
    assert "== bad.service" in log and "== good.service" in log, log
    assert "== bad.txt.json" in log and "== good.txt.json" in log, log
    assert "S104" in log and "README.txt" not in log.split("===\n")[-1], log
    # The good files alone pass (the hook environment is reused).
    done = try_repo("good.service", "good.txt.json")
    assert done.returncode == 0, done.stdout + done.stderr
