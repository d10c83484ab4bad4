"""Every kind of page loads cleanly, asks nothing of other hosts, fits a phone, and has a dark scheme."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .conftest import PAGE_TYPES, Opener, path_of


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_page_loads_without_errors_and_only_from_its_own_origin(kind: str, pages: dict[str, str], opener: Opener) -> None:
    visit = opener.open(pages[kind])
    page = visit.page
    expect(page.locator("h1").first).to_be_visible()
    # Material asks for its search index (empty: the site's worker has its own) once its script has
    # run, which on a busy machine can be after the network has been idle: wait for that request's
    # answer, so that it and what came before it are among the requests checked.
    page.wait_for_function("() => performance.getEntriesByType('resource').some(e => e.name.endsWith('/search/search_index.json'))")
    assert visit.problems() == [], f"{pages[kind] or 'home'}: " + "; ".join(visit.problems())


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_page_does_not_scroll_sideways_at_375px(kind: str, pages: dict[str, str], opener: Opener) -> None:
    page = opener.open(pages[kind], width=375, height=740).page
    widths = page.evaluate("({scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth})")
    assert widths["scroll"] <= widths["client"], (
        f"{pages[kind] or 'home'} is {widths['scroll']} px wide in a {widths['client']} px viewport: {_widest(page)}"
    )


def _widest(page: Page) -> str:
    """The deepest elements that stick out of the viewport, to say what to fix."""
    return page.evaluate(  # type: ignore[no-any-return]
        """() => {
          const limit = document.documentElement.clientWidth;
          const out = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > limit + 0.5
            && ![...e.children].some(c => c.getBoundingClientRect().right > limit + 0.5));
          return out.slice(0, 5).map(e => `<${e.tagName.toLowerCase()} class="${e.className}"> ${e.textContent.trim().slice(0, 60)}`).join(' | ');
        }"""
    )


def test_palette_toggle_switches_to_the_dark_scheme(pages: dict[str, str], opener: Opener) -> None:
    page = opener.open(pages["event"]).page
    body = page.locator("body")
    assert body.get_attribute("data-md-color-scheme") == "default"
    page.get_by_title("Switch to dark mode").click()
    assert body.get_attribute("data-md-color-scheme") == "slate"
    # The choice holds on the next page too.
    page.goto(opener.origin + "/timeline/")
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"


def test_the_origin_check_catches_a_request_elsewhere(pages: dict[str, str], opener: Opener) -> None:
    visit = opener.open(pages["event"])
    visit.page.evaluate("async () => { try { await fetch('https://tracker.example/pixel.gif', {mode: 'no-cors'}); } catch (e) {} }")
    assert visit.foreign_requests == ["https://tracker.example/pixel.gif"]


@pytest.mark.parametrize("kind", ["event", "index-timeline", "home"])
def test_the_language_switcher_leads_to_the_same_page_in_the_other_edition(kind: str, pages: dict[str, str], opener: Opener) -> None:
    """From a page, the switcher's Korean entry lands on its Korean twin, and its English entry there leads back."""
    start = pages[kind]
    for here, lang, there in ((start, "ko", f"ko/{start}"), (f"ko/{start}", "en", start)):
        page = opener.open(here).page
        page.locator(".md-header__option .md-select").first.hover()
        link = page.locator(f'.md-select__link[hreflang="{lang}"]')
        with page.expect_navigation():
            link.click()
        assert path_of(page.url, opener.origin) == there
        assert page.locator("html").get_attribute("lang") == lang
