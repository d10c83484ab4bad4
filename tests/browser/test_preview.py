"""The preview in a browser: a contributor saves a file under `mkdocs serve`, and the page open in
the browser reloads with the problem listed above it, or with the edit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from serving import STARTUP_SECONDS, Server, serve
from sitebuild import MINIMAL, make_project

EVENT = "data/events/2022-coastal-survey.yml"
PAGE = "events/2022-coastal-survey/"
OTHER = "data/events/2024-04-26-harbour-closure.yml"
OTHER_PAGE = "events/2024-04-26-harbour-closure/"
WAIT_MS = STARTUP_SECONDS * 1000


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Server]:
    with serve(make_project(MINIMAL, tmp_path, watch=["data"]), dirty=True) as server:
        yield server


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 375, "height": 800})
    try:
        yield context.new_page()
    finally:
        context.close()


def save(server: Server, path: str, old: str, new: str) -> None:
    file = server.project / path
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{path} has no {old!r}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_invalid_save_shows_its_problem_on_the_open_page_until_it_is_fixed(served: Server, page: Page) -> None:
    page.goto(served.base + PAGE)
    problems = page.locator("section.x-problems")
    expect(problems).to_have_count(0)

    save(served, EVENT, "date: 2022", "date: 2022-02-30")
    expect(problems).to_be_visible(timeout=WAIT_MS)
    expect(problems.get_by_role("heading")).to_have_text("Problems to fix: 1")
    item = problems.locator("li").filter(has_text="February 2022 has 28 days")
    expect(item).to_contain_text(f"{EVENT}:3:7")
    # It leads to the record's page, which shows the last valid version meanwhile.
    expect(item.get_by_role("link", name=f"{EVENT}:3:7")).to_have_attribute("href", served.base + PAGE)
    expect(page.locator("h1")).to_contain_text("The ministry surveys the coastal fishing grounds")
    # Above the page, not over it: the page's own title is still in view on a phone's screen.
    assert (problems.bounding_box() or {"y": 1})["y"] == 0

    save(served, EVENT, "date: 2022-02-30", "date: 2022")
    expect(problems).to_have_count(0, timeout=WAIT_MS)


def test_a_valid_save_beside_an_invalid_file_shows_on_the_open_page(served: Server, page: Page) -> None:
    save(served, EVENT, "source: harbour-rights-watch-2023-10-12-nets-and-notices", "source: harbour-rights-watch")
    page.goto(served.base + OTHER_PAGE)
    expect(page.locator("section.x-problems")).to_contain_text("unknown source 'harbour-rights-watch'", timeout=WAIT_MS)

    save(served, OTHER, "title: ", "title: Saved beside a broken file, ")
    expect(page.locator("h1")).to_contain_text("Saved beside a broken file", timeout=WAIT_MS)
    expect(page.locator("section.x-problems")).to_contain_text(f"{EVENT}:")
