"""The timeline's filter: used with the keyboard alone, kept in the address, restored from it, and
announced; without a script, every event stays listed and the static views are linked.

The tag and year come from the data at test time: the tag with the most events, and the year
in which most of them fall."""

from __future__ import annotations

from collections import Counter

import pytest
from playwright.sync_api import Page, expect

from explainer import Site
from explainer.model.records import Event

from .conftest import Opener


def _tag_and_year(graph: Site) -> tuple[str, str, int, int]:
    """The tag with the most events, the year with the most of them, and both counts."""
    events = [e for e in graph.timeline if isinstance(e, Event)]
    tags = Counter(t for e in events for t in e.tags)
    assert tags, "no event in data/ has a tag"
    tag = min(tags, key=lambda t: (-tags[t], t))
    years = Counter(e.when.year for e in events if tag in e.tags)
    year = min(years, key=lambda y: (-years[y], y))
    return tag, str(year), tags[tag], years[year]


def _shown(page: Page) -> int:
    return page.locator(".x-axis .x-event:visible").count()  # type: ignore[no-any-return]


def _choose_by_keyboard(page: Page, select: str, value: str) -> None:
    """Move through a focused <select>'s options with the arrow keys until ``value`` is chosen."""
    field = page.locator(select)
    expect(field).to_be_focused()
    options = field.locator("option").evaluate_all("options => options.map(o => o.value)")
    assert value in options, (select, value)
    for _ in range(options.index(value) - options.index(field.input_value())):
        page.keyboard.press("ArrowDown")
    expect(field).to_have_value(value)


def test_the_filter_works_with_the_keyboard_and_keeps_its_choices_in_the_address(opener: Opener, graph: Site) -> None:
    tag, year, tagged, in_year = _tag_and_year(graph)
    visit = opener.open("timeline/")
    page = visit.page
    status = page.locator(".x-filter-status")
    expect(page.locator("#filters")).to_be_visible()
    expect(status).to_have_attribute("role", "status")
    expect(status).to_have_text(f"{len(graph.timeline)} events shown")
    # From the last link before the form, Tab reaches the tag field; each field has its label.
    page.locator(".x-browse a").last.focus()
    page.keyboard.press("Tab")
    _choose_by_keyboard(page, "#filter-tag", tag)
    expect(status).to_have_text(f"{tagged} event{'s' if tagged != 1 else ''} shown")
    assert _shown(page) == tagged
    assert page.evaluate("location.search") == f"?tag={tag}"
    for field in ("tag", "organisation", "person", "place", "year"):
        expect(page.get_by_label(page.locator(f'label[for="filter-{field}"]').inner_text(), exact=True)).to_have_attribute("name", field)
    # Tab on through the organisation, person and place fields to the year.
    for _ in range(4):
        page.keyboard.press("Tab")
    _choose_by_keyboard(page, "#filter-year", year)
    expect(status).to_have_text(f"{in_year} event{'s' if in_year != 1 else ''} shown")
    assert _shown(page) == in_year
    assert page.evaluate("location.search") == f"?tag={tag}&year={year}"
    # Years with no event shown leave the bar of years and the list.
    assert page.locator(".x-years li:visible").all_inner_texts() == [page.locator(f"#y{year}").inner_text()]
    # A reload restores the choices.
    page.reload()
    expect(page.locator("#filter-tag")).to_have_value(tag)
    expect(page.locator("#filter-year")).to_have_value(year)
    expect(status).to_have_text(f"{in_year} event{'s' if in_year != 1 else ''} shown")
    assert _shown(page) == in_year
    # The button shows every event again, from the keyboard too.
    page.locator(".x-filter-actions button").focus()
    page.keyboard.press("Enter")
    expect(status).to_have_text(f"{len(graph.timeline)} events shown")
    assert _shown(page) == len(graph.timeline)
    assert page.evaluate("location.search") == ""
    assert visit.problems() == []


def test_a_shared_address_opens_the_filtered_timeline_in_either_edition(opener: Opener, graph: Site) -> None:
    tag, year, _, in_year = _tag_and_year(graph)
    page = opener.open(f"ko/timeline/?tag={tag}&year={year}").page
    expect(page.locator("#filter-tag")).to_have_value(tag)
    expect(page.locator("#filter-year")).to_have_value(year)
    expect(page.locator(".x-filter-status")).to_have_text(f"사건 {in_year}건 표시")
    assert _shown(page) == in_year
    # A value that no choice has is left out, not matched against nothing.
    page = opener.open("timeline/?tag=no-such-tag").page
    expect(page.locator("#filter-tag")).to_have_value("")
    assert _shown(page) == len(graph.timeline)


@pytest.mark.parametrize("width", [375, 1280])
def test_without_a_script_every_event_is_listed_and_the_views_are_links(browser: object, origin: str, graph: Site, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800}, java_script_enabled=False)  # type: ignore[attr-defined]
    try:
        page = context.new_page()
        page.goto(f"{origin}/timeline/?tag=anything")
        expect(page.locator("#filters")).to_be_hidden()
        assert _shown(page) == len(graph.timeline)
        links = page.locator(".x-browse a")
        assert links.count() == 2
        for link in links.all():
            expect(link).to_be_visible()
        # The time axis and the bar of years fit the width.
        axis = page.locator(".x-axis").bounding_box()
        assert axis is not None and axis["x"] + axis["width"] <= width
        bar = page.locator(".x-years").bounding_box()
        assert bar is not None and bar["x"] + bar["width"] <= width
    finally:
        context.close()
