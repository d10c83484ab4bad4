"""The `explainer validate` command: summary line, diagnostics, exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "explainer.tools.cli", *args], cwd=cwd, capture_output=True, text=True)


def test_real_data_is_valid() -> None:
    result = run("validate", "data")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("\n") == 1
    assert "valid:" in result.stdout


def test_usage_error_exits_2() -> None:
    assert run("validate", "--no-such-flag").returncode == 2
    assert run("validate", "no/such/dir").returncode == 2


def test_invalid_data_exits_1_with_every_problem(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\nextra:\n  explainer:\n    licence: CC0-1.0\n")
    events = tmp_path / "data" / "events"
    events.mkdir(parents=True)
    (events / "a.yml").write_text("id: b\n")
    (events / "c.yml").write_text("id: c\nid: c\n")
    result = run("validate", "data", cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert "data/events/a.yml:1:5: id 'b' differs from the file name 'a'; rename the file to 'b.yml' or change the id" in lines
    assert "data/events/c.yml:2:1: duplicate key 'id' (first at line 1); each field may appear once" in lines
    assert lines[-1].endswith("in 2 files")


def test_outside_a_publication_says_how_to_start_one(tmp_path: Path) -> None:
    result = run("validate", cwd=tmp_path)
    assert result.returncode == 2
    assert "no mkdocs.yml in this folder or any folder above it" in result.stderr
    assert "explainer init DIR" in result.stderr


def test_invalid_settings_are_reported_at_their_line(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\nextra:\n  explainer:\n    licence: CC-BY-4\n    indexes: [timeline, topic]\n")
    (tmp_path / "data").mkdir()
    result = run("validate", cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith("mkdocs.yml:4:14: extra.explainer.licence: 'CC-BY-4' is not an SPDX licence id (did you mean 'CC-BY-4.0'?)")
    assert lines[1].startswith("mkdocs.yml:5:25: extra.explainer.indexes[1]: expected one of 'timeline', 'tags', 'places', 'contested',")
    assert lines[-1] == "2 errors in 1 file"


def test_missing_settings_say_what_to_add(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\n")
    result = run("validate", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith(
        "mkdocs.yml:1:1: the publication's settings are missing: add 'extra: explainer:' with at least 'licence:'"
    )
