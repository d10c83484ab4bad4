"""When a record last changed: read from git in one pass, shown on its page, cited as its version.

The tests make a git repository of their own with commits at fixed dates (``GIT_COMMITTER_DATE``),
so the dates they assert do not depend on this checkout's history.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from explainer.load.history import History, history_url, read_history
from sitebuild import HARBOUR, MINIMAL, build_project, make_project

EPOCH = "1714089600"  # 2024-04-26T00:00:00Z: the build date where git cannot date a file
FIRST = "2024-03-01T09:30:00+00:00"
SECOND = "2024-03-15T23:45:00+09:00"  # 14:45 UTC on the 15th
CHANGED = "data/events/2024-04-26-harbour-closure.yml"
UNCHANGED = "data/people/ana-marin.yml"


def git(repo: Path, *args: str, when: str = FIRST) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
    }
    done = subprocess.run(["git", "-c", "init.defaultBranch=main", *args], cwd=repo, env=env, capture_output=True, text=True, check=True)
    return done.stdout


def two_commits(project: Path) -> None:
    """Commit the whole project at FIRST, then a change to one event at SECOND."""
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "first", when=FIRST)
    event = project / CHANGED
    event.write_text(event.read_text(encoding="utf-8") + "# a second look\n", encoding="utf-8")
    git(project, "commit", "-q", "-am", "second", when=SECOND)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    if shutil.which("git") is None:  # pragma: no cover - git comes with every checkout of this project
        pytest.fail("git is needed to test the record dates")
    return make_project(MINIMAL, tmp_path, repo_url="https://github.com/example/harbour", edit_uri="edit/trunk/content/")


# -- reading the history -------------------------------------------------------------------------


def test_one_pass_dates_every_committed_file_by_its_last_commit(project: Path) -> None:
    two_commits(project)
    history = read_history(project)
    assert history.checkout
    assert history.last_change(CHANGED) == datetime(2024, 3, 15, 14, 45, tzinfo=UTC)
    assert history.last_change(UNCHANGED) == datetime(2024, 3, 1, 9, 30, tzinfo=UTC)
    committed = git(project, "ls-files", "data").split()
    assert sorted(history.changed) == sorted(committed)
    for path in committed:  # the same answer as one `git log -1` per file
        stamp = git(project, "log", "-1", "--format=%ct", "--", path).strip()
        assert history.last_change(path) == datetime.fromtimestamp(int(stamp), tz=UTC), path


def test_files_with_changes_not_committed_have_no_date(project: Path) -> None:
    two_commits(project)
    (project / UNCHANGED).write_text((project / UNCHANGED).read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    new = project / "data" / "people" / "new-person.yml"
    new.write_text("id: new-person\n", encoding="utf-8")
    history = read_history(project)
    assert history.last_change(UNCHANGED) is None
    assert history.last_change("data/people/new-person.yml") is None
    assert history.last_change(CHANGED) is not None


def test_a_project_in_a_subfolder_of_the_checkout_gets_paths_from_its_own_root(tmp_path: Path) -> None:
    project = make_project(MINIMAL, tmp_path / "repo" / "site")
    git(tmp_path / "repo", "init", "-q")
    git(tmp_path / "repo", "add", "-A")
    git(tmp_path / "repo", "commit", "-q", "-m", "first", when=FIRST)
    assert read_history(project).last_change(UNCHANGED) == datetime(2024, 3, 1, 9, 30, tzinfo=UTC)


def test_outside_a_checkout_nothing_is_dated(tmp_path: Path) -> None:
    project = make_project(MINIMAL, tmp_path)
    assert read_history(project) == History()


def test_the_history_link_follows_the_edit_links() -> None:
    path = "data/events/x.yml"
    assert history_url("https://github.com/o/r", "edit/main/content/", path) == "https://github.com/o/r/commits/main/data/events/x.yml"
    assert history_url("https://github.com/o/r/", "blob/trunk/docs/", path) == "https://github.com/o/r/commits/trunk/data/events/x.yml"
    assert history_url("https://gitlab.com/o/r", "-/edit/dev/docs/", path) == "https://gitlab.com/o/r/-/commits/dev/data/events/x.yml"
    assert history_url("https://gitlab.com/o/r", None, path) == "https://gitlab.com/o/r/-/commits/main/data/events/x.yml"
    assert history_url("https://git.example.org/o/r", None, path) is None  # a host whose links we cannot guess
    assert history_url(None, "edit/main/content/", path) is None
    assert history_url("javascript:alert(1)", "edit/main/", path) is None


# -- the built pages -------------------------------------------------------------------------------


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def changed_line(html: str) -> str:
    found = re.search(r'<p class="x-changed">(.*?)</p>', html, re.S)
    assert found, "no last-changed line"
    return found[1]


@pytest.mark.build
def test_record_pages_show_their_last_commit_and_cite_it_as_the_version(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    two_commits(project)
    site = build_project(project)
    event = page(site, "events/2024-04-26-harbour-closure")
    line = changed_line(event)
    assert '<time datetime="2024-03-15T14:45:00Z">March 15, 2024</time>' in line
    assert (
        '<a href="https://github.com/example/harbour/commits/trunk/data/events/2024-04-26-harbour-closure.yml">History of changes</a>'
        in line
    )
    cite = re.search(r'<p class="x-cite-text">(.*?)</p>', event, re.S)
    assert cite and "(version of March 15, 2024)" in cite[1]
    assert "year = {2024},\n  month = mar," in event and "urldate = {2024-04-26}," in event  # read on the build date
    csl = html.unescape(event)
    assert '"issued": {"date-parts": [[2024, 3, 15]]}' in csl and '"accessed": {"date-parts": [[2024, 4, 26]]}' in csl
    person = changed_line(page(site, "people/ana-marin"))
    assert '<time datetime="2024-03-01T09:30:00Z">March 1, 2024</time>' in person
    printed = re.search(r'<p class="x-printed">(.*?)</p>', event, re.S)
    assert printed and "https://harbour.example.org/events/2024-04-26-harbour-closure/" in printed[1]
    assert "2024-03-15T14:45:00Z" in printed[1]


@pytest.mark.build
def test_outside_a_checkout_pages_carry_the_build_date(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    project = make_project(MINIMAL, tmp_path)  # no repo_url: no history link either
    site = build_project(project)
    event = page(site, "events/2024-04-26-harbour-closure")
    line = changed_line(event)
    assert line == 'Last changed on <time datetime="2024-04-26">April 26, 2024</time>.'
    assert "(version of April 26, 2024)" in event
    explainer = page(site, "")
    assert 'Version of <time datetime="2024-04-26">April 26, 2024</time>' in explainer
    assert 'class="x-changed"' not in explainer


@pytest.mark.build
def test_an_edit_not_committed_yet_shows_the_build_date(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    two_commits(project)
    event = project / CHANGED
    event.write_text(event.read_text(encoding="utf-8") + "# a third look\n", encoding="utf-8")
    site = build_project(project)
    assert '<time datetime="2024-04-26">April 26, 2024</time>' in changed_line(page(site, "events/2024-04-26-harbour-closure"))
    assert '<time datetime="2024-03-01T09:30:00Z">' in changed_line(page(site, "people/ana-marin"))


@pytest.mark.build
def test_the_korean_edition_writes_the_date_in_korean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    project = make_project(HARBOUR, tmp_path, repo_url="https://github.com/example/harbour", edit_uri="edit/main/content/")
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "first", when=SECOND)
    site = build_project(project)
    event = next(p.parent.name for p in (site / "ko" / "events").glob("*/index.html"))
    line = changed_line(page(site, f"ko/events/{event}"))
    assert line.startswith('최종 수정: <time datetime="2024-03-15T14:45:00Z">2024년 3월 15일</time>.')
    assert f'<a href="https://github.com/example/harbour/commits/main/data/events/{event}.yml">수정 이력</a>' in line
