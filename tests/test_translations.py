"""``explainer validate --translations LANG``: what an edition lacks, and translations older than their originals."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import yaml

from explainer.tools.cli import main
from sitebuild import MINIMAL, make_project

EVENT = "data/events/2024-04-26-harbour-closure.yml"


def _git(project: Path, *args: str, when: str = "2026-01-01T00:00:00Z") -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    env.update(GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org")
    subprocess.run(["git", *args], cwd=project, env=env, check=True, capture_output=True)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The minimal publication with a Korean edition, its event's title translated, in a git checkout."""
    project = make_project(MINIMAL, tmp_path)
    config_file = project / "mkdocs.yml"
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    config["extra"]["explainer"]["languages"] = {"en": {}, "ko": {}}
    config_file.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    event = project / EVENT
    data = yaml.safe_load(event.read_text(encoding="utf-8"))
    data["title"] = {"en": data["title"], "ko": "항구가 문을 닫다"}
    event.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "start")
    return project


def _report(project: Path, capsys: pytest.CaptureFixture[str], lang: str = "ko") -> tuple[int, list[str]]:
    cwd = Path.cwd()
    os.chdir(project)
    try:
        code = main(["validate", "--translations", lang])
    finally:
        os.chdir(cwd)
    return code, capsys.readouterr().out.splitlines()


def test_lists_texts_and_pages_without_a_translation(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = _report(project, capsys)
    assert code == 0
    assert "content/index.md: no ko translation (content/index.ko.md)" in lines
    assert not any(line.startswith(f"{EVENT}:") and ": title:" in line for line in lines)
    summaries = [line for line in lines if line.startswith(f"{EVENT}:") and ": summary: no ko version" in line]
    assert len(summaries) == 1 and summaries[0].split(":")[1].isdigit()  # file:line:col
    assert lines[-1].startswith("translations into ko: ") and lines[-1].endswith(", 0 older than their originals")


def test_a_translation_older_than_its_original_is_stale(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "content" / "index.ko.md").write_text("# 홈\n", encoding="utf-8")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "translate", when="2026-02-01T00:00:00Z")
    event = project / EVENT
    event.write_text(event.read_text(encoding="utf-8").replace("  en: ", "  en: Now ", 1), encoding="utf-8")
    index = project / "content" / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")
    _git(project, "commit", "-q", "-am", "change the originals", when="2026-03-01T00:00:00Z")
    code, lines = _report(project, capsys)
    assert code == 0
    assert any(line.startswith(f"{EVENT}:") and "title: the en version changed on 2026-03-01" in line for line in lines), lines
    assert "content/index.ko.md: content/index.md changed on 2026-03-01 00:00 UTC, after its translation (2026-02-01 00:00 UTC)" in lines
    assert lines[-1].endswith(", 2 older than their originals")


def test_an_edition_the_publication_does_not_have_is_an_error(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cwd = Path.cwd()
    os.chdir(project)
    try:
        assert main(["validate", "--translations", "fr"]) == 2
    finally:
        os.chdir(cwd)
    assert "'fr' is not one of the publication's other editions (ko)" in capsys.readouterr().err
