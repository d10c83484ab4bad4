"""`mkdocs serve`: an edit shows; a problem shows on every page until it is fixed, while every
valid edit still shows; the server starts on invalid data."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from serving import Server, serve
from sitebuild import MINIMAL, make_project

pytestmark = pytest.mark.build

EVENT = "data/events/2022-coastal-survey.yml"
PAGE = "events/2022-coastal-survey/"
OTHER = "data/events/2024-04-26-harbour-closure.yml"
OTHER_PAGE = "events/2024-04-26-harbour-closure/"
BANNER = 'class="x-problems"'


def edit(project: Path, path: str, old: str, new: str) -> str:
    """Replace the first ``old`` in a project file by ``new``; returns the file's text before."""
    file = project / path
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{path} has no {old!r}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text


def banner(page: str) -> str:
    """The problems section of a served page ("" when it has none)."""
    start = page.find("<section " + BANNER)
    return page[start : page.index("</section>", start)] if start >= 0 else ""


@pytest.fixture(params=[False, True], ids=["full", "dirty"])
def served(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Server]:
    """The preview as `mkdocs serve` runs it, rebuilding everything, and with --dirty (make serve),
    rebuilding what changed."""
    with serve(make_project(MINIMAL, tmp_path, watch=["data"]), dirty=request.param) as server:
        yield server


def test_a_problem_shows_on_every_page_until_it_is_fixed(served: Server) -> None:
    original = edit(served.project, EVENT, "title: ", "title: Renamed survey, ")
    served.wait_for(PAGE, lambda page: "Renamed survey" in page, "the edit did not show")

    (served.project / EVENT).write_text(original.replace("date: ", "date: 2023-02-30\nsummary_typo: x\nold_date: ", 1), encoding="utf-8")
    page = served.wait_for(PAGE, lambda page: BANNER in page, "the problems did not show on the record's page")
    listed = banner(page)
    assert f"<code>{EVENT}:3:7</code>" in listed and "February 2023 has 28 days" in listed, listed
    assert f"<code>{EVENT}:4:1</code>" in listed and "summary_typo" in listed, listed
    assert f'<a href="{served.base}{PAGE}"><code>{EVENT}:3:7</code></a>' in listed, "the problem does not link to the record's page"
    assert "Problems to fix: 3" in listed, listed
    assert "Renamed survey" in page, "the record's last valid version is gone"
    home = served.fetch("") or ""
    assert f"<code>{EVENT}:3:7</code>" in banner(home), "the home page does not list the problem"
    assert banner(home) == listed, "the home page's list is not the record page's"
    korean = served.fetch("ko/") or served.fetch(OTHER_PAGE) or ""
    assert BANNER in korean

    (served.project / EVENT).write_text(original.replace("title: ", "title: Fixed again, ", 1), encoding="utf-8")
    page = served.wait_for(PAGE, lambda page: "Fixed again" in page, "the server did not show the fix")
    assert BANNER not in page and BANNER not in (served.fetch("") or ""), "the problems stayed after the fix"


def test_a_valid_edit_beside_an_invalid_file_shows(served: Server) -> None:
    edit(served.project, EVENT, "source: harbour-rights-watch-2023-10-12-nets-and-notices", "source: harbour-rights-watch-2023-10-12")
    served.wait_for("", lambda page: "unknown source" in banner(page), "the unknown source was not listed")
    edit(served.project, OTHER, "title: ", "title: Edited beside the broken file, ")
    page = served.wait_for(OTHER_PAGE, lambda page: "Edited beside the broken file" in page, "the valid edit did not show")
    listed = banner(page)
    assert f"{EVENT}:" in listed and "unknown source &#39;harbour-rights-watch-2023-10-12&#39;" in listed, listed
    assert f'Shown as last valid: <a href="{served.base}{PAGE}"><code>{EVENT}</code></a>' in listed, listed
    assert "harbour-rights-watch-2023-10-12-nets-and-notices" in (served.fetch(PAGE) or ""), "the broken file's last valid version is gone"


def test_serve_starts_on_invalid_data(tmp_path: Path) -> None:
    project = make_project(MINIMAL, tmp_path, watch=["data"])
    edit(project, EVENT, "date: 2022", "date: 2022-13")
    with serve(project) as server:
        home = server.fetch("") or ""
        listed = banner(home)
        assert f"<code>{EVENT}:3:7</code>" in listed, listed
        # Never valid in this preview, and not in a git checkout: there is no version to show.
        assert f"Left out until fixed: <code>{EVENT}</code>" in listed, listed
        assert server.fetch(PAGE) is None, "a page for the left-out record"
        # The event that lists it as related is shown without that item; the rest as they are.
        assert (
            f'Shown without their references to what is left out: <a href="{server.base}events/2023-08-seasonal-fishing-ban/">' in listed
        ), listed
        related = server.fetch("events/2023-08-seasonal-fishing-ban/") or ""
        related = related.replace(banner(related), "")
        assert "2023-08-seasonal-fishing-ban" in related and "2022-coastal-survey" not in related
        assert "harbour" in (server.fetch(OTHER_PAGE) or "").lower(), "the valid records are not shown"


def test_a_file_that_was_never_valid_here_shows_as_last_committed(tmp_path: Path) -> None:
    project = make_project(MINIMAL, tmp_path, watch=["data"])
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=project, check=True)
    subprocess.run([*git, "add", "-A"], cwd=project, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "records"], cwd=project, check=True)
    edit(project, EVENT, "title: ", "title: Uncommitted, ")
    edit(project, EVENT, "date: 2022", "date: 2022-13")
    with serve(project) as server:
        listed = banner(server.fetch("") or "")
        assert f'Shown as last valid: <a href="{server.base}{PAGE}"><code>{EVENT}</code></a>' in listed, listed
        page = server.fetch(PAGE) or ""
        assert "The ministry surveys the coastal fishing grounds" in page and "Uncommitted" not in page


def test_contributors_words_in_a_problem_are_escaped(served: Server) -> None:
    edit(served.project, EVENT, "role: carried out the survey", "role: carried out the survey\n    <script>alert(1)</script>: x")
    page = served.wait_for(PAGE, lambda page: BANNER in page, "the problem did not show")
    listed = banner(page)
    assert "&lt;script&gt;" in listed and "<script>alert" not in page, listed


def test_invalid_settings_keep_the_last_preview_with_the_problem(served: Server) -> None:
    edit(served.project, "mkdocs.yml", "licence: ", "licence: NOT-A-LICENCE\n    old_licence: ")
    page = served.wait_for(PAGE, lambda page: "mkdocs.yml:" in banner(page), "the settings' problem did not show")
    assert "The ministry surveys the coastal fishing grounds" in page
