"""``check --format sarif`` writes SARIF 2.1.0 that code scanning takes.

The log is validated against the SARIF 2.1.0 JSON schema as the ``sarif-om`` package
ships it in its source distribution (``sarif-2.1.0-rtm.4.json``; no package on PyPI
ships the final OASIS schema file): the test fetches it with ``pip download`` and skips
that one check, saying why, when the package index cannot be reached. The fields the
2.1.0 specification requires, and what code scanning reads, are checked without it.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tarfile
from pathlib import Path
from typing import Any

import pytest

from test_ci_check import BAD, GOOD
from test_cli_record import catalogue_file, run  # noqa: F401  (module fixture)
from txtkeys.checks.rules import CHECKS

SCHEMA_PACKAGE = "sarif-om==1.0.4"
SCHEMA_MEMBER = "sarif-2.1.0-rtm.4.json"


@pytest.fixture(scope="module")
def sarif_schema(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    where = tmp_path_factory.mktemp("sarif-om")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
         "--disable-pip-version-check", "-q", "-d", str(where), SCHEMA_PACKAGE],
        capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    archives = list(where.glob("sarif_om-*.tar.gz")) + list(where.glob("sarif-om-*.tar.gz"))
    if done.returncode != 0 or not archives:
        pytest.skip(
            f"cannot pip download {SCHEMA_PACKAGE} for the SARIF schema: "
            f"{(done.stderr or done.stdout).strip()[-300:]}"
        )
    with tarfile.open(archives[0]) as archive:
        member = next(m for m in archive.getmembers() if m.name.endswith("/" + SCHEMA_MEMBER))
        handle = archive.extractfile(member)
        assert handle is not None
        schema: dict[str, Any] = json.load(handle)
    return schema


@pytest.fixture
def sarif_log(
    catalogue_file: Path,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> dict[str, Any]:
    (tmp_path / "avahi").mkdir()
    (tmp_path / "avahi" / "good.service").write_text(GOOD, encoding="utf-8")
    (tmp_path / "avahi" / "bad.service").write_text(BAD, encoding="utf-8")
    (tmp_path / "lamp.bin").write_bytes(b"\x06td=/td\x04=abc")  # R004, no line to give
    (tmp_path / "broken.service").write_text("<service-group>", encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # code scanning runs the check at the repository root
    argv = ["check", "wot/udp", "--wire", "lamp.bin", "--avahi", "avahi", "broken.service"]
    assert run(catalogue_file, *argv, "--format", "sarif") == 2  # broken.service
    log: dict[str, Any] = json.loads(capsys.readouterr().out)
    return log


def test_sarif_validates_against_the_2_1_0_schema(
    sarif_log: dict[str, Any], sarif_schema: dict[str, Any]
) -> None:
    import jsonschema

    validator_class = jsonschema.validators.validator_for(sarif_schema)
    validator_class.check_schema(sarif_schema)
    errors = sorted(validator_class(sarif_schema).iter_errors(sarif_log), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def test_sarif_required_fields_and_results(sarif_log: dict[str, Any]) -> None:
    assert sarif_log["version"] == "2.1.0"
    assert sarif_log["$schema"].endswith("sarif-schema-2.1.0.json")
    (run_,) = sarif_log["runs"]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "txtkeys"
    rules = driver["rules"]
    assert [r["id"] for r in rules] == list(CHECKS)
    for rule in rules:
        assert "docs/checks.md" in rule["help"]["text"]
        assert rule["defaultConfiguration"]["level"] in {"error", "warning", "note"}
    results = run_["results"]
    by_file = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: r for r in results}
    bad = by_file["avahi/bad.service"]
    assert bad["ruleId"] == "S104" and bad["level"] == "error"
    assert rules[bad["ruleIndex"]]["id"] == "S104"
    assert "https" in bad["message"]["text"]
    # The line of <txt-record>scheme=https</txt-record> in the file.
    line = BAD.splitlines().index("    <txt-record>scheme=https</txt-record>") + 1
    assert bad["locations"][0]["physicalLocation"]["region"] == {"startLine": line}
    assert bad["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
    wire = [r for r in results if "lamp.bin" in json.dumps(r["locations"])]
    assert "R004" in {r["ruleId"] for r in wire}
    assert all("region" not in r["locations"][0]["physicalLocation"] for r in wire)
    assert not any("good.service" in json.dumps(r) for r in results)
    assert set(run_["originalUriBaseIds"]) == {"%SRCROOT%"}
    (invocation,) = run_["invocations"]
    assert invocation["executionSuccessful"] is False  # broken.service could not be read
    (notice,) = invocation["toolExecutionNotifications"]
    assert "broken.service" in notice["message"]["text"] and notice["level"] == "error"


def test_sarif_levels_follow_severity(
    catalogue_file: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    # R006 (warning: a long key) and S101 (info: a key the schema does not name).
    assert run(catalogue_file, "check", "wot/udp", "td=/td", "averylongkey=1", "--format",
               "sarif") == 0  # fmt: skip
    log = json.loads(capsys.readouterr().out)
    levels = {r["ruleId"]: r["level"] for r in log["runs"][0]["results"]}
    assert levels["R006"] == "warning"
    assert levels.get("S101", "note") == "note"
    # Words are no file: results carry no location.
    assert all("locations" not in r for r in log["runs"][0]["results"])


def test_sarif_with_a_clean_tree_has_no_results(
    catalogue_file: Path,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "good.service"
    path.write_text(GOOD, encoding="utf-8")
    assert run(catalogue_file, "check", "--avahi", str(path), "--format", "sarif") == 0
    log = json.loads(capsys.readouterr().out)
    assert log["runs"][0]["results"] == []
    assert log["runs"][0]["invocations"][0]["executionSuccessful"] is True
